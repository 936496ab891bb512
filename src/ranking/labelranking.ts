/**
 * Ranking metrics on 2-D targets (scikit-learn `_ranking.py`): `coverage_error`,
 * `label_ranking_average_precision_score`, `label_ranking_loss`, `dcg_score` and
 * `ndcg_score`. `yTrue` (relevance, or a 0/1 label indicator) and `yScore` are
 * n × k matrices: `number[][]` rows or flat row-major arrays with `{ nLabels }`.
 *
 * Each row is handled by a kernel (`coverageRows`, `rankingLossRows`,
 * `lrapSum`, `dcgRows`): a stable sort of the row's k labels, then sklearn's
 * arithmetic in its order; the per-row values are averaged in numpy's pairwise
 * order (`np.average`), LRAP's rows summed sequentially (sklearn's Python loop).
 * @module
 */
import { distinctValues } from "../input/labels.js";
import { type Matrix, readMatrix } from "../input/matrix.js";
import { checkContainer, checkOptions, checkWeights, type NumericArray, scanArray, ValueError, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { alloc, allocF64, type Kernels, putF64, WasmFloat64Array, withArena } from "../wasm/core.js";

/** A 2-D input: rows of numbers, or a flat row-major array (then pass `nLabels`). */
export type LabelMatrix = readonly (readonly number[] | NumericArray)[] | NumericArray;

/** Options of the label-ranking metrics. */
export interface LabelRankingOptions extends WarnOptions {
  sampleWeight?: NumericArray;
  /** Columns per row when `yTrue` / `yScore` are flat row-major arrays. */
  nLabels?: number;
}

/** Options of {@link dcgScore} and {@link ndcgScore}. */
export interface NdcgOptions extends LabelRankingOptions {
  /** Only the k highest scores of each row count (an integer ≥ 1; default: all). */
  k?: number | null;
  /** Rank as sorted, without averaging tied scores (faster; sklearn's `ignore_ties`). */
  ignoreTies?: boolean;
}

/** Options of {@link dcgScore}. */
export interface DcgOptions extends NdcgOptions {
  /** Base of the logarithm of the discount (default 2). */
  logBase?: number;
}

function rowsOf(x: unknown, nLabels: number | undefined, arg: string): number {
  const total = checkContainer(x, arg);
  return nLabels ? Math.floor(total / nLabels) : total;
}

function checkNLabels(nLabels: unknown): number | undefined {
  if (nLabels === undefined || nLabels === null) return undefined;
  if (!Number.isInteger(nLabels) || (nLabels as number) < 1) throw new TypeError(`nLabels must be a positive integer, got ${String(nLabels)}`);
  return nLabels as number;
}

function read(x: unknown, nLabels: number | undefined, arg: string): Matrix {
  if (nLabels === undefined && !(Array.isArray(x) && x.length > 0 && typeof x[0] === "object" && x[0] !== null)) {
    if (Array.isArray(x) && x.length === 0) return readMatrix(x, undefined, arg);
    throw new TypeError(`${arg} must be an array of rows or a flat array with nLabels`);
  }
  return readMatrix(x, nLabels, arg);
}

interface Staged2d extends Matrix {
  ptr: number;
}

/**
 * Reads a matrix inside the caller's arena: a flat float64/float32 array (or a
 * zero-copy handle) with `nLabels` is copied and scanned once in WebAssembly;
 * rows are flattened as `readMatrix` does and copied in.
 */
function stage(x: unknown, nLabels: number | undefined, arg: string): Staged2d {
  if (nLabels !== undefined && (x instanceof Float64Array || x instanceof Float32Array || x instanceof WasmFloat64Array)) {
    const total = x.length;
    if (total % nLabels !== 0) throw new ValueError(`${arg} has ${total} values, not a multiple of nClasses=${nLabels}`);
    const c = scanArray(x as ArrayLike<unknown>, { arg, inputName: "", allowEmpty: true });
    const n = total / nLabels;
    if (n === 0) throw new ValueError(`Found array with 0 sample(s) (shape=(0, ${nLabels})) while a minimum of 1 is required.`);
    return { data: c.data as Float64Array, n, k: nLabels, ptr: c.ptr ?? putF64(c.data) };
  }
  const M = read(x, nLabels, arg);
  return { ...M, ptr: putF64(M.data) };
}

function lengthCheck(lens: number[]): void {
  if (new Set(lens).size > 1) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
}

function weightLengths(o: LabelRankingOptions, lens: number[]): number[] {
  return o.sampleWeight !== undefined && o.sampleWeight !== null ? [...lens, checkContainer(o.sampleWeight, "sampleWeight")] : lens;
}

/** sklearn's `type_of_target` of a 2-D y_true (k columns); `min`: its smallest value. */
function targetType2d(k: Kernels, T: Staged2d, out?: { min: number }): string {
  const d = distinctValues(T.ptr, T.n * T.k);
  if (out) out.min = d.values[0];
  if (T.k > 1) {
    if (d.values.length < 3 && !d.nonInteger) return "multilabel-indicator";
    return d.nonInteger ? "continuous-multioutput" : "multiclass-multioutput";
  }
  if (d.nonInteger) return "continuous";
  return d.values.length <= 2 ? "binary" : "multiclass";
}

/** An array of rows (its first element an array or a typed array). */
function isRows(x: unknown): x is readonly unknown[] {
  return Array.isArray(x) && x.length > 0 && (Array.isArray(x[0]) || (ArrayBuffer.isView(x[0]) && !(x[0] instanceof DataView)));
}

/**
 * sklearn's `column_or_1d` of an argument given as rows: an n × 1 matrix is its
 * column, a wider one raises "y should be a 1d array, got an array of shape
 * (n, k) instead."; anything else is returned as it is (topKAccuracyScore's
 * `y_true`, the curves' `y_score`, calibrationCurve, the binary Brier scores).
 */
export function columnOr1d<T>(x: T, arg: string): T {
  if (!isRows(x)) return x;
  const w = checkContainer(x[0], `${arg}[0]`);
  if (w !== 1) throw new ValueError(`y should be a 1d array, got an array of shape (${x.length}, ${w}) instead.`);
  return x.map((row, i) => {
    if (checkContainer(row, `${arg}[${i}]`) !== 1) throw new ValueError(`${arg}: rows have different lengths (1 and ${(row as ArrayLike<unknown>).length})`);
    return (row as ArrayLike<unknown>)[0];
  }) as T;
}

/**
 * The binary curves' check of `y_true` (sklearn's `_binary_clf_curve`:
 * `type_of_target(y_true)` must be binary, or multiclass with a `pos_label`):
 * a 2-D `yTrue` given as rows raises "<type> format is not supported"
 * (multilabel-indicator, multiclass-multioutput, continuous-multioutput); an
 * n × 1 matrix is its column.
 */
export function curveTarget<T>(yTrue: T): T {
  if (!isRows(yTrue) || checkContainer(yTrue[0], "yTrue[0]") === 1) return columnOr1d(yTrue, "yTrue");
  // booleans as 0 / 1 (numpy's bool rows are an indicator too)
  const rows = yTrue.map((r) => (isRows([r]) ? Array.from(r as ArrayLike<unknown>, (v) => (typeof v === "boolean" ? Number(v) : v)) : r));
  const type = withArena((k) => targetType2d(k, stage(rows, undefined, "yTrue")));
  throw new ValueError(`${type} format is not supported`);
}

/** np.average of the n per-row values at `vals` (pairwise sums; all-zero weights: numpy's ZeroDivisionError). */
function average(k: Kernels, vals: number, n: number, w?: ArrayLike<number>): number {
  if (!w) return k.sumF64(vals, n) / n;
  const pw = putF64(w);
  const sw = k.sumF64(pw, n);
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return k.productSum(vals, pw, n, alloc(n * 8)) / sw;
}

function sameShape(T: Matrix, S: Matrix): void {
  if (T.n !== S.n || T.k !== S.k) throw new ValueError("y_true and y_score have different shape");
}

/**
 * coverage_error's and label_ranking_loss's checks, in sklearn's order: both matrices staged, the
 * lengths (with the weights), the weights, y_true a label indicator, the shapes equal.
 */
function indicatorAndScores(k: Kernels, yTrue: LabelMatrix, yScore: LabelMatrix, o: LabelRankingOptions, nl: number | undefined) {
  const T = stage(yTrue, nl, "yTrue");
  const S = stage(yScore, nl, "yScore");
  lengthCheck(weightLengths(o, [T.n, S.n]));
  const w = o.sampleWeight !== undefined && o.sampleWeight !== null ? checkWeights(o.sampleWeight, T.n, true).data : undefined;
  const type = targetType2d(k, T);
  if (type !== "multilabel-indicator") throw new ValueError(`${type} format is not supported`);
  sameShape(T, S);
  return { T, S, w };
}

/**
 * Coverage error (sklearn `coverage_error`): the mean over rows of how far down the
 * ranking of `yScore` one must go to cover every relevant label of `yTrue`, i.e.
 * #{j : score_j ≥ min score of a relevant label} (ties count against; 0 for a row
 * without relevant labels). `yTrue` must be a label indicator (`multilabel-indicator`).
 * @example
 * ```ts
 * coverageError([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]); // 2.5 (sklearn: 2.5)
 * ```
 */
export function coverageError(yTrue: LabelMatrix, yScore: LabelMatrix, options?: LabelRankingOptions): number {
  const o = checkOptions<LabelRankingOptions>(options, "coverageError");
  const nl = checkNLabels(o.nLabels);
  return withArena((k) => {
    const { T, S, w } = indicatorAndScores(k, yTrue, yScore, o, nl);
    const out = allocF64(T.n);
    k.coverageRows(T.ptr, S.ptr, T.n, T.k, out);
    return average(k, out, T.n, w);
  });
}

/**
 * Label ranking average precision (sklearn `label_ranking_average_precision_score`):
 * for each row, the mean over relevant labels j of (#relevant labels scored ≥ s_j) /
 * (#labels scored ≥ s_j); 1 for a row with no or only relevant labels; averaged
 * over rows (weighted: Σ w·aux / Σ w, all-zero weights give NaN as numpy's division).
 * @example
 * ```ts
 * labelRankingAveragePrecisionScore([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]); // 0.41666666666666663 (sklearn: 0.41666666666666663)
 * ```
 */
export function labelRankingAveragePrecisionScore(yTrue: LabelMatrix, yScore: LabelMatrix, options?: LabelRankingOptions): number {
  const o = checkOptions<LabelRankingOptions>(options, "labelRankingAveragePrecisionScore");
  const nl = checkNLabels(o.nLabels);
  lengthCheck(weightLengths(o, [rowsOf(yTrue, nl, "yTrue"), rowsOf(yScore, nl, "yScore")]));
  return withArena((k) => {
    const T = stage(yTrue, nl, "yTrue");
    const S = stage(yScore, nl, "yScore");
    sameShape(T, S);
    const w = o.sampleWeight !== undefined && o.sampleWeight !== null ? checkWeights(o.sampleWeight, T.n, true).data : undefined;
    const type = targetType2d(k, T);
    if (type !== "multilabel-indicator" && type !== "binary") throw new ValueError(`${type} format is not supported`);
    const pw = w ? putF64(w) : 0;
    const s = k.lrapSum(T.ptr, S.ptr, T.n, T.k, pw, allocF64(T.k));
    return s / (w ? k.sumF64(pw, T.n) : T.n);
  });
}

/**
 * Label ranking loss (sklearn `label_ranking_loss`): per row, the fraction of
 * (relevant, irrelevant) label pairs ordered wrongly (relevant scored ≤ irrelevant),
 * 0 for a row with no or only relevant labels; averaged over rows (`np.average`).
 * @example
 * ```ts
 * labelRankingLoss([[1, 0, 0], [0, 0, 1]], [[0.75, 0.5, 1], [1, 0.2, 0.1]]); // 0.75 (sklearn: 0.75)
 * ```
 */
export function labelRankingLoss(yTrue: LabelMatrix, yScore: LabelMatrix, options?: LabelRankingOptions): number {
  const o = checkOptions<LabelRankingOptions>(options, "labelRankingLoss");
  const nl = checkNLabels(o.nLabels);
  return withArena((k) => {
    const { T, S, w } = indicatorAndScores(k, yTrue, yScore, o, nl);
    const out = allocF64(T.n);
    k.rankingLossRows(T.ptr, S.ptr, T.n, T.k, alloc(T.k * 4), out);
    return average(k, out, T.n, w);
  });
}

const DCG_TYPES = "('multilabel-indicator', 'continuous-multioutput', 'multiclass-multioutput')";

function checkK(v: unknown, fn: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`The 'k' parameter of ${fn} must be an int in the range [1, inf) or None. Got ${typeof v === "string" ? `'${v}'` : String(v)} instead.`);
  }
  return v;
}

