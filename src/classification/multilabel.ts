/**
 * Multilabel-indicator targets (scikit-learn's `'multilabel-indicator'`): yTrue
 * and yPred are n × k 0/1 matrices, `number[][]` rows or flat row-major arrays
 * with `{ nLabels: k }` (as the label-ranking metrics take them). The
 * count-based metrics of `_classification.py` get them here: subset accuracy,
 * Hamming and zero-one loss, precision / recall / F-beta / Jaccard with every
 * `average` (`'samples'` included), `multilabel_confusion_matrix` (per label
 * or `samplewise`) and `classification_report` (with its `samples avg` row).
 *
 * Every statistic comes from ONE pass over the two matrices in WebAssembly
 * (`mlCountChunk`, chunk by chunk: typed arrays are copied in 32,768-value
 * chunks right before they are counted): per-label sums of [t≠0 ∧ p≠0], [p≠0],
 * [t≠0] (weighted: sequential in row order, as sklearn's `np.bincount` over the
 * csr indices), per-row counts for `'samples'` / `samplewise`, per-row
 * mismatches for accuracy and Hamming, and each matrix's target type (its
 * distinct values), from which sklearn's `type_of_target` / `_check_targets`
 * errors are raised in sklearn's order. Per-row scores are averaged in numpy's
 * pairwise order (`np.average`, `np.nanmean`, sklearn's `_nanaverage`).
 *
 * A matrix with one column is a column vector for sklearn (`'binary'` /
 * `'multiclass'`): {@link matrixRoute} hands it back as a 1-D array.
 * @module
 */
import { pairwiseSum } from "../input/labels.js";
import {
  checkContainer,
  checkWeights,
  checkWeightSum,
  type Checked,
  echo,
  type NumericArray,
  optionArray,
  scanArray,
  ValueError,
  warn,
  type WarnOptions,
  ZeroDivisionError,
} from "../input/validate.js";
import { alloc, allocF64, getF64, isNumericTypedArray, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64, putF64At, readF64, WasmFloat64Array, withArena } from "../wasm/core.js";
import {
  ALL,
  type Average,
  type FbetaOptions,
  type Metric,
  prfDivide,
  type PrecisionRecallFscoreSupport,
  prfsBeta,
  prfsFrom,
  pyAvg,
  type ReportRow,
  renderReport,
  type SetWiseOptions,
  warnPrf,
  zeroDivisionValue,
} from "./setwise.js";

/** A multilabel indicator matrix: rows of 0/1 values, or a flat row-major array (then pass `nLabels`). */
export type IndicatorMatrix = readonly (readonly (number | boolean)[] | NumericArray)[] | NumericArray;

/** The option every function taking indicator matrices accepts. */
export interface MultilabelOptions {
  /** Columns per row when yTrue / yPred are flat row-major arrays (1: a column vector, i.e. 1-D targets). */
  nLabels?: number;
}

function isRow(v: unknown): boolean {
  return Array.isArray(v) || (ArrayBuffer.isView(v) && !(v instanceof DataView));
}

/** An array of rows (its first element is an array or a typed array). */
function isRows(x: unknown): x is readonly unknown[] {
  return Array.isArray(x) && x.length > 0 && x.length <= MAX_SAMPLES && isRow(x[0]);
}

function nLabelsOf(options: unknown): number | undefined {
  if (options === null || typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) return undefined;
  const nl = (options as { nLabels?: unknown }).nLabels;
  if (nl === undefined || nl === null) return undefined;
  if (typeof nl !== "number" || !Number.isInteger(nl) || nl < 1) throw new TypeError(`nLabels must be a positive integer, got ${echo(nl)}`);
  return nl;
}

/** Width of a row matrix (its first row's length). */
function widthOf(x: readonly unknown[], arg: string): number {
  return checkContainer(x[0], `${arg}[0]`);
}

function flattenColumn(x: readonly unknown[], arg: string): unknown[] {
  const out: unknown[] = new Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const row = x[i];
    if (!isRow(row)) throw new TypeError(`${arg} must be an array of rows; found ${echo(row)} at index ${i}`);
    if (checkContainer(row, `${arg}[${i}]`) !== 1) throw new ValueError(`${arg}: rows have different lengths (1 and ${(row as ArrayLike<unknown>).length})`);
    out[i] = (row as ArrayLike<unknown>)[0];
  }
  return out;
}

/**
 * How a call with these targets runs: `null` (1-D targets: the caller's own
 * path), `{ yTrue, yPred }` (column vectors, n × 1: the 1-D path with these
 * 1-D arrays, as sklearn's `column_or_1d`) or `"multilabel"` (this module).
 * Throws TypeError for an invalid `nLabels`.
 */
export function matrixRoute(yTrue: unknown, yPred: unknown, options: unknown): null | { yTrue: unknown; yPred: unknown } | "multilabel" {
  const nl = nLabelsOf(options);
  if (nl !== undefined) return nl === 1 ? { yTrue, yPred } : "multilabel";
  const rt = isRows(yTrue);
  const rp = isRows(yPred);
  if (!rt && !rp) return null;
  if ((rt && widthOf(yTrue as unknown[], "yTrue") !== 1) || (rp && widthOf(yPred as unknown[], "yPred") !== 1)) return "multilabel";
  return { yTrue: rt ? flattenColumn(yTrue as unknown[], "yTrue") : yTrue, yPred: rp ? flattenColumn(yPred as unknown[], "yPred") : yPred };
}

