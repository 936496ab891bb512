/**
 * Staging for the fused fast paths: an input copied into the arena as float64
 * exactly once, without the general path's checks (which stay the reference:
 * a fast path that stages its inputs runs its own flagged checks in
 * WebAssembly and returns `null` on anything unusual, and the general path
 * then checks the inputs again and raises scikit-learn's error).
 * @module
 */
import { alloc, isNumericTypedArray, MAX_SAMPLES, type NumericTypedArray, putF64Range, putPlainArray, scanAt, stageF64, WasmFloat64Array } from "../wasm/core.js";

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

/** A staged input with what the WebAssembly validation scan found (see `stageF64`). */
export interface ScannedInput extends StagedInput {
  /** 0 all finite, 1 some ±Infinity (no NaN), 2 some NaN. */
  flags: number;
  min: number;
  max: number;
}

/**
 * {@link stageInput} plus the validation scan (finiteness, min, max) in
 * WebAssembly; float typed arrays are copied and scanned chunk by chunk while
 * hot (`stageF64`). `null` as {@link stageInput}.
 */
export function stageScanned(x: unknown): ScannedInput | null {
  if ((x instanceof Float64Array || x instanceof Float32Array) && x.length <= MAX_SAMPLES) {
    const st = stageF64(x, x.length);
    return { ptr: st.ptr, n: x.length, flags: st.flags, min: st.min, max: st.max };
  }
  const s = stageInput(x, false);
  if (!s) return null;
  const st = scanAt(s.ptr, s.n);
  return { ...s, flags: st.flags, min: st.min, max: st.max };
}
