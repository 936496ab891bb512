/**
 * `mlmetrics`: the command. `main(argv, io)` returns the exit code (0 done,
 * 1 failure, 2 bad input or usage) and never exits the process itself, so
 * that tests can run it in-process; bin/mlmetrics.js calls it.
 * @module
 */
import { readFileSync } from "node:fs";
import { type Evaluator, evaluatorFromJSON } from "../evaluators/evaluator.js";
import { StateError } from "../state/encode.js";
import { ValueError, ZeroDivisionError } from "../input/validate.js";
import { init } from "../wasm/core.js";
import { MAIN_HELP, commandHelp, parse, UsageError } from "./args.js";
import { defaultThreads, evaluateFile, type FileConfig } from "./evaluate.js";
import { logEvaluation, mlflowClient } from "./log.js";
import { compareDicts, compareTable, dictTable, toJsonText } from "./output.js";
import { BadInputError } from "./readers/index.js";

/** Where the command writes and reads. */
export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  /** stdin as text (for `merge -` and `compare -`). */
  readStdin(): Promise<string>;
  env: Record<string, string | undefined>;
}

const TASKS = ["regression", "classification", "anomaly"] as const;

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

function intOption(v: unknown, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${String(v)}'`);
  return n;
}

function oneOf<T extends string>(v: unknown, name: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (!allowed.includes(v as T)) throw new UsageError(`--${name} must be one of ${allowed.join(", ")}, got '${String(v)}'`);
  return v as T;
}

function fileConfig(values: Record<string, unknown>, file: string): FileConfig {
  const prob = str(values["y-prob"]);
  return {
    file,
    task: oneOf(values.task, "task", TASKS),
    roles: {
      yTrue: str(values["y-true"]),
      yPred: str(values["y-pred"]),
      yProb: prob === undefined ? undefined : prob.includes(",") ? prob.split(",").map((s) => s.trim()) : prob,
      score: str(values.score),
      prediction: str(values.prediction),
      weight: str(values.weight),
    },
    posLabel: str(values["pos-label"]),
    average: oneOf(values.average, "average", ["micro", "macro", "weighted"] as const),
    preset: oneOf(values.preset, "preset", ["compact", "mlflow"] as const),
    prefix: str(values.prefix),
    aucBins: intOption(values["auc-bins"], "auc-bins", 2),
    inputFormat: oneOf(values["input-format"], "input-format", ["csv", "tsv", "jsonl", "parquet", "arrow"] as const),
    delimiter: str(values.delimiter),
  };
}

function onePositional(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UsageError(`${command}: expected one FILE (or - for stdin), got ${positionals.length}`);
  return positionals[0];
}

async function readJson(path: string, io: CliIo): Promise<unknown> {
  const text = path === "-" ? await io.readStdin() : readFileSync(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new BadInputError(`${path}: not JSON (${(e as Error).message})`, { file: path });
  }
}

