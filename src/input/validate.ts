/**
 * Input validation, done in TypeScript before any pointer reaches WebAssembly.
 * Messages use scikit-learn's wording wherever scikit-learn raises.
 * @module
 */
import { inArena, MAX_SAMPLES, stageF64, WasmFloat64Array } from "../wasm/core.js";

/** Raised where scikit-learn raises `ValueError`; the message is sklearn's. */
export class ValueError extends Error {
  override name = "ValueError";
}

/** Raised where scikit-learn raises `ZeroDivisionError` (weights summing to zero). */
export class ZeroDivisionError extends Error {
  override name = "ZeroDivisionError";
}

/** Any numeric array the API accepts. */
export type NumericArray =
  | readonly number[]
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | WasmFloat64Array;

/** Label arrays may also be booleans. */
export type LabelArray = NumericArray | readonly boolean[];

/** Receives warnings (sklearn's `UndefinedMetricWarning` etc.) in sklearn's words. */
export type WarningHandler = (message: string) => void;

/** Options every metric accepts. */
export interface WarnOptions {
  /** Called with each warning; default `console.warn`. */
  onWarning?: WarningHandler;
}

/** Emits a warning through `onWarning` or `console.warn`. */
export function warn(options: WarnOptions | undefined, message: string): void {
  if (options?.onWarning) options.onWarning(message);
  else console.warn(`mlmetrics: ${message}`);
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return `'${v.length > 40 ? v.slice(0, 40) + "…" : v}'`;
  if (typeof v === "bigint") return `${v}n (BigInt)`;
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return `${typeof v} ${String(v)}`;
}

/**
 * Any value, rendered for an error message without iterating it or calling its
 * methods: primitives as `String(v)`, objects (arrays, Proxies claiming 2**40
 * elements, null-prototype objects) by their kind. `String(v)` on a hostile
 * array would join every element (a hang), and throws on a null prototype.
 */
export function echo(v: unknown): string {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return String(v);
  if (typeof v === "function") return "a function";
  return describe(v);
}

function isNumericTypedArray(x: unknown): x is Exclude<NumericArray, readonly number[]> {
  return (
    ArrayBuffer.isView(x) &&
    !(x instanceof DataView) &&
    !(typeof BigInt64Array !== "undefined" && x instanceof BigInt64Array) &&
    !(typeof BigUint64Array !== "undefined" && x instanceof BigUint64Array)
  );
}

/** What a checked array carries: the numbers and their name for messages. */
export interface Checked {
  /** The values (the caller's array when no conversion was needed). */
  data: ArrayLike<number>;
  /** Number of samples. */
  n: number;
  /**
   * Where the values already are in linear memory (valid in the current
   * arena only): set when the array was checked inside `withArena` (copied
   * once and scanned in WebAssembly) or is a zero-copy `WasmFloat64Array`.
   */
  ptr?: number;
  /** Smallest and largest value, when the WebAssembly scan computed them. */
  min?: number;
  max?: number;
}

export interface CheckOptions {
  /** Argument name in our API, for type errors (e.g. `yTrue`). */
  arg: string;
  /**
   * sklearn's `input_name` in its finiteness messages (`Input y_true contains NaN.`);
   * empty string for sklearn's anonymous form (`Input contains NaN.`).
   */
  inputName?: string;
  /** Accept `true`/`false` (labels). */
  allowBool?: boolean;
  /** Allow an empty array (no sklearn "0 sample(s)" error). */
  allowEmpty?: boolean;
}

function nonFinite(v: number, inputName: string | undefined): ValueError {
  const who = inputName ? `Input ${inputName} contains` : "Input contains";
  return Number.isNaN(v)
    ? new ValueError(`${who} NaN.`)
    : new ValueError(`${who} infinity or a value too large for dtype('float64').`);
}

