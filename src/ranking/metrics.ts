/**
 * The public ranking and probabilistic metrics (scikit-learn
 * `sklearn.metrics._ranking`, and `log_loss` / `brier_score_loss`): each routes
 * a probability matrix to the multiclass implementations (./multiclass.ts) and
 * 1-D scores to the binary ones (./curves.ts, ./logloss.ts).
 * @module
 */
import { type ClassLabel, type ClassLabelArray, encodeArray, hasStringLabels, labelCodec } from "../input/codec.js";
import { isMatrix, type ProbMatrix, readMatrix } from "../input/matrix.js";
import { checkArray, checkOptions, type LabelArray, type NumericArray, ValueError } from "../input/validate.js";
import { apInArena, type AveragePrecisionOptions, binaryBrierScoreLoss, binaryRocAucScore, type BrierOptions, checkCurveInput, lengthOf, logLossInArena, type LogLossOptions, npArrayStr, probMinMax, pyFloat, pyLabel, pyStrRepr, readLabels, type RocAucOptions, targetType, targetTypeFast } from "./curves.js";
import { logLossFast } from "./logloss.js";
import { brierBinaryFast } from "./mcfast.js";
import { multiclassAveragePrecision, type MulticlassBrierOptions, multiclassBrierScoreLoss, multiclassLogLoss, type MulticlassProbOptions, type MulticlassRocAucOptions, multiclassRocAucScore, partialRocAuc } from "./multiclass.js";
import { isLabelMatrix, multilabelAveragePrecision, type MultilabelMatrix, type MultilabelRankingOptions, multilabelRocAucScore } from "./multilabel.js";
import { withArena } from "../wasm/core.js";
import { columnOr1d } from "./labelranking.js";

/**
 * Area under the ROC curve (sklearn `roc_auc_score`), binary `yTrue`.
 *
 * Computed as sklearn does: `roc_curve` with `drop_intermediate=True` on
 * `yTrue == max(yTrue)`, then scipy's trapezoid rule
 * `Σ (fpr[i+1] − fpr[i]) · (tpr[i+1] + tpr[i]) / 2.0`, summed in numpy's pairwise
 * order. Tied scores form one diagonal segment (half credit). Samples of weight 0
 * are dropped.
 *
 * Edge cases: one class in `yTrue` → NaN and the warning `Only one class is
 * present in y_true. ROC AUC score is not defined in that case.` (checked before
 * lengths and weights, as in sklearn); more than two classes → `multi_class must
 * be in ('ovo', 'ovr')` (only binary is supported); non-integer labels →
 * `continuous format is not supported`; weights leaving no positive or no
 * negative mass → NaN with `roc_curve`'s warning.
 *
 * Multilabel `yTrue` (an n × k 0/1 indicator matrix: `number[][]` / `boolean[][]`
 * rows, or flat with `nLabels`) with an n × k score matrix: the binary AUC of each
 * label column, averaged by `average` (`'macro'` default, `'weighted'` by label
 * support, `'micro'` over the raveled matrices, `'samples'` per row, null per
 * label), `maxFpr` applying to each; see {@link multilabelRocAucScore}.
 * @example
 * ```ts
 * rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75 (sklearn: 0.75)
 * const Y = [[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 1]];
 * const S = [[0.9, 0.2, 0.3], [0.1, 0.5, 0.8], [0.7, 0.1, 0.2], [0.3, 0.3, 0.9]];
 * rocAucScore(Y, S, { average: "micro" }); // 0.9722222222222223 (sklearn: 0.9722222222222223)
 * ```
 */
