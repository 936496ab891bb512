/**
 * `classificationMetrics` for multiclass targets and string class labels
 * (the binary dicts live in ./dicts.ts, which routes here).
 *
 * `'compact'`: `accuracy`, `precision`, `recall`, `f1` with `average`
 * (default `'weighted'`), with `yProb` (an n × k matrix: rows, or a flat
 * row-major array with the `nClasses` option) `auc_roc`
 * (one-vs-rest) and `log_loss`, with `train` `training_samples`.
 * `'mlflow'`: `mlflow.evaluate`'s multiclass keys — `example_count`,
 * `accuracy_score`, `recall_score`, `precision_score`, `f1_score`
 * (`average`, default `'weighted'`), with probabilities `log_loss`
 * (`labels` = the label list) and `roc_auc` (one-vs-rest, only for the
 * `'macro'` / `'weighted'` averages, no `labels`, as MLflow calls it).
 * @module
 */
import { accuracyScore } from "../classification/metrics.js";
import { multiclassF1, multiclassPrecision, multiclassRecall } from "../classification/multiclass.js";
import { type ClassLabel, type ClassLabelArray, encodeArray, hasStringLabels, labelCodec } from "../input/codec.js";
import { checkTargets } from "../input/labels.js";
import { isMatrix, type ProbMatrix } from "../input/matrix.js";
import { checkContainer, type NumericArray, optionArray, ValueError, type WarnOptions } from "../input/validate.js";
import { multiclassLogLoss, multiclassRocAucScore } from "../ranking/multiclass.js";
import { withArena } from "../wasm/core.js";

type Dict = Record<string, number>;

/** The options classificationMetrics passes on (a structural subset of ClassificationDictOptions). */
export interface RoutedDictOptions extends WarnOptions {
  preset?: "compact" | "mlflow";
  prefix?: string;
  posLabel?: ClassLabel;
  labels?: readonly ClassLabel[] | NumericArray;
  /** Multiclass average (default `'weighted'`). */
  average?: "micro" | "macro" | "weighted";
  /** Number of classes when `yProb` is a flat row-major array. */
  nClasses?: number;
}

/**
 * Returns the unprefixed dict for string-label or multiclass input, or null
 * for numeric binary input (handled by ./dicts.ts). `binary` is
 * classificationMetrics itself, re-entered with encoded labels.
 */
export function routeClassificationDict(
  f: Record<string, unknown>,
  o: RoutedDictOptions,
  preset: "compact" | "mlflow",
  binary: (input: never, options: never) => Dict,
): Dict | null {
  const yTrue = f.yTrue as ClassLabelArray;
  const yPred = f.yPred as ClassLabelArray;
  const yProb = f.yProb as ProbMatrix | undefined;
  const labelsOpt = o.labels ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const strings = hasStringLabels(yTrue, yPred);
  const codec = labelCodec([yTrue, yPred], [o.posLabel, ...(labelsOpt ?? [])]);
  const yt = encodeArray(yTrue, codec) as NumericArray;
  const yp = encodeArray(yPred, codec) as NumericArray;
  const nClasses = o.nClasses ?? undefined;
  const matrix = yProb !== undefined && yProb !== null && isMatrix(yProb, nClasses);
  const present = withArena(() => checkTargets(yt, yp, undefined).labels);
  const list = labelsOpt ? [...new Set(labelsOpt.map((v) => codec.code(v)))].sort((a, b) => a - b) : present;
  const multiclass = list.length > 2 || matrix;
  if (!multiclass) {
    if (!strings) return null;
    const mapped = {
      ...o,
      prefix: undefined,
      posLabel: o.posLabel === undefined ? undefined : codec.code(o.posLabel),
      labels: labelsOpt?.map((v) => codec.code(v)),
    };
    return binary({ ...f, yTrue: yt, yPred: yp } as never, mapped as never);
  }
  const sampleWeight = f.sampleWeight as NumericArray | undefined;
  const warnOpts = o.onWarning ? { onWarning: o.onWarning } : {};
  const average = o.average ?? "weighted";
  const common = { ...warnOpts, sampleWeight, average };
  if (preset === "compact") {
    const d: Dict = {
      accuracy: accuracyScore(yt, yp, { ...warnOpts, sampleWeight }),
      precision: multiclassPrecision(yt, yp, common) as number,
      recall: multiclassRecall(yt, yp, common) as number,
      f1: multiclassF1(yt, yp, common) as number,
    };
    if (yProb !== undefined && yProb !== null) {
      const labels = list.map((c) => (codec.names ? codec.names[c] : c));
      d.auc_roc = multiclassRocAucScore(yTrue, yProb, { ...warnOpts, sampleWeight, multiClass: "ovr", average, labels, nClasses }) as number;
      d.log_loss = multiclassLogLoss(yTrue, yProb, { ...warnOpts, sampleWeight, labels, nClasses });
    }
    if (f.train !== undefined && f.train !== null) {
      const tr = f.train as { yTrue: unknown };
      d.training_samples = checkContainer(tr.yTrue, "train.yTrue");
    }
    return d;
  }
  if (list.length < 2) {
    throw new ValueError(
      `Evaluation dataset for classification must contain at least two unique labels, but only ${list.length} unique labels were found.`,
    );
  }
  const d: Dict = {
    example_count: checkContainer(yTrue, "yTrue"),
    accuracy_score: accuracyScore(yt, yp, { ...warnOpts, sampleWeight }),
    recall_score: multiclassRecall(yt, yp, common) as number,
    precision_score: multiclassPrecision(yt, yp, common) as number,
    f1_score: multiclassF1(yt, yp, common) as number,
  };
  if (yProb !== undefined && yProb !== null) {
    const labels = list.map((c) => (codec.names ? codec.names[c] : c));
    d.log_loss = multiclassLogLoss(yTrue, yProb, { ...warnOpts, sampleWeight, labels, nClasses });
    if (average === "macro" || average === "weighted") {
      d.roc_auc = multiclassRocAucScore(yTrue, yProb, { ...warnOpts, sampleWeight, multiClass: "ovr", average, nClasses }) as number;
    }
  }
  return d;
}
