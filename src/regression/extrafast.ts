/**
 * Fast path of the mean regression losses of ./extra.ts (mean squared log
 * error, pinball loss, Tweedie deviances) for unweighted typed arrays or
 * zero-copy handles (issue 16): the general path scans both inputs in
 * JavaScript, copies them, then computes the terms; here one chunked pass
 * copies each chunk into a cache-sized buffer and the kernel checks
 * finiteness, keeps both minima (the loss's domain is checked from them) and
 * writes the terms with the general kernel's `extraTerm`; the same pairwise
 * sum gives the same bits. `null`: the general path (its errors, in sklearn's order).
 * @module
 */
import { isFusable } from "../input/stage.js";
import { alloc, allocF64, getF64, MAX_SAMPLES, putF64At, WasmFloat64Array, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";

const CHUNK = 32768;

/**
 * The mean of `extraTerm(kind, y, ŷ, a)` over the samples, or `null` when the
 * inputs do not qualify, a value is not finite, or `domain(min y, min ŷ)` is false.
 */
export function extraMeanFast(
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  kind: number,
  a: number,
  domain: (minTrue: number, minPred: number) => boolean,
): number | null {
  if (!fastPaths.enabled) return null;
  if (sampleWeight !== undefined && sampleWeight !== null) return null;
  if (!isFusable(yTrue) || !isFusable(yPred)) return null;
  const n = yTrue.length;
  if (n === 0 || n > MAX_SAMPLES || yPred.length !== n) return null;
  return withArena((k) => {
    const terms = alloc(n * 8);
    const state = allocF64(3);
    const zt = yTrue instanceof WasmFloat64Array;
    const zp = yPred instanceof WasmFloat64Array;
    const m = Math.min(n, CHUNK);
    const bt = zt ? 0 : alloc(m * 8);
    const bp = zp ? 0 : alloc(m * 8);
    const init = getF64(state, 3);
    init[1] = init[2] = Infinity;
    putF64At(init, 0, 3, state);
    for (let i = 0; i < n; i += CHUNK) {
      const e = Math.min(n, i + CHUNK);
      if (!zt) putF64At(yTrue, i, e, bt);
      if (!zp) putF64At(yPred, i, e, bp);
      k.regExtraChunk(kind, zt ? yTrue.ptr + i * 8 : bt, zp ? yPred.ptr + i * 8 : bp, e - i, a, terms + i * 8, state);
    }
    const [flag, minT, minP] = getF64(state, 3);
    if (flag !== 0 || !domain(minT, minP)) return null;
    fastPaths.hits++;
    return k.sumF64(terms, n) / n;
  });
}