export function rocAucScore(yTrue: ClassLabelArray, yScore: ProbMatrix, options: MulticlassRocAucOptions & { average: null }): number[];
export function rocAucScore(yTrue: ClassLabelArray, yScore: ProbMatrix, options?: RocAucOptions | MulticlassRocAucOptions): number;
export function rocAucScore(
  yTrue: MultilabelMatrix,
  yScore: MultilabelMatrix,
  options: MultilabelRankingOptions & { maxFpr?: number | null; average: null },
): number | number[];
export function rocAucScore(
  yTrue: MultilabelMatrix,
  yScore: MultilabelMatrix,
  options?: MultilabelRankingOptions & { maxFpr?: number | null },
): number;
export function rocAucScore(
  yTrueIn: ClassLabelArray | MultilabelMatrix,
  yScoreIn: ProbMatrix | MultilabelMatrix,
  options?: RocAucOptions | MulticlassRocAucOptions | (MultilabelRankingOptions & { maxFpr?: number | null }),
): number | number[] {
  const mo = (options ?? {}) as MulticlassRocAucOptions & { nLabels?: number };
  if (isLabelMatrix(yTrueIn, mo.nLabels)) {
    // one label column: the binary case (sklearn's type_of_target of an n × 1 matrix)
    const bin = { sampleWeight: mo.sampleWeight, maxFpr: mo.maxFpr, onWarning: mo.onWarning };
    return multilabelRocAucScore(yTrueIn, yScoreIn, mo as MultilabelRankingOptions, (y, s) => rocAucScore(y, s, bin));
  }
  let yTrue = yTrueIn as ClassLabelArray;
  const yScore = yScoreIn as ProbMatrix;
  if (isMatrix(yScore, mo.nClasses)) return multiclassRocAucScore(yTrue, yScore, mo);
  // Binary string labels with 1-D scores: sorted class indices keep sklearn's
  // rule that the greater label is the positive class.
  if (hasStringLabels(yTrue)) yTrue = encodeArray(yTrue, labelCodec([yTrue])) as NumericArray;
  if (mo.maxFpr !== undefined && mo.maxFpr !== null) {
    return partialRocAuc(yTrue as LabelArray, yScore as NumericArray, mo.maxFpr, checkOptions<RocAucOptions>(options, "rocAucScore"));
  }
  return binaryRocAucScore(yTrue, yScore as NumericArray, options as RocAucOptions);
}

/**
 * Average precision (sklearn `average_precision_score`), binary:
 * AP = Σₙ (Rₙ − Rₙ₋₁) Pₙ over the precision-recall curve, a step sum without
 * interpolation, computed as `max(0, −Σ diff(recall) · precision[:-1])` with
 * numpy's pairwise summation.
 *
 * Edge cases: `posLabel` (default 1) must be one of the labels when `yTrue` has
 * two: `pos_label=2 is not a valid label. It should be one of [0 1]` (with
 * `string[]` labels: `pos_label=1 is not a valid label. It should be one of
 * ['cat' 'yak']`, so strings need `posLabel`); with a single class it is not
 * checked (no positives → 0.0 and the precision-recall warning).
 *
 * Multiclass `yTrue` takes an n × k score matrix (`number[][]`, or flat with
 * `nClasses`), k = the number of labels present in `yTrue` (sorted): `yTrue` is
 * binarized and the per-class APs averaged by `average` — `'macro'` (mean),
 * `'weighted'` (by class weight; 0 when those sum to ≈ 0), `'micro'` (one AP over
 * the flattened matrix), `'samples'` (per-row AP, weighted mean), null (per class).
 * `posLabel` must then be 1 (sklearn's `Parameter pos_label is fixed to 1 ...`);
 * a 1-D score with multiclass `yTrue`, or a matrix of another width, raises
 * sklearn's shape error.
 *
 * Multilabel `yTrue` (an n × k 0/1 indicator matrix, rows or flat with `nLabels`)
 * with an n × k score matrix: the binary AP (positive label 1) of each label
 * column averaged by `average` (`'samples'`: per row); a label without positives
 * scores 0.0 with the precision-recall warning; see {@link multilabelAveragePrecision}.
 * @example
 * ```ts
 * averagePrecisionScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.8333333333333333 (sklearn: 0.8333333333333333)
 * const P = [[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.1, 0.2, 0.7], [0.4, 0.4, 0.2]];
 * averagePrecisionScore([0, 1, 2, 2], P); // 0.9166666666666666 (sklearn: 0.9166666666666666)
 * averagePrecisionScore([0, 1, 2, 2], P, { average: null }); // [1, 1, 0.75] (sklearn: array([1.  , 1.  , 0.75]))
 * averagePrecisionScore([[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 1]], [[0.9, 0.2, 0.3], [0.1, 0.5, 0.8], [0.7, 0.1, 0.2], [0.3, 0.3, 0.9]], { average: "micro" });
 * // 0.9583333333333333 (sklearn: 0.9583333333333333)
 * ```
 */
