/**
 * Multiclass classification on predicted labels (scikit-learn
 * `_classification.py`): every `average` of precision / recall / F-beta,
 * `precisionRecallFscoreSupport`, `multilabelConfusionMatrix`, balanced
 * accuracy, Matthews correlation, Cohen's kappa, Jaccard, Hamming loss and
 * `classificationReport`; plus string class labels for all of them.
 *
 * String labels are mapped in TypeScript to their rank among the sorted
 * distinct strings (numpy's `np.unique` order), so the numeric core sees
 * class indices with the same ordering. Per-class sums come from the
 * `confusionStats` kernel (sequential in input order, like `np.bincount`);
 * the O(k) / O(k²) finalisation follows sklearn's formulas and numpy's
 * pairwise summation order, so results match bit for bit where sklearn's
 * own arithmetic is reproducible (BLAS `np.dot` in `matthews_corrcoef` is
 * summed sequentially here).
 * @module
 */
import { accuracyFast, binaryCounts, type BinaryLabelOptions, labelCountsFast, labelStats, numericConfusionMatrix } from "./counts.js";
import { type ClassLabel, type ClassLabelArray, encodeArray, hasStringLabels, type LabelCodec, labelCodec } from "../input/codec.js";
import { checkTargets, type LabelTargets, pairwiseSum } from "../input/labels.js";
import { checkContainer, checkOptions, checkWeights, type LabelArray, type NumericArray, optionArray, ValueError, warn, type WarnOptions } from "../input/validate.js";
import { allocF64, getF64, type Kernels, putF64, withArena } from "../wasm/core.js";
import {
  ALL,
  type Average,
  checkAverage,
  type ClassificationReportOptions,
  type FbetaOptions,
  type Metric,
  npAverage,
  prfDivide,
  type PrecisionRecallFscoreSupport,
  prfsBeta,
  prfsFrom,
  pyAvg,
  pyFixed,
  pyNum,
  renderReport,
  type ReportRow,
  type SetWiseOptions,
} from "./setwise.js";
import {
  columnOptions,
  type IndicatorMatrix,
  matrixRoute,
  targets1d,
  type MultilabelOptions,
  multilabelConfusionMatrix2d,
  multilabelHammingLoss,
  multilabelJaccard,
  multilabelPrfs,
  multilabelReport,
} from "./multilabel.js";

export { pyFixed };
export type { Average, ClassificationReportOptions, FbetaOptions, PrecisionRecallFscoreSupport, ReportRow, SetWiseOptions, ZeroDivisionOption } from "./setwise.js";

// ---------------------------------------------------------------------------
// Labels: numbers, booleans or strings


function labelList(x: unknown, name: string): ClassLabel[] | undefined {
  if (x === undefined || x === null) return undefined;
  return optionArray<ClassLabel>(x, name);
}

interface SetStats {
  tp: number[];
  fp: number[];
  fn: number[];
  tn: number[];
  selected: number[];
  codec: LabelCodec;
  weighted: boolean;
  type: "binary" | "multiclass";
  present: number[];
  n: number;
}

function lengthCheck(lens: number[]): void {
  if (new Set(lens).size > 1) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
  }
}

/**
 * multilabel_confusion_matrix counts for `labels` (sklearn's order: labels
 * then the present labels not listed), selected back to `labels`.
 */
function mcmCounts(
  k: Kernels,
  t: LabelTargets,
  labelsGiven: number[] | undefined,
): { tp: number[]; fp: number[]; fn: number[]; tn: number[]; selected: number[] } {
  const present = t.labels;
  const selected = labelsGiven ?? present;
  const all = labelsGiven ? [...labelsGiven, ...present.filter((v) => !labelsGiven.includes(v))] : present;
  const sorted = [...new Set(all)].sort((a, b) => a - b);
  const s = labelStats(t, sorted);
  const m = sorted.length;
  const total = t.pw ? k.sumF64(t.pw, t.yTrue.n) : t.yTrue.n;
  const tp: number[] = [];
  const fp: number[] = [];
  const fn: number[] = [];
  const tn: number[] = [];
  for (const v of selected) {
    const i = sorted.indexOf(v);
    const a = s.cells[i * m + i];
    const b = s.predSum[i] - a;
    const c = s.trueSum[i] - a;
    tp.push(a);
    fp.push(b);
    fn.push(c);
    tn.push(total - a - b - c);
  }
  return { tp, fp, fn, tn, selected };
}

