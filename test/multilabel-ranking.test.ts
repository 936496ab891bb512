// rocAucScore / averagePrecisionScore with multilabel-indicator targets (issue 17):
// properties that scikit-learn's definition implies (label-column permutation, sample
// order, integer weights as repetition, equivalent input forms) and hostile input.
// The values themselves are checked against scikit-learn by the golden fixtures
// (test/fixtures/multilabel_ranking.json) and the differential fuzzer.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

type Fn = (t: unknown, s: unknown, o?: Record<string, unknown>) => number | number[];
const FNS: [string, Fn][] = [
  ["rocAucScore", mlm.rocAucScore as unknown as Fn],
  ["averagePrecisionScore", mlm.averagePrecisionScore as unknown as Fn],
];
const AVERAGES = ["macro", "micro", "weighted", "samples", null] as const;

function data(n: number, k: number, seed: number, ties = false): { T: number[][]; S: number[][] } {
  const r = rng(seed);
  const prev = Array.from({ length: k }, () => 0.1 + 0.6 * r());
  const T: number[][] = [];
  const S: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = prev.map((p) => (r() < p ? 1 : 0));
    // both classes in every row and in every column (no NaN for ROC AUC)
    t[i % k] = 1;
    t[(i + 1) % k] = 0;
    T.push(t);
    S.push(t.map((v) => (ties ? Math.round(3 * r() + v) : r() + 0.7 * v)));
  }
  return { T, S };
}

const quiet = { onWarning: () => {} };

