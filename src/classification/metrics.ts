/**
 * The public label metrics (sklearn `_classification.py`): accuracy, precision /
 * recall / F1 (binary here; `average`, `labels` and string labels route to
 * ./multiclass.ts) and the confusion matrix, all from the counts of ./counts.ts.
 * @module
 */
import { accuracyFast, type AccuracyOptions, type BinaryCounts, binaryCounts, type BinaryLabelOptions, type ConfusionMatrixOptions, numericConfusionMatrix, zeroDivisionValue } from "./counts.js";
import { confusionMatrixLabels, multiclassF1, multiclassPrecision, multiclassRecall, type SetWiseOptions } from "./multiclass.js";
import { columnOptions, type IndicatorMatrix, matrixRoute, type MultilabelOptions, multilabelAccuracy, targets1d } from "./multilabel.js";
import { type ClassLabelArray, encodeArray, hasStringLabels, labelCodec } from "../input/codec.js";
import { checkTargets } from "../input/labels.js";
import { checkOptions, checkWeightSum, type LabelArray, warn } from "../input/validate.js";
import { allocF64, getF64, withArena } from "../wasm/core.js";

function prfDivide(
  num: number,
  den: number,
  metric: "Precision" | "Recall" | "F-score",
  modifier: string,
  o: BinaryLabelOptions,
  warnIt: boolean,
): number {
  if (den !== 0) return num / den;
  const z = o.zeroDivision ?? "warn";
  const value = zeroDivisionValue(z);
  if (z === "warn" && warnIt) {
    warn(
      o,
      `${metric} is ill-defined and being set to 0.0 due to no ${modifier} samples. Use \`zero_division\` parameter to control this behavior.`,
    );
  }
  return value;
}

/**
 * Precision, recall or F1 of the positive class from its binary counts, as
 * the public functions compute them (zero division: `o.zeroDivision`, and
 * sklearn's warning through `o.onWarning` with the default `'warn'`). Also
 * used by the metric dicts, which call it in their keys' order.
 */
export function binaryScore(metric: "precision" | "recall" | "f1", c: BinaryCounts, o: BinaryLabelOptions): number {
  if (metric === "precision") return prfDivide(c.tp, c.predSum, "Precision", "predicted", o, true);
  if (metric === "recall") return prfDivide(c.tp, c.trueSum, "Recall", "true", o, true);
  return prfDivide(2 * c.tp, 1 * c.trueSum + c.predSum, "F-score", "true nor predicted", o, true);
}

/** `average`, `labels` or string labels go to the multiclass module (./multiclass.ts). */
function routeMulticlass(yTrue: unknown, yPred: unknown, options: unknown): boolean {
  const o = (options ?? {}) as Record<string, unknown>;
  if (matrixRoute(yTrue, yPred, options) !== null) return true; // 2-D targets (multilabel, or column vectors)
  return (
    (typeof o === "object" && (o.average !== undefined || o.labels !== undefined || typeof o.posLabel === "string")) ||
    hasStringLabels(yTrue, yPred)
  );
}

/**
 * Precision tp / (tp + fp) for the positive class (sklearn `precision_score`, average='binary').
 *
 * No predicted positives: `zeroDivision` (default `'warn'`: 0.0 and the warning
 * `Precision is ill-defined and being set to 0.0 due to no predicted samples. ...`).
 * Errors as sklearn: more than two labels, `posLabel` not a label, continuous input.
 * @example
 * ```ts
 * precisionScore([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]); // 1 (sklearn: 1.0)
 * ```
 */
export function precisionScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options: SetWiseOptions & MultilabelOptions & { average: null }): number[];
export function precisionScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number;
export function precisionScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassPrecision(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "precisionScore");
  zeroDivisionValue(o.zeroDivision);
  return binaryScore("precision", binaryCounts(yTrue, yPred, o), o);
}

/**
 * Recall tp / (tp + fn) for the positive class (sklearn `recall_score`, average='binary').
 * No true positives in `yTrue`: `zeroDivision` rules with the warning `... due to no true samples. ...`.
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]); // 0.6666666666666666 (sklearn: 0.6666666666666666)
 * ```
 */
export function recallScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options: SetWiseOptions & MultilabelOptions & { average: null }): number[];
export function recallScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number;
export function recallScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassRecall(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "recallScore");
  zeroDivisionValue(o.zeroDivision);
  return binaryScore("recall", binaryCounts(yTrue, yPred, o), o);
}

