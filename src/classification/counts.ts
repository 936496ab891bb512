/**
 * Confusion counts, the statistics behind every label metric: per-class cells
 * (k x k), true and predicted sums for any label set, and the binary counts of
 * one positive class (a fused one-pass fast path for two Float64Arrays).
 *
 * Counts are exact; weighted sums are sequential in input order like numpy's
 * `bincount` and scipy's COO-to-dense conversion, so they match bit for bit.
 * @module
 */
import { CANDIDATE_PREFIX, checkTargets, formatLabel, formatLabels, labelCandidates, type LabelTargets, labelValue, pairwiseSum } from "../input/labels.js";
import { checkOptions, type LabelArray, type NumericArray, optionArray, ValueError, warn, type WarnOptions, echo } from "../input/validate.js";
import { isFusable } from "../input/stage.js";
import { alloc, allocF64, core, getF64, getI32, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64, putF64At, putI32, readF64, WasmFloat64Array, withArena } from "../wasm/core.js";
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

/** Elements per chunk of the fused copy-and-count fast paths (256 KiB per array). */
const FUSE_CHUNK = 32768;

/**
 * Runs `kernel(pa, pb, m)` over [0, n) chunk by chunk: a typed array's chunk
 * is copied (converted to float64) into a chunk-sized staging buffer right
 * before, so the kernel reads it from cache; a zero-copy handle is read in
 * place. Nothing is kept after the pass (the general path copies again if it
 * has to run). Call inside `withArena`.
 */
function fuseChunks(
  a: NumericTypedArray | WasmFloat64Array,
  b: NumericTypedArray | WasmFloat64Array,
  n: number,
  kernel: (pa: number, pb: number, m: number) => void,
): void {
  const za = a instanceof WasmFloat64Array;
  const zb = b instanceof WasmFloat64Array;
  const m = Math.min(n, FUSE_CHUNK);
  const sa = za ? 0 : alloc(m * 8);
  const sb = zb ? 0 : alloc(m * 8);
  for (let i = 0; i < n; i += FUSE_CHUNK) {
    const e = Math.min(n, i + FUSE_CHUNK);
    if (!za) putF64At(a, i, e, sa);
    if (!zb) putF64At(b, i, e, sb);
    kernel(za ? a.ptr + i * 8 : sa, zb ? b.ptr + i * 8 : sb, e - i);
  }
}

/** The values of a fusable input (a handle's view is re-read: memory may have grown). */
function valuesOf(x: NumericTypedArray | WasmFloat64Array): ArrayLike<number> {
  return x instanceof WasmFloat64Array ? x.array : x;
}

/** Unweighted binary counts with the labels they were counted over (the fused fast paths). */
export interface FusedBinaryCounts extends BinaryCounts {
  /** Number of samples. */
  n: number;
  /** The distinct values of yTrue, sorted (one or two). */
  trueLabels: number[];
  /** Sorted union of the labels of yTrue and yPred (as `checkTargets` reports them; at most two). */
  labels: number[];
  /** The positive label counted. */
  pos: number;
}

/** What one fused counting pass checks and counts: the candidate labels of each input and the positive label. */
export interface BinaryCountPlan {
  at: number;
  bt: number;
  ap: number;
  bp: number;
  pos: number;
  /** Sorted union of the labels (as `checkTargets` reports them; at most two). */
  labels: number[];
  /** The distinct values of yTrue, sorted (one or two). */
  trueLabels: number[];
}

/**
 * Plans a fused counting pass from the first values of each input (at least
 * CANDIDATE_PREFIX of them, or all): the candidate label values (the first
 * value, and the first one different from it); the pass flags any value
 * outside them. They must be finite integers below 2^63 in magnitude (what
 * the general path takes as binary labels without further ado), at most two
 * in the union; `choosePos` gets the sorted union and yTrue's values and
 * returns the positive label, or null to give up. `null`: the general path.
 */
export function planBinaryCounts(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  choosePos: (labels: number[], trueLabels: number[]) => number | null,
): BinaryCountPlan | null {
  const [at, bt, ct] = labelCandidates(yTrue);
  const [ap, bp, cp] = labelCandidates(yPred);
  if (![at, bt, ap, bp].every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 63)) return null;
  // checkTargets' labels: the sorted union of each array's (sorted) distinct values.
  const trueLabels = ct === 1 ? [at] : [at, bt].sort((x, y) => x - y);
  const vp = cp === 1 ? [ap] : [ap, bp].sort((x, y) => x - y);
  const labels = [...new Set([...trueLabels, ...vp])].sort((x, y) => x - y);
  if (labels.length > 2) return null;
  const pos = choosePos(labels, trueLabels);
  return pos === null ? null : { at, bt, ap, bp, pos, labels, trueLabels };
}

