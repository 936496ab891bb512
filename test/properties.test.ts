// Property-based suites (fast-check) over the metric registry, in the spirit of
// sklearn's tests/test_common.py but with random inputs: every property runs
// RUNS times per metric (1,000 by default; MLMETRICS_PROPERTY_RUNS=N for more,
// MLMETRICS_PROPERTY_SEED=S to replay). fast-check prints the seed and the
// shrunk counterexample of a failure; the seed of every property is also
// printed below when it fails.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { METRICS, type Kind, type MetricSpec } from "./registry.js";

const RUNS = Number(process.env.MLMETRICS_PROPERTY_RUNS ?? 1000);
const SEED_ENV = process.env.MLMETRICS_PROPERTY_SEED;
const TOL = 1e-12;
/**
 * Matthews and Cohen's kappa subtract products of weighted sums (n·c − t·p):
 * the cancellation makes sklearn's own results move by ~1e-12 under reordering
 * or rescaling (e.g. MCC([0,1], [1,0], w=[0.001, 8.478]) is −1.0000000000003197
 * in sklearn, and −0.9999999999993886 with the weights times 0.0025). Stated
 * tolerance for those two: 1e-10.
 */
// (the multilabel confusion matrix's tn is sklearn's Σw − tp − fp − fn: it cancels when tn ≪ Σw)
const CANCELLING = new Set(["matthewsCorrcoef", "cohenKappaScore", "multilabelConfusionMatrix (multilabel)"]);
const tolOf = (m: MetricSpec) => (CANCELLING.has(m.name) ? 1e-10 : TOL);
/** The function a spec calls: "r2Score (n × 2, …)" (multi-output) → "r2Score". */
const base = (m: MetricSpec) => m.name.replace(/ \(n × 2, .*\)$/, "");

/** Seed: fixed per property by default (a stable CI), MLMETRICS_PROPERTY_SEED=N or =random otherwise. */
function seedFor(name: string): number {
  if (SEED_ENV === "random") return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  if (SEED_ENV) return Number(SEED_ENV);
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h | 0;
}
const quiet = { onWarning: () => {} };

beforeAll(async () => {
  await mlm.init();
});

/** fc.assert with the run count and the seed in the failure message. */
let totalRuns = 0;
afterAll(() => console.log(`properties: ${checksPerTest.size} tests, ${[...checksPerTest.values()].reduce((x, y) => x + y, 0)} properties, ${totalRuns} runs`));
const checksPerTest = new Map<string, number>();
function check<T>(arb: fc.Arbitrary<T>, pred: (v: T) => void, runs = RUNS): void {
  const name = expect.getState().currentTestName ?? "";
  const k = checksPerTest.get(name) ?? 0;
  checksPerTest.set(name, k + 1);
  const seed = seedFor(`${name} #${k}`);
  totalRuns += runs;
  const out = fc.check(fc.property(arb, pred), {
    numRuns: runs,
    seed,
    // a safety net: a property must never take minutes, shrinking included
    interruptAfterTimeLimit: 60_000,
    markInterruptAsFailure: true,
  });
  if (out.failed) {
    throw new Error(
      `property failed (replay: MLMETRICS_PROPERTY_SEED=${seed}): ${String(out.errorInstance)}\n` +
        fc.defaultReportMessage(out),
    );
  }
}

// ------------------------------------------------------------------ outcomes

type Outcome = { value: unknown } | { error: Error };

function run(m: MetricSpec, args: ArrayLike<number>[], options: Record<string, unknown> = {}): Outcome {
  try {
    return { value: m.call(args, { ...quiet, ...options }) };
  } catch (error) {
    return { error: error as Error };
  }
}

/** Natural scale of a metric's result: scores live on [0, 1]; errors scale with the data. */
function floorOf(m: MetricSpec, args: ArrayLike<number>[]): number {
  if (m.kind !== "regression" && m.kind !== "distribution") return 1;
  if (base(m).endsWith("Score")) return 1; // r2, explained variance, d2: 1 − ratio
  if (m.kind === "distribution") {
    let s = 0;
    for (const v of Array.from(args[0])) s = Math.max(s, Math.abs(v));
    return s;
  }
  return 0;
}

