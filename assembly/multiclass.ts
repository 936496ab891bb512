// Multiclass kernels: label encoding, probability-matrix terms (row-major
// n x k), one-vs-rest / one-vs-one extraction, and per-sample terms for the
// extra regression losses. Every kernel writes per-sample terms (times the
// weight when w != 0) to `out`; the caller reduces them with sumF64 (numpy's
// pairwise order), as np.average does.
import { sumF64 } from "./pairwise";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

const EPS: f64 = 2.220446049250313e-16;

/** Index of each y[i] in the k sorted `classes` (binary search), -1 when absent. */
export function encodeLabels(y: usize, n: i32, classes: usize, k: i32, out: usize): i32 {
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const v = f(y, i);
    let lo = 0, hi = k - 1, at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = f(classes, mid);
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else { at = mid; break; }
    }
    if (at < 0) missing++;
    put(out, i, <f64>at);
  }
  return missing;
}

/** w * [yt != yp] (w = 0: weight 1) into out; returns the pairwise sum. */
export function mismatchSum(yt: usize, yp: usize, w: usize, n: i32, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const ne: f64 = f(yt, i) != f(yp, i) ? 1.0 : 0.0;
    put(out, i, w != 0 ? ne * f(w, i) : ne);
  }
  return sumF64(out, n);
}

// numpy's pairwise sum of k contiguous values (np.sum(axis=1) on a C-contiguous row).
export function rowSum(p: usize, k: i32): f64 {
  if (k < 8) {
    let s = 0.0;
    for (let j = 0; j < k; j++) s += f(p, j);
    return s;
  }
  if (k <= 128) {
    let r0 = f(p, 0), r1 = f(p, 1), r2 = f(p, 2), r3 = f(p, 3);
    let r4 = f(p, 4), r5 = f(p, 5), r6 = f(p, 6), r7 = f(p, 7);
    const k8 = k - (k & 7);
    let j = 8;
    for (; j < k8; j += 8) {
      r0 += f(p, j); r1 += f(p, j + 1); r2 += f(p, j + 2); r3 += f(p, j + 3);
      r4 += f(p, j + 4); r5 += f(p, j + 5); r6 += f(p, j + 6); r7 += f(p, j + 7);
    }
    let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; j < k; j++) s += f(p, j);
    return s;
  }
  let k2 = k >> 1;
  k2 -= k2 & 7;
  return rowSum(p, k2) + rowSum(p + (<usize>k2 << 3), k - k2);
}

/**
 * Rows of P (n x k) whose sum is not close to 1. mode 0: numpy
 * allclose(1, s) (|1 - s| <= 1e-8 + 1e-5 |s|); mode 1: isclose(s, 1,
 * rtol=sqrt(eps)) (|s - 1| <= 1e-8 + rtol). Returns the count; out[0] = min
 * and out[1] = max of all entries.
 */
export function probRowCheck(P: usize, n: i32, k: i32, mode: i32, out: usize): i32 {
  let bad = 0;
  let lo = Infinity, hi = -Infinity;
  const rtol = Math.sqrt(EPS);
  for (let i = 0; i < n; i++) {
    const row = P + ((<usize>i * <usize>k) << 3);
    for (let j = 0; j < k; j++) {
      const v = f(row, j);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const s = rowSum(row, k);
    const d = Math.abs(s - 1.0);
    const ok = mode == 0 ? d <= 1e-8 + 1e-5 * Math.abs(s) : d <= 1e-8 + rtol;
    if (!ok) bad++;
  }
  put(out, 0, lo);
  put(out, 1, hi);
  return bad;
}

/**
 * Multiclass log-loss terms: -log(clip(P[i, y[i]], eps, 1 - eps)) (times w),
 * y[i] the class index; sklearn's -sum(xlogy(onehot, clip(P)), axis=1).
 */
export function multiLogLossSum(P: usize, n: i32, k: i32, y: usize, w: usize, out: usize): f64 {
  const hi = 1.0 - EPS;
  for (let i = 0; i < n; i++) {
    const c = <i32>f(y, i);
    const q = f(P, i * k + c);
    let l = -Math.log(Math.min(Math.max(q, EPS), hi));
    if (w != 0) l *= f(w, i);
    put(out, i, l);
  }
  return sumF64(out, n);
}

/**
 * Multiclass Brier terms: sum_j (onehot[i, j] - P[i, j])^2 summed in numpy's
 * pairwise order over the row (times w); `row` is k f64 of scratch.
 */
export function multiBrierSum(P: usize, n: i32, k: i32, y: usize, w: usize, row: usize, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const c = <i32>f(y, i);
    const base = i * k;
    for (let j = 0; j < k; j++) {
      const d = (j == c ? 1.0 : 0.0) - f(P, base + j);
      put(row, j, d * d);
    }
    let v = rowSum(row, k);
    if (w != 0) v *= f(w, i);
    put(out, i, v);
  }
  return sumF64(out, n);
}

