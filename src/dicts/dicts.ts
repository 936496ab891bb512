/**
 * MLflow-ready metric dicts: plain objects of numbers to pass straight to
 * `mlflow.log_metrics(...)` or the REST `runs/log-batch` call.
 *
 * Two presets: `'compact'` (our short keys) and `'mlflow'` (the keys and values
 * of `mlflow.evaluate`'s default evaluator, quirks included).
 * @module
 */
import { accuracyScore, binaryConfusion, f1Score, precisionScore, recallScore } from "../classification/metrics.js";
import { routeClassificationDict, type RoutedDictOptions } from "./multiclass.js";
import { maskedMeans, scoreDistribution } from "../distribution/metrics.js";
import { checkTargets, formatLabel, formatLabels, labelValue } from "../input/labels.js";
import { checkArray, checkOptions, type LabelArray, type NumericArray, ValueError, type WarnOptions } from "../input/validate.js";
import { averagePrecisionScore, logLoss, rocAucScore } from "../ranking/metrics.js";
import { checkRegTargets, compactStatsFast, r2FromStats, RegMode, regressionStats } from "../regression/metrics.js";
import { type Kernels, putF64, withArena } from "../wasm/core.js";

/** A metric dict: metric name → value (finite number or NaN). */
export type MetricDict = Record<string, number>;

/** Options shared by the dict builders. */
export interface DictOptions extends WarnOptions {
  /** `'compact'` (default): our short keys; `'mlflow'`: `mlflow.evaluate`'s default evaluator keys. */
  preset?: "compact" | "mlflow";
  /** Prepended to every key (e.g. `"val_"` or `"eval/"`); the full keys must pass MLflow's rules. */
  prefix?: string;
}

const KEY_RE = /^[/\p{L}\p{N}\p{M}_.\- :]*$/u;
/** MLflow's longest metric / param / tag key. */
export const MAX_KEY_LENGTH = 250;

function normpath(p: string): string {
  // posixpath.normpath
  if (p === "") return ".";
  const initial = p.startsWith("/") ? (p.startsWith("//") && !p.startsWith("///") ? 2 : 1) : 0;
  const out: string[] = [];
  for (const comp of p.split("/")) {
    if (comp === "" || comp === ".") continue;
    if (comp !== ".." || (initial === 0 && out.length === 0) || (out.length > 0 && out[out.length - 1] === "..")) {
      out.push(comp);
    } else if (out.length > 0) {
      out.pop();
    }
  }
  const joined = out.join("/");
  return "/".repeat(initial) + joined || ".";
}

/**
 * Checks a metric key against MLflow's rules (`mlflow/utils/validation.py`):
 * only alphanumerics, underscores, dashes, periods, spaces, colons and slashes;
 * at most 250 characters; a normalised relative path (no `..`, no leading `/`,
 * no `//` or `/./`). Throws a ValueError naming the rule otherwise.
 */
