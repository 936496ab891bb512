// The fused fast paths (regressionMetrics' compact dict, binary precision /
// recall / F1 counts, binary logLoss) on Float64Array and zero-copy
// inputs must give exactly what the general path gives: the same bits, the same
// errors, the same warnings. Every case runs the same inputs with the fast paths
// switched off (the general path, whose results the parity suite checks against
// scikit-learn) and on, with Float64Arrays and with zero-copy handles. Sizes cross the
// pairwise leaves (128), the copy chunks (32768) and the label prefix (4096).
import { beforeAll, describe, expect, test } from "vitest";
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