/** Column c of P (n x k) into out, and [y[i] == c] into ind (y = class indices). */
export function ovrColumn(P: usize, n: i32, k: i32, y: usize, c: i32, out: usize, ind: usize): void {
  const cf = <f64>c;
  for (let i = 0; i < n; i++) {
    put(out, i, f(P, i * k + c));
    put(ind, i, f(y, i) == cf ? 1.0 : 0.0);
  }
}

/**
 * The k columns of P (n x k) one after the other into cols (k * n f64: column
 * c at cols + c * n * 8), in one pass over P; lohi (2k f64): the minimum and
 * maximum of each column (the values are finite: checked before).
 */
export function ovrColumns(P: usize, n: i32, k: i32, cols: usize, lohi: usize): void {
  for (let c = 0; c < k; c++) { put(lohi, 2 * c, Infinity); put(lohi, 2 * c + 1, -Infinity); }
  const stride = <usize>n << 3;
  for (let i = 0; i < n; i++) {
    const row = P + (<usize>(i * k) << 3);
    let dst = cols + (<usize>i << 3);
    for (let c = 0; c < k; c++) {
      const v = load<f64>(row + (<usize>c << 3));
      store<f64>(dst, v);
      dst += stride;
      const m = lohi + (<usize>c << 4);
      store<f64>(m, Math.min(load<f64>(m), v));
      store<f64>(m, Math.max(load<f64>(m, 8), v), 8);
    }
  }
}

/**
 * The k label columns of a multilabel indicator T (n x k, row-major) one after
 * the other into cols (as ovrColumns), counting each column's ones into npos
 * (k f64). Returns the number of values other than 0 and 1 (-0 counts as 0):
 * when it is not 0, the caller takes its general path.
 */
export function indicatorColumns(T: usize, n: i32, k: i32, cols: usize, npos: usize): i32 {
  for (let c = 0; c < k; c++) put(npos, c, 0.0);
  const stride = <usize>n << 3;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const row = T + (<usize>(i * k) << 3);
    let dst = cols + (<usize>i << 3);
    for (let c = 0; c < k; c++) {
      const v = load<f64>(row + (<usize>c << 3));
      store<f64>(dst, v);
      dst += stride;
      const one = v == 1.0;
      bad += <i32>(!one && v != 0.0);
      const m = npos + (<usize>c << 3);
      store<f64>(m, load<f64>(m) + <f64>one);
    }
  }
  return bad;
}

/**
 * One-vs-one subset for classes a, b (indices): the m samples with y in {a, b}
 * in input order; ya = [y == a], sa = P[:, a], yb = [y == b], sb = P[:, b].
 * Returns m.
 */
export function ovoSubset(
  P: usize, n: i32, k: i32, y: usize, a: i32, b: i32, ya: usize, sa: usize, yb: usize, sb: usize,
): i32 {
  const af = <f64>a, bf = <f64>b;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const v = f(y, i);
    if (v != af && v != bf) continue;
    put(ya, m, v == af ? 1.0 : 0.0);
    put(yb, m, v == bf ? 1.0 : 0.0);
    put(sa, m, f(P, i * k + a));
    put(sb, m, f(P, i * k + b));
    m++;
  }
  return m;
}

/**
 * Top-k hits: sample i is a hit when y[i] (class index) is among the k largest
 * of row i, ties broken as numpy's stable argsort reversed (the later column
 * ranks higher). Writes w * hit (w = 0: weight 1) to out; returns the
 * pairwise sum.
 */