describe.each(FNS)("%s, multilabel", (name, f) => {
  const { T, S } = data(60, 4, 5, true);
  const w = Float64Array.from({ length: 60 }, (_, i) => (i * 7) % 4);

  test.each(AVERAGES.map((a) => [String(a), a] as const))("average=%s: permuting the label columns permutes the per-label values", (_l, average) => {
    const perm = [2, 0, 3, 1];
    const Tp = T.map((r) => perm.map((j) => r[j]));
    const Sp = S.map((r) => perm.map((j) => r[j]));
    const a = f(T, S, { average, sampleWeight: w, ...quiet });
    const b = f(Tp, Sp, { average, sampleWeight: w, ...quiet });
    if (average === null) expect(b).toEqual(perm.map((j) => (a as number[])[j]));
    else if (average === "micro" || average === "samples") expect(b).toBe(a); // same multiset of pairs / rows
    else expect(b as number).toBeCloseTo(a as number, 14); // the mean's summation order follows the columns
  });

  test.each(AVERAGES.map((a) => [String(a), a] as const))("average=%s: reversing the samples (and weights) keeps the value", (_l, average) => {
    const a = f(T, S, { average, sampleWeight: w, ...quiet });
    const b = f([...T].reverse(), [...S].reverse(), { average, sampleWeight: Float64Array.from(w).reverse(), ...quiet });
    if (average === null) (b as number[]).forEach((v, i) => expect(v).toBeCloseTo((a as number[])[i], 14));
    else expect(b as number).toBeCloseTo(a as number, 14);
  });

  test.each(AVERAGES.map((a) => [String(a), a] as const))("average=%s: integer weights = repeated samples", (_l, average) => {
    const Tr: number[][] = [];
    const Sr: number[][] = [];
    T.forEach((r, i) => {
      for (let c = 0; c < w[i]; c++) {
        Tr.push(r);
        Sr.push(S[i]);
      }
    });
    const a = f(T, S, { average, sampleWeight: w, ...quiet });
    const b = f(Tr, Sr, { average, ...quiet });
    if (average === null) (b as number[]).forEach((v, i) => expect(v).toBeCloseTo((a as number[])[i], 12));
    else expect(b as number).toBeCloseTo(a as number, 12);
  });

  test.each(AVERAGES.map((a) => [String(a), a] as const))("average=%s: rows, flat Float64Array / Float32Array / Int32Array with nLabels, booleans agree", (_l, average) => {
    const a = f(T, S, { average, ...quiet });
    const flatT = T.flat();
    const S32 = S.map((r) => r.map((v) => Math.fround(v)));
    expect(f(Float64Array.from(flatT), Float64Array.from(S.flat()), { average, nLabels: 4, ...quiet })).toEqual(a);
    expect(f(Int32Array.from(flatT), S.flat(), { average, nLabels: 4, ...quiet })).toEqual(a);
    expect(f(T.map((r) => r.map((v) => v === 1)), S, { average, ...quiet })).toEqual(a);
    expect(f(flatT, Float32Array.from(S32.flat()), { average, nLabels: 4, ...quiet })).toEqual(f(T, S32, { average, ...quiet }));
  });

  test("one label column (n × 1) is the binary metric of that column", () => {
    const y = T.map((r) => r[0]);
    const s = S.map((r) => r[0]);
    for (const average of AVERAGES) {
      expect(f(y.map((v) => [v]), s.map((v) => [v]), { average, sampleWeight: w })).toBe(f(y, s, { sampleWeight: w }));
    }
  });

  test("a label without positives: per-label value and sklearn's warning", () => {
    const T0 = T.map((r) => [r[0], 0, r[2]]);
    const S0 = S.map((r) => [r[0], r[1], r[2]]);
    const warnings: string[] = [];
    const v = f(T0, S0, { average: null, onWarning: (m: string) => warnings.push(m) }) as number[];
    if (name === "rocAucScore") {
      expect(v[1]).toBeNaN();
      expect(warnings).toEqual(["Only one class is present in y_true. ROC AUC score is not defined in that case."]);
    } else {
      expect(v[1]).toBe(0);
      expect(warnings).toEqual(["No positive class found in y_true, recall is set to one for all thresholds."]);
    }
    // 'weighted' gives the empty label a support of 0: its NaN / 0 does not count
    expect(f(T0, S0, { average: "weighted", ...quiet })).toBeCloseTo(
      (f(T0.map((r) => [r[0], r[2]]), S0.map((r) => [r[0], r[2]]), { average: "weighted" }) as number),
      14,
    );
  });

  test("bad and hostile input: sklearn's messages, TypeErrors, and the module recovers", () => {
    const fnName = name === "rocAucScore" ? "roc_auc_score" : "average_precision_score";
    expect(() => f(T, S, { average: "bogus" })).toThrow(
      `The 'average' parameter of ${fnName} must be a str among {'macro', 'micro', 'samples', 'weighted'} or None. Got 'bogus' instead.`,
    );
    expect(() => f(T, S.map((r) => r.slice(0, 3)))).toThrow("y_true and y_score have different shape: (60, 4) and (60, 3)");
    expect(() => f(T, S.slice(1))).toThrow("Found input variables with inconsistent numbers of samples: [60, 59]");
    expect(() => f(T, S, { sampleWeight: new Float64Array(3) })).toThrow("Found input variables with inconsistent numbers of samples: [60, 60, 3]");
    expect(() => f([[1, 0], [0, 1, 1]], [[1, 0], [0, 1]])).toThrow(mlm.ValueError); // ragged rows
    expect(() => f([[1, 0], [0, "1"]], [[1, 0], [0, 1]])).toThrow(TypeError);
    expect(() => f([[1, 0], [0, 1]], [[1, 0], null])).toThrow(TypeError);
    expect(() => f([1, 0, 0, 1, 1], [0.5, 0.2, 0.1, 0.7, 0.9], { nLabels: 2 })).toThrow(mlm.ValueError); // 5 values, 2 per row
    expect(() => f([1, 0, 0, 1], [0.5, 0.2, 0.1, 0.7], { nLabels: 0 })).toThrow(TypeError);
    expect(() => f([[1, 0], [0, NaN]], [[1, 0], [0, 1]])).toThrow("Input y_true contains NaN.");
    expect(() => f([[1, 0], [0, 1]], [[1, 0], [0, Infinity]])).toThrow("Input contains infinity or a value too large for dtype('float64').");
    expect(() => f([[1, 0], [0, 2], [2, 1]], [[1, 0], [0, 1], [1, 1]])).toThrow("multiclass-multioutput format is not supported");
    expect(() => f([[1, 0.5], [0, 1]], [[1, 0], [0, 1]])).toThrow("continuous-multioutput format is not supported");
    expect(() => f([[1, 0], [0, 1]], [0.2, 0.8])).toThrow(/^Expected 2D array, got 1D array instead:\narray=\[0\.2 0\.8\]\./);
    expect(() => f(new Float64Array(0), new Float64Array(0), { nLabels: 3 })).toThrow(
      "Found array with 0 sample(s) (shape=(0, 3)) while a minimum of 1 is required.",
    );
    expect(mlm.memoryStats().arenaBytes).toBe(0);
    expect(f(T, S, quiet)).toEqual(f(T, S, quiet));
  });
});

test("averagePrecisionScore, multilabel: posLabel is fixed to 1", () => {
  const { T, S } = data(20, 3, 9);
  expect(mlm.averagePrecisionScore(T, S, { posLabel: true })).toBe(mlm.averagePrecisionScore(T, S));
  expect(() => mlm.averagePrecisionScore(T, S, { posLabel: 0 })).toThrow(
    "Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set pos_label or set pos_label to 1.",
  );
});

test("rocAucScore, multilabel: maxFpr in (0, 1], each label's McClish-corrected partial AUC", () => {
  const { T, S } = data(50, 3, 13);
  expect(() => mlm.rocAucScore(T, S, { maxFpr: 0 })).toThrow(
    "The 'max_fpr' parameter of roc_auc_score must be a float in the range (0.0, 1.0] or None. Got 0 instead.",
  );
  const per = mlm.rocAucScore(T, S, { maxFpr: 0.3, average: null }) as number[];
  per.forEach((v, j) => expect(v).toBe(mlm.rocAucScore(T.map((r) => r[j]), S.map((r) => r[j]), { maxFpr: 0.3 })));
  expect(mlm.rocAucScore(T, S, { maxFpr: 1 })).toBe(mlm.rocAucScore(T, S));
});
