/**
 * The fused fast path of the public binary `logLoss` (./metrics.ts) for the
 * common case; `null` sends the call to the general implementation.
 * @module
 */
import { labelCandidates } from "../input/labels.js";
import type { MulticlassProbOptions } from "./multiclass.js";
import { alloc, allocF64, getF64, type Kernels, MAX_SAMPLES, putF64At, WasmFloat64Array } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";

/** Elements per chunk of the fused copy-and-sum fast path (256 KiB per array). */
const FUSE_CHUNK = 32768;

/**
 * Unweighted, no `labels`/`nClasses`, `yTrue` and `yProb` both Float64Arrays
 * (copied in chunks, the terms summed right after each chunk's copy) or both
 * zero-copy handles, with two label values in `yTrue`: one pass checks that
 * every probability is in [0, 1] (finite) and every label is one of the two,
 * and sums the loss terms in numpy's pairwise order — the same terms, leaves
 * and tree as the general path, so the same bits. Returns `null` when the
 * inputs do not qualify or anything is flagged; the general path then computes
 * the result or raises sklearn's error (in sklearn's order).
 */
export function logLossFast(k: Kernels, yTrue: unknown, yProb: unknown, options: unknown): number | null {
  if (!fastPaths.enabled) return null;
  if (options !== undefined && options !== null) {
    if (typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) return null;
    const o = options as MulticlassProbOptions;
    if (o.sampleWeight !== undefined || o.labels !== undefined || o.nClasses !== undefined) return null;
  }
  const zc = yTrue instanceof WasmFloat64Array && yProb instanceof WasmFloat64Array;
  if (zc && (yTrue.freed || yProb.freed)) return null;
  if (!zc && !(yTrue instanceof Float64Array && yProb instanceof Float64Array)) return null;
  const n = (yTrue as { length: number }).length;
  if (n === 0 || n > MAX_SAMPLES || (yProb as { length: number }).length !== n) return null;
  const t = zc ? (yTrue as WasmFloat64Array).array : (yTrue as Float64Array);
  const [a, b, count] = labelCandidates(t);
  // Two classes, both finite integers (else the general path: its errors).
  if (count !== 2 || ![a, b].every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 63)) return null;
  if (zc) {
    const r = logLossStaged(k, (yTrue as WasmFloat64Array).ptr, (yProb as WasmFloat64Array).ptr, n, a, b);
    if (r !== null) fastPaths.hits++;
    return r;
  }
  const out = allocF64(2);
  // Nothing is needed after summing: two chunk-sized staging buffers (plus
  // room for the < 128 elements of a leaf that straddles two chunks).
  const p = yProb as Float64Array;
  const m = Math.min(n, FUSE_CHUNK) + 128;
  const bt = alloc(m * 8);
  const bp = alloc(m * 8);
  k.logLossStreamBegin(bt, bp, n, a, b, Math.max(a, b));
  for (let i = 0; i < n; i += FUSE_CHUNK) {
    const e = Math.min(n, i + FUSE_CHUNK);
    const c = k.logLossStagePrepare(bt, bp, i);
    putF64At(t, i, e, bt + c * 8);
    putF64At(p, i, e, bp + c * 8);
    k.logLossStreamAdvance(e);
  }
  k.logLossStreamFinish(out);
  const [flags, sum] = getF64(out, 2);
  if (flags !== 0) return null;
  fastPaths.hits++;
  return sum / n;
}

/**
 * The binary log loss of labels and probabilities already in the arena (n ≥ 1;
 * `a`, `b`: the two label values of yTrue, finite integers, the larger one
 * positive), by the fused kernel (the checks and the terms in one pass, the
 * general path's bits); `null` when anything is flagged (a probability outside
 * [0, 1], a label equal to neither). Call inside `withArena`.
 */
function logLossStaged(k: Kernels, yt: number, p: number, n: number, a: number, b: number): number | null {
  const out = allocF64(2);
  k.logLossFused(yt, p, n, a, b, Math.max(a, b), out);
  const [flags, sum] = getF64(out, 2);
  return flags !== 0 ? null : sum / n;
}

/**
 * {@link logLossStaged} while the data are being copied in (into buffers that
 * keep all n values, chunk by chunk): `advance(e)` once [0, e) of both is in
 * place runs every pairwise leaf inside it while it is hot; `finish()` gives
 * the mean, or `null` when anything was flagged. Same leaves, same tree, same
 * bits. Nothing else may use the stream in between. Call inside `withArena`.
 */
export function logLossStream(
  k: Kernels,
  yt: number,
  p: number,
  n: number,
  a: number,
  b: number,
): { advance(end: number): void; finish(): number | null } {
  k.logLossStreamBegin(yt, p, n, a, b, Math.max(a, b));
  return {
    advance: (end) => void k.logLossStreamAdvance(end),
    finish: () => {
      const out = allocF64(2);
      k.logLossStreamFinish(out);
      const [flags, sum] = getF64(out, 2);
      return flags !== 0 ? null : sum / n;
    },
  };
}
