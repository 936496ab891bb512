// Ranking kernels: threshold curves (ROC / precision-recall), trapezoid AUC,
// average precision, log loss and Brier terms. All buffers are f64 unless
// noted; callers allocate every output and scratch buffer. Sums that sklearn
// takes with np.sum go through sumF64 (numpy's pairwise order).
import { sumF64 } from "./pairwise";
import { toKey, fromKey, msdDigit } from "./sort";

const MSB: u64 = 0x8000000000000000;

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** out[i] = y[i] == pos ? 1 : 0. */
export function labelIndicator(y: usize, n: i32, pos: f64, out: usize): void {
  for (let i = 0; i < n; i++) put(out, i, f(y, i) == pos ? 1.0 : 0.0);
}

/** out[i] = -a[i] (sort keys: ascending -s = descending s, ties in input order). */
export function negateInto(a: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) put(out, i, -f(a, i));
}

/** Removes samples with w == 0 from s, y, w in place (order kept); returns the new length. */
export function dropZeroWeight(s: usize, y: usize, w: usize, n: i32): i32 {
  let m = 0;
  for (let i = 0; i < n; i++) {
    const wi = f(w, i);
    if (wi != 0) {
      put(s, m, f(s, i)); put(y, m, f(y, i)); put(w, m, wi);
      m++;
    }
  }
  return m;
}

/** Sort payload: out[i] = (i << 1) | (y[i] != 0), so the walk needs no gather of y. */
export function packPayload(y: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), (<u32>i << 1) | (f(y, i) != 0 ? 1 : 0));
}

/**
 * sklearn's confusion_matrix_at_thresholds. keys: -score sorted ascending
 * (= score descending, stable: ties in input order); payload: the packed
 * (index << 1 | y) permuted alongside; s: original scores (only read for a
 * zero key, to keep the sign of a -0.0 threshold); w: weights (0 = none).
 * Writes fps, tps and the threshold at the last index of every run of equal
 * scores; returns the number of thresholds. Cumulative sums are sequential
 * like np.cumsum; unweighted fps = 1 + idx - tps.
 */
export function thresholdCounts(keys: usize, payload: usize, s: usize, w: usize, n: i32,
                                fps: usize, tps: usize, thr: usize): i32 {
  let m = 0;
  let tp = 0.0, fp = 0.0;
  let k = n > 0 ? f(keys, 0) : 0.0;
  for (let i = 0; i < n; i++) {
    const pl = load<u32>(payload + (<usize>i << 2));
    const yj: f64 = <f64>(pl & 1);
    // np.cumsum starts from the first element itself (keeps a -0.0).
    if (w != 0) {
      const wj = f(w, <i32>(pl >> 1));
      tp = i == 0 ? yj * wj : tp + yj * wj;
      fp = i == 0 ? (1.0 - yj) * wj : fp + (1.0 - yj) * wj;
    } else {
      tp = i == 0 ? yj : tp + yj;
    }
    const kn = i == n - 1 ? 0.0 : f(keys, i + 1);
    if (i == n - 1 || kn - k != 0) {
      put(tps, m, tp);
      put(fps, m, w != 0 ? fp : (1.0 + <f64>i) - tp);
      put(thr, m, k == 0 ? f(s, <i32>(pl >> 1)) : -k);
      m++;
    }
    k = kn;
  }
  return m;
}

/**
 * roc_curve's drop_intermediate (m > 2): keeps the ends and every point where
 * np.diff(fps, 2) or np.diff(tps, 2) is non-zero. Compacts in place; thr
 * may be 0 (no thresholds).
 */
export function dropRocIntermediate(fps: usize, tps: usize, thr: usize, m: i32): i32 {
  if (m <= 2) return m;
  let k = 1;
  let f0 = f(fps, 0), t0 = f(tps, 0), f1 = f(fps, 1), t1 = f(tps, 1);
  // Branch-free: every point is written at k (k <= i, already read) and kept by advancing k.
  for (let i = 1; i < m - 1; i++) {
    const f2 = f(fps, i + 1), t2 = f(tps, i + 1);
    const keep = <i32>((f2 - f1) - (f1 - f0) != 0) | <i32>((t2 - t1) - (t1 - t0) != 0);
    put(fps, k, f1); put(tps, k, t1);
    if (thr != 0) put(thr, k, f(thr, i));
    k += keep;
    f0 = f1; t0 = t1; f1 = f2; t1 = t2;
  }
  put(fps, k, f(fps, m - 1)); put(tps, k, f(tps, m - 1));
  if (thr != 0) put(thr, k, f(thr, m - 1));
  return k + 1;
}

