/**
 * mlmetrics: scikit-learn's evaluation metrics on an AssemblyScript/WebAssembly
 * core, returned as plain numbers and MLflow-ready metric dicts.
 * @module
 */
export { init, isReady, memoryStats, MAX_SAMPLES, wasmBuild, allocFloat64, WasmFloat64Array } from "./core.js";
export { ValueError, ZeroDivisionError } from "./validate.js";
export type { NumericArray, LabelArray, WarnOptions, WarningHandler } from "./validate.js";
export {
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
  explainedVarianceScore,
  maxError,
  medianAbsoluteError,
} from "./regression.js";
export type { WeightOptions, R2Options } from "./regression.js";
export { scoreDistribution, DEFAULT_QUANTILES } from "./distribution.js";
export type { ScoreDistribution, ScoreDistributionOptions, Histogram } from "./distribution.js";
export {
  accuracyScore,
  precisionScore,
  recallScore,
  f1Score,
  confusionMatrix,
} from "./classification.js";
export type {
  AccuracyOptions,
  BinaryLabelOptions,
  ConfusionMatrixOptions,
  ZeroDivision,
} from "./classification.js";
export {
  regressionMetrics,
  classificationMetrics,
  anomalyMetrics,
  validateMetricKey,
  MAX_KEY_LENGTH,
} from "./dicts.js";
export type {
  MetricDict,
  DictOptions,
  ClassificationDictOptions,
  RegressionInput,
  ClassificationInput,
  AnomalyInput,
} from "./dicts.js";
export {
  rocAucScore,
  rocCurve,
  precisionRecallCurve,
  detCurve,
  averagePrecisionScore,
  brierScoreLoss,
} from "./ranking.js";
export { logLoss } from "./logloss.js";
export type {
  Label,
  RocAucOptions,
  RocCurveOptions,
  PrecisionRecallCurveOptions,
  DetCurveOptions,
  AveragePrecisionOptions,
  LogLossOptions,
  BrierOptions,
  RocCurve,
  PrecisionRecallCurve,
  DetCurve,
} from "./ranking.js";
// MLflow tracking over REST (issue 6): client, typed errors, batching, conventions, signatures.
export { MlflowClient } from "./mlflow/client.js";
export type {
  MlflowClientOptions,
  RetryOptions,
  RunStatus,
  RunInfo,
  RunRow,
  Experiment,
  MetricPoint,
  LogBatchResult,
  SearchRunsOptions,
  CreateRunOptions,
} from "./mlflow/client.js";
export { MlflowApiError, MlflowConnectionError, MlflowPartialLogError, isMlflowError } from "./mlflow/errors.js";
export type { MlflowErrorCode } from "./mlflow/errors.js";
export {
  planLogBatch,
  planMetricHistory,
  encodeMetricValue,
  decodeMetricValue,
  truncationMarker,
  MLFLOW_LIMITS,
} from "./mlflow/batch.js";
export type {
  LogBatchData,
  LogBatchOptions,
  LogBatchPlan,
  LogBatchRequest,
  MetricHistoryRow,
  WireMetric,
  WireMetricValue,
  WireKeyValue,
} from "./mlflow/batch.js";
export { experimentName, runName, runTags, featureParams, DOMAINS, MODEL_TYPES } from "./mlflow/conventions.js";
export type { Domain, ModelType, RunNameOptions, RunTagsInput, FeatureParamsOptions } from "./mlflow/conventions.js";
export { inferSignature } from "./mlflow/signature.js";
export type { ModelSignature, ColSpec, ColumnType, Column } from "./mlflow/signature.js";
// Multiclass breadth (issue 5): every average, string labels, probability matrices, regression extras.
export {
  precisionRecallFscoreSupport,
  fbetaScore,
  jaccardScore,
  multilabelConfusionMatrix,
  balancedAccuracyScore,
  matthewsCorrcoef,
  cohenKappaScore,
  hammingLoss,
  classificationReport,
} from "./multiclass.js";
export type {
  ClassLabel,
  ClassLabelArray,
  Average,
  SetWiseOptions,
  FbetaOptions,
  PrecisionRecallFscoreSupport,
  ClassificationReportOptions,
  ReportRow,
} from "./multiclass.js";
export { topKAccuracyScore } from "./multiclassRanking.js";
export type { ProbMatrix, MulticlassProbOptions, MulticlassBrierOptions, MulticlassRocAucOptions, TopKOptions } from "./multiclassRanking.js";
export {
  meanSquaredLogError,
  rootMeanSquaredLogError,
  meanPinballLoss,
  d2AbsoluteErrorScore,
  meanPoissonDeviance,
  meanGammaDeviance,
  meanTweedieDeviance,
} from "./regressionExtra.js";
export type { ExtraWeightOptions, PinballOptions, TweedieOptions } from "./regressionExtra.js";
