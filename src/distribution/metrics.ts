/**
 * Score distributions: summary statistics, quantiles and a histogram of a
 * score vector, computed exactly as numpy 2.4 does (`np.mean`, `np.std`,
 * `np.quantile(method='linear')`, `np.histogram`), plus the per-label means of
 * sklearn outlier predictions used by the anomaly-detection metric dict.
 * @module
 */
import { checkArray, checkConsistentLength, checkOptions, type NumericArray, ValueError, warn, type WarnOptions } from "../input/validate.js";
import { isFusable, stageInput } from "../input/stage.js";
import { alloc, allocF64, copyF64, getF64, getI32, isNumericTypedArray, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64, putF64At, putF64Range, readF64, readU32, WasmFloat64Array, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";
import { type ParKernels, threadsFor } from "../wasm/threads.js";
import { threadedDistribution } from "./threaded.js";

/** Default probabilities of {@link scoreDistribution}. */
export const DEFAULT_QUANTILES: readonly number[] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];

/** Options of {@link scoreDistribution}. */
export interface ScoreDistributionOptions extends WarnOptions {
  /** Probabilities in [0, 1]; default `[0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]`. */
  quantiles?: readonly number[] | Float64Array | Float32Array;
  /** Number of equal-width histogram bins (a positive integer); default 10. */
  bins?: number;
}

/** An equal-width histogram: `counts[i]` samples in `[edges[i], edges[i+1])`, the last bin closed. */
export interface Histogram {
  /** Samples per bin (`bins` integers summing to `count`). */
  counts: number[];
  /** `bins + 1` ascending bin edges. */
  edges: number[];
}

/** The result of {@link scoreDistribution}. */
export interface ScoreDistribution {
  /** Number of scores. */
  count: number;
  /** Smallest score (`np.min`). */
  min: number;
  /** Largest score (`np.max`). */
  max: number;
  /** `np.mean`: pairwise sum / count. */
  mean: number;
  /** `np.std` with ddof 0 (population standard deviation, two-pass). */
  std: number;
  /** `np.quantile(scores, q, method='linear')`, aligned with the requested probabilities. */
  quantiles: number[];
  /** `np.histogram(scores, bins)`. */
  histogram: Histogram;
}

/** Kernels of the fused histogram / quantile path (assembly/distribution.ts). */
type DistKernels = Kernels & {
  selectCountBytes(): number;
  distHistogramCounted(
    x: number, n: number, bins: number, lo: number, hi: number, edges: number, counts: number, counted: number,
    defer: number,
  ): number;
  distQuantilesCounted(
    x: number, n: number, q: number, nq: number, tmp: number, work: number, out: number, counted: number,
  ): void;
  distSumRange(x: number, n: number, out: number): void;
  distSsdCounted(x: number, n: number, mean: number, out: number, counted: number): void;
  distQuantilesKeep(
    x: number, n: number, q: number, nq: number, tmp: number, work: number, out: number, counted: number, y: number,
  ): void;
};

/** Fast path from this many scores (the histogram's bucket path, BY_BUCKET_MIN). */
const FAST_MIN = 1 << 17;
/** Largest subtree of numpy's pairwise tree copied in and summed in one call (≤ 128 KiB). */
const SUBTREE = 16384;

interface Fast {
  ptr: number;
  sum: number;
  min: number;
  max: number;
}

/** stageAndSum for data already in module memory (a zero-copy handle). */
function sumInPlace(dk: DistKernels, ptr: number, n: number): Fast | null {
  const out = allocF64(3);
  dk.distSumRange(ptr, n, out);
  const sum = readF64(out, 0);
  if (!Number.isFinite(sum)) return null;
  return { ptr, sum, min: readF64(out, 1), max: readF64(out, 2) };
}

/**
 * Copies a Float64Array into the arena subtree by subtree of numpy's pairwise
 * tree (the split of a node depends only on its size), summing each subtree
 * while it is hot; parents add their children's sums like numpy, so the sum
 * has numpy's bits. Returns null when the sum is not finite (some value is
 * not finite, or the sum overflows): the caller then takes the general path,
 * which reports either exactly like before.
 */