/**
 * Fast path of {@link setWiseStats}: unweighted typed arrays or handles of
 * integer labels, `average` micro / macro / weighted / null, no `labels`, no
 * `posLabel` other than the default (nothing to warn): the per-class counts
 * come from one counting pass over the labels present ({@link labelCountsFast},
 * the pass behind confusionMatrix) instead of a label scan, an encoding and
 * the general counting pass. The counts are exact integers, the same as the
 * general path's. `null`: the general path.
 */
function setWiseFast(yTrue: unknown, yPred: unknown, o: SetWiseOptions, avg: Average): (SetStats & { anyEqual: boolean }) | null {
  if (!(avg === "micro" || avg === "macro" || avg === "weighted" || avg === null)) return null;
  if (o.labels !== undefined && o.labels !== null) return null;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  if (!(o.posLabel === undefined || o.posLabel === null || o.posLabel === 1 || o.posLabel === true)) return null;
  const c = withArena((k) => labelCountsFast(k, yTrue, yPred));
  if (!c) return null;
  const codec = labelCodec([yTrue, yPred], [o.posLabel]);
  const m = c.labels.length;
  const tp: number[] = [];
  const fp: number[] = [];
  const fn: number[] = [];
  const tn: number[] = [];
  let trace = 0;
  for (let i = 0; i < m; i++) {
    let col = 0;
    let row = 0;
    for (let j = 0; j < m; j++) {
      col += c.cells[j * m + i];
      row += c.cells[i * m + j];
    }
    const a = c.cells[i * m + i];
    trace += a;
    tp.push(a);
    fp.push(col - a);
    fn.push(row - a);
    tn.push(c.n - a - (col - a) - (row - a));
  }
  const selected = c.labels;
  return { tp, fp, fn, tn, selected, codec, weighted: false, type: m <= 2 ? "binary" : "multiclass", present: c.labels, n: c.n, anyEqual: trace > 0 };
}

/** sklearn's `_check_set_wise_labels` + `multilabel_confusion_matrix`. */
function setWiseStats(yTrue: unknown, yPred: unknown, o: SetWiseOptions, avg: Average, withAnyEqual = false): SetStats & { anyEqual?: boolean } {
  const fast = setWiseFast(yTrue, yPred, o, avg);
  if (fast) return fast;
  const labelsOpt = labelList(o.labels, "labels");
  const codec = labelCodec([yTrue, yPred], [o.posLabel, ...(labelsOpt ?? [])]);
  return withArena((k) => {
    const t = checkTargets(encodeArray(yTrue, codec), encodeArray(yPred, codec), undefined);
    const same = withAnyEqual ? anyEqual(k, t) : undefined;
    let labels = labelsOpt?.map((v) => codec.code(v));
    const posLabel = o.posLabel ?? 1;
    if (avg === "binary") {
      if (t.type !== "binary") {
        throw new ValueError(
          "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].",
        );
      }
      const pos = codec.code(posLabel);
      if (!t.labels.includes(pos) && t.labels.length >= 2) {
        throw new ValueError(
          `pos_label=${typeof posLabel === "boolean" ? (posLabel ? "True" : "False") : String(posLabel)} is not a valid label. It should be one of ${codec.list(t.labels)}`,
        );
      }
      labels = [Number.isNaN(pos) ? -1 : pos];
    } else if (o.posLabel !== undefined && o.posLabel !== null && o.posLabel !== 1 && o.posLabel !== true) {
      warn(
        o,
        `Note that pos_label (set to ${codec.repr(o.posLabel)}) is ignored when average != 'binary' (got ${pyAvg(avg)}). You may use labels=[pos_label] to specify a single positive class.`,
      );
    }
    // multilabel_confusion_matrix's _check_targets with the weights.
    const n = t.yTrue.n;
    if (o.sampleWeight !== undefined && o.sampleWeight !== null) {
      lengthCheck([n, n, checkContainer(o.sampleWeight, "sampleWeight")]);
      t.weight = checkWeights(o.sampleWeight, n);
      t.pw = putF64(t.weight.data);
    }
    if (avg === "samples") {
      throw new ValueError("Samplewise metrics are not available outside of multilabel classification.");
    }
    const c = mcmCounts(k, t, labels);
    return { ...c, codec, weighted: !!t.weight, type: t.type, present: t.labels, n, anyEqual: same };
  });
}

