// The Spark recipe (scripts/spark_mlmetrics.py, docs/spark.md) on PySpark in local mode (local[2]):
// each partition's rows go as an Arrow IPC stream (mapInArrow) into `mlmetrics partial -` on the
// executors, the driver merges the states with `mlmetrics merge -`. For every case (regression and
// binary classification with probabilities; exact AUC and --auc-bins; weights; string labels that need
// quoting) and every partitioning (1 partition; 5 ranges; 7 by a random key, rows shuffled; 7 by a key
// of 3 values, so at least 4 partitions are empty), the merged dict's JSON text is identical to
// `mlmetrics eval` on the whole file, and within 1e-12 relative of scikit-learn on the same rows.
//
// Needs .venv-spark (`bash scripts/spark-env.sh`: PySpark 4.3, pyarrow, scikit-learn 1.9.1; it also
// installs Java 17 as root) and `java` on PATH; without them the suite is skipped with the reason
// printed, and MLMETRICS_STRICT=1 (.ci/run) turns that skip into a failure. One Python process
// (test/spark_harness.py) runs every case on one SparkSession; the command it runs is the current
// src/ (transpiled, as scripts/load-src.mjs does), not a possibly stale dist/.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, test } from "vitest";
// @ts-expect-error: plain JS helper
import { transpileSrc } from "../scripts/load-src.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PY = join(ROOT, ".venv-spark", "bin", "python");
const RTOL = 1e-12;

function javaProblem(): string | undefined {
  const r = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return "no `java` on PATH (Spark 4 needs Java 17+)";
  const v = /version "([^"]+)"/.exec(r.stderr)?.[1] ?? "";
  const major = Number(v.startsWith("1.") ? v.split(".")[1] : v.split(".")[0]);
  return major >= 17 ? undefined : `java on PATH is version ${v || "?"}; Spark 4 needs Java 17+`;
}

const WHY = !existsSync(PY) ? ".venv-spark is missing" : javaProblem();
if (WHY) {
  console.warn(
    `\n!!! test/spark.test.ts SKIPPED: ${WHY}, so the Spark recipe cannot run.\n` +
      "!!! Run `bash scripts/spark-env.sh` (PySpark 4.3 into .venv-spark, and Debian's openjdk-17-jre-headless when root; .ci/run does this).\n",
  );
}

interface Run {
  dict: string;
  /** The same states merged two or three at a time first (merge_states' max_chars). */
  treeDict?: string;
  partitions: number;
  states: number;
  seconds: number;
}
interface Case {
  case: string;
  file: string;
  args: string[];
  runs: Record<string, Run>;
  sklearn: Record<string, number | string>;
}
interface Harness {
  rows: number;
  spark: string;
  seconds: number;
  cases: Case[];
  evaluate: { case: string; partitions: number; dict: Record<string, number | string> };
  cli: { file: string; args: string[]; dict: string };
  missingCommandError: string | null;
  badInputError: string | null;
}

/** The `mlmetrics` command of the current src/: bin/mlmetrics.js pointed at a transpiled copy. */
function commandFromSrc(): string[] {
  const dir = dirname(fileURLToPath(transpileSrc() as string));
  const bin = readFileSync(join(ROOT, "bin", "mlmetrics.js"), "utf8");
  if (!bin.includes('"../dist/cli/main.js"')) throw new Error("bin/mlmetrics.js no longer imports ../dist/cli/main.js: update test/spark.test.ts");
  const runner = join(dir, "mlmetrics-bin.mjs");
  writeFileSync(runner, bin.replace('"../dist/cli/main.js"', '"./cli/main.js"'));
  return [process.execPath, runner];
}

const num = (v: number | string) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : (v as number));

