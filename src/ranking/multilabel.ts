/**
 * `roc_auc_score` and `average_precision_score` with multilabel-indicator targets
 * (scikit-learn `_average_binary_score`): `yTrue` an n × k 0/1 indicator matrix,
 * `yScore` an n × k score matrix (`number[][]` rows, or flat row-major arrays
 * with `{ nLabels }`). Each label column (each row for `'samples'`, the raveled
 * matrices for `'micro'`) goes through the binary metric of ./curves.ts, so every
 * per-column value has the 1-D function's bits; the averages use numpy's pairwise
 * order (`np.mean`, sklearn's `_average`), the `'weighted'` supports a sequential
 * per-column sum (numpy's axis-0 reduction).
 * @module
 */
import { pairwiseSum } from "../input/labels.js";
import type { Matrix } from "../input/matrix.js";
import { checkArray, checkContainer, checkOptions, type NumericArray, scanArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { apInArena, areaScratch, binaryRocAucScore, checkCurveInput, defaultPosLabel, keyAreas, type Kind, npArrayStr } from "./curves.js";
import { partialRocAuc } from "./multiclass.js";
import { alloc, core, getF64, type Kernels, putF64At, readF64, WasmFloat64Array, withArena } from "../wasm/core.js";

/** Averages sklearn accepts for multilabel targets. */
export type MultilabelAverage = "micro" | "macro" | "weighted" | "samples" | null;

/** Options of the multilabel forms of {@link rocAucScore} and {@link averagePrecisionScore}. */
export interface MultilabelRankingOptions extends WarnOptions {
  /** `'macro'` (default), `'micro'`, `'weighted'`, `'samples'` or null (one value per label). */
  average?: MultilabelAverage;
  sampleWeight?: NumericArray;
  /** Columns per row when `yTrue` / `yScore` are flat row-major arrays. */
  nLabels?: number;
}

/** A 2-D label or score input: rows, or a flat row-major array (then pass `nLabels`). */
export type MultilabelMatrix = readonly (readonly (number | boolean)[] | NumericArray)[] | NumericArray | readonly boolean[];

/** True when `yTrue` is 2-D: an array of rows, or `nLabels` given. */
export function isLabelMatrix(y: unknown, nLabels: unknown): boolean {
  if (nLabels !== undefined && nLabels !== null) return true;
  return Array.isArray(y) && y.length > 0 && typeof y[0] === "object" && y[0] !== null;
}

const AVERAGES = ["micro", "macro", "weighted", "samples", null];

function checkAverage(avg: unknown, fn: string): MultilabelAverage {
  const a = avg === undefined ? "macro" : avg;
  if (!AVERAGES.includes(a as MultilabelAverage)) {
    throw new ValueError(
      `The 'average' parameter of ${fn} must be a str among {'macro', 'micro', 'samples', 'weighted'} or None. ` +
        `Got ${typeof a === "string" ? `'${a}'` : String(a)} instead.`,
    );
  }
  return a as MultilabelAverage;
}

function checkNLabels(nLabels: unknown): number | undefined {
  if (nLabels === undefined || nLabels === null) return undefined;
  if (!Number.isInteger(nLabels) || (nLabels as number) < 1) throw new TypeError(`nLabels must be a positive integer, got ${String(nLabels)}`);
  return nLabels as number;
}

interface LabelMatrixRead extends Matrix {
  kind: Kind;
  /** The values staged in the arena (flat typed-array input read inside {@link withArena}). */
  ptr?: number;
  /** Label matrices staged in the arena: the columns and positives of indicatorColumns (labels all 0 / 1). */
  cols?: { tc: number; npos: number };
}

/**
 * sklearn's `check_array` of a 2-D input (NaN / infinity named by `inputName`, the
 * empty shape), flattened row-major into a fresh Float64Array.
 */
function readRows(x: unknown, nLabels: number | undefined, arg: string, inputName: string, labels: boolean): LabelMatrixRead {
  const opts = { arg, inputName, allowEmpty: true, allowBool: labels };
  if (nLabels !== undefined) {
    const total = checkContainer(x, arg);
    if (total % nLabels !== 0) throw new ValueError(`${arg} has ${total} values, not a multiple of nLabels=${nLabels}`);
    const c = scanArray(x as ArrayLike<unknown>, opts);
    const n = total / nLabels;
    if (n === 0) throw new ValueError(`Found array with 0 sample(s) (shape=(0, ${nLabels})) while a minimum of 1 is required.`);
    const float = x instanceof Float64Array || x instanceof Float32Array;
    const bool = Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "boolean");
    // A caller's Float64Array is read in place (never modified); a zero-copy handle's view
    // would be detached when module memory grows: copied.
    const data = x instanceof WasmFloat64Array ? (c.data as Float64Array).slice() : c.data instanceof Float64Array ? c.data : Float64Array.from(c.data);
    return { data, n, k: nLabels, kind: bool ? "bool" : float ? "float" : "int", ptr: c.ptr };
  }
  const n = checkContainer(x, arg);
  if (n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
  if (!Array.isArray(x) || typeof x[0] !== "object" || x[0] === null) {
    // a 1-D score vector with 2-D labels: sklearn's check_array(ensure_2d=True)
    const c = scanArray(x as ArrayLike<unknown>, { arg, inputName, allowEmpty: true });
    throw new ValueError(
      `Expected 2D array, got 1D array instead:\narray=${npArrayStr(c.data, "float")}.\n` +
        "Reshape your data either using array.reshape(-1, 1) if your data has a single feature or array.reshape(1, -1) if it contains a single sample.",
    );
  }
  const k = checkContainer(x[0], `${arg}[0]`);
  const data = new Float64Array(n * k);
  let float = false;
  let allBool = labels;
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (checkContainer(row, `${arg}[${i}]`) !== k) throw new ValueError(`${arg}: rows have different lengths (${k} and ${(row as ArrayLike<unknown>).length})`);
    if (row instanceof Float64Array || row instanceof Float32Array) float = true;
    if (allBool && !(Array.isArray(row) && row.every((v) => typeof v === "boolean"))) allBool = false;
    const c = scanArray(row as ArrayLike<unknown>, { ...opts, arg: `${arg}[${i}]` });
    data.set(c.data, i * k);
  }
  if (k === 0 && !labels) throw zeroFeatures(n);
  return { data, n, k, kind: allBool ? "bool" : float ? "float" : "int" };
}