/** Recursively: same shape, numbers equal (exact) or within tol·max(|a|, |b|, floor). */
function near(a: unknown, b: unknown, tol: number, floor: number, path = ""): string | null {
  if (typeof a === "number" && typeof b === "number") {
    if (Object.is(a, b) || a === b || (Number.isNaN(a) && Number.isNaN(b))) return null;
    // (1e-300: differences in the subnormal range are rounding noise, not a property)
    if (tol > 0 && Math.abs(a - b) <= Math.max(tol * Math.max(Math.abs(a), Math.abs(b), floor), 1e-300)) return null;
    return `${path || "value"}: ${a} vs ${b}`;
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const la = ArrayBuffer.isView(a) || Array.isArray(a);
    const lb = ArrayBuffer.isView(b) || Array.isArray(b);
    if (la !== lb) return `${path}: array vs object`;
    if (la) {
      const x = Array.from(a as ArrayLike<unknown>);
      const y = Array.from(b as ArrayLike<unknown>);
      if (x.length !== y.length) return `${path}: length ${x.length} vs ${y.length}`;
      for (let i = 0; i < x.length; i++) {
        const d = near(x[i], y[i], tol, floor, `${path}[${i}]`);
        if (d) return d;
      }
      return null;
    }
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    if (ka.join() !== kb.join()) return `${path}: keys ${ka} vs ${kb}`;
    for (const k of ka) {
      const d = near((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tol, floor, `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
}

/** Both raised the same error class and message, or both returned values within tol. */
function same(a: Outcome, b: Outcome, tol: number, floor: number): void {
  if ("error" in a || "error" in b) {
    const ea = "error" in a ? `${a.error.name}: ${a.error.message}` : `value ${JSON.stringify(a.value)}`;
    const eb = "error" in b ? `${b.error.name}: ${b.error.message}` : `value ${JSON.stringify(b.value)}`;
    expect(ea).toBe(eb);
    return;
  }
  const d = near(a.value, b.value, tol, floor);
  if (d) throw new Error(`results differ (tol ${tol}): ${d}`);
}

// ------------------------------------------------------------------ arbitraries

const MAXN = 40;
/** Doubles with ties, zeros, tiny and large magnitudes (finite). */
const real = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.integer({ min: -4, max: 4 }),
  fc.double({ min: -1, max: 1, noNaN: true }),
);
/** Values whose squares and weighted products never reach the subnormal range. */
const normalReal = real.map((v) => (Math.abs(v) < 1e-100 ? 0 : v));

const prob = fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 0.5, 1));
const bit = fc.constantFrom(0, 1);
const normalProb = prob.map((v) => (v < 1e-100 ? 0 : v));
const normalData = (kind: Kind) => (kind === "prob" ? normalProb : kind === "label" ? undefined : normalReal);

/** Valid positional inputs for a metric kind, lengths in [minN, MAXN]. */
function inputs(kind: Kind, minN = 1, maxN = MAXN, v?: fc.Arbitrary<number>): fc.Arbitrary<number[][]> {
  const value = v ?? (kind === "prob" ? prob : real);
  return fc.integer({ min: minN, max: maxN }).chain((n) => {
    const arr = (v: fc.Arbitrary<number>) => fc.array(v, { minLength: n, maxLength: n });
    switch (kind) {
      case "regression":
        return fc.tuple(arr(value), arr(value));
      case "distribution":
        return fc.tuple(arr(value));
      case "curve":
        // x ascending (auc's monotonic check), any y
        return fc.tuple(arr(value), arr(value)).map(([x, y]) => [[...x].sort((p, q) => p - q), y]);
      case "label":
        return fc.tuple(arr(bit), arr(bit));
      case "score":
      case "prob": {
        // both classes present (sklearn raises otherwise, tested elsewhere)
        const m = Math.max(n, 2);
        return fc
          .tuple(fc.array(bit, { minLength: m, maxLength: m }), fc.array(value, { minLength: m, maxLength: m }))
          // (pure map: fast-check shrinks from the original values)
          .map(([y, s]) => [[0, 1, ...y.slice(2)], s]);
      }
    }
  });
}

/** Non-negative weights with zeros, at least one non-zero. */
const weightValue = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }));
function withWeights(kind: Kind, value: fc.Arbitrary<number> = weightValue, data?: fc.Arbitrary<number>) {
  return inputs(kind, 1, MAXN, data).chain((args) =>
    fc.tuple(fc.constant(args), fc.array(value, { minLength: args[0].length, maxLength: args[0].length })).map(
      ([a, w]) => [a, w.some((x) => x !== 0) ? w : [1, ...w.slice(1)]] as [number[][], number[]],
    ),
  );
}

function shuffle(n: number, seed: number): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  let s = seed | 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) | 0;
    const j = (s >>> 8) % (i + 1);
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx;
}
const take = (a: ArrayLike<number>, idx: number[]) => idx.map((i) => a[i]);

const byName = (names: string[]) => METRICS.filter((m) => names.includes(m.name));
const each = (ms: MetricSpec[]) => ms.map((m) => [m.name, m] as const);
const weighted = METRICS.filter((m) => m.weighted);
const curves = new Set(["rocCurve", "precisionRecallCurve", "detCurve"]);
/** Metrics that infer their labels from the rows present: fix them where rows are dropped. */
const INFER_LABELS = new Set([
  "confusionMatrix", "multilabelConfusionMatrix", "classificationReport", "precisionRecallFscoreSupport", "classLikelihoodRatios",
]);
const fixedLabels = (m: MetricSpec) => (INFER_LABELS.has(m.name) ? { labels: [0, 1] } : {});
/** sklearn's r2_score and d2_* scores are NaN below two rows (rows, not weights). */
const rowsOk = (m: MetricSpec, ...n: number[]) => !/^(r2|d2)/.test(base(m)) || n.every((k) => k >= 2);
/** max − min of the rows with non-zero weight, relative to their largest magnitude. */
function spread(a: number[], w?: number[]): number {
  const v = w ? a.filter((_, i) => w[i] !== 0) : a;
  const hi = Math.max(...v);
  const lo = Math.min(...v);
  return (hi - lo) / Math.max(Math.abs(hi), Math.abs(lo), 1e-300);
}
/**
 * R² and explained variance divide by the (weighted) variance of yTrue (and of
 * the residuals): for a (near-)constant yTrue that variance is rounding noise in
 * sklearn's own arithmetic, so any reordering or rescaling changes the result
 * arbitrarily, and force_finite's 0/1 branch can flip. Those properties are
 * stated for well-conditioned inputs: a spread above 1e-3 of the magnitude.
 */
function wellConditioned(m: MetricSpec, args: number[][], w?: number[]): boolean {
  // the D² scores divide by the deviance of a null model: of the (weighted) mean
  // of y (Tweedie: y must spread), of the class priors (log loss / Brier: a prior
  // within 1e-2 of 0 or 1 makes −log(q) or (1 − q)² lose digits to the rounding of q)
  if (base(m) === "d2TweedieScore") return spread(args[0], w) > 1e-3;
  if (m.name === "d2LogLossScore" || m.name === "d2BrierScore") {
    const ws = w ?? args[0].map(() => 1);
    const total = ws.reduce((s, x) => s + x, 0);
    const pos = args[0].reduce((s, y, i) => s + (y === 1 ? ws[i] : 0), 0);
    return pos / total > 0.01 && pos / total < 0.99;
  }
  if (base(m) !== "r2Score" && base(m) !== "explainedVarianceScore") return true;
  return spread(args[0], w) > 1e-3 && spread(args[0].map((y, i) => y - args[1][i]), w) > 1e-3;
}

// ------------------------------------------------------------------ properties

// Bit-identical where the arithmetic is symmetric term by term ((a−b)² = (b−a)²,
// |a−b|, 2tp/(2tp+fp+fn), counts); the others (Jaccard, MCC, kappa, …) sum a
// transposed confusion matrix in another order: within 1e-12, as sklearn's own
// test (assert_allclose).
const EXACT_SYMMETRIC = new Set([
  "meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "maxError", "medianAbsoluteError",
  "accuracyScore", "f1Score", "hammingLoss",
]);
describe("symmetry where sklearn declares it: f(a, b) = f(b, a)", () => {
  test.each(each(METRICS.filter((m) => m.symmetric)))("%s", (_n, m) => {
    const tol = EXACT_SYMMETRIC.has(m.name) ? 0 : tolOf(m);
    check(inputs(m.kind), (args) => same(run(m, [args[1], args[0]]), run(m, args), tol, 1));
    if (m.weighted) {
      check(withWeights(m.kind), ([args, w]) =>
        same(run(m, [args[1], args[0]], { sampleWeight: w }), run(m, args, { sampleWeight: w }), tol, 1),
      );
    }
  });
});

describe("sample-order invariance (within 1e-12; with and without weights)", () => {
  test.each(each(METRICS.filter((m) => m.orderInvariant)))("%s", (_n, m) => {
    check(fc.tuple(inputs(m.kind), fc.integer()), ([args, seed]) => {
      fc.pre(wellConditioned(m, args));
      const idx = shuffle(args[0].length, seed);
      same(run(m, args.map((a) => take(a, idx))), run(m, args), tolOf(m), floorOf(m, args));
    });
    if (m.weighted) {
      // curves: integer weights, so that the cumulative sums are exact and the
      // same intermediate points are dropped
      const wv = curves.has(m.name) ? fc.integer({ min: 0, max: 5 }) : weightValue;
      check(fc.tuple(withWeights(m.kind, wv), fc.integer()), ([[args, w], seed]) => {
        fc.pre(wellConditioned(m, args, w));
        const idx = shuffle(args[0].length, seed);
        same(
          run(m, args.map((a) => take(a, idx)), { sampleWeight: take(w, idx) }),
          run(m, args, { sampleWeight: w }),
          tolOf(m),
          floorOf(m, args),
        );
      });
    }
  });
});

describe("number[] ≡ Float64Array ≡ Float32Array (of f32 values): bit-identical", () => {
  const f32 = fc.float({ noNaN: true, noDefaultInfinity: true, min: Math.fround(-1e30), max: Math.fround(1e30) });
  test.each(each(METRICS))("%s", (_n, m) => {
    const value = m.kind === "prob" ? fc.float({ min: 0, max: 1, noNaN: true }) : f32;
    // classificationReport keys its rows by label as sklearn prints it: "0.0" for
    // float arrays, "False"/"True" for booleans, "0" for number[]; values must agree.
    const keys = (o: Outcome): Outcome =>
      "value" in o && o.value && typeof o.value === "object" && !Array.isArray(o.value) && !ArrayBuffer.isView(o.value)
        ? { value: Object.fromEntries(Object.entries(o.value).map(([k, v]) => [k.replace(/^(-?\d+)\.0$/, "$1").replace(/^False$/, "0").replace(/^True$/, "1"), v])) }
        : o;
    check(inputs(m.kind, 1, MAXN, value), (args) => {
      const ref = keys(run(m, args.map((a) => Float64Array.from(a))));
      same(keys(run(m, args)), ref, 0, 0);
      same(keys(run(m, args.map((a) => Float32Array.from(a)))), ref, 0, 0);
      if (m.kind === "label") {
        same(keys(run(m, args.map((a) => Int32Array.from(a)))), ref, 0, 0);
        same(keys(run(m, args.map((a) => Uint8Array.from(a)))), ref, 0, 0);
        same(keys(run(m, args.map((a) => a.map((v) => v === 1)) as unknown as number[][])), ref, 0, 0);
      }
    });
  });
});

describe("sample weights", () => {
  // Bit-identical where sklearn's own arithmetic is: Σ(1·x) = Σx in the same
  // pairwise order and Σ1 = n. (Tested exactly; see the README's reliability table.)
  test.each(each(weighted))("%s: all-ones weights ≡ no weights (bit-identical)", (_n, m) => {
    check(inputs(m.kind), (args) => {
      same(run(m, args, { sampleWeight: args[0].map(() => 1) }), run(m, args), 0, 0);
    });
  });

  test.each(each(weighted))("%s: integer weights ≡ repeated rows (within 1e-12)", (_n, m) => {
    check(withWeights(m.kind, fc.integer({ min: 0, max: 4 })), ([args, w]) => {
      const idx: number[] = [];
      w.forEach((k, i) => {
        for (let j = 0; j < k; j++) idx.push(i);
      });
      const repeated = args.map((a) => take(a, idx));
      // sklearn's own weighted median (_weighted_percentile, "averaged inverted CDF")
      // equals the median of repeated rows; binary ranking metrics need both
      // classes among the kept rows in both forms.
      if (m.kind === "score" || m.kind === "prob") fc.pre(new Set(repeated[0]).size === 2);
      fc.pre(rowsOk(m, args[0].length, repeated[0].length));
      same(run(m, args, { ...fixedLabels(m), sampleWeight: w }), run(m, repeated, fixedLabels(m)), tolOf(m), floorOf(m, args));
    });
  });

  test.each(each(weighted))("%s: zero weight ≡ row removed (within 1e-12)", (_n, m) => {
    check(withWeights(m.kind), ([args, w]) => {
      const keep = w.flatMap((x, i) => (x !== 0 ? [i] : []));
      const kept = args.map((a) => take(a, keep));
      if (m.kind === "score" || m.kind === "prob") fc.pre(new Set(kept[0]).size === 2);
      fc.pre(rowsOk(m, args[0].length, kept[0].length));
      same(
        run(m, args, { ...fixedLabels(m), sampleWeight: w }),
        run(m, kept, { ...fixedLabels(m), sampleWeight: take(w, keep) }),
        tolOf(m),
        floorOf(m, args),
      );
    });
  });

  // Weighted counts (confusion matrices, supports) scale with the weights, as in
  // sklearn: they are divided by c before comparing; everything else must not change.
  const scaleOpts = (_m: MetricSpec) => ({});
  const unscale = (m: MetricSpec, o: Outcome, c: number): Outcome => {
    if ("error" in o) return o;
    const div = (v: unknown): unknown =>
      typeof v === "number" ? v / c : Array.isArray(v) || ArrayBuffer.isView(v) ? Array.from(v as ArrayLike<unknown>, div) : v;
    const v = o.value as Record<string, unknown>;
    switch (m.name.replace(/ \(multilabel.*\)$/, "")) {
      case "confusionMatrix":
      case "multilabelConfusionMatrix":
        return { value: div(v) };
      case "precisionRecallFscoreSupport":
        return { value: { ...v, support: div(v.support) } };
      case "classificationReport":
        return {
          value: Object.fromEntries(
            Object.entries(v).map(([k, r]) =>
              r && typeof r === "object" && "support" in r ? [k, { ...r, support: div((r as { support: number }).support) }] : [k, r],
            ),
          ),
        };
      default:
        return o;
    }
  };
  test.each(each(weighted))("%s: scaling the weights by 2^k is bit-identical, by any c > 0 within 1e-12", (_n, m) => {
    check(fc.tuple(withWeights(m.kind, weightValue, normalData(m.kind)), fc.integer({ min: -20, max: 20 })), ([[args, w], k]) => {
      fc.pre(m.name !== "d2TweedieScore" || wellConditioned(m, args, w));
      const c = 2 ** k;
      same(
        unscale(m, run(m, args, { ...scaleOpts(m), sampleWeight: w.map((x) => x * c) }), c),
        run(m, args, { ...scaleOpts(m), sampleWeight: w }),
        0,
        0,
      );
    });
    const wv = curves.has(m.name) ? fc.integer({ min: 0, max: 5 }) : weightValue;
    const data = normalData(m.kind);
    check(fc.tuple(withWeights(m.kind, wv, data), fc.double({ min: 1e-3, max: 1e3, noNaN: true })), ([[args, w], c]) => {
      fc.pre(wellConditioned(m, args, w));
      const opts = { ...scaleOpts(m), ...(curves.has(m.name) ? { dropIntermediate: false } : {}) };
      same(
        unscale(m, run(m, args, { ...opts, sampleWeight: w.map((x) => x * c) }), c),
        run(m, args, { ...opts, sampleWeight: w }),
        tolOf(m),
        floorOf(m, args),
      );
    });
  });
});

describe("ranking: exactly invariant under positive scaling and shifting of the scores", () => {
  // Dyadic scores (k/1024, |k| ≤ 2^20) times 2^e plus an integer shift are exact
  // in f64, so the order and the ties are preserved exactly.
  const dyadic = fc.integer({ min: -(2 ** 20), max: 2 ** 20 }).map((k) => k / 1024);
  const tied = fc.integer({ min: -3, max: 3 }).map((k) => k / 4);
  const scores = fc.oneof(dyadic, tied);
  test.each(each(byName(["rocAucScore", "averagePrecisionScore", "rocCurve", "precisionRecallCurve", "detCurve"])))(
    "%s",
    (_n, m) => {
      check(
        fc.tuple(inputs("score", 2, MAXN, scores), fc.integer({ min: -20, max: 20 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean()),
        ([[y, s], e, shift, weighted]) => {
          const t = s.map((v) => v * 2 ** e + shift);
          const opts = weighted ? { sampleWeight: y.map((_, i) => 1 + (i % 3)) } : {};
          const a = run(m, [y, t], opts);
          const b = run(m, [y, s], opts);
          if (curves.has(m.name)) {
            // every output but the thresholds is bit-identical; thresholds are transformed
            if ("error" in a || "error" in b) return same(a, b, 0, 0);
            const va = a.value as Record<string, ArrayLike<number>>;
            const vb = b.value as Record<string, ArrayLike<number>>;
            for (const k of Object.keys(vb)) {
              if (k === "thresholds") {
                const tb = Array.from(vb[k], (v) => (Number.isFinite(v) ? v * 2 ** e + shift : v));
                expect(near(Array.from(va[k]), tb, 0, 0)).toBeNull();
              } else expect(near(va[k], vb[k], 0, 0)).toBeNull();
            }
          } else same(a, b, 0, 0);
        },
      );
    },
  );
});

describe("label permutation", () => {
  const multiclass = fc.integer({ min: 1, max: MAXN }).chain((n) =>
    fc.tuple(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      fc.shuffledSubarray([-3, 0, 1, 2, 7, 11, 40], { minLength: 5, maxLength: 5 }),
    ),
  );
  test("accuracyScore: invariant under any bijection of the class values (multiclass)", () => {
    check(multiclass, ([y, p, perm]) => {
      const f = (a: number[]) => a.map((v) => perm[v]);
      expect(mlm.accuracyScore(f(y), f(p))).toBe(mlm.accuracyScore(y, p));
    });
  });
  test("confusionMatrix: relabelling the classes (and `labels`) permutes rows and columns", () => {
    check(multiclass, ([y, p, perm]) => {
      const labels = [0, 1, 2, 3, 4];
      const cm = mlm.confusionMatrix(y, p, { labels });
      const f = (a: number[]) => a.map((v) => perm[v]);
      const cm2 = mlm.confusionMatrix(f(y), f(p), { labels: labels.map((v) => perm[v]) });
      expect(cm2).toEqual(cm);
    });
  });
  test.each(each(byName(["precisionScore", "recallScore", "f1Score"])))(
    "%s: swapping the two classes and posLabel is bit-identical",
    (_n, m) => {
      check(inputs("label"), ([y, p]) => {
        const flip = (a: number[]) => a.map((v) => 1 - v);
        same(run(m, [flip(y), flip(p)], { posLabel: 0 }), run(m, [y, p]), 0, 0);
      });
    },
  );
  test("rocAucScore: swapping the classes and negating the scores (within 1e-12)", () => {
    const m = byName(["rocAucScore"])[0];
    check(inputs("score"), ([y, s]) =>
      same(run(m, [y.map((v) => 1 - v), s.map((v) => -v)]), run(m, [y, s]), TOL, 1),
    );
  });
});

describe("chunked ≡ one-shot where the metric is mergeable", () => {
  const chunked = (kind: Kind) =>
    fc.tuple(withWeights(kind, fc.integer({ min: 0, max: 4 })), fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 8 }));
  const split = <T>(a: T[], sizes: number[]): T[][] => {
    const out: T[][] = [];
    let i = 0;
    for (const s of sizes) {
      if (i >= a.length) break;
      out.push(a.slice(i, i + s));
      i += s;
    }
    if (i < a.length) out.push(a.slice(i));
    return out;
  };
  test("confusionMatrix: Σ of chunk matrices (fixed labels) is exact, unweighted and integer-weighted", () => {
    check(chunked("label"), ([[[y, p], w], sizes]) => {
      const labels = [0, 1];
      const ys = split(y, sizes);
      const ps = split(p, sizes);
      const ws = split(w, sizes);
      for (const weighted of [false, true]) {
        const total = [[0, 0], [0, 0]];
        ys.forEach((yc, c) => {
          if (weighted && !ws[c].some((x) => x !== 0)) return; // (all-zero weights raise, as in sklearn)
          const cm = mlm.confusionMatrix(yc, ps[c], { labels, ...(weighted ? { sampleWeight: ws[c] } : {}) });
          cm.forEach((r, i) => r.forEach((v, j) => (total[i][j] += v)));
        });
        expect(mlm.confusionMatrix(y, p, { labels, ...(weighted ? { sampleWeight: w } : {}) })).toEqual(total);
      }
    });
  });
  test("accuracyScore(normalize: false): Σ over chunks is exact", () => {
    check(chunked("label"), ([[[y, p]], sizes]) => {
      const ys = split(y, sizes);
      const ps = split(p, sizes);
      const s = ys.reduce((acc, yc, c) => acc + mlm.accuracyScore(yc, ps[c], { normalize: false }), 0);
      expect(mlm.accuracyScore(y, p, { normalize: false })).toBe(s);
    });
  });
  test("maxError: max over chunks is exact", () => {
    check(chunked("regression"), ([[[y, p]], sizes]) => {
      const ys = split(y, sizes);
      const ps = split(p, sizes);
      expect(mlm.maxError(y, p)).toBe(Math.max(...ys.map((yc, c) => mlm.maxError(yc, ps[c]))));
    });
  });
  test.each(each(byName(["meanSquaredError", "meanAbsoluteError", "meanAbsolutePercentageError"])))(
    "%s: the weight-weighted mean of chunk values (within 1e-12)",
    (_n, m) => {
      check(chunked("regression"), ([[args, w], sizes]) => {
        const as = args.map((a) => split(a, sizes));
        const ws = split(w, sizes);
        let num = 0;
        let den = 0;
        ws.forEach((wc, c) => {
          const sw = wc.reduce((s, x) => s + x, 0);
          if (sw === 0) return;
          num += sw * (m.call([as[0][c], as[1][c]], { sampleWeight: wc }) as number);
          den += sw;
        });
        same({ value: num / den }, run(m, args, { sampleWeight: w }), TOL, 0);
      });
    },
  );
  test("scoreDistribution: count, min, max exact and mean within 1e-12 from chunk summaries", () => {
    check(chunked("distribution"), ([[[x]], sizes]) => {
      // (one bin: numpy refuses 10 bins over a subnormal range, and so do we)
      const parts = split(x, sizes).map((c) => mlm.scoreDistribution(c, { quantiles: [0.5], bins: 1 }));
      const all = mlm.scoreDistribution(x, { quantiles: [0.5], bins: 1 });
      expect(parts.reduce((s, d) => s + d.count, 0)).toBe(all.count);
      expect(Math.min(...parts.map((d) => d.min))).toBe(all.min);
      expect(Math.max(...parts.map((d) => d.max))).toBe(all.max);
      const mean = parts.reduce((s, d) => s + d.mean * d.count, 0) / all.count;
      const scale = Math.max(...x.map(Math.abs));
      expect(Math.abs(mean - all.mean)).toBeLessThanOrEqual(TOL * Math.max(scale, Math.abs(all.mean)));
    });
  });
});
