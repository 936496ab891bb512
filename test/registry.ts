// The metric registry: every public metric with how to build valid input and
// which generic properties it has. Generic suites (bad input, invariances,
// memory) iterate over it, in the spirit of sklearn's tests/test_common.py.
import * as mlm from "../src/index.js";

export type Kind = "regression" | "label" | "score" | "prob" | "distribution" | "curve";

export interface MetricSpec {
  name: string;
  kind: Kind;
  /** Call with positional arrays and options. */
  call: (args: ArrayLike<number>[], options?: Record<string, unknown>) => unknown;
  /** Accepts `sampleWeight`. */
  weighted: boolean;
  /** Result is invariant to permuting samples (within 1e-12 relative). */
  orderInvariant: boolean;
  /** f(a, b) == f(b, a) (sklearn's SYMMETRIC_METRICS). */
  symmetric?: boolean;
  /** Binary-only label metric (rejects a third label). */
  binaryOnly?: boolean;
  /**
   * sklearn's own message where it rejects ±Infinity in argument i before the
   * generic finiteness check (calibration_curve: "y_prob has values outside [0, 1].").
   */
  infMessage?: Record<number, string>;
  /** sklearn's message for probabilities outside [0, 1], where it is not log_loss's wording. */
  probRangeMessage?: string;
  /** sklearn does not check the values for NaN / infinity (they propagate): `auc`. */
  nonFiniteUnchecked?: boolean;
  /** sklearn returns NaN (with a warning) for empty input instead of raising: the D² scores of fewer than 2 samples. */
  emptyIsNaN?: boolean;
  /** sklearn's message for all-zero weights when it differs from `_check_sample_weight`'s (np.average's ZeroDivisionError). */
  zeroWeightsMessage?: string;
  /** All-zero weights give NaN (numpy's 0/0), no error: label_ranking_average_precision_score. */
  zeroWeightsNaN?: boolean;
  /**
   * A 2-D metric called through a wrapper that turns each 1-D input into n rows of
   * two labels ([a, 1 − a], flat with nLabels: 2): element-level type errors name
   * the flat index, so the generic non-numeric-element checks do not apply.
   */
  matrixInput?: boolean;
}

const fn = (name: string) => (mlm as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
const call2 =
  (name: string) =>
  (args: ArrayLike<number>[], options?: Record<string, unknown>) =>
    fn(name)(args[0], args[1], options);

const reg = (name: string, weighted = true, symmetric = false): MetricSpec => ({
  name,
  kind: "regression",
  call: call2(name),
  weighted,
  orderInvariant: true,
  symmetric,
});

/** Default options merged under the caller's; a non-object `options` is passed through (to be rejected). */
const withDefaults = (d: Record<string, unknown>, options: unknown) =>
  options === undefined ||
  options === null ||
  (typeof options === "object" && !Array.isArray(options) && !ArrayBuffer.isView(options))
    ? { ...d, ...(options as object) }
    : options;

/** n × 2 flat rows [v, 1 − v] of a 1-D input (anything else passed through, to be rejected). */
const twoLabels = (a: unknown): unknown => {
  if ((!Array.isArray(a) && !ArrayBuffer.isView(a)) || a instanceof DataView || a instanceof BigInt64Array) return a;
  const src = a as ArrayLike<unknown>;
  // (a Proxy or sparse array claiming more than MAX_SAMPLES elements goes through untouched: the library refuses it)
  if (!(src.length <= mlm.MAX_SAMPLES)) return a;
  const out: unknown[] = [];
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    out.push(v, typeof v === "number" ? 1 - v : v);
  }
  return ArrayBuffer.isView(a) ? Float64Array.from(out as number[]) : out;
};

const ranking2d = (name: string, extra: Partial<MetricSpec>): MetricSpec => ({
  name,
  kind: "score",
  call: (args, options) =>
    fn(name)(twoLabels(args[0]), twoLabels(args[1]), withDefaults({ nLabels: 2 }, options)),
  weighted: true,
  orderInvariant: true,
  matrixInput: true,
  ...extra,
});

/**
 * n × 2 flat rows [v, second(v)] of a 1-D input, anything else passed through (to be rejected).
 * {@link twoOutputs}: [v, −2v] (the second output as well-conditioned as the first);
 * {@link indicatorRows}: [v, 1 − v] (booleans: [v, !v]).
 */
