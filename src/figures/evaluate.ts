/**
 * `evaluate(task, batch, options)`: the metric dict plus the artifacts
 * `mlflow.evaluate`'s default evaluator logs, and `logEvaluation` to log both
 * to a run.
 * @module
 */
import { accuracyScore, confusionMatrix, f1Score, precisionScore, recallScore } from "../classification/metrics.js";
import { anomalyMetrics, type AnomalyInput } from "../dicts/anomaly.js";
import { type ClassificationDictOptions, type ClassificationInput, classificationMetrics } from "../dicts/classification.js";
import type { DictOptions, MetricDict } from "../dicts/keys.js";
import { type RegressionInput, regressionMetrics } from "../dicts/regression.js";
import { scoreDistribution } from "../distribution/metrics.js";
import { ValueError } from "../input/validate.js";
import { checkArtifactPath } from "../mlflow/artifact-paths.js";
import type { LogBatchResult, MlflowClient } from "../mlflow/client.js";
import { calibrationCurve } from "../ranking/calibration.js";
import { pyFloat, rocCurve, precisionRecallCurve } from "../ranking/curves.js";
import { averagePrecisionScore, rocAucScore } from "../ranking/metrics.js";
import {
  MAX_CURVE_POINTS,
  thinIndices,
  calibrationCurveFigure,
  confusionMatrixFigure,
  type CurveSeries,
  histogramFigure,
  liftCurveFigure,
  precisionRecallCurveFigure,
  predictedVsTrueFigure,
  rocCurveFigure,
} from "./charts.js";
import type { Figure, FigureOptions } from "./render.js";

/** A table artifact (`per_class_metrics.csv`). */
export interface TableArtifact {
  format: "csv";
  data: string;
  mimeType: "text/csv";
}

/** One artifact: a figure or a table. */
export type Artifact = Figure | TableArtifact;

/** What {@link evaluate} returns. */
export interface Evaluation {
  /** The metric dict (the task's dict function with the same options). */
  metrics: MetricDict;
  /** File name → artifact, e.g. `confusion_matrix.svg`, `per_class_metrics.csv`. */
  artifacts: Record<string, Artifact>;
}

/** Options of {@link evaluate}: the dict function's options plus the artifacts'. */
export interface EvaluateOptions extends FigureOptions, ClassificationDictOptions, DictOptions {
  /** Multiclass: ROC and PR curves (one vs rest) only up to this many classes (MLflow's `max_classes_for_multiclass_roc_pr`, default 10). */
  maxClassesForCurves?: number;
  /** Bins of the calibration curve (MLflow's `calibration_n_bins`, default 10). */
  calibrationBins?: number;
  /** Bins of the regression residual and anomaly score histograms (default 30). */
  histogramBins?: number;
  /** Anomaly: the decision threshold drawn on the score histogram (default 0, sklearn's `decision_function` boundary). */
  threshold?: number;
  /** Leave the artifacts out (metrics only). */
  artifacts?: boolean;
}

type Label = number | boolean | string;
const QUANTILE_RULES = [0.01, 0.05, 0.5, 0.95, 0.99];
const FIGURE_KEYS = ["format", "scale", "maxClassesForCurves", "calibrationBins", "histogramBins", "threshold", "artifacts"] as const;

function values(x: unknown, what: string): ArrayLike<unknown> {
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView))) return x as ArrayLike<unknown>;
  if (x && typeof x === "object" && "array" in (x as object)) return (x as { array: Float64Array }).array;
  throw new ValueError(`evaluate: ${what} must be an array`);
}

/** The sorted distinct labels of yTrue ∪ yPred (MLflow's label list), one pass, no copies (two-slot fast path). */
function labelsOf(...arrays: ArrayLike<unknown>[]): Label[] {
  const seen = new Set<Label>();
  for (const a of arrays) {
    let s0: unknown = undefined;
    let s1: unknown = undefined;
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v === s0 || v === s1) continue;
      seen.add(v as Label);
      s1 = s0;
      s0 = v;
    }
  }
  return sortedLabels(seen);
}

