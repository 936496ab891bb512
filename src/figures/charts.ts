/**
 * The charts of `mlflow.evaluate`'s artifacts as Vega-Lite specs, filled with
 * data computed by the metric functions. Curves are thinned for drawing to at
 * most {@link MAX_CURVE_POINTS} points per line (scatter plots to
 * {@link MAX_SCATTER_POINTS}); the metrics are computed on all rows.
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import { ValueError } from "../input/validate.js";
import { type Figure, type FigureOptions, renderSpec } from "./render.js";

/** Points drawn per curve at most (curves with more points are thinned evenly by index, ends kept). */
export const MAX_CURVE_POINTS = 500;
/** Points drawn in a scatter plot at most (an even stride through the rows). */
export const MAX_SCATTER_POINTS = 2000;

const W = 400;
const H = 340;
const FONT = "DejaVu Sans, Verdana, sans-serif";
const CONFIG = { font: FONT, view: { stroke: "#ddd" }, legend: { labelLimit: 320 }, axis: { labelFontSize: 11, titleFontSize: 12 } };

/**
 * Indices 0..n-1 thinned to at most `max` (first and last kept, even steps).
 * @example
 * ```ts
 * thinIndices(11, 3); // [0, 5, 10]
 * ```
 */
export function thinIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let k = 0; k < max; k++) out.push(Math.round((k * (n - 1)) / (max - 1)));
  return out;
}