function stageAndSum(dk: DistKernels, data: Float64Array, n: number): Fast | null {
  const ptr = alloc(n * 8);
  const out = allocF64(3);
  let min = Infinity;
  let max = -Infinity;
  const node = (start: number, m: number): number => {
    if (m <= SUBTREE) {
      putF64Range(data, start, start + m, ptr);
      dk.distSumRange(ptr + start * 8, m, out);
      min = Math.min(min, readF64(out, 1));
      max = Math.max(max, readF64(out, 2));
      return readF64(out, 0);
    }
    let n2 = m >> 1;
    n2 -= n2 & 7;
    const left = node(start, n2);
    return left + node(start + n2, m - n2);
  };
  const sum = node(0, n);
  if (!Number.isFinite(sum)) return null;
  return { ptr, sum, min, max };
}

export function checkQuantiles(q: unknown): Float64Array {
  if (q === undefined || q === null) return Float64Array.from(DEFAULT_QUANTILES);
  if (!Array.isArray(q) && !(q instanceof Float64Array) && !(q instanceof Float32Array)) {
    throw new TypeError("quantiles must be an array of numbers in [0, 1]");
  }
  const a = q as ArrayLike<unknown>;
  if (!(a.length <= MAX_SAMPLES)) {
    throw new RangeError(`quantiles has ${a.length} elements; mlmetrics accepts at most ${MAX_SAMPLES}`);
  }
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number") {
      throw new TypeError(`quantiles must contain only numbers; found ${typeof v} at index ${i}`);
    }
    // numpy's check `0 <= q <= 1`, false for NaN.
    if (!(v >= 0 && v <= 1)) throw new ValueError("Quantiles must be in the range [0, 1]");
    out[i] = v;
  }
  return out;
}

export function checkBins(bins: unknown): number {
  if (bins === undefined || bins === null) return 10;
  if (typeof bins !== "number" || !Number.isInteger(bins)) {
    throw new TypeError("`bins` must be an integer, a string, or an array");
  }
  if (bins < 1) throw new ValueError("`bins` must be positive, when an integer");
  if (bins > MAX_SAMPLES) {
    throw new RangeError(`bins=${bins}; mlmetrics accepts at most ${MAX_SAMPLES} bins`);
  }
  return bins;
}

/**
 * Summary of a score vector, bit-identical to numpy 2.4:
 *
 * - `count`, `min`, `max`; `mean` = Σxᵢ / n with Σ in numpy's **pairwise
 *   summation** order (`np.mean`);
 * - `std` = √(Σ(xᵢ − mean)² / n), **two-pass** like numpy's `_var` (ddof 0:
 *   subtract the mean, square, pairwise-sum, divide, square root);
 * - `quantiles`: `np.quantile(scores, q, method='linear')`; the order
 *   statistics come from an MSD **radix select** on order-preserving 64-bit
 *   keys (an LSD **radix sort** for n ≤ 4096 or more than 32 probabilities;
 *   no comparison sort; both exact): virtual index v = (n−1)q,
 *   i = ⌊v⌋, γ = v − i and numpy's `_lerp` (`a + (b−a)γ`, or `b − (b−a)(1−γ)`
 *   when γ ≥ 0.5);
 * - `histogram`: `np.histogram(scores, bins)`: edges =
 *   `np.linspace(min, max, bins + 1)` with numpy's arithmetic (i·step + min,
 *   last edge = max), bin of x = ⌊(x − min)/(max − min)·bins⌋ with numpy's
 *   one-step corrections against the edges, last bin closed on the right.
 *
 * Edge cases: one score → std 0 and every quantile equal to it; constant
 * scores → histogram range widened to [c − 0.5, c + 0.5]; numpy raises (and
 * so do we, with its `ValueError` message `Too many bins for data range. Cannot
 * create B finite-sized bins.`) when the edges are not strictly increasing,
 * e.g. constant scores so large that ±0.5 hardly moves them (about 2⁵² and up)
 * or a range only a few ULPs wide; a range wider than the largest double (max − min overflows) throws a
 * ValueError (numpy fails there with an IndexError). A sum or squared
 * deviation overflowing to ±Infinity warns through `onWarning` with numpy's
 * RuntimeWarning text. NaN/±Infinity scores are rejected (`Input contains
 * NaN.`); quantiles outside [0, 1] throw `Quantiles must be in the range [0,
 * 1]`; non-positive `bins` throws `` `bins` must be positive, when an
 * integer``. When the scores hold both +0.0 and −0.0, the sign of a zero
 * `min`, `max` or quantile may differ from numpy (numpy's choice there depends
 * on its partition/SIMD order; we order −0.0 just below +0.0).
 *
 * @example
 * ```ts
 * scoreDistribution([0.1, 0.4, 0.35, 0.8], { quantiles: [0.25, 0.5, 0.75], bins: 4 });
 * // { count: 4, min: 0.1, max: 0.8, mean: 0.4125, std: 0.2509357487485592,
 * //   quantiles: [0.2875, 0.375, 0.5],
 * //   histogram: { counts: [1, 2, 0, 1], edges: [0.1, 0.275, 0.45000000000000007, 0.625, 0.8] } }
 * // numpy: np.mean → 0.4125, np.std → 0.2509357487485592,
 * //   np.quantile(x, [.25, .5, .75]) → [0.2875, 0.375, 0.5],
 * //   np.histogram(x, bins=4) → ([1, 2, 0, 1], [0.1, 0.275, 0.45000000000000007, 0.625, 0.8])
 * ```
 */
