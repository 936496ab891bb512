// Issue 17's functions: the TSDoc examples (sklearn's literal outputs, checked
// here so the docs cannot drift) and what the golden fixtures cannot hold.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";

beforeAll(async () => {
  await mlm.init();
});

describe("TSDoc examples give scikit-learn 1.9.1's literal outputs", () => {
  test.each([
    ["zeroOneLoss", () => mlm.zeroOneLoss([1, 2, 3, 4], [2, 2, 3, 4]), 0.25],
    ["zeroOneLoss normalize=false", () => mlm.zeroOneLoss([1, 2, 3, 4], [2, 2, 3, 4], { normalize: false }), 1],
    ["hingeLoss", () => mlm.hingeLoss([-1, 1, 1], [-2.18, 2.36, 0.09]), 0.30333333333333334],
    [
      "hingeLoss multiclass",
      () =>
        mlm.hingeLoss(
          [0, 2, 3],
          [
            [1.27, 0.034, -0.68, -1.4],
            [-1.45, -0.58, -0.38, -0.17],
            [-2.36, -0.79, -0.27, 0.24],
          ],
          { labels: [0, 1, 2, 3] },
        ),
      0.5666666666666667,
    ],
    ["classLikelihoodRatios", () => mlm.classLikelihoodRatios([0, 1, 0, 1, 0], [1, 1, 0, 0, 0]), [1.5, 0.75]],
    ["auc", () => mlm.auc([1, 2, 3, 4], [0.5, 1.5, 2, 3]), 5.25],
    ["auc ties", () => mlm.auc([0, 0, 0.5, 1], [0, 0.5, 0.5, 1]), 0.625],
    ["d2PinballScore", () => mlm.d2PinballScore([1, 2, 3], [1, 3, 3]), 0.5],
    ["d2PinballScore alpha", () => mlm.d2PinballScore([1, 2, 3], [1, 3, 3], { alpha: 0.9 }), 0.6666666666666667],
    ["d2TweedieScore", () => mlm.d2TweedieScore([0.5, 1, 2.5, 7], [1, 1, 5, 3.5], { power: 1 }), 0.4879151349031142],
    ["d2LogLossScore", () => mlm.d2LogLossScore([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4]), 0.5686325111679058],
    ["d2BrierScore", () => mlm.d2BrierScore([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4]), 0.7],
    ["coverageError", () => mlm.coverageError([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]), 2.5],
    [
      "labelRankingAveragePrecisionScore",
      () => mlm.labelRankingAveragePrecisionScore([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]),
      0.41666666666666663,
    ],
    ["labelRankingLoss", () => mlm.labelRankingLoss([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]), 0.75],
    ["dcgScore", () => mlm.dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]), 9.499457825916874],
    // (sklearn: 0.6956940443813076, 2 ULP away: its ideal DCG is a BLAS dot product)
    ["ndcgScore", () => mlm.ndcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]), 0.6956940443813074],
  ] as const)("%s", (_name, f, expected) => {
    expect(f()).toEqual(expected);
  });
});

describe("behaviours outside the fixtures", () => {
  test("d2PinballScore: sklearn's multioutput parameter error (its set printed in either order)", () => {
    expect(() => mlm.d2PinballScore([1, 2, 3], [1, 2, 3], { multioutput: "variance_weighted" as never })).toThrow(
      /^The 'multioutput' parameter of d2_pinball_score must be a str among \{'(raw_values|uniform_average)', '(raw_values|uniform_average)'\} or an array-like\. Got 'variance_weighted' instead\.$/,
    );
    expect(() => mlm.d2PinballScore([1, 2, 3], [1, 2, 4], { multioutput: [1] })).toThrow(
      "Custom weights are useful only in multi-output cases.",
    );
    expect(mlm.d2PinballScore([1, 2, 3], [1, 3, 3], { multioutput: "raw_values" })).toEqual([0.5]);
  });

  test("probability and decision matrices: rows ≡ flat with nClasses", () => {
    const y = [0, 1, 2, 1, 0, 2];
    const P = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
      [0.3, 0.4, 0.3],
      [0.5, 0.25, 0.25],
      [0.1, 0.3, 0.6],
    ];
    const flat = Float64Array.from(P.flat());
    for (const f of [mlm.d2LogLossScore, mlm.d2BrierScore, mlm.hingeLoss] as ((...a: unknown[]) => number)[]) {
      expect(f(y, flat, { nClasses: 3 })).toBe(f(y, P));
    }
  });

  test("auc on zero-copy handles equals auc on arrays; NaN propagates as in sklearn", () => {
    const x = mlm.allocFloat64(5);
    const y = mlm.allocFloat64(5);
    x.array.set([0, 0.1, 0.4, 0.4, 1]);
    y.array.set([0, 0.3, 0.5, 0.7, 1]);
    try {
      expect(mlm.auc(x, y)).toBe(mlm.auc([0, 0.1, 0.4, 0.4, 1], [0, 0.3, 0.5, 0.7, 1]));
    } finally {
      y.free();
      x.free();
    }
    expect(mlm.auc([0, 1, 2], [0, NaN, 1])).toBeNaN();
  });

  test("auc: numpy's print of x in the monotonicity error (summarised above 1000 values)", () => {
    const x = Float64Array.from({ length: 1500 }, (_, i) => (i === 700 ? -1 : i));
    expect(() => mlm.auc(x, new Float64Array(1500))).toThrow(
      "x is neither increasing nor decreasing : [0.000e+00 1.000e+00 2.000e+00 ... 1.497e+03 1.498e+03 1.499e+03].",
    );
  });

  test("2-D ranking: rows ≡ flat with nLabels; different shapes refused", () => {
    const T = [[1, 0, 1, 0], [0, 0, 1, 1], [1, 1, 0, 0]];
    const S = [[0.2, 0.4, 0.4, 0.1], [0.9, 0.1, 0.3, 0.3], [0.5, 0.5, 0.5, 0.5]];
    const fns = [mlm.coverageError, mlm.labelRankingAveragePrecisionScore, mlm.labelRankingLoss, mlm.dcgScore, mlm.ndcgScore];
    for (const f of fns as ((...a: unknown[]) => number)[]) {
      expect(f(Float64Array.from(T.flat()), Float64Array.from(S.flat()), { nLabels: 4 })).toBe(f(T, S));
      expect(() => f(T, S.map((r) => r.slice(0, 3)))).toThrow(/different shape/);
    }
    expect(() => mlm.coverageError(T, S, { nLabels: 0 })).toThrow(TypeError);
  });

  test("classLikelihoodRatios: replaceUndefinedBy must be 1, NaN or the dict", () => {
    expect(() => mlm.classLikelihoodRatios([0, 1], [0, 1], { replaceUndefinedBy: 2 })).toThrow(
      "The 'replace_undefined_by' parameter of class_likelihood_ratios must be a float among {1.0, nan} or an instance of 'dict'. Got 2.0 instead.",
    );
  });
});
