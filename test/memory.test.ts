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