export function scoreDistribution(
  scores: NumericArray,
  options?: ScoreDistributionOptions,
): ScoreDistribution {
  const o = checkOptions<ScoreDistributionOptions>(options, "scoreDistribution");
  if (
    (scores instanceof Float64Array || scores instanceof WasmFloat64Array) &&
    scores.length >= FAST_MIN &&
    scores.length <= MAX_SAMPLES
  ) {
    const pool = threadsFor(scores.length);
    const r = withArena(
      (k) =>
        (pool && threadedDistribution(k as ParKernels, pool, scores, o, { quantiles: checkQuantiles, bins: checkBins })) ||
        fastDistribution(k as DistKernels, scores, o),
    );
    if (r) return r;
  }
  return withArena((k) => {
    const dk = k as DistKernels;
    // Inside the arena the scores are copied once and scanned in WebAssembly.
    const x = checkArray(scores, { arg: "scores", inputName: "" });
    const q = checkQuantiles(o.quantiles);
    const bins = checkBins(o.bins);
    const n = x.n;
    const xp = x.ptr ?? putF64(x.data);
    const mom = allocF64(5);
    k.distMoments(xp, n, mom);
    const s = getF64(mom, 5);
    const min = s[2];
    const max = s[3];
    const mean = s[1] / n;
    const std = Math.sqrt(s[4] / n);
    if (!Number.isFinite(mean)) warn(o, "overflow encountered in reduce");
    else if (!Number.isFinite(std)) warn(o, "overflow encountered in square");

    const edges = allocF64(bins + 1);
    const counts = alloc(bins * 4);
    // The histogram pass also counts the first radix-select digit for the quantiles.
    const counted = q.length > 0 ? alloc(dk.selectCountBytes()) : 0;
    // With quantiles, part of the histogram pass is deferred into the select's
    // scatter (the counts are complete once distQuantilesCounted returns).
    const rc = dk.distHistogramCounted(xp, n, bins, min, max, edges, counts, counted, counted ? 1 : 0);
    if (rc === 1) {
      throw new ValueError(
        `Too many bins for data range. Cannot create ${bins} finite-sized bins.`,
      );
    }
    if (rc === 2) {
      throw new ValueError(
        `autodetected range of [${min}, ${max}] is too wide: max - min overflows float64, ` +
          "so no finite bin edges exist",
      );
    }
    let quantiles: number[] = [];
    if (q.length > 0) {
      // Consumes its input (moments and histogram are done): a zero-copy handle is copied first.
      const xq = scores instanceof WasmFloat64Array ? copyF64(xp, n) : xp;
      const qp = putF64(q);
      const tmp = alloc(n * 8);
      const work = alloc(k.quantileWorkBytes(q.length));
      const out = allocF64(q.length);
      dk.distQuantilesCounted(xq, n, qp, q.length, tmp, work, out, counted);
      quantiles = Array.from(getF64(out, q.length));
    }
    const histogram: Histogram = {
      counts: Array.from(getI32(counts, bins)),
      edges: Array.from(getF64(edges, bins + 1)),
    };
    return { count: n, min, max, mean, std, quantiles, histogram };
  });
}

