// Performance regression guards that are not timings (issue 3): the hot paths
// never run a comparison sort over the data, an identical second call grows no
// memory, and zero-copy handles give the same bits as ordinary arrays without
// being modified.
import { afterEach, beforeAll, expect, test, vi } from "vitest";
import * as mlm from "../src/index.js";

beforeAll(async () => {
  await mlm.init();
});
afterEach(() => vi.restoreAllMocks());

function data(n: number, seed: number) {
  let s = seed >>> 0;
  const u = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const yt = new Float64Array(n), yp = new Float64Array(n), lt = new Float64Array(n);
  const lp = new Float64Array(n), pr = new Float64Array(n), ms = new Float64Array(n), w = new Float64Array(n);
  const an = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yt[i] = 50 + 10 * u();
    yp[i] = yt[i] + u() - 0.5;
    lt[i] = u() < 0.3 ? 1 : 0;
    lp[i] = u() < 0.8 ? lt[i] : 1 - lt[i];
    pr[i] = Math.min(1, Math.max(0, 0.3 * lt[i] + 0.7 * u()));
    ms[i] = (u() - 0.5) * 2 ** (40 * u() - 20) + lt[i];
    w[i] = 0.5 + u();
    an[i] = u() < 0.1 ? -1 : 1;
  }
  return { yt, yp, lt, lp, pr, ms, w, an };
}

const FAMILIES = (d: ReturnType<typeof data>) => ({
  regressionMetrics: () => mlm.regressionMetrics({ yTrue: d.yt, yPred: d.yp }),
  meanSquaredError: () => mlm.meanSquaredError(d.yt, d.yp),
  r2Score: () => mlm.r2Score(d.yt, d.yp),
  rocAucScore: () => mlm.rocAucScore(d.lt, d.pr),
  // the other sort-based paths: key-only unweighted curves, the positives/negatives
  // split when score keys vary in all 64 bits (mixed signs), the weighted payload sort
  rocCurve: () => mlm.rocCurve(d.lt, d.pr),
  precisionRecallCurve: () => mlm.precisionRecallCurve(d.lt, d.pr),
  "rocAucScore (mixed-sign scores)": () => mlm.rocAucScore(d.lt, d.ms),
  "rocAucScore (weighted)": () => mlm.rocAucScore(d.lt, d.pr, { sampleWeight: d.w }),
  averagePrecisionScore: () => mlm.averagePrecisionScore(d.lt, d.pr),
  logLoss: () => mlm.logLoss(d.lt, d.pr),
  f1Score: () => mlm.f1Score(d.lt, d.lp),
  accuracyScore: () => mlm.accuracyScore(d.lt, d.lp),
  scoreDistribution: () => mlm.scoreDistribution(d.pr),
  "scoreDistribution (mixed signs)": () => mlm.scoreDistribution(d.ms),
  medianAbsoluteError: () => mlm.medianAbsoluteError(d.yt, d.yp),
  confusionMatrix: () => mlm.confusionMatrix(d.lt, d.lp),
  // the dicts' shared-statistics fast paths (one sort for AUC and AP)
  "classificationMetrics (compact)": () => mlm.classificationMetrics({ yTrue: d.lt, yPred: d.lp, yProb: d.pr }),
  "classificationMetrics (mlflow)": () => mlm.classificationMetrics({ yTrue: d.lt, yPred: d.lp, yProb: d.pr }, { preset: "mlflow" }),
  "regressionMetrics (mlflow)": () => mlm.regressionMetrics({ yTrue: d.yt, yPred: d.yp }, { preset: "mlflow" }),
  anomalyMetrics: () => mlm.anomalyMetrics({ predictions: d.an, scores: d.ms }),
});

