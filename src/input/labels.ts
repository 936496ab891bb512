/**
 * Label handling shared by the classification metrics: sklearn's
 * `type_of_target` for 1-D input, `_check_targets`, and numpy-style printing
 * of label arrays for error messages.
 * @module
 */
import { checkConsistentLength, checkContainer, type Checked, checkWeights, echo, scanArray, ValueError } from "./validate.js";
import { allocF64, core, getF64, putF64, readF64, sortInPlace, WasmFloat64Array } from "../wasm/core.js";

/** sklearn target types for 1-D input. */
export type TargetType = "binary" | "multiclass" | "continuous";

const SCAN_CAP = 64;

/** Distinct labels (sorted) and whether any value is not an integer. Call inside `withArena`. */
export function distinctValues(ptr: number, n: number): { values: number[]; nonInteger: boolean } {
  const k = core();
  // At most two labels (the common case): one SIMD pass.
  const two = allocF64(2);
  const flags = k.binaryLabels(ptr, n, two);
  if ((flags & 3) !== 3) {
    const c = flags & 3;
    const vals = c === 0 ? [] : c === 1 ? [readF64(two, 0)] : [readF64(two, 0), readF64(two, 1)];
    return { values: vals.sort((a, b) => a - b), nonInteger: (flags & 4) !== 0 };
  }
  const table = allocF64(SCAN_CAP);
  const out = allocF64(2);
  k.labelScan(ptr, n, table, SCAN_CAP, out);
  const count = readF64(out, 0);
  const nonInteger = readF64(out, 1) !== 0;
  let values: number[];
  if (count <= SCAN_CAP) {
    values = Array.from(getF64(table, count));
  } else {
    // Many labels: sort a copy with the radix sort and drop duplicates.
    const dst = putF64(getF64(ptr, n));
    sortInPlace(dst, n);
    const m = k.uniqueSorted(dst, n);
    values = Array.from(getF64(dst, m));
  }
  values.sort((a, b) => a - b);
  return { values, nonInteger };
}

/** Longest prefix searched for an array's second label value by the fast paths. */
export const CANDIDATE_PREFIX = 4096;

/**
 * The label values `binaryLabels` would report for `x` (the first value, and the
 * first value different from it) when found within a prefix; beyond it the
 * second candidate is the first value again, and a later different value is
 * flagged by the kernel (then the general path runs).
 */
export function labelCandidates(x: ArrayLike<number>): [number, number, number] {
  const a = x[0];
  const lim = Math.min(x.length, CANDIDATE_PREFIX);
  let j = 1;
  while (j < lim && x[j] === a) j++;
  return j < lim ? [a, x[j], 2] : [a, a, 1];
}

/** True when the caller passed floating-point data (numpy would print `1.`); a zero-copy handle holds float64. */
export function isFloatInput(x: unknown): boolean {
  return x instanceof Float64Array || x instanceof Float32Array || x instanceof WasmFloat64Array;
}

/** Formats labels as numpy prints a 1-D array: `[0 1]`, `[-1  1]`, `[0. 1.]`. */
export function formatLabels(values: readonly number[], float: boolean): string {
  const parts = values.map((v) => {
    if (!float) return String(v);
    if (Number.isInteger(v)) return `${v}.`;
    return String(v);
  });
  const width = Math.max(0, ...parts.map((p) => p.length));
  return `[${parts.map((p) => p.padStart(width)).join(" ")}]`;
}

/** Formats one label as Python prints it (`1`, `1.0`, `True`). */
export function formatLabel(v: unknown): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  return echo(v);
}

/** A checked pair of label arrays copied into linear memory (inside `withArena`). */
export interface LabelTargets {
  yTrue: Checked;
  yPred: Checked;
  weight?: Checked & { nonzero?: boolean };
  /** Pointers in linear memory. */
  pt: number;
  pp: number;
  pw: number;
  type: "binary" | "multiclass";
  /** Sorted union of the labels present in yTrue and yPred. */
  labels: number[];
  /** Whether the inputs were floating-point arrays (for message formatting). */
  float: boolean;
}

/**
 * sklearn's `_check_targets` for 1-D labels, in sklearn's order: lengths, NaN/inf
 * in y_true then y_pred, empty input, sample weights, then target types.
 * Must be called inside `withArena`.
 */
export function checkTargets(
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  opts: { predName?: string; implicitWeight?: boolean; allowZeroWeights?: boolean } = {},
): LabelTargets {
  const predName = opts.predName ?? "y_pred";
  const nt = checkContainer(yTrue, "yTrue");
  const np = checkContainer(yPred, "yPred");
  const hasW = sampleWeight !== undefined && sampleWeight !== null;
  // confusion_matrix builds np.ones(len(y_true)) weights before checking lengths.
  const nw = hasW ? checkContainer(sampleWeight, "sampleWeight") : opts.implicitWeight ? nt : undefined;
  checkConsistentLength({ data: [], n: nt }, { data: [], n: np }, nw === undefined ? undefined : { data: [], n: nw });
  const t = scanArray(yTrue as ArrayLike<unknown>, { arg: "yTrue", inputName: "y_true", allowBool: true, allowEmpty: true });
  const p = scanArray(yPred as ArrayLike<unknown>, { arg: "yPred", inputName: predName, allowBool: true, allowEmpty: true });
  if (t.n === 0 || p.n === 0) {
    throw new ValueError(
      "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 sample is required.",
    );
  }
  const weight = hasW ? checkWeights(sampleWeight, t.n, opts.allowZeroWeights) : undefined;
  // Already in linear memory when scanned inside this arena (read-only from here on).
  const pt = t.ptr ?? putF64(t.data);
  const pp = p.ptr ?? putF64(p.data);
  const pw = weight ? weight.ptr ?? putF64(weight.data) : 0;
  const dt = distinctValues(pt, t.n);
  const dp = distinctValues(pp, p.n);
  const typeOf = (d: { values: number[]; nonInteger: boolean }, x: unknown): TargetType =>
    d.nonInteger && isFloatInput(x) ? "continuous" : d.values.length <= 2 ? "binary" : "multiclass";
  const tt = typeOf(dt, yTrue);
  const tp = typeOf(dp, yPred);
  let types = new Set<TargetType>([tt, tp]);
  if (types.has("binary") && types.has("multiclass") && types.size === 2) types = new Set(["multiclass"]);
  if (types.size > 1) {
    throw new ValueError(`Classification metrics can't handle a mix of ${tt} and ${tp} targets`);
  }
  let type = [...types][0];
  if (type === "continuous") throw new ValueError("continuous is not supported");
  const labels = [...new Set([...dt.values, ...dp.values])].sort((a, b) => a - b);
  if (type === "binary" && labels.length > 2) type = "multiclass";
  return {
    yTrue: t,
    yPred: p,
    weight,
    pt,
    pp,
    pw,
    type: type as "binary" | "multiclass",
    labels,
    float: isFloatInput(yTrue) || isFloatInput(yPred),
  };
}

/** Converts a user label (number or boolean) to the number stored in memory. */
export function labelValue(v: unknown, name: string): number {
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  throw new TypeError(`${name} must be a finite number or a boolean, got ${formatLabel(v)}`);
}

/** Pairwise sum of a small JS array in numpy's order (for k x k matrices). */
export function pairwiseSum(a: ArrayLike<number>, start = 0, n = a.length): number {
  if (n < 8) {
    let s = 0;
    for (let i = 0; i < n; i++) s += a[start + i];
    return s;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) s += a[start + i];
    return s;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}