// Large Float64Array input: copy + pairwise sum in one pass (stageAndSum), the
// squared deviations + the first select digit's counts in a second, then the
// histogram (bucket path) and the select, whose scatter finishes the histogram.
// Same kernels and arithmetic as the general path, so the same bits.
function fastDistribution(
  dk: DistKernels,
  scores: Float64Array | WasmFloat64Array,
  o: ScoreDistributionOptions,
): ScoreDistribution | null {
  const n = scores.length;
  const st = scores instanceof WasmFloat64Array ? sumInPlace(dk, scores.ptr, n) : stageAndSum(dk, scores, n);
  if (!st) return null;
  // Checked after the scores, in the general path's order.
  const q = checkQuantiles(o.quantiles);
  const bins = checkBins(o.bins);
  if (q.length === 0) return null;
  const xp = st.ptr;
  const mean = st.sum / n;
  const counted = alloc(4 * dk.selectCountBytes());
  const ssd = allocF64(1);
  dk.distSsdCounted(xp, n, mean, ssd, counted);
  // The sum pass finds min/max without ordering -0.0 below +0.0; a zero min
  // (max) is -0.0 (+0.0) exactly when its first-digit bucket is not empty:
  // with no negative (positive) value, that bucket holds only zeros of that sign.
  let { min, max } = st;
  if (min === 0) min = readU32(counted, 0x7fff) > 0 ? -0 : 0;
  if (max === 0) max = readU32(counted, 0x8000) > 0 ? 0 : -0;
  const std = Math.sqrt(readF64(ssd) / n);
  if (!Number.isFinite(std)) warn(o, "overflow encountered in square");
  const edges = allocF64(bins + 1);
  const counts = alloc(bins * 4);
  const rc = dk.distHistogramCounted(xp, n, bins, min, max, edges, counts, counted, 3);
  if (rc === 1) {
    throw new ValueError(`Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
  }
  if (rc === 2) {
    throw new ValueError(
      `autodetected range of [${min}, ${max}] is too wide: max - min overflows float64, ` +
        "so no finite bin edges exist",
    );
  }
  const qp = putF64(q);
  const tmp = alloc(n * 8);
  const work = alloc(dk.quantileWorkBytes(q.length));
  const out = allocF64(q.length);
  // A zero-copy handle is left intact: the select works in a scratch buffer.
  if (scores instanceof WasmFloat64Array) dk.distQuantilesKeep(xp, n, qp, q.length, tmp, work, out, counted, alloc(n * 8));
  else dk.distQuantilesCounted(xp, n, qp, q.length, tmp, work, out, counted);
  const quantiles = Array.from(getF64(out, q.length));
  const histogram: Histogram = {
    counts: Array.from(getI32(counts, bins)),
    edges: Array.from(getF64(edges, bins + 1)),
  };
  return { count: n, min, max, mean, std, quantiles, histogram };
}

/** Statistics of one group of {@link maskedMeans}. */
export interface GroupStats {
  /** Number of samples in the group. */
  count: number;
  /** `np.mean(scores[mask])`; NaN when the group is empty. */
  mean: number;
  /** `np.std(scores[mask])` (ddof 0); NaN when empty. */
  std: number;
  /** `np.min(scores[mask])`; NaN when empty. */
  min: number;
  /** `np.max(scores[mask])`; NaN when empty. */
  max: number;
}

/** The result of {@link maskedMeans}. */
export interface MaskedMeans {
  /** Samples predicted −1 (anomalies). */
  nAnomaly: number;
  /** Samples predicted 1 (normal). */
  nNormal: number;
  /** `np.mean(scores[predictions == -1])`; NaN when there is no anomaly. */
  meanAnomaly: number;
  /** `np.mean(scores[predictions == 1])`; NaN when every sample is an anomaly. */
  meanNormal: number;
  /** Full statistics of the anomaly group. */
  anomaly: GroupStats;
  /** Full statistics of the normal group. */
  normal: GroupStats;
}

function group(s: Float64Array, off: number): GroupStats {
  const count = s[off];
  if (count === 0) return { count: 0, mean: NaN, std: NaN, min: NaN, max: NaN };
  return {
    count,
    mean: s[off + 1] / count,
    std: Math.sqrt(s[off + 4] / count),
    min: s[off + 2],
    max: s[off + 3],
  };
}

/**
 * Per-label score statistics of sklearn outlier predictions (internal helper
 * of the anomaly-detection metric dict). `predictions` holds sklearn's outlier
 * labels (−1 anomaly, 1 normal); for each group, the selected scores are
 * compacted in their original order and reduced exactly as numpy would reduce
 * `scores[predictions == label]`: mean = **pairwise** sum / count, std =
 * **two-pass** √(Σ(x − mean)²/count) (ddof 0), min, max.
 *
 * Edge cases: an empty group gives count 0 and NaN statistics (numpy: NaN
 * with "Mean of empty slice", no warning here). Labels other than −1 and 1
 * throw a ValueError; lengths must match (sklearn's inconsistent-samples
 * message); NaN/±Infinity scores are rejected.
 *
 * @example
 * ```ts
 * maskedMeans([1, -1, 1, 1, -1], [0.2, 0.9, 0.1, 0.3, 0.7]);
 * // { nAnomaly: 2, nNormal: 3, meanAnomaly: 0.8, meanNormal: 0.20000000000000004,
 * //   anomaly: { count: 2, mean: 0.8, std: 0.10000000000000003, min: 0.7, max: 0.9 },
 * //   normal: { count: 3, mean: 0.20000000000000004, std: 0.0816496580927726, min: 0.1, max: 0.3 } }
 * // numpy: np.mean(s[p == -1]) → 0.8, np.mean(s[p == 1]) → 0.20000000000000004
 * ```
 */
export function maskedMeans(predictions: NumericArray, scores: NumericArray): MaskedMeans {
  const p = checkArray(predictions, { arg: "predictions", inputName: "" });
  const x = checkArray(scores, { arg: "scores", inputName: "" });
  checkConsistentLength(p, x);
  for (let i = 0; i < p.n; i++) {
    const v = p.data[i];
    if (v !== -1 && v !== 1) {
      throw new ValueError(
        `predictions must be sklearn outlier labels (-1 for anomalies, 1 for normal samples); ` +
          `found ${v} at index ${i}`,
      );
    }
  }
  const n = x.n;
  return withArena((k) => {
    // A zero-copy handle is copied from its pointer: the view checked above
    // is detached when an allocation grows the memory.
    const pp = putF64(predictions instanceof WasmFloat64Array ? predictions : p.data);
    const xp = putF64(scores instanceof WasmFloat64Array ? scores : x.data);
    const buf = allocF64(n);
    const out = allocF64(10);
    k.maskedMoments(pp, xp, n, buf, out);
    const s = getF64(out, 10);
    const anomaly = group(s, 0);
    const normal = group(s, 5);
    return {
      nAnomaly: anomaly.count,
      nNormal: normal.count,
      meanAnomaly: anomaly.mean,
      meanNormal: normal.mean,
      anomaly,
      normal,
    };
  });
}

/** What {@link anomalyMomentsFast} returns: the anomaly dict's statistics (see src/distribution/stats.ts). */
export interface AnomalyMoments {
  nAnomaly: number;
  nNormal: number;
  meanAnomaly: number;
  meanNormal: number;
  min: number;
  max: number;
  std: number;
}

/**
 * Fast path of the anomaly dict's statistics (`maskedMeans` plus the mean,
 * min, max and std of `scoreDistribution`), one pass plus the deviation pass:
 * the scores and labels are copied in subtree by subtree of numpy's pairwise
 * tree (as {@link stageAndSum}, into subtree-sized staging buffers) and each
 * subtree, while hot, is summed with its min and max (`distSumRange`; the
 * sign of a zero extremum is recovered by one more pass, `zeroSigns`, only
 * when there is one) and split into the two
 * groups in order (`anomalySplit`); then the groups are pairwise-summed and
 * the squared deviations summed subtree by subtree (`distSsd`, the scores
 * copied in again: nothing of size n is kept but the groups). Same leaves,
 * same trees: the general path's bits. Typed arrays are streamed this way;
 * handles are read in place and `number[]` converted once. Returns `null` when
 * the inputs do not qualify or anything is unusual — a label other than −1 / 1,
 * a non-finite score or sum, an overflowing square, a score range for which
 * the general path's one-bin histogram fails — and the general path then
 * computes, warns or raises as before. Call inside `withArena`.
 */
export function anomalyMomentsFast(k: Kernels, predictions: unknown, scores: unknown): AnomalyMoments | null {
  if (!fastPaths.enabled) return null;
  const ok = (x: unknown) => Array.isArray(x) || isFusable(x);
  if (!ok(predictions) || !ok(scores)) return null;
  const n = (scores as { length: number }).length;
  if (n === 0 || n > MAX_SAMPLES || (predictions as { length: number }).length !== n) return null;
  // Typed arrays are streamed subtree by subtree through two staging buffers
  // (the scores again for the deviation pass: nothing of size n is kept but
  // the two groups); anything else is converted into the arena once.
  const streamed = isNumericTypedArray(predictions) && isNumericTypedArray(scores);
  let xp: number;
  let pp: number;
  if (streamed) {
    xp = alloc(Math.min(n, SUBTREE) * 8);
    pp = alloc(Math.min(n, SUBTREE) * 8);
  } else {
    const x = stageInput(scores, false);
    const p = x && stageInput(predictions, false);
    if (!x || !p) return null;
    xp = x.ptr;
    pp = p.ptr;
  }
  // The scores of subtree [start, start + m), in the arena.
  const subtree = (start: number, m: number): number => {
    if (!streamed) return xp + start * 8;
    putF64At(scores as NumericTypedArray, start, start + m, xp);
    return xp;
  };
  // One slot more than each group can receive: anomalySplit's pair stores.
  const groupA = alloc((n + 1) * 8);
  const groupB = alloc((n + 1) * 8);
  const state = allocF64(3);
  const out = allocF64(3);
  const dk = k as DistKernels;
  let min = Infinity;
  let max = -Infinity;
  // numpy's pairwise tree down to subtrees of at most SUBTREE values, summed by
  // `leaf` (the split of a node depends only on its size: the same tree).
  const tree = (start: number, m: number, leaf: (start: number, m: number) => number): number => {
    if (m <= SUBTREE) return leaf(start, m);
    let n2 = m >> 1;
    n2 -= n2 & 7;
    const left = tree(start, n2, leaf);
    return left + tree(start + n2, m - n2, leaf);
  };
  const sum = tree(0, n, (start, m) => {
    const x = subtree(start, m);
    let labels = pp + start * 8;
    if (streamed) {
      putF64At(predictions as NumericTypedArray, start, start + m, pp);
      labels = pp;
    }
    dk.distSumRange(x, m, out);
    min = Math.min(min, readF64(out, 1));
    max = Math.max(max, readF64(out, 2));
    k.anomalySplit(labels, x, m, groupA, groupB, state);
    return readF64(out, 0);
  });
  if (readF64(state, 2) !== 0 || !Number.isFinite(sum)) return null;
  // pmin / pmax (distSumRange) may give a zero min / max either sign: numpy's
  // is -0.0 (+0.0) exactly when the scores hold one (one more pass, only then).
  if (min === 0 || max === 0) {
    let zeros = 0;
    tree(0, n, (start, m) => {
      zeros |= k.zeroSigns(subtree(start, m), m);
      return 0;
    });
    if (min === 0) min = zeros & 1 ? -0 : 0;
    if (max === 0) max = zeros & 2 ? 0 : -0;
  }
  // scoreDistribution's one-bin histogram (numpy's edges for bins = 1) must exist.
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  if (!Number.isFinite(last - first) || first >= last) return null;
  const mean = sum / n;
  const ssd = tree(0, n, (start, m) => {
    dk.distSsd(subtree(start, m), m, mean, out);
    return readF64(out, 0);
  });
  const std = Math.sqrt(ssd / n);
  if (!Number.isFinite(std)) return null; // the general path warns
  const na = readF64(state, 0);
  const nb = readF64(state, 1);
  fastPaths.hits++;
  return {
    nAnomaly: na,
    nNormal: nb,
    meanAnomaly: na > 0 ? k.sumF64(groupA, na) / na : NaN,
    meanNormal: nb > 0 ? k.sumF64(groupB, nb) / nb : NaN,
    min,
    max,
    std,
  };
}