/**
 * Checks one array argument: an array or numeric typed array (not a bare value,
 * not an array-like object, not BigInt), numbers only (booleans when allowed),
 * finite, non-empty. Returns the numbers, converting only when needed.
 */
export function checkArray(x: unknown, opts: CheckOptions): Checked {
  checkContainer(x, opts.arg);
  return scanArray(x as ArrayLike<unknown>, opts);
}

/**
 * Checks only the container: an array or a numeric typed array, not a bare
 * value, an array-like object, a DataView or a BigInt array. Returns its length.
 */
export function checkContainer(x: unknown, arg: string): number {
  if (x instanceof WasmFloat64Array) return x.length;
  if (!isNumericTypedArray(x) && !Array.isArray(x)) {
    throw new TypeError(`${arg} must be an array or a numeric typed array, got ${describe(x)}`);
  }
  const n = (x as ArrayLike<unknown>).length;
  if (n > MAX_SAMPLES) {
    throw new RangeError(
      `${arg} has ${n} samples; mlmetrics accepts at most ${MAX_SAMPLES} per array`,
    );
  }
  return n;
}

// One loop per element type keeps each loop monomorphic in V8.
function firstNonFiniteF64(a: Float64Array): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

function firstNonFiniteF32(a: Float32Array): number {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/** sklearn's rule: NaN is reported whenever one is present, else infinity. */
function nonFiniteIn(a: ArrayLike<number>, first: number, inputName: string | undefined): ValueError {
  for (let i = first; i < a.length; i++) if (Number.isNaN(a[i])) return nonFinite(NaN, inputName);
  return nonFinite(Infinity, inputName);
}

function emptyCheck(n: number, opts: CheckOptions): void {
  if (n === 0 && !opts.allowEmpty) {
    throw new ValueError(
      "Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.",
    );
  }
}

/**
 * Scans the values of a container that passed {@link checkContainer}.
 *
 * Inside `withArena`, float typed arrays are copied into linear memory once
 * and scanned there by a SIMD kernel (`scanF64`); the result is checked here,
 * before any metric kernel runs, and `ptr` tells the caller where the copy is.
 * A `WasmFloat64Array` is scanned in place (zero-copy). Outside an arena the
 * scan runs in TypeScript, one monomorphic loop per element type.
 */
export function scanArray(x: ArrayLike<unknown>, opts: CheckOptions): Checked {
  if (x instanceof WasmFloat64Array || ((x instanceof Float64Array || x instanceof Float32Array) && inArena())) {
    const n = x.length;
    const st = stageF64(x as ArrayLike<number>, n);
    if (st.flags !== 0) throw nonFinite(st.flags === 2 ? NaN : Infinity, opts.inputName);
    emptyCheck(n, opts);
    return { data: x instanceof WasmFloat64Array ? x.array : (x as ArrayLike<number>), n, ptr: st.ptr, min: st.min, max: st.max };
  }
  let data: ArrayLike<number>;
  const n = x.length;
  if (isNumericTypedArray(x)) {
    data = x as ArrayLike<number>;
    const bad = x instanceof Float64Array ? firstNonFiniteF64(x) : x instanceof Float32Array ? firstNonFiniteF32(x) : -1;
    if (bad >= 0) throw nonFiniteIn(data, bad, opts.inputName);
  } else {
    // Two copies of one loop, chosen by the first element (read with `at`):
    // an optimised keyed load that has seen both arrays of numbers and of
    // booleans makes V8 convert the caller's number[] (unboxed doubles) to
    // generic elements, boxing every value, before reading it.
    const a = x as unknown[];
    data = typeof a.at(0) === "boolean" ? scanPlainFromBool(a, n, opts) : scanPlainFromNumber(a, n, opts);
  }
  emptyCheck(n, opts);
  return { data, n };
}

function notNumber(v: unknown, i: number, opts: CheckOptions): TypeError {
  return new TypeError(
    `${opts.arg} must contain only numbers${opts.allowBool ? " or booleans" : ""}; found ${describe(v)} at index ${i}`,
  );
}

/** The values of a plain array (booleans as 1 / 0 when allowed), checked; for arrays that start with a number. */
function scanPlainFromNumber(a: unknown[], n: number, opts: CheckOptions): ArrayLike<number> {
  let bools: Float64Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v === "number") {
      if (v - v !== 0) throw nonFiniteIn(a as number[], i, opts.inputName);
      if (bools) bools[i] = v;
    } else if (typeof v === "boolean" && opts.allowBool) {
      if (!bools) {
        bools = new Float64Array(n);
        for (let j = 0; j < i; j++) bools[j] = a[j] as number;
      }
      bools[i] = v ? 1 : 0;
    } else {
      throw notNumber(v, i, opts);
    }
  }
  return bools ?? (a as number[]);
}