/** sklearn's discount 1 / (log(j + 2) / log(base)) (zero from rank k on) and its cumulative sum. */
function discounts(nLabels: number, k: number | null, logBase: number): { disc: number[]; cum: number[] } {
  const lb = Math.log(logBase);
  const disc = Array.from({ length: nLabels }, (_, j) => (k !== null && j >= k ? 0 : 1 / (Math.log(j + 2) / lb)));
  const cum: number[] = [];
  let s = 0;
  for (const d of disc) cum.push((s += d));
  return { disc, cum };
}

function dcgOf(k: Kernels, T: Staged2d, S: Staged2d, topK: number | null, logBase: number, ignoreTies: boolean): number {
  const { disc, cum } = discounts(T.k, topK, logBase);
  const out = allocF64(T.n);
  k.dcgRows(T.ptr, S.ptr, T.n, T.k, putF64(disc), putF64(cum), ignoreTies ? 0 : 1, alloc(T.k * 4), allocF64(T.k), out);
  return out;
}

function checkDcgType(type: string): void {
  if (type !== "multilabel-indicator" && type !== "continuous-multioutput" && type !== "multiclass-multioutput") {
    throw new ValueError(`Only ${DCG_TYPES} formats are supported. Got ${type} instead`);
  }
}

/**
 * Discounted cumulative gain (sklearn `dcg_score`): Σ_r gain_r / log_base(r + 1)
 * over the ranking of each row by `yScore` (the first `k` ranks only), averaged over
 * rows. Tied scores share the average gain of their group over its discounts
 * (sklearn's default); `ignoreTies` ranks them as sklearn's argsort (then the tie
 * order is numpy's). `yTrue` holds graded relevances.
 * @example
 * ```ts
 * dcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]); // 9.499457825916874 (sklearn: 9.499457825916874)
 * ```
 */
