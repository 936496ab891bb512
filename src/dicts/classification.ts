/**
 * The classification metric dict (`classificationMetrics`), binary with
 * numeric or boolean labels here; string labels and multiclass targets route
 * to ./multiclass.ts.
 * @module
 */
import { type DictOptions, field, finish, type MetricDict, preset } from "./keys.js";
import { binaryDictFast } from "./binary.js";
import { routeClassificationDict, type RoutedDictOptions } from "./multiclass.js";
import { accuracyScore, binaryConfusion, f1Score, precisionScore, recallScore } from "../classification/metrics.js";
import { checkTargets, formatLabel, formatLabels, labelValue } from "../input/labels.js";
import { checkArray, checkOptions, type LabelArray, type NumericArray, ValueError } from "../input/validate.js";
import { averagePrecisionScore, logLoss, rocAucScore } from "../ranking/metrics.js";
import { WasmFloat64Array, withArena } from "../wasm/core.js";

/** Input of {@link classificationMetrics}. */
export interface ClassificationInput {
  yTrue: LabelArray | readonly string[];
  yPred: LabelArray | readonly string[];
  /** Binary: P(positive class) per sample; multiclass: an n × k matrix (rows, or flat with `nClasses`). */
  yProb?: NumericArray | readonly (readonly number[])[];
  sampleWeight?: NumericArray;
  /** Training labels, for `positive_class_ratio` and `training_samples`. */
  train?: { yTrue: LabelArray };
}

/** Options of {@link classificationMetrics}. */
export interface ClassificationDictOptions extends DictOptions {
  /**
   * Positive class. `'compact'`: default 1. `'mlflow'`: default the largest label
   * (MLflow's `evaluator_config["pos_label"]`); `yProb` is P(posLabel).
   */
  posLabel?: number | boolean | string;
  /** `'mlflow'` preset: the label list (MLflow's `evaluator_config["label_list"]`). */
  labels?: readonly (number | boolean | string)[] | NumericArray;
  /** Multiclass: `'micro'`, `'macro'` or `'weighted'` (default, as MLflow). */
  average?: "micro" | "macro" | "weighted";
  /** Multiclass: the number of classes when `yProb` is a flat row-major array (n·k values). */
  nClasses?: number;
}

/**
 * Binary classification metrics as an MLflow-ready dict.
 *
 * `'compact'`: `accuracy`, `precision`, `recall`, `f1` (zero division → 0.0
 * with sklearn's warning), with `yProb` also `auc_roc` and `log_loss`, with
 * `train` also `positive_class_ratio` (share of `posLabel` in `train.yTrue`)
 * and `training_samples`. `'mlflow'`: `true_negatives`, `false_positives`,
 * `false_negatives`, `true_positives` (unweighted counts), `example_count`,
 * `accuracy_score`, `recall_score`, `precision_score`, `f1_score`, and with
 * `yProb` `log_loss`, `roc_auc`, `precision_recall_auc` (average precision);
 * the positive class is the largest label of yTrue ∪ yPred, as in MLflow.
 * @example
 * ```ts
 * classificationMetrics({ yTrue: [0, 1, 1, 0], yPred: [0, 1, 0, 0], yProb: [0.1, 0.9, 0.4, 0.3] });
 * // { accuracy: 0.75, precision: 1, recall: 0.5, f1: 0.6666666666666666,
 * //   auc_roc: 1, log_loss: 0.370921676782135 }  (sklearn: the same values)
 * ```
 */