/**
 * sklearn's `column_or_1d` of a target given as rows: an n × 1 matrix is its
 * column (as a 1-D array), a wider one raises sklearn's ValueError
 * ("y should be a 1d array, got an array of shape (n, k) instead."); anything
 * else is returned as it is. Used by the metrics whose `y_true` is 1-D only
 * (hingeLoss; the ranking family has its own, src/ranking/labelranking.ts).
 */
export function columnOr1d<T>(x: T, arg: string): T {
  if (!isRows(x)) return x;
  const w = widthOf(x as readonly unknown[], arg);
  if (w !== 1) throw new ValueError(`y should be a 1d array, got an array of shape (${(x as readonly unknown[]).length}, ${w}) instead.`);
  return flattenColumn(x as readonly unknown[], arg) as T;
}

/**
 * sklearn's `_check_targets` for a metric of 1-D targets only (binary /
 * multiclass: confusion_matrix, matthews_corrcoef, balanced_accuracy_score,
 * cohen_kappa_score, class_likelihood_ratios). 2-D targets (rows, or flat
 * with `nLabels` > 1) are checked as `_check_targets` does — lengths, the
 * weights, NaN / infinity, a mix of target types, "multiclass-multioutput is
 * not supported", different widths — and, being then a multilabel-indicator
 * pair, raise `unsupported` (sklearn's message of the metric). Returns `null`
 * for 1-D targets, or the 1-D columns of n × 1 matrices (`nLabels: 1`), which
 * the caller runs with {@link columnOptions}. `implicitWeight`: without
 * weights, confusion_matrix checks the lengths with its implicit weights
 * (ones, as many as y_true's rows: "[3, 2, 3]").
 */
export function targets1d(
  yTrue: unknown,
  yPred: unknown,
  options: unknown,
  unsupported: string,
  implicitWeight = false,
): null | { yTrue: unknown; yPred: unknown } {
  const route = matrixRoute(yTrue, yPred, options);
  if (route !== "multilabel") return route;
  let o = (options ?? {}) as WarnOptions & { sampleWeight?: NumericArray; nLabels?: number };
  if (implicitWeight && (o.sampleWeight === undefined || o.sampleWeight === null)) {
    const nl = nLabelsOf(o);
    const nT = isRows(yTrue) ? yTrue.length : Math.floor(checkContainer(yTrue, "yTrue") / (nl ?? 1));
    if (nT > 0) o = { ...o, sampleWeight: new Float64Array(nT).fill(1) };
  }
  withArena((k) => multilabelStats(k, yTrue, yPred, o, { weightsAt: "targets" }));
  throw new ValueError(unsupported);
}

/** The options for the 1-D path of a column-vector call (without `nLabels`, which made them columns). */
export function columnOptions<T>(options: T): T {
  if (options === null || typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) return options;
  const { nLabels: _n, ...rest } = options as Record<string, unknown>;
  return rest as T;
}

// ---------------------------------------------------------------------------
// Reading the two arguments

type Data = NumericTypedArray | WasmFloat64Array;

interface Arg2d {
  kind: "2d";
  data: Data;
  n: number;
  k: number;
}

interface Arg1d {
  kind: "1d";
  x: unknown;
  n: number;
}

type Arg = Arg2d | Arg1d;

function notNumber(arg: string, v: unknown, where: string): TypeError {
  return new TypeError(`${arg} must contain only numbers or booleans; found ${echo(v)} at ${where}`);
}

/** A plain array of numbers / booleans as float64 (non-finite values kept: the type checks report them). */
function plainToF64(x: ArrayLike<unknown>, arg: string): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (typeof v === "number") out[i] = v;
    else if (typeof v === "boolean") out[i] = v ? 1 : 0;
    else throw notNumber(arg, v, `index ${i}`);
  }
  return out;
}

function readArg(x: unknown, nl: number | undefined, arg: string): Arg {
  if (nl !== undefined) {
    const total = checkContainer(x, arg);
    if (total % nl !== 0) throw new ValueError(`${arg} has ${total} values, not a multiple of nLabels=${nl}`);
    const data = x instanceof WasmFloat64Array || isNumericTypedArray(x) ? (x as Data) : plainToF64(x as unknown[], arg);
    return { kind: "2d", data, n: total / nl, k: nl };
  }
  if (!isRows(x)) return { kind: "1d", x, n: checkContainer(x, arg) };
  const n = x.length;
  const k = widthOf(x, arg);
  if (n * k > MAX_SAMPLES) throw new RangeError(`${arg} has ${n} × ${k} values; mlmetrics accepts at most ${MAX_SAMPLES} per matrix`);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (!isRow(row)) throw new TypeError(`${arg} must be an array of rows; found ${echo(row)} at index ${i}`);
    const m = checkContainer(row, `${arg}[${i}]`);
    if (m !== k) throw new ValueError(`${arg}: rows have different lengths (${k} and ${m})`);
    if (isNumericTypedArray(row)) data.set(row as ArrayLike<number>, i * k);
    else {
      const r = row as ArrayLike<unknown>;
      for (let j = 0; j < k; j++) {
        const v = r[j];
        if (typeof v === "number") data[i * k + j] = v;
        else if (typeof v === "boolean") data[i * k + j] = v ? 1 : 0;
        else throw notNumber(arg, v, `row ${i}, column ${j}`);
      }
    }
  }
  return { kind: "2d", data, n, k };
}