function zeroFeatures(n: number): ValueError {
  return new ValueError(`Found array with 0 feature(s) (shape=(${n}, 0)) while a minimum of 1 is required.`);
}

/** Numeric weights as given (NaN / infinity kept: only the per-label metrics check them, as sklearn). */
function rawWeights(x: unknown): Float64Array {
  checkContainer(x, "sampleWeight");
  const a = x as ArrayLike<unknown>;
  for (let i = 0; i < a.length; i++) {
    if (typeof a[i] !== "number") throw new TypeError(`sampleWeight must contain only numbers; found ${typeof a[i]} at index ${i}`);
  }
  return Float64Array.from(a as ArrayLike<number>);
}

/** sklearn's `type_of_target` of a finite 2-D y_true with k > 1 columns. */
function targetType2d(T: Matrix): string {
  let a = NaN;
  let b = NaN;
  let many = false;
  for (let i = 0; i < T.data.length; i++) {
    const v = T.data[i];
    if (v === a || v === b) continue; // (a and b are integers)
    if (!Number.isInteger(v)) return "continuous-multioutput";
    if (a !== a) a = v;
    else if (b !== b) b = v;
    else many = true;
  }
  return many ? "multiclass-multioutput" : "multilabel-indicator";
}

/**
 * sklearn's `type_of_target` of a checked 2-D y_true. Labels staged in the arena
 * are transposed there first (indicatorColumns, which also counts each column's
 * positives for {@link fastColumns}): all 0 / 1 is the multilabel indicator
 * without a pass in JavaScript.
 */
