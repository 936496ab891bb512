// The `mlmetrics` command (issue 14): every format gives the same dict as the
// library on the same arrays (bit-identical), stdin, bad input (message with
// file/line/column, exit code 2, nothing on stdout), partial + merge, compare's
// exit codes, --threads N ≡ --threads 1, --help on every command.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { main } from "../src/cli/main.js";

const ROOT = new URL("..", import.meta.url).pathname;
const DIR = mkdtempSync(join(tmpdir(), "mlmetrics-cli-"));

beforeAll(async () => {
  await mlm.init();
});

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Runs the command in-process; returns the exit code and what it wrote. */
async function cli(args: string[], stdin = ""): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    readStdin: async () => stdin,
    env: {},
  });
  return { code, out, err };
}

function csv(cols: Record<string, ArrayLike<unknown>>, sep = ","): string {
  const names = Object.keys(cols);
  const n = cols[names[0]].length;
  const lines = [names.join(sep)];
  for (let i = 0; i < n; i++) lines.push(names.map((c) => String(cols[c][i])).join(sep));
  return lines.join("\n") + "\n";
}

const N = 5000;
const r = rng(3);
const reg = { y_true: Float64Array.from({ length: N }, () => 50 + 10 * r()), y_pred: new Float64Array(N) };
reg.y_pred = Float64Array.from(reg.y_true, (v) => v + r() - 0.5);
const yt = Float64Array.from({ length: N }, () => (r() < 0.3 ? 1 : 0));
const cls = { label: yt, predicted: Float64Array.from(yt, (v) => (r() < 0.85 ? v : 1 - v)), prob: Float64Array.from(yt, (v) => Math.min(1, Math.max(0, 0.3 * v + 0.7 * r()))) };

/** What the command prints: an evaluator's dict (exact sums; at most an ULP or so from the one-shot, numpy-order dict). */
function evaluated(task: "regression" | "classification", cols: Record<string, unknown>, options: Record<string, unknown> = {}) {
  const ev = mlm.createEvaluator(task, options as never);
  ev.update(cols as never);
  return ev.compute();
}

function write(name: string, text: string | Buffer): string {
  const p = join(DIR, name);
  writeFileSync(p, text);
  return p;
}

describe("mlmetrics eval", () => {
  test("CSV, TSV, gzip, JSON Lines give the library's dict, bit for bit", async () => {
    const want = evaluated("regression", { yTrue: reg.y_true, yPred: reg.y_pred });
    const files = [
      write("reg.csv", csv(reg)),
      write("reg.tsv", csv(reg, "\t")),
      write("reg.csv.gz", gzipSync(csv(reg))),
      write("reg.jsonl", Array.from(reg.y_true, (v, i) => JSON.stringify({ y_true: v, y_pred: reg.y_pred[i] })).join("\n") + "\n"),
    ];
    for (const f of files) {
      const res = await cli(["eval", f, "--quiet", "--threads", "1"]);
      expect(res.err, f).toBe("");
      expect(res.code, f).toBe(0);
      expect(JSON.parse(res.out), f).toEqual(want);
    }
  });

  test("classification with a probability, both presets; NaN as \"NaN\"", async () => {
    const f = write("cls.csv", csv(cls));
    for (const preset of ["compact", "mlflow"] as const) {
      const want = evaluated("classification", { yTrue: cls.label, yPred: cls.predicted, yProb: cls.prob }, { preset });
      const res = await cli(["eval", f, "--preset", preset, "-q"]);
      expect(res.code).toBe(0);
      expect(JSON.parse(res.out)).toEqual(want);
    }
    // one row: R² is NaN with sklearn's warning, written as "NaN" (JSON has no NaN), the warning on stderr
    const one = write("one.csv", "y,yhat\n1,2\n");
    const res = await cli(["eval", one, "--task", "regression", "--y-true", "y", "--y-pred", "yhat"]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/"test_r2": ?"NaN"/);
    expect(res.err).toMatch(/R\^2 score is not well-defined with less than two samples/);
    expect(Number.isNaN(mlm.regressionMetrics({ yTrue: [1], yPred: [2] }).test_r2)).toBe(true);
  });

  test("the guess is said on stderr; explicit columns win", async () => {
    const f = write("cls2.csv", csv(cls));
    const res = await cli(["eval", f]);
    expect(res.err).toMatch(/task = classification/);
    expect(res.err).toMatch(/yProb = "prob"/);
    const res2 = await cli(["eval", f, "--task", "classification", "--y-true", "label", "--y-pred", "predicted", "-q"]);
    expect(Object.keys(JSON.parse(res2.out))).toEqual(["accuracy", "precision", "recall", "f1"]);
  });

  test("stdin, through the real command", () => {
    const text = csv(reg);
    const p = spawnSync(process.execPath, [join(ROOT, "bin/mlmetrics.js"), "eval", "-", "--input-format", "csv", "-q"], { input: text, encoding: "utf8" });
    expect(p.stderr).toBe("");
    expect(p.status).toBe(0);
    expect(JSON.parse(p.stdout)).toEqual(evaluated("regression", { yTrue: reg.y_true, yPred: reg.y_pred }));
  });

  test("--threads 2 gives the bits of --threads 1", async () => {
    const big = { y_true: Float64Array.from({ length: 60000 }, () => r()), y_pred: Float64Array.from({ length: 60000 }, () => r()) };
    const f = write("big.csv", csv(big));
    // worker threads run the built worker (dist/cli/worker.js), so through the real command
    const run = (threads: string) => spawnSync(process.execPath, [join(ROOT, "bin/mlmetrics.js"), "eval", f, "--threads", threads, "-q", "--task", "regression"], { encoding: "utf8" });
    const a = run("1");
    const b = run("2");
    expect(a.stderr).toBe("");
    expect(a.status).toBe(0);
    expect(b.stderr).toBe("");
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(a.stdout)).toEqual(evaluated("regression", { yTrue: big.y_true, yPred: big.y_pred }));
  });
});

