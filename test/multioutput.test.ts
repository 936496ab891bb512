// Multi-output regression (issue 17): the TSDoc examples (scikit-learn 1.9.1's
// literal outputs), the equivalences the golden fixtures cannot state (rows ≡
// flat + nOutputs, n × 1 ≡ 1-D, output permutation), and hostile 2-D input.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { fastPaths } from "../src/wasm/fastpath.js";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

const yt = [[0.5, 1], [-1, 1], [7, -6]];
const yp = [[0, 2], [-1, 2], [8, -5]];
const F = mlm as unknown as Record<string, (...a: unknown[]) => unknown>;

describe("sklearn's docstring examples (literal outputs of scikit-learn 1.9.1)", () => {
  test.each([
    ["meanSquaredError", () => mlm.meanSquaredError(yt, yp), 0.7083333333333334],
    ["meanSquaredError raw_values", () => mlm.meanSquaredError(yt, yp, { multioutput: "raw_values" }), [0.4166666666666667, 1.0]],
    ["meanSquaredError weights", () => mlm.meanSquaredError(yt, yp, { multioutput: [0.3, 0.7] }), 0.825],
    ["rootMeanSquaredError", () => mlm.rootMeanSquaredError(yt, yp), 0.8227486121839513],
    ["meanAbsoluteError", () => mlm.meanAbsoluteError(yt, yp), 0.75],
    ["meanAbsolutePercentageError", () => mlm.meanAbsolutePercentageError(yt, yp), 0.5515873015873016],
    ["medianAbsoluteError raw_values", () => mlm.medianAbsoluteError(yt, yp, { multioutput: "raw_values" }), [0.5, 1]],
    ["r2Score variance_weighted", () => mlm.r2Score(yt, yp, { multioutput: "variance_weighted" }), 0.9382566585956417],
    ["r2Score raw_values", () => mlm.r2Score(yt, yp, { multioutput: "raw_values" }), [0.9654377880184332, 0.9081632653061225]],
    ["explainedVarianceScore", () => mlm.explainedVarianceScore(yt, yp), 0.9838709677419355],
    ["d2AbsoluteErrorScore raw_values", () => mlm.d2AbsoluteErrorScore(yt, yp, { multioutput: "raw_values" }), [0.8125, 0.5714285714285714]],
    ["d2PinballScore alpha=0.9", () => mlm.d2PinballScore(yt, yp, { alpha: 0.9 }), 0.5960591133004925],
    [
      "meanPinballLoss alpha=0.9 raw_values",
      () => mlm.meanPinballLoss(yt, yp, { alpha: 0.9, multioutput: "raw_values" }),
      [0.18333333333333335, 0.09999999999999998],
    ],
  ] as const)("%s", (_name, f, expected) => {
    expect(f()).toEqual(expected);
  });

  // log1p: WebAssembly's (musl's) and the C library's numpy calls differ in the last bit for
  // some arguments: within 1e-15 relative here (sklearn: 0.044199361889160536,
  // [0.06800206734218449, 0.2894381498965022])
  test("meanSquaredLogError, rootMeanSquaredLogError raw_values (within 1e-15)", () => {
    const t = [[0.5, 1], [1, 2], [7, 6]];
    const p = [[0.5, 2], [1, 2.5], [8, 8]];
    expect(mlm.meanSquaredLogError(t, p)).toBeCloseTo(0.044199361889160536, 15);
    const r = mlm.rootMeanSquaredLogError(t, p, { multioutput: "raw_values" });
    expect(r).toHaveLength(2);
    expect(Math.abs(r[0] / 0.06800206734218449 - 1)).toBeLessThan(1e-15);
    expect(Math.abs(r[1] / 0.2894381498965022 - 1)).toBeLessThan(1e-15);
  });

  test("sklearn's errors, word for word", () => {
    expect(() => mlm.maxError(yt, yp)).toThrow("Multioutput not supported in max_error");
    expect(() => mlm.meanPoissonDeviance([[1, 2], [3, 4]], [[1, 2], [3, 4]])).toThrow("Multioutput not supported in mean_tweedie_deviance");
    expect(() => mlm.d2TweedieScore([[1, 2], [3, 4]], [[1, 2], [3, 4]])).toThrow("Multioutput not supported in d2_tweedie_score");
    expect(() => mlm.r2Score([[1, 2], [3, 4], [5, 6]], [[1, 2, 3], [3, 4, 5], [5, 6, 7]])).toThrow(
      "y_true and y_pred have different number of output (2!=3)",
    );
    expect(() => mlm.r2Score(yt, yp, { multioutput: [1, 2, 3] })).toThrow("There must be equally many custom weights (3) as outputs (2).");
    expect(() => mlm.meanSquaredError([1, 2, 3], yp)).toThrow("y_true and y_pred have different number of output (1!=2)");
    expect(() => mlm.meanSquaredError([1, 2, 3], [1, 2, 4], { multioutput: [1] })).toThrow("Custom weights are useful only in multi-output cases.");
    expect(() => mlm.meanSquaredError(yt, yp, { multioutput: "variance_weighted" as "raw_values" })).toThrow(
      "The 'multioutput' parameter of mean_squared_error must be a str among {'raw_values', 'uniform_average'} or an array-like. Got 'variance_weighted' instead.",
    );
    expect(() => mlm.r2Score(yt, yp, { multioutput: "foo" as "raw_values" })).toThrow(
      "The 'multioutput' parameter of r2_score must be a str among {'raw_values', 'uniform_average', 'variance_weighted'}, an array-like or None. Got 'foo' instead.",
    );
    expect(() => mlm.meanAbsoluteError(yt, yp, { multioutput: [1, -1] })).toThrow("Weights sum to zero, can't be normalized");
  });
});