function labelType(T: LabelMatrixRead): string {
  if (T.k === 1) return "binary";
  if (T.k === 0) return "unknown";
  if (T.ptr !== undefined) {
    try {
      const tc = alloc(T.n * T.k * 8);
      const npos = alloc(T.k * 8);
      if ((core() as IndicatorKernels).indicatorColumns(T.ptr, T.n, T.k, tc, npos) === 0) {
        T.cols = { tc, npos };
        return "multilabel-indicator";
      }
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
    }
  }
  return targetType2d(T);
}

/** The k columns one after the other (column-major), in blocks of rows that stay in cache. */
function transpose(M: Matrix): Float64Array {
  const { n, k, data } = M;
  const out = new Float64Array(n * k);
  const B = 256;
  for (let i0 = 0; i0 < n; i0 += B) {
    const i1 = Math.min(n, i0 + B);
    for (let c = 0; c < k; c++) {
      const base = c * n;
      for (let i = i0, src = i0 * k + c; i < i1; i++, src += k) out[base + i] = data[src];
    }
  }
  return out;
}

/** Distinct values of a short label vector (at most two in an indicator). */
function classesOf(y: Float64Array): number[] {
  let a = NaN;
  let b = NaN;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] + 0; // -0 → 0
    if (v === a || v === b) continue;
    if (a !== a) a = v;
    else if (b !== b) { b = v; break; }
  }
  return [a, b].filter((v) => v === v).sort((x, z) => x - z);
}

type ColumnMetric = (y: Float64Array, s: Float64Array, w: Float64Array | undefined) => number;

/**
 * sklearn's `_binary_roc_auc_score` on one column: one class → NaN and its
 * warning; `roc_curve` with `pos_label=None` (labels in {0, 1} or {-1, 1}, else
 * its error), then the area, or McClish's partial area up to `maxFpr`.
 */
function rocColumn(kind: Kind, maxFpr: number | undefined, o: WarnOptions): ColumnMetric {
  return (y, s, w) => {
    const classes = classesOf(y);
    if (classes.length !== 2) {
      warn(o, "Only one class is present in y_true. ROC AUC score is not defined in that case.");
      return NaN;
    }
    defaultPosLabel(classes, kind); // the positive label is then the greater one, as binaryRocAucScore takes it
    const bo = { sampleWeight: w, onWarning: o.onWarning };
    if (maxFpr !== undefined && maxFpr !== 1) return partialRocAuc(y, s, maxFpr, bo);
    if (!w) {
      // binaryRocAucScore's unweighted path (the key-only sort of keyAreas), without its label checks
      const fast = withArena((k) => {
        const yc = checkArray(y, { arg: "yTrue", inputName: "y_true" });
        const sc = checkArray(s, { arg: "yScore", inputName: "" });
        if (yc.ptr === undefined || sc.ptr === undefined || sc.min === undefined || sc.max === undefined) return undefined;
        return keyAreas(k, yc.ptr, sc.ptr, y.length, classes[1], sc.min, sc.max, false);
      });
      if (fast) return fast.auc;
    }
    return binaryRocAucScore(y, s, bo);
  };
}

/**
 * sklearn's `_binary_uninterpolated_average_precision` with `pos_label=1` on one column.
 * Unweighted columns with both classes take the key-only sort of {@link keyAreas} (the
 * same bits as {@link apInArena}); the rest (weights, one class, scores whose keys use
 * all 64 bits) the general curve.
 */
function apColumn(o: WarnOptions): ColumnMetric {
  return (y, s, w) => {
    if (!w) {
      const fast = withArena((k) => {
        const yc = checkArray(y, { arg: "yTrue", inputName: "y_true" });
        const sc = checkArray(s, { arg: "yScore", inputName: "" });
        if (yc.ptr === undefined || sc.ptr === undefined || sc.min === undefined || sc.max === undefined) return undefined;
        return keyAreas(k, yc.ptr, sc.ptr, y.length, 1, sc.min, sc.max, true);
      });
      if (fast) return fast.ap;
    }
    const c = checkCurveInput(y, s, 1, w);
    return withArena((k) => apInArena(k, c, o));
  };
}