/** One line of a curve chart. */
export interface CurveSeries {
  /** Legend entry, e.g. `AUC=0.912` or `label=cat,AP=0.801`. */
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

interface CurveChart {
  title: string;
  xTitle: string;
  yTitle: string;
  series: CurveSeries[];
  /** A dashed reference line from [x0, y0] to [x1, y1] with its legend name. */
  reference?: { from: [number, number]; to: [number, number]; name?: string };
  interpolate?: "linear" | "step-after";
  points?: boolean;
  xDomain?: [number, number];
  /** Default [0, 1]; `null`: from the data (zero included). */
  yDomain?: [number, number] | null;
}

function curveRows(series: CurveSeries[]): object[] {
  const rows: object[] = [];
  series.forEach((s, si) => {
    if (s.x.length !== s.y.length) throw new ValueError(`series '${s.name}': x and y differ in length`);
    for (const i of thinIndices(s.x.length, MAX_CURVE_POINTS)) {
      const x = s.x[i];
      const y = s.y[i];
      if (Number.isFinite(x) && Number.isFinite(y)) rows.push({ s: s.name, si, i, x, y });
    }
  });
  return rows;
}

async function curveFigure(c: CurveChart, options: FigureOptions): Promise<Figure> {
  const x = { field: "x", type: "quantitative", title: c.xTitle, scale: { domain: c.xDomain ?? [0, 1], nice: false } } as const;
  const y = { field: "y", type: "quantitative", title: c.yTitle, scale: c.yDomain === null ? { zero: true } : { domain: c.yDomain ?? [0, 1], nice: false } } as const;
  // The series names (with their AUC/AP) are data, not part of the spec, so the
  // compiled template is reused: legend order = series order (field si).
  const color = {
    field: "s",
    type: "nominal",
    title: null,
    sort: { field: "si", op: "min" },
    scale: { range: TABLEAU },
    legend: { orient: c.series.length > 3 ? "right" : "bottom-right", symbolType: "stroke" },
  } as const;
  const layers: object[] = [];
  if (c.reference) {
    const r = c.reference;
    layers.push({
      data: { values: [{ x: r.from[0], y: r.from[1] }, { x: r.to[0], y: r.to[1] }] },
      mark: { type: "line", strokeDash: [5, 4], strokeWidth: 1, color: "#777" },
      encoding: { x, y },
    });
    if (r.name) {
      // the reference line's name, written along it near its end
      const t = 0.82;
      const angle = (-Math.atan2((r.to[1] - r.from[1]) * H, (r.to[0] - r.from[0]) * W) * 180) / Math.PI;
      layers.push({
        data: { values: [{ x: r.from[0] + t * (r.to[0] - r.from[0]), y: r.from[1] + t * (r.to[1] - r.from[1]), label: r.name }] },
        mark: { type: "text", angle: (angle + 360) % 360, dy: -6, fontSize: 10, color: "#555" },
        encoding: { x, y, text: { field: "label" } },
      });
    }
  }
  layers.push({
    data: { name: "curve" },
    mark: { type: "line", interpolate: c.interpolate ?? "linear", strokeWidth: 1.6, point: c.points ? { size: 18 } : false, clip: true },
    encoding: { x, y, color, order: { field: "i", type: "quantitative" }, detail: { field: "si", type: "nominal" } },
  });
  const spec = { title: c.title, width: W, height: H, config: CONFIG, layer: layers } as unknown as TopLevelSpec;
  return renderSpec(spec, { curve: curveRows(c.series) }, options);
}

const TABLEAU = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

/** The suffix MLflow puts on axis titles for the positive class. */
function posSuffix(posLabel: unknown): string {
  return posLabel === undefined || posLabel === null ? "" : ` (Positive label: ${String(posLabel)})`;
}

/**
 * ROC curve(s) as MLflow's `roc_curve_plot`: false positive rate vs true
 * positive rate on [0, 1]², one line per series (legend `AUC=…`), the chance
 * diagonal dashed.
 * @example
 * ```ts
 * const roc = rocCurve(yTrue, yScore);
 * const fig = await rocCurveFigure([{ name: `AUC=${rocAucScore(yTrue, yScore).toFixed(3)}`, x: roc.fpr, y: roc.tpr }], { posLabel: 1 });
 * ```
 */
export function rocCurveFigure(series: CurveSeries[], options: FigureOptions & { posLabel?: unknown } = {}): Promise<Figure> {
  return curveFigure(
    {
      title: "ROC curve",
      xTitle: `False Positive Rate${posSuffix(options.posLabel)}`,
      yTitle: `True Positive Rate${posSuffix(options.posLabel)}`,
      series,
      reference: { from: [0, 0], to: [1, 1] },
    },
    options,
  );
}

/**
 * Precision-recall curve(s) as MLflow's `precision_recall_curve_plot`: recall
 * vs precision, steps (sklearn's curve is a step function), legend `AP=…`,
 * the dashed line from (0, 1) to (1, 0) as MLflow draws it.
 * @example
 * ```ts
 * const pr = precisionRecallCurve(yTrue, yScore);
 * await precisionRecallCurveFigure([{ name: "AP=0.873", x: pr.recall, y: pr.precision }]);
 * ```
 */
export function precisionRecallCurveFigure(series: CurveSeries[], options: FigureOptions & { posLabel?: unknown } = {}): Promise<Figure> {
  return curveFigure(
    {
      title: "Precision recall curve",
      xTitle: `Recall${posSuffix(options.posLabel)}`,
      yTitle: `Precision${posSuffix(options.posLabel)}`,
      series,
      interpolate: "step-after",
      reference: { from: [0, 1], to: [1, 0] },
    },
    options,
  );
}

/**
 * Calibration curve(s) (reliability diagram): mean predicted probability vs
 * fraction of positives per bin, points joined, and the dashed "Perfectly
 * calibrated" diagonal.
 * @example
 * ```ts
 * const c = calibrationCurve(yTrue, yProb, { nBins: 10 });
 * await calibrationCurveFigure([{ name: "Classifier", x: c.probPred, y: c.probTrue }]);
 * ```
 */
export function calibrationCurveFigure(series: CurveSeries[], options: FigureOptions & { posLabel?: unknown } = {}): Promise<Figure> {
  const pos = options.posLabel === undefined ? "" : ` (Positive class: ${String(options.posLabel)})`;
  return curveFigure(
    {
      title: "Calibration curve",
      xTitle: `Mean predicted probability${pos}`,
      yTitle: `Fraction of positives${pos}`,
      series,
      points: true,
      reference: { from: [0, 0], to: [1, 1], name: "Perfectly calibrated" },
    },
    options,
  );
}

/**
 * Lift curve(s) as MLflow's `lift_curve_plot` (scikit-plot's): the share of
 * the sample taken (highest scores first) vs lift = gain / share, one line per
 * class, the baseline lift of 1 dashed.
 * @example
 * ```ts
 * await liftCurveFigure([{ name: "Class 1 (positive)", x: share, y: lift }]);
 * ```
 */
export function liftCurveFigure(series: CurveSeries[], options: FigureOptions = {}): Promise<Figure> {
  return curveFigure(
    {
      title: "Lift Curve",
      xTitle: "Percentage of sample",
      yTitle: "Lift",
      series,
      reference: { from: [0, 1], to: [1, 1], name: "Baseline" },
      yDomain: null,
    },
    options,
  );
}

/**
 * `'.2g'` as Python formats it (what sklearn's ConfusionMatrixDisplay writes in the cells of a float matrix).
 * @example
 * ```ts
 * format2g(0.8123); // "0.81"
 * format2g(0.000012); // "1.2e-05"
 * ```
 */
export function format2g(v: number): string {
  if (!Number.isFinite(v)) return String(v).toLowerCase().replace("infinity", "inf");
  if (v === 0) return "0";
  const exp = Math.floor(Math.log10(Math.abs(Number(v.toPrecision(2)))));
  if (exp < -4 || exp >= 2) {
    const [m, e] = v.toExponential(1).split("e");
    const mm = m.replace(/\.0$/, "");
    const ee = Number(e);
    return `${mm}e${ee < 0 ? "-" : "+"}${String(Math.abs(ee)).padStart(2, "0")}`;
  }
  return String(Number(v.toPrecision(2)));
}

/**
 * A confusion matrix as a heatmap (sklearn's `ConfusionMatrixDisplay`, Blues):
 * rows true labels, columns predicted labels, class names on both axes, the
 * value in every cell (`.2g` for fractions, integers as they are).
 * @example
 * ```ts
 * const cm = confusionMatrix(yTrue, yPred, { normalize: "true" });
 * await confusionMatrixFigure(cm, { labels: ["no", "yes"], title: "Normalized confusion matrix" });
 * ```
 */
export async function confusionMatrixFigure(
  matrix: readonly (readonly number[])[],
  options: FigureOptions & { labels?: readonly (string | number | boolean)[]; title?: string } = {},
): Promise<Figure> {
  const k = matrix.length;
  if (k === 0 || matrix.some((r) => r.length !== k)) throw new ValueError("confusionMatrixFigure: matrix must be square and non-empty");
  const names = (options.labels ?? matrix.map((_, i) => i)).map(String);
  if (names.length !== k) throw new ValueError(`confusionMatrixFigure: ${names.length} labels for a ${k} × ${k} matrix`);
  if (new Set(names).size !== k) throw new ValueError("confusionMatrixFigure: labels must be distinct");
  let max = 0;
  for (const r of matrix) for (const v of r) if (v > max) max = v;
  const integral = matrix.every((r) => r.every((v) => Number.isInteger(v)));
  const cells: object[] = [];
  matrix.forEach((r, i) =>
    r.forEach((v, j) => cells.push({ t: names[i], p: names[j], v, text: integral ? String(v) : format2g(v), dark: max > 0 && v > max / 2 })),
  );
  const side = Math.max(220, Math.min(560, 44 * k));
  const fontSize = Math.max(6, Math.min(13, Math.floor(280 / k)));
  const x = { field: "p", type: "ordinal", sort: names, title: "Predicted label", axis: { labelAngle: 0, labelLimit: 90 } };
  const y = { field: "t", type: "ordinal", sort: names, title: "True label", axis: { labelLimit: 90 } };
  const spec = {
    title: options.title ?? "Confusion matrix",
    width: side,
    height: side,
    config: CONFIG,
    data: { name: "cells" },
    layer: [
      {
        mark: { type: "rect" },
        encoding: { x, y, color: { field: "v", type: "quantitative", title: null, scale: { scheme: "blues", domain: [0, max || 1] } } },
      },
      {
        mark: { type: "text", fontSize },
        encoding: { x, y, text: { field: "text" }, color: { condition: { test: "datum.dark", value: "white" }, value: "black" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return renderSpec(spec, { cells }, options);
}

/**
 * Feature importances as a horizontal bar chart, largest first (the `maxFeatures`
 * largest by absolute value, default 30).
 * @example
 * ```ts
 * await featureImportanceFigure(["age", "income", "tenure"], [0.12, 0.55, 0.33]);
 * ```
 */
export async function featureImportanceFigure(
  names: readonly string[],
  importances: ArrayLike<number>,
  options: FigureOptions & { maxFeatures?: number; title?: string } = {},
): Promise<Figure> {
  if (!Array.isArray(names) || names.length !== importances.length) throw new ValueError("featureImportanceFigure: names and importances must have the same length");
  if (names.length === 0) throw new ValueError("featureImportanceFigure: no features");
  const rows = names.map((n, i) => ({ f: String(n), v: Number(importances[i]) }));
  if (rows.some((r) => !Number.isFinite(r.v))) throw new ValueError("featureImportanceFigure: importances must be finite numbers");
  rows.sort((a, b) => Math.abs(b.v) - Math.abs(a.v));
  const top = rows.slice(0, options.maxFeatures ?? 30);
  const order = top.map((r) => r.f);
  const spec = {
    title: options.title ?? "Feature importance",
    width: W,
    height: Math.max(120, 18 * top.length),
    config: CONFIG,
    data: { name: "bars" },
    mark: { type: "bar", color: "#1f77b4" },
    encoding: {
      y: { field: "f", type: "nominal", sort: order, title: null, axis: { labelLimit: 200 } },
      x: { field: "v", type: "quantitative", title: "Importance" },
    },
  } as unknown as TopLevelSpec;
  return renderSpec(spec, { bars: top }, options);
}

/**
 * Bars of a precomputed histogram (`counts` over `edges`, as `scoreDistribution`
 * returns), with optional labelled vertical rules.
 * @example
 * ```ts
 * const d = scoreDistribution(scores, { bins: 30 });
 * await histogramFigure(d.histogram, { title: "Scores", xTitle: "Score", rules: [{ x: 0, label: "threshold", color: "red" }] });
 * ```
 */
export async function histogramFigure(
  hist: { counts: ArrayLike<number>; edges: ArrayLike<number> },
  options: FigureOptions & {
    title: string;
    xTitle: string;
    rules?: { x: number; label: string; color?: string; dash?: boolean }[];
  },
): Promise<Figure> {
  const bars = Array.from(hist.counts, (c, i) => ({ lo: hist.edges[i], hi: hist.edges[i + 1], c }));
  const rules = (options.rules ?? []).filter((r) => Number.isFinite(r.x)).map((r, i) => ({ ...r, i, color: r.color ?? "#555", dash: r.dash ? 1 : 0 }));
  const x = { field: "lo", type: "quantitative", title: options.xTitle, scale: { zero: false, nice: false } };
  const spec = {
    title: options.title,
    width: W,
    height: H - 60,
    config: CONFIG,
    layer: [
      {
        data: { name: "bars" },
        mark: { type: "rect", color: "#4c78a8", stroke: "white", strokeWidth: 0.5 },
        encoding: { x, x2: { field: "hi" }, y: { field: "c", type: "quantitative", title: "Count" } },
      },
      {
        data: { name: "rules" },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: {
          x: { field: "x", type: "quantitative" },
          color: { field: "color", type: "nominal", scale: null },
          strokeDash: { field: "dash", type: "nominal", scale: { domain: [0, 1], range: [[1, 0], [4, 3]] }, legend: null },
        },
      },
      {
        data: { name: "rules" },
        mark: { type: "text", angle: 270, align: "right", baseline: "bottom", dx: -4, dy: -2, fontSize: 10, y: 0 },
        encoding: { x: { field: "x", type: "quantitative" }, text: { field: "label" }, color: { field: "color", type: "nominal", scale: null } },
      },
    ],
  } as unknown as TopLevelSpec;
  return renderSpec(spec, { bars, rules }, options);
}

/**
 * Predicted vs true values (a regression's scatter, thinned to
 * {@link MAX_SCATTER_POINTS}) with the line y = x.
 * @example
 * ```ts
 * await predictedVsTrueFigure(yTrue, yPred);
 * ```
 */
export async function predictedVsTrueFigure(yTrue: ArrayLike<number>, yPred: ArrayLike<number>, options: FigureOptions = {}): Promise<Figure> {
  if (yTrue.length !== yPred.length || yTrue.length === 0) throw new ValueError("predictedVsTrueFigure: yTrue and yPred must be non-empty and of one length");
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < yTrue.length; i++) {
    lo = Math.min(lo, yTrue[i], yPred[i]);
    hi = Math.max(hi, yTrue[i], yPred[i]);
  }
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const step = Math.max(1, Math.ceil(yTrue.length / MAX_SCATTER_POINTS));
  const pts: object[] = [];
  for (let i = 0; i < yTrue.length; i += step) pts.push({ t: yTrue[i], p: yPred[i] });
  const x = { field: "t", type: "quantitative", title: "True value", scale: { domain: [lo, hi], nice: false } };
  const y = { field: "p", type: "quantitative", title: "Predicted value", scale: { domain: [lo, hi], nice: false } };
  const spec = {
    title: "Predicted vs true",
    width: H,
    height: H,
    config: CONFIG,
    layer: [
      { data: { values: [{ t: lo, p: lo }, { t: hi, p: hi }] }, mark: { type: "line", strokeDash: [5, 4], color: "#888" }, encoding: { x, y } },
      { data: { name: "points" }, mark: { type: "circle", size: 10, opacity: 0.5, color: "#1f77b4", clip: true }, encoding: { x, y } },
    ],
  } as unknown as TopLevelSpec;
  return renderSpec(spec, { points: pts }, options);
}