/**
 * precision_recall_curve's drop_intermediate (m > 2): keeps the ends and every
 * point whose tps differs from its predecessor or successor. Compacts in place.
 */
export function dropPrIntermediate(fps: usize, tps: usize, thr: usize, m: i32): i32 {
  if (m <= 2) return m;
  let k = 1;
  let t0 = f(tps, 0), t1 = f(tps, 1);
  for (let i = 1; i < m - 1; i++) {
    const t2 = f(tps, i + 1);
    if (t1 - t0 != 0 || t2 - t1 != 0) {
      put(fps, k, f(fps, i)); put(tps, k, t1);
      if (thr != 0) put(thr, k, f(thr, i));
      k++;
    }
    t0 = t1; t1 = t2;
  }
  put(fps, k, f(fps, m - 1)); put(tps, k, f(tps, m - 1));
  if (thr != 0) put(thr, k, f(thr, m - 1));
  return k + 1;
}

// numpy's npy::less for doubles (NaN sorts last), as used by np.searchsorted.
// @ts-ignore: decorator
@inline function npLess(a: f64, b: f64): bool { return a < b || (b != b && a == a); }

/** np.searchsorted(a[:len], v, side='left'): numpy's binary search (defined on unsorted input too). */
function searchLeft(a: usize, len: i32, v: f64): i32 {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (npLess(f(a, mid), v)) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** np.searchsorted(a[:len], v, side='right'). */
function searchRight(a: usize, len: i32, v: f64): i32 {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = lo + ((hi - lo) >> 1);
    if (!npLess(v, f(a, mid))) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * sklearn's det_curve from confusion_matrix_at_thresholds' counts. fps, tps,
 * thr hold m + 1 slots: the m counts from thresholdCounts at 1..m; slot 0 is
 * set here to the prepended point (fps = tps = 0 at threshold +inf). With
 * drop != 0 (and m + 1 > 2) the points whose tps equals both neighbours' are
 * dropped (in place, as dropPrIntermediate). Then, as sklearn: the curve starts
 * at the last index where fps still equals fps[0] (np.searchsorted(fps,
 * fps[0], 'right') - 1) and stops at the first index where tps reaches tps[-1]
 * (np.searchsorted(tps, tps[-1]) + 1), reversed: fpr = fps / fps[-1],
 * fnr = (tps[-1] - tps) / tps[-1] (IEEE division: 0/0 is NaN) and the
 * thresholds, into outputs of m + 1 slots. Returns the number of points.
 */
export function detCurve(fps: usize, tps: usize, thr: usize, m: i32, drop: i32,
                         fpr: usize, fnr: usize, thrOut: usize): i32 {
  put(fps, 0, 0.0); put(tps, 0, 0.0); put(thr, 0, Infinity);
  let len = m + 1;
  if (drop != 0 && len > 2) len = dropPrIntermediate(fps, tps, thr, len);
  const ss = searchRight(fps, len, f(fps, 0));
  const first = ss > 0 ? ss - 1 : 0;
  const pCount = f(tps, len - 1), nCount = f(fps, len - 1);
  let last = searchLeft(tps, len, pCount) + 1;
  if (last > len) last = len;
  const count = last > first ? last - first : 0;
  for (let j = 0; j < count; j++) {
    const i = last - 1 - j;
    put(fpr, j, f(fps, i) / nCount);
    put(fnr, j, (pCount - f(tps, i)) / pCount);
    put(thrOut, j, f(thr, i));
  }
  return count;
}

/**
 * ROC rates with the (0, 0) point prepended: fpr/tpr get m + 1 values.
 * fps[-1] <= 0 fills fpr with NaN (flag 1); tps[-1] <= 0 fills tpr (flag 2).
 */
export function rocRates(fps: usize, tps: usize, m: i32, fpr: usize, tpr: usize): i32 {
  const fl = f(fps, m - 1), tl = f(tps, m - 1);
  let flags = 0;
  if (fl <= 0) flags |= 1;
  if (tl <= 0) flags |= 2;
  put(fpr, 0, flags & 1 ? NaN : 0.0 / fl);
  put(tpr, 0, flags & 2 ? NaN : 0.0 / tl);
  for (let i = 0; i < m; i++) {
    put(fpr, i + 1, flags & 1 ? NaN : f(fps, i) / fl);
    put(tpr, i + 1, flags & 2 ? NaN : f(tps, i) / tl);
  }
  return flags;
}

/**
 * Monotonicity of x for sklearn's auc: bit 0 = some diff < 0, bit 1 = some
 * diff is not <= 0 (NaN included).
 */
export function diffFlags(x: usize, len: i32): i32 {
  let flags = 0;
  for (let i = 0; i < len - 1; i++) {
    const d = f(x, i + 1) - f(x, i);
    if (d < 0) flags |= 1;
    if (!(d <= 0)) flags |= 2;
  }
  return flags;
}

/** scipy's trapezoid: np.sum(d * (y[1:] + y[:-1]) / 2.0), d = x[1:] - x[:-1]; scratch: len - 1 f64. */
export function trapezoid(x: usize, y: usize, len: i32, scratch: usize): f64 {
  for (let i = 0; i < len - 1; i++) {
    put(scratch, i, (f(x, i + 1) - f(x, i)) * (f(y, i + 1) + f(y, i)) / 2.0);
  }
  return sumF64(scratch, len - 1);
}

/**
 * precision_recall_curve from fps/tps (m thresholds): writes m + 1 values of
 * precision and recall, reversed, ending with 1 and 0. Returns 1 when tps[-1]
 * == 0 (recall set to 1 everywhere), else 0.
 */
export function prCurve(fps: usize, tps: usize, m: i32, prec: usize, rec: usize): i32 {
  const tl = f(tps, m - 1);
  const noPos = tl == 0;
  for (let i = 0; i < m; i++) {
    const tp = f(tps, i), ps = tp + f(fps, i);
    const o = m - 1 - i;
    put(prec, o, ps != 0 ? tp / ps : 0.0);
    put(rec, o, noPos ? 1.0 : tp / tl);
  }
  put(prec, m, 1.0);
  put(rec, m, 0.0);
  return noPos ? 1 : 0;
}

/** np.sum(np.diff(rec) * prec[:-1]) over len points; scratch: len - 1 f64. */
export function apSum(prec: usize, rec: usize, len: i32, scratch: usize): f64 {
  for (let i = 0; i < len - 1; i++) put(scratch, i, (f(rec, i + 1) - f(rec, i)) * f(prec, i));
  return sumF64(scratch, len - 1);
}

const EPS: f64 = 2.220446049250313e-16;

/**
 * Log loss terms -log(q), q = clip(pos ? p : 1 - p, eps, 1 - eps), times w
 * when w != 0, written to scratch; returns their pairwise sum.
 */
export function logLossSum(pos: usize, p: usize, w: usize, n: i32, scratch: usize): f64 {
  const hi = 1.0 - EPS;
  for (let i = 0; i < n; i++) {
    const pi = f(p, i);
    const q = f(pos, i) != 0 ? pi : 1.0 - pi;
    let l = -Math.log(Math.min(Math.max(q, EPS), hi));
    if (w != 0) l *= f(w, i);
    put(scratch, i, l);
  }
  return sumF64(scratch, n);
}

/**
 * Binary Brier terms as sklearn's two-column one-hot form:
 * (t0 - (1 - p))^2 + (t1 - p)^2, t1 = pos, t0 = 1 - t1, times w when w != 0,
 * written to scratch; returns their pairwise sum (sklearn then halves the mean).
 */
export function brierSum(pos: usize, p: usize, w: usize, n: i32, scratch: usize): f64 {
  for (let i = 0; i < n; i++) {
    const pi = f(p, i), t1 = f(pos, i), t0 = 1.0 - t1;
    const a = t0 - (1.0 - pi), b = t1 - pi;
    let v = a * a + b * b;
    if (w != 0) v *= f(w, i);
    put(scratch, i, v);
  }
  return sumF64(scratch, n);
}

/**
 * Unweighted curves without a payload sort: the sort keys of -s (ascending
 * key = descending score; -0.0 and +0.0 share one key) are split by label,
 * positives (y == pos) from the front of `keys`, negatives from its back.
 * out (f64): [0] number of positives, [1] the score of the last sample (by
 * index) whose score is zero (sklearn's threshold for a run of ±0 ties: the
 * stable order puts that sample last in the run), [2] 1 if there was one.
 */
export function splitKeys(s: usize, y: usize, n: i32, pos: f64, keys: usize, out: usize): void {
  let np = 0, ne = n;
  let zero = 0.0, hasZero = 0.0;
  for (let i = 0; i < n; i++) {
    const v = f(s, i);
    if (v == 0) { zero = v; hasZero = 1; }
    const k = toKey(-v);
    if (f(y, i) == pos) { store<u64>(keys + (<usize>np << 3), k); np++; }
    else { ne--; store<u64>(keys + (<usize>ne << 3), k); }
  }
  put(out, 0, <f64>np);
  put(out, 1, zero);
  put(out, 2, hasZero);
}

/**
 * Merges the ascending keys of the positives (kp, np) and negatives (kn, nn)
 * into sklearn's distinct-threshold counts: at the end of every run of equal
 * scores, tps = positives and fps = negatives with a score >= it (the exact
 * integers np.cumsum reaches there), thr = the score (for the zero run:
 * `zero`, see splitKeys). Returns the number of thresholds.
 */
export function mergeCounts(kp: usize, np: i32, kn: usize, nn: i32, zero: f64,
                            fps: usize, tps: usize, thr: usize): i32 {
  // An exhausted side reads as u64 max, above every key of a finite score.
  const END = ~(<u64>0);
  let i = 0, j = 0, m = 0;
  while (i < np || j < nn) {
    const a = i < np ? load<u64>(kp + (<usize>i << 3)) : END;
    const b = j < nn ? load<u64>(kn + (<usize>j << 3)) : END;
    const v = a < b ? a : b;
    while (i < np && load<u64>(kp + (<usize>i << 3)) == v) i++;
    while (j < nn && load<u64>(kn + (<usize>j << 3)) == v) j++;
    put(tps, m, <f64>i); put(fps, m, <f64>j);
    put(thr, m, v == MSB ? zero : -fromKey(v));
    m++;
  }
  return m;
}

/**
 * Unweighted curves with one key-only sort: key = the sort key of -s with the
 * bits shared by every sample dropped, shifted left once, label in bit 0 (1 =
 * y == pos). Equal scores stay adjacent (labels only order them inside a run,
 * which no count at the end of a run depends on). Needs the varying bits to
 * span at most 63; returns 0 (nothing written) otherwise, else 1.
 * info: u64 [0] the shared high bits, u64 [1] the mask of the kept bits,
 * f64 [2] the score of the last zero-score sample (see splitKeys).
 */
export function composeKeys(s: usize, y: usize, n: i32, pos: f64, keys: usize, info: usize): i32 {
  let orK: u64 = 0, andK: u64 = ~(<u64>0);
  for (let i = 0; i < n; i++) {
    const k = toKey(-f(s, i));
    orK |= k; andK &= k;
  }
  const vary = orK ^ andK;
  const span = vary == 0 ? 0 : 64 - <i32>clz(vary);
  if (span > 63) return 0;
  const mask: u64 = (<u64>1 << <u64>span) - 1;
  let zero = 0.0;
  for (let i = 0; i < n; i++) {
    const v = f(s, i);
    if (v == 0) zero = v;
    store<u64>(keys + (<usize>i << 3), ((toKey(-v) & mask) << 1) | <u64>(f(y, i) == pos));
  }
  store<u64>(info, andK & ~mask);
  store<u64>(info, mask, 8);
  put(info, 2, zero);
  return 1;
}

/**
 * The distinct-threshold counts from keys composed by composeKeys and sorted
 * ascending: at the end of every run of equal scores, tps = positives so far,
 * fps = samples so far - tps (the exact integers of sklearn's cumsums, counted
 * as integers) and, when thr != 0, thr = the run's score. Returns the number
 * of thresholds.
 */
export function walkComposed(keys: usize, n: i32, info: usize, fps: usize, tps: usize, thr: usize): i32 {
  return walkKeys(keys, n, info, fps, tps, thr, false);
}

/**
 * walkComposed for the keys of composeKeysCounted (~toKey(s): the same order;
 * the run's score is fromKey(~key)). The caller makes sure no score is zero
 * (the sign of a zero threshold is not recorded by that composer).
 */
export function walkComposedDesc(keys: usize, n: i32, info: usize, fps: usize, tps: usize, thr: usize): i32 {
  return walkKeys(keys, n, info, fps, tps, thr, true);
}

/**
 * walkComposed fused with roc_curve's drop_intermediate (dropRocIntermediate's
 * rule on the integer counts: the ends and every point where the second
 * difference of fps or tps is non-zero are kept): only the kept points are
 * written. `desc`: the keys of composeKeysCounted (see walkComposedDesc).
 */
export function walkComposedRoc(keys: usize, n: i32, info: usize, fps: usize, tps: usize, thr: usize, desc: i32): i32 {
  return desc ? walkKeysRoc(keys, n, info, fps, tps, thr, true) : walkKeysRoc(keys, n, info, fps, tps, thr, false);
}

// @ts-ignore: decorator
@inline function walkKeysRoc(keys: usize, n: i32, info: usize, fps: usize, tps: usize, thr: usize, desc: bool): i32 {
  const hi = load<u64>(info), mask = load<u64>(info, 8);
  const zero = f(info, 2);
  // The candidate (point m - 1, decided when point m arrives) is always
  // written at k and kept by advancing k.
  let k = 0, m = 0;
  let f0 = 0, t0 = 0, f1 = 0, t1 = 0;
  let th1 = 0.0;
  let tp = 0;
  let c = n > 0 ? load<u64>(keys) : 0;
  for (let i = 0; i < n; i++) {
    const cn = i + 1 < n ? load<u64>(keys + (<usize>(i + 1) << 3)) : 0;
    tp += <i32>(c & 1);
    if (i + 1 == n || (cn ^ c) > 1) {
      const f2 = i + 1 - tp, t2 = tp;
      const kk = ((c >> 1) & mask) | hi;
      const th2 = desc ? fromKey(~kk) : kk == MSB ? zero : -fromKey(kk);
      const keep = <i32>(m >= 1) & (<i32>(m == 1) | <i32>(f2 - f1 != f1 - f0) | <i32>(t2 - t1 != t1 - t0));
      put(fps, k, <f64>f1); put(tps, k, <f64>t1);
      if (thr != 0) put(thr, k, th1);
      k += keep;
      f0 = f1; t0 = t1; f1 = f2; t1 = t2; th1 = th2;
      m++;
    }
    c = cn;
  }
  if (m >= 1) {
    put(fps, k, <f64>f1); put(tps, k, <f64>t1);
    if (thr != 0) put(thr, k, th1);
    k++;
  }
  return k;
}

// @ts-ignore: decorator
@inline function walkKeys(keys: usize, n: i32, info: usize, fps: usize, tps: usize, thr: usize, desc: bool): i32 {
  const hi = load<u64>(info), mask = load<u64>(info, 8);
  const zero = f(info, 2);
  let m = 0;
  let tp = 0;
  let c = n > 0 ? load<u64>(keys) : 0;
  for (let i = 0; i < n; i++) {
    const cn = i + 1 < n ? load<u64>(keys + (<usize>(i + 1) << 3)) : 0;
    tp += <i32>(c & 1);
    if (i + 1 == n || (cn ^ c) > 1) {
      put(tps, m, <f64>tp);
      put(fps, m, <f64>(i + 1 - tp));
      if (thr != 0) {
        const k = ((c >> 1) & mask) | hi;
        if (desc) put(thr, m, fromKey(~k));
        else put(thr, m, k == MSB ? zero : -fromKey(k));
      }
      m++;
    }
    c = cn;
  }
  return m;
}

/**
 * composeKeys in one pass, for scores whose range [lo, hi] is known (from the
 * validation scan), with the descending key ~toKey(s) (the same order as
 * toKey(-s), ±0 one key; unlike toKey(-s) it does not put 0 on the sign bit,
 * so probabilities in [0, 1] always fit in 63 bits): the shared high bits are
 * those of the keys of hi and lo.
 * Also counts the first MSD digit of the composed keys into hist (see
 * sortKeysCounted). Returns the composed keys' highest bit to sort, or -1
 * (nothing written) when the keys vary in all 64 bits. info as composeKeys
 * (but of the ~toKey keys) except [2] (always 0: the AUC needs no
 * thresholds), plus f64 [3] the number of positives. The SIMD build composes two keys per step (the same bits as
 * toKey) and counts their digits in two tables, added up at the end.
 */
export function composeKeysCounted(s: usize, y: usize, n: i32, pos: f64, lo: f64, hi: f64,
                                   keys: usize, info: usize, hist: usize): i32 {
  const ka = ~toKey(hi), kb = ~toKey(lo);
  const vary = ka ^ kb;
  const span = vary == 0 ? 0 : 64 - <i32>clz(vary);
  if (span > 63) return -1;
  const mask: u64 = (<u64>1 << <u64>span) - 1;
  const dg = msdDigit(n, span, 0);
  const sh = <u64>(dg & 255);
  const bmask: u64 = (<u64>1 << <u64>(dg >> 8)) - 1;
  const buckets = 1 << (dg >> 8);
  const T = <usize>buckets << 2; // the second table (SIMD lane 1)
  memory.fill(hist, 0, T << 1);
  let np = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = i64x2.splat(<i64>MSB), LOW = i64x2.splat(<i64>~MSB), MK = i64x2.splat(<i64>mask), P = f64x2.splat(pos), ONE = i64x2.splat(1);
    let NP = i64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      // ~toKey(v): the bits of v with -0 as +0, then x < 0 ? x : x ^ ~MSB.
      let b = v128.load(s + o);
      b = v128.andnot(b, i64x2.eq(b, M));
      const kk = v128.xor(b, v128.andnot(LOW, i64x2.shr_s(b, 63)));
      const lab = f64x2.eq(v128.load(y + o), P); // all ones where positive
      NP = i64x2.sub(NP, lab);
      const c = v128.or(i64x2.shl(v128.and(kk, MK), 1), v128.and(lab, ONE));
      v128.store(keys + o, c);
      const h0 = hist + (<usize>((i64x2.extract_lane(c, 0) >> sh) & bmask) << 2);
      const h1 = hist + T + (<usize>((i64x2.extract_lane(c, 1) >> sh) & bmask) << 2);
      store<u32>(h0, load<u32>(h0) + 1);
      store<u32>(h1, load<u32>(h1) + 1);
    }
    np = <i32>(i64x2.extract_lane(NP, 0) + i64x2.extract_lane(NP, 1));
  }
  for (; i < n; i++) {
    const lab = <i32>(f(y, i) == pos);
    np += lab;
    const c = ((~toKey(f(s, i)) & mask) << 1) | <u64>lab;
    store<u64>(keys + (<usize>i << 3), c);
    const h = hist + T + (<usize>((c >> sh) & bmask) << 2);
    store<u32>(h, load<u32>(h) + 1);
  }
  for (let b = 0; b < buckets; b++) {
    const h = hist + (<usize>b << 2);
    store<u32>(h, load<u32>(h) + load<u32>(h + T));
  }
  store<u64>(info, ka & ~mask);
  store<u64>(info, mask, 8);
  put(info, 2, 0.0);
  put(info, 3, <f64>np);
  return span;
}

