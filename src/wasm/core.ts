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
import { wasmBase64, wasmScalarBase64 } from "./wasm-bytes.js";
import { type Pool, startPool, threadsUnavailable } from "./pool.js";

/** The kernels exported by `assembly/index.ts` (pointers are byte offsets). */
export interface Kernels {
  memory: WebAssembly.Memory;
  arenaAlloc(bytes: number): number;
  arenaReset(): void;
  arenaUsed(): number;
  sumF64(ptr: number, n: number): number;
  mcProbChunk(P: number, y: number, m: number, k: number, mode: number, kk: number, terms: number, state: number): void;
  mcStateInit(state: number): void;
  regExtraChunk(kind: number, yt: number, yp: number, m: number, a: number, terms: number, state: number): void;
  brierBinaryChunk(y: number, p: number, m: number, a: number, b: number, pos: number, terms: number, state: number): void;
  sumSequential(ptr: number, n: number): number;
  /** Benchmark probe: a plain SIMD read of every element (a checksum, not a numpy sum). */
  readF64(ptr: number, n: number): number;
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
  selectTwo(x: number, n: number, rlo: number, rhi: number, tmp: number, work: number, out: number): void;
  quantileWorkBytes(nq: number): number;
  distHistogram(
    x: number, n: number, bins: number, lo: number, hi: number, edges: number, counts: number,
  ): number;
  maskedMoments(pred: number, x: number, n: number, buf: number, out: number): void;
  anomalySplit(pred: number, x: number, n: number, a: number, b: number, state: number): void;
  distSsd(x: number, n: number, mean: number, out: number): void;
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
  detCurve(
    fps: number, tps: number, thr: number, m: number, drop: number, fpr: number, fnr: number, thrOut: number,
  ): number;
  rocRates(fps: number, tps: number, m: number, fpr: number, tpr: number): number;
  diffFlags(x: number, len: number): number;
  trapezoid(x: number, y: number, len: number, scratch: number): number;
  prCurve(fps: number, tps: number, m: number, prec: number, rec: number): number;
  apSum(prec: number, rec: number, len: number, scratch: number): number;
  logLossSum(pos: number, p: number, w: number, n: number, scratch: number): number;
  brierSum(pos: number, p: number, w: number, n: number, scratch: number): number;
  // calibration_curve (assembly/calibration.ts)
  calibrationBins(
    p: number, y: number, n: number, pos: number, edges: number, ne: number, sums: number, trues: number, totals: number,
  ): void;
  // validation scans and per-metric fast paths (assembly/scan.ts, regression.ts, memory.ts)
  scanF64(x: number, n: number, out: number): number;
  zeroSigns(x: number, n: number): number;
  scanF64P(x: number, n: number, out: number): void;
  binaryLabels(x: number, n: number, out: number): number;
  binaryCounts(yt: number, yp: number, n: number, pos: number, out: number): void;
  regressionStatsMode(yt: number, yp: number, n: number, mode: number, out: number): void;
  pinAlloc(bytes: number): number;
  pinRelease(ptr: number): void;
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
  regExtraConstSum(kind: number, yt: number, c: number, w: number, n: number, a: number, out: number): number;
  moColSums(kind: number, yt: number, yp: number, w: number, n: number, m: number, a: number, c: number, out: number): void;
  moColumn(yt: number, yp: number, n: number, m: number, j: number, out: number): void;
  moColSumsAdd(kind: number, yt: number, yp: number, w: number, n: number, m: number, a: number, c: number, out: number): void;
  hingeBinarySum(y: number, d: number, w: number, n: number, out: number): number;
  hingeMultiSum(D: number, n: number, k: number, yi: number, w: number, out: number): number;
  diffSigns(x: number, n: number): number;
  classWeightSums(yi: number, w: number, n: number, k: number, out: number): void;
  gatherSum(yi: number, r: number, w: number, n: number, out: number): number;
  complementPairs(p: number, n: number, out: number): void;
  productSum(a: number, b: number, n: number, out: number): number;
  mlCountChunk(
    T: number, P: number, rows: number, k: number, w: number, mult: number, cols: number,
    rowTP: number, rowPred: number, rowTrue: number, rowDiff: number, st: number,
  ): void;
  mlTypeChunk(X: number, m: number, st: number): void;
  mlSamplesScores(
    rowTP: number, rowPred: number, rowTrue: number, w: number, n: number, kind: number, beta2: number, fmode: number, zd: number,
    outA: number, outB: number, outC: number, zeros: number,
  ): void;
  mlNanAverage(a: number, w: number, n: number, s1: number, s2: number, s3: number, out: number): void;
  mlRowWeighted(d: number, w: number, n: number, hits: number, out: number): number;
  coverageRows(T: number, S: number, n: number, k: number, out: number): void;
  rankingLossRows(T: number, S: number, n: number, k: number, idx: number, out: number): void;
  lrapSum(T: number, S: number, n: number, k: number, w: number, tmp: number): number;
  dcgRows(T: number, S: number, n: number, k: number, disc: number, cum: number, ties: number, idx: number, tmp: number, out: number): void;
  ndcgRows(gain: number, norm: number, n: number): void;
  // fused fast paths (assembly/fused.ts, regression.ts)
  regStreamBegin(yt: number, yp: number, n: number, mode: number): void;
  regStreamAdvance(avail: number): number;
  regStreamFinish(n: number, out: number): void;
  regStagePrepare(bufP: number, avail: number): number;
  binaryFusedChunk(
    yt: number, yp: number, n: number, at: number, bt: number, ap: number, bp: number, pos: number, out: number,
  ): void;
  accuracyFusedChunk(yt: number, yp: number, n: number, out: number): void;
  confusionSmallChunk(yt: number, yp: number, n: number, cells: number, out: number): void;
  allFinite(x: number, n: number): number;
  logLossFused(yt: number, p: number, n: number, a: number, b: number, pos: number, out: number): void;
  logLossStreamBegin(yt: number, p: number, n: number, a: number, b: number, pos: number): void;
  logLossStreamAdvance(avail: number): number;
  logLossStreamFinish(out: number): void;
  logLossStagePrepare(bufT: number, bufP: number, avail: number): number;
  // per-row terms of the evaluators' exact sums (assembly/streaming.ts)
  regTerms(yt: number, yp: number, w: number, n: number, e2: number, ae: number, ape: number, yw: number): number;
  anomalyGroups(pred: number, x: number, n: number, outA: number, out: number): void;
  minMax(x: number, n: number, out: number): void;
  logTerms(p: number, w: number, n: number, cls: number, forms: number, groups: number, outs: number, counts: number): void;
  multiLogTerms(
    P: number, n: number, k: number, col: number, cols: number, w: number, cls: number, groups: number, outs: number, counts: number,
  ): void;
  cellCounts(t: number, q: number, n: number, k: number, cells: number): void;
  groupValues(g: number, x: number, n: number, groups: number, offsets: number, out: number): void;
  cellIndex(t: number, q: number, n: number, k: number, out: number): void;
  binIndex(p: number, n: number, bins: number, base: number, out: number): void;
  gatherF64(src: number, idx: number, n: number, out: number): void;
  composeU32(a: number, b: number, n: number, out: number): void;
  encodeTwo(y: number, n: number, b: number, out: number): void;
  binaryLogTerms(ids: number, p: number, w: number, n: number, pos: number, neg: number, outPos: number, outNeg: number, out: number): void;
  idsToU8(x: number, n: number, out: number): void;
  // streamed binary ROC AUC / average precision (assembly/streamed.ts; u64 arguments are bigints)
  srHist(s: number, c: number, n: number, wide: number, pos: number, sh: number, hist: number): void;
  srRefine(
    s: number, c: number, n: number, wide: number, pos: number, top: number, sh: number, subs: number, ranges: number, hist: number,
  ): void;
  srScatter(
    s: number, c: number, n: number, wide: number, pos: number, top: number, sh: number, subs: number,
    first: number, count: number, cur: number, lo: bigint, width: bigint, buf: number,
  ): void;
  srSortGroups(buf: number, sizes: number, np: number, tmp: number, tmpCap: number, hist: number): void;
  srBegin(L: number, E: number): void;
  srWalk(keys: number, n: number): void;
  srTie(cnt: number, p: number): void;
  srEnd(out: number): void;
  srSums(L: number, E: number, n: number, np: number, m: number, k: number, tb: number, cap: number, out: number): void;
  // key-only radix sort (assembly/sort.ts)
  sortKeysU64(a: number, n: number, tmp: number, hist: number): number;
  keySortHistBytes(): number;
  // quantile sketch (assembly/sketch.ts; keys are u64, returned by sketchKey as a signed i64 bigint)
  sketchKey(x: number, m: number): bigint;
  sketchRep(key: bigint, m: number): number;
  sketchDirBytes(m: number): number;
  sketchBlockSize(m: number): number;
  sketchBlocksNeeded(x: number, n: number, m: number, bits: number): number;
  sketchBegin(m: number, dir: number, blocks: number, capBytes: number, spill: number, spillCap: number): void;
  sketchCount(x: number, n: number): number;
  sketchPos(): number;
  sketchGrow(bytes: number): void;
  sketchUsed(): number;
  sketchEmit(keys: number, counts: number, mm: number, tmp: number, hist: number): number;
  sketchKeys(x: number, n: number, m: number, keys: number, mm: number): number;
  sketchRuns(keys: number, n: number, counts: number): number;
  sketchMerge(ak: number, ac: number, na: number, bk: number, bc: number, nb: number, ok: number, oc: number): number;
  sketchQuantiles(
    keys: number, counts: number, nb: number, m: number, n: number, min: number, max: number, q: number, nq: number,
    cum: number, out: number,
  ): void;
  sketchHistogram(
    keys: number, counts: number, nb: number, m: number, min: number, max: number, bins: number, edges: number,
    out: number,
  ): void;
  // exact sums (assembly/exactsum.ts): superaccumulators at acc (header + i64 limbs)
  exactBytes(nl: number): number;
  exactInit(acc: number, nl: number, base: number): void;
  exactAddArray(acc: number, x: number, n: number): void;
  exactAddSquares(acc: number, x: number, n: number): void;
  exactAddProducts(acc: number, a: number, b: number, n: number): void;
  exactAddWeightedSquares(acc: number, w: number, x: number, n: number): void;
  exactAddGrouped(accs: number, stride: number, count: number, groups: number, x: number, n: number): number;
  exactNormalize(acc: number): void;
  exactMerge(dst: number, src: number): number;
}