export function validateMetricKey(key: string): string {
  if (typeof key !== "string") throw new TypeError(`metric key must be a string, got ${typeof key}`);
  if (!KEY_RE.test(key)) {
    throw new ValueError(
      `Invalid metric name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`,
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new ValueError(`Metric name '${key.slice(0, 40)}…' exceeds the maximum length of ${MAX_KEY_LENGTH} characters`);
  }
  const norm = normpath(key);
  if (norm !== key || norm === "." || norm.startsWith("..") || norm.startsWith("/")) {
    throw new ValueError(
      `Invalid metric name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${norm}'`,
    );
  }
  return key;
}

function finish(d: MetricDict, o: DictOptions): MetricDict {
  const prefix = o.prefix ?? "";
  if (typeof prefix !== "string") throw new TypeError("prefix must be a string");
  const out: MetricDict = {};
  for (const [k, v] of Object.entries(d)) out[validateMetricKey(prefix + k)] = v;
  return out;
}

function preset(o: DictOptions): "compact" | "mlflow" {
  const p = o.preset ?? "compact";
  if (p !== "compact" && p !== "mlflow") {
    throw new ValueError(`preset must be 'compact' or 'mlflow', got '${String(p)}'`);
  }
  return p;
}

function field(input: unknown, fn: string): Record<string, unknown> {
  if (input === null || typeof input !== "object" || Array.isArray(input) || ArrayBuffer.isView(input)) {
    throw new TypeError(`${fn}: the first argument must be an object such as { yTrue, yPred }`);
  }
  return input as Record<string, unknown>;
}

/** Input of {@link regressionMetrics}. */
export interface RegressionInput {
  yTrue: NumericArray;
  yPred: NumericArray;
  sampleWeight?: NumericArray;
  /** Training-set targets and predictions, for `train_r2` and `training_samples`. */
  train?: { yTrue: NumericArray; yPred: NumericArray };
}

/**
 * Regression metrics as an MLflow-ready dict.
 *
 * `'compact'`: `rmse`, `mae`, `mape` (percent: 100 × sklearn's fraction),
 * `test_r2`, `test_samples`, and with `train` also `train_r2` (unweighted) and
 * `training_samples`. `'mlflow'`: `example_count`, `mean_absolute_error`,
 * `mean_squared_error`, `root_mean_squared_error`, `sum_on_target` (Σy
 * left to right, or pairwise Σy·w with weights), `mean_on_target`
 * (sum_on_target / row count, MLflow's quirk), `r2_score`, `max_error`
 * (unweighted), `mean_absolute_percentage_error` (a fraction).
 * All from one fused kernel pass (plus the deviation pass for R²).
 * @example
 * ```ts
 * regressionMetrics({ yTrue: [3, -0.5, 2, 7], yPred: [2.5, 0.0, 2, 8] });
 * // { rmse: 0.6123724356957945, mae: 0.5, mape: 32.73809523809524,
 * //   test_r2: 0.9486081370449679, test_samples: 4 }
 * ```
 */
export function regressionMetrics(input: RegressionInput, options?: DictOptions): MetricDict {
  const o = checkOptions<DictOptions>(options, "regressionMetrics");
  const p = preset(o);
  const f = field(input, "regressionMetrics");
  // One arena for the whole dict: each input is copied (and scanned) once.
  return withArena((k) => regressionDict(k, f, p, o));
}

function regressionDict(k: Kernels, f: Record<string, unknown>, p: "compact" | "mlflow", o: DictOptions): MetricDict {
  // Unweighted compact dict on Float64Arrays (or zero-copy handles): one fused
  // copy-check-sum pass; anything else (or any non-finite value) takes the
  // general path below, which raises sklearn's errors.
  const unweighted = f.sampleWeight === undefined || f.sampleWeight === null;
  const fast = p === "compact" && unweighted ? compactStatsFast(k, f.yTrue, f.yPred) : null;
  const t = fast ? null : checkRegTargets(f.yTrue, f.yPred, f.sampleWeight);
  // compact needs no max error: the DICT kernel skips it (and EV's sums).
  const s = fast ?? regressionStats(t!, true, p === "compact" ? RegMode.DICT : RegMode.ALL);
  const mse = s.swe2 / s.sw;
  const r2 = r2FromStats(s, true, o);
  let d: MetricDict;
  if (p === "compact") {
    d = {
      rmse: Math.sqrt(mse),
      mae: s.swae / s.sw,
      mape: 100 * (s.swape / s.sw),
      test_r2: r2,
      test_samples: s.n,
    };
    if (f.train !== undefined && f.train !== null) {
      const tr = field(f.train, "regressionMetrics: train");
      const tt = checkRegTargets(tr.yTrue, tr.yPred);
      const ts = regressionStats(tt, true, RegMode.R2);
      d.train_r2 = r2FromStats(ts, true, o);
      d.training_samples = ts.n;
    }
  } else {
    const tt = t!;
    const sumOnTarget = tt.weight ? s.swy : k.sumSequential(tt.yTrue.ptr ?? putF64(tt.yTrue.data), tt.yTrue.n);
    d = {
      example_count: s.n,
      mean_absolute_error: s.swae / s.sw,
      mean_squared_error: mse,
      root_mean_squared_error: Math.sqrt(mse),
      sum_on_target: sumOnTarget,
      mean_on_target: sumOnTarget / s.n,
      r2_score: r2,
      max_error: s.maxAe,
      mean_absolute_percentage_error: s.swape / s.sw,
    };
  }
  return finish(d, o);
}

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
    if (f.train !== undefined && f.train !== null) {
      const tr = field(f.train, "classificationMetrics: train");
      const ty = checkArray(tr.yTrue, { arg: "train.yTrue", inputName: "y_true", allowBool: true });
      const pos = typeof posLabel === "boolean" ? (posLabel ? 1 : 0) : posLabel;
      let hits = 0;
      for (let i = 0; i < ty.n; i++) if (ty.data[i] === pos) hits++;
      d.positive_class_ratio = hits / ty.n;
      d.training_samples = ty.n;
    }
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
      // log_loss takes P(larger label); yProb is P(positive label).
      const pLarger = (pos > neg ? prob.data : Float64Array.from(prob.data, (v) => 1 - v)) as NumericArray;
      d.log_loss = logLoss(yTrue, pLarger, { ...warnOpts, sampleWeight, labels: [Math.min(neg, pos), Math.max(neg, pos)] });
      const isPos = Array.from(checkArray(yTrue, { arg: "yTrue", allowBool: true }).data, (v) => (v === pos ? 1 : 0));
      d.roc_auc = rocAucScore(isPos, prob.data as NumericArray, { ...warnOpts, sampleWeight });
      d.precision_recall_auc = averagePrecisionScore(yTrue, prob.data as NumericArray, { ...warnOpts, sampleWeight, posLabel: pos });
    }
  }
  return finish(d, o);
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

