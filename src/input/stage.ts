/**
 * Staging for the fused fast paths: an input copied into the arena as float64
 * exactly once, without the general path's checks (which stay the reference:
 * a fast path that stages its inputs runs its own flagged checks in
 * WebAssembly and returns `null` on anything unusual, and the general path
 * then checks the inputs again and raises scikit-learn's error).
 * @module
 */
import { alloc, getF64, isNumericTypedArray, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64, putF64At, putF64Range, putPlainArray, putPlainRange, WasmFloat64Array } from "../wasm/core.js";

/** An input in linear memory (valid in the current arena only; read-only: a zero-copy handle is not copied). */
export interface StagedInput {
  ptr: number;
  n: number;
}

/**
 * True when a fused fast path can read `x` chunk by chunk: a numeric typed
 * array, or a live zero-copy handle.
 */
export function isFusable(x: unknown): x is NumericTypedArray | WasmFloat64Array {
  return x instanceof WasmFloat64Array ? !x.freed : isNumericTypedArray(x);
}

/**
 * Copies `x` into the arena as float64 (call inside `withArena`): a numeric
 * typed array (converted exactly), a plain array of numbers, or with
 * `allowBool` a plain array of booleans (1 / 0); a zero-copy handle is used in
 * place. Returns `null` for anything else (strings, mixed arrays, array-like
 * objects, more than MAX_SAMPLES elements): the caller then leaves the input
 * to the general path. Values are not checked.
 */
export function stageInput(x: unknown, allowBool: boolean): StagedInput | null {
  if (x instanceof WasmFloat64Array) return x.freed ? null : { ptr: x.ptr, n: x.length };
  if (isNumericTypedArray(x)) {
    const n = x.length;
    if (n > MAX_SAMPLES) return null;
    const ptr = alloc(n * 8);
    putF64Range(x, 0, n, ptr);
    return { ptr, n };
  }
  if (Array.isArray(x)) {
    const n = x.length;
    if (n > MAX_SAMPLES) return null;
    const ptr = alloc(n * 8);
    return putPlainArray(x, ptr, allowBool) ? { ptr, n } : null;
  }
  return null;
}

/**
 * One chunk of a fast scan (finiteness, min and max by pmin / pmax: the
 * sign of a zero extremum is left open): folds the m values at `ptr` into
 * `out` (start it as `newScan()`).
 */
export function scanChunk(k: Kernels, ptr: number, m: number, out: number): void {
  k.scanF64P(ptr, m, out);
}

/** The accumulator of {@link scanChunk} (flags 0, min +inf, max -inf). */
export function newScan(): number {
  return putF64([0, Infinity, -Infinity]);
}

/** The result of {@link scanChunk}s. */
export function scanResult(out: number): { finite: boolean; min: number; max: number } {
  const [flags, min, max] = getF64(out, 3);
  return { finite: flags === 0, min, max };
}

/** Elements per chunk of the fused chunked passes (256 KiB of f64 per input: three inputs stay in a 1 MiB L2). */
export const CHUNK = 32768;

/**
 * An input of a chunked fused pass (several kernels run on each chunk right
 * after it is copied in, while it is in cache). A typed array is copied, a
 * plain array of numbers (or booleans) converted, chunk by chunk — into a
 * buffer of all n values when the data are needed after the pass (`whole`),
 * else into one chunk-sized staging buffer; a zero-copy handle is read in
 * place.
 */
export interface ChunkSource {
  n: number;
  /** The whole data (after the pass, when `whole` or a handle); else the staging buffer. */
  ptr: number;
  /** The array copied (converted) by chunks, or null (a handle: the data are at `ptr`). */
  src: NumericTypedArray | readonly unknown[] | null;
  whole: boolean;
  allowBool: boolean;
}

/** A {@link ChunkSource} for `x`, or `null` (not a typed array, plain array or live handle; too long). Call inside `withArena`. */
export function chunkSource(x: unknown, allowBool: boolean, whole: boolean): ChunkSource | null {
  if (x instanceof WasmFloat64Array) return x.freed ? null : { n: x.length, ptr: x.ptr, src: null, whole: true, allowBool };
  if (!isNumericTypedArray(x) && !Array.isArray(x)) return null;
  const n = x.length;
  if (n > MAX_SAMPLES) return null;
  return { n, ptr: alloc((whole ? n : Math.min(n, CHUNK)) * 8), src: x, whole, allowBool };
}

/**
 * Brings the chunk [start, end) in and returns the address of its first
 * value; `null` when a plain array holds something else than numbers (or
 * booleans, when allowed) there: the caller gives up.
 */
export function chunkAt(s: ChunkSource, start: number, end: number): number | null {
  if (s.src === null) return s.ptr + start * 8;
  const dst = s.whole ? s.ptr + start * 8 : s.ptr;
  if (Array.isArray(s.src)) return putPlainRange(s.src, start, end, dst, s.allowBool) ? dst : null;
  putF64At(s.src as NumericTypedArray, start, end, dst);
  return dst;
}

/**
 * The first `count` values of a source, read before the pass (a plain array's
 * booleans as 1 / 0, anything else that is not a number as NaN).
 */
export function sourcePrefix(s: ChunkSource, count: number): ArrayLike<number> {
  if (s.src === null) return getF64(s.ptr, Math.min(count, s.n));
  if (!Array.isArray(s.src)) return s.src as NumericTypedArray;
  return Array.from(s.src.slice(0, count), (v) => (typeof v === "number" ? v : v === true ? 1 : v === false ? 0 : NaN));
}