/** n × m random targets as rows. */
function matrix(n: number, m: number, seed: number): { t: number[][]; p: number[][]; w: number[] } {
  const r = rng(seed);
  const t: number[][] = [];
  const p: number[][] = [];
  const w: number[] = [];
  for (let i = 0; i < n; i++) {
    const tr: number[] = [];
    const pr: number[] = [];
    for (let j = 0; j < m; j++) {
      const y = Math.abs((r() - 0.5) * 10 ** (j - 1)) + j; // (> −1: in the log metrics' domain)
      tr.push(y);
      pr.push(y + (r() - 0.5) * 10 ** (j - 3));
    }
    t.push(tr);
    p.push(pr);
    w.push(Math.floor(r() * 4) + (r() < 0.5 ? r() : 0));
  }
  return { t, p, w };
}

const MO = [
  "meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "meanAbsolutePercentageError", "medianAbsoluteError",
  "meanSquaredLogError", "rootMeanSquaredLogError", "meanPinballLoss", "r2Score", "explainedVarianceScore",
  "d2AbsoluteErrorScore", "d2PinballScore",
];

describe("equivalent forms are bit-identical", () => {
  test.each(MO)("%s: rows ≡ flat Float64Array + nOutputs ≡ flat number[] + nOutputs", (name) => {
    for (const [n, m] of [[1, 3], [2, 2], [37, 3], [300, 5], [129, 1]]) {
      const { t, p, w } = matrix(n, m, n * 7 + m);
      for (const opts of [{}, { sampleWeight: w }, { multioutput: "raw_values" }]) {
        const a = F[name](t, p, opts);
        expect(F[name](Float64Array.from(t.flat()), Float64Array.from(p.flat()), { ...opts, nOutputs: m })).toEqual(a);
        expect(F[name](t.flat(), p.flat(), { ...opts, nOutputs: m })).toEqual(a);
        expect(F[name](t.map((r) => Float64Array.from(r)), p, opts)).toEqual(a);
      }
    }
  });

  test.each(MO)("%s: an n × 1 target ≡ the 1-D target (raw_values: a one-element array)", (name) => {
    for (const n of [2, 9, 200]) {
      const { t, p, w } = matrix(n, 1, n);
      const t1 = t.map((r) => r[0]);
      const p1 = p.map((r) => r[0]);
      for (const opts of [{}, { sampleWeight: w }]) {
        const one = F[name](t1, p1, opts);
        expect(F[name](t, p, opts)).toEqual(one);
        expect(F[name](t1, p, opts)).toEqual(one);
        expect(F[name](t, p, { ...opts, multioutput: "raw_values" })).toEqual([one]);
        expect(F[name](t1, p1, { ...opts, multioutput: "raw_values" })).toEqual([one]);
        expect(F[name](t1, p1, { ...opts, multioutput: "uniform_average" })).toEqual(one);
      }
    }
  });

  test.each(["maxError", "meanTweedieDeviance", "meanPoissonDeviance", "meanGammaDeviance", "d2TweedieScore"])(
    "%s: an n × 1 target ≡ the 1-D target",
    (name) => {
      const { t, p } = matrix(20, 1, 5);
      const pos = (x: number[][]) => x.map((r) => [Math.abs(r[0]) + 0.5]);
      expect(F[name](pos(t), pos(p))).toEqual(F[name](pos(t).flat(), pos(p).flat()));
    },
  );

  test.each(MO)("%s: permuting the outputs permutes the raw values (and keeps the uniform average's terms)", (name) => {
    const { t, p, w } = matrix(60, 4, 11);
    const perm = [2, 0, 3, 1];
    const pt = t.map((r) => perm.map((j) => r[j]));
    const pp = p.map((r) => perm.map((j) => r[j]));
    for (const opts of [{}, { sampleWeight: w }]) {
      const raw = F[name](t, p, { ...opts, multioutput: "raw_values" }) as number[];
      expect(F[name](pt, pp, { ...opts, multioutput: "raw_values" })).toEqual(perm.map((j) => raw[j]));
      // weights that pick one output give exactly that output's value (v·w / w)
      expect(F[name](t, p, { ...opts, multioutput: [0, 0, 1, 0] })).toBe((raw[2] * 1) / 1);
    }
  });
});