let kernels: Kernels | null = null;
let buildName: "simd" | "scalar" | "custom" = "simd";
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
export function init(
  source?: WebAssembly.Module | BufferSource | InitOptions,
  options?: InitOptions,
): Promise<void> {
  if (source && !(source instanceof WebAssembly.Module) && !ArrayBuffer.isView(source) && !isArrayBuffer(source)) {
    // init({ threads: 2 }): the options alone
    options = source as InitOptions;
    source = undefined;
  }
  let threads: number;
  try {
    threads = checkThreads(options?.threads);
  } catch (err) {
    return Promise.reject(err);
  }
  if (kernels) return Promise.resolve();
  if (!pending) {
    pending = (async () => {
      let mod: WebAssembly.Module;
      if (threads > 1 && !source && (await initShared(threads, options))) return;
      if (source instanceof WebAssembly.Module) {
        mod = source;
        buildName = "custom";
      } else if (source) {
        mod = await WebAssembly.compile(source as BufferSource);
        buildName = "custom";
      } else {
        // The SIMD build when the engine validates it (WebAssembly.validate),
        // else the scalar build; both give identical bits.
        const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
        const want = options?.build ?? (env?.MLMETRICS_BUILD as "simd" | "scalar" | undefined) ?? "auto";
        const simd = decodeBase64(wasmBase64);
        const useSimd = want === "simd" || (want !== "scalar" && WebAssembly.validate(simd));
        buildName = useSimd ? "simd" : "scalar";
        mod = await WebAssembly.compile(useSimd ? simd : decodeBase64(wasmScalarBase64));
      }
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

/** Options of {@link init}. */
export interface InitOptions {
  /** `'auto'` (default: SIMD when the engine validates it), `'simd'` or `'scalar'`. */
  build?: "auto" | "simd" | "scalar";
  /**
   * Threads for the large sort-bound calls (default 1): with N > 1, the core is
   * the shared-memory build and N − 1 worker threads run on the same memory
   * (Node `worker_threads`; in browsers Web Workers, only when the page is
   * cross-origin isolated). Where shared memory is unavailable, init falls
   * back to one thread and says why through `onWarning` (else `console.warn`).
   */
  threads?: number;
  /** Receives the fallback message when `threads` cannot be honoured. */
  onWarning?: (message: string) => void;
}

function isArrayBuffer(x: unknown): boolean {
  return x instanceof ArrayBuffer || (typeof SharedArrayBuffer === "function" && x instanceof SharedArrayBuffer);
}

function checkThreads(t: unknown): number {
  if (t === undefined || t === null) return 1;
  if (typeof t !== "number" || !Number.isInteger(t) || t < 1 || t > 64) {
    throw new RangeError(`threads must be an integer in [1, 64], got ${String(t)}`);
  }
  return t;
}

let pool: Pool | null = null;
let sharedMemory = false;

/** Largest memory of the shared build, in 64 KiB pages (4 GiB, as the default build can grow to). */
const SHARED_MAX_PAGES = 65536;

// The shared-memory build on a fresh shared memory, and the workers. False
// (after warning) when threads are unavailable here: init then loads the
// default build.
async function initShared(threads: number, options?: InitOptions): Promise<boolean> {
  const say = (why: string) => {
    const msg = `mlmetrics: threads: ${threads} requested, but ${why}; running on one thread`;
    if (options?.onWarning) options.onWarning(msg);
    else console.warn(msg);
  };
  const why = threadsUnavailable();
  if (why) {
    say(why);
    return false;
  }
  let mod: WebAssembly.Module;
  let memory: WebAssembly.Memory;
  let exports: WebAssembly.Exports;
  try {
    const { wasmSharedBase64 } = await import("./wasm-shared-bytes.js");
    const bytes = decodeBase64(wasmSharedBase64);
    if (!WebAssembly.validate(bytes)) throw new Error("this engine does not support the shared-memory build");
    mod = await WebAssembly.compile(bytes);
    memory = new WebAssembly.Memory({ initial: 2, maximum: SHARED_MAX_PAGES, shared: true });
    const inst = await WebAssembly.instantiate(mod, {
      env: {
        memory,
        abort(msg: number, _file: number, line: number, col: number) {
          throw new Error(`mlmetrics: WebAssembly abort: ${abortMessage(msg)} (${line}:${col})`);
        },
      },
    });
    exports = inst.exports;
  } catch (err) {
    say(`the shared-memory build could not be loaded (${(err as Error).message})`);
    return false;
  }
  kernels = exports as unknown as Kernels;
  buildName = "simd";
  sharedMemory = true;
  try {
    pool = await startPool(mod, memory, threads);
  } catch (err) {
    say(`the worker threads could not be started (${(err as Error).message})`);
  }
  return true;
}

/** The worker pool of `init({ threads })`, or null with one thread (internal, for src/wasm/threads.ts). */
export function threadPool(): Pool | null {
  return pool;
}

/**
 * Threads the large sort-bound calls use: `threads` of {@link init}, or 1
 * (the default, a fallback, or after {@link closeThreads}).
 */
export function threadCount(): number {
  return pool ? pool.threads : 1;
}

/**
 * Stops the worker threads of `init({ threads })`; every later call runs on
 * the main thread (same results). Idempotent. A Node program exits without
 * calling it (the workers do not keep it alive); call it to release the
 * threads early, e.g. in a test's teardown.
 * @example
 * ```ts
 * await init({ threads: 2 });
 * rocAucScore(yTrue, yScore); // large inputs: two threads
 * await closeThreads();
 * ```
 */
export async function closeThreads(): Promise<void> {
  const p = pool;
  pool = null;
  if (p) await p.close();
}

/** Which build {@link init} loaded: `'simd'`, `'scalar'` (no SIMD support), or `'custom'` (a module or bytes you passed). */
export function wasmBuild(): "simd" | "scalar" | "custom" {
  core();
  return buildName;
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
  // The kernel takes a u32: a larger request would wrap around and hand out a
  // block smaller than asked (a trap, or writes over other data). Refuse it.
  const ptr = bytes >= 0 && bytes <= 0xffff0000 ? k.arenaAlloc(bytes) : 0;
  if (ptr === 0) {
    throw new RangeError(
      `mlmetrics: cannot allocate ${bytes} bytes of WebAssembly memory (input too large)`,
    );
  }
  return ptr;
}

/** Copies numbers (any numeric array-like) into a fresh f64 buffer; returns its pointer. */
export function putF64(data: ArrayLike<number> | WasmFloat64Array): number {
  if (data instanceof WasmFloat64Array) {
    // A handle's data is copied too (callers may modify the copy in place).
    const src = data.ptr;
    const n = data.length;
    const ptr = alloc(n * 8);
    refreshViews();
    f64.copyWithin(ptr >>> 3, src >>> 3, (src >>> 3) + n);
    return ptr;
  }
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

/**
 * A view (no copy) of `count` f64 in linear memory, for a caller that reads it
 * at once: any later allocation may grow the memory and detach it.
 */
export function viewF64(ptr: number, count: number): Float64Array {
  refreshViews();
  return f64.subarray(ptr >>> 3, (ptr >>> 3) + count);
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

/** Copies `count` bytes out of linear memory. */
export function getU8(ptr: number, count: number): Uint8Array {
  refreshViews();
  return u8.slice(ptr, ptr + count);
}

/** Copies i32 values into the arena; returns the pointer. */
export function putI32(data: ArrayLike<number>): number {
  const ptr = alloc(data.length * 4);
  refreshViews();
  i32.set(data, ptr >>> 2);
  return ptr;
}

/** Copies the bytes of a typed array (e.g. a BigUint64Array) into the arena; returns the pointer. */
export function putBytes(data: ArrayBufferView): number {
  const ptr = alloc(data.byteLength);
  refreshViews();
  u8.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ptr);
  return ptr;
}

/** Copies `count` u64 values out of linear memory (8-byte aligned `ptr`). */
export function getU64(ptr: number, count: number): BigUint64Array {
  refreshViews();
  return new BigUint64Array(u8.slice(ptr, ptr + count * 8).buffer);
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

/**
 * Memory statistics for tests: pages of linear memory, bytes held by the
 * arena, whether the memory is shared (`init({ threads })`) and the threads in use.
 */
export function memoryStats(): { pages: number; arenaBytes: number; shared: boolean; threads: number } {
  const k = core();
  return { pages: k.memory.buffer.byteLength / 65536, arenaBytes: k.arenaUsed(), shared: sharedMemory, threads: threadCount() };
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

/** True while a metric call holds the arena (inside {@link withArena}). */
export function inArena(): boolean {
  return depth > 0;
}

/**
 * A Float64Array living in the module's linear memory, for zero-copy metric
 * calls: fill `.array` and pass the handle (or nothing else) to a metric; the
 * data is validated in place and never copied.
 *
 * `.array` re-creates the view whenever the memory has grown (a grown
 * `WebAssembly.Memory` detaches old views), so read it again after any metric
 * call instead of keeping it. Handles must be freed (`free()`); memory is
 * reclaimed in LIFO order (a handle freed before younger ones is reclaimed
 * when those are freed too).
 */
export class WasmFloat64Array {
  readonly #ptr: number;
  readonly #length: number;
  #view: Float64Array | null = null;
  #freed = false;

  /** @internal use {@link allocFloat64}. */
  constructor(ptr: number, length: number) {
    this.#ptr = ptr;
    this.#length = length;
  }

  /** Byte offset in linear memory. */
  get ptr(): number {
    if (this.#freed) throw new Error("mlmetrics: this WasmFloat64Array has been freed");
    return this.#ptr;
  }

  /** Number of elements. */
  get length(): number {
    return this.#length;
  }

  /** True after {@link WasmFloat64Array.free}. */
  get freed(): boolean {
    return this.#freed;
  }

  /** A Float64Array view of the data, valid until the memory grows next. */
  get array(): Float64Array {
    const ptr = this.ptr;
    refreshViews();
    if (this.#view === null || this.#view.buffer !== buffer) {
      this.#view = new Float64Array(buffer!, ptr, this.#length);
    }
    return this.#view;
  }

  /** Releases the memory (LIFO, see the class notes). Idempotent. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    this.#view = null;
    let release = -1;
    while (pinned.length > 0 && pinned[pinned.length - 1].#freed) release = pinned.pop()!.#ptr;
    if (release >= 0) core().pinRelease(release);
  }
}

const pinned: WasmFloat64Array[] = [];

/**
 * Allocates `n` float64 values in module memory (zero-filled) for zero-copy
 * metric calls. Metrics accept the returned handle wherever they accept a
 * Float64Array of numbers and read it in place.
 * @example
 * ```ts
 * const yTrue = allocFloat64(3), yPred = allocFloat64(3);
 * yTrue.array.set([3, -0.5, 2]); yPred.array.set([2.5, 0.0, 2]);
 * meanSquaredError(yTrue, yPred); // 0.08333333333333333
 * yPred.free(); yTrue.free();
 * ```
 */
export function allocFloat64(n: number): WasmFloat64Array {
  const k = core();
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAMPLES) {
    throw new RangeError(`allocFloat64: n must be an integer in [0, ${MAX_SAMPLES}], got ${n}`);
  }
  if (depth > 0) throw new Error("mlmetrics: allocFloat64 cannot be called during a metric call");
  k.arenaReset();
  const ptr = k.pinAlloc(Math.max(16, n * 8));
  if (ptr === 0) {
    throw new RangeError(`mlmetrics: cannot allocate ${n * 8} bytes of WebAssembly memory`);
  }
  const h = new WasmFloat64Array(ptr, n);
  pinned.push(h);
  refreshViews();
  f64.fill(0, ptr >>> 3, (ptr >>> 3) + n);
  return h;
}

/** True for a {@link WasmFloat64Array} handle. */
export function isWasmArray(x: unknown): x is WasmFloat64Array {
  return x instanceof WasmFloat64Array;
}

/** Result of {@link stageF64}: where the data is, and what the scan found. */
export interface Staged {
  ptr: number;
  /** 0 all finite, 1 some ±Infinity (no NaN), 2 some NaN. */
  flags: number;
  min: number;
  max: number;
}

/**
 * Puts `data` into the arena (no copy for a {@link WasmFloat64Array}) and scans
 * it in WebAssembly for non-finite values, min and max. Call inside
 * {@link withArena}; the caller decides and throws before any metric kernel
 * runs on the data.
 */
export function stageF64(data: ArrayLike<number> | WasmFloat64Array, n: number): Staged {
  const k = core();
  const out = alloc(16);
  if (data instanceof WasmFloat64Array || !(data instanceof Float64Array || data instanceof Float32Array)) {
    const ptr = data instanceof WasmFloat64Array ? data.ptr : putF64(data);
    const flags = k.scanF64(ptr, n, out);
    refreshViews();
    return { ptr, flags, min: f64[out >>> 3], max: f64[(out >>> 3) + 1] };
  }
  // Copy in cache-sized chunks and scan each chunk right after its copy,
  // while it is still in cache: the scan then costs almost no memory traffic.
  const ptr = alloc(n * 8);
  let flags = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i += STAGE_CHUNK) {
    const e = Math.min(n, i + STAGE_CHUNK);
    refreshViews();
    f64.set(i === 0 && e === n ? data : data.subarray(i, e), (ptr >>> 3) + i);
    const f = k.scanF64(ptr + i * 8, e - i, out);
    if (f > flags) flags = f;
    refreshViews();
    min = Math.min(min, f64[out >>> 3]);
    max = Math.max(max, f64[(out >>> 3) + 1]);
  }
  return { ptr, flags, min, max };
}

/** Elements per copy-and-scan chunk of {@link stageF64} (64 KiB of f64). */
export const STAGE_CHUNK = 8192;

/** The numeric typed arrays (no BigInt arrays): what the fused fast paths copy in, converting to float64. */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int32Array
  | Uint32Array
  | Int16Array
  | Uint16Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray;

/** True for a numeric typed array (not a DataView, not a BigInt array). */
export function isNumericTypedArray(x: unknown): x is NumericTypedArray {
  return (
    x instanceof Float64Array ||
    x instanceof Float32Array ||
    x instanceof Int32Array ||
    x instanceof Uint32Array ||
    x instanceof Int16Array ||
    x instanceof Uint16Array ||
    x instanceof Int8Array ||
    x instanceof Uint8Array ||
    x instanceof Uint8ClampedArray
  );
}

/**
 * Copies `data[start, end)` to the f64 buffer at `ptr`, at the same offsets
 * (for fast paths that copy in chunks and work on each chunk while it is hot).
 * Integer and float32 elements are converted to float64 exactly.
 */
export function putF64Range(data: NumericTypedArray, start: number, end: number, ptr: number): void {
  refreshViews();
  f64.set(start === 0 && end === data.length ? data : data.subarray(start, end), (ptr >>> 3) + start);
}

/** Copies `data[start, end)` to the f64 buffer at `ptr` (its first element at `ptr`), converting as {@link putF64Range}. */
export function putF64At(data: NumericTypedArray, start: number, end: number, ptr: number): void {
  refreshViews();
  f64.set(start === 0 && end === data.length ? data : data.subarray(start, end), ptr >>> 3);
}

/**
 * Copies a plain array of numbers — or, with `allowBool`, of booleans (as 1
 * and 0) — to the f64 buffer at `ptr` (room for `a.length` values). Returns
 * false as soon as an element is something else (a mix of numbers and
 * booleans included), leaving the checks and messages to the general path.
 * Values are not checked (NaN and infinities are copied as they are).
 */
export function putPlainArray(a: readonly unknown[], ptr: number, allowBool: boolean): boolean {
  return putPlainRange(a, 0, a.length, ptr, allowBool);
}

/**
 * {@link putPlainArray} for `a[start, end)`, written from `ptr` on (its first
 * element at `ptr`); whether the array holds booleans is decided by `a[0]`.
 */
export function putPlainRange(a: readonly unknown[], start: number, end: number, ptr: number, allowBool: boolean): boolean {
  refreshViews();
  const base = (ptr >>> 3) - start;
  // `at`, not `a[0]`: an optimised keyed load that has seen arrays of numbers
  // and of booleans makes V8 transition the caller's number[] (unboxed doubles)
  // to generic elements (every value boxed) before reading it.
  if (typeof a.at(0) === "boolean") return allowBool && putBooleans(a, start, end, f64, base);
  return putNumbers(a, start, end, f64, base);
}

// One loop per kind of array, so that each keyed load only sees arrays of
// that kind (see above).
function putNumbers(a: readonly unknown[], start: number, end: number, dst: Float64Array, base: number): boolean {
  for (let i = start; i < end; i++) {
    const v = a[i];
    if (typeof v !== "number") return false;
    dst[base + i] = v;
  }
  return true;
}

function putBooleans(a: readonly unknown[], start: number, end: number, dst: Float64Array, base: number): boolean {
  // Branch-free on the values (labels are unpredictable): 1 for true, 0 for
  // false, and a flag for anything else.
  let bad = 0;
  for (let i = start; i < end; i++) {
    const v = a[i];
    const t = ((v === true) as unknown as number) | 0;
    bad |= (t | ((v === false) as unknown as number)) ^ 1;
    dst[base + i] = t;
  }
  return bad === 0;
}

/** Copies the bytes of `data` to linear memory at `ptr` (a buffer allocated by the caller). */
export function putBytesAt(data: ArrayBufferView, ptr: number): void {
  refreshViews();
  u8.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ptr);
}

/** Copies `n` f64 already in linear memory to a fresh arena buffer; returns its pointer. */
export function copyF64(src: number, n: number): number {
  const ptr = alloc(n * 8);
  refreshViews();
  f64.copyWithin(ptr >>> 3, src >>> 3, (src >>> 3) + n);
  return ptr;
}