function anyEqual(k: Kernels, t: LabelTargets): boolean {
  const out = allocF64(t.yTrue.n);
  return k.mismatchSum(t.pt, t.pp, 0, t.yTrue.n, out) < t.yTrue.n;
}

function prfs(
  yTrue: unknown,
  yPred: unknown,
  o: FbetaOptions,
  avg: Average,
  warnFor: readonly Metric[],
  fn: string,
): PrecisionRecallFscoreSupport<number | number[]> {
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelPrfs(yTrue, yPred, o, avg, warnFor, fn);
  if (route) {
    yTrue = route.yTrue;
    yPred = route.yPred;
  }
  const beta = prfsBeta(o, fn);
  return prfsFrom(setWiseStats(yTrue, yPred, o, avg), o, avg, warnFor, fn, beta);
}


/**
 * Precision, recall, F-beta and support per class or averaged (sklearn
 * `precision_recall_fscore_support`). `average` defaults to `null`: one value
 * per label (in `labels` order, else sorted labels); `'micro'` pools the
 * counts (Σtp / Σ(tp+fp), pairwise sums), `'macro'` is the unweighted mean
 * over labels, `'weighted'` the mean weighted by support, `'binary'` the
 * `posLabel` class only. Per-class sums are sequential in input order (as
 * `np.bincount`), the means use numpy's pairwise order (`np.nanmean` /
 * `np.average` as in sklearn's `_nanaverage`).
 *
 * Zero denominators take `zeroDivision` (`'warn'`: 0.0 and sklearn's
 * `UndefinedMetricWarning` text). `posLabel` with a non-binary `average`
 * warns as sklearn does.
 * @example
 * ```ts
 * precisionRecallFscoreSupport(["cat", "dog", "pig", "cat"], ["cat", "pig", "pig", "dog"], { average: "macro", zeroDivision: 0 });
 * // { precision: 0.5, recall: 0.5, fscore: 0.4444444444444444, support: null } (sklearn: (0.5, 0.5, 0.4444444444444444, None))
 * ```
 */
export function precisionRecallFscoreSupport(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: FbetaOptions,
): PrecisionRecallFscoreSupport<number | number[]> {
  const o = checkOptions<FbetaOptions>(options, "precisionRecallFscoreSupport");
  const avg = checkAverage(o.average === undefined ? null : o.average, "precision_recall_fscore_support");
  return prfs(yTrue, yPred, o, avg, ALL, "precision_recall_fscore_support");
}

function avgOf(o: SetWiseOptions, fn: string): Average {
  return checkAverage(o.average === undefined ? "binary" : o.average, fn);
}

/**
 * Precision with any `average` (sklearn `precision_score`); binary default as
 * {@link precisionScore}. Returns one value per label when `average` is null.
 * @example
 * ```ts
 * multiclassPrecision([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }); // 0.2222222222222222
 * ```
 */
export function multiclassPrecision(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: SetWiseOptions): number | number[] {
  const o = checkOptions<SetWiseOptions>(options, "precisionScore");
  return prfs(yTrue, yPred, { ...o, beta: 1 }, avgOf(o, "precision_score"), ["precision"], "precision_score").precision;
}