export function classificationMetrics(input: ClassificationInput, options?: ClassificationDictOptions): MetricDict {
  const o = checkOptions<ClassificationDictOptions>(options, "classificationMetrics");
  const p = preset(o);
  const f = field(input, "classificationMetrics");
  // The common binary case from statistics shared in one arena (./binary.ts);
  // null for anything else, which takes the general path below.
  const fast = binaryDictFast(f, o, p);
  if (fast) {
    if (p === "compact") addTrain(fast, f, o.posLabel ?? 1);
    return finish(fast, o);
  }
  // String labels and multiclass input: src/dicts/multiclass.ts.
  const routed = routeClassificationDict(f, o as RoutedDictOptions, p, classificationMetrics as never);
  if (routed) return finish(routed, o);
  const yTrue = f.yTrue as LabelArray;
  const yPred = f.yPred as LabelArray;
  const sampleWeight = f.sampleWeight as NumericArray | undefined;
  const yProb = f.yProb as NumericArray | undefined;
  const warnOpts = o.onWarning ? { onWarning: o.onWarning } : {};
  let d: MetricDict;
  if (p === "compact") {
    const posLabel = o.posLabel ?? 1;
    const common = { ...warnOpts, sampleWeight, posLabel };
    d = {
      accuracy: accuracyScore(yTrue, yPred, { ...warnOpts, sampleWeight }),
      precision: precisionScore(yTrue, yPred, common),
      recall: recallScore(yTrue, yPred, common),
      f1: f1Score(yTrue, yPred, common),
    };
    if (yProb !== undefined && yProb !== null) {
      d.auc_roc = rocAucScore(yTrue, yProb, { ...warnOpts, sampleWeight });
      d.log_loss = logLoss(yTrue, yProb, { ...warnOpts, sampleWeight });
    }
    addTrain(d, f, posLabel);
  } else {
    const { neg, pos } = mlflowLabels(yTrue, yPred, sampleWeight, o);
    const c = binaryConfusion(yTrue, yPred, { posLabel: pos, onWarning: () => {} });
    const common = { ...warnOpts, sampleWeight, posLabel: pos };
    d = {
      true_negatives: c.tn,
      false_positives: c.fp,
      false_negatives: c.fn,
      true_positives: c.tp,
      example_count: c.tp + c.fp + c.fn + c.tn,
      accuracy_score: accuracyScore(yTrue, yPred, { ...warnOpts, sampleWeight }),
      recall_score: recallScore(yTrue, yPred, common),
      precision_score: precisionScore(yTrue, yPred, common),
      f1_score: f1Score(yTrue, yPred, common),
    };
    if (yProb !== undefined && yProb !== null) {
      const prob = checkArray(yProb, { arg: "yProb", inputName: "" });
      // A zero-copy handle is passed on as itself: the view checked here is
      // detached when a later allocation grows the memory.
      const scores = (yProb instanceof WasmFloat64Array ? yProb : prob.data) as NumericArray;
      // log_loss takes P(larger label); yProb is P(positive label).
      const pLarger = (pos > neg ? scores : Float64Array.from(prob.data, (v) => 1 - v)) as NumericArray;
      d.log_loss = logLoss(yTrue, pLarger, { ...warnOpts, sampleWeight, labels: [Math.min(neg, pos), Math.max(neg, pos)] });
      const isPos = Array.from(checkArray(yTrue, { arg: "yTrue", allowBool: true }).data, (v) => (v === pos ? 1 : 0));
      d.roc_auc = rocAucScore(isPos, scores, { ...warnOpts, sampleWeight });
      d.precision_recall_auc = averagePrecisionScore(yTrue, scores, { ...warnOpts, sampleWeight, posLabel: pos });
    }
  }
  return finish(d, o);
}

/** The compact dict's `train` keys: `positive_class_ratio` (share of `posLabel` in `train.yTrue`) and `training_samples`. */
function addTrain(d: MetricDict, f: Record<string, unknown>, posLabel: number | boolean | string): void {
  if (f.train === undefined || f.train === null) return;
  const tr = field(f.train, "classificationMetrics: train");
  const ty = checkArray(tr.yTrue, { arg: "train.yTrue", inputName: "y_true", allowBool: true });
  const pos = typeof posLabel === "boolean" ? (posLabel ? 1 : 0) : posLabel;
  let hits = 0;
  for (let i = 0; i < ty.n; i++) if (ty.data[i] === pos) hits++;
  d.positive_class_ratio = hits / ty.n;
  d.training_samples = ty.n;
}

/**
 * MLflow's label handling for binary evaluation: the label list is `labels` or
 * the sorted union of yTrue and yPred; it needs two labels; the positive label
 * is `posLabel` or the largest label.
 */
function mlflowLabels(
  yTrue: LabelArray,
  yPred: LabelArray,
  sampleWeight: NumericArray | undefined,
  o: ClassificationDictOptions,
): { neg: number; pos: number } {
  const present = withArena(() => checkTargets(yTrue, yPred, sampleWeight));
  let list = present.labels;
  if (o.labels !== undefined && o.labels !== null) {
    list = [...new Set(Array.from(o.labels as ArrayLike<number | boolean>, (v) => labelValue(v, "labels")))].sort(
      (a, b) => a - b,
    );
  }
  if (list.length < 2) {
    throw new ValueError(
      `Evaluation dataset for classification must contain at least two unique labels, but only ${list.length} unique labels were found.`,
    );
  }
  if (list.length > 2) {
    throw new ValueError(
      `classificationMetrics with preset 'mlflow' covers binary classification; found labels ${formatLabels(list, present.float)}`,
    );
  }
  const pos = o.posLabel === undefined ? list[1] : labelValue(o.posLabel, "posLabel");
  if (!list.includes(pos)) {
    throw new ValueError(`'pos_label' ${formatLabel(o.posLabel)} must exist in 'label_list' ${formatLabels(list, present.float)}.`);
  }
  return { neg: list[0] === pos ? list[1] : list[0], pos };
}

