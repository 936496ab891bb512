// Issue 17 kernels: hinge loss terms, the generic trapezoid's monotonicity
// scan, class weight sums (numpy's axis-0 reduction: sequential) and gathered
// per-class terms for the D² null models. Terms land in `out` and are reduced
// with sumF64 (numpy's pairwise order).
import { sumF64 } from "./pairwise";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

/** Binary hinge: max(1 - y d, 0) with y = +1 where ind[i] != 0 else -1, times w when w != 0; pairwise sum. */
export function hingeBinarySum(ind: usize, d: usize, w: usize, n: i32, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const y: f64 = f(ind, i) != 0 ? 1.0 : -1.0;
    let v = 1.0 - y * f(d, i);
    if (v < 0.0) v = 0.0;
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/**
 * Crammer-Singer hinge on an n x k decision matrix D with class indices yi:
 * max(1 - (D[i, yi] - max_{j != yi} D[i, j]), 0), times w; pairwise sum.
 */
export function hingeMultiSum(D: usize, n: i32, k: i32, yi: usize, w: usize, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const c = <i32>f(yi, i);
    const base = i * k;
    // the largest other decision value: D was checked finite (sklearn's check_array), so a
    // branch-free max gives numpy's value (the sign of a zero maximum cannot change
    // 1 − (D[c] − m): x − (+0) and x − (−0) differ only for x = −0, and 1 − (±0) = 1)
    let m = -Infinity;
    for (let j = 0; j < k; j++) m = max(m, select<f64>(-Infinity, f(D, base + j), j == c));
    let v = 1.0 - (f(D, base + c) - m);
    if (v < 0.0) v = 0.0;
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/** Signs of np.diff(x): bit 0 = any(dx < 0), bit 1 = all(dx <= 0). */
export function diffSigns(x: usize, n: i32): i32 {
  let anyNeg = false, allNonPos = true;
  for (let i = 1; i < n; i++) {
    const d = f(x, i) - f(x, i - 1);
    if (d < 0) anyNeg = true;
    if (!(d <= 0)) allNonPos = false;
  }
  return (anyNeg ? 1 : 0) | (allNonPos ? 2 : 0);
}

/** out[c] = sequential sum of w[i] (1 when w == 0) over i with yi[i] == c (k classes). */
export function classWeightSums(yi: usize, w: usize, n: i32, k: i32, out: usize): void {
  for (let c = 0; c < k; c++) put(out, c, 0.0);
  for (let i = 0; i < n; i++) {
    const c = <i32>f(yi, i);
    put(out, c, f(out, c) + (w != 0 ? f(w, i) : 1.0));
  }
}

/** out[i] = r[yi[i]] (times w[i] when w != 0); returns the pairwise sum. */
export function gatherSum(yi: usize, r: usize, w: usize, n: i32, out: usize): f64 {
  for (let i = 0; i < n; i++) {
    const v = f(r, <i32>f(yi, i));
    put(out, i, w != 0 ? v * f(w, i) : v);
  }
  return sumF64(out, n);
}

/** Rows [1 - p, p] of an n x 2 matrix from p. */
export function complementPairs(p: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const v = f(p, i);
    put(out, 2 * i, 1.0 - v);
    put(out, 2 * i + 1, v);
  }
}

/** out[i] = a[i] * b[i]; returns the pairwise sum (np.multiply(a, b).sum()). */
export function productSum(a: usize, b: usize, n: i32, out: usize): f64 {
  for (let i = 0; i < n; i++) put(out, i, f(a, i) * f(b, i));
  return sumF64(out, n);
}