/** Recall with any `average` (sklearn `recall_score`). */
export function multiclassRecall(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: SetWiseOptions): number | number[] {
  const o = checkOptions<SetWiseOptions>(options, "recallScore");
  return prfs(yTrue, yPred, { ...o, beta: 1 }, avgOf(o, "recall_score"), ["recall"], "recall_score").recall;
}

/** F1 with any `average` (sklearn `f1_score`). */
export function multiclassF1(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: SetWiseOptions): number | number[] {
  const o = checkOptions<SetWiseOptions>(options, "f1Score");
  return prfs(yTrue, yPred, { ...o, beta: 1 }, avgOf(o, "f1_score"), ["f-score"], "f1_score").fscore;
}

/**
 * F-beta score (sklearn `fbeta_score`): (1 + β²)·tp / (β²·(tp + fn) + (tp + fp))
 * per class, averaged as `average` (default `'binary'`). `beta` is required.
 * @example
 * ```ts
 * fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { beta: 0.5, average: "micro" }); // 0.3333333333333333
 * ```
 */
export function fbetaScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options: FbetaOptions): number | number[] {
  const o = checkOptions<FbetaOptions>(options, "fbetaScore");
  if (o.beta === undefined) throw new TypeError("fbetaScore: the `beta` option is required");
  return prfs(yTrue, yPred, o, avgOf(o, "fbeta_score"), ["f-score"], "fbeta_score").fscore;
}

/**
 * Jaccard index tp / (tp + fp + fn) (sklearn `jaccard_score`) with any
 * `average` (default `'binary'`); 0/0 → `zeroDivision` with the warning
 * `Jaccard is ill-defined ...`.
 * @example
 * ```ts
 * jaccardScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }); // 0.2222222222222222
 * ```
 */
export function jaccardScore(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: SetWiseOptions): number | number[] {
  const o = checkOptions<SetWiseOptions>(options, "jaccardScore");
  const avg = avgOf(o, "jaccard_score");
  const z = o.zeroDivision;
  if (!(z === undefined || z === "warn" || z === 0 || z === 1)) {
    throw new ValueError(
      `The 'zero_division' parameter of jaccard_score must be a float among {0, 1} or a str among {'warn'}. Got ${Number.isNaN(z) ? "nan" : String(z)} instead.`,
    );
  }
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelJaccard(yTrue, yPred, o, avg);
  if (route) return jaccardScore(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(o));
  if (avg === "binary" && o.labels === undefined && typeof o.posLabel !== "string" && !hasStringLabels(yTrue, yPred)) {
    // numeric binary labels: the positive class's counts from the binary counting pass (as
    // f1Score); the same tp, fp, fn as the per-class counts below, the same division
    const c = binaryCounts(yTrue, yPred, o as BinaryLabelOptions);
    return prfDivide([c.tp], [c.tp + c.fp + c.fn], "jaccard", "true or predicted", avg, ["jaccard"], o, "jaccard_score")[0];
  }
  const s = setWiseStats(yTrue, yPred, o, avg);
  let num = s.tp;
  let den = s.tp.map((v, i) => v + s.fp[i] + s.fn[i]);
  if (avg === "micro") {
    num = [pairwiseSum(num)];
    den = [pairwiseSum(den)];
  }
  const j = prfDivide(num, den, "jaccard", "true or predicted", avg, ["jaccard"], o, "jaccard_score");
  if (avg === null) return j;
  let w: number[] | undefined;
  if (avg === "weighted") {
    w = s.fn.map((v, i) => v + s.tp[i]);
    if (!w.some((v) => v !== 0)) w = undefined;
  }
  try {
    return npAverage(j, w);
  } catch {
    throw new ValueError("Weights sum to zero, can't be normalized");
  }
}

