/**
 * The fused fast path of the multiclass probability / score losses (issue 16):
 * `logLoss`, `brierScoreLoss` and `topKAccuracyScore` on a flat row-major
 * matrix with `nClasses` (3 to 64) and class-index labels. The general path
 * flattens and scans the matrix in JavaScript, copies it twice, scans the
 * labels and encodes them, then runs the checks and the terms as separate
 * passes; here the matrix and the labels are read once, chunk by chunk (each
 * chunk copied into a cache-sized staging buffer, or read in place from
 * zero-copy handles), by one kernel (`mcProbChunk`) that does the checks and
 * writes each row's term with the general kernels' operations; the terms are
 * then summed by the same pairwise sum: the same bits.
 * @module
 */
import { labelCandidates } from "../input/labels.js";
import { isFusable } from "../input/stage.js";
import { alloc, allocF64, getF64, getI32, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64At, WasmFloat64Array, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";

/** Values per staged chunk of the matrix (256 KiB). */
const CHUNK = 32768;

/** Which term: 0 log loss, 1 Brier, 2 top-k hit (mcfused.ts). */
export enum McMode {
  LOG_LOSS = 0,
  BRIER = 1,
  TOP_K = 2,
}

/**
 * The sum of the per-row terms and n, or `null` (the general path) unless:
 * no weights, no `labels`, `nClasses` an integer from 3 to 64, yTrue and
 * yScore typed arrays or zero-copy handles with yScore.length = n·nClasses,
 * every label a class index 0 .. nClasses-1 with every class present, every
 * value finite, and for the probability losses every value in [0, 1] and every
 * row summing to 1 (else the general path raises or warns, in sklearn's order).
 */
export function mcProbFast(
  yTrue: unknown,
  yScore: unknown,
  o: { sampleWeight?: unknown; labels?: unknown; nClasses?: number },
  mode: McMode,
  kk = 0,
): { sum: number; n: number } | null {
  if (!fastPaths.enabled) return null;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return null;
  if (o.labels !== undefined && o.labels !== null) return null;
  const k = o.nClasses;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 3 || k > 64) return null;
  if (!isFusable(yTrue) || !isFusable(yScore)) return null;
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yScore.length !== n * k) return null;
  return withArena((kern) => {
    const terms = alloc(n * 8);
    const state = allocF64(6);
    kern.mcStateInit(state);
    streamRows(kern, yTrue, yScore, n, k, (py, pp, row, m) => kern.mcProbChunk(pp, py, m, k, mode, kk, terms + row * 8, state));
    const [flags, lo, hi, badRows] = getF64(state, 4);
    if (flags !== 0 || badRows !== 0) return null;
    if (mode !== McMode.TOP_K && !(lo >= 0 && hi <= 1)) return null;
    const [m0, m1] = getI32(state + 32, 2);
    const want0 = k >= 32 ? 0xffffffff : 2 ** k - 1;
    const want1 = k > 32 ? 2 ** (k - 32) - 1 : 0;
    if (m0 >>> 0 !== want0 || m1 >>> 0 !== want1) return null;
    const sum = kern.sumF64(terms, n);
    fastPaths.hits++;
    return { sum, n };
  });
}

/** Calls `chunk(pY, pP, firstRow, rows)` over the rows, staging typed arrays chunk by chunk (handles in place). */
function streamRows(
  k: Kernels,
  y: NumericTypedArray | WasmFloat64Array,
  P: NumericTypedArray | WasmFloat64Array,
  n: number,
  nc: number,
  chunk: (py: number, pp: number, row: number, m: number) => void,
): void {
  const rows = Math.max(1, Math.floor(CHUNK / nc));
  const zy = y instanceof WasmFloat64Array;
  const zp = P instanceof WasmFloat64Array;
  const by = zy ? 0 : alloc(Math.min(n, rows) * 8);
  const bp = zp ? 0 : alloc(Math.min(n, rows) * nc * 8);
  void k;
  for (let i = 0; i < n; i += rows) {
    const e = Math.min(n, i + rows);
    if (!zy) putF64At(y, i, e, by);
    if (!zp) putF64At(P, i * nc, e * nc, bp);
    chunk(zy ? y.ptr + i * 8 : by, zp ? P.ptr + i * nc * 8 : bp, i, e - i);
  }
}

/**
 * Fast path of the binary `brierScoreLoss` (1-D probabilities): options with
 * at most `posLabel` (a number that is one of the two labels) and
 * `onWarning`; yTrue and yProb typed arrays or handles of the same non-zero
 * length; two label values in yTrue, finite integers (the positive one
 * `posLabel`, else the greater, as the general path's default). One pass
 * checks every probability (in [0, 1]) and label (one of the two) and writes
 * the general kernel's terms, summed by the same pairwise sum. `null`: the
 * general path (its errors, in sklearn's order).
 */
export function brierBinaryFast(yTrue: unknown, yProb: unknown, options: unknown): number | null {
  if (!fastPaths.enabled) return null;
  if (options !== undefined && options !== null) {
    if (typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) return null;
    for (const key of Object.keys(options)) if (key !== "posLabel" && key !== "onWarning") return null;
  }
  if (!isFusable(yTrue) || !isFusable(yProb)) return null;
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yProb.length !== n) return null;
  const [a, b, count] = labelCandidates(yTrue instanceof WasmFloat64Array ? yTrue.array : yTrue);
  if (count !== 2 || ![a, b].every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 53)) return null;
  const given = (options as { posLabel?: unknown } | undefined)?.posLabel;
  if (given !== undefined && given !== null && given !== a && given !== b) return null;
  const pos = typeof given === "number" ? given : Math.max(a, b);
  return withArena((kern) => {
    const terms = alloc(n * 8);
    const state = allocF64(1);
    streamRows(kern, yTrue, yProb, n, 1, (py, pp, row, m) => kern.brierBinaryChunk(py, pp, m, a, b, pos, terms + row * 8, state));
    if (getF64(state, 1)[0] !== 0) return null;
    fastPaths.hits++;
    return (kern.sumF64(terms, n) / n) * 0.5;
  });
}