/**
 * F1 = 2·tp / (2·tp + fp + fn), computed as sklearn: 2·tp / (trueSum + predSum)
 * (sklearn `f1_score`, average='binary'). Warns only when tp + fp + fn = 0
 * (`F-score is ill-defined ... due to no true nor predicted samples. ...`).
 * @example
 * ```ts
 * f1Score([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]); // 0.8 (sklearn: 0.8)
 * ```
 */
export function f1Score(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options: SetWiseOptions & MultilabelOptions & { average: null }): number[];
export function f1Score(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number;
export function f1Score(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: BinaryLabelOptions | (SetWiseOptions & MultilabelOptions)): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassF1(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "f1Score");
  zeroDivisionValue(o.zeroDivision);
  return binaryScore("f1", binaryCounts(yTrue, yPred, o), o);
}

/**
 * Binary confusion counts (tn, fp, fn, tp) for `posLabel` (default 1), unweighted
 * unless `sampleWeight` is given. Used by the metric dicts.
 */
export function binaryConfusion(
  yTrue: LabelArray,
  yPred: LabelArray,
  options?: BinaryLabelOptions,
): BinaryCounts {
  return binaryCounts(yTrue, yPred, checkOptions<BinaryLabelOptions>(options, "binaryConfusion"));
}

/**
 * Accuracy: the (weighted) fraction of samples with yPred = yTrue (sklearn
 * `accuracy_score`); any number of classes. `normalize: false` returns the
 * (weighted) count. Weighted sums use numpy's pairwise order. n × k indicator
 * matrices (rows, or flat with `nLabels`) give the subset accuracy (./multilabel.ts).
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function accuracyScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: AccuracyOptions & MultilabelOptions): number {
  const route = matrixRoute(yTrue, yPred, options);
  if (route === "multilabel") return multilabelAccuracy(yTrue, yPred, checkOptions<AccuracyOptions & MultilabelOptions>(options, "accuracyScore"));
  if (route) return accuracyScore(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(options));
  if (hasStringLabels(yTrue, yPred)) {
    const codec = labelCodec([yTrue, yPred]);
    return accuracyScore(encodeArray(yTrue, codec) as Float64Array, encodeArray(yPred, codec) as Float64Array, options);
  }
  const o = checkOptions<AccuracyOptions>(options, "accuracyScore");
  return withArena((k) => {
    const fast = accuracyFast(k, yTrue, yPred, o);
    if (fast) return o.normalize === false ? fast.hits : fast.hits / fast.n;
    const t = checkTargets(yTrue, yPred, o.sampleWeight);
    const out = allocF64(2);
    k.accuracyStats(t.pt, t.pp, t.pw, t.yTrue.n, out);
    const [hits, total] = getF64(out, 2);
    if (t.weight && o.normalize !== false) checkWeightSum(total);
    return o.normalize === false ? hits : hits / total;
  });
}

/**
 * Confusion matrix C with C[i][j] = (weighted) count of samples with true label
 * `labels[i]` and predicted label `labels[j]` (sklearn `confusion_matrix`).
 *
 * Labels default to the sorted union of both arrays; samples whose labels are
 * not in `labels` are ignored. `normalize` divides by row sums ('true'), column
 * sums ('pred') or the total ('all'); 0/0 cells become 0. A 1 x 1 result warns
 * as sklearn does. String labels are supported (sorted as numpy sorts them).
 * 2-D targets (rows, or flat with `nLabels`) raise sklearn's `_check_targets`
 * errors ("multilabel-indicator is not supported", type mixes); n × 1 matrices
 * are their column.
 * @example
 * ```ts
 * confusionMatrix([[1, 0], [0, 1]], [[1, 0], [0, 0]]); // ValueError: multilabel-indicator is not supported (sklearn: same)
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]); // [[2,0,0],[0,0,1],[1,0,2]] (sklearn: same)
 * ```
 */
export function confusionMatrix(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: ConfusionMatrixOptions | Parameters<typeof confusionMatrixLabels>[2],
): number[][] {
  // 2-D targets: sklearn's _check_targets, then "multilabel-indicator is not supported" (n × 1: the columns)
  const col = targets1d(yTrue, yPred, checkOptions(options, "confusionMatrix"), "multilabel-indicator is not supported", true);
  if (col) return confusionMatrix(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(options));
  if (hasStringLabels(yTrue, yPred)) return confusionMatrixLabels(yTrue, yPred, options as never);
  return numericConfusionMatrix(yTrue as LabelArray, yPred as LabelArray, options as ConfusionMatrixOptions);
}