/**
 * One 2 × 2 matrix per label, `[[tn, fp], [fn, tp]]` (sklearn
 * `multilabel_confusion_matrix`, 1-D targets); labels default to the sorted
 * labels present; weighted counts are sequential sums.
 * @example
 * ```ts
 * multilabelConfusionMatrix(["cat", "ant", "cat"], ["ant", "ant", "cat"]);
 * // [[[1, 1], [0, 1]], [[1, 0], [1, 1]]]
 * ```
 */
export function multilabelConfusionMatrix(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: { sampleWeight?: NumericArray; labels?: readonly ClassLabel[] | NumericArray; samplewise?: boolean } & MultilabelOptions & WarnOptions,
): number[][][] {
  const o = checkOptions<{ sampleWeight?: NumericArray; labels?: readonly ClassLabel[]; samplewise?: boolean } & MultilabelOptions & WarnOptions>(
    options,
    "multilabelConfusionMatrix",
  );
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelConfusionMatrix2d(yTrue, yPred, o as never);
  if (route) return multilabelConfusionMatrix(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(o));
  const labelsOpt = labelList(o.labels, "labels");
  // unweighted integer labels without `labels`: the counts of the one counting pass
  const fast = labelsOpt ? null : setWiseFast(yTrue, yPred, { sampleWeight: o.sampleWeight }, null);
  const codec = fast ? fast.codec : labelCodec([yTrue, yPred], labelsOpt ?? []);
  return withArena((k) => {
    let c;
    if (fast) {
      if (o.samplewise) throw new ValueError("Samplewise metrics are not available outside of multilabel classification.");
      c = fast;
    } else {
      const t = checkTargets(encodeArray(yTrue, codec), encodeArray(yPred, codec), o.sampleWeight);
      if (o.samplewise) throw new ValueError("Samplewise metrics are not available outside of multilabel classification.");
      c = mcmCounts(k, t, labelsOpt?.map((v) => codec.code(v)));
    }
    return c.tp.map((tp, i) => [
      [c.tn[i], c.fp[i]],
      [c.fn[i], tp],
    ]);
  });
}

/** Options of {@link confusionMatrixLabels}. */
export interface LabelConfusionOptions extends WarnOptions {
  labels?: readonly ClassLabel[] | NumericArray;
  sampleWeight?: NumericArray;
  normalize?: "true" | "pred" | "all" | null;
}

/** {@link confusionMatrix} for string labels (and any label type): encodes, then the numeric kernel path. */
export function confusionMatrixLabels(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: LabelConfusionOptions,
): number[][] {
  const o = checkOptions<LabelConfusionOptions>(options, "confusionMatrix");
  const col = targets1d(yTrue, yPred, o, "multilabel-indicator is not supported", true);
  if (col) return confusionMatrixLabels(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(o));
  const labelsOpt = labelList(o.labels, "labels");
  const codec = labelCodec([yTrue, yPred], labelsOpt ?? []);
  if (codec.names === null) return numericConfusionMatrix(yTrue as LabelArray, yPred as LabelArray, o as never);
  return numericConfusionMatrix(
    encodeArray(yTrue, codec) as Float64Array,
    encodeArray(yPred, codec) as Float64Array,
    { ...o, labels: labelsOpt?.map((v) => codec.code(v)) } as never,
  );
}

/**
 * Balanced accuracy: the mean of per-class recall over classes present in
 * `yTrue` (sklearn `balanced_accuracy_score`); `adjusted` rescales so that
 * chance is 0: (score − 1/k) / (1 − 1/k). Classes only predicted warn
 * `y_pred contains classes not in y_true` and are skipped.
 * @example
 * ```ts
 * balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 * ```
 */
