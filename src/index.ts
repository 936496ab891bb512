/**
 * mlmetrics: scikit-learn's evaluation metrics on an AssemblyScript/WebAssembly
 * core, returned as plain numbers and MLflow-ready metric dicts.
 * @module
 */
export { init, isReady, memoryStats, MAX_SAMPLES, wasmBuild, allocFloat64, WasmFloat64Array, threadCount, closeThreads, type InitOptions } from "./wasm/core.js";
export { ValueError, ZeroDivisionError } from "./input/validate.js";
export type { NumericArray, LabelArray, WarnOptions, WarningHandler } from "./input/validate.js";
export {
  meanSquaredError,
  rootMeanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  r2Score,
  explainedVarianceScore,
  maxError,
  medianAbsoluteError,
} from "./regression/metrics.js";
export type { WeightOptions, R2Options } from "./regression/metrics.js";
export type { Multioutput, MultioutputOptions, RegressionTarget } from "./regression/multioutput.js";
export { scoreDistribution, DEFAULT_QUANTILES } from "./distribution/metrics.js";
export type { ScoreDistribution, ScoreDistributionOptions, Histogram } from "./distribution/metrics.js";
export {
  accuracyScore,
  precisionScore,
  recallScore,
  f1Score,
  confusionMatrix,
} from "./classification/metrics.js";
export type {
  AccuracyOptions,
  BinaryLabelOptions,
  ConfusionMatrixOptions,
  ZeroDivision,
} from "./classification/counts.js";
export { regressionMetrics } from "./dicts/regression.js";
export type { RegressionInput } from "./dicts/regression.js";
export { classificationMetrics } from "./dicts/classification.js";
export type { ClassificationDictOptions, ClassificationInput } from "./dicts/classification.js";
export { anomalyMetrics } from "./dicts/anomaly.js";
export type { AnomalyInput } from "./dicts/anomaly.js";
export { validateMetricKey, MAX_KEY_LENGTH } from "./dicts/keys.js";
export type { MetricDict, DictOptions } from "./dicts/keys.js";
export { rocAucScore, averagePrecisionScore, brierScoreLoss, logLoss } from "./ranking/metrics.js";
export { rocCurve, precisionRecallCurve, detCurve } from "./ranking/curves.js";
export { calibrationCurve } from "./ranking/calibration.js";
export type { CalibrationCurve, CalibrationCurveOptions } from "./ranking/calibration.js";
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
} from "./ranking/curves.js";
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
  ArtifactContent,
  ArtifactInfo,
  FigureContent,
} from "./mlflow/client.js";
export { checkArtifactPath, pyJsonDumps } from "./mlflow/artifact-paths.js";
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
} from "./classification/multiclass.js";
export type { ClassLabel, ClassLabelArray } from "./input/codec.js";
export type {
  Average,
  SetWiseOptions,
  FbetaOptions,
  PrecisionRecallFscoreSupport,
  ClassificationReportOptions,
  ReportRow,
} from "./classification/multiclass.js";
export { topKAccuracyScore } from "./ranking/multiclass.js";
export type { ProbMatrix } from "./input/matrix.js";
export type { MulticlassProbOptions, MulticlassBrierOptions, MulticlassRocAucOptions, TopKOptions } from "./ranking/multiclass.js";
export {
  meanSquaredLogError,
  rootMeanSquaredLogError,
  meanPinballLoss,
  d2AbsoluteErrorScore,
  meanPoissonDeviance,
  meanGammaDeviance,
  meanTweedieDeviance,
} from "./regression/extra.js";
export type { ExtraWeightOptions, PinballOptions, TweedieOptions } from "./regression/extra.js";
// Evaluators (issue 13): dicts fed in batches, mergeable and serialisable states.
export { createEvaluator, evaluatorFromJSON } from "./evaluators/evaluator.js";
export type { Evaluator, EvaluatorOptions, EvaluatorState, EvaluatorTask } from "./evaluators/evaluator.js";
export { StateError } from "./state/encode.js";
// Guessing a predictions table's task and columns (issue 18): shared by the command line and the preview page.
export { guessTable, matchClassColumns, GuessError } from "./guess/guess.js";
export type { Guess, GuessOptions, Roles, SampleColumn } from "./guess/guess.js";
// Issue 17: the missing single-output functions.
export { zeroOneLoss, hingeLoss, classLikelihoodRatios } from "./classification/losses.js";
export type { ZeroOneLossOptions, HingeLossOptions, ClassLikelihoodRatiosOptions, ReplaceUndefinedBy } from "./classification/losses.js";
export { auc } from "./ranking/auc.js";
export { d2LogLossScore, d2BrierScore } from "./ranking/d2.js";
export type { D2LogLossOptions, D2BrierOptions } from "./ranking/d2.js";
export { d2PinballScore, d2TweedieScore } from "./regression/extra.js";
export type { D2PinballOptions, D2TweedieOptions } from "./regression/extra.js";
// Issue 17: ranking metrics on 2-D inputs.
export { coverageError, labelRankingAveragePrecisionScore, labelRankingLoss, dcgScore, ndcgScore } from "./ranking/labelranking.js";
export type { LabelMatrix, LabelRankingOptions, NdcgOptions, DcgOptions } from "./ranking/labelranking.js";
export type { MultilabelAverage, MultilabelMatrix, MultilabelRankingOptions } from "./ranking/multilabel.js";
// Issue 17: multilabel-indicator targets (n × k 0/1 matrices) for the count-based classification metrics.
export type { IndicatorMatrix, MultilabelOptions } from "./classification/multilabel.js";