describe.skipIf(!!WHY)("the Spark recipe on PySpark, local[2]", () => {
  let h: Harness;
  let cmd: string[];
  const evalText = new Map<string, string>();

  function mlmetrics(args: string[]): string {
    const r = spawnSync(cmd[0], [...cmd.slice(1), ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`mlmetrics ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
    return r.stdout.trim();
  }

  beforeAll(() => {
    cmd = commandFromSrc();
    const dir = mkdtempSync(join(tmpdir(), "mlmetrics-spark-"));
    const t0 = performance.now();
    const r = spawnSync(PY, [join(ROOT, "test", "spark_harness.py"), dir], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: 280_000,
      env: { ...process.env, MLMETRICS_CMD: cmd.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "), PYSPARK_PYTHON: PY, PYTHONWARNINGS: "ignore" },
    });
    const progress = (r.stderr ?? "").split("\n").filter((l) => l.startsWith("[spark-harness")).join("\n");
    if (r.status !== 0) throw new Error(`test/spark_harness.py failed (${r.status ?? r.signal}):\n${progress}\n${(r.stderr ?? "").slice(-6000)}`);
    h = JSON.parse(r.stdout.trim().split("\n").pop()!);
    for (const c of h.cases) evalText.set(c.case, mlmetrics(["eval", c.file, ...c.args, "-q"]));
    console.log(`${progress}\nSpark ${h.spark}: ${h.cases.length} cases × ${Object.keys(h.cases[0].runs).length} partitionings of ${h.rows} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }, 300_000);

  test("every partitioning gives the bits of `mlmetrics eval` on the whole file", () => {
    const lines: string[] = [];
    for (const c of h.cases) {
      const want = evalText.get(c.case)!;
      expect(Object.keys(JSON.parse(want)).length, c.case).toBeGreaterThan(4);
      for (const [label, run] of Object.entries(c.runs)) {
        const same = run.dict === want && (run.treeDict ?? want) === want;
        lines.push(`${same ? "identical" : "DIFFERENT"}  ${c.case} | ${label}: ${run.states} states of ${run.partitions} partitions${run.treeDict ? " (also merged as a tree)" : ""}`);
        expect(run.dict, `${c.case} | ${label}`).toBe(want);
        if (run.states >= 5) expect(run.treeDict, `${c.case} | ${label}, merged as a tree`).toBe(want);
      }
    }
    console.log(lines.join("\n"));
  });

  test("the partitionings are what they say: 1, 5 and 7 partitions; empty ones skipped", () => {
    for (const c of h.cases) {
      const runs = Object.values(c.runs);
      expect(runs.map((r) => r.partitions), c.case).toEqual([1, 5, 7, 7]);
      expect(runs.slice(0, 3).map((r) => r.states), c.case).toEqual([1, 5, 7]);
      // 7 hash partitions of a key with 3 values: at most 3 non-empty
      expect(runs[3].states, c.case).toBeGreaterThanOrEqual(1);
      expect(runs[3].states, c.case).toBeLessThanOrEqual(3);
    }
  });

  test(`within ${RTOL} relative of scikit-learn on the same rows`, () => {
    let worst = { rel: 0, where: "" };
    for (const c of h.cases) {
      const ours = JSON.parse(evalText.get(c.case)!) as Record<string, number | string>;
      expect(Object.keys(ours).sort(), c.case).toEqual(Object.keys(c.sklearn).sort());
      for (const [k, v] of Object.entries(ours)) {
        const a = num(v), b = num(c.sklearn[k]);
        const rel = a === b || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
        if (rel > worst.rel) worst = { rel, where: `${c.case}: ${k} (ours ${a}, sklearn ${b})` };
        expect(rel, `${c.case}: ${k} (ours ${a}, sklearn ${b})`).toBeLessThanOrEqual(RTOL);
      }
    }
    console.log(`worst relative difference to scikit-learn: ${worst.rel.toExponential(2)}${worst.where ? ` — ${worst.where}` : ""}`);
  });

  test("evaluate() returns the same dict as floats; the recipe's command line prints the same JSON", () => {
    const c = h.cases.find((x) => x.case === h.evaluate.case)!;
    expect(h.evaluate.dict).toEqual(JSON.parse(evalText.get(c.case)!));
    expect(h.cli.dict).toBe(mlmetrics(["eval", h.cli.file, ...h.cli.args, "-q"]));
  });

  test("errors on the executors come back to the driver with the command's message", () => {
    expect(h.missingCommandError).toContain("'mlmetrics-no-such-command' was not found");
    expect(h.missingCommandError).toContain("install it on every executor");
    expect(h.badInputError).toContain("exit code 2");
    expect(h.badInputError).toContain("y_prob contains values greater than 1: 1.5");
  });
});