export function balancedAccuracyScore(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: { sampleWeight?: NumericArray; adjusted?: boolean } & WarnOptions,
): number {
  const o = checkOptions<{ sampleWeight?: NumericArray; adjusted?: boolean } & WarnOptions>(options, "balancedAccuracyScore");
  const col = targets1d(yTrue, yPred, o, "multilabel-indicator is not supported", true);
  if (col) return balancedAccuracyScore(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(o));
  const C = confusionMatrixLabels(yTrue, yPred, { sampleWeight: o.sampleWeight, onWarning: o.onWarning });
  let perClass = C.map((row, i) => row[i] / pairwiseSum(row));
  if (perClass.some((v) => Number.isNaN(v))) {
    warn(o, "y_pred contains classes not in y_true");
    perClass = perClass.filter((v) => !Number.isNaN(v));
  }
  let score = pairwiseSum(perClass) / perClass.length;
  if (o.adjusted) {
    const chance = 1 / perClass.length;
    score -= chance;
    score /= 1 - chance;
  }
  return score;
}

/**
 * Matthews correlation coefficient, multiclass (sklearn `matthews_corrcoef`):
 * (c·s − t·p) / √((s² − p·p)(s² − t·t)) over the confusion matrix (t: true
 * counts, p: predicted counts, c: trace, s: total); 0 when undefined. The
 * dot products are sequential sums (sklearn uses BLAS).
 * @example
 * ```ts
 * matthewsCorrcoef([1, 1, 1, 0], [1, 0, 1, 1]); // -0.3333333333333333
 * ```
 */
export function matthewsCorrcoef(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: { sampleWeight?: NumericArray } & WarnOptions,
): number {
  const o = checkOptions<{ sampleWeight?: NumericArray } & WarnOptions>(options, "matthewsCorrcoef");
  const col = targets1d(yTrue, yPred, o, "multilabel-indicator is not supported");
  if (col) return matthewsCorrcoef(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(o));
  const nw = o.sampleWeight !== undefined && o.sampleWeight !== null ? checkContainer(o.sampleWeight, "sampleWeight") : undefined;
  const nt = checkContainer(yTrue, "yTrue");
  const np = checkContainer(yPred, "yPred");
  lengthCheck(nw === undefined ? [nt, np] : [nt, np, nw]);
  const C = confusionMatrixLabels(yTrue, yPred, { sampleWeight: o.sampleWeight, onWarning: () => {} });
  const k = C.length;
  const tSum = C.map((r) => pairwiseSum(r));
  const pSum = new Array<number>(k).fill(0);
  for (const r of C) for (let j = 0; j < k; j++) pSum[j] += r[j];
  const nCorrect = pairwiseSum(C.map((r, i) => r[i]));
  const nSamples = pairwiseSum(pSum);
  const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
  const covYtYp = nCorrect * nSamples - dot(tSum, pSum);
  const covYpYp = nSamples ** 2 - dot(pSum, pSum);
  const covYtYt = nSamples ** 2 - dot(tSum, tSum);
  const prod = covYpYp * covYtYt;
  if (prod === 0) return 0.0;
  return covYtYp / Math.sqrt(prod);
}

/**
 * Cohen's kappa (sklearn `cohen_kappa_score`): κ = 1 − Σ W·C / Σ W·E with the
 * confusion matrix C, expected counts E = outer(col sums, row sums) / total
 * and W = 1 − I (default), |i − j| (`'linear'`) or (i − j)² (`'quadratic'`).
 * Undefined cases return `replaceUndefinedBy` (default NaN) with sklearn's
 * warning.
 * @example
 * ```ts
 * cohenKappaScore(["negative", "positive", "negative", "neutral", "positive"],
 *                 ["negative", "positive", "negative", "neutral", "negative"]); // 0.6875
 * ```
 */