/** `np.sum(y_true * w[:, None], axis=0)`: a sequential sum down each column. */
function supports(T: Matrix, w: Float64Array | undefined): number[] {
  const s = new Array<number>(T.k).fill(0);
  for (let i = 0; i < T.n; i++) {
    const base = i * T.k;
    const wi = w ? w[i] : 1;
    for (let c = 0; c < T.k; c++) s[c] += w ? T.data[base + c] * wi : T.data[base + c];
  }
  return s;
}

/** sklearn's `_average(score, weights)`: Σ score·w / Σ w, pairwise sums; scores of weight 0 count as 0. */
function weightedMean(score: number[], weights: ArrayLike<number>): number {
  const sc = score.map((v, i) => (weights[i] === 0 ? 0 : v));
  const scale = pairwiseSum(Array.from(weights));
  const sum = pairwiseSum(sc.map((v, i) => v * weights[i]));
  if (scale === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return sum / scale;
}

type IndicatorKernels = Kernels & {
  indicatorColumns(T: number, n: number, k: number, cols: number, npos: number): number;
  ovrColumns(P: number, n: number, k: number, cols: number, lohi: number): void;
};

/**
 * The per-label scores of unweighted ROC AUC (`withAp` false) or average
 * precision (true) when every label is 0 or 1: both matrices staged once in the
 * arena and transposed there (indicatorColumns also counts each column's
 * positives and checks the labels, ovrColumns records each score column's
 * range), then each column's area from the key-only sort of {@link keyAreas} in
 * buffers reused across columns — the values of {@link rocColumn} /
 * {@link apColumn}, which take their own unweighted path to keyAreas with the
 * same arguments. A column with one class, or whose keys span all 64 bits, goes
 * through `metric` (its warnings in column order). False, with `scores`
 * untouched, when some label is not 0 / 1 (the general path then).
 */
function fastColumns(metric: ColumnMetric, T: LabelMatrixRead, S: LabelMatrixRead, withAp: boolean, scores: number[]): boolean {
  const { n, k: nk } = T;
  return withArena((kern) => {
    const k = kern as IndicatorKernels;
    let stage = 0, tc: number, sc: number, npos: number;
    try {
      // up to 3 n·k f64 at once: when memory cannot grow that far, the general path (column by column)
      if (!T.cols || S.ptr === undefined) stage = alloc(n * nk * 8);
      tc = T.cols ? T.cols.tc : alloc(n * nk * 8);
      sc = alloc(n * nk * 8);
    } catch (e) {
      if (e instanceof RangeError) return false;
      throw e;
    }
    if (T.cols) {
      npos = T.cols.npos; // labelType transposed the staged labels
    } else {
      npos = alloc(nk * 8);
      putF64At(T.data, 0, T.data.length, stage);
      if (k.indicatorColumns(stage, n, nk, tc, npos) !== 0) return false;
    }
    const lohi = alloc(nk * 16);
    if (S.ptr === undefined) putF64At(S.data, 0, S.data.length, stage);
    k.ovrColumns(S.ptr ?? stage, n, nk, sc, lohi);
    const scratch = areaScratch(k, n, withAp);
    for (let c = 0; c < nk; c++) {
      const np = readF64(npos, c);
      const y = tc + c * n * 8;
      const s = sc + c * n * 8;
      if (np > 0 && np < n) {
        const a = keyAreas(k, y, s, n, 1, readF64(lohi, 2 * c), readF64(lohi, 2 * c + 1), withAp, scratch);
        if (a !== undefined) {
          scores.push(withAp ? a.ap : a.auc);
          continue;
        }
      }
      scores.push(metric(getF64(y, n), getF64(s, n), undefined));
    }
    return true;
  });
}

/** `_average_binary_score` over a checked multilabel-indicator pair of matrices. */
function averageBinaryScore(
  metric: ColumnMetric,
  T: LabelMatrixRead,
  S: LabelMatrixRead,
  avg: MultilabelAverage,
  w: Float64Array | undefined,
  fast?: { withAp: boolean },
): number | number[] {
  if (avg === "micro") {
    const rw = w ? new Float64Array(T.n * T.k) : undefined;
    if (w && rw) for (let i = 0; i < T.n; i++) rw.fill(w[i], i * T.k, (i + 1) * T.k);
    return metric(T.data, S.data, rw);
  }
  let averageWeight: ArrayLike<number> | undefined;
  if (avg === "weighted") {
    averageWeight = supports(T, w);
    if (Math.abs(pairwiseSum(Array.from(averageWeight))) <= 1e-8) return 0; // np.isclose(sum, 0)
  }
  const scores: number[] = [];
  if (avg === "samples") {
    averageWeight = w;
    for (let i = 0; i < T.n; i++) {
      scores.push(metric(T.data.slice(i * T.k, (i + 1) * T.k), S.data.slice(i * T.k, (i + 1) * T.k), undefined));
    }
  } else if (fast && !w && fastColumns(metric, T, S, fast.withAp, scores)) {
    // every column's score from the wasm transpose (fastColumns)
  } else {
    scores.length = 0;
    const Tt = transpose(T);
    const St = transpose(S);
    for (let c = 0; c < T.k; c++) scores.push(metric(Tt.subarray(c * T.n, (c + 1) * T.n), St.subarray(c * T.n, (c + 1) * T.n), w));
  }
  if (avg === null) return scores;
  if (averageWeight) return weightedMean(scores, averageWeight);
  return pairwiseSum(scores) / scores.length;
}

/** Averages (without sample weights) that {@link fastColumns} computes. */
function fastAverage(avg: MultilabelAverage, o: MultilabelRankingOptions): boolean {
  return avg !== "micro" && avg !== "samples" && (o.sampleWeight === undefined || o.sampleWeight === null);
}

/**
 * `fn` inside {@link withArena} when `stage`: flat typed-array inputs are then
 * read into the arena by their checks (finiteness scanned in wasm) and the label
 * matrix transposed there once ({@link labelType}), for {@link fastColumns}.
 */
function inArenaIf<T>(stage: boolean, fn: () => T): T {
  return stage ? withArena(fn) : fn();
}

interface Checked2d {
  T: LabelMatrixRead;
  S: LabelMatrixRead;
  w?: Float64Array;
  /** y_true is one column: the caller runs the 1-D metric. */
  single: boolean;
}

/** The 2-D checks of `_average_binary_score` after sklearn's earlier ones. */
function checkPair(T: LabelMatrixRead, type: string, yScore: unknown, nl: number | undefined, o: MultilabelRankingOptions): Checked2d {
  const S = readRows(yScore, nl, "yScore", "", false);
  if (type !== "binary" && type !== "multilabel-indicator") throw new ValueError(`${type} format is not supported`);
  const hasW = o.sampleWeight !== undefined && o.sampleWeight !== null;
  const lens = hasW ? [T.n, S.n, checkContainer(o.sampleWeight, "sampleWeight")] : [T.n, S.n];
  if (new Set(lens).size > 1) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
  if (S.k !== T.k) throw new ValueError(`y_true and y_score have different shape: (${T.n}, ${T.k}) and (${S.n}, ${S.k})`);
  // column_or_1d: numbers only; finiteness and zero sums are checked where sklearn checks them
  const w = hasW ? rawWeights(o.sampleWeight) : undefined;
  return { T, S, w, single: T.k === 1 };
}

/**
 * `roc_auc_score` with a multilabel-indicator `yTrue` (n × k) and an n × k score
 * matrix, as sklearn's `_average_binary_score`: the binary AUC of every label
 * column (`maxFpr`: McClish-standardised partial AUC) averaged by `average` —
 * `'macro'` (mean), `'weighted'` (by each label's support Σ yᵢⱼ·wᵢ; 0 when those
 * sum to ≈ 0), `'micro'` (one AUC over the raveled matrices, weights repeated),
 * `'samples'` (one AUC per row, weighted mean by `sampleWeight`) or null (per
 * label). A label column (row, for `'samples'`) with one class gives NaN and the
 * warning `Only one class is present in y_true. ROC AUC score is not defined in
 * that case.`; a weight of 0 forces that label's (row's) score to 0 in the
 * weighted averages. One column (n × 1) is the binary case.
 * @example
 * ```ts
 * multilabelRocAucScore([[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 1]], [[0.9, 0.2, 0.3], [0.1, 0.5, 0.8], [0.7, 0.1, 0.2], [0.3, 0.3, 0.9]], { average: "micro" });
 * // 0.9722222222222223 (sklearn: 0.9722222222222223)
 * ```
 */
export function multilabelRocAucScore(
  yTrue: unknown,
  yScore: unknown,
  options: MultilabelRankingOptions & { maxFpr?: number | null },
  binary: (yTrue: Float64Array, yScore: Float64Array) => number,
): number | number[] {
  const o = checkOptions<MultilabelRankingOptions & { maxFpr?: number | null }>(options, "rocAucScore");
  const avg = checkAverage(o.average, "roc_auc_score");
  const maxFpr = o.maxFpr === null ? undefined : o.maxFpr;
  if (maxFpr !== undefined && (typeof maxFpr !== "number" || !(maxFpr > 0 && maxFpr <= 1))) {
    throw new ValueError(`The 'max_fpr' parameter of roc_auc_score must be a float in the range (0.0, 1.0] or None. Got ${String(maxFpr)} instead.`);
  }
  const nl = checkNLabels(o.nLabels);
  const fast = (maxFpr === undefined || maxFpr === 1) && fastAverage(avg, o) ? { withAp: false } : undefined;
  return inArenaIf(fast !== undefined && nl !== undefined, () => {
    const T = readRows(yTrue, nl, "yTrue", "y_true", true);
    if (T.k === 0) throw zeroFeatures(T.n);
    const c = checkPair(T, labelType(T), yScore, nl, o);
    if (c.single) return binary(c.T.data, c.S.data);
    return averageBinaryScore(rocColumn(T.kind, maxFpr, o), c.T, c.S, avg, c.w, fast);
  });
}

/**
 * `average_precision_score` with a multilabel-indicator `yTrue` (n × k) and an
 * n × k score matrix: the binary AP (positive label 1) of every label column,
 * averaged by `average` as {@link multilabelRocAucScore}. A column without
 * positives gives 0.0 (its recall is 1 everywhere) with the warning `No positive
 * class found in y_true, recall is set to one for all thresholds.`; `posLabel`
 * must be 1 (`Parameter pos_label is fixed to 1 for multilabel-indicator y_true.
 * Do not set pos_label or set pos_label to 1.`).
 * @example
 * ```ts
 * multilabelAveragePrecision([[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 1]], [[0.9, 0.2, 0.3], [0.1, 0.5, 0.8], [0.7, 0.1, 0.2], [0.3, 0.3, 0.9]], { average: "micro" });
 * // 0.9583333333333333 (sklearn: 0.9583333333333333)
 * ```
 */
export function multilabelAveragePrecision(
  yTrue: unknown,
  yScore: unknown,
  options: MultilabelRankingOptions & { posLabel?: unknown },
  binary: (yTrue: Float64Array, yScore: Float64Array) => number,
): number | number[] {
  const o = checkOptions<MultilabelRankingOptions & { posLabel?: unknown }>(options, "averagePrecisionScore");
  const avg = checkAverage(o.average, "average_precision_score");
  const nl = checkNLabels(o.nLabels);
  const fast = fastAverage(avg, o);
  return inArenaIf(fast && nl !== undefined, () => {
    const T = readRows(yTrue, nl, "yTrue", "y_true", true);
    const type = labelType(T);
    const pos = o.posLabel === undefined || o.posLabel === null ? 1 : o.posLabel;
    if (type === "multilabel-indicator" && pos !== 1 && pos !== true) {
      throw new ValueError("Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set pos_label or set pos_label to 1.");
    }
    const c = checkPair(T, type, yScore, nl, o);
    if (c.single) return binary(c.T.data, c.S.data);
    return averageBinaryScore(apColumn(o), c.T, c.S, avg, c.w, fast ? { withAp: true } : undefined);
  });
}