function first(d: Data): number {
  return d instanceof WasmFloat64Array ? d.array[0] : d[0];
}

// ---------------------------------------------------------------------------
// The counting pass

/** Values per chunk of the counting pass (256 KiB of float64 per matrix). */
const CHUNK = 32768;

/** Runs `kernel(ptrA, ptrB, row0, rows)` over row chunks of two n × k inputs (b may be a). Call inside `withArena`. */
function eachChunk(a: Data, b: Data, n: number, k: number, kernel: (pa: number, pb: number, r0: number, rows: number) => void): void {
  const step = Math.max(1, Math.floor(CHUNK / k));
  const za = a instanceof WasmFloat64Array;
  const zb = b instanceof WasmFloat64Array;
  const m = Math.min(n, step) * k;
  const sa = za ? 0 : alloc(m * 8);
  const sb = zb || b === a ? 0 : alloc(m * 8);
  for (let r0 = 0; r0 < n; r0 += step) {
    const r1 = Math.min(n, r0 + step);
    if (!za) putF64At(a as NumericTypedArray, r0 * k, r1 * k, sa);
    if (!zb && b !== a) putF64At(b as NumericTypedArray, r0 * k, r1 * k, sb);
    const pa = za ? (a as WasmFloat64Array).ptr + r0 * k * 8 : sa;
    const pb = b === a ? pa : zb ? (b as WasmFloat64Array).ptr + r0 * k * 8 : sb;
    kernel(pa, pb, r0, r1 - r0);
  }
}

/** The distinct-value state of one matrix after a pass: [a, b, count, third value seen]. */
type TypeState = [number, number, number, number];

function isIntegral(v: number): boolean {
  return Number.isFinite(v) && Math.floor(v) === v && v >= -(2 ** 63) && v < 2 ** 63;
}

function nonFinite(nan: boolean, inputName: string): ValueError {
  return nan
    ? new ValueError(`Input ${inputName} contains NaN.`)
    : new ValueError(`Input ${inputName} contains infinity or a value too large for dtype('float64').`);
}

/**
 * sklearn's `type_of_target` of an n × k matrix (k ≥ 2) from its pass state;
 * `detail()` runs the full scan (NaN, ±inf, non-integers) when a third value
 * was seen. NaN / infinity raise as `_assert_all_finite` does.
 */
function type2d(st: TypeState, detail: () => [number, number, number], inputName: string, k: number, n: number): string {
  if (k === 0 || n === 0) return n === 0 && k > 1 ? "multilabel-indicator" : "unknown";
  if (st[3] !== 0) {
    const [nan, inf, nonInt] = detail();
    if (nan || inf) throw nonFinite(!!nan, inputName);
    return nonInt ? "continuous-multioutput" : "multiclass-multioutput";
  }
  const vals = st[2] === 2 ? [st[0], st[1]] : [st[0]];
  if (vals.some((v) => !Number.isFinite(v))) throw nonFinite(false, inputName);
  return vals.every(isIntegral) ? "multilabel-indicator" : "continuous-multioutput";
}

/** The full type scan of one matrix (chunked). Call inside `withArena`. */
function typeDetail(k: Kernels, x: Data, n: number, kk: number): [number, number, number] {
  const st = allocF64(3);
  eachChunk(x, x, n, kk, (pa, _pb, _r0, rows) => k.mlTypeChunk(pa, rows * kk, st));
  const [a, b, c] = getF64(st, 3);
  return [a, b, c];
}

/** Type state of a lone matrix (no joint pass: the other argument is 1-D or has another width). */
function typeState(k: Kernels, x: Arg2d): TypeState {
  const st = allocF64(12);
  if (x.n > 0 && x.k > 0) {
    const v = first(x.data);
    putF64At(Float64Array.of(v, v, 1, 0, v, v, 1, 0), 0, 8, st);
    eachChunk(x.data, x.data, x.n, x.k, (pa, pb, _r0, rows) => k.mlCountChunk(pa, pb, rows, x.k, 0, 0, 0, 0, 0, 0, 0, st));
  }
  const s = getF64(st, 4);
  return [s[0], s[1], s[2], s[3]];
}

/** sklearn's `type_of_target` of a 1-D argument (or an n × 1 matrix); NaN / infinity raise. */
function type1d(x: unknown, inputName: string, arg: string): string {
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof WasmFloat64Array || !Array.isArray(x) || typeof (x as unknown[]).at(0) !== "string") {
    const c: Checked = scanArray(x as ArrayLike<unknown>, { arg, inputName, allowBool: true, allowEmpty: true });
    const vals = new Set<number>();
    let nonInt = false;
    for (let i = 0; i < c.n; i++) {
      const v = c.data[i];
      if (!isIntegral(v)) nonInt = true;
      if (vals.size < 3) vals.add(v);
    }
    const float = x instanceof Float64Array || x instanceof Float32Array || x instanceof WasmFloat64Array || Array.isArray(x);
    if (nonInt && float) return "continuous";
    return vals.size <= 2 ? "binary" : "multiclass";
  }
  const vals = new Set<unknown>();
  for (let i = 0; i < (x as unknown[]).length && vals.size < 3; i++) vals.add((x as unknown[])[i]);
  return vals.size <= 2 ? "binary" : "multiclass";
}