/** Input of {@link anomalyMetrics}. */
export interface AnomalyInput {
  /** sklearn outlier labels: −1 anomaly, 1 normal. */
  predictions: NumericArray;
  /** `decision_function` scores (same length). */
  scores: NumericArray;
}

/**
 * Anomaly-detection metrics as an MLflow-ready dict (`'compact'` keys):
 * `anomaly_rate` (share of −1), `avg_anomaly_score` (mean score of anomalies,
 * 0 when there is none), `avg_normal_score` (mean score of normal points, NaN
 * when there is none), `training_samples` (n), `score_min`, `score_max`,
 * `score_std` (ddof 0). Means are numpy's pairwise means of the selected scores.
 * @example
 * ```ts
 * anomalyMetrics({ predictions: [1, -1, 1, 1, -1], scores: [0.2, -0.9, 0.1, 0.3, -0.7] });
 * // { anomaly_rate: 0.4, avg_anomaly_score: -0.8, avg_normal_score: 0.20000000000000004,
 * //   training_samples: 5, score_min: -0.9, score_max: 0.3, score_std: 0.4979959839195493 }  (numpy: the same values)
 * ```
 */
export function anomalyMetrics(input: AnomalyInput, options?: DictOptions): MetricDict {
  const o = checkOptions<DictOptions>(options, "anomalyMetrics");
  if (preset(o) === "mlflow") {
    throw new ValueError("anomalyMetrics has no 'mlflow' preset: mlflow.evaluate has no anomaly-detection evaluator");
  }
  const f = field(input, "anomalyMetrics");
  const m = maskedMeans(f.predictions as NumericArray, f.scores as NumericArray);
  const dist = scoreDistribution(f.scores as NumericArray, { quantiles: [], bins: 1 });
  const n = m.nAnomaly + m.nNormal;
  return finish(
    {
      anomaly_rate: m.nAnomaly / n,
      avg_anomaly_score: m.nAnomaly > 0 ? m.meanAnomaly : 0,
      avg_normal_score: m.nNormal > 0 ? m.meanNormal : NaN,
      training_samples: n,
      score_min: dist.min,
      score_max: dist.max,
      score_std: dist.std,
    },
    o,
  );
}
