/**
 * Classification metrics on predicted labels (sklearn `_classification.py`):
 * accuracy, binary precision / recall / F1 and the confusion matrix.
 *
 * Counts are exact; weighted sums are sequential in input order like numpy's
 * `bincount` and scipy's COO-to-dense conversion, so they match bit for bit.
 * @module
 */
import { fastPaths } from "./fastpath.js";
import {
  type Kernels,
  MAX_SAMPLES,
  WasmFloat64Array,
  alloc,
  allocF64,
  core,
  getF64,
  putF64,
  putF64At,
  putI32,
  withArena,
} from "./core.js";
import { checkWeightSum } from "./regression.js";
import { type LabelTargets, checkTargets, formatLabel, formatLabels, labelCandidates, labelValue, pairwiseSum } from "./labels.js";
import { type LabelArray, type NumericArray, type WarnOptions, ValueError, checkOptions, echo, optionArray, warn } from "./validate.js";
import { type ClassLabelArray, type SetWiseOptions, confusionMatrixLabels, hasStringLabels, labelCodec, encodeArray, multiclassF1, multiclassPrecision, multiclassRecall } from "./multiclass.js";

/** `zeroDivision`: value returned when a ratio is 0/0; `'warn'` returns 0.0 and warns. */
export type ZeroDivision = "warn" | 0 | 1 | number;

/** Options of {@link precisionScore}, {@link recallScore}, {@link f1Score}. */
export interface BinaryLabelOptions extends WarnOptions {
  /** The positive class (default 1). */
  posLabel?: number | boolean;
  /** Value for 0/0 (`'warn'` → 0.0 with a warning; 0, 1 or NaN silently). Default `'warn'`. */
  zeroDivision?: ZeroDivision;
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
}

/** Options of {@link accuracyScore}. */
export interface AccuracyOptions extends WarnOptions {
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
  /** `true` (default): the fraction correct; `false`: the (weighted) count. */
  normalize?: boolean;
}

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions extends WarnOptions {
  /** Labels to index the matrix (in this order); default: sorted labels present. */
  labels?: readonly (number | boolean)[] | NumericArray;
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
  /** Normalise over true rows, predicted columns, or all cells (0/0 → 0). */
  normalize?: "true" | "pred" | "all" | null;
}

/** Binary confusion counts for one positive class, as sklearn's `multilabel_confusion_matrix`. */
export interface BinaryCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** tp + fp and tp + fn, computed as sklearn does. */
  predSum: number;
  trueSum: number;
}

/**
 * Per-class sums over `labels` (sorted): cells (k x k), true sums, predicted sums.
 * Call inside `withArena` with targets from {@link checkTargets}.
 */
export function labelStats(
  t: LabelTargets,
  labels: readonly number[],
): { cells: Float64Array; trueSum: Float64Array; predSum: Float64Array } {
  // Position of each distinct label value: the last one wins, like sklearn's dict.
  const dim = labels.length;
  const posOf = new Map<number, number>();
  labels.forEach((v, i) => posOf.set(v, i));
  const sorted = [...posOf.entries()].sort((a, b) => a[0] - b[0]);
  const pLabels = putF64(sorted.map((s) => s[0]));
  const pPos = putI32(sorted.map((s) => s[1]));
  const cells = allocF64(dim * dim);
  const ts = allocF64(dim);
  const ps = allocF64(dim);
  withArena((kk) =>
    kk.confusionStats(t.pt, t.pp, t.pw, t.yTrue.n, pLabels, sorted.length, pPos, dim, cells, ts, ps),
  );
  return { cells: getF64(cells, dim * dim), trueSum: getF64(ts, dim), predSum: getF64(ps, dim) };
}

function zeroDivisionValue(z: unknown): number {
  if (z === undefined || z === "warn") return 0;
  if (typeof z === "number" && (z === 0 || z === 1 || Number.isNaN(z))) return z;
  throw new ValueError(
    `The 'zero_division' parameter of precision_score must be a str among {'warn'} or a float among {0.0, 1.0, nan}. Got ${formatLabel(z)} instead.`,
  );
}