/** What a metric needs from the pass. */
interface Need {
  /** Per-label sums (tp, pred, true). */
  cols?: boolean;
  /** Per-row counts over the selected labels ('samples', samplewise). */
  rows?: boolean;
  /** Per-row mismatch counts (weighted accuracy and Hamming). */
  diff?: boolean;
  /** `labels` (column indices), checked as multilabel_confusion_matrix does. */
  labels?: unknown;
  /**
   * 'targets': the weights are checked by `_check_targets` (accuracy, Hamming, the confusion matrix);
   * 'setwise': after the set-wise checks (`_check_set_wise_labels` then the confusion matrix's), with `avg`.
   */
  weightsAt: "targets" | "setwise";
  avg?: Average;
  posLabel?: unknown;
}

/** The pass's statistics (pointers valid inside the caller's arena). */
interface Stats {
  n: number;
  k: number;
  /** Selected column indices (`labels`), or all columns. */
  selected: number[];
  /** Per-label tp, pred, true sums over all k columns. */
  colTP: Float64Array;
  colPred: Float64Array;
  colTrue: Float64Array;
  rowTP: number;
  rowPred: number;
  rowTrue: number;
  rowDiff: number;
  /** Rows where yTrue == yPred, cells where they differ. */
  equalRows: number;
  diffCells: number;
  /** Weights in linear memory (0: none) and their values. */
  pw: number;
  weight?: ArrayLike<number>;
}

function lengthsError(lens: number[]): ValueError | null {
  return new Set(lens).size > 1 ? new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`) : null;
}

function pyRepr(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "string") return `'${v}'`;
  return echo(v);
}

/** `labels` as numbers (booleans are 0 / 1, as numpy indexes with them). */
function labelNumbers(labels: unknown): number[] | undefined {
  if (labels === undefined || labels === null) return undefined;
  return optionArray<unknown>(labels, "labels").map((v) => {
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    throw new TypeError(`labels must be column indices (numbers) for multilabel targets, got ${echo(v)}`);
  });
}

/** multilabel_confusion_matrix's checks of `labels` against the k columns. */
function checkLabels(labels: number[], k: number): void {
  const inLabels = new Set(labels);
  const all = [...labels];
  for (let j = 0; j < k; j++) if (!inLabels.has(j)) all.push(j);
  let same = all.length === k;
  for (let i = 0; same && i < k; i++) same = all[i] === i;
  if (same) return;
  let max = -Infinity;
  let min = Infinity;
  for (const v of all) {
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const d = (v: number) => String(Math.trunc(v) || 0);
  if (max > k - 1) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${d(max)} > ${k - 1}`);
  if (min < 0) throw new ValueError(`All labels must be in [0, n labels) for multilabel targets. Got ${d(min)} < 0`);
  for (const v of labels) {
    if (!Number.isInteger(v)) throw new ValueError(`labels must be integer column indices for multilabel targets, got ${v}`);
  }
}

/**
 * sklearn's `_check_targets` (and, for the set-wise metrics, `_check_set_wise_labels`
 * and multilabel_confusion_matrix's checks) on two indicator matrices, with
 * the one counting pass; errors in sklearn's order. Call inside `withArena`.
 */