export function dcgScore(yTrue: LabelMatrix, yScore: LabelMatrix, options?: DcgOptions): number {
  const o = checkOptions<DcgOptions>(options, "dcgScore");
  const topK = checkK(o.k, "dcg_score");
  const logBase = o.logBase ?? 2;
  if (typeof logBase !== "number" || !(logBase > 0) || logBase === Infinity) {
    throw new ValueError(`The 'log_base' parameter of dcg_score must be a float in the range (0.0, inf). Got ${String(logBase)} instead.`);
  }
  const nl = checkNLabels(o.nLabels);
  return withArena((k) => {
    const T = stage(yTrue, nl, "yTrue");
    const S = stage(yScore, nl, "yScore");
    lengthCheck(weightLengths(o, [T.n, S.n]));
    const w = o.sampleWeight !== undefined && o.sampleWeight !== null ? checkWeights(o.sampleWeight, T.n, true).data : undefined;
    checkDcgType(targetType2d(k, T));
    sameShape(T, S);
    return average(k, dcgOf(k, T, S, topK, logBase, !!o.ignoreTies), T.n, w);
  });
}

/**
 * Normalized DCG (sklearn `ndcg_score`): each row's DCG divided by the DCG of the
 * ideal ranking (yTrue sorted), 0 for a row without relevance; averaged over rows.
 * `k`, `ignoreTies`, `sampleWeight` as {@link dcgScore}. Negative relevances raise
 * `ndcg_score should not be used on negative y_true values.`; one column raises
 * `Computing NDCG is only meaningful when there is more than 1 document. Got 1 instead.`
 * @example
 * ```ts
 * ndcgScore([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]); // 0.6956940443813074 (sklearn: 0.6956940443813076: 2 ULP, its ideal DCG is a BLAS dot product)
 * ```
 */
export function ndcgScore(yTrue: LabelMatrix, yScore: LabelMatrix, options?: NdcgOptions): number {
  const o = checkOptions<NdcgOptions>(options, "ndcgScore");
  const topK = checkK(o.k, "ndcg_score");
  const nl = checkNLabels(o.nLabels);
  return withArena((k) => {
    const T = stage(yTrue, nl, "yTrue");
    const S = stage(yScore, nl, "yScore");
    lengthCheck(weightLengths(o, [T.n, S.n]));
    const w = o.sampleWeight !== undefined && o.sampleWeight !== null ? checkWeights(o.sampleWeight, T.n, true).data : undefined;
    const m = { min: 0 };
    const type = targetType2d(k, T, m);
    if (m.min < 0) throw new ValueError("ndcg_score should not be used on negative y_true values.");
    if (T.k <= 1) throw new ValueError(`Computing NDCG is only meaningful when there is more than 1 document. Got ${T.k} instead.`);
    checkDcgType(type);
    sameShape(T, S);
    const gain = dcgOf(k, T, S, topK, 2, !!o.ignoreTies);
    const norm = dcgOf(k, T, T, topK, 2, true);
    k.ndcgRows(gain, norm, T.n);
    return average(k, gain, T.n, w);
  });
}
