// Memory: one arena, reset after every call (also after errors), pages flat
// over thousands of calls, inputs larger than the initial memory.
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { METRICS, validInputs } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

test("10,000 calls across every metric leave memory pages flat and the arena empty", () => {
  // warm up: each metric once at the largest size used below
  for (const m of METRICS) m.call(validInputs(m.kind, 2000, 5));
  const pages = mlm.memoryStats().pages;
  let calls = 0;
  for (let round = 0; calls < 10_000; round++) {
    for (const m of METRICS) {
      m.call(validInputs(m.kind, 2 + ((round * 37) % 2000), round));
      calls++;
    }
  }
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});

test("1,000 failing calls interleaved with valid ones: memory flat, results unchanged", () => {
  const y = validInputs("regression", 500, 9);
  const expected = mlm.meanSquaredError(y[0], y[1]);
  const pages = mlm.memoryStats().pages;
  const bad = Float64Array.from(y[1]);
  bad[100] = NaN;
  for (let i = 0; i < 1000; i++) {
    expect(() => mlm.meanSquaredError(y[0], bad)).toThrow(/NaN/);
    expect(() => mlm.precisionScore([0, 1, 2], [0, 1, 1])).toThrow(/multiclass/);
    expect(mlm.meanSquaredError(y[0], y[1])).toBe(expected);
  }
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});

test("input far larger than the initial memory (2 pages): 10^6 samples", () => {
  const n = 1_000_000;
  const [a, b] = validInputs("regression", n, 3);
  const before = mlm.memoryStats().pages;
  const mse = mlm.meanSquaredError(a, b);
  const after = mlm.memoryStats().pages;
  expect(after).toBeGreaterThan(before > 100 ? 0 : 100);
  // same value as summing the same squares in plain JS within rounding
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] - b[i]) ** 2;
  expect(Math.abs(mse - s / n) / (s / n)).toBeLessThan(1e-12);
  // a second identical call grows nothing
  mlm.meanSquaredError(a, b);
  expect(mlm.memoryStats().pages).toBe(after);
  const [t, p] = validInputs("score", n, 4);
  const auc = mlm.rocAucScore(t, p);
  expect(auc).toBeGreaterThan(0.5);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});

test("number[] and every numeric typed array give the same result as Float64Array", () => {
  const [a, b] = validInputs("label", 300, 2);
  const ref = mlm.f1Score(a, b);
  for (const T of [Int8Array, Uint8Array, Int16Array, Uint16Array, Int32Array, Uint32Array, Float32Array]) {
    expect(mlm.f1Score(T.from(a), T.from(b))).toBe(ref);
  }
  expect(mlm.f1Score(Array.from(a), Array.from(b))).toBe(ref);
  expect(mlm.f1Score(Array.from(a, (v) => v === 1), Array.from(b, (v) => v === 1))).toBe(ref);
});

test("1,000 failing calls of every kind across every metric, interleaved with valid calls: pages flat, results unchanged", () => {
  const valid = METRICS.map((m) => validInputs(m.kind, 400, 21));
  const expected = METRICS.map((m, j) => m.call(valid[j], { onWarning: () => {} }));
  const pages = mlm.memoryStats().pages;
  const failures: ((args: Float64Array[]) => unknown[])[] = [
    (a) => a.map((x) => Float64Array.from(x, (v, i) => (i === 7 ? NaN : v))), // NaN
    (a) => a.map((x, i) => (i === a.length - 1 ? x.subarray(1) : x)), // length mismatch (or fine for 1 arg)
    (a) => a.map((x) => Array.from(x, (v, i) => (i === 3 ? "abc" : v))), // non-numeric element
    (a) => a.map(() => new Float64Array(0)), // empty
    (a) => a.map(() => 5), // bare numbers
  ];
  let failed = 0;
  for (let i = 0; failed < 1000; i++) {
    const j = i % METRICS.length;
    const m = METRICS[j];
    const bad = failures[i % failures.length](valid[j]);
    try {
      m.call(bad as Float64Array[], { onWarning: () => {} });
    } catch {
      failed++;
    }
    if (m.weighted && i % 3 === 0) {
      if (m.zeroWeightsNaN) expect(m.call(valid[j], { sampleWeight: new Float64Array(400) })).toBeNaN();
      else expect(() => m.call(valid[j], { sampleWeight: new Float64Array(400) })).toThrow(m.zeroWeightsMessage ?? /non-zero/);
      failed++;
    }
    expect(m.call(valid[j], { onWarning: () => {} })).toEqual(expected[j]);
    expect(mlm.memoryStats().arenaBytes).toBe(0);
  }
  expect(mlm.memoryStats().pages).toBe(pages);
});

// The largest accepted n is MAX_SAMPLES = 2**27 per array (byte offsets stay in
// 32-bit range); one more is refused with a RangeError before anything is
// allocated (test/hostile.test.ts checks that for every metric). Running a
// metric at exactly 2**27 needs ~5 GiB (two 1 GiB arrays in JS, 2 GiB of
// WebAssembly memory): opt-in with MLMETRICS_BIG=1.
// (registered only when asked: a skipped test would fail MLMETRICS_STRICT runs)
if (process.env.MLMETRICS_BIG === "1")
  test("n = MAX_SAMPLES = 2**27 is accepted; 2**27 + 1 is a RangeError", () => {
  const n = mlm.MAX_SAMPLES;
  const a = new Float64Array(n).fill(1.5);
  const b = new Float64Array(n).fill(1);
  expect(mlm.meanSquaredError(a, b)).toBe(0.25);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  expect(() => mlm.meanSquaredError(new Array(n + 1), new Array(n + 1))).toThrow(
    `yTrue has ${n + 1} samples; mlmetrics accepts at most ${n} per array`,
  );
}, 600_000);