function multilabelStats(k: Kernels, yTrue: unknown, yPred: unknown, o: WarnOptions & { sampleWeight?: NumericArray }, need: Need): Stats {
  const nl = nLabelsOf(o);
  const T = readArg(yTrue, nl, "yTrue");
  const P = readArg(yPred, nl, "yPred");
  const hasW = o.sampleWeight !== undefined && o.sampleWeight !== null;
  const nw = hasW ? checkContainer(o.sampleWeight, "sampleWeight") : undefined;
  const labels = labelNumbers(need.labels);
  const lensW = nw === undefined ? [T.n, P.n] : [T.n, P.n, nw];
  const atTargets = need.weightsAt === "targets";
  // 1. lengths (with the weights where _check_targets gets them)
  const e0 = lengthsError(atTargets ? lensW : [T.n, P.n]);
  if (e0) throw e0;
  // the weights, checked now, raised in their place below
  let weight: Checked | undefined;
  let weightError: unknown = lengthsError(lensW);
  if (hasW && !weightError) {
    try {
      weight = checkWeights(o.sampleWeight, T.n);
    } catch (e) {
      weightError = e;
    }
  }
  const n = T.n;
  const joint = T.kind === "2d" && P.kind === "2d" && T.k === P.k && T.k > 1;
  const kk = T.kind === "2d" ? T.k : P.kind === "2d" ? P.k : 0;
  const colsPtr = joint && need.cols ? allocF64(3 * kk) : 0;
  const rowsOn = joint && !!need.rows;
  const rowTP = rowsOn ? alloc(n * 8) : 0;
  const rowPred = rowsOn ? alloc(n * 8) : 0;
  const rowTrue = rowsOn ? alloc(n * 8) : 0;
  const rowDiff = joint && need.diff ? alloc(n * 8) : 0;
  const pw = weight ? (weight.ptr ?? putF64(weight.data)) : 0;
  // the selected columns (labels[:n_labels]) and how often each is selected
  const selectedOk = labels === undefined || labels.every((v) => Number.isInteger(v) && v >= 0 && v < kk);
  const selected = labels !== undefined && selectedOk ? labels : Array.from({ length: kk }, (_, j) => j);
  let mult = 0;
  if (rowsOn) {
    const m = new Float64Array(kk);
    for (const j of selected) m[j] += 1;
    mult = putF64(m);
  }
  // 2. the pass: counts and both matrices' target types
  const st = allocF64(12);
  let tState: TypeState | null = null;
  let pState: TypeState | null = null;
  if (joint && n > 0) {
    const a = first((T as Arg2d).data);
    const b = first((P as Arg2d).data);
    putF64At(Float64Array.of(a, a, 1, 0, b, b, 1, 0), 0, 8, st);
    eachChunk((T as Arg2d).data, (P as Arg2d).data, n, kk, (pa, pb, r0, rows) => {
      const off = r0 * 8;
      k.mlCountChunk(
        pa, pb, rows, kk, pw ? pw + off : 0, mult, colsPtr,
        rowTP ? rowTP + off : 0, rowPred ? rowPred + off : 0, rowTrue ? rowTrue + off : 0, rowDiff ? rowDiff + off : 0, st,
      );
    });
    const s = getF64(st, 10);
    tState = [s[0], s[1], s[2], s[3]];
    pState = [s[4], s[5], s[6], s[7]];
  } else if (joint) {
    tState = [0, 0, 1, 0];
    pState = [0, 0, 1, 0];
  }
  // 3. type_of_target(y_true), type_of_target(y_pred)
  const typeOf = (x: Arg, state: TypeState | null, inputName: string, arg: string): string => {
    if (x.kind === "1d") return type1d(x.x, inputName, arg);
    if (x.k === 1) return type1d(x.data, inputName, arg);
    const s0 = state ?? typeState(k, x);
    return type2d(s0, () => typeDetail(k, x.data, x.n, x.k), inputName, x.k, x.n);
  };
  const tt = typeOf(T, tState, "y_true", "yTrue");
  const tp = typeOf(P, pState, "y_pred", "yPred");
  // 4. empty input, 5. the weights (in _check_targets)
  if (n === 0) throw new ValueError("Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 sample is required.");
  if (atTargets && weightError) throw weightError;
  // 6. a mix of types, or a type no metric supports
  let types = new Set([tt, tp]);
  if (types.size === 2 && types.has("binary") && types.has("multiclass")) types = new Set(["multiclass"]);
  if (types.size > 1) throw new ValueError(`Classification metrics can't handle a mix of ${tt} and ${tp} targets`);
  const yType = [...types][0];
  if (!["binary", "multiclass", "multilabel-indicator"].includes(yType)) throw new ValueError(`${yType} is not supported`);
  // 7. unique_labels: the widths must agree
  if ((T as Arg2d).k !== (P as Arg2d).k) throw new ValueError("Multi-label binary indicator input with different numbers of labels");
  if (need.weightsAt === "setwise") {
    if (need.avg === "binary") {
      throw new ValueError(
        "Target is multilabel-indicator but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted', 'samples'].",
      );
    }
    const pl = need.posLabel;
    if (pl !== undefined && pl !== null && pl !== 1 && pl !== true) {
      warn(
        o,
        `Note that pos_label (set to ${pyRepr(pl)}) is ignored when average != 'binary' (got ${pyAvg(need.avg ?? null)}). You may use labels=[pos_label] to specify a single positive class.`,
      );
    }
    if (weightError) throw weightError;
  }
  if (labels !== undefined) checkLabels(labels, kk);
  const cols = colsPtr ? getF64(colsPtr, 3 * kk) : new Float64Array(3 * kk);
  return {
    n,
    k: kk,
    selected,
    colTP: cols.subarray(0, kk),
    colPred: cols.subarray(kk, 2 * kk),
    colTrue: cols.subarray(2 * kk),
    rowTP,
    rowPred,
    rowTrue,
    rowDiff,
    equalRows: readF64(st, 8),
    diffCells: readF64(st, 9),
    pw,
    weight: weight?.data,
  };
}

/** Per selected label: tp, fp, fn, tn (multilabel_confusion_matrix's arithmetic). */
function labelCounts(k: Kernels, s: Stats): { tp: number[]; fp: number[]; fn: number[]; tn: number[] } {
  const total = s.pw ? k.sumF64(s.pw, s.n) : s.n;
  const tp: number[] = [];
  const fp: number[] = [];
  const fn: number[] = [];
  const tn: number[] = [];
  for (const j of s.selected) {
    const a = s.colTP[j];
    const b = s.colPred[j] - a;
    const c = s.colTrue[j] - a;
    tp.push(a);
    fp.push(b);
    fn.push(c);
    tn.push(total - a - b - c);
  }
  return { tp, fp, fn, tn };
}

// ---------------------------------------------------------------------------
// Accuracy, zero-one loss, Hamming loss

/** Options of the multilabel accuracy / losses. */
interface WeightedOptions extends WarnOptions, MultilabelOptions {
  sampleWeight?: NumericArray;
  normalize?: boolean;
}

