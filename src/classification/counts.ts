/**
 * Confusion counts, the statistics behind every label metric: per-class cells
 * (k x k), true and predicted sums for any label set, and the binary counts of
 * one positive class (a fused one-pass fast path for two Float64Arrays).
 *
 * Counts are exact; weighted sums are sequential in input order like numpy's
 * `bincount` and scipy's COO-to-dense conversion, so they match bit for bit.
 * @module
 */
import { checkTargets, formatLabel, formatLabels, labelCandidates, type LabelTargets, labelValue, pairwiseSum } from "../input/labels.js";
import { checkOptions, type LabelArray, type NumericArray, optionArray, ValueError, warn, type WarnOptions, echo } from "../input/validate.js";
import { alloc, allocF64, core, getF64, type Kernels, MAX_SAMPLES, putF64, putF64At, putI32, WasmFloat64Array, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";

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

export function zeroDivisionValue(z: unknown): number {
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
export function binaryCounts(yTrue: unknown, yPred: unknown, o: BinaryLabelOptions): BinaryCounts {
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

/**
 * The numeric-label confusion matrix behind {@link confusionMatrix} (string labels are coded first).
 *
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
export function numericConfusionMatrix(yTrue: LabelArray, yPred: LabelArray, options?: ConfusionMatrixOptions): number[][] {
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