export function cohenKappaScore(
  y1: ClassLabelArray | IndicatorMatrix,
  y2: ClassLabelArray | IndicatorMatrix,
  options?: {
    labels?: readonly ClassLabel[] | NumericArray;
    weights?: "linear" | "quadratic" | null;
    sampleWeight?: NumericArray;
    replaceUndefinedBy?: number;
  } & WarnOptions,
): number {
  const o = checkOptions<NonNullable<typeof options>>(options, "cohenKappaScore");
  const repl = o.replaceUndefinedBy ?? NaN;
  if (o.weights !== undefined && o.weights !== null && o.weights !== "linear" && o.weights !== "quadratic") {
    throw new ValueError(
      `The 'weights' parameter of cohen_kappa_score must be a str among {'linear', 'quadratic'} or None. Got '${String(o.weights)}' instead.`,
    );
  }
  const col = targets1d(y1, y2, o, "multilabel-indicator is not supported", true);
  if (col) return cohenKappaScore(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(o));
  let C: number[][];
  try {
    C = confusionMatrixLabels(y1, y2, { labels: o.labels, sampleWeight: o.sampleWeight, onWarning: o.onWarning });
  } catch (e) {
    if (e instanceof Error && e.message.includes("At least one label specified must be in y_true")) {
      throw new ValueError(
        "At least one label in `labels` must be present in `y1` (even though `cohen_kappa_score` is otherwise agnostic to the order of `y1` and `y2`).",
      );
    }
    throw e;
  }
  const k = C.length;
  const sum0 = new Array<number>(k).fill(0);
  for (const r of C) for (let j = 0; j < k; j++) sum0[j] += r[j];
  const sum1 = C.map((r) => pairwiseSum(r));
  const denominator0 = pairwiseSum(sum0);
  if (denominator0 === 0) {
    warn(
      o,
      "`y2` contains no labels that are present in both `y1` and `labels`.`cohen_kappa_score` is undefined and set to the value defined by " +
        `the \`replace_undefined_by\` param, which is set to ${pyNum(repl)}.`,
    );
    return repl;
  }
  const wC: number[] = [];
  const wE: number[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = o.weights === "linear" ? Math.abs(j - i) : o.weights === "quadratic" ? (j - i) ** 2 : i === j ? 0 : 1;
      wC.push(w * C[i][j]);
      wE.push(w * ((sum0[i] * sum1[j]) / denominator0));
    }
  }
  const num = pairwiseSum(wC);
  const den = pairwiseSum(wE);
  if (den === 0) {
    warn(
      o,
      "`y1`, `y2` and `labels` have only one label in common. `cohen_kappa_score` is undefined and set to the value defined by the " +
        `the \`replace_undefined_by\` param, which is set to ${pyNum(repl)}.`,
    );
    return repl;
  }
  return 1 - num / den;
}

/**
 * Hamming loss for 1-D targets (sklearn `hamming_loss`): the (weighted)
 * fraction of samples with yPred ≠ yTrue, numpy's `np.average` (pairwise).
 * @example
 * ```ts
 * hammingLoss([1, 2, 3, 4], [2, 2, 3, 4]); // 0.25
 * ```
 */
export function hammingLoss(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: { sampleWeight?: NumericArray } & MultilabelOptions & WarnOptions,
): number {
  const o = checkOptions<{ sampleWeight?: NumericArray } & MultilabelOptions & WarnOptions>(options, "hammingLoss");
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelHammingLoss(yTrue, yPred, o);
  if (route) return hammingLoss(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(o));
  if (o.sampleWeight === undefined || o.sampleWeight === null) {
    // integer labels, unweighted: the mismatches are n − accuracy's exact hit count
    const fast = withArena((k) => accuracyFast(k, yTrue, yPred, {}));
    if (fast) return (fast.n - fast.hits) / fast.n;
  }
  const codec = labelCodec([yTrue, yPred]);
  return withArena((k) => {
    const t = checkTargets(encodeArray(yTrue, codec), encodeArray(yPred, codec), o.sampleWeight);
    const n = t.yTrue.n;
    const out = allocF64(n);
    const s = k.mismatchSum(t.pt, t.pp, t.pw, n, out);
    if (!t.pw) return s / n;
    const sw = k.sumF64(t.pw, n);
    if (sw === 0) throw new ValueError("Weights sum to zero, can't be normalized");
    return s / sw;
  });
}

// ---------------------------------------------------------------------------
// classification_report