/**
 * roc_auc_score's unweighted binary area from composed keys sorted
 * ascending: the distinct-threshold counts (walkComposed), roc_curve's
 * drop_intermediate, the rates fps / fps[-1] and tps / tps[-1] after the
 * point (0, 0), and the trapezoid terms (x[i+1] - x[i]) * (y[i+1] + y[i]) / 2.0
 * (halving is exact, done as * 0.5). np: positives (0 < np < n). `work`: n*16
 * bytes (the sort's scratch); pass 1 writes the kept (fps, tps) pairs there
 * as i32, pass 2 turns them into the f64 terms in place (term i over pair i). Returns the
 * number of terms (the caller sums them in numpy's order), or -1 if the false
 * positive rates ever decrease (not possible with counts; the caller then
 * takes the general path).
 */
export function aucComposed(keys: usize, n: i32, np: i32, work: usize): i32 {
  return aucWalk(keys, n, np, work, 0, false);
}

/**
 * aucComposed plus average precision from the same walk (one sort of the
 * scores for both, as the metric dicts need): at every threshold t (in walk
 * order, i.e. decreasing score) the term (rec(t-1) - rec(t)) * prec(t) of
 * average_precision_score, with prec = tps / (tps + fps) and rec = tps / np
 * (precision_recall_curve's divisions; rec(-1) = 0, the curve's appended
 * point), is written to ap[n - t] (f64, ap holds n + 1 slots): the m terms
 * end up at ap[n + 1 - m .. n + 1) in apSum's order (increasing threshold),
 * ready for the caller's pairwise sum; ap[0] = m. Returns aucComposed's
 * result (the AUC terms in `work`).
 */