describe("the streamed fast path (unweighted flat Float64Array / Float32Array with nOutputs ≥ 2)", () => {
  const { t, p } = matrix(70_000, 3, 99); // several 32,768-element chunks
  const ft = Float64Array.from(t.flat());
  const fp = Float64Array.from(p.flat());
  test.each(["meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "meanAbsolutePercentageError", "r2Score"])(
    "%s: taken, and the general path's bits",
    (name) => {
      for (const multioutput of ["raw_values", "uniform_average", [0.5, 0, 2]] as const) {
        const hits = fastPaths.hits;
        const fast = F[name](ft, fp, { nOutputs: 3, multioutput });
        expect(fastPaths.hits).toBe(hits + 1);
        expect(fast).toEqual(F[name](t, p, { multioutput }));
        const f32t = Float32Array.from(ft);
        const f32p = Float32Array.from(fp);
        const rows32 = (a: Float32Array) => Array.from({ length: a.length / 3 }, (_, i) => Array.from(a.subarray(3 * i, 3 * i + 3)));
        expect(F[name](f32t, f32p, { nOutputs: 3, multioutput })).toEqual(F[name](rows32(f32t), rows32(f32p), { multioutput }));
      }
    },
  );
  test("a non-finite value anywhere: the general path raises sklearn's error (NaN before infinity, y_true before y_pred)", () => {
    const a = ft.slice();
    const b = fp.slice();
    b[5] = Infinity;
    a[a.length - 1] = NaN;
    expect(() => mlm.meanSquaredError(a, fp, { nOutputs: 3 })).toThrow("Input contains NaN.");
    expect(() => mlm.r2Score(ft, b, { nOutputs: 3 })).toThrow("Input contains infinity or a value too large for dtype('float64').");
    expect(() => mlm.meanAbsoluteError(a, b, { nOutputs: 3 })).toThrow("Input contains NaN.");
    // finite values whose squares overflow: the general path's result (Infinity), no error
    const big = Float64Array.of(1e200, 0, -1e200, 0);
    expect(mlm.meanSquaredError(big, Float64Array.of(-1e200, 0, 1e200, 0), { nOutputs: 2, multioutput: "raw_values" })).toEqual([Infinity, 0]);
  });
});

describe("hostile 2-D input is rejected before anything reaches WebAssembly", () => {
  test.each(MO)("%s", (name) => {
    const f = (a: unknown, b: unknown, o?: unknown) => () => F[name](a, b, o);
    // ragged rows: numpy's message
    expect(f([[1, 2], [3]], [[1, 2], [3, 4]])).toThrow(
      "setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (2,) + inhomogeneous part.",
    );
    expect(f([[1, 2], 3], [[1, 2], [3, 4]])).toThrow("inhomogeneous shape");
    // NaN anywhere wins over an earlier infinity (sklearn's check of the whole array)
    expect(f([[Infinity, 2], [3, NaN]], [[1, 2], [3, 4]])).toThrow("Input contains NaN.");
    expect(f([[1, 2], [3, 4]], [[1, -Infinity], [3, 4]])).toThrow("Input contains infinity or a value too large for dtype('float64').");
    // non-numeric elements: TypeError naming the row and column
    expect(f([[1, "2"], [3, 4]], [[1, 2], [3, 4]])).toThrow(TypeError);
    expect(f([[1, null], [3, 4]], [[1, 2], [3, 4]])).toThrow(TypeError);
    expect(f([[1, 2n], [3, 4]], [[1, 2], [3, 4]])).toThrow(TypeError);
    // empty
    expect(f([[]], [[]])).toThrow("Found array with 0 feature(s) (shape=(1, 0)) while a minimum of 1 is required.");
    expect(f(new Float64Array(0), new Float64Array(0), { nOutputs: 3 })).toThrow(
      "Found array with 0 sample(s) (shape=(0, 3)) while a minimum of 1 is required.",
    );
    // nOutputs and the flat length
    expect(f([1, 2, 3], [1, 2, 3], { nOutputs: 2 })).toThrow("yTrue has 3 values, not a multiple of nOutputs=2");
    expect(f([1, 2], [1, 2], { nOutputs: 0 })).toThrow(TypeError);
    expect(f([1, 2], [1, 2], { nOutputs: 1.5 })).toThrow(TypeError);
    // lengths (rows) with the weights
    expect(f([[1, 2], [3, 4]], [[1, 2]])).toThrow("Found input variables with inconsistent numbers of samples: [2, 1]");
    expect(f([[1, 2], [3, 4]], [[1, 2], [3, 4]], { sampleWeight: [1, 2, 3] })).toThrow(
      "Found input variables with inconsistent numbers of samples: [2, 2, 3]",
    );
    // multioutput of a wrong type
    expect(f([[1, 2], [3, 4]], [[1, 2], [3, 4]], { multioutput: 5 })).toThrow("Got 5 instead.");
    expect(f([[1, 2], [3, 4]], [[1, 2], [3, 4]], { multioutput: {} })).toThrow("The 'multioutput' parameter of");
    // a row that is a typed array of another length
    expect(f([Float64Array.of(1, 2), Float64Array.of(3)], [[1, 2], [3, 4]])).toThrow("inhomogeneous shape");
  });

  test("memory stays flat over thousands of 2-D calls, also after errors", () => {
    const { t, p, w } = matrix(50, 3, 3);
    const before = mlm.memoryStats();
    for (let i = 0; i < 3000; i++) {
      mlm.r2Score(t, p, { sampleWeight: w, multioutput: "raw_values" });
      mlm.medianAbsoluteError(t, p);
      expect(() => mlm.meanSquaredError(t, [[1, 2]])).toThrow();
    }
    expect(mlm.memoryStats()).toEqual(before);
  });
});
