/**
 * The command line: subcommands, their options (parsed with node:util's
 * parseArgs, strict) and their `--help` texts.
 * @module
 */
import { parseArgs } from "node:util";

type Opt = { type: "string" | "boolean"; short?: string; multiple?: boolean };

/** Options shared by the commands that read a predictions file. */
const FILE_OPTIONS: Record<string, Opt> = {
  task: { type: "string" },
  "y-true": { type: "string" },
  "y-pred": { type: "string" },
  "y-prob": { type: "string" },
  score: { type: "string" },
  prediction: { type: "string" },
  weight: { type: "string" },
  "pos-label": { type: "string" },
  average: { type: "string" },
  preset: { type: "string" },
  prefix: { type: "string" },
  "auc-bins": { type: "string" },
  train: { type: "string" },
  "input-format": { type: "string" },
  delimiter: { type: "string" },
  threads: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
};

const FILE_HELP = `Columns (guessed from names and values when not given; the choice is printed on stderr):
  --task T            regression | classification | anomaly
  --y-true COL        true values / labels            --y-pred COL     predictions / predicted labels
  --y-prob COL[,COL]  P(positive class), or one column per class (multiclass, in class order)
  --prediction COL    anomaly detection: sklearn outlier labels (-1 anomaly, 1 normal)
  --score COL         anomaly detection: decision_function scores
  --weight COL        per-row sample weights
  --pos-label L       the positive class (as classificationMetrics' posLabel)
  --average A         multiclass average: micro | macro | weighted (default)
Dict:
  --preset P          compact (default) | mlflow (mlflow.evaluate's keys)
  --prefix P          prepended to every key
  --auc-bins N        ROC AUC from N bins per class over [0, 1] (constant memory; default: exact)
  --train FILE        a training-side file: train_r2 / positive_class_ratio / training_samples
Input:
  --input-format F    csv | tsv | jsonl | parquet | arrow (default: from the extension; needed for stdin)
  --delimiter C       CSV field delimiter (default "," or tab for .tsv)
  --threads N         worker threads (default: the number of cores); splittable inputs (CSV, TSV,
                      Parquet, Arrow files) are read in parts and the partial results merged: the
                      same bits as --threads 1
  -q, --quiet         no progress bar and no notes on stderr`;

