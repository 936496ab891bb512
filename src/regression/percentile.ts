/**
 * sklearn's `_weighted_percentile(x, w, rank, average=True)` (moved here from
 * metrics.ts so that the 1-D and the multi-output regression modules share it
 * without an import cycle).
 * @module
 */
import { allocF64, type Kernels, readF64, readU32, sortInPlace } from "../wasm/core.js";

/**
 * sklearn's `_weighted_percentile(x, w, 50, average=True)`: sort x, cumulate the
 * weights in sorted order, find the first cumulative weight ≥ half the total;
 * when it lands exactly on the half, average with the next value of non-zero weight.
 */
export function weightedMedian(k: Kernels, x: number, w: number, n: number): number {
  return weightedPercentile(k, x, w, n, 50);
}

/**
 * sklearn's `_weighted_percentile(x, w, rank, average=True)` (the median is
 * rank 50): the target is (rank / 100) · Σw, as sklearn computes it. Sorts x in
 * place (with its permutation).
 */
export function weightedPercentile(k: Kernels, x: number, w: number, n: number, rank: number): number {
  const idx = sortInPlace(x, n, true);
  const cdf = allocF64(n);
  k.cumsumPermuted(w, idx, n, cdf);
  const total = readF64(cdf, n - 1);
  let target = (rank / 100) * total;
  if (target === 0) target = Number.MIN_VALUE;
  const searchLeft = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (readF64(cdf, mid) < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const searchRight = (v: number): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (readF64(cdf, mid) <= v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const i = Math.min(searchLeft(target), n - 1);
  const frac = readF64(cdf, i) - target;
  if (frac > 2.220446049250313e-16) return readF64(x, i);
  let j = Math.min(i + 1, n - 1);
  if (readF64(w, readU32(idx, j)) === 0) {
    const r = searchRight(readF64(cdf, i));
    j = r > n - 1 ? i : r;
  }
  return (readF64(x, i) + readF64(x, j)) / 2;
}
