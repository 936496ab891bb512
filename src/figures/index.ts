/**
 * `mlmetrics/artifacts`: the figures and tables `mlflow.evaluate` logs,
 * rendered with Vega-Lite / Vega (SVG; PNG through resvg in Node), and
 * `logEvaluation` to log them with the metrics. A separate entry point: the
 * main `mlmetrics` import stays free of the charting libraries.
 * @module
 */
export { evaluate, logEvaluation, perClassMetricsCsv } from "./evaluate.js";
export type { Artifact, Evaluation, EvaluateOptions, TableArtifact } from "./evaluate.js";
export {
  rocCurveFigure,
  precisionRecallCurveFigure,
  liftCurveFigure,
  calibrationCurveFigure,
  confusionMatrixFigure,
  featureImportanceFigure,
  histogramFigure,
  predictedVsTrueFigure,
  thinIndices,
  format2g,
  MAX_CURVE_POINTS,
  MAX_SCATTER_POINTS,
} from "./charts.js";
export type { CurveSeries } from "./charts.js";
export { renderSpec, rasterise } from "./render.js";
export type { Figure, FigureFormat, FigureOptions } from "./render.js";
