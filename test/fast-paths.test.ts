// The fused fast paths (regressionMetrics' compact dict, binary precision /
// recall / F1 counts, binary logLoss) on Float64Array and zero-copy
// inputs must give exactly what the general path gives: the same bits, the same
// errors, the same warnings. Every case runs the same inputs with the fast paths
// switched off (the general path, whose results the parity suite checks against
// scikit-learn) and on, with Float64Arrays and with zero-copy handles. Sizes cross the
// pairwise leaves (128), the copy chunks (32768) and the label prefix (4096).
import { beforeAll, describe, expect, test, vi } from "vitest";
import * as mlm from "../src/index.js";
import { fastPaths } from "../src/wasm/fastpath.js";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

const SIZES = [1, 2, 7, 8, 9, 15, 16, 127, 128, 129, 1000, 4097, 32767, 32768, 32769, 70_001];

type Outcome = { value?: unknown; error?: string; warnings: string[]; fast?: number };

function outcome(f: (onWarning: (m: string) => void) => unknown): Outcome {
  const warnings: string[] = [];
  try {
    return { value: f((m) => warnings.push(m)), warnings };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}`, warnings };
  }
}

/**
 * Runs `call` with the fast paths off (general path) and on, on the
 * Float64Arrays and on zero-copy handles; the outcomes must be identical
 * (Object.is on numbers, same error, same warnings).
 */
function sameOnAllPaths(arrays: Float64Array[], call: (args: mlm.NumericArray[], onWarning: (m: string) => void) => unknown) {
  const hits = fastPaths.hits;
  const handles = arrays.map((a) => {
    const h = mlm.allocFloat64(a.length);
    h.array.set(a);
    return h;
  });
  let general: Outcome;
  try {
    fastPaths.enabled = false;
    general = outcome((w) => call(arrays, w));
    const generalZero = outcome((w) => call(handles, w));
    fastPaths.enabled = true;
    const typed = outcome((w) => call(arrays, w));
    const zero = outcome((w) => call(handles, w));
    expect(generalZero).toStrictEqual(general);
    expect(typed).toStrictEqual(general);
    expect(zero).toStrictEqual(general);
  } finally {
    fastPaths.enabled = true;
    for (let i = handles.length - 1; i >= 0; i--) handles[i].free();
  }
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  return { ...general!, fast: fastPaths.hits - hits };
}

function regressionData(n: number, seed: number) {
  const u = rng(seed);
  const yt = new Float64Array(n), yp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yt[i] = (u() - 0.3) * 10 ** Math.floor(u() * 6 - 2);
    yp[i] = yt[i] + (u() - 0.5) * 3;
    if (u() < 0.01) yt[i] = 0; // MAPE's epsilon branch
  }
  return [yt, yp];
}

function labelData(n: number, seed: number, a = 0, b = 1) {
  const u = rng(seed);
  const yt = new Float64Array(n), yp = new Float64Array(n), pr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yt[i] = u() < 0.3 ? b : a;
    yp[i] = u() < 0.8 ? yt[i] : yt[i] === a ? b : a;
    const r = u();
    // probabilities: uniform, near 1 (musl log's near-1 path), exact 0 and 1, tiny
    pr[i] = r < 0.05 ? 0 : r < 0.1 ? 1 : r < 0.4 ? 1 - u() * 0.07 : r < 0.45 ? u() * 1e-17 : u();
  }
  return { yt, yp, pr };
}

describe("single regression metrics through the compact dict's fused pass", () => {
  const SINGLE = {
    meanSquaredError: mlm.meanSquaredError,
    rootMeanSquaredError: mlm.rootMeanSquaredError,
    meanAbsoluteError: mlm.meanAbsoluteError,
    meanAbsolutePercentageError: mlm.meanAbsolutePercentageError,
    r2Score: mlm.r2Score,
    maxError: mlm.maxError,
    explainedVarianceScore: mlm.explainedVarianceScore,
  } as const;
  test.each(SIZES)("n = %i: each metric has the general path's bits, and the dict's", (n) => {
    const [yt, yp] = regressionData(n, 5 * n + 3);
    const dict = mlm.regressionMetrics({ yTrue: yt, yPred: yp }, { preset: "mlflow", onWarning: () => {} });
    for (const [name, f] of Object.entries(SINGLE)) {
      const r = sameOnAllPaths(regressionData(n, 5 * n + 3), ([a, b], onWarning) => f(a as never, b as never, { onWarning }));
      expect(r.error, name).toBeUndefined();
      expect(r.fast, `${name}: fast path taken (Float64Array and handles)`).toBe(2);
    }
    expect(Object.is(mlm.meanSquaredError(yt, yp), dict.mean_squared_error)).toBe(true);
    expect(Object.is(mlm.meanAbsoluteError(yt, yp), dict.mean_absolute_error)).toBe(true);
    expect(Object.is(mlm.maxError(yt, yp), dict.max_error)).toBe(true);
    expect(Object.is(mlm.r2Score(yt, yp, { onWarning: () => {} }), dict.r2_score)).toBe(true);
  });

  test("non-finite values, overflowing sums, weights: the general path decides (same errors, same bits)", () => {
    const big = Float64Array.from({ length: 300 }, (_, i) => (i % 2 ? 1.7e308 : -1.7e308));
    for (const [name, f] of Object.entries(SINGLE)) {
      sameOnAllPaths([big, new Float64Array(300)], ([a, b], onWarning) => f(a as never, b as never, { onWarning }));
      const [yt, yp] = regressionData(500, 9);
      yp[77] = NaN;
      const r = sameOnAllPaths([yt, yp], ([a, b], onWarning) => f(a as never, b as never, { onWarning }));
      expect(r.error, name).toMatch(/^ValueError: Input contains NaN/);
      if (name !== "maxError") {
        const [wt, wp] = regressionData(500, 10);
        sameOnAllPaths([wt, wp], ([a, b], onWarning) => f(a as never, b as never, { sampleWeight: wt.map((v) => Math.abs(v) + 1), onWarning } as never));
      }
    }
  });
});

describe("regressionMetrics (compact): fused copy + pairwise sums", () => {
  test.each(SIZES)("n = %i: same bits as the general path", (n) => {
    const r = sameOnAllPaths(regressionData(n, n), ([yTrue, yPred], onWarning) =>
      mlm.regressionMetrics({ yTrue, yPred }, { onWarning }),
    );
    expect(r.error).toBeUndefined();
    expect(r.fast, "fast path taken (Float64Array and handles)").toBe(2);
  });

  // The compact dict's kernel (Σy, then Σe², Σ|e|, Σ MAPE terms and Σ(y − ȳ)²
  // in one pass) and the 'mlflow' preset's (the weighted-capable fused leaves
  // plus their own deviation pass) are separate code: each sum must agree bit
  // for bit, on Float64Arrays and on zero-copy handles, including data whose
  // mean is far from zero (the deviation pass is sensitive to ȳ's bits).
  test.each(SIZES)("n = %i: compact dict = the 'mlflow' preset's independent sums, bit for bit", (n) => {
    const [yt, yp] = regressionData(n, 7 * n + 1);
    const shifted = [yt.map((v) => v + 1e6), yp.map((v) => v + 1e6)];
    // |y| below eps (zeros, subnormal-sized values): MAPE's max(|y|, eps) branch.
    const tiny = [yt.map((v, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? (i % 2 ? -1e-300 : 5e-324) : v)), yp];
    for (const [a, b] of [[yt, yp], shifted, tiny]) {
      const ha = mlm.allocFloat64(n), hb = mlm.allocFloat64(n);
      ha.array.set(a);
      hb.array.set(b);
      try {
        const full = mlm.regressionMetrics({ yTrue: a, yPred: b }, { preset: "mlflow", onWarning: () => {} });
        for (const [x, y] of [[a, b], [ha, hb]] as const) {
          const c = mlm.regressionMetrics({ yTrue: x, yPred: y }, { onWarning: () => {} });
          expect(Object.is(c.rmse, full.root_mean_squared_error)).toBe(true);
          expect(Object.is(c.mae, full.mean_absolute_error)).toBe(true);
          expect(Object.is(c.mape, 100 * full.mean_absolute_percentage_error)).toBe(true);
          expect(Object.is(c.test_r2, full.r2_score)).toBe(true);
        }
      } finally {
        hb.free();
        ha.free();
      }
    }
  });

  test("non-finite values anywhere: sklearn's errors, y_true first", () => {
    for (const n of [9, 40_000]) {
      for (const at of [0, n - 1, 33_000 % n]) {
        for (const [bt, bp] of [[NaN, undefined], [Infinity, undefined], [undefined, -Infinity], [Infinity, NaN], [undefined, NaN]] as const) {
          const [yt, yp] = regressionData(n, 3);
          if (bt !== undefined) yt[at] = bt;
          if (bp !== undefined) yp[(at + 1) % n] = bp;
          const r = sameOnAllPaths([yt, yp], ([yTrue, yPred], onWarning) => mlm.regressionMetrics({ yTrue, yPred }, { onWarning }));
          expect(r.error).toMatch(/^ValueError: Input contains/);
        }
      }
    }
  });

  test("finite inputs whose sums overflow, a single sample, lengths that differ", () => {
    const big = Float64Array.from({ length: 300 }, (_, i) => (i % 2 ? 1.7e308 : -1.7e308));
    sameOnAllPaths([big, new Float64Array(300)], ([yTrue, yPred], onWarning) => mlm.regressionMetrics({ yTrue, yPred }, { onWarning }));
    const one = sameOnAllPaths([Float64Array.of(2), Float64Array.of(3)], ([yTrue, yPred], onWarning) =>
      mlm.regressionMetrics({ yTrue, yPred }, { onWarning }),
    );
    expect(one.warnings).toEqual(["R^2 score is not well-defined with less than two samples."]);
    const r = sameOnAllPaths([new Float64Array(5), new Float64Array(4)], ([yTrue, yPred], onWarning) =>
      mlm.regressionMetrics({ yTrue, yPred }, { onWarning }),
    );
    expect(r.error).toMatch(/inconsistent numbers of samples/);
  });
});

const COUNT_METRICS = {
  f1Score: mlm.f1Score,
  precisionScore: mlm.precisionScore,
  recallScore: mlm.recallScore,
  jaccardScore: mlm.jaccardScore,
} as const;

describe("binary precision / recall / F1: one branch-free counting pass", () => {
  test.each(SIZES)("n = %i: same counts and scores as the general path", (n) => {
    for (const [a, b] of [[0, 1], [-1, 1], [1, 2], [0, 3]]) {
      const d = labelData(n, n + a, a, b);
      for (const [name, f] of Object.entries(COUNT_METRICS)) {
        for (const posLabel of [undefined, a, b]) {
          const r = sameOnAllPaths([d.yt, d.yp], ([t, p], onWarning) => f(t, p, { posLabel, onWarning }));
          if (b === 1 || posLabel !== undefined) {
            expect(r.error, name).toBeUndefined();
            expect(r.fast, `${name}: fast path taken`).toBe(2);
          }
        }
      }
      sameOnAllPaths([d.yt, d.yp], ([t, p], onWarning) =>
        mlm.classificationMetrics({ yTrue: t, yPred: p }, { posLabel: b, onWarning }),
      );
    }
  });

  test("anything unusual falls back to the general path: same errors and warnings", () => {
    const n = 40_000;
    const cases: [string, (yt: Float64Array, yp: Float64Array) => void][] = [
      ["third label after the prefix", (yt) => (yt[35_000] = 2)],
      ["second label only after the prefix", (yt, yp) => { yt.fill(0); yp.fill(0); yt[5000] = 1; yp[39_999] = 1; }],
      ["a single label", (yt, yp) => { yt.fill(1); yp.fill(1); }],
      ["no positive predicted (zero division warning)", (_yt, yp) => yp.fill(0)],
      ["no positive at all", (yt, yp) => { yt.fill(0); yp.fill(0); }],
      ["-0 and 0 mixed", (yt) => { for (let i = 0; i < yt.length; i += 3) if (yt[i] === 0) yt[i] = -0; }],
      ["NaN in y_pred", (_yt, yp) => (yp[n - 1] = NaN)],
      ["infinity in y_true", (yt) => (yt[100] = Infinity)],
      ["a fraction (continuous)", (yt) => (yt[20_000] = 0.5)],
      ["a fraction among the first values", (yt) => { yt[0] = 0.5; }],
      ["labels 2 and 3 (pos_label 1 invalid)", (yt, yp) => { for (let i = 0; i < n; i++) { yt[i] += 2; yp[i] += 2; } }],
      ["huge integers", (yt, yp) => { yt.fill(2 ** 64); yp.fill(2 ** 64); yp[3] = 0; }],
    ];
    for (const [what, mutate] of cases) {
      const d = labelData(n, 11);
      mutate(d.yt, d.yp);
      for (const f of Object.values(COUNT_METRICS)) {
        sameOnAllPaths([d.yt, d.yp], ([t, p], onWarning) => f(t, p, { onWarning }));
        sameOnAllPaths([d.yt, d.yp], ([t, p], onWarning) => f(t, p, { posLabel: 0, zeroDivision: 1, onWarning }));
      }
      expect(what).toBeTruthy();
    }
  });
});

describe("binary logLoss: fused checks + vectorised log with Math.log's bits", () => {
  test.each(SIZES)("n = %i: same bits as the general path", (n) => {
    for (const [a, b] of [[0, 1], [-1, 1], [2, 5]]) {
      const d = labelData(n, 7 * n + b, a, b);
      if (n === 1) continue; // a single label: an error, checked below
      const r = sameOnAllPaths([d.yt, d.pr], ([t, p], onWarning) => mlm.logLoss(t, p, { onWarning }));
      if (new Set(d.yt).size === 2) {
        expect(r.error).toBeUndefined();
        expect(r.fast, "fast path taken").toBe(2);
      }
    }
  });

  test("the vectorised log agrees with Math.log on every double tried (sums of one term per call)", () => {
    // n = 8: one SIMD leaf; every term but one is -log(1 - eps) ≈ 1.1e-16, so a
    // difference in the probed term shows in the sum (but for rare roundings).
    const u = rng(99);
    for (let rep = 0; rep < 2000; rep++) {
      const p = new Float64Array(8).fill(1);
      const t = Float64Array.of(1, 0, 1, 0, 1, 0, 1, 0);
      p[1] = 0; p[3] = 0; p[5] = 0; p[7] = 0;
      const k = rep % 8;
      const v = rep % 3 === 0 ? 1 - u() * 0.0625 : rep % 3 === 1 ? u() : u() * 2 ** -Math.floor(u() * 50);
      p[k] = t[k] === 1 ? v : 1 - v;
      sameOnAllPaths([t, p], ([yt, yp], onWarning) => mlm.logLoss(yt, yp, { onWarning }));
    }
  });

  test("anything unusual falls back to the general path: same errors and warnings", () => {
    const n = 40_000;
    const cases: ((yt: Float64Array, p: Float64Array) => void)[] = [
      (_yt, p) => (p[n - 1] = 1.5),
      (_yt, p) => (p[35_000] = -0.25),
      (_yt, p) => (p[7] = NaN),
      (_yt, p) => (p[n - 2] = Infinity),
      (yt) => (yt[39_000] = 2),
      (yt) => (yt[12] = 0.5),
      (yt) => yt.fill(1),
      (yt) => (yt[n - 1] = NaN),
      (yt, p) => { yt[33_000] = Infinity; p[2] = 2; },
      (yt) => { yt.fill(0); yt[30_000] = 1; },
      (_yt, p) => (p[0] = -0),
    ];
    for (const mutate of cases) {
      const d = labelData(n, 5);
      mutate(d.yt, d.pr);
      sameOnAllPaths([d.yt, d.pr], ([t, p], onWarning) => mlm.logLoss(t, p, { onWarning }));
    }
    // options that the fast path does not take: labels, weights
    const d = labelData(1000, 6);
    sameOnAllPaths([d.yt, d.pr], ([t, p], onWarning) => mlm.logLoss(t, p, { labels: [1, 0], onWarning }));
    sameOnAllPaths([d.yt, d.pr, d.yp], ([t, p, w], onWarning) => mlm.logLoss(t, p, { sampleWeight: w, onWarning }));
  });
});

test("an identical second call grows no memory (fast paths, chunked copies)", () => {
  const [yt, yp] = regressionData(300_001, 1);
  const d = labelData(300_001, 2);
  const calls = [
    () => mlm.regressionMetrics({ yTrue: yt, yPred: yp }),
    () => mlm.f1Score(d.yt, d.yp),
    () => mlm.logLoss(d.yt, d.pr),
  ];
  for (const f of calls) {
    const first = f();
    const pages = mlm.memoryStats().pages;
    expect(f()).toStrictEqual(first);
    expect(mlm.memoryStats().pages).toBe(pages);
    expect(mlm.memoryStats().arenaBytes).toBe(0);
  }
});

// ---------------------------------------------------------------------------
// The metric dicts' shared statistics (src/dicts/binary.ts, regression and
// anomaly one-shot statistics) and the fast paths for other input types:
// every input is staged once and every metric comes from shared statistics.
// Each case runs the same inputs with the fast paths off (the general path,
// which calls the separate metric functions) and on; the outcomes must be
// identical to the bit (signs of zeros included), with the same warnings in
// the same order and the same errors. `fast` counts the calls a fast path
// answered (the proof that it was taken).

/** Every number as its exact text (-0 marked), recursively: a bitwise comparison of results. */
function bits(v: unknown): unknown {
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (Array.isArray(v)) return v.map(bits);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bits(x)]));
  return v;
}

type InputKind = "f64" | "handle" | "f32" | "i32" | "u8" | "i8" | "array" | "bool";
const LABEL_KINDS: InputKind[] = ["f64", "handle", "i32", "u8", "array", "bool"];

/** `a` as the given kind (booleans: a != 0; negative labels make no sense for Uint8Array: the caller avoids them). */
function as(a: Float64Array, kind: InputKind, handles: mlm.WasmFloat64Array[]): unknown {
  switch (kind) {
    case "f64":
      return a;
    case "f32":
      return Float32Array.from(a);
    case "i32":
      return Int32Array.from(a);
    case "u8":
      return Uint8Array.from(a);
    case "i8":
      return Int8Array.from(a);
    case "array":
      return Array.from(a);
    case "bool":
      return Array.from(a, (v) => v !== 0);
    case "handle": {
      const h = mlm.allocFloat64(a.length);
      h.array.set(a);
      handles.push(h);
      return h;
    }
  }
}

/**
 * Runs `call` on inputs built by `make` with the fast paths off, then on; the
 * outcomes must be identical. Handles made by `make` are freed (and checked
 * intact: a fast path reads them in place and must not write to them).
 */
function sameFastAndGeneral(make: (handles: mlm.WasmFloat64Array[]) => unknown[], call: (args: unknown[], onWarning: (m: string) => void) => unknown) {
  const handles: mlm.WasmFloat64Array[] = [];
  const args = make(handles);
  const before = handles.map((h) => Float64Array.from(h.array));
  let general: Outcome;
  let hits = 0;
  try {
    fastPaths.enabled = false;
    general = outcome((w) => bits(call(args, w)));
    fastPaths.enabled = true;
    const h0 = fastPaths.hits;
    const fast = outcome((w) => bits(call(args, w)));
    hits = fastPaths.hits - h0;
    expect(fast).toStrictEqual(general);
    handles.forEach((h, i) => expect(h.array.every((v, j) => Object.is(v, before[i][j]))).toBe(true));
  } finally {
    fastPaths.enabled = true;
    for (let i = handles.length - 1; i >= 0; i--) handles[i].free();
  }
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  return { ...general!, fast: hits };
}

/** Probabilities: uniform, heavy ties, exact 0 and 1 (a 0 takes the general curve route inside the fast path), tiny. */
const PROBS: Record<string, (u: () => number, y: number, i: number) => number> = {
  continuous: (u, y) => Math.min(1, Math.max(1e-9, 0.3 * y + 0.7 * u())),
  ties: (u, y) => Math.round((0.2 * y + 0.8 * u()) * 10) / 10,
  "with 0 and 1": (u, y, i) => (i % 17 === 0 ? 0 : i % 13 === 0 ? 1 : 0.4 * y + 0.6 * u()),
  "all equal": () => 0.375,
  "near 0 and 1": (u, y) => (u() < 0.5 ? u() * 1e-17 : 1 - u() * 0.07) * 0.5 + 0.5 * y * u(),
};

function binaryData(n: number, seed: number, a: number, b: number, prob: (u: () => number, y: number, i: number) => number) {
  const u = rng(seed);
  const yt = new Float64Array(n), yp = new Float64Array(n), pr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pos = u() < 0.3;
    yt[i] = pos ? b : a;
    yp[i] = u() < 0.8 ? yt[i] : pos ? a : b;
    pr[i] = prob(u, pos ? 1 : 0, i);
  }
  // both classes in yTrue (the n = 1 case has one)
  if (n >= 2) {
    yt[0] = a;
    yt[n - 1] = b;
  }
  return { yt, yp, pr };
}

const DICT_SIZES = [1, 2, 3, 7, 8, 9, 127, 128, 129, 1000, 4097, 33_000];

describe("classificationMetrics, binary: the shared-statistics fast path equals the general path", () => {
  test.each(DICT_SIZES)("n = %i: both presets, every label input type, ties, 0/1 probabilities", (n) => {
    let taken = 0;
    for (const [a, b] of [[0, 1], [-1, 1], [1, 2]]) {
      for (const [pname, prob] of Object.entries(PROBS)) {
        const d = binaryData(n, n * 7 + a + pname.length, a, b, prob);
        for (const kind of LABEL_KINDS) {
          if (kind === "u8" && a < 0) continue;
          if (kind === "bool" && (a !== 0 || b !== 1)) continue;
          for (const preset of ["compact", "mlflow"] as const) {
            const r = sameFastAndGeneral(
              (hs) => [as(d.yt, kind, hs), as(d.yp, kind, hs), as(d.pr, kind === "handle" ? "handle" : kind === "array" ? "array" : "f64", hs)],
              ([yTrue, yPred, yProb], onWarning) =>
                mlm.classificationMetrics({ yTrue, yPred, yProb } as mlm.ClassificationInput, { preset, onWarning, ...(preset === "compact" ? { posLabel: b } : {}) }),
            );
            if (n >= 2) {
              expect(r.error, `${kind} ${preset} ${pname}`).toBeUndefined();
              expect(r.fast, `${kind} ${preset} ${pname}: fast path taken`).toBe(1);
            }
            taken += r.fast;
          }
        }
      }
    }
    expect(taken).toBeGreaterThan(0);
  });

  test("without probabilities, posLabel variants, a single label, zero-division warnings", () => {
    for (const n of [1, 5, 300, 40_000]) {
      const u = rng(n);
      const base = Float64Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0));
      const cases: [string, Float64Array, Float64Array, Record<string, unknown>][] = [
        ["plain", base, base.map((v, i) => (i % 5 === 0 ? 1 - v : v)), {}],
        ["posLabel 0", base, base.map((v, i) => (i % 3 === 0 ? 1 - v : v)), { posLabel: 0 }],
        ["posLabel false", base, base, { posLabel: false }],
        ["no predicted positive", base, new Float64Array(n), {}],
        ["no positive at all", new Float64Array(n), new Float64Array(n), {}],
        ["a single label, not the positive one", new Float64Array(n).fill(3), new Float64Array(n).fill(3), {}],
        ["posLabel absent from two labels", base, base, { posLabel: 2 }],
        ["posLabel 1.5", base, base, { posLabel: 1.5 }],
      ];
      for (const [what, yt, yp, opts] of cases) {
        for (const preset of ["compact", "mlflow"] as const) {
          for (const kind of ["f64", "i32", "array"] as InputKind[]) {
            const r = sameFastAndGeneral(
              (hs) => [as(yt, kind, hs), as(yp, kind, hs)],
              ([yTrue, yPred], onWarning) => mlm.classificationMetrics({ yTrue, yPred } as mlm.ClassificationInput, { preset, onWarning, ...opts }),
            );
            expect(what).toBeTruthy();
            if (what === "no predicted positive" && preset === "compact") expect(r.warnings.length, what).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  test("anything unusual falls back to the general path: same errors, warnings and values", () => {
    const n = 40_000;
    const cases: [string, (d: ReturnType<typeof binaryData>) => unknown[]][] = [
      ["a third label in yPred after the prefix", (d) => { d.yp[35_000] = 2; return [d.yt, d.yp, d.pr]; }],
      ["a third label in yTrue", (d) => { d.yt[100] = 5; return [d.yt, d.yp, d.pr]; }],
      ["one class in yTrue", (d) => { d.yt.fill(0); return [d.yt, d.yp, d.pr]; }],
      ["NaN in yTrue", (d) => { d.yt[39_999] = NaN; return [d.yt, d.yp, d.pr]; }],
      ["infinity in yPred", (d) => { d.yp[7] = -Infinity; return [d.yt, d.yp, d.pr]; }],
      ["a fraction in yTrue", (d) => { d.yt[20_000] = 0.5; return [d.yt, d.yp, d.pr]; }],
      ["a probability above 1", (d) => { d.pr[n - 1] = 1.0000001; return [d.yt, d.yp, d.pr]; }],
      ["a negative probability", (d) => { d.pr[3] = -0.25; return [d.yt, d.yp, d.pr]; }],
      ["NaN probability", (d) => { d.pr[30_000] = NaN; return [d.yt, d.yp, d.pr]; }],
      ["lengths differ (yProb)", (d) => [d.yt, d.yp, d.pr.subarray(1)]],
      ["lengths differ (yPred)", (d) => [d.yt, d.yp.subarray(1), d.pr]],
      ["huge integer labels", (d) => [d.yt.map((v) => v * 2 ** 64), d.yp.map((v) => v * 2 ** 64), d.pr]],
      ["a string among number[] labels", (d) => [Object.assign(Array.from(d.yt), { 9: "1" }), d.yp, d.pr]],
      ["null in number[] probabilities", (d) => [d.yt, d.yp, Object.assign(Array.from(d.pr), { 5: null })]],
      ["a boolean in number[] probabilities", (d) => [d.yt, d.yp, Object.assign(Array.from(d.pr), { 5: true })]],
      ["booleans mixed with numbers", (d) => [Object.assign(Array.from(d.yt, (v) => v === 1), { 3: 1 }), d.yp, d.pr]],
      ["a probability matrix", (d) => [d.yt, d.yp, Array.from(d.pr.subarray(0, n), (v) => [1 - v, v])]],
      ["string labels", (d) => [Array.from(d.yt, (v) => (v ? "yes" : "no")), Array.from(d.yp, (v) => (v ? "yes" : "no")), d.pr]],
      ["-0 and 0 labels", (d) => { for (let i = 0; i < n; i += 3) if (d.yt[i] === 0) d.yt[i] = -0; return [d.yt, d.yp, d.pr]; }],
      ["scores of mixed signs (keys span 64 bits): not probabilities", (d) => [d.yt, d.yp, d.pr.map((v) => v - 0.5)]],
    ];
    for (const [what, mutate] of cases) {
      for (const preset of ["compact", "mlflow"] as const) {
        for (const opts of [{}, { posLabel: 0 }, { sampleWeight: true }, { labels: [0, 1] }, { nClasses: 2 }, { train: true }]) {
          const d = binaryData(n, what.length, 0, 1, PROBS.continuous);
          const [yTrue, yPred, yProb] = mutate(d);
          const w = Float64Array.from({ length: n }, (_, i) => 0.5 + (i % 3));
          const { sampleWeight, train, ...o } = opts as Record<string, unknown>;
          const r = sameFastAndGeneral(
            () => [],
            (_a, onWarning) =>
              mlm.classificationMetrics(
                {
                  yTrue, yPred, yProb,
                  ...(sampleWeight ? { sampleWeight: w } : {}),
                  ...(train ? { train: { yTrue: d.yt } } : {}),
                } as mlm.ClassificationInput,
                { preset, onWarning, ...o },
              ),
          );
          expect(what).toBeTruthy();
          if (sampleWeight || Object.keys(o).length > 0 || what !== "-0 and 0 labels") continue;
          expect(r.fast, "-0 labels take the fast path").toBe(1);
        }
      }
    }
  });

  test("the 'mlflow' general path on a zero-copy yProb passes the handle on (no stale view when the memory grows)", () => {
    const n = 1_500_000;
    const d = binaryData(n, 3, 0, 1, PROBS.continuous);
    const h = mlm.allocFloat64(n);
    try {
      h.array.set(d.pr);
      fastPaths.enabled = false;
      const viaHandle = mlm.classificationMetrics({ yTrue: d.yt, yPred: d.yp, yProb: h }, { preset: "mlflow" });
      expect(viaHandle).toStrictEqual(mlm.classificationMetrics({ yTrue: d.yt, yPred: d.yp, yProb: d.pr }, { preset: "mlflow" }));
    } finally {
      fastPaths.enabled = true;
      h.free();
    }
  });

  test("zero-copy handles for every input are read in place and left intact", () => {
    for (const n of [129, 50_001]) {
      const d = binaryData(n, n, 0, 1, PROBS.ties);
      for (const preset of ["compact", "mlflow"] as const) {
        const r = sameFastAndGeneral(
          (hs) => [as(d.yt, "handle", hs), as(d.yp, "handle", hs), as(d.pr, "handle", hs)],
          ([yTrue, yPred, yProb], onWarning) => mlm.classificationMetrics({ yTrue, yPred, yProb } as mlm.ClassificationInput, { preset, onWarning }),
        );
        expect(r.fast).toBe(1);
      }
    }
  });
});

describe("label metrics with integer typed arrays: the fused counting paths", () => {
  test.each([1, 2, 9, 128, 129, 4097, 32769, 70_001])("n = %i: f1 / precision / recall, accuracy, confusion matrix", (n) => {
    for (const [a, b] of [[0, 1], [1, 2], [-1, 1], [0, 3]]) {
      const d = binaryData(n, n + b, a, b, PROBS.continuous);
      for (const kind of ["f64", "handle", "f32", "i32", "u8", "i8"] as InputKind[]) {
        if (kind === "u8" && a < 0) continue;
        const make = (hs: mlm.WasmFloat64Array[]) => [as(d.yt, kind, hs), as(d.yp, kind, hs)];
        for (const [name, f] of Object.entries(COUNT_METRICS)) {
          const r = sameFastAndGeneral(make, ([t, p], onWarning) => f(t as never, p as never, { posLabel: b, onWarning }));
          expect(r.error, name).toBeUndefined();
          expect(r.fast, `${name} ${kind}: fast path taken`).toBe(1);
        }
        for (const normalize of [undefined, false]) {
          const r = sameFastAndGeneral(make, ([t, p], onWarning) => mlm.accuracyScore(t as never, p as never, { normalize, onWarning }));
          expect(r.fast, `accuracy ${kind}: fast path taken`).toBe(1);
        }
        const h = sameFastAndGeneral(make, ([t, p], onWarning) => mlm.hammingLoss(t as never, p as never, { onWarning }));
        expect(h.fast, `hammingLoss ${kind}: fast path taken`).toBe(1);
        for (const normalize of [undefined, "true", "pred", "all"] as const) {
          const r = sameFastAndGeneral(make, ([t, p], onWarning) => mlm.confusionMatrix(t as never, p as never, { normalize, onWarning }));
          if (n >= 2) expect(r.fast, `confusionMatrix ${kind}: fast path taken`).toBe(1);
        }
      }
    }
  });

  test("accuracy: multiclass labels take the fast path; fractions, NaN, infinities, weights do not", () => {
    const n = 40_000;
    const u = rng(3);
    const yt = Float64Array.from({ length: n }, () => Math.floor(u() * 7) - 3);
    const yp = yt.map((v, i) => (i % 4 === 0 ? v + 1 : v));
    expect(sameFastAndGeneral(() => [yt, yp], ([t, p], onWarning) => mlm.accuracyScore(t as never, p as never, { onWarning })).fast).toBe(1);
    expect(sameFastAndGeneral(() => [yt, yp], ([t, p], onWarning) => mlm.hammingLoss(t as never, p as never, { onWarning })).fast).toBe(1);
    const cases: ((t: Float64Array, p: Float64Array) => void)[] = [
      (t) => (t[39_000] = 0.5),
      (_t, p) => (p[12] = NaN),
      (t) => (t[n - 1] = Infinity),
      (_t, p) => (p[0] = -Infinity),
      (t, p) => { t.fill(2 ** 70); p.fill(2 ** 70); },
    ];
    for (const mutate of cases) {
      const t = yt.slice(), p = yp.slice();
      mutate(t, p);
      sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.accuracyScore(a as never, b as never, { onWarning }));
      sameFastAndGeneral(() => [Array.from(t), p], ([a, b], onWarning) => mlm.accuracyScore(a as never, b as never, { onWarning }));
      sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.hammingLoss(a as never, b as never, { onWarning }));
    }
    sameFastAndGeneral(() => [yt, yp], ([a, b], onWarning) => mlm.accuracyScore(a as never, b as never, { sampleWeight: yt.map(Math.abs), onWarning }));
    sameFastAndGeneral(() => [yt, yp.subarray(1)], ([a, b], onWarning) => mlm.accuracyScore(a as never, b as never, { onWarning }));
  });

  test.each([1, 3, 4, 5, 127, 128, 129, 4097, 40_000])("n = %i: multiclass confusion matrix (class indices 0 to 63) in one pass", (n) => {
    for (const k of [3, 5, 16, 64]) {
      const u = rng(n * 31 + k);
      const yt = Float64Array.from({ length: n }, () => Math.floor(u() * k));
      // some classes only in yPred, some in neither
      const yp = yt.map((v) => (u() < 0.7 ? v : Math.floor(u() * k) ^ 1));
      for (const kind of ["f64", "handle", "i32", "u8", "f32"] as InputKind[]) {
        for (const normalize of [undefined, "true", "pred", "all"] as const) {
          const r = sameFastAndGeneral(
            (hs) => [as(yt, kind, hs), as(yp, kind, hs)],
            ([t, p], onWarning) => mlm.confusionMatrix(t as never, p as never, { normalize, onWarning }),
          );
          expect(r.error).toBeUndefined();
          const labels = new Set([...yt, ...yp]).size;
          if (labels > 2 && k <= 63) expect(r.fast, `k = ${k}, ${kind}: fast path taken`).toBe(1);
        }
      }
    }
  });

  test("multiclass confusion matrix: labels outside 0..63, fractions, NaN take the general path", () => {
    const n = 5000;
    const u = rng(8);
    const base = Float64Array.from({ length: n }, () => Math.floor(u() * 5));
    for (const [what, t, p] of [
      ["label 64", base.map((v, i) => (i === 4000 ? 64 : v)), base],
      ["negative labels", base.map((v) => v - 2), base.map((v) => v - 2)],
      ["a fraction", base, base.map((v, i) => (i === 17 ? 2.5 : v))],
      ["NaN", base, base.map((v, i) => (i === n - 1 ? NaN : v))],
      ["infinity", base.map((v, i) => (i === 9 ? Infinity : v)), base],
      ["-0 among the labels", base.map((v, i) => (v === 0 && i % 2 ? -0 : v)), base],
    ] as [string, Float64Array, Float64Array][]) {
      const r = sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.confusionMatrix(a as never, b as never, { onWarning }));
      if (what === "-0 among the labels") expect(r.fast, what).toBe(1);
      else expect(r.fast, what).toBe(0);
    }
  });

  test("confusion matrix: one label and a third label after the prefix take the table pass; labels, weights take the general path", () => {
    const n = 5000;
    const d = binaryData(n, 1, 0, 1, PROBS.continuous);
    const three = d.yp.map((v, i) => (i === 4000 ? 2 : v));
    for (const [t, p, o, fast] of [
      [new Float64Array(n).fill(1), new Float64Array(n).fill(1), {}, 1],
      [d.yt, three, {}, 1],
      [d.yt, d.yp, { labels: [1, 0] }, 0],
      [d.yt, d.yp, { sampleWeight: d.pr }, 0],
      [d.yt, d.yp.subarray(1), {}, 0],
      [d.yt.map((v) => v + 0.5), d.yp, {}, 0],
    ] as [Float64Array, Float64Array, Record<string, unknown>, number][]) {
      const r = sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.confusionMatrix(a as never, b as never, { ...o, onWarning }));
      expect(r.fast).toBe(fast);
    }
  });
});

describe("regressionMetrics: the 'mlflow' preset in the compact pass, number[] and typed inputs", () => {
  test.each(SIZES)("n = %i: both presets, Float64Array, handles, number[], Float32Array, Int32Array, mixed", (n) => {
    const [yt, yp] = regressionData(n, 11 * n + 5);
    const ints = [yt.map((v) => Math.round(v * 10)), yp.map((v) => Math.round(v * 10))];
    for (const preset of ["compact", "mlflow"] as const) {
      for (const [k1, k2, src] of [
        ["f64", "f64", [yt, yp]],
        ["handle", "handle", [yt, yp]],
        ["array", "array", [yt, yp]],
        ["f32", "f32", [yt, yp]],
        ["i32", "i32", ints],
        ["f64", "array", [yt, yp]],
        ["handle", "f64", [yt, yp]],
      ] as [InputKind, InputKind, Float64Array[]][]) {
        const r = sameFastAndGeneral(
          (hs) => [as(src[0], k1, hs), as(src[1], k2, hs)],
          ([yTrue, yPred], onWarning) => mlm.regressionMetrics({ yTrue, yPred } as mlm.RegressionInput, { preset, onWarning }),
        );
        expect(r.error).toBeUndefined();
        expect(r.fast, `${preset} ${k1}/${k2}: fast path taken`).toBe(1);
      }
    }
  });

  test("the sequential Σy and max |e|: signed zeros, cancellation, huge values; errors fall back", () => {
    const n = 70_001;
    const u = rng(9);
    const yt = Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? -0 : (u() - 0.5) * 10 ** Math.floor(u() * 30 - 10)));
    const yp = yt.map((v, i) => (i % 7 === 0 ? v : v + (u() - 0.5)));
    const negZero = new Float64Array(n).fill(-0);
    for (const [t, p] of [[yt, yp], [negZero, negZero], [yt.map((v) => v * 1e290), yp.map((v) => v * 1e290)]]) {
      for (const kind of ["f64", "array", "handle"] as InputKind[]) {
        sameFastAndGeneral(
          (hs) => [as(t, kind, hs), as(p, kind, hs)],
          ([yTrue, yPred], onWarning) => mlm.regressionMetrics({ yTrue, yPred } as mlm.RegressionInput, { preset: "mlflow", onWarning }),
        );
      }
    }
    const bad: [string, unknown[]][] = [
      ["NaN in number[]", [Object.assign(Array.from(yt), { 9: NaN }), yp]],
      ["a string in number[]", [Object.assign(Array.from(yt), { 9: "1" }), yp]],
      ["a boolean in number[]", [yt, Object.assign(Array.from(yp), { 0: true })]],
      ["null in number[]", [yt, Object.assign(Array.from(yp), { 0: null })]],
      ["infinity", [yt, yp.map((v, i) => (i === n - 1 ? Infinity : v))]],
      ["lengths differ", [Array.from(yt), yp.subarray(2)]],
      ["empty", [[], []]],
    ];
    for (const [what, [yTrue, yPred]] of bad) {
      for (const preset of ["compact", "mlflow"] as const) {
        const r = sameFastAndGeneral(() => [], (_a, onWarning) => mlm.regressionMetrics({ yTrue, yPred } as mlm.RegressionInput, { preset, onWarning }));
        expect(r.error, what).toBeDefined();
        expect(r.fast).toBe(0);
      }
    }
  });
});

describe("anomalyMetrics: one pass plus the deviation pass", () => {
  function anomalyData(n: number, seed: number, rate: number) {
    const u = rng(seed);
    const s = new Float64Array(n), p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u());
      p[i] = u() < rate ? -1 : 1;
    }
    return { s, p };
  }

  test.each([1, 2, 3, 7, 8, 9, 127, 128, 129, 1000, 16_384, 16_385, 40_000, 131_073])("n = %i: every input type, anomaly rates 0 to 1", (n) => {
    for (const rate of [0, 0.1, 0.5, 1]) {
      const d = anomalyData(n, n * 3 + rate * 10, rate);
      for (const kind of ["f64", "handle", "array", "f32", "i32"] as InputKind[]) {
        const r = sameFastAndGeneral(
          (hs) => [as(d.p, kind === "f32" ? "i8" : kind, hs), as(d.s, kind === "i32" ? "f64" : kind, hs)],
          ([predictions, scores]) => mlm.anomalyMetrics({ predictions, scores } as mlm.AnomalyInput),
        );
        expect(r.error).toBeUndefined();
        expect(r.fast, `${kind}: fast path taken`).toBe(1);
      }
    }
  });

  test("the general path on zero-copy handles copies from the handle (no stale view when the memory grows)", () => {
    // Larger than anything before in this file: the general path's copies grow the memory.
    const n = 2_500_000;
    const d = anomalyData(n, 77, 0.1);
    const hp = mlm.allocFloat64(n), hs = mlm.allocFloat64(n);
    try {
      hp.array.set(d.p);
      hs.array.set(d.s);
      fastPaths.enabled = false;
      const viaHandles = mlm.anomalyMetrics({ predictions: hp, scores: hs });
      expect(viaHandles).toStrictEqual(mlm.anomalyMetrics({ predictions: d.p, scores: d.s }));
    } finally {
      fastPaths.enabled = true;
      hs.free();
      hp.free();
    }
  });

  test("signed zeros (min / max), ties, and what falls back", () => {
    const n = 40_000;
    const zeros = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -0 : i % 3 === 1 ? 0 : i % 2));
    const negZeros = zeros.map((v) => (v === 0 ? v : -v));
    const p = Float64Array.from({ length: n }, (_, i) => (i % 10 === 0 ? -1 : 1));
    for (const s of [zeros, negZeros, new Float64Array(n).fill(-0), new Float64Array(n).fill(0.5)]) {
      const r = sameFastAndGeneral(() => [p, s], ([predictions, scores]) => mlm.anomalyMetrics({ predictions, scores } as mlm.AnomalyInput));
      expect(r.fast).toBe(1);
    }
    const d = anomalyData(n, 5, 0.1);
    const bad: [string, unknown, unknown][] = [
      ["label 0", d.p.map((v, i) => (i === 39_000 ? 0 : v)), d.s],
      ["label NaN", d.p.map((v, i) => (i === 3 ? NaN : v)), d.s],
      ["score NaN", d.p, d.s.map((v, i) => (i === 20_000 ? NaN : v))],
      ["score infinity", d.p, d.s.map((v, i) => (i === n - 1 ? -Infinity : v))],
      ["huge constant scores (no finite one-bin histogram)", d.p, new Float64Array(n).fill(2 ** 60)],
      ["a range wider than the largest double", d.p, d.s.map((v, i) => (i === 0 ? -1.7e308 : i === 1 ? 1.7e308 : v))],
      ["a sum that overflows", d.p, d.s.map(() => 1.7e308)],
      ["lengths differ", d.p.subarray(1), d.s],
      ["a string label", Object.assign(Array.from(d.p), { 4: "1" }), d.s],
      ["empty", new Float64Array(0), new Float64Array(0)],
    ];
    for (const [what, predictions, scores] of bad) {
      const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
      try {
        const r = sameFastAndGeneral(() => [], () => mlm.anomalyMetrics({ predictions, scores } as mlm.AnomalyInput));
        expect(r.fast, what).toBe(0);
      } finally {
        warn.mockRestore();
      }
    }
  });
});

describe("dense label tables (integer labels in [0, 1024)) ≡ the binary-search path", () => {
  // The same labels moved out of the table's range (+5000, or negative) take the general
  // search; the label order is the same, so every per-class number must be the same bits.
  const metrics = (yt: Float64Array, yp: Float64Array, w: Float64Array | undefined, labels: number[] | undefined) => {
    const o = { sampleWeight: w, zeroDivision: 0 as const };
    return {
      cm: mlm.confusionMatrix(yt, yp, { sampleWeight: w, labels }),
      f1: mlm.f1Score(yt, yp, { ...o, average: null, labels }),
      f1macro: mlm.f1Score(yt, yp, { ...o, average: "macro", labels }),
      pweighted: mlm.precisionScore(yt, yp, { ...o, average: "weighted", labels }),
      jac: mlm.jaccardScore(yt, yp, { ...o, average: "macro", labels }),
      mcc: labels ? null : mlm.matthewsCorrcoef(yt, yp, { sampleWeight: w }),
      kappa: mlm.cohenKappaScore(yt, yp, { sampleWeight: w, labels }),
      bal: labels ? null : mlm.balancedAccuracyScore(yt, yp, { sampleWeight: w }),
      ham: labels ? null : mlm.hammingLoss(yt, yp, { sampleWeight: w }),
    };
  };
  test.each([2, 3, 10, 40])("k = %i classes, weighted and not, with and without `labels`", (k) => {
    const r = rng(100 + k);
    const n = 3000;
    const yt = Float64Array.from({ length: n }, () => Math.floor(r() * k));
    const yp = Float64Array.from(yt, (v) => (r() < 0.6 ? v : Math.floor(r() * k)));
    const w = Float64Array.from({ length: n }, () => 0.1 + r() * 3);
    for (const shift of [5000, -7]) {
      const st = yt.map((v) => v + shift);
      const sp = yp.map((v) => v + shift);
      for (const weights of [undefined, w]) {
        for (const labels of [undefined, k > 2 ? [0, 2, 1] : [1, 0]]) {
          const dense = metrics(yt, yp, weights, labels);
          const general = metrics(st, sp, weights, labels?.map((v) => v + shift));
          expect(general).toEqual(dense);
          for (const key of Object.keys(dense) as (keyof typeof dense)[]) {
            const a = JSON.stringify(dense[key]);
            expect(a, key).toBe(JSON.stringify(general[key]));
          }
        }
      }
    }
  });

  test("-0 and fractional labels leave the table path with the same results", () => {
    const yt = Float64Array.from([0, 1, 2, 0, 1, 2, 2, 0]);
    const yp = Float64Array.from([0, 2, 2, 0, 1, 1, 2, 1]);
    const negZero = yt.map((v) => (v === 0 ? -0 : v));
    expect(mlm.confusionMatrix(negZero, yp)).toEqual(mlm.confusionMatrix(yt, yp));
    expect(mlm.f1Score(negZero, yp, { average: null })).toEqual(mlm.f1Score(yt, yp, { average: null }));
    // a fractional label is a continuous target, as before
    expect(() => mlm.f1Score(yt.map((v, i) => (i === 5 ? 1.5 : v)), yp, { average: "macro" })).toThrow(/continuous/);
  });
});

describe("medianAbsoluteError: the radix select gives np.median's middle values", () => {
  // numpy: np.median(|y − ŷ|) = the middle element, or (a + b) / 2 of the two middle elements
  const reference = (yt: Float64Array, yp: Float64Array) => {
    const d = Float64Array.from(yt, (v, i) => Math.abs(v - yp[i])).sort();
    const h = d.length >> 1;
    return d.length % 2 ? d[h] : (d[h - 1] + d[h]) / 2;
  };
  test.each([1, 2, 3, 4096, 4097, 4098, 20_001, 150_000])("n = %i: integers with ties, wide magnitudes, uniform", (n) => {
    const u = rng(n);
    // kinds 3, 4: all differences zero (yŷ = y, with -0); subnormal differences (the select's first digit, counted in the difference pass)
    for (const kind of [0, 1, 2, 3, 4]) {
      const yt = Float64Array.from({ length: n }, () => (kind === 0 ? u() * 100 : kind === 1 ? Math.floor(u() * 5) : kind === 3 ? (u() < 0.5 ? -0 : 0) : kind === 4 ? 0 : (u() - 0.5) * 10 ** Math.floor(u() * 30 - 15)));
      const yp = Float64Array.from(yt, (v) => (kind === 1 ? Math.floor(u() * 5) : kind === 3 ? (u() < 0.5 ? -0 : v) : kind === 4 ? (u() < 0.5 ? -1 : 1) * 5e-324 * Math.floor(u() * 9) : v + (u() - 0.5) * Math.abs(v)));
      expect(Object.is(mlm.medianAbsoluteError(yt, yp), reference(yt, yp)), `kind ${kind}`).toBe(true);
    }
  });
});

describe("multiclass set-wise metrics and classificationReport: the one counting pass of confusionMatrix", () => {
  const AVERAGES = ["micro", "macro", "weighted", null] as const;
  /** Labels 0 .. k-1 with some classes never predicted, some only predicted, none correct when `wrong`. */
  function mcData(n: number, k: number, seed: number, wrong = false) {
    const u = rng(seed);
    const yt = Float64Array.from({ length: n }, () => Math.floor(u() * Math.max(1, k - 1)));
    const yp = yt.map((v) => (wrong ? (v + 1) % k : u() < 0.6 ? v : Math.floor(u() * k)));
    return { yt, yp };
  }
  const setWise = (avg: (typeof AVERAGES)[number], zeroDivision: unknown) => ({
    precision: (t: unknown, p: unknown, w: (m: string) => void) => mlm.precisionScore(t as never, p as never, { average: avg, zeroDivision, onWarning: w } as never),
    recall: (t: unknown, p: unknown, w: (m: string) => void) => mlm.recallScore(t as never, p as never, { average: avg, zeroDivision, onWarning: w } as never),
    f1: (t: unknown, p: unknown, w: (m: string) => void) => mlm.f1Score(t as never, p as never, { average: avg, zeroDivision, onWarning: w } as never),
    fbeta: (t: unknown, p: unknown, w: (m: string) => void) => mlm.fbetaScore(t as never, p as never, { beta: 0.5, average: avg, zeroDivision, onWarning: w } as never),
    prfs: (t: unknown, p: unknown, w: (m: string) => void) => mlm.precisionRecallFscoreSupport(t as never, p as never, { beta: 2, average: avg, zeroDivision, onWarning: w } as never),
    jaccard: (t: unknown, p: unknown, w: (m: string) => void) =>
      mlm.jaccardScore(t as never, p as never, { average: avg, zeroDivision: Number.isNaN(zeroDivision) ? 1 : zeroDivision, onWarning: w } as never),
  });

  test.each([1, 2, 9, 129, 4097, 40_000])("n = %i: every average and zeroDivision, k = 2 to 64, typed arrays and handles", (n) => {
    for (const k of [2, 3, 10, 64]) {
      for (const wrong of [false, true]) {
        const { yt, yp } = mcData(n, k, n * 7 + k, wrong);
        for (const kind of ["f64", "handle", "i32", "u8"] as InputKind[]) {
          const make = (hs: mlm.WasmFloat64Array[]) => [as(yt, kind, hs), as(yp, kind, hs)];
          for (const avg of AVERAGES) {
            for (const z of ["warn", 0, 1, NaN]) {
              for (const [name, f] of Object.entries(setWise(avg, z))) {
                const r = sameFastAndGeneral(make, ([t, p], w) => f(t, p, w));
                expect(r.error, `${name} ${avg} ${z}`).toBeUndefined();
                expect(r.fast, `${name} ${avg} ${kind}: fast path taken`).toBe(1);
              }
            }
          }
          for (const outputDict of [false, true]) {
            for (const digits of [2, 4]) {
              const r = sameFastAndGeneral(make, ([t, p], onWarning) => mlm.classificationReport(t as never, p as never, { outputDict, digits, onWarning }));
              expect(r.error).toBeUndefined();
              expect(r.fast, `classificationReport ${kind}: fast path taken`).toBe(1);
            }
          }
          const mcm = sameFastAndGeneral(make, ([t, p], onWarning) => mlm.multilabelConfusionMatrix(t as never, p as never, { onWarning }));
          expect(mcm.fast, `multilabelConfusionMatrix ${kind}: fast path taken`).toBe(1);
          const names = [...new Set([...yt, ...yp])].map((v) => `class ${v}`);
          sameFastAndGeneral(make, ([t, p], onWarning) => mlm.classificationReport(t as never, p as never, { targetNames: names, zeroDivision: 1, onWarning }));
        }
      }
    }
  });

  test("adversarial inputs: errors, warnings and bits are the general path's; what does not qualify takes it", () => {
    const n = 5000;
    const { yt, yp } = mcData(n, 6, 11);
    const f1 = (o: Record<string, unknown>) => ([t, p]: unknown[], onWarning: (m: string) => void) =>
      mlm.f1Score(t as never, p as never, { average: "macro", ...o, onWarning } as never);
    const report = (o: Record<string, unknown>) => ([t, p]: unknown[], onWarning: (m: string) => void) =>
      mlm.classificationReport(t as never, p as never, { ...o, onWarning } as never);
    for (const [what, t, p, o, fast] of [
      ["label 64", yt.map((v, i) => (i === 4000 ? 64 : v)), yp, {}, 0],
      ["a fraction", yt, yp.map((v, i) => (i === 17 ? 2.5 : v)), {}, 0],
      ["NaN", yt, yp.map((v, i) => (i === n - 1 ? NaN : v)), {}, 0],
      ["infinity", yt.map((v, i) => (i === 9 ? Infinity : v)), yp, {}, 0],
      ["negative labels", yt.map((v) => v - 3), yp.map((v) => v - 3), {}, 0],
      ["-0 among the labels", yt.map((v, i) => (v === 0 && i % 2 ? -0 : v)), yp, {}, 1],
      ["lengths differ", yt, yp.subarray(1), {}, 0],
      ["weights", yt, yp, { sampleWeight: yt.map((v) => v + 0.5) }, 0],
      ["labels", yt, yp, { labels: [3, 1, 7] }, 0],
      ["posLabel warns", yt, yp, { posLabel: 2 }, 0],
      ["posLabel 1", yt, yp, { posLabel: 1 }, 1],
      ["zeroDivision invalid", yt, yp, { zeroDivision: 5 }, 0],
      ["one class", new Float64Array(n).fill(3), new Float64Array(n).fill(3), {}, 1],
      ["a third label after the prefix", yt.map((v) => v % 2), yp.map((v, i) => (i === 4500 ? 2 : v % 2)), {}, 1],
    ] as [string, Float64Array, Float64Array, Record<string, unknown>, number][]) {
      const r = sameFastAndGeneral(() => [t, p], f1(o));
      expect(r.fast, `f1 ${what}`).toBe(fast);
      if (!("posLabel" in o) && !("zeroDivision" in o && o.zeroDivision === 5)) {
        const rr = sameFastAndGeneral(() => [t, p], report(o));
        expect(rr.fast, `report ${what}`).toBe(fast);
        const mcm = sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.multilabelConfusionMatrix(a as never, b as never, { ...o, onWarning } as never));
        expect(mcm.fast, `multilabelConfusionMatrix ${what}`).toBe(fast);
      }
    }
    // averages that keep the general path: 'binary' on multiclass targets and 'samples' raise sklearn's errors
    for (const average of ["binary", "samples"]) {
      const r = sameFastAndGeneral(() => [yt, yp], f1({ average }));
      expect(r.error).toMatch(/^ValueError/);
      expect(r.fast).toBe(0);
    }
    // plain arrays and strings: the general path
    expect(sameFastAndGeneral(() => [Array.from(yt), Array.from(yp)], f1({})).fast).toBe(0);
    const s = (a: Float64Array) => Array.from(a, (v) => `c${v}`);
    expect(sameFastAndGeneral(() => [s(yt), s(yp)], report({})).fast).toBe(0);
    // report options checked in sklearn's order on the fast path too
    sameFastAndGeneral(() => [yt, yp], report({ targetNames: ["a", "b"] }));
    sameFastAndGeneral(() => [yt, yp], report({ zeroDivision: "nope" }));
    sameFastAndGeneral(() => [yt, yp], report({ targetNames: ["a"], zeroDivision: "nope" }));
  });
});

describe("multiclass logLoss / brierScoreLoss / topKAccuracyScore on a flat matrix: one fused pass", () => {
  /** n rows of k probabilities (normalised; some one-hot rows, exact ties, tiny values), labels 0 .. k-1, all present. */
  function probData(n: number, k: number, seed: number) {
    const u = rng(seed);
    const y = Float64Array.from({ length: n }, (_, i) => (i < k ? i : Math.floor(u() * k)));
    const P = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      const r = u();
      if (r < 0.05) P[i * k + Math.floor(u() * k)] = 1;
      else if (r < 0.1) P.fill(1 / k, i * k, i * k + k);
      else {
        let t = 0;
        for (let j = 0; j < k; j++) t += P[i * k + j] = u() < 0.1 ? 1e-18 : Math.round(u() * 8) + (j === y[i] ? 4 * u() : 0);
        for (let j = 0; j < k; j++) P[i * k + j] /= t;
      }
    }
    return { y, P };
  }
  const CALLS: Record<string, (y: unknown, P: unknown, k: number, w: (m: string) => void) => unknown> = {
    logLoss: (y, P, k, w) => mlm.logLoss(y as never, P as never, { nClasses: k, onWarning: w }),
    brierScoreLoss: (y, P, k, w) => mlm.brierScoreLoss(y as never, P as never, { nClasses: k, onWarning: w }),
    "brierScoreLoss scaleByHalf": (y, P, k, w) => mlm.brierScoreLoss(y as never, P as never, { nClasses: k, scaleByHalf: true, onWarning: w }),
    "topK k=1": (y, P, k, w) => mlm.topKAccuracyScore(y as never, P as never, { nClasses: k, k: 1, onWarning: w }),
    "topK k=2": (y, P, k, w) => mlm.topKAccuracyScore(y as never, P as never, { nClasses: k, onWarning: w }),
    "topK k=2 counts": (y, P, k, w) => mlm.topKAccuracyScore(y as never, P as never, { nClasses: k, normalize: false, onWarning: w }),
  };

  test.each([3, 64, 129, 4097, 20_000])("n = %i, k = 3, 10, 64: the general path's bits", (n) => {
    for (const k of [3, 10, 64]) {
      if (n < k) continue;
      const { y, P } = probData(n, k, n + k);
      for (const kind of ["f64", "handle"] as InputKind[]) {
        for (const [name, f] of Object.entries(CALLS)) {
          const r = sameFastAndGeneral((hs) => [as(y, kind, hs), as(P, kind, hs)], ([a, b], w) => f(a, b, k, w));
          expect(r.error, name).toBeUndefined();
          expect(r.warnings, name).toEqual([]);
          expect(r.fast, `${name} ${kind}: fast path taken`).toBe(1);
        }
      }
      // integer label arrays with a Float64Array matrix
      for (const [name, f] of Object.entries(CALLS)) {
        expect(sameFastAndGeneral((hs) => [as(y, "i32", hs), P], ([a, b], w) => f(a, b, k, w)).fast, name).toBe(1);
      }
    }
  });

  test("adversarial inputs: the general path's errors, warnings and bits", () => {
    const n = 3000, k = 5;
    const { y, P } = probData(n, k, 99);
    const mut = (f: (y: Float64Array, P: Float64Array) => void) => {
      const a = y.slice(), b = P.slice();
      f(a, b);
      return [a, b] as const;
    };
    for (const [what, [yy, PP], fast] of [
      ["NaN", mut((_y, p) => (p[2000] = NaN)), 0],
      ["infinity", mut((_y, p) => (p[7] = Infinity)), 0],
      ["a value above 1", mut((_y, p) => (p[k * 100] = 1.5)), 0],
      ["a value below 0", mut((_y, p) => (p[k * 100 + 1] = -0.25)), 0],
      ["-0", mut((_y, p) => { p[k * 50 + 1] += p[k * 50]; p[k * 50] = -0; }), 1],
      ["a row that does not sum to one", mut((_y, p) => (p[k * 10] *= 0.5)), 0],
      ["a class absent", mut((a) => a.forEach((v, i) => (a[i] = v === 3 ? 2 : v))), 0],
      ["label k", mut((a) => (a[1500] = k)), 0],
      ["a negative label", mut((a) => (a[0] = -1)), 0],
      ["a fractional label", mut((a) => (a[9] = 1.5)), 0],
      ["a NaN label", mut((a) => (a[n - 1] = NaN)), 0],
    ] as [string, readonly [Float64Array, Float64Array], number][]) {
      for (const [name, f] of Object.entries(CALLS)) {
        const r = sameFastAndGeneral(() => [yy, PP], ([a, b], w) => f(a, b, k, w));
        // top-k takes any finite scores and ignores row sums
        const topkFast = name.startsWith("topK") && /above|below|sum to one/.test(what) ? 1 : fast;
        expect(r.fast, `${name}: ${what}`).toBe(topkFast);
      }
    }
    const opts: [string, Record<string, unknown>][] = [
      ["weights", { sampleWeight: y.map((v) => v + 1) }],
      ["labels", { labels: [0, 1, 2, 3, 4] }],
      ["nClasses 2.5", { nClasses: 2.5 }],
      ["nClasses 0", { nClasses: 0 }],
    ];
    for (const [what, o] of opts) {
      for (const f of [mlm.logLoss, mlm.brierScoreLoss, mlm.topKAccuracyScore] as ((...a: unknown[]) => unknown)[]) {
        const r = sameFastAndGeneral(() => [y, P], ([a, b], w) => f(a, b, { nClasses: k, ...o, onWarning: w }));
        expect(r.fast, what).toBe(0);
      }
    }
    // shapes: lengths that do not match, a plain array, k >= n_classes for top-k (its warning), two columns
    expect(sameFastAndGeneral(() => [y.subarray(1), P], ([a, b], w) => mlm.logLoss(a as never, b as never, { nClasses: k, onWarning: w })).error).toMatch(/ValueError/);
    expect(sameFastAndGeneral(() => [Array.from(y), Array.from(P)], ([a, b], w) => mlm.logLoss(a as never, b as never, { nClasses: k, onWarning: w })).fast).toBe(0);
    const top5 = sameFastAndGeneral(() => [y, P], ([a, b], w) => mlm.topKAccuracyScore(a as never, b as never, { nClasses: k, k: 5, onWarning: w }));
    expect(top5.fast).toBe(0);
    expect(top5.warnings.length).toBe(1);
    const two = probData(500, 2, 5);
    for (const f of [mlm.logLoss, mlm.brierScoreLoss, mlm.topKAccuracyScore] as ((...a: unknown[]) => unknown)[]) {
      expect(sameFastAndGeneral(() => [two.y, two.P], ([a, b], w) => f(a, b, { nClasses: 2, onWarning: w })).fast).toBe(0);
    }
  });
});

describe("binary brierScoreLoss: checks and terms in one pass", () => {
  test.each([1, 2, 9, 128, 129, 4097, 32769, 70_001])("n = %i: the general path's bits", (n) => {
    for (const [a, b] of [[0, 1], [1, 2], [-1, 1], [3, 7]]) {
      const d = labelData(n, n + b, a, b);
      if (n > 1) { d.yt[0] = a; d.yt[1] = b; }
      for (const kind of ["f64", "handle", "i32"] as InputKind[]) {
        for (const posLabel of [undefined, a, b]) {
          const r = sameFastAndGeneral((hs) => [as(d.yt, kind, hs), as(d.pr, kind === "i32" ? "f64" : kind, hs)], ([t, p], onWarning) =>
            mlm.brierScoreLoss(t as never, p as never, { posLabel, onWarning } as never));
          expect(r.error).toBeUndefined();
          if (n > 1) expect(r.fast, `${a}/${b} ${kind} posLabel ${posLabel}`).toBe(1);
        }
      }
    }
  });

  test("adversarial inputs take the general path: its errors and bits", () => {
    const n = 6000;
    const d = labelData(n, 4);
    const mut = (f: (t: Float64Array, p: Float64Array) => void) => {
      const t = d.yt.slice(), p = d.pr.slice();
      f(t, p);
      return [t, p];
    };
    for (const [what, [t, p], o, fast] of [
      ["NaN", mut((_t, p) => (p[5000] = NaN)), {}, 0],
      ["above 1", mut((_t, p) => (p[3] = 1.5)), {}, 0],
      ["below 0", mut((_t, p) => (p[n - 1] = -0.1)), {}, 0],
      ["-0", mut((_t, p) => (p[10] = -0)), {}, 1],
      ["a third label", mut((t) => (t[5000] = 2)), {}, 0],
      ["a NaN label", mut((t) => (t[4500] = NaN)), {}, 0],
      ["fractional labels", mut((t) => t.forEach((v, i) => (t[i] = v + 0.5))), {}, 0],
      ["one label", mut((t) => t.fill(1)), {}, 0],
      ["weights", [d.yt, d.pr], { sampleWeight: d.pr }, 0],
      ["posLabel not a label", [d.yt, d.pr], { posLabel: 5 }, 0],
      ["posLabel true", [d.yt, d.pr], { posLabel: true }, 0],
      ["scaleByHalf", [d.yt, d.pr], { scaleByHalf: false }, 0],
      ["lengths differ", [d.yt, d.pr.subarray(1)], {}, 0],
      ["plain arrays", [Array.from(d.yt), Array.from(d.pr)], {}, 0],
    ] as [string, unknown[], Record<string, unknown>, number][]) {
      const r = sameFastAndGeneral(() => [t, p], ([a, b], onWarning) => mlm.brierScoreLoss(a as never, b as never, { ...o, onWarning } as never));
      expect(r.fast, what).toBe(fast);
    }
  });
});

describe("mean squared log error, pinball loss, Tweedie deviances: one chunked pass", () => {
  const LOSSES: Record<string, (t: unknown, p: unknown, w: (m: string) => void, o?: Record<string, unknown>) => unknown> = {
    meanSquaredLogError: (t, p, w, o) => mlm.meanSquaredLogError(t as never, p as never, { ...o, onWarning: w }),
    rootMeanSquaredLogError: (t, p, w, o) => mlm.rootMeanSquaredLogError(t as never, p as never, { ...o, onWarning: w }),
    meanPinballLoss: (t, p, w, o) => mlm.meanPinballLoss(t as never, p as never, { ...o, onWarning: w }),
    "meanPinballLoss alpha 0.1": (t, p, w, o) => mlm.meanPinballLoss(t as never, p as never, { alpha: 0.1, ...o, onWarning: w }),
    meanPoissonDeviance: (t, p, w, o) => mlm.meanPoissonDeviance(t as never, p as never, { ...o, onWarning: w }),
    meanGammaDeviance: (t, p, w, o) => mlm.meanGammaDeviance(t as never, p as never, { ...o, onWarning: w }),
    "meanTweedieDeviance 0": (t, p, w, o) => mlm.meanTweedieDeviance(t as never, p as never, { ...o, onWarning: w }),
    "meanTweedieDeviance 1.5": (t, p, w, o) => mlm.meanTweedieDeviance(t as never, p as never, { power: 1.5, ...o, onWarning: w }),
    "meanTweedieDeviance 3": (t, p, w, o) => mlm.meanTweedieDeviance(t as never, p as never, { power: 3, ...o, onWarning: w }),
    "meanTweedieDeviance -1": (t, p, w, o) => mlm.meanTweedieDeviance(t as never, p as never, { power: -1, ...o, onWarning: w }),
  };
  function positive(n: number, seed: number) {
    const [yt, yp] = regressionData(n, seed);
    return [yt.map((v) => Math.abs(v) + 1e-3), yp.map((v) => Math.abs(v) + 1e-3)];
  }

  test.each([1, 2, 9, 127, 128, 129, 4097, 32769, 70_001])("n = %i: the general path's bits", (n) => {
    const [yt, yp] = positive(n, 3 * n + 1);
    for (const kind of ["f64", "handle", "f32", "i32"] as InputKind[]) {
      for (const [name, f] of Object.entries(LOSSES)) {
        const int = (a: Float64Array) => (kind === "i32" ? a.map((v) => Math.round(v) + 1) : a);
        const r = sameFastAndGeneral((hs) => [as(int(yt), kind, hs), as(int(yp), kind, hs)], ([t, p], w) => f(t, p, w));
        expect(r.error, name).toBeUndefined();
        expect(r.fast, `${name} ${kind}`).toBe(1);
      }
    }
  });

  test("adversarial inputs: domain errors, non-finite values and weights take the general path", () => {
    const n = 5000;
    const [yt, yp] = positive(n, 77);
    const mut = (f: (t: Float64Array, p: Float64Array) => void) => {
      const t = yt.slice(), p = yp.slice();
      f(t, p);
      return [t, p];
    };
    const cases: [string, Float64Array[], Record<string, unknown>][] = [
      ["NaN", mut((t) => (t[4000] = NaN)), {}],
      ["infinity", mut((_t, p) => (p[3] = -Infinity)), {}],
      ["y = -1", mut((t) => (t[10] = -1)), {}],
      ["ŷ = -0.5", mut((_t, p) => (p[10] = -0.5)), {}],
      ["y = 0", mut((t) => (t[10] = 0)), {}],
      ["y = -0", mut((t) => (t[10] = -0)), {}],
      ["ŷ = 0", mut((_t, p) => (p[n - 1] = 0)), {}],
      ["negative y", mut((t) => (t[100] = -2)), {}],
      ["weights", [yt, yp], { sampleWeight: yt }],
      ["lengths differ", [yt, yp.subarray(1)], {}],
    ];
    for (const [what, [t, p], o] of cases) {
      for (const [name, f] of Object.entries(LOSSES)) {
        const r = sameFastAndGeneral(() => [t, p], ([a, b], w) => f(a, b, w, o));
        if (r.error === undefined && what !== "weights" && what !== "lengths differ") expect(r.fast, `${name}: ${what}`).toBe(1);
        else expect(r.fast, `${name}: ${what}`).toBe(0);
      }
    }
    expect(sameFastAndGeneral(() => [Array.from(yt), Array.from(yp)], ([a, b], w) => mlm.meanPinballLoss(a as never, b as never, { onWarning: w })).fast).toBe(0);
    expect(sameFastAndGeneral(() => [yt, yp], ([a, b], w) => mlm.meanPinballLoss(a as never, b as never, { alpha: 2, onWarning: w })).error).toMatch(/ValueError/);
    expect(sameFastAndGeneral(() => [yt, yp], ([a, b], w) => mlm.meanTweedieDeviance(a as never, b as never, { power: 0.5, onWarning: w })).error).toMatch(/ValueError/);
  });
});