/** Runs the command; returns the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    const err = e as Error;
    if (e instanceof UsageError) {
      io.stderr.write(`mlmetrics: ${err.message}\n(see mlmetrics --help)\n`);
      return 2;
    }
    const bad = e instanceof BadInputError || e instanceof ValueError || e instanceof ZeroDivisionError || e instanceof StateError || err?.name === "BadInputError";
    io.stderr.write(`mlmetrics: ${bad ? "" : "error: "}${err?.message ?? String(e)}\n`);
    return bad ? 2 : 1;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { command, values, positionals } = parse(argv);
  if (command === "help") {
    io.stdout.write(`${MAIN_HELP}\n`);
    return 0;
  }
  if (command === "version") {
    io.stdout.write(`${JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version}\n`);
    return 0;
  }
  if (values.help) {
    io.stdout.write(commandHelp(command));
    return 0;
  }
  await init();
  const quiet = values.quiet === true;
  const onWarning = (m: string) => io.stderr.write(`mlmetrics: warning: ${m}\n`);
  const format = oneOf(values.format, "format", ["json", "table"] as const) ?? "json";
  const print = (d: Record<string, unknown>) => io.stdout.write(format === "table" ? dictTable(d) : `${toJsonText(d)}\n`);
  switch (command) {
    case "eval":
    case "partial":
    case "log": {
      const file = onePositional(positionals, command);
      const threads = intOption(values.threads, "threads", 1) ?? defaultThreads();
      const { ev, plan, rows } = await evaluateFile(fileConfig(values, file), { stderr: io.stderr, quiet, threads, onWarning }, str(values.train));
      if (command === "partial") {
        io.stdout.write(`${JSON.stringify(ev)}\n`);
        return 0;
      }
      const dict = ev.compute() as Record<string, number>;
      if (command === "eval") {
        print(dict);
        return 0;
      }
      let artifacts: Record<string, string | Uint8Array> = {};
      if (values["no-artifacts"] !== true) {
        if (file === "-") {
          if (!quiet) io.stderr.write("mlmetrics: artifacts need a second pass over the input: not for stdin (metrics only)\n");
        } else {
          // loaded only here: the figures (Vega) and the Arrow helpers are not part of eval's start-up
          const { ARTIFACT_MAX_ROWS, fileArtifacts } = await import("./artifacts.js");
          if (rows > ARTIFACT_MAX_ROWS) {
            if (!quiet) io.stderr.write(`mlmetrics: ${rows} rows: artifacts are drawn up to ${ARTIFACT_MAX_ROWS} rows (metrics only; --no-artifacts silences this)\n`);
          } else artifacts = await fileArtifacts(fileConfig(values, file), plan, values.png === true);
        }
      }
      const r = await logEvaluation(dict, plan.task, values, io.env, rows, artifacts);
      io.stdout.write(`${toJsonText({ run_id: r.runId, experiment_id: r.experimentId, url: r.url, metrics: Object.keys(dict).length, artifacts: Object.keys(artifacts) })}\n`);
      return 0;
    }
    case "merge": {
      if (positionals.length === 0) throw new UsageError("merge: expected one or more STATE files (or - for JSON lines on stdin)");
      const states: unknown[] = [];
      for (const p of positionals) {
        if (p === "-") {
          for (const line of (await io.readStdin()).split("\n")) {
            if (line.trim() === "") continue;
            try {
              states.push(JSON.parse(line));
            } catch (e) {
              throw new BadInputError(`stdin: a line is not JSON (${(e as Error).message})`, { file: "-" });
            }
          }
        } else states.push(await readJson(p, io));
      }
      if (states.length === 0) throw new BadInputError("merge: no states", { file: "-" });
      let ev: Evaluator | undefined;
      for (const s of states) {
        const o = s as { options?: Record<string, unknown> };
        if (o && typeof o === "object" && o.options && typeof o.options === "object") {
          if (values.preset !== undefined) o.options.preset = oneOf(values.preset, "preset", ["compact", "mlflow"] as const);
          if (values.prefix !== undefined) o.options.prefix = values.prefix;
        }
        const part = evaluatorFromJSON(s as never, { onWarning });
        ev = ev ? ev.merge(part) : part;
      }
      if (values.state === true) io.stdout.write(`${JSON.stringify(ev)}\n`);
      else print(ev!.compute() as Record<string, number>);
      return 0;
    }
    case "compare": {
      const rtol = values.rtol === undefined ? 0 : Number(values.rtol);
      if (!(rtol >= 0)) throw new UsageError(`--rtol must be a number ≥ 0, got '${String(values.rtol)}'`);
      let a: Record<string, unknown>, b: Record<string, unknown>, nameB: string;
      if (values.run !== undefined) {
        if (positionals.length !== 1) throw new UsageError("compare --run: expected one dict file");
        a = (await readJson(positionals[0], io)) as Record<string, unknown>;
        const client = mlflowClient(values, io.env, "compare --run");
        b = (await client.getRun(String(values.run))).metrics;
        nameB = `run ${String(values.run).slice(0, 8)}`;
      } else {
        if (positionals.length !== 2) throw new UsageError("compare: expected two dict files A.json B.json");
        a = (await readJson(positionals[0], io)) as Record<string, unknown>;
        b = (await readJson(positionals[1], io)) as Record<string, unknown>;
        nameB = positionals[1];
      }
      for (const [d, n] of [[a, positionals[0]], [b, nameB]] as const) {
        if (d === null || typeof d !== "object" || Array.isArray(d)) throw new BadInputError(`${n}: not a JSON object of metrics`, { file: n });
      }
      const rows = compareDicts(a, b, rtol);
      io.stdout.write(compareTable(rows, positionals[0], nameB));
      const bad = rows.filter((r) => !r.ok).length;
      io.stderr.write(bad ? `mlmetrics: ${bad} of ${rows.length} keys differ beyond rtol=${rtol} or are missing\n` : `mlmetrics: all ${rows.length} keys agree (rtol=${rtol})\n`);
      return bad ? 1 : 0;
    }
  }
  throw new UsageError(`unknown command '${command}'`);
}