function sortedLabels(list: Iterable<Label>): Label[] {
  const out = [...new Set(list)];
  return out.sort((a, b) => (typeof a === "string" || typeof b === "string" ? (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0) : Number(a) - Number(b)));
}

/** Column c of the probabilities: a 1-D array (binary P(positive)), rows, or flat row-major with k columns. */
function probColumn(yProb: unknown, n: number, k: number, c: number): Float64Array {
  const out = new Float64Array(n);
  if (Array.isArray(yProb) && Array.isArray(yProb[0])) {
    for (let i = 0; i < n; i++) out[i] = (yProb[i] as number[])[c];
  } else {
    const v = values(yProb, "yProb") as ArrayLike<number>;
    if (v.length !== n * k) throw new ValueError(`evaluate: yProb has ${v.length} values; expected ${n} × ${k}`);
    for (let i = 0; i < n; i++) out[i] = v[i * k + c];
  }
  return out;
}

function indicator(y: ArrayLike<unknown>, label: Label): Float64Array {
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = (typeof y[i] === "boolean" ? y[i] : y[i]) === label ? 1 : 0;
  return out;
}

/** A label as pandas writes it in a CSV cell (floats of float arrays as Python floats). */
function labelText(label: Label, floatLabels: boolean): string {
  if (typeof label === "boolean") return label ? "True" : "False";
  if (typeof label === "number") return floatLabels ? pyFloat(label) : Number.isInteger(label) ? String(label) : pyFloat(label);
  return label;
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** pandas' float format in `to_csv`: Python's repr, NaN as an empty field. */
function csvFloat(v: number): string {
  return Number.isNaN(v) ? "" : pyFloat(v);
}

/**
 * `per_class_metrics.csv` as `mlflow.evaluate` writes it for a multiclass
 * classifier: one row per class (sorted labels), columns `positive_class`,
 * `true_negatives`, `false_positives`, `false_negatives`, `true_positives`
 * (unweighted), `example_count`, `accuracy_score`, `recall_score`,
 * `precision_score`, `f1_score` (one vs rest, weighted when `sampleWeight` is
 * given) and, with probabilities and at most `maxClassesForCurves` classes,
 * `roc_auc` and `precision_recall_auc` (average precision).
 * @example
 * ```ts
 * perClassMetricsCsv({ yTrue: [0, 1, 2, 2], yPred: [0, 2, 2, 1] });
 * // "positive_class,true_negatives,...\n0,3,0,0,1,4,1.0,1.0,1.0,1.0\n..."
 * ```
 */
export function perClassMetricsCsv(
  batch: ClassificationInput,
  options: { labels?: readonly Label[]; maxClassesForCurves?: number; nClasses?: number } = {},
): string {
  const yTrue = values(batch.yTrue, "yTrue");
  const yPred = values(batch.yPred, "yPred");
  const labels = options.labels ? [...options.labels] : labelsOf(yTrue, yPred);
  const n = yTrue.length;
  const k = labels.length;
  const withCurves = batch.yProb !== undefined && batch.yProb !== null && k <= (options.maxClassesForCurves ?? 10);
  const floatLabels = batch.yTrue instanceof Float64Array || batch.yTrue instanceof Float32Array;
  const head = ["positive_class", "true_negatives", "false_positives", "false_negatives", "true_positives", "example_count", "accuracy_score", "recall_score", "precision_score", "f1_score"];
  if (withCurves) head.push("roc_auc", "precision_recall_auc");
  const lines = [head.join(",")];
  const sw = batch.sampleWeight;
  const quiet = { onWarning: () => {} };
  labels.forEach((label, c) => {
    const yb = indicator(yTrue, label);
    const pb = indicator(yPred, label);
    const [[tn, fp], [fn, tp]] = confusionMatrix(yb, pb, { labels: [0, 1] }) as number[][];
    const o = { sampleWeight: sw, ...quiet };
    const row = [
      csvCell(labelText(label, floatLabels)),
      String(tn),
      String(fp),
      String(fn),
      String(tp),
      String(n),
      csvFloat(accuracyScore(yb, pb, o) as number),
      csvFloat(recallScore(yb, pb, { ...o, posLabel: 1 }) as number),
      csvFloat(precisionScore(yb, pb, { ...o, posLabel: 1 }) as number),
      csvFloat(f1Score(yb, pb, { ...o, posLabel: 1 }) as number),
    ];
    if (withCurves) {
      const p = probColumn(batch.yProb, n, k, c);
      row.push(csvFloat(rocAucScore(yb, p, o)), csvFloat(averagePrecisionScore(yb, p, o)));
    }
    lines.push(row.join(","));
  });
  return lines.join("\n") + "\n";
}

/**
 * Lift of both classes (scikit-plot's, which ignores weights) from an
 * unweighted ROC curve without dropped thresholds, at most MAX_CURVE_POINTS
 * points per class.
 */
function liftSeries(yb: Float64Array, p: Float64Array, neg: Label, pos: Label, unweightedRoc?: { fpr: number[]; tpr: number[] }): CurveSeries[] {
  const roc = unweightedRoc ?? rocCurve(yb, p, { dropIntermediate: false, onWarning: () => {} });
  let P = 0;
  for (let i = 0; i < yb.length; i++) P += yb[i];
  const n = yb.length;
  const N = n - P;
  const idx = thinIndices(roc.fpr.length, MAX_CURVE_POINTS);
  const sx: number[] = [];
  const sy: number[] = [];
  const nx: number[] = [];
  const ny: number[] = [];
  for (const i of idx) {
    const tp = roc.tpr[i] * P;
    const fp = roc.fpr[i] * N;
    const share = (tp + fp) / n;
    if (share > 0) {
      sx.push(share);
      sy.push(roc.tpr[i] / share);
    }
  }
  for (let k = idx.length - 1; k >= 0; k--) {
    const i = idx[k];
    const tp = roc.tpr[i] * P;
    const fp = roc.fpr[i] * N;
    const share = (n - tp - fp) / n;
    if (share > 0) {
      nx.push(share);
      ny.push((N - fp) / N / share);
    }
  }
  return [
    { name: `Class ${String(neg)}`, x: nx, y: ny },
    { name: `Class ${String(pos)} (positive)`, x: sx, y: sy },
  ];
}

/** Weighted totals of positives and negatives (counts without weights). */
function totals(yb: Float64Array, sw: unknown): { pos: number; neg: number } {
  let pos = 0;
  let neg = 0;
  if (sw === undefined || sw === null) {
    for (let i = 0; i < yb.length; i++) pos += yb[i];
    return { pos, neg: yb.length - pos };
  }
  const w = values(sw, "sampleWeight") as ArrayLike<number>;
  for (let i = 0; i < yb.length; i++) {
    if (yb[i] === 1) pos += w[i];
    else neg += w[i];
  }
  return { pos, neg };
}

/**
 * sklearn's precision_recall_curve (no dropped thresholds) from the ROC rates,
 * in its order (thresholds ascending, recall decreasing, then the point (1, 0)):
 * precision = tp / (tp + fp), recall = tp / P. Returns the average precision
 * Σ (R_k − R_{k+1}) P_k over every point (a plain sum, for the legend) and the
 * curve at most MAX_CURVE_POINTS points long.
 */
function prFromRoc(roc: { fpr: number[]; tpr: number[] }, P: number, N: number): { ap: number; precision: number[]; recall: number[] } {
  const m = roc.fpr.length; // PR points: m - 1 thresholds, then (1, 0)
  const at = (j: number): [number, number] => {
    if (j === m - 1) return [1, 0];
    const i = m - 1 - j;
    const tp = roc.tpr[i] * P;
    const fp = roc.fpr[i] * N;
    return [tp + fp !== 0 ? tp / (tp + fp) : 0, roc.tpr[i]];
  };
  // AP in one allocation-free pass: point j is ROC index i = m − 1 − j; the last point is (1, 0)
  let ap = 0;
  for (let j = 0; j + 1 < m; j++) {
    const i = m - 1 - j;
    const tp = roc.tpr[i] * P;
    const fp = roc.fpr[i] * N;
    const pj = tp + fp !== 0 ? tp / (tp + fp) : 0;
    const rNext = j + 1 === m - 1 ? 0 : roc.tpr[i - 1];
    ap += (roc.tpr[i] - rNext) * pj;
  }
  const precision: number[] = [];
  const recall: number[] = [];
  for (const j of thinIndices(m, MAX_CURVE_POINTS)) {
    const [pj, rj] = at(j);
    precision.push(pj);
    recall.push(rj);
  }
  return { ap, precision, recall };
}

/** Trapezoid area under (x, y) (the ROC AUC of the legend). */
function trapezoid(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let a = 0;
  for (let i = 1; i < x.length; i++) a += ((x[i] - x[i - 1]) * (y[i] + y[i - 1])) / 2;
  return a;
}

function name(prefix: string, base: string, ext: string): string {
  return `${prefix}${base}.${ext}`;
}

async function classificationArtifacts(batch: ClassificationInput, o: EvaluateOptions): Promise<Record<string, Artifact>> {
  const fo: FigureOptions = { format: o.format, scale: o.scale };
  const ext = o.format ?? "svg";
  const prefix = o.prefix ?? "";
  const yTrue = values(batch.yTrue, "yTrue");
  const yPred = values(batch.yPred, "yPred");
  const labels = o.labels ? [...(o.labels as Label[])] : labelsOf(yTrue, yPred);
  const k = labels.length;
  const n = yTrue.length;
  const sw = batch.sampleWeight;
  const out: Record<string, Artifact> = {};
  // MLflow's label list is yTrue ∪ yPred sorted: confusion_matrix's own default (the faster path here)
  const cmOptions = o.labels ? { labels: labels as never, normalize: "true" as const, sampleWeight: sw } : { normalize: "true" as const, sampleWeight: sw };
  const cm = confusionMatrix(batch.yTrue as never, batch.yPred as never, cmOptions) as number[][];
  out[name(prefix, "confusion_matrix", ext)] = await confusionMatrixFigure(cm, { ...fo, labels, title: "Normalized confusion matrix" });
  const hasProb = batch.yProb !== undefined && batch.yProb !== null;
  const quiet = { onWarning: o.onWarning ?? (() => {}) };
  const bins = o.calibrationBins ?? 10;
  if (k === 2 && hasProb) {
    const pos = (o.posLabel ?? labels[1]) as Label;
    const neg = labels[0] === pos ? labels[1] : labels[0];
    const yb = indicator(yTrue, pos);
    const pv = values(batch.yProb, "yProb") as ArrayLike<number>;
    const p = pv instanceof Float64Array ? pv : Float64Array.from(pv);
    // One threshold walk (sklearn's roc_curve without dropped thresholds) gives the
    // ROC, precision-recall and lift curves; the legends' AUC / AP are the
    // trapezoid and step sums over it (for display; the metrics are the dict's).
    const roc = rocCurve(yb, p, { sampleWeight: sw, dropIntermediate: false, ...quiet });
    const t = totals(yb, sw);
    const pr = prFromRoc(roc, t.pos, t.neg);
    out[name(prefix, "roc_curve_plot", ext)] = await rocCurveFigure([{ name: `AUC=${trapezoid(roc.fpr, roc.tpr).toFixed(3)}`, x: roc.fpr, y: roc.tpr }], {
      ...fo,
      posLabel: pos,
    });
    out[name(prefix, "precision_recall_curve_plot", ext)] = await precisionRecallCurveFigure([{ name: `AP=${pr.ap.toFixed(3)}`, x: pr.recall, y: pr.precision }], {
      ...fo,
      posLabel: pos,
    });
    // scikit-plot's lift curve (MLflow's) needs both classes in yTrue; MLflow skips it otherwise
    let positives = 0;
    for (let i = 0; i < n; i++) positives += yb[i];
    if (positives > 0 && positives < n) {
      out[name(prefix, "lift_curve_plot", ext)] = await liftCurveFigure(liftSeries(yb, p, neg, pos, sw === undefined || sw === null ? roc : undefined), fo);
    }
    const cal = calibrationCurve(yb, p, { nBins: bins });
    out[name(prefix, "calibration_curve_plot", ext)] = await calibrationCurveFigure([{ name: "Classifier", x: cal.probPred, y: cal.probTrue }], { ...fo, posLabel: pos });
  } else if (k > 2) {
    const maxC = o.maxClassesForCurves ?? 10;
    if (hasProb) {
      const cols = labels.map((_, c) => probColumn(batch.yProb, n, k, c));
      const ybs = labels.map((l) => indicator(yTrue, l));
      const cal: CurveSeries[] = labels.map((l, c) => {
        const r = calibrationCurve(ybs[c], cols[c], { nBins: bins });
        return { name: `Class ${String(l)}`, x: r.probPred, y: r.probTrue };
      });
      out[name(prefix, "calibration_curve_plot", ext)] = await calibrationCurveFigure(cal, fo);
      if (k <= maxC) {
        const rocS: CurveSeries[] = [];
        const prS: CurveSeries[] = [];
        labels.forEach((l, c) => {
          const roc = rocCurve(ybs[c], cols[c], { sampleWeight: sw, ...quiet });
          const auc = rocAucScore(ybs[c], cols[c], { sampleWeight: sw, ...quiet });
          rocS.push({ name: `label=${String(l)},AUC=${auc.toFixed(3)}`, x: roc.fpr, y: roc.tpr });
          const pr = precisionRecallCurve(ybs[c], cols[c], { sampleWeight: sw, ...quiet });
          const ap = averagePrecisionScore(ybs[c], cols[c], { sampleWeight: sw, ...quiet });
          prS.push({ name: `label=${String(l)},AP=${ap.toFixed(3)}`, x: pr.recall, y: pr.precision });
        });
        out[name(prefix, "roc_curve_plot", ext)] = await rocCurveFigure(rocS, fo);
        out[name(prefix, "precision_recall_curve_plot", ext)] = await precisionRecallCurveFigure(prS, fo);
      }
    }
    out[name(prefix, "per_class_metrics", "csv")] = {
      format: "csv",
      data: perClassMetricsCsv(batch, { labels, maxClassesForCurves: maxC }),
      mimeType: "text/csv",
    };
  }
  return out;
}

async function regressionArtifacts(batch: RegressionInput, o: EvaluateOptions): Promise<Record<string, Artifact>> {
  const fo: FigureOptions = { format: o.format, scale: o.scale };
  const ext = o.format ?? "svg";
  const prefix = o.prefix ?? "";
  const yt = values(batch.yTrue, "yTrue") as ArrayLike<number>;
  const yp = values(batch.yPred, "yPred") as ArrayLike<number>;
  const res = new Float64Array(yt.length);
  for (let i = 0; i < yt.length; i++) res[i] = yt[i] - yp[i];
  const d = scoreDistribution(res, { bins: o.histogramBins ?? 30, quantiles: [] });
  return {
    [name(prefix, "residuals_histogram", ext)]: await histogramFigure(d.histogram, {
      ...fo,
      title: "Residuals (true − predicted)",
      xTitle: "Residual",
      rules: [{ x: 0, label: "0", color: "#d62728" }],
    }),
    [name(prefix, "predicted_vs_true_plot", ext)]: await predictedVsTrueFigure(yt, yp, fo),
  };
}

async function anomalyArtifacts(batch: AnomalyInput, o: EvaluateOptions): Promise<Record<string, Artifact>> {
  const fo: FigureOptions = { format: o.format, scale: o.scale };
  const ext = o.format ?? "svg";
  const d = scoreDistribution(batch.scores, { bins: o.histogramBins ?? 30, quantiles: QUANTILE_RULES });
  const threshold = o.threshold ?? 0;
  const rules = [
    ...QUANTILE_RULES.map((q, i) => ({ x: d.quantiles[i], label: `q${String(Math.round(q * 100)).padStart(2, "0")}`, color: "#666", dash: true })),
    { x: threshold, label: `threshold ${threshold}`, color: "#d62728" },
  ];
  return {
    [name(o.prefix ?? "", "anomaly_score_histogram", ext)]: await histogramFigure(d.histogram, {
      ...fo,
      title: "Anomaly scores",
      xTitle: "Score (decision_function)",
      rules,
    }),
  };
}

/**
 * The metric dict and the artifacts `mlflow.evaluate`'s default evaluator
 * logs, from one batch (all rows; curves thinned for drawing only):
 *
 * - `'classification'` (`{ yTrue, yPred, yProb?, sampleWeight? }`):
 *   `confusion_matrix` (normalised by true label, class names and values in
 *   the cells); with `yProb`, binary: `roc_curve_plot` (legend `AUC=…`),
 *   `precision_recall_curve_plot` (`AP=…`), `lift_curve_plot`,
 *   `calibration_curve_plot`; multiclass: `calibration_curve_plot` (one vs
 *   rest), `roc_curve_plot` and `precision_recall_curve_plot` up to
 *   `maxClassesForCurves` (10) classes; multiclass always
 *   `per_class_metrics.csv` (MLflow's columns). The positive class is
 *   `posLabel`, else the largest label (MLflow's rule).
 * - `'regression'` (`{ yTrue, yPred }`): `residuals_histogram`,
 *   `predicted_vs_true_plot`.
 * - `'anomaly'` (`{ predictions, scores }`): `anomaly_score_histogram` with the
 *   threshold (default 0) and the 1/5/50/95/99 % quantiles.
 *
 * Figures are SVG (`format: 'png'` for PNG); file names carry `prefix`.
 * @example
 * ```ts
 * import { evaluate, logEvaluation } from "mlmetrics/artifacts";
 * const ev = await evaluate("classification", { yTrue, yPred, yProb }, { preset: "mlflow" });
 * Object.keys(ev.artifacts);
 * // ["confusion_matrix.svg", "roc_curve_plot.svg", "precision_recall_curve_plot.svg", "lift_curve_plot.svg", "calibration_curve_plot.svg"]
 * await logEvaluation(client, runId, ev);
 * ```
 */
export async function evaluate(
  task: "classification" | "regression" | "anomaly",
  batch: ClassificationInput | RegressionInput | AnomalyInput,
  options: EvaluateOptions = {},
): Promise<Evaluation> {
  if (options === null || typeof options !== "object") throw new TypeError("evaluate: options must be an object");
  const dictOptions: Record<string, unknown> = { ...options };
  for (const k of FIGURE_KEYS) delete dictOptions[k];
  let metrics: MetricDict;
  let build: () => Promise<Record<string, Artifact>>;
  if (task === "classification") {
    metrics = classificationMetrics(batch as ClassificationInput, dictOptions);
    build = () => classificationArtifacts(batch as ClassificationInput, options);
  } else if (task === "regression") {
    metrics = regressionMetrics(batch as RegressionInput, dictOptions as never);
    build = () => regressionArtifacts(batch as RegressionInput, options);
  } else if (task === "anomaly") {
    metrics = anomalyMetrics(batch as AnomalyInput, dictOptions as never);
    build = () => anomalyArtifacts(batch as AnomalyInput, options);
  } else {
    throw new ValueError(`task must be 'classification', 'regression' or 'anomaly', got ${JSON.stringify(task)}`);
  }
  return { metrics, artifacts: options.artifacts === false ? {} : await build() };
}

/**
 * Logs an {@link Evaluation} to a run: the metrics with `logBatch`, then every
 * artifact with `logArtifact` at its file name (under `artifactPath` when
 * given). Paths are checked before the first request.
 * @example
 * ```ts
 * const ev = await evaluate("classification", { yTrue, yPred, yProb }, { preset: "mlflow" });
 * await logEvaluation(client, runId, ev); // { metrics: { requests: 1, ... }, artifacts: ["confusion_matrix.svg", ...] }
 * ```
 */
export async function logEvaluation(
  client: MlflowClient,
  runId: string,
  evaluation: Evaluation,
  options: { artifactPath?: string } = {},
): Promise<{ metrics: LogBatchResult; artifacts: string[] }> {
  const dir = options.artifactPath ? options.artifactPath.replace(/\/+$/, "") + "/" : "";
  const entries = Object.entries(evaluation.artifacts).map(([file, a]) => [dir + file, a] as const);
  for (const [p] of entries) checkArtifactPath(p);
  const metrics = await client.logBatch(runId, { metrics: evaluation.metrics });
  for (const [p, a] of entries) await client.logArtifact(runId, p, a.data);
  return { metrics, artifacts: entries.map(([p]) => p) };
}