/** Elements per chunk of the fused copy-and-count fast path (256 KiB per array). */
const FUSE_CHUNK = 32768;

/**
 * Fast path of {@link binaryCounts}: unweighted, two Float64Arrays (copied in
 * chunks, each chunk scanned right after its copy) or two zero-copy handles.
 * One branch-free pass checks finiteness, that each array holds at most its two
 * candidate label values, integrality, and counts the positive cells. Returns
 * `null` when the inputs do not qualify or anything is flagged (non-finite,
 * another value, non-integer, more than two labels, invalid `posLabel`): the
 * general path then computes the counts or raises sklearn's error, so results,
 * errors and warnings are the same. Call inside `withArena`.
 */
function binaryCountsFast(k: Kernels, yTrue: unknown, yPred: unknown, o: BinaryLabelOptions): BinaryCounts | null {
  if (!fastPaths.enabled) return null;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  const zc = yTrue instanceof WasmFloat64Array && yPred instanceof WasmFloat64Array;
  if (zc && (yTrue.freed || yPred.freed)) return null;
  if (!zc && !(yTrue instanceof Float64Array && yPred instanceof Float64Array)) return null;
  const n = (yTrue as { length: number }).length;
  if (n === 0 || n > MAX_SAMPLES || (yPred as { length: number }).length !== n) return null;
  let pos: number;
  try {
    pos = labelValue(o.posLabel ?? 1, "posLabel");
  } catch {
    return null;
  }
  const a = zc ? (yTrue as WasmFloat64Array).array : (yTrue as Float64Array);
  const b = zc ? (yPred as WasmFloat64Array).array : (yPred as Float64Array);
  const [at, bt, ct] = labelCandidates(a);
  const [ap, bp, cp] = labelCandidates(b);
  // The kernel checks every value against these candidates only: they must be
  // what the general path accepts as binary labels without further ado.
  if (![at, bt, ap, bp].every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 63)) return null;
  const out = allocF64(4);
  if (zc) {
    k.binaryFusedChunk((yTrue as WasmFloat64Array).ptr, (yPred as WasmFloat64Array).ptr, n, at, bt, ap, bp, pos, out);
  } else {
    // Nothing is needed after counting: one chunk-sized staging buffer per
    // array (stays in cache; the general path copies again if it has to run).
    const m = Math.min(n, FUSE_CHUNK);
    const pt = alloc(m * 8);
    const pp = alloc(m * 8);
    for (let i = 0; i < n; i += FUSE_CHUNK) {
      const e = Math.min(n, i + FUSE_CHUNK);
      putF64At(a, i, e, pt);
      putF64At(b, i, e, pp);
      k.binaryFusedChunk(pt, pp, e - i, at, bt, ap, bp, pos, out);
    }
  }
  const [flags, tp, trueSum, predSum] = getF64(out, 4);
  if (flags !== 0) return null;
  // checkTargets' labels: the sorted union of each array's (sorted) distinct values.
  const vt = ct === 1 ? [at] : [at, bt].sort((x, y) => x - y);
  const vp = cp === 1 ? [ap] : [ap, bp].sort((x, y) => x - y);
  const labels = [...new Set([...vt, ...vp])].sort((x, y) => x - y);
  if (labels.length > 2 || (!labels.includes(pos) && labels.length >= 2)) return null;
  const fp = predSum - tp;
  const fn = trueSum - tp;
  fastPaths.hits++;
  return { tp, fp, fn, tn: n - tp - fp - fn, predSum: tp + fp, trueSum: tp + fn };
}