/**
 * Subset accuracy of indicator matrices (sklearn `accuracy_score` on
 * `'multilabel-indicator'` targets): Σ w_i·[row i of yPred = row i of yTrue] / Σ w
 * (numpy's pairwise sums), the (weighted) count with `normalize: false`; rows
 * are compared value by value (a {0, 2} matrix is an indicator too). Weights
 * summing to zero raise numpy's ZeroDivisionError. Called by `accuracyScore`.
 * @example
 * ```ts
 * accuracyScore([[0, 1], [1, 1]], [[1, 1], [1, 1]]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function multilabelAccuracy(yTrue: unknown, yPred: unknown, o: WeightedOptions): number {
  return withArena((k) => {
    const weighted = o.sampleWeight !== undefined && o.sampleWeight !== null;
    const s = multilabelStats(k, yTrue, yPred, o, { diff: weighted, weightsAt: "targets" });
    if (!s.pw) return o.normalize === false ? s.equalRows : s.equalRows / s.n;
    const hits = k.mlRowWeighted(s.rowDiff, s.pw, s.n, 1, alloc(s.n * 8));
    if (o.normalize === false) return hits;
    const total = k.sumF64(s.pw, s.n);
    checkWeightSum(total);
    return hits / total;
  });
}

/**
 * zero_one_loss on indicator matrices: 1 − subset accuracy, or with
 * `normalize: false` Σw (pairwise; unweighted: n) − the (weighted) count of equal rows.
 * @example
 * ```ts
 * zeroOneLoss([[0, 1], [1, 1]], [[1, 1], [1, 1]]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function multilabelZeroOneLoss(yTrue: unknown, yPred: unknown, o: WeightedOptions): number {
  const score = multilabelAccuracy(yTrue, yPred, o);
  if (o.normalize !== false) return 1 - score;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) {
    const w = o.sampleWeight;
    return withArena((k) => k.sumF64(putF64(w as ArrayLike<number>), (w as ArrayLike<number>).length)) - score;
  }
  const nl = nLabelsOf(o);
  const n = nl !== undefined ? (yTrue as ArrayLike<unknown>).length / nl : (yTrue as ArrayLike<unknown>).length;
  return n - score;
}

/**
 * Hamming loss of indicator matrices (sklearn `hamming_loss`): mismatching
 * cells / (n · k · mean weight). Unweighted the count is exact; weighted it is
 * Σ mismatches_i · w_i (pairwise; sklearn takes a BLAS dot product: ≤ a few ULP
 * apart). Weights summing to zero give ±Infinity / NaN, as sklearn's division.
 * @example
 * ```ts
 * hammingLoss([[0, 1], [1, 1]], [[0, 0], [0, 0]]); // 0.75 (sklearn: 0.75)
 * ```
 */
export function multilabelHammingLoss(yTrue: unknown, yPred: unknown, o: WeightedOptions): number {
  return withArena((k) => {
    const weighted = o.sampleWeight !== undefined && o.sampleWeight !== null;
    const s = multilabelStats(k, yTrue, yPred, o, { diff: weighted, weightsAt: "targets" });
    if (!s.pw) return s.diffCells / (s.n * s.k * 1.0);
    const nd = k.mlRowWeighted(s.rowDiff, s.pw, s.n, 0, alloc(s.n * 8));
    const wAvg = k.sumF64(s.pw, s.n) / s.n;
    return nd / (s.n * s.k * wAvg);
  });
}

// ---------------------------------------------------------------------------
// multilabel_confusion_matrix

/** Options of the multilabel confusion matrix. */
export interface MultilabelConfusionOptions extends WarnOptions, MultilabelOptions {
  sampleWeight?: NumericArray;
  labels?: readonly (number | boolean)[] | NumericArray;
  /** One 2 × 2 matrix per sample instead of per label. */
  samplewise?: boolean;
}

/**
 * multilabel_confusion_matrix of indicator matrices: `[[tn, fp], [fn, tp]]` per
 * selected label (`labels`: column indices, in their order; tp = Σw·[t≠0 ∧ p≠0]
 * in row order, tn = Σw − tp − fp − fn), or per sample with `samplewise`
 * (over the selected labels; weighted: counts × w, tn = w·|labels| − tp − fp − fn).
 * Labels outside [0, k) raise sklearn's `All labels must be in [0, n labels) ...`.
 * @example
 * ```ts
 * multilabelConfusionMatrix([[1, 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 1, 1]]);
 * // [[[1, 0], [0, 1]], [[1, 0], [0, 1]], [[0, 1], [1, 0]]] (sklearn: the same array)
 * ```
 */
