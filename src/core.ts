/**
 * The one owner of the WebAssembly instance and its linear memory.
 *
 * Every other module goes through {@link withArena}: inputs are copied in,
 * kernels run, results are copied out, and the arena is reset afterwards —
 * also when the call throws. Typed-array views are rebuilt whenever
 * `memory.buffer` changes (after `memory.grow`), so no stale view is used.
 * @module
 */
import { instantiate } from "@assemblyscript/loader";
import { wasmBase64 } from "./wasm-bytes.js";

/** The kernels exported by `assembly/index.ts` (pointers are byte offsets). */
export interface Kernels {
  memory: WebAssembly.Memory;
  arenaAlloc(bytes: number): number;
  arenaReset(): void;
  arenaUsed(): number;
  sumF64(ptr: number, n: number): number;
  sumSequential(ptr: number, n: number): number;
  regressionStats(yt: number, yp: number, w: number, n: number, dev: number, out: number): void;
  sortF64(a: number, n: number, tmp: number, idx: number, idxTmp: number, hist: number): void;
  iota(idx: number, n: number): void;
  absDiff(yt: number, yp: number, n: number, out: number): void;
  cumsumPermuted(w: number, idx: number, n: number, out: number): void;
  labelScan(a: number, n: number, table: number, cap: number, out: number): void;
  uniqueSorted(a: number, n: number): number;
  confusionStats(
    yt: number, yp: number, w: number, n: number, labels: number, k: number, pos: number, dim: number,
    cells: number, trueSum: number, predSum: number,
  ): void;
  accuracyStats(yt: number, yp: number, w: number, n: number, out: number): void;
  distMoments(x: number, n: number, out: number): void;
  distQuantiles(x: number, n: number, q: number, nq: number, tmp: number, work: number, out: number): void;
  quantileWorkBytes(nq: number): number;
  distHistogram(
    x: number, n: number, bins: number, lo: number, hi: number, edges: number, counts: number,
  ): number;
  maskedMoments(pred: number, x: number, n: number, buf: number, out: number): void;
  // ranking (assembly/ranking.ts)
  labelIndicator(y: number, n: number, pos: number, out: number): void;
  negateInto(a: number, n: number, out: number): void;
  dropZeroWeight(s: number, y: number, w: number, n: number): number;
  packPayload(y: number, n: number, out: number): void;
  thresholdCounts(
    keys: number, payload: number, s: number, w: number, n: number, fps: number, tps: number, thr: number,
  ): number;
  dropRocIntermediate(fps: number, tps: number, thr: number, m: number): number;
  dropPrIntermediate(fps: number, tps: number, thr: number, m: number): number;
  rocRates(fps: number, tps: number, m: number, fpr: number, tpr: number): number;
  diffFlags(x: number, len: number): number;
  trapezoid(x: number, y: number, len: number, scratch: number): number;
  prCurve(fps: number, tps: number, m: number, prec: number, rec: number): number;
  apSum(prec: number, rec: number, len: number, scratch: number): number;
  logLossSum(pos: number, p: number, w: number, n: number, scratch: number): number;
  brierSum(pos: number, p: number, w: number, n: number, scratch: number): number;
  // multiclass (assembly/multiclass.ts)
  encodeLabels(y: number, n: number, classes: number, k: number, out: number): number;
  mismatchSum(yt: number, yp: number, w: number, n: number, out: number): number;
  probRowCheck(P: number, n: number, k: number, mode: number, out: number): number;
  multiLogLossSum(P: number, n: number, k: number, y: number, w: number, out: number): number;
  multiBrierSum(P: number, n: number, k: number, y: number, w: number, row: number, out: number): number;
  ovrColumn(P: number, n: number, k: number, y: number, c: number, out: number, ind: number): void;
  ovoSubset(
    P: number, n: number, k: number, y: number, a: number, b: number, ya: number, sa: number, yb: number, sb: number,
  ): number;
  topKSum(P: number, n: number, nc: number, y: number, kk: number, w: number, out: number): number;
  regExtraSum(kind: number, yt: number, yp: number, w: number, n: number, a: number, out: number): number;
}

let kernels: Kernels | null = null;
let pending: Promise<void> | null = null;
let buffer: ArrayBuffer | null = null;
let f64: Float64Array = new Float64Array(0);
let u8: Uint8Array = new Uint8Array(0);
let i32: Int32Array = new Int32Array(0);

/** Largest number of samples accepted per array (keeps byte offsets in 32-bit range). */
export const MAX_SAMPLES = 2 ** 27;