const pairRows = (a: unknown, second: (v: unknown) => unknown): unknown => {
  if ((!Array.isArray(a) && !ArrayBuffer.isView(a)) || a instanceof DataView || a instanceof BigInt64Array) return a;
  const src = a as ArrayLike<unknown>;
  if (!(src.length <= mlm.MAX_SAMPLES)) return a;
  const out: unknown[] = [];
  for (let i = 0; i < src.length; i++) out.push(src[i], second(src[i]));
  return ArrayBuffer.isView(a) ? Float64Array.from(out as number[]) : out;
};
const twoOutputs = (a: unknown): unknown => pairRows(a, (v) => (typeof v === "number" ? -2 * v : v));
const indicatorRows = (a: unknown): unknown => pairRows(a, (v) => (typeof v === "number" ? 1 - v : typeof v === "boolean" ? !v : v));

/** A regression metric on n × 2 targets (multi-output), through {@link twoOutputs}. */
const reg2d = (name: string, multioutput: unknown, symmetric = false): MetricSpec => ({
  name: `${name} (n × 2, ${JSON.stringify(multioutput)})`,
  kind: "regression",
  call: (args, options) => fn(name)(twoOutputs(args[0]), twoOutputs(args[1]), withDefaults({ nOutputs: 2, multioutput }, options)),
  weighted: true,
  orderInvariant: true,
  symmetric,
  matrixInput: true,
});

/** A count-based metric on multilabel-indicator targets: each sample becomes a row of two labels, sent flat with nLabels: 2. */
const multilabel = (name: string, label: string, defaults: Record<string, unknown>, extra: Partial<MetricSpec> = {}): MetricSpec => ({
  name: `${name} (multilabel${label ? ", " + label : ""})`,
  kind: "label",
  call: (args, options) => fn(name)(indicatorRows(args[0]), indicatorRows(args[1]), withDefaults({ nLabels: 2, ...defaults }, options)),
  weighted: true,
  orderInvariant: true,
  matrixInput: true,
  binaryOnly: true,
  ...extra,
});