describe("bad input: one message with file, line and column; exit 2; nothing on stdout", () => {
  const cases: [string, string, RegExp][] = [
    ["non-numeric cell", "y_true,y_pred\n1,2\n3,abc\n", /line 3.*y_pred|y_pred.*line 3/],
    ["missing column", "a,b\n1,2\n", /no column 'y_true'/],
    ["empty file", "", /empty|no data|header/i],
    ["malformed row", "y_true,y_pred\n1,2\n3,4,5\n", /line 3/],
  ];
  test.each(cases)("%s", async (_name, text, message) => {
    const f = write(`bad-${_name.replace(/\W/g, "_")}.csv`, text);
    const res = await cli(["eval", f, "--task", "regression", "--y-true", "y_true", "--y-pred", "y_pred", "-q"]);
    expect(res.code).toBe(2);
    expect(res.out).toBe("");
    expect(res.err).toMatch(message);
    expect(res.err).toContain(f);
  });

  test("a probability outside [0, 1] names its row and column", async () => {
    const f = write("badprob.csv", "label,pred,p\n1,1,0.5\n0,0,1.5\n");
    const res = await cli(["eval", f, "-q", "--task", "classification", "--y-true", "label", "--y-pred", "pred", "--y-prob", "p"]);
    expect(res.code).toBe(2);
    expect(res.out).toBe("");
    expect(res.err).toMatch(/row 2, column 'p': y_prob contains values greater than 1: 1.5/);
  });

  test("usage errors exit 2", async () => {
    expect((await cli(["frobnicate"])).code).toBe(2);
    expect((await cli(["eval"])).code).toBe(2);
    expect((await cli(["eval", "x.csv", "--bogus"])).code).toBe(2);
    expect((await cli(["eval", "x.csv", "--preset", "nope"])).code).toBe(2);
  });
});

describe("partial, merge, compare", () => {
  test("partial states of parts, merged in any order, give the whole file's dict", async () => {
    const half = N / 2;
    const a = write("p1.csv", csv({ label: cls.label.slice(0, half), predicted: cls.predicted.slice(0, half), prob: cls.prob.slice(0, half) }));
    const b = write("p2.csv", csv({ label: cls.label.slice(half), predicted: cls.predicted.slice(half), prob: cls.prob.slice(half) }));
    const whole = write("whole.csv", csv(cls));
    const s1 = write("s1.json", (await cli(["partial", a, "-q", "--preset", "mlflow"])).out);
    const s2 = write("s2.json", (await cli(["partial", b, "-q", "--preset", "mlflow"])).out);
    const want = (await cli(["eval", whole, "-q", "--preset", "mlflow"])).out;
    expect((await cli(["merge", s1, s2])).out).toBe(want);
    expect((await cli(["merge", s2, s1])).out).toBe(want);
    const lines = readFileSync(s1, "utf8").trim() + "\n" + readFileSync(s2, "utf8").trim() + "\n";
    expect((await cli(["merge", "-"], lines)).out).toBe(want);
    const bad = write("bad-state.json", '{"format":"mlmetrics-evaluator","version":9}');
    const res = await cli(["merge", s1, bad]);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/version 9/);
  });

  test("compare: exit 0 within rtol, 1 beyond it or when a key is missing", async () => {
    const a = write("a.json", JSON.stringify({ x: 1, y: 0.1 + 0.2, z: "NaN" }));
    const b = write("b.json", JSON.stringify({ x: 1, y: 0.3, z: "NaN" }));
    const c = write("c.json", JSON.stringify({ x: 1, y: 0.3 }));
    const exact = await cli(["compare", a, b]);
    expect(exact.code).toBe(1);
    expect(exact.out).toMatch(/y .*DIFFERS/);
    expect(exact.out).toMatch(/\b1\b/); // one ULP apart
    expect((await cli(["compare", a, b, "--rtol", "1e-12"])).code).toBe(0);
    expect((await cli(["compare", b, c, "--rtol", "1e-12"])).code).toBe(1);
  });
});

describe("--help", () => {
  test.each(["eval", "partial", "merge", "compare", "log"])("%s --help has usage and examples", async (cmd) => {
    const res = await cli([cmd, "--help"]);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^Usage: mlmetrics/);
    expect(res.out).toMatch(/Examples:/);
  });
  test("mlmetrics --help lists the commands", async () => {
    const res = await cli(["--help"]);
    expect(res.out).toMatch(/eval FILE/);
  });
});