export function topKSum(P: usize, n: i32, nc: i32, y: usize, kk: i32, w: usize, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const c = <i32>f(y, i);
    const base = i * nc;
    const v = f(P, base + c);
    // rank of c in descending order of (score, column index).
    let above = 0;
    for (let j = 0; j < nc; j++) {
      const x = f(P, base + j);
      if (x > v || (x == v && j > c)) above++;
    }
    const hit: f64 = above < kk ? 1.0 : 0.0;
    put(out, i, w != 0 ? hit * f(w, i) : hit);
  }
  return sumF64(out, n);
}

/**
 * Regression loss terms (times w when w != 0) into out; returns the pairwise
 * sum. kind 0: (log1p(yt) - log1p(yp))^2; 1: pinball with alpha = a;
 * 2: Tweedie power 0; 3: power 1 (Poisson); 4: power 2 (Gamma); 5: other
 * power a (> 1 or < 0).
 */
// @ts-ignore: decorator
@inline export function extraTerm(kind: i32, t: f64, p: f64, a: f64): f64 {
  let v = 0.0;
  if (kind == 0) {
    const d = Math.log1p(t) - Math.log1p(p);
    v = d * d;
  } else if (kind == 1) {
    const diff = t - p;
    const sign: f64 = diff >= 0 ? 1.0 : 0.0;
    v = a * sign * diff - (1.0 - a) * (1.0 - sign) * diff;
  } else if (kind == 2) {
    const d = t - p;
    v = d * d;
  } else if (kind == 3) {
    const xl = t == 0 ? 0.0 : t * Math.log(t / p);
    v = 2.0 * (xl - t + p);
  } else if (kind == 4) {
    v = 2.0 * (Math.log(p / t) + t / p - 1.0);
  } else {
    const tt = a < 0 ? (t > 0 ? t : 0.0) : t;
    v = 2.0 * (Math.pow(tt, 2.0 - a) / ((1.0 - a) * (2.0 - a)) - t * Math.pow(p, 1.0 - a) / (1.0 - a) +
      Math.pow(p, 2.0 - a) / (2.0 - a));
  }
  return v;
}

export function regExtraSum(kind: i32, yt: usize, yp: usize, w: usize, n: i32, a: f64, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const v = extraTerm(kind, f(yt, i), f(yp, i), a);
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/** regExtraSum with every prediction equal to c (the D² null models). */
export function regExtraConstSum(kind: i32, yt: usize, c: f64, w: usize, n: i32, a: f64, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const v = extraTerm(kind, f(yt, i), c, a);
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/**
 * regExtraSum for Tweedie power a (kind 5) that also keeps each sample's
 * max(t, 0)^(2-a) / ((1-a)(2-a)) in aux, for tweedieConstSumKept.
 */
export function tweedieSumKeep(yt: usize, yp: usize, w: usize, n: i32, a: f64, out: usize, aux: usize): f64 {
  const c12 = (1.0 - a) * (2.0 - a);
  for (let i = 0; i < n; i++) {
    const t = f(yt, i);
    const p = f(yp, i);
    const tt = a < 0 ? (t > 0 ? t : 0.0) : t;
    const A = Math.pow(tt, 2.0 - a) / c12;
    put(aux, i, A);
    const v = 2.0 * (A - t * Math.pow(p, 1.0 - a) / (1.0 - a) + Math.pow(p, 2.0 - a) / (2.0 - a));
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/**
 * regExtraConstSum for kind 5 from the kept first terms (aux) and the two
 * powers of the constant prediction c computed once: the same operations in
 * the same order per sample, so the same bits.
 */
export function tweedieConstSumKept(yt: usize, c: f64, w: usize, n: i32, a: f64, aux: usize, out: usize): f64 {
  const p1 = Math.pow(c, 1.0 - a);
  const p2 = Math.pow(c, 2.0 - a) / (2.0 - a);
  for (let i = 0; i < n; i++) {
    const v = 2.0 * (f(aux, i) - f(yt, i) * p1 / (1.0 - a) + p2);
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}