test("no comparison sort over the data on any hot path (radix sort / select in WebAssembly)", () => {
  const d = data(20_000, 1);
  const calls: string[] = [];
  const typed = Object.getPrototypeOf(Float64Array.prototype) as { sort: (...a: unknown[]) => unknown };
  const arraySort = Array.prototype.sort;
  const typedSort = typed.sort;
  // Count sorts of anything larger than a handful of labels / quantiles.
  vi.spyOn(Array.prototype, "sort").mockImplementation(function (this: unknown[], ...a: unknown[]) {
    if (this.length > 64) calls.push(`Array#sort(${this.length})`);
    return arraySort.apply(this, a as [never]);
  });
  vi.spyOn(typed, "sort").mockImplementation(function (this: Float64Array, ...a: unknown[]) {
    if (this.length > 64) calls.push(`TypedArray#sort(${this.length})`);
    return typedSort.apply(this, a);
  });
  for (const [name, f] of Object.entries(FAMILIES(d))) {
    f();
    expect(calls, name).toEqual([]);
  }
});

test("an identical second call grows no memory and leaves the arena empty", () => {
  const d = data(300_000, 2);
  for (const [name, f] of Object.entries(FAMILIES(d))) {
    const first = f();
    const pages = mlm.memoryStats().pages;
    const second = f();
    expect(mlm.memoryStats().pages, name).toBe(pages);
    expect(mlm.memoryStats().arenaBytes, name).toBe(0);
    expect(second, name).toEqual(first);
  }
});

test("zero-copy handles: same bits as Float64Array input, data untouched, views survive growth", () => {
  const d = data(5000, 3);
  const h = Object.fromEntries(
    (["yt", "yp", "lt", "lp", "pr", "ms", "w", "an"] as const).map((k) => {
      const a = mlm.allocFloat64(d[k].length);
      a.array.set(d[k]);
      return [k, a];
    }),
  ) as Record<"yt" | "yp" | "lt" | "lp" | "pr" | "ms" | "w" | "an", mlm.WasmFloat64Array>;
  try {
    const viaHandles = FAMILIES({ yt: h.yt, yp: h.yp, lt: h.lt, lp: h.lp, pr: h.pr, ms: h.ms, w: h.w, an: h.an } as never);
    const viaArrays = FAMILIES(d);
    for (const name of Object.keys(viaArrays) as (keyof typeof viaArrays)[]) {
      expect(viaHandles[name](), name).toEqual(viaArrays[name]());
    }
    // force growth: a large call detaches old views; .array re-creates them
    const before = h.pr.array;
    mlm.meanSquaredError(new Float64Array(2_000_000).fill(1), new Float64Array(2_000_000));
    if (mlm.memoryStats().pages * 65536 > before.byteOffset + before.byteLength) {
      expect(Array.from(h.pr.array)).toEqual(Array.from(d.pr));
      expect(Array.from(h.yt.array)).toEqual(Array.from(d.yt));
    }
    // validation still happens in place
    h.yp.array[7] = NaN;
    expect(() => mlm.meanSquaredError(h.yt, h.yp)).toThrow("Input contains NaN.");
    h.yp.array[7] = Infinity;
    expect(() => mlm.meanSquaredError(h.yt, h.yp)).toThrow("Input contains infinity");
    expect(mlm.memoryStats().arenaBytes).toBe(0);
  } finally {
    for (const k of ["an", "w", "ms", "pr", "lp", "lt", "yp", "yt"] as const) h[k].free();
  }
  // LIFO release: all handles freed, a new allocation reuses the same place
  const a = mlm.allocFloat64(10);
  const p = a.ptr;
  a.free();
  const b = mlm.allocFloat64(10);
  expect(b.ptr).toBe(p);
  b.free();
  expect(() => b.array).toThrow(/freed/);
});

test("sklearn's NaN-over-infinity rule in the WebAssembly scan and the TypeScript scan", () => {
  for (const mk of [(a: number[]) => a, (a: number[]) => Float64Array.from(a), (a: number[]) => Float32Array.from(a)]) {
    expect(() => mlm.meanSquaredError(mk([1, 2, 3]), mk([Infinity, 1, NaN]))).toThrow("Input contains NaN.");
    expect(() => mlm.meanSquaredError(mk([1, 2, 3]), mk([1, -Infinity, 2]))).toThrow("Input contains infinity");
  }
  expect(["simd", "scalar"]).toContain(mlm.wasmBuild());
});