/** sklearn's `_check_set_wise_labels` (average='binary') and the counts of `posLabel`. */
function binaryCounts(yTrue: unknown, yPred: unknown, o: BinaryLabelOptions): BinaryCounts {
  return withArena((kern) => {
    const fast = binaryCountsFast(kern, yTrue, yPred, o);
    if (fast) return fast;
    const t = checkTargets(yTrue, yPred, o.sampleWeight);
    if (t.type !== "binary") {
      throw new ValueError(
        "Target is multiclass but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted'].",
      );
    }
    const pos = labelValue(o.posLabel ?? 1, "posLabel");
    if (!t.labels.includes(pos) && t.labels.length >= 2) {
      throw new ValueError(
        `pos_label=${formatLabel(o.posLabel ?? 1)} is not a valid label. It should be one of ${formatLabels(t.labels, t.float)}`,
      );
    }
    if (!t.weight) {
      // Unweighted: exact integer counts from one branch-free pass.
      const out = allocF64(3);
      kern.binaryCounts(t.pt, t.pp, t.yTrue.n, pos, out);
      const [tp, trueSum, predSum] = getF64(out, 3);
      const fp = predSum - tp;
      const fn = trueSum - tp;
      return { tp, fp, fn, tn: t.yTrue.n - tp - fp - fn, predSum: tp + fp, trueSum: tp + fn };
    }
    const labels = t.labels.includes(pos) ? t.labels : [...t.labels, pos].sort((a, b) => a - b);
    const s = labelStats(t, labels);
    const c = labels.indexOf(pos);
    const k = labels.length;
    const tp = s.cells[c * k + c];
    const fp = s.predSum[c] - tp;
    const fn = s.trueSum[c] - tp;
    const total = t.weight ? pairwiseSumOfWeights(t) : t.yTrue.n;
    return { tp, fp, fn, tn: total - tp - fp - fn, predSum: tp + fp, trueSum: tp + fn };
  });
}

function pairwiseSumOfWeights(t: LabelTargets): number {
  // numpy's pairwise order in WebAssembly (the weights' view may be stale for a zero-copy handle).
  return core().sumF64(t.pw, t.yTrue.n);
}

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

/** `average`, `labels` or string labels go to the multiclass module (src/multiclass.ts). */
function routeMulticlass(yTrue: unknown, yPred: unknown, options: unknown): boolean {
  const o = (options ?? {}) as Record<string, unknown>;
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
export function precisionScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options: SetWiseOptions & { average: null }): number[];
export function precisionScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number;
export function precisionScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassPrecision(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "precisionScore");
  zeroDivisionValue(o.zeroDivision);
  const c = binaryCounts(yTrue, yPred, o);
  return prfDivide(c.tp, c.predSum, "Precision", "predicted", o, true);
}

/**
 * Recall tp / (tp + fn) for the positive class (sklearn `recall_score`, average='binary').
 * No true positives in `yTrue`: `zeroDivision` rules with the warning `... due to no true samples. ...`.
 * @example
 * ```ts
 * recallScore([0, 1, 1, 0, 1], [0, 1, 0, 0, 1]); // 0.6666666666666666 (sklearn: 0.6666666666666666)
 * ```
 */