export function averagePrecisionScore(
  yTrue: ClassLabelArray,
  yScore: ProbMatrix,
  options: AveragePrecisionOptions & { average: null },
): number | number[];
export function averagePrecisionScore(yTrue: ClassLabelArray, yScore: ProbMatrix, options?: AveragePrecisionOptions): number;
export function averagePrecisionScore(
  yTrue: MultilabelMatrix,
  yScore: MultilabelMatrix,
  options: MultilabelRankingOptions & { posLabel?: number | boolean; average: null },
): number | number[];
export function averagePrecisionScore(
  yTrue: MultilabelMatrix,
  yScore: MultilabelMatrix,
  options?: MultilabelRankingOptions & { posLabel?: number | boolean },
): number;
export function averagePrecisionScore(
  yTrueIn: ClassLabelArray | MultilabelMatrix,
  yScoreIn: ProbMatrix | MultilabelMatrix,
  options?: AveragePrecisionOptions | (MultilabelRankingOptions & { posLabel?: number | boolean }),
): number | number[] {
  const o = checkOptions<AveragePrecisionOptions & { nLabels?: number }>(options, "averagePrecisionScore");
  if (isLabelMatrix(yTrueIn, o.nLabels)) {
    const bin = { sampleWeight: o.sampleWeight, posLabel: o.posLabel, onWarning: o.onWarning };
    return multilabelAveragePrecision(yTrueIn, yScoreIn, o as MultilabelRankingOptions, (y, s) => averagePrecisionScore(y, s, bin));
  }
  const yTrue = yTrueIn as ClassLabelArray;
  const yScore = yScoreIn as ProbMatrix;
  const avgOpt = o.average === undefined ? "macro" : o.average;
  if (avgOpt !== null && !["macro", "micro", "samples", "weighted"].includes(avgOpt as string)) {
    throw new ValueError(
      "The 'average' parameter of average_precision_score must be a str among {'macro', 'micro', 'samples', 'weighted'} " +
        `or None. Got ${typeof avgOpt === "string" ? `'${avgOpt}'` : String(avgOpt)} instead.`,
    );
  }
  const rawPos = o.posLabel === null ? undefined : o.posLabel;
  if (rawPos !== undefined && typeof rawPos !== "number" && typeof rawPos !== "boolean" && typeof rawPos !== "string") {
    throw new TypeError(`posLabel must be a number, a boolean or a string, got ${typeof rawPos}`);
  }
  const posLabel: ClassLabel = rawPos ?? 1;
  // string labels: coded as the indices of their sorted classes
  const codec = hasStringLabels(yTrue) ? labelCodec([yTrue]) : undefined;
  const y: unknown = codec ? encodeArray(yTrue, codec) : yTrue;
  let pos: number;
  if (codec) pos = typeof posLabel === "string" ? codec.code(posLabel) : NaN;
  else pos = typeof posLabel === "string" ? NaN : Number(posLabel);
  /** The binary checks (sklearn's order), after the labels were read. */
  const binaryChecks = (t: ReturnType<typeof readLabels>, classes: number[]): void => {
    if (classes.length === 2 && !classes.includes(pos)) {
      const present = codec
        ? `[${(codec.names ?? []).map(pyStrRepr).join(" ")}]`
        : npArrayStr(classes, t.kind);
      const shown = typeof posLabel === "string" ? posLabel : pyLabel(posLabel);
      throw new ValueError(`pos_label=${shown} is not a valid label. It should be one of ${present}`);
    }
    if (isMatrix(yScore, o.nClasses)) {
      // binary y_true with 2-D scores: sklearn's column_or_1d on y_score
      const S = readMatrix(yScore, o.nClasses, "yScore");
      throw new ValueError(`y should be a 1d array, got an array of shape (${S.n}, ${S.k}) instead.`);
    }
  };
  // Binary input: validation and kernels in one arena (float arrays are copied
  // once and scanned in WebAssembly; the scores' range lets the unweighted area
  // come from one key-only sort, see apInArena). Other targets: below.
  const bin = withArena((k) => {
    const t = readLabels(y, "yTrue", "y_true");
    const tt = targetTypeFast(k, t);
    if (tt.type !== "binary") return undefined;
    binaryChecks(t, tt.classes);
    return apInArena(k, checkCurveInput(y, yScore, pos, o.sampleWeight, { t, ...tt }), o);
  });
  if (bin !== undefined) return bin;
  const t = readLabels(y, "yTrue", "y_true");
  const { type, classes } = targetType(t);
  if (type === "multiclass") {
    if (typeof posLabel === "string" || Number(posLabel) !== 1) {
      throw new ValueError(
        "Parameter pos_label is fixed to 1 for multiclass y_true. Do not set pos_label or set pos_label to 1.",
      );
    }
    if (isMatrix(yScore, o.nClasses)) {
      const codes = Float64Array.from(t.data);
      return multiclassAveragePrecision(codes, classes, yScore, o, (yb, sc, bo) => averagePrecisionScore(yb, sc, bo) as number);
    }
    throw new ValueError(
      "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains multiple classes. " +
        `Got \`y_score.shape=(${lengthOf(yScore, "yScore")},)\`.`,
    );
  } else {
    throw new ValueError("continuous format is not supported");
  }
}