export function aucApComposed(keys: usize, n: i32, np: i32, work: usize, ap: usize): i32 {
  return aucWalk(keys, n, np, work, ap, true);
}

// @ts-ignore: decorator
@inline function aucWalk(keys: usize, n: i32, np: i32, work: usize, ap: usize, withAp: bool): i32 {
  // Pass 1: walk and drop_intermediate on integer counts (exact, as the f64
  // cumsums: so every comparison and f64 conversion has their values),
  // branch-free: the candidate (point m - 1, decided when point m arrives) is
  // always written at k (an i32 pair) and kept by advancing k.
  let k = 0, m = 0;
  let f0 = 0, t0 = 0, f1 = 0, t1 = 0;
  let tp = 0;
  const tl = <f64>np, fl = <f64>(n - np);
  let recPrev = 0.0;
  let c = n > 0 ? load<u64>(keys) : 0;
  for (let i = 0; i < n; i++) {
    const cn = i + 1 < n ? load<u64>(keys + (<usize>(i + 1) << 3)) : 0;
    tp += <i32>(c & 1);
    if (i + 1 == n || (cn ^ c) > 1) {
      const f2 = i + 1 - tp, t2 = tp;
      if (withAp) {
        // precision_recall_curve's rec = tps / tps[-1] and prec = tps / (tps + fps)
        // (tps + fps = i + 1 exactly), then apSum's term
        const tpf = <f64>tp;
        let rec: f64, prec: f64;
        if (ASC_FEATURE_SIMD) {
          const r = f64x2.div(f64x2.splat(tpf), f64x2.replace_lane(f64x2.splat(tl), 1, <f64>(i + 1)));
          rec = f64x2.extract_lane(r, 0);
          prec = f64x2.extract_lane(r, 1);
        } else {
          rec = tpf / tl;
          prec = tpf / <f64>(i + 1);
        }
        store<f64>(ap + (<usize>(n - m) << 3), (recPrev - rec) * prec);
        recPrev = rec;
      }
      const keep = <i32>(m >= 1) & (<i32>(m == 1) | <i32>(f2 - f1 != f1 - f0) | <i32>(t2 - t1 != t1 - t0));
      const q = work + (<usize>k << 3);
      store<i32>(q, f1);
      store<i32>(q, t1, 4);
      k += keep;
      f0 = f1; t0 = t1; f1 = f2; t1 = t2;
      m++;
    }
    c = cn;
  }
  if (m >= 1) {
    const q = work + (<usize>k << 3);
    store<i32>(q, f1);
    store<i32>(q, t1, 4);
    k++;
  }
  if (withAp) store<f64>(ap, <f64>m);
  // Pass 2: rates and terms (rocRates' divisions, trapezoid's arithmetic);
  // term j overwrites pair j once it is read.
  let bad = 0;
  if (ASC_FEATURE_SIMD) {
    const L = f64x2.replace_lane(f64x2.splat(fl), 1, tl);
    let prev = f64x2.div(f64x2.splat(0.0), L);
    for (let j = 0; j < k; j++) {
      const p = work + (<usize>j << 3);
      const r = f64x2.div(f64x2.convert_low_i32x4_s(v128.load64_zero(p)), L); // (x, y)
      const d = f64x2.extract_lane(f64x2.sub(r, prev), 0);
      const sy = f64x2.extract_lane(f64x2.add(r, prev), 1);
      bad |= <i32>(d < 0);
      store<f64>(p, d * sy * 0.5);
      prev = r;
    }
  } else {
    let px = 0.0 / fl, py = 0.0 / tl;
    for (let j = 0; j < k; j++) {
      const p = work + (<usize>j << 3);
      const x = <f64>load<i32>(p) / fl, yv = <f64>load<i32>(p, 4) / tl;
      const d = x - px;
      bad |= <i32>(d < 0);
      store<f64>(p, d * (yv + py) * 0.5);
      px = x; py = yv;
    }
  }
  return bad ? -1 : k;
}
