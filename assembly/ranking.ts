// Ranking kernels: threshold curves (ROC / precision-recall), trapezoid AUC,
// average precision, log loss and Brier terms. All buffers are f64 unless
// noted; callers allocate every output and scratch buffer. Sums that sklearn
// takes with np.sum go through sumF64 (numpy's pairwise order).
import { sumF64 } from "./pairwise";

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
 * np.diff(fps, 2) or np.diff(tps, 2) is non-zero. Compacts in place.
 */
export function dropRocIntermediate(fps: usize, tps: usize, thr: usize, m: i32): i32 {
  if (m <= 2) return m;
  let k = 1;
  let f0 = f(fps, 0), t0 = f(tps, 0), f1 = f(fps, 1), t1 = f(tps, 1);
  for (let i = 1; i < m - 1; i++) {
    const f2 = f(fps, i + 1), t2 = f(tps, i + 1);
    if ((f2 - f1) - (f1 - f0) != 0 || (t2 - t1) - (t1 - t0) != 0) {
      put(fps, k, f1); put(tps, k, t1); put(thr, k, f(thr, i));
      k++;
    }
    f0 = f1; t0 = t1; f1 = f2; t1 = t2;
  }
  put(fps, k, f(fps, m - 1)); put(tps, k, f(tps, m - 1)); put(thr, k, f(thr, m - 1));
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
      put(fps, k, f(fps, i)); put(tps, k, t1); put(thr, k, f(thr, i));
      k++;
    }
    t0 = t1; t1 = t2;
  }
  put(fps, k, f(fps, m - 1)); put(tps, k, f(tps, m - 1)); put(thr, k, f(thr, m - 1));
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