/** One chunk of a planned counting pass (`binaryFusedChunk`): m labels at pt and pp, folded into `out` (allocF64(4)). */
export function countChunk(k: Kernels, plan: BinaryCountPlan, pt: number, pp: number, m: number, out: number): void {
  k.binaryFusedChunk(pt, pp, m, plan.at, plan.bt, plan.ap, plan.bp, plan.pos, out);
}

/** The counts of a finished pass over n samples, or `null` when a value was flagged. */
export function countResult(plan: BinaryCountPlan, out: number, n: number): FusedBinaryCounts | null {
  const [flags, tp, trueSum, predSum] = getF64(out, 4);
  if (flags !== 0) return null;
  const fp = predSum - tp;
  const fn = trueSum - tp;
  return { tp, fp, fn, tn: n - tp - fp - fn, predSum: tp + fp, trueSum: tp + fn, n, trueLabels: plan.trueLabels, labels: plan.labels, pos: plan.pos };
}

/**
 * Binary counts in one branch-free pass for two typed arrays or handles, read
 * chunk by chunk ({@link fuseChunks}), planned by {@link planBinaryCounts}.
 * Returns `null` when anything is flagged or does not qualify: the general
 * path then decides (and raises sklearn's error). Call inside `withArena`.
 */
function fusedBinaryCounts(
  k: Kernels,
  yTrue: NumericTypedArray | WasmFloat64Array,
  yPred: NumericTypedArray | WasmFloat64Array,
  choosePos: (labels: number[], trueLabels: number[]) => number | null,
): FusedBinaryCounts | null {
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yPred.length !== n) return null;
  const plan = planBinaryCounts(valuesOf(yTrue), valuesOf(yPred), choosePos);
  if (!plan) return null;
  const out = allocF64(4);
  fuseChunks(yTrue, yPred, n, (pa, pb, m) => countChunk(k, plan, pa, pb, m, out));
  return countResult(plan, out, n);
}

/**
 * Fast path of {@link binaryCounts}: unweighted, two typed arrays (Float64Array,
 * integer arrays, ...: copied in chunks, each chunk counted right after its
 * copy) or zero-copy handles ({@link fusedBinaryCounts}). Returns `null` when
 * the inputs do not qualify or anything is flagged (non-finite, another value,
 * non-integer, more than two labels, invalid `posLabel`): the general path then
 * computes the counts or raises sklearn's error, so results, errors and
 * warnings are the same. Call inside `withArena`.
 */
function binaryCountsFast(k: Kernels, yTrue: unknown, yPred: unknown, o: BinaryLabelOptions): BinaryCounts | null {
  if (!fastPaths.enabled) return null;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  if (!isFusable(yTrue) || !isFusable(yPred)) return null;
  let pos: number;
  try {
    pos = labelValue(o.posLabel ?? 1, "posLabel");
  } catch {
    return null;
  }
  const c = fusedBinaryCounts(k, yTrue, yPred, (labels) => (!labels.includes(pos) && labels.length >= 2 ? null : pos));
  if (!c) return null;
  fastPaths.hits++;
  return { tp: c.tp, fp: c.fp, fn: c.fn, tn: c.tn, predSum: c.predSum, trueSum: c.trueSum };
}

/**
 * Fast path of accuracyScore: unweighted, two typed arrays or handles of the
 * same non-zero length, read chunk by chunk: one pass counts yTrue == yPred and
 * flags any value that is not a finite integer (finite integer labels are
 * binary or multiclass targets, which accuracy takes without further checks).
 * `null` when the inputs do not qualify or anything is flagged (the general
 * path then decides). Call inside `withArena`.
 */