function decodeBase64(b64: string): Uint8Array<ArrayBuffer> {
  if (typeof atob === "function") {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  /* c8 ignore next */
  throw new Error("mlmetrics: no base64 decoder (atob) available in this environment");
}

/** Reads a NUL-terminated AssemblyScript abort message (UTF-16 string header). */
function abortMessage(ptr: number): string {
  try {
    const mem = new Uint32Array(kernels!.memory.buffer);
    const len = mem[(ptr - 4) >>> 2] >>> 1;
    const chars = new Uint16Array(kernels!.memory.buffer, ptr, len);
    return String.fromCharCode(...chars);
  } catch {
    return `abort at 0x${ptr.toString(16)}`;
  }
}

/**
 * Instantiates the WebAssembly core once. Idempotent and safe to call
 * concurrently: every caller awaits the same promise.
 *
 * @param source Optional: a `WebAssembly.Module`, or the bytes of
 *   `mlmetrics.wasm` (for environments that forbid compiling embedded bytes,
 *   pass a module compiled from the shipped file).
 * @example
 * ```ts
 * import { init, meanSquaredError } from "mlmetrics";
 * await init();
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 * ```
 */
export function init(source?: WebAssembly.Module | BufferSource): Promise<void> {
  if (kernels) return Promise.resolve();
  if (!pending) {
    pending = (async () => {
      const mod =
        source instanceof WebAssembly.Module
          ? source
          : await WebAssembly.compile(source ?? decodeBase64(wasmBase64));
      const result = await instantiate<Record<string, unknown>>(mod, {
        env: {
          abort(msg: number, _file: number, line: number, col: number) {
            throw new Error(`mlmetrics: WebAssembly abort: ${abortMessage(msg)} (${line}:${col})`);
          },
        },
      });
      kernels = result.exports as unknown as Kernels;
    })().catch((err) => {
      pending = null;
      throw err;
    });
  }
  return pending;
}

/** True once {@link init} has completed. */
export function isReady(): boolean {
  return kernels !== null;
}

/** The kernels; throws when {@link init} has not run. */
export function core(): Kernels {
  if (!kernels) {
    throw new Error("mlmetrics: the WebAssembly core is not initialised; call `await init()` first");
  }
  return kernels;
}

function refreshViews(): void {
  const buf = kernels!.memory.buffer;
  if (buf !== buffer) {
    buffer = buf;
    f64 = new Float64Array(buf);
    u8 = new Uint8Array(buf);
    i32 = new Int32Array(buf);
  }
}

/** Allocates `bytes` in the arena; throws RangeError when memory cannot grow. */
export function alloc(bytes: number): number {
  const k = core();
  const ptr = k.arenaAlloc(bytes);
  if (ptr === 0) {
    throw new RangeError(
      `mlmetrics: cannot allocate ${bytes} bytes of WebAssembly memory (input too large)`,
    );
  }
  return ptr;
}

/** Copies numbers (any numeric array-like) into a fresh f64 buffer; returns its pointer. */
export function putF64(data: ArrayLike<number>): number {
  const ptr = alloc(data.length * 8);
  refreshViews();
  if (Array.isArray(data) || ArrayBuffer.isView(data)) {
    f64.set(data as ArrayLike<number>, ptr >>> 3);
  } else {
    const base = ptr >>> 3;
    for (let i = 0; i < data.length; i++) f64[base + i] = data[i];
  }
  return ptr;
}

/** Reserves `count` f64 slots, zero-filled; returns the pointer. */
export function allocF64(count: number): number {
  const ptr = alloc(count * 8);
  refreshViews();
  f64.fill(0, ptr >>> 3, (ptr >>> 3) + count);
  return ptr;
}

/** Copies `count` f64 values out of linear memory. */
export function getF64(ptr: number, count: number): Float64Array {
  refreshViews();
  return f64.slice(ptr >>> 3, (ptr >>> 3) + count);
}

/** Reads one f64. */
export function readF64(ptr: number, index = 0): number {
  refreshViews();
  return f64[(ptr >>> 3) + index];
}

/** Copies `count` i32 values out of linear memory. */
export function getI32(ptr: number, count: number): Int32Array {
  refreshViews();
  return i32.slice(ptr >>> 2, (ptr >>> 2) + count);
}

/** Reads one u32 (e.g. an index written by the radix sort). */
export function readU32(ptr: number, index = 0): number {
  refreshViews();
  return i32[(ptr >>> 2) + index] >>> 0;
}

/** Copies i32 values into the arena; returns the pointer. */
export function putI32(data: ArrayLike<number>): number {
  const ptr = alloc(data.length * 4);
  refreshViews();
  i32.set(data, ptr >>> 2);
  return ptr;
}

/** Copies bytes into the arena; returns the pointer. */
export function putU8(data: ArrayLike<number>): number {
  const ptr = alloc(data.length);
  refreshViews();
  u8.set(data, ptr);
  return ptr;
}

/**
 * Runs `fn` with the arena and resets the arena afterwards, also on throw.
 * Nested calls share the outer arena and only the outermost one resets.
 */
let depth = 0;
export function withArena<T>(fn: (k: Kernels) => T): T {
  const k = core();
  depth++;
  try {
    return fn(k);
  } finally {
    depth--;
    if (depth === 0) k.arenaReset();
  }
}

/** Memory statistics for tests: pages of linear memory and bytes held by the arena. */
export function memoryStats(): { pages: number; arenaBytes: number } {
  const k = core();
  return { pages: k.memory.buffer.byteLength / 65536, arenaBytes: k.arenaUsed() };
}

/** Histogram scratch that `sortF64` needs (6 passes x 2048 buckets x u32). */
export const SORT_HIST_BYTES = 6 * 2048 * 4;

/**
 * Sorts the `n` f64 at `ptr` ascending in place (radix sort, no comparisons).
 * With `withIndex`, also returns the pointer of the u32 permutation (stable).
 */
export function sortInPlace(ptr: number, n: number, withIndex = false): number {
  const k = core();
  const tmp = alloc(n * 8);
  const hist = alloc(SORT_HIST_BYTES);
  let idx = 0;
  let idxTmp = 0;
  if (withIndex) {
    idx = alloc(n * 4);
    idxTmp = alloc(n * 4);
    k.iota(idx, n);
  }
  k.sortF64(ptr, n, tmp, idx, idxTmp, hist);
  return idx;
}