export function recallScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options: SetWiseOptions & { average: null }): number[];
export function recallScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number;
export function recallScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassRecall(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "recallScore");
  zeroDivisionValue(o.zeroDivision);
  const c = binaryCounts(yTrue, yPred, o);
  return prfDivide(c.tp, c.trueSum, "Recall", "true", o, true);
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
export function f1Score(yTrue: ClassLabelArray, yPred: ClassLabelArray, options: SetWiseOptions & { average: null }): number[];
export function f1Score(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number;
export function f1Score(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: BinaryLabelOptions | SetWiseOptions): number | number[] {
  if (routeMulticlass(yTrue, yPred, options)) return multiclassF1(yTrue, yPred, options as SetWiseOptions);
  const o = checkOptions<BinaryLabelOptions>(options, "f1Score");
  zeroDivisionValue(o.zeroDivision);
  const c = binaryCounts(yTrue, yPred, o);
  return prfDivide(2 * c.tp, 1 * c.trueSum + c.predSum, "F-score", "true nor predicted", o, true);
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
 * (weighted) count. Weighted sums use numpy's pairwise order.
 * @example
 * ```ts
 * accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function accuracyScore(yTrue: ClassLabelArray, yPred: ClassLabelArray, options?: AccuracyOptions): number {
  if (hasStringLabels(yTrue, yPred)) {
    const codec = labelCodec([yTrue, yPred]);
    return accuracyScore(encodeArray(yTrue, codec) as Float64Array, encodeArray(yPred, codec) as Float64Array, options);
  }
  const o = checkOptions<AccuracyOptions>(options, "accuracyScore");
  return withArena((k) => {
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
 * as sklearn does.
 * @example
 * ```ts
 * confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]); // [[2,0,0],[0,0,1],[1,0,2]] (sklearn: same)
 * ```
 */
export function confusionMatrix(
  yTrue: ClassLabelArray,
  yPred: ClassLabelArray,
  options?: ConfusionMatrixOptions | Parameters<typeof confusionMatrixLabels>[2],
): number[][] {
  if (hasStringLabels(yTrue, yPred)) return confusionMatrixLabels(yTrue, yPred, options as never);
  const o = checkOptions<ConfusionMatrixOptions>(options, "confusionMatrix");
  if (o.normalize !== undefined && o.normalize !== null && !["true", "pred", "all"].includes(o.normalize)) {
    throw new ValueError(
      `The 'normalize' parameter of confusion_matrix must be a str among {'all', 'pred', 'true'} or None. Got '${echo(o.normalize)}' instead.`,
    );
  }
  const cm = withArena(() => {
    const t = checkTargets(yTrue, yPred, o.sampleWeight, { implicitWeight: true });
    let labels = t.labels;
    if (o.labels !== undefined && o.labels !== null) {
      if (!Array.isArray(o.labels) && !ArrayBuffer.isView(o.labels)) {
        throw new TypeError("confusionMatrix: labels must be an array");
      }
      labels = optionArray<number | boolean>(o.labels, "labels").map((v) => labelValue(v, "labels"));
      if (labels.length === 0) throw new ValueError("'labels' should contain at least one label.");
      const present = new Set(distinctTrue(t));
      if (!labels.some((l) => present.has(l))) {
        throw new ValueError("At least one label specified must be in y_true");
      }
    }
    return { cells: labelStats(t, labels).cells, k: labels.length };
  });
  const { cells, k } = cm;
  const rows: number[][] = [];
  for (let i = 0; i < k; i++) rows.push(Array.from(cells.subarray(i * k, i * k + k)));
  if (o.normalize) {
    const fix = (v: number) => (Number.isNaN(v) ? 0 : v);
    if (o.normalize === "true") {
      for (const r of rows) {
        const s = pairwiseSum(r);
        for (let j = 0; j < k; j++) r[j] = fix(r[j] / s);
      }
    } else if (o.normalize === "pred") {
      const col = new Array<number>(k).fill(0);
      for (const r of rows) for (let j = 0; j < k; j++) col[j] += r[j];
      for (const r of rows) for (let j = 0; j < k; j++) r[j] = fix(r[j] / col[j]);
    } else {
      const total = pairwiseSum(cells);
      for (const r of rows) for (let j = 0; j < k; j++) r[j] = fix(r[j] / total);
    }
  }
  if (k === 1) {
    warn(
      o,
      "A single label was found in 'y_true' and 'y_pred'. For the confusion matrix to have the correct shape, use the 'labels' parameter to pass all known labels.",
    );
  }
  return rows;
}

function distinctTrue(t: LabelTargets): number[] {
  // Labels present in y_true: those with a non-zero unweighted true count.
  const s = labelStats({ ...t, pw: 0 }, t.labels);
  return t.labels.filter((_, i) => s.trueSum[i] > 0);
}