export const METRICS: MetricSpec[] = [
  reg("meanSquaredError", true, true),
  reg("rootMeanSquaredError", true, true),
  reg("meanAbsoluteError", true, true),
  reg("meanAbsolutePercentageError"),
  reg("r2Score"),
  reg("explainedVarianceScore"),
  reg("maxError", false, true),
  reg("medianAbsoluteError", true, true),
  { name: "accuracyScore", kind: "label", call: call2("accuracyScore"), weighted: true, orderInvariant: true, symmetric: true },
  { name: "precisionScore", kind: "label", call: call2("precisionScore"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "recallScore", kind: "label", call: call2("recallScore"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "f1Score", kind: "label", call: call2("f1Score"), weighted: true, orderInvariant: true, symmetric: true, binaryOnly: true },
  { name: "confusionMatrix", kind: "label", call: call2("confusionMatrix"), weighted: true, orderInvariant: true },
  { name: "rocAucScore", kind: "score", call: call2("rocAucScore"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "averagePrecisionScore", kind: "score", call: call2("averagePrecisionScore"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "rocCurve", kind: "score", call: call2("rocCurve"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "precisionRecallCurve", kind: "score", call: call2("precisionRecallCurve"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "detCurve", kind: "score", call: call2("detCurve"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "logLoss", kind: "prob", call: call2("logLoss"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "brierScoreLoss", kind: "prob", call: call2("brierScoreLoss"), weighted: true, orderInvariant: true, binaryOnly: true },
  // issue 5: multiclass breadth (0/1 inputs here; multiclass values are covered by the golden fixtures)
  { name: "jaccardScore", kind: "label", call: call2("jaccardScore"), weighted: true, orderInvariant: true, symmetric: true, binaryOnly: true },
  {
    name: "fbetaScore",
    kind: "label",
    call: (args, options) => fn("fbetaScore")(args[0], args[1], withDefaults({ beta: 2 }, options)),
    weighted: true,
    orderInvariant: true,
    binaryOnly: true,
  },
  {
    name: "precisionRecallFscoreSupport",
    kind: "label",
    call: (args, options) => fn("precisionRecallFscoreSupport")(args[0], args[1], withDefaults({ zeroDivision: 0 }, options)),
    weighted: true,
    orderInvariant: true,
  },
  { name: "multilabelConfusionMatrix", kind: "label", call: call2("multilabelConfusionMatrix"), weighted: true, orderInvariant: true },
  { name: "balancedAccuracyScore", kind: "label", call: call2("balancedAccuracyScore"), weighted: true, orderInvariant: true },
  { name: "matthewsCorrcoef", kind: "label", call: call2("matthewsCorrcoef"), weighted: true, orderInvariant: true, symmetric: true },
  { name: "cohenKappaScore", kind: "label", call: call2("cohenKappaScore"), weighted: true, orderInvariant: true, symmetric: true },
  { name: "hammingLoss", kind: "label", call: call2("hammingLoss"), weighted: true, orderInvariant: true, symmetric: true },
  {
    name: "classificationReport",
    kind: "label",
    // the dict's keys name the classes ("0" for int labels, "0.0" for float arrays, as sklearn): keyed by position here
    call: (args, options) => {
      const r = fn("classificationReport")(args[0], args[1], withDefaults({ outputDict: true, zeroDivision: 0 }, options)) as object;
      const summary = new Set(["accuracy", "micro avg", "macro avg", "weighted avg"]);
      return Object.fromEntries(Object.entries(r).map(([k, v], i) => [summary.has(k) ? k : `class #${i}`, v]));
    },
    weighted: true,
    orderInvariant: true,
  },
  // issue 15: sklearn.calibration.calibration_curve (no sample_weight in sklearn)
  {
    name: "calibrationCurve",
    kind: "prob",
    call: call2("calibrationCurve"),
    weighted: false,
    orderInvariant: true,
    binaryOnly: true,
    infMessage: { 1: "y_prob has values outside [0, 1]." },
    probRangeMessage: "y_prob has values outside [0, 1].",
  },
  {
    name: "calibrationCurve (quantile, 10 bins)",
    kind: "prob",
    call: (args, options) => fn("calibrationCurve")(args[0], args[1], withDefaults({ strategy: "quantile", nBins: 10 }, options)),
    weighted: false,
    orderInvariant: true,
    binaryOnly: true,
    infMessage: { 1: "y_prob has values outside [0, 1]." },
    probRangeMessage: "y_prob has values outside [0, 1].",
  },
  reg("meanPinballLoss"),
  reg("d2AbsoluteErrorScore"),
  reg("meanTweedieDeviance", true, true),
  // issue 17: the missing single-output functions
  { name: "zeroOneLoss", kind: "label", call: call2("zeroOneLoss"), weighted: true, orderInvariant: true, symmetric: true },
  {
    name: "hingeLoss",
    kind: "score",
    call: call2("hingeLoss"),
    weighted: true,
    orderInvariant: true,
    binaryOnly: true,
    zeroWeightsMessage: "Weights sum to zero, can't be normalized",
  },
  { name: "classLikelihoodRatios", kind: "label", call: call2("classLikelihoodRatios"), weighted: true, orderInvariant: true, binaryOnly: true },
  { name: "auc", kind: "curve", call: call2("auc"), weighted: false, orderInvariant: false, nonFiniteUnchecked: true },
  reg("d2PinballScore"),
  reg("d2TweedieScore"),
  { name: "d2LogLossScore", kind: "prob", call: call2("d2LogLossScore"), weighted: true, orderInvariant: true, binaryOnly: true, emptyIsNaN: true },
  { name: "d2BrierScore", kind: "prob", call: call2("d2BrierScore"), weighted: true, orderInvariant: true, binaryOnly: true, emptyIsNaN: true },
  // issue 17: ranking metrics on 2-D inputs (each sample → a row of two labels)
  ranking2d("coverageError", { binaryOnly: true, zeroWeightsMessage: "Weights sum to zero, can't be normalized" }),
  ranking2d("labelRankingAveragePrecisionScore", { binaryOnly: true, zeroWeightsNaN: true }),
  ranking2d("labelRankingLoss", { binaryOnly: true, zeroWeightsMessage: "Weights sum to zero, can't be normalized" }),
  ranking2d("dcgScore", { zeroWeightsMessage: "Weights sum to zero, can't be normalized" }),
  ranking2d("ndcgScore", { binaryOnly: true, zeroWeightsMessage: "Weights sum to zero, can't be normalized" }),
  // issue 17: multi-output regression (n × 2 targets)
  reg2d("meanSquaredError", "uniform_average", true),
  reg2d("meanAbsoluteError", [0.25, 0.75], true),
  reg2d("r2Score", "raw_values"),
  reg2d("explainedVarianceScore", "variance_weighted"),
  reg2d("medianAbsoluteError", "raw_values", true),
  reg2d("d2PinballScore", "raw_values"),
  // issue 17: multilabel-indicator targets of rocAucScore / averagePrecisionScore (same wrapper: rows [a, 1 − a])
  ranking2d("rocAucScore", { name: "rocAucScore (multilabel, macro)", binaryOnly: true }),
  ranking2d("averagePrecisionScore", { name: "averagePrecisionScore (multilabel, macro)", binaryOnly: true }),
  {
    ...ranking2d("rocAucScore", { binaryOnly: true }),
    name: "rocAucScore (multilabel, micro)",
    call: (args, options) => fn("rocAucScore")(twoLabels(args[0]), twoLabels(args[1]), withDefaults({ nLabels: 2, average: "micro" }, options)),
  },
  {
    ...ranking2d("averagePrecisionScore", { binaryOnly: true }),
    name: "averagePrecisionScore (multilabel, per label)",
    call: (args, options) =>
      fn("averagePrecisionScore")(twoLabels(args[0]), twoLabels(args[1]), withDefaults({ nLabels: 2, average: null }, options)),
  },
  // issue 17: multilabel-indicator targets (flat n × 2 indicators)
  multilabel("accuracyScore", "", {}, { symmetric: true }),
  multilabel("zeroOneLoss", "", {}, { symmetric: true }),
  multilabel("hammingLoss", "", {}, { symmetric: true }),
  multilabel("f1Score", "samples", { average: "samples", zeroDivision: 0 }, { symmetric: true }),
  multilabel("precisionScore", "macro", { average: "macro", zeroDivision: 0 }),
  multilabel("recallScore", "micro", { average: "micro", zeroDivision: 0 }),
  multilabel("fbetaScore", "weighted", { average: "weighted", beta: 2, zeroDivision: 0 }),
  multilabel("jaccardScore", "samples", { average: "samples", zeroDivision: 0 }, { symmetric: true }),
  multilabel("precisionRecallFscoreSupport", "per label", { zeroDivision: 0 }),
  multilabel("multilabelConfusionMatrix", "", {}),
  multilabel("classificationReport", "", { outputDict: true, zeroDivision: 0 }),
  {
    name: "scoreDistribution",
    kind: "distribution",
    call: (args, options) => fn("scoreDistribution")(args[0], options),
    weighted: false,
    orderInvariant: true,
  },
];

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid positional inputs of length n for a metric kind (both classes present when n ≥ 2). */
export function validInputs(kind: Kind, n: number, seed = 1): Float64Array[] {
  const r = rng(seed);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case "regression":
        a[i] = 10 * r() - 5;
        b[i] = a[i] + r() - 0.5;
        break;
      case "label":
        a[i] = r() < 0.5 ? 1 : 0;
        b[i] = r() < 0.3 ? 1 - a[i] : a[i];
        break;
      case "score":
      case "prob":
        a[i] = r() < 0.4 ? 1 : 0;
        b[i] = Math.min(1, Math.max(0, 0.5 * a[i] + 0.6 * r() - 0.05));
        break;
      case "distribution":
        a[i] = r() * 2 - 1;
        break;
      case "curve":
        a[i] = (i > 0 ? a[i - 1] : 0) + (r() < 0.2 ? 0 : r());
        b[i] = r();
        break;
    }
  }
  if (n >= 2 && kind !== "regression" && kind !== "distribution" && kind !== "curve") {
    a[0] = 0;
    a[1] = 1;
  }
  return kind === "distribution" ? [a] : [a, b];
}

export function weights(n: number, seed = 7): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => Math.floor(r() * 4));
}