export function multilabelConfusionMatrix2d(yTrue: unknown, yPred: unknown, o: MultilabelConfusionOptions): number[][][] {
  return withArena((k) => {
    const sw = !!o.samplewise;
    const s = multilabelStats(k, yTrue, yPred, o, { cols: !sw, rows: sw, labels: o.labels, weightsAt: "targets" });
    const out: number[][][] = [];
    if (!sw) {
      const c = labelCounts(k, s);
      for (let i = 0; i < c.tp.length; i++) out.push([[c.tn[i], c.fp[i]], [c.fn[i], c.tp[i]]]);
      return out;
    }
    const tpR = getF64(s.rowTP, s.n);
    const predR = getF64(s.rowPred, s.n);
    const trueR = getF64(s.rowTrue, s.n);
    const m = s.selected.length;
    const w = s.weight;
    for (let i = 0; i < s.n; i++) {
      if (w) {
        const wi = w[i];
        const tp = tpR[i] * wi;
        const fp = predR[i] * wi - tp;
        const fn = trueR[i] * wi - tp;
        out.push([[wi * m - tp - fp - fn, fp], [fn, tp]]);
      } else {
        const tp = tpR[i];
        const fp = predR[i] - tp;
        const fn = trueR[i] - tp;
        out.push([[m - tp - fp - fn, fp], [fn, tp]]);
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------------------
// Precision, recall, F-beta, Jaccard: every average

/** sklearn's `_nanaverage` (jaccard: `np.average`) of the n per-row values at `vals`. */
function rowAverage(k: Kernels, vals: number, n: number, pw: number, nanAware: boolean): number {
  const s1 = alloc(n * 8);
  const s2 = pw ? alloc(n * 8) : 0;
  const s3 = pw ? alloc(n * 8) : 0;
  const out = allocF64(5);
  k.mlNanAverage(vals, pw, n, s1, s2, s3, out);
  const [nans, sAW, sW, sA, m] = getF64(out, 5);
  if (nanAware && nans === n) return NaN;
  if (!pw) return sAW / (n - nans);
  if (sW === 0) {
    if (!nanAware) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
    return sA / m;
  }
  return sAW / sW;
}

/** precision_recall_fscore_support with average='samples' on the pass's row counts. */
function samplesPrfs(k: Kernels, s: Stats, o: FbetaOptions, beta: number, warnFor: readonly Metric[], fn: string): PrecisionRecallFscoreSupport<number> {
  const z = zeroDivisionValue(o.zeroDivision, fn);
  const n = s.n;
  const a = alloc(n * 8);
  const b = alloc(n * 8);
  const c = alloc(n * 8);
  const zeros = allocF64(3);
  const fmode = beta === Infinity ? 1 : beta === 0 ? 2 : 0;
  k.mlSamplesScores(s.rowTP, s.rowPred, s.rowTrue, s.pw, n, 0, beta * beta, fmode, z, a, b, c, zeros);
  const [z0, z1, z2] = getF64(zeros, 3);
  const warnOn = (o.zeroDivision ?? "warn") === "warn";
  if (warnOn && z0 > 0 && warnFor.includes("precision")) warnPrf(o, "precision", "predicted", "samples", n);
  if (warnOn && z1 > 0 && warnFor.includes("recall")) warnPrf(o, "recall", "true", "samples", n);
  if (warnOn && fmode === 0 && z2 > 0 && warnFor.includes("f-score")) warnPrf(o, "f-score", "true nor predicted", "samples", n);
  const pf = fmode === 1 ? b : fmode === 2 ? a : c;
  return { precision: rowAverage(k, a, n, s.pw, true), recall: rowAverage(k, b, n, s.pw, true), fscore: rowAverage(k, pf, n, s.pw, true), support: null };
}

/**
 * precision_recall_fscore_support on indicator matrices: per-label tp / (tp + fp),
 * tp / (tp + fn), (1 + β²)·tp / (β²·(tp + fn) + tp + fp) over the `labels`
 * columns; `'micro'` pools the counts, `'macro'` / `'weighted'` average the labels
 * (numpy's pairwise order, NaNs ignored as sklearn's `_nanaverage`), `'samples'`
 * computes the scores per row and averages the rows (weighted by `sampleWeight`);
 * 0/0 takes `zeroDivision` with sklearn's UndefinedMetricWarning ("in samples with
 * no predicted labels" for `'samples'`); `'binary'` raises sklearn's message.
 * @example
 * ```ts
 * f1Score([[1, 0, 1], [0, 1, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 1], [0, 0, 0]], { average: "samples" });
 * // 0.4444444444444444 (sklearn: 0.4444444444444444, with its F-score warning)
 * ```
 */
export function multilabelPrfs(
  yTrue: unknown,
  yPred: unknown,
  o: FbetaOptions & MultilabelOptions,
  avg: Average,
  warnFor: readonly Metric[],
  fn: string,
): PrecisionRecallFscoreSupport<number | number[]> {
  const beta = prfsBeta(o, fn);
  return withArena((k) => {
    const samples = avg === "samples";
    const s = multilabelStats(k, yTrue, yPred, o, { cols: !samples, rows: samples, labels: o.labels, weightsAt: "setwise", avg, posLabel: o.posLabel });
    if (samples) return samplesPrfs(k, s, o, beta, warnFor, fn);
    return prfsFrom(labelCounts(k, s), o, avg, warnFor, fn, beta);
  });
}

/**
 * jaccard_score on indicator matrices: tp / (tp + fp + fn) per label or per row
 * (`'samples'`, averaged by `np.average`: weights summing to zero raise
 * ZeroDivisionError as numpy's), pooled (`'micro'`) or averaged over labels.
 * @example
 * ```ts
 * jaccardScore([[1, 0, 1], [0, 1, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 1], [0, 0, 0]], { average: "samples" });
 * // 0.3333333333333333 (sklearn: 0.3333333333333333, with its Jaccard warning)
 * ```
 */
export function multilabelJaccard(yTrue: unknown, yPred: unknown, o: SetWiseOptions & MultilabelOptions, avg: Average): number | number[] {
  return withArena((k) => {
    const samples = avg === "samples";
    const s = multilabelStats(k, yTrue, yPred, o, { cols: !samples, rows: samples, labels: o.labels, weightsAt: "setwise", avg, posLabel: o.posLabel });
    if (samples) {
      const z = zeroDivisionValue(o.zeroDivision, "jaccard_score");
      const a = alloc(s.n * 8);
      const zeros = allocF64(3);
      k.mlSamplesScores(s.rowTP, s.rowPred, s.rowTrue, s.pw, s.n, 1, 0, 0, z, a, 0, 0, zeros);
      if ((o.zeroDivision ?? "warn") === "warn" && readF64(zeros, 2) > 0) warnPrf(o, "jaccard", "true or predicted", "samples", s.n);
      return rowAverage(k, a, s.n, s.pw, false);
    }
    const c = labelCounts(k, s);
    let num = c.tp;
    let den = c.tp.map((v, i) => v + c.fp[i] + c.fn[i]);
    if (avg === "micro") {
      num = [pairwiseSum(num)];
      den = [pairwiseSum(den)];
    }
    const j = prfDivide(num, den, "jaccard", "true or predicted", avg, ["jaccard"], o, "jaccard_score");
    if (avg === null) return j;
    let w: number[] | undefined;
    if (avg === "weighted") {
      w = c.fn.map((v, i) => v + c.tp[i]);
      if (!w.some((v) => v !== 0)) w = undefined;
    }
    if (j.length === 0) return NaN;
    if (!w) return pairwiseSum(j) / j.length;
    const sw = pairwiseSum(w);
    if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
    return pairwiseSum(j.map((v, i) => v * w[i])) / sw;
  });
}

// ---------------------------------------------------------------------------
// classification_report

/** Options of the multilabel classification report. */
export interface MultilabelReportOptions extends WarnOptions, MultilabelOptions {
  labels?: readonly (number | boolean)[] | NumericArray;
  targetNames?: readonly string[];
  sampleWeight?: NumericArray;
  digits?: number;
  outputDict?: boolean;
  zeroDivision?: number | "warn";
}

/**
 * classification_report on indicator matrices: one row per label (named by its
 * column index unless `targetNames`), then `micro avg`, `macro avg`, `weighted avg`
 * and `samples avg` (sklearn's text byte for byte, or its dict with `outputDict`).
 * @example
 * ```ts
 * classificationReport([[1, 0, 1], [0, 1, 0], [0, 0, 0]], [[1, 0, 0], [0, 1, 1], [0, 0, 0]], { outputDict: true, zeroDivision: 0 })["samples avg"];
 * // { precision: 0.5, recall: 0.5, "f1-score": 0.4444444444444444, support: 3 } (sklearn: the same dict row)
 * ```
 */
export function multilabelReport(yTrue: unknown, yPred: unknown, o: MultilabelReportOptions): string | Record<string, ReportRow | number> {
  const digits = o.digits ?? 2;
  const fn = "precision_recall_fscore_support";
  const opts: FbetaOptions = { sampleWeight: o.sampleWeight, zeroDivision: o.zeroDivision, onWarning: o.onWarning };
  const beta = prfsBeta(opts, fn);
  return withArena((k) => {
    // one pass serves the rows and the four averages (sklearn calls precision_recall_fscore_support five times)
    const s = multilabelStats(k, yTrue, yPred, o, { cols: true, rows: true, labels: o.labels, weightsAt: "targets" });
    const labelsGiven = o.labels !== undefined && o.labels !== null;
    const labels = s.selected;
    let names: string[];
    if (o.targetNames && o.targetNames.length !== labels.length) {
      if (labelsGiven) {
        warn(o, `labels size, ${labels.length}, does not match size of target_names, ${o.targetNames.length}`);
        names = [...o.targetNames];
      } else {
        throw new ValueError(
          `Number of classes, ${labels.length}, does not match size of target_names, ${o.targetNames.length}. Try specifying the labels parameter`,
        );
      }
    } else names = o.targetNames ? [...o.targetNames] : labels.map((v) => String(v));
    const c = labelCounts(k, s);
    const per = prfsFrom(c, opts, null, ALL, fn, beta);
    const sup = per.support!;
    const total = pairwiseSum(sup);
    const avgs: [string, ReportRow][] = [];
    for (const average of ["micro", "macro", "weighted"] as const) {
      const a = prfsFrom(c, opts, average, ALL, fn, beta);
      avgs.push([`${average} avg`, { precision: a.precision as number, recall: a.recall as number, "f1-score": a.fscore as number, support: total }]);
    }
    const sm = samplesPrfs(k, s, opts, beta, ALL, fn);
    avgs.push(["samples avg", { precision: sm.precision, recall: sm.recall, "f1-score": sm.fscore, support: total }]);
    const unweighted = o.sampleWeight === undefined || o.sampleWeight === null;
    return renderReport(names, per.precision as number[], per.recall as number[], per.fscore as number[], sup, avgs, digits, unweighted, !!o.outputDict);
  });
}