/** {@link scanPlainFromNumber} for arrays that start with a boolean (the same loop, its own keyed loads). */
function scanPlainFromBool(a: unknown[], n: number, opts: CheckOptions): ArrayLike<number> {
  let bools: Float64Array | null = null;
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v === "number") {
      if (v - v !== 0) throw nonFiniteIn(a as number[], i, opts.inputName);
      if (bools) bools[i] = v;
    } else if (typeof v === "boolean" && opts.allowBool) {
      if (!bools) {
        bools = new Float64Array(n);
        for (let j = 0; j < i; j++) bools[j] = a[j] as number;
      }
      bools[i] = v ? 1 : 0;
    } else {
      throw notNumber(v, i, opts);
    }
  }
  return bools ?? (a as number[]);
}

/** sklearn's `check_consistent_length`. */
export function checkConsistentLength(...arrays: (Checked | undefined)[]): void {
  const lens = arrays.filter((a): a is Checked => a !== undefined).map((a) => a.n);
  if (new Set(lens).size > 1) {
    throw new ValueError(
      `Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`,
    );
  }
}

/**
 * An array-valued option (`labels`, …) as a plain array: an array or a typed
 * array (TypeError otherwise), refused with a RangeError above MAX_SAMPLES
 * elements before it is iterated (a Proxy claiming 2**40 elements would hang).
 */
export function optionArray<T = unknown>(x: unknown, name: string): T[] {
  if (!Array.isArray(x) && !ArrayBuffer.isView(x)) throw new TypeError(`${name} must be an array`);
  const n = (x as ArrayLike<unknown>).length;
  if (!(n <= MAX_SAMPLES)) {
    throw new RangeError(`${name} has ${n} elements; mlmetrics accepts at most ${MAX_SAMPLES}`);
  }
  return Array.from(x as ArrayLike<T>);
}

/** Validates an options object (must be undefined or a plain object). */
export function checkOptions<T extends object>(options: unknown, fn: string): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  }
  return options as T;
}

/**
 * sklearn's `_check_sample_weight` (1-D, same length, finite, not all zero).
 * With `allowAllZero` (an evaluator's batch: the rule applies to all the data,
 * at compute time) all-zero weights pass and `nonzero` tells.
 */
export function checkWeights(sampleWeight: unknown, n: number, allowAllZero = false): Checked & { nonzero: boolean } {
  const w = checkArray(sampleWeight, { arg: "sampleWeight", inputName: "sample_weight", allowEmpty: true });
  if (w.n !== n) {
    throw new ValueError(`sample_weight.shape == (${w.n},), expected (${n},)!`);
  }
  let nonzero = false;
  for (let i = 0; i < w.n && !nonzero; i++) nonzero = w.data[i] !== 0;
  if (!nonzero && !allowAllZero) {
    throw new ValueError("Sample weights must contain at least one non-zero number.");
  }
  return { ...w, nonzero };
}

/** numpy's `np.average` refuses weights that sum to zero. */
export function checkWeightSum(sw: number): void {
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
}