/**
 * Text or dict summary of precision, recall, F1 and support per class plus
 * accuracy and macro / weighted averages (sklearn `classification_report`).
 * The text form is byte-for-byte sklearn's (Python's fixed-point rounding,
 * half to even); the dict form has sklearn's keys (`'accuracy'` when micro
 * average equals accuracy, else `'micro avg'`).
 * @example
 * ```ts
 * classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { outputDict: true })["macro avg"];
 * // { precision: 0.5, recall: 0.5555555555555555, "f1-score": 0.48888888888888893, support: 5 }
 * ```
 */
export function classificationReport(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: ClassificationReportOptions & MultilabelOptions,
): string | Record<string, ReportRow | number> {
  const o = checkOptions<ClassificationReportOptions & MultilabelOptions>(options, "classificationReport");
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelReport(yTrue, yPred, o as never);
  if (route) return classificationReport(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(o));
  const digits = o.digits ?? 2;
  const labelsOpt = labelList(o.labels, "labels");
  const codec = labelCodec([yTrue, yPred], labelsOpt ?? []);
  const yt = encodeArray(yTrue, codec);
  const yp = encodeArray(yPred, codec);
  // Unweighted integer labels without `labels`: one counting pass gives the labels present
  // and every count (setWiseFast); else the label scan, then the counting pass below.
  const fast = labelsOpt ? null : setWiseFast(yTrue, yPred, { sampleWeight: o.sampleWeight }, null);
  const probe = fast ?? withArena(() => {
    const t = checkTargets(yt, yp, o.sampleWeight);
    return { present: t.labels, type: t.type };
  });
  const labels = labelsOpt ? labelsOpt.map((v) => codec.code(v)) : probe.present;
  const microIsAccuracy = !labelsOpt || probe.present.every((v) => labels.includes(v));
  let names: string[];
  if (o.targetNames && o.targetNames.length !== labels.length) {
    if (labelsOpt) {
      warn(o, `labels size, ${labels.length}, does not match size of target_names, ${o.targetNames.length}`);
      names = [...o.targetNames];
    } else {
      throw new ValueError(
        `Number of classes, ${labels.length}, does not match size of target_names, ${o.targetNames.length}. Try specifying the labels parameter`,
      );
    }
  } else names = o.targetNames ? [...o.targetNames] : labels.map((c) => codec.name(c));
  const base: FbetaOptions = { sampleWeight: o.sampleWeight, zeroDivision: o.zeroDivision, onWarning: o.onWarning };
  const codedLabels = labels.map((c) => (codec.names ? codec.names[c] : c)) as ClassLabel[];
  // One counting pass serves the per-class rows and the three averages (sklearn calls
  // precision_recall_fscore_support four times; the counts are the same each time).
  const fn = "precision_recall_fscore_support";
  const opts: FbetaOptions = { ...base, labels: codedLabels };
  const beta = prfsBeta(opts, fn);
  const stats = fast ?? setWiseStats(yTrue, yPred, opts, null, true);
  const per = prfsFrom(stats, opts, null, ALL, fn, beta);
  const p = per.precision as number[];
  const r = per.recall as number[];
  const f = per.fscore as number[];
  const s = per.support!;
  // Unweighted supports are int64 unless no sample is correct (then float64).
  const unweighted = o.sampleWeight === undefined || o.sampleWeight === null;
  const intSupport = unweighted && stats.anyEqual!;
  const total = pairwiseSum(s);
  const avgs: [string, ReportRow][] = [];
  for (const average of ["micro", "macro", "weighted"] as const) {
    const heading = average === "micro" && microIsAccuracy ? "accuracy" : `${average} avg`;
    const a = prfsFrom(stats, opts, average, ALL, fn, beta);
    avgs.push([heading, { precision: a.precision as number, recall: a.recall as number, "f1-score": a.fscore as number, support: total }]);
  }
  return renderReport(names, p, r, f, s, avgs, digits, intSupport, !!o.outputDict);
}

/** Reads back f64 results (keeps `getF64` referenced for kernels that write arrays). */
export function readArray(ptr: number, n: number): number[] {
  return Array.from(getF64(ptr, n));
}