/**
 * Binary log loss (sklearn `log_loss` with 1-D `yProb` = P(greater label)):
 * mean of −log(q), q = clip(p, ε, 1 − ε) for positives and clip(1 − p, ε, 1 − ε)
 * for negatives, ε = 2.220446049250313e-16 (float64 eps), so a certain wrong
 * prediction costs 36.04365338911715. Weighted: Σ wᵢ·lossᵢ / Σ wᵢ. Both sums use
 * numpy's pairwise order.
 *
 * Edge cases (in sklearn's order): `y_prob contains values greater than 1: 1.5`,
 * `y_prob contains values lower than 0: -0.1`; a single label in `yTrue`
 * without `labels` → `y_true contains only one label (1). Please provide the
 * list of all expected class labels explicitly through the labels argument.`;
 * more than two classes → sklearn's class-count error (1-D `yProb` is binary);
 * labels not in `labels` → sklearn's message; unsorted `labels` → sklearn's
 * warning; weights summing to 0 → `ZeroDivisionError`.
 * @example
 * ```ts
 * logLoss([0, 0, 1, 1], [0.1, 0.2, 0.7, 0.99]); // 0.1738073366910675 (sklearn: 0.1738073366910675)
 * ```
 */
export function logLoss(
  yTrue: ClassLabelArray,
  yProb: ProbMatrix,
  options?: LogLossOptions | MulticlassProbOptions,
): number {
  const fast = withArena((k) => logLossFast(k, yTrue, yProb, options));
  if (fast !== null) return fast;
  const mo = (options ?? {}) as MulticlassProbOptions;
  if (isMatrix(yProb, mo.nClasses)) return multiclassLogLoss(yTrue, yProb, mo);
  if (hasStringLabels(yTrue)) {
    // sklearn: the 1-D range checks, then the two columns [1 − p, p] of the multiclass path.
    checkOptions<LogLossOptions>(options, "logLoss");
    const p = checkArray(yProb, { arg: "yProb", inputName: "" });
    const [lo, hi] = probMinMax(p.data, p.n);
    if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
    if (lo < 0) throw new ValueError(`y_prob contains values lower than 0: ${pyFloat(lo)}`);
    const two = new Float64Array(2 * p.n);
    for (let i = 0; i < p.n; i++) {
      two[2 * i] = 1 - p.data[i];
      two[2 * i + 1] = p.data[i];
    }
    return multiclassLogLoss(yTrue, two, { ...mo, nClasses: 2 });
  }
  const o = checkOptions<LogLossOptions>(options, "logLoss");
  // One arena: yProb is copied once and scanned (finiteness, min, max) in WebAssembly.
  return withArena((k) => logLossInArena(k, yTrue, yProb, o));
}

/**
 * Binary Brier score (sklearn `brier_score_loss` with 1-D `yProb`):
 * mean((p − y)²), computed exactly as sklearn does — half the mean of the
 * two-column one-hot form `(t₀ − (1 − p))² + (t₁ − p)²` (`scale_by_half`), with
 * numpy's pairwise summation; weighted: Σ wᵢ·termᵢ / Σ wᵢ.
 *
 * Edge cases (in sklearn's order): non-binary `yTrue` → `The type of the target
 * inferred from y_true is multiclass but should be binary according to the
 * shape of y_prob.`; `y_prob contains values greater than 1: 1.5`, `y_prob
 * contains values less than 0: -0.1` (sklearn's wording differs from log loss).
 * `posLabel` defaults to 1 for {0, 1} / {-1, 1} labels, else to the greater
 * label; an explicit `posLabel` absent from `yTrue` is not an error (sklearn):
 * every sample is then negative. Weights summing to 0 → `ZeroDivisionError`.
 * @example
 * ```ts
 * brierScoreLoss([0, 1, 1, 0], [0.1, 0.9, 0.8, 0.3]); // 0.03749999999999999 (sklearn: 0.03749999999999999)
 * ```
 */
export function brierScoreLoss(
  yTrue: ClassLabelArray,
  yProb: ProbMatrix,
  options?: BrierOptions | MulticlassBrierOptions,
): number {
  const mo = (options ?? {}) as MulticlassBrierOptions;
  if (isMatrix(yProb, mo.nClasses)) return multiclassBrierScoreLoss(yTrue, yProb, mo);
  yTrue = columnOr1d(yTrue, "yTrue"); // a 1-D y_prob: sklearn's column_or_1d(y_true)
  return brierBinaryFast(yTrue, yProb, options) ?? binaryBrierScoreLoss(yTrue, yProb as NumericArray, options as BrierOptions);
}