export function accuracyFast(k: Kernels, yTrue: unknown, yPred: unknown, o: AccuracyOptions): { hits: number; n: number } | null {
  if (!fastPaths.enabled) return null;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  if (!isFusable(yTrue) || !isFusable(yPred)) return null;
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yPred.length !== n) return null;
  const out = allocF64(2);
  fuseChunks(yTrue, yPred, n, (pa, pb, m) => k.accuracyFusedChunk(pa, pb, m, out));
  const [flags, hits] = getF64(out, 2);
  if (flags !== 0) return null;
  fastPaths.hits++;
  return { hits, n };
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
  const cm = withArena((kern) => confusionFast(kern, yTrue, yPred, o)) ?? withArena(() => {
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

/**
 * Fast path of {@link numericConfusionMatrix} for label arrays (typed arrays
 * or handles, no weights, no `labels`): two labels (finite integers) give the
 * 2 × 2 cells from one SIMD counting pass ({@link fusedBinaryCounts} with the
 * larger label positive); labels that are integers from 0 to 63 (class
 * indices) are counted straight into 64 × 64 tables in one branch-free pass
 * (`confusionSmallChunk`), whose rows and columns of the labels present —
 * the sorted union of both arrays' values, as checkTargets reports them — are
 * the matrix. The general path's cells are sequential sums of 1.0, i.e. the
 * same exact integer counts. `null` (the general path) for anything else.
 * Call inside `withArena`.
 */
function confusionFast(k: Kernels, yTrue: unknown, yPred: unknown, o: ConfusionMatrixOptions): { cells: Float64Array; k: number } | null {
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  if (o.labels !== undefined && o.labels !== null) return null;
  const c = labelCountsFast(k, yTrue, yPred);
  return c && { cells: c.cells, k: c.labels.length };
}

/**
 * The unweighted confusion cells of two label arrays over the labels present
 * (the sorted union of both arrays' values, as `checkTargets` reports them),
 * from one counting pass: two labels (finite integers) by the binary SIMD
 * pass, integer labels 0 .. 63 by the table pass (see {@link confusionFast}).
 * Cells are exact integer counts, the same as the general path's sequential
 * sums of 1.0. `null` when the inputs do not qualify (not typed arrays or
 * handles, lengths differ, empty, a value that is not such a label): the
 * general path then decides. Call inside `withArena`.
 */
export function labelCountsFast(k: Kernels, yTrue: unknown, yPred: unknown): { cells: Float64Array; labels: number[]; n: number } | null {
  if (!fastPaths.enabled) return null;
  if (!isFusable(yTrue) || !isFusable(yPred)) return null;
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yPred.length !== n) return null;
  // More than two labels among the first values: straight to the table pass.
  const prefix = new Set<number>();
  const a = valuesOf(yTrue);
  const b = valuesOf(yPred);
  for (let i = 0; i < Math.min(n, CANDIDATE_PREFIX) && prefix.size <= 2; i++) prefix.add(a[i]).add(b[i]);
  if (prefix.size <= 2) {
    const c = fusedBinaryCounts(k, yTrue, yPred, (labels) => (labels.length === 2 ? labels[1] : null));
    if (c) {
      fastPaths.hits++;
      return { cells: Float64Array.of(c.tn, c.fp, c.fn, c.tp), labels: c.labels, n };
    }
  }
  const L = CONFUSION_LABELS;
  const table = allocF64(2 * L * L); // four u32 tables, zeroed
  const flags = allocF64(1);
  fuseChunks(yTrue, yPred, n, (pa, pb, m) => k.confusionSmallChunk(pa, pb, m, table, flags));
  if (readF64(flags) !== 0) return null;
  const parts = getI32(table, 4 * L * L);
  const all = new Float64Array(L * L);
  for (let i = 0; i < L * L; i++) all[i] = (parts[i] >>> 0) + (parts[i + L * L] >>> 0) + (parts[i + 2 * L * L] >>> 0) + (parts[i + 3 * L * L] >>> 0);
  const present: number[] = [];
  for (let v = 0; v < L; v++) {
    let any = false;
    for (let j = 0; j < L && !any; j++) any = all[v * L + j] !== 0 || all[j * L + v] !== 0;
    if (any) present.push(v);
  }
  const dim = present.length;
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) out[i * dim + j] = all[present[i] * L + present[j]];
  fastPaths.hits++;
  return { cells: out, labels: present, n };
}

/** The labels confusionSmallChunk counts directly: 0 .. 63 (assembly/fused.ts). */
const CONFUSION_LABELS = 64;

function distinctTrue(t: LabelTargets): number[] {
  // Labels present in y_true: those with a non-zero unweighted true count.
  const s = labelStats({ ...t, pw: 0 }, t.labels);
  return t.labels.filter((_, i) => s.trueSum[i] > 0);
}
