// Ranking behaviours the golden fixtures do not pin down: tie order under
// weights, the sign of a -0.0 threshold, auc's monotonicity error raised from
// inside the arena, and the clipping constant. Expected values are sklearn 1.9.1's.
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";

beforeAll(async () => {
  await mlm.init();
});

test("tied scores are accumulated in input order (stable descending argsort), not reversed", () => {
  // (0.1 + 0.2) + 0.3 = 0.6000000000000001, but (0.3 + 0.2) + 0.1 = 0.6
  const r = mlm.precisionRecallCurve([0, 1, 1, 1, 1], [0.9, 0.5, 0.5, 0.5, 0.1], {
    sampleWeight: [1.0, 0.1, 0.2, 0.3, 1.0],
  });
  expect(r.precision).toEqual([0.6153846153846154, 0.37500000000000006, 0.0, 1.0]);
  expect(r.recall).toEqual([1.0, 0.37500000000000006, 0.0, 0.0]);
  expect(r.thresholds).toEqual([0.1, 0.5, 0.9]);
});

test("-0.0 and 0.0 are one threshold, reported with the sign of the last tied sample", () => {
  const r = mlm.rocCurve([0, 1, 1], [0.3, 0.0, -0.0], { dropIntermediate: false });
  expect(r.thresholds).toEqual([Infinity, 0.3, -0]);
  expect(Object.is(r.thresholds[2], -0)).toBe(true);
  expect(r.fpr).toEqual([0, 1, 1]);
  expect(r.tpr).toEqual([0, 0, 1]);
});

test("non-monotone fpr (negative weights) raises auc's error and releases the arena", () => {
  expect(() =>
    mlm.rocAucScore([0, 1, 0, 1, 0], [0.1, 0.2, 0.3, 0.4, 0.5], { sampleWeight: [1, 1, -1, 1, 2] }),
  ).toThrow("x is neither increasing nor decreasing : [0.  1.  1.  0.5 0.5 1. ].");
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});

test("log loss clips to [eps, 1 - eps]: a certain wrong prediction costs -log(2^-52)", () => {
  expect(mlm.logLoss([1, 0], [0.0, 0.0])).toBe(18.021826694558577);
});

test("one class in yTrue: NaN and sklearn's warning, before length checks", () => {
  const warnings: string[] = [];
  expect(mlm.rocAucScore([0, 0, 0], [0.1, 0.2], { onWarning: (m) => warnings.push(m) })).toBeNaN();
  expect(warnings).toEqual(["Only one class is present in y_true. ROC AUC score is not defined in that case."]);
});