/** The subcommands and their option specs and help. */
export const COMMANDS: Record<string, { options: Record<string, Opt>; usage: string; help: string; examples: string[] }> = {
  eval: {
    options: { ...FILE_OPTIONS, format: { type: "string" } },
    usage: "mlmetrics eval FILE|- [options]",
    help: `Streams a predictions file through an evaluator and prints the metric dict as JSON on stdout
(exactly JSON.stringify of the library's dict, except that NaN and ±Infinity are written as the strings
"NaN", "Infinity", "-Infinity" so that the output is valid JSON). Messages and progress go to stderr.
Exit codes: 0 done, 2 bad input (the message names file, line or row group and row, and column; nothing
is printed on stdout), 1 other failures.

${FILE_HELP}
Output:
  --format F          json (default) | table`,
    examples: [
      "mlmetrics eval predictions.csv",
      "mlmetrics eval scores.parquet --task classification --y-true label --y-pred pred --y-prob p --preset mlflow",
      "zcat big.csv.gz | mlmetrics eval - --input-format csv --auc-bins 10000 --format table",
    ],
  },
  partial: {
    options: { ...FILE_OPTIONS },
    usage: "mlmetrics partial FILE|- [options] > state.json",
    help: `Like eval, but prints the evaluator's state (JSON) instead of the dict, to be merged with other
partial states by \`mlmetrics merge\` — e.g. one per Spark partition, or per file of a directory.

${FILE_HELP}`,
    examples: ["mlmetrics partial part-0001.csv --task regression > s1.json", "mlmetrics merge s1.json s2.json"],
  },
  merge: {
    options: { preset: { type: "string" }, prefix: { type: "string" }, format: { type: "string" }, state: { type: "boolean" }, quiet: { type: "boolean", short: "q" }, help: { type: "boolean", short: "h" } },
    usage: "mlmetrics merge STATE.json|- [STATE.json …] [--preset P] [--format json|table] [--state]",
    help: `Merges evaluator states written by \`mlmetrics partial\` (files, or - for JSON states one per line on
stdin) and prints the dict of all their rows — the same bits in any order. --state prints the merged
state instead. --preset / --prefix change the dict's preset and prefix (regression and anomaly states
are the same for both presets; a classification state with --pos-label keeps what its preset needs).`,
    examples: ["mlmetrics merge part-*.json", "cat states.jsonl | mlmetrics merge - --preset mlflow"],
  },
  compare: {
    options: { rtol: { type: "string" }, run: { type: "string" }, "tracking-uri": { type: "string" }, help: { type: "boolean", short: "h" } },
    usage: "mlmetrics compare A.json B.json [--rtol R] | mlmetrics compare A.json --run RUN_ID [--tracking-uri URI]",
    help: `Compares two metric dicts key by key (e.g. ours and one written by Python scikit-learn, or the metrics
of an MLflow run with --run): both values, absolute and relative difference, distance in ULPs.
Exit code 1 when a key is missing on one side or differs by more than --rtol (default 0: bit-identical),
0 otherwise.`,
    examples: ["mlmetrics compare ours.json sklearn.json --rtol 1e-12", "mlmetrics compare ours.json --run 4f1c… --tracking-uri http://127.0.0.1:5000"],
  },
  log: {
    options: {
      ...FILE_OPTIONS,
      project: { type: "string" },
      model: { type: "string" },
      algorithm: { type: "string" },
      version: { type: "string" },
      domain: { type: "string" },
      "use-case": { type: "string" },
      tag: { type: "string", multiple: true },
      param: { type: "string", multiple: true },
      "tracking-uri": { type: "string" },
      "no-artifacts": { type: "boolean" },
      "png": { type: "boolean" },
    },
    usage: "mlmetrics log FILE --project P --model M --algorithm A [--version N] [--domain D] [--use-case U] [--tag k=v …] [--param k=v …] [--tracking-uri URI] [--no-artifacts]",
    help: `Evaluates FILE as eval does and logs the dict to MLflow with our conventions: experiment
/Shared/{project}_ml_{model}, run name {model}_{algorithm}_v{version}_{UTC timestamp}, the required tags
(project, domain, model_name, model_type, algorithm, use_case) plus --tag k=v, params --param k=v.
Also logs the artifacts mlflow.evaluate logs (confusion matrix, ROC / PR / lift / calibration curves,
per_class_metrics.csv for multiclass; residuals and predicted-vs-true for regression; the score histogram
for anomaly detection) as SVG (--png: PNG), read from a second pass over FILE (up to 10^7 rows; beyond
that, or with --no-artifacts or stdin, only the metrics). The metrics are the eval dict, bit for bit.
Prints the run id and its URL. The server comes from --tracking-uri or MLFLOW_TRACKING_URI; credentials
from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD (never printed).

${FILE_HELP}
Run:
  --project P, --model M, --algorithm A     required
  --version N (1)   --domain D (performance; cost|security|performance|reliability|quality)
  --use-case U (the model name)   --tag k=v (repeatable)   --param k=v (repeatable)
  --no-artifacts    metrics only        --png    figures as PNG instead of SVG`,
    examples: ["mlmetrics log preds.csv --project finops --model dbu_forecast --algorithm ridge --version 3 --domain cost"],
  },
};

export const MAIN_HELP = `mlmetrics — scikit-learn's evaluation metrics as MLflow-ready dicts, over prediction files of any size.

Usage:
  mlmetrics eval FILE|- [options]        print the metric dict (JSON)
  mlmetrics partial FILE|- [options]     print an evaluator state, to merge later
  mlmetrics merge STATE… [--preset P]    merge states, print the dict
  mlmetrics compare A.json B.json        compare two dicts key by key
  mlmetrics log FILE --project … …       evaluate and log to MLflow

Files: CSV, TSV, gzip-compressed CSV/TSV, JSON Lines, Parquet, Arrow IPC; - reads stdin.
\`mlmetrics COMMAND --help\` describes each command, with examples.`;

/** A usage error (exit code 2, the message and a pointer to --help). */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface Parsed {
  command: string;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Parses argv (without node and the script). */
export function parse(argv: string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    return { command: "help", values: {}, positionals: [] };
  }
  if (command === "--version" || command === "-v") return { command: "version", values: {}, positionals: [] };
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command '${command}' (expected ${Object.keys(COMMANDS).join(", ")})`);
  try {
    const { values, positionals } = parseArgs({ args: rest, options: spec.options, allowPositionals: true, strict: true });
    return { command, values: values as Parsed["values"], positionals };
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, "")}`);
  }
}

/** The help text of a command. */
export function commandHelp(command: string): string {
  const c = COMMANDS[command];
  return `Usage: ${c.usage}\n\n${c.help}\n\nExamples:\n${c.examples.map((e) => `  ${e}`).join("\n")}\n`;
}
