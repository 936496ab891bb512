// Per-row terms for the evaluators' exact sums (assembly/exactsum.ts adds them
// up in any order with the same result). Each term is rounded exactly as
// scikit-learn rounds it, so a row contributes the same bits in any batch.

import { setup, leafTermsV, leafTermBuffer } from "./logloss";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }
// @ts-ignore: decorator
@inline function put(p: usize, i: i32, v: f64): void { store<f64>(p + (<usize>i << 3), v); }

const EPS: f64 = 2.220446049250313e-16;

/**
 * Regression terms of rows [0, n): e = yt - yp; e2 = e*e*w, ae = |e|*w,
 * ape = |e|/max(|yt|, eps)*w, yw = yt*w (w = 0: unweighted, the terms
 * themselves). Returns max |e| over the rows (0 when n = 0).
 */
export function regTerms(yt: usize, yp: usize, w: usize, n: i32, e2: usize, ae: usize, ape: usize, yw: usize): f64 {
  let mx = 0.0;
  if (w == 0) {
    for (let i = 0; i < n; i++) {
      const y = f(yt, i), e = y - f(yp, i), a = Math.abs(e);
      put(e2, i, e * e); put(ae, i, a); put(ape, i, a / Math.max(Math.abs(y), EPS)); put(yw, i, y);
      mx = Math.max(mx, a);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const y = f(yt, i), e = y - f(yp, i), a = Math.abs(e), ww = f(w, i);
      put(e2, i, e * e * ww); put(ae, i, a * ww); put(ape, i, a / Math.max(Math.abs(y), EPS) * ww); put(yw, i, y * ww);
      mx = Math.max(mx, a);
    }
  }
  return mx;
}

/**
 * Anomaly rows: the scores of rows predicted -1 to outA (compacted, input
 * order). out (f64): [0] their count, [1] min and [2] max of every score
 * (IEEE minimum/maximum: -0 < +0, so the result does not depend on row
 * order), [3] rows whose prediction is neither -1 nor 1 (the caller raises).
 */
export function anomalyGroups(pred: usize, x: usize, n: i32, outA: usize, out: usize): void {
  let na = 0, bad = 0;
  let lo = Infinity, hi = -Infinity;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const M1 = f64x2.splat(-1.0), P1 = f64x2.splat(1.0);
    let LO = f64x2.splat(Infinity), HI = f64x2.splat(-Infinity), BAD = i64x2.splat(0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const v = v128.load(x + o), q = v128.load(pred + o);
      LO = f64x2.pmin(LO, v); HI = f64x2.pmax(HI, v);
      const isA = f64x2.eq(q, M1);
      BAD = i64x2.sub(BAD, v128.andnot(v128.not(f64x2.eq(q, P1)), isA));
      put(outA, na, f64x2.extract_lane(v, 0));
      na += i32(i64x2.extract_lane(isA, 0) != 0);
      put(outA, na, f64x2.extract_lane(v, 1));
      na += i32(i64x2.extract_lane(isA, 1) != 0);
    }
    lo = min(f64x2.extract_lane(LO, 0), f64x2.extract_lane(LO, 1));
    hi = max(f64x2.extract_lane(HI, 0), f64x2.extract_lane(HI, 1));
    bad = <i32>(i64x2.extract_lane(BAD, 0) + i64x2.extract_lane(BAD, 1));
  }
  for (; i < n; i++) {
    const v = f(x, i), q = f(pred, i);
    lo = min(lo, v); hi = max(hi, v);
    bad += i32(q != -1.0 & q != 1.0);
    put(outA, na, v);
    na += i32(q == -1.0);
  }
  // pmin/pmax above: the sign of a zero extreme is settled here (-0 when any
  // -0 is there for the min, +0 when any +0 is for the max: IEEE minimum and
  // maximum, whatever the order); a NaN score reaches the caller's sums.
  if (lo == 0.0 || hi == 0.0) {
    for (let j = 0; j < n; j++) {
      const v = f(x, j);
      if (v == 0.0) { lo = min(lo, v); hi = max(hi, v); }
    }
  }
  put(out, 0, <f64>na);
  put(out, 1, lo);
  put(out, 2, hi);
  put(out, 3, <f64>bad);
}

/** IEEE minimum and maximum of x[0, n) (-0 < +0): out[0], out[1]. */
export function minMax(x: usize, n: i32, out: usize): void {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) { const v = f(x, i); lo = min(lo, v); hi = max(hi, v); }
  put(out, 0, lo);
  put(out, 1, hi);
}

/**
 * Binary log-loss terms as logLossSum computes them, term = -log(clip(q, eps,
 * 1 - eps)) (times w), with the form of q chosen per group g = cls[i] (f64
 * ids): forms[g] (i32) 1: q = p; 2: q = 1 - p; 3: q = 1 - (1 - p) (the smaller
 * class when P(larger) is 1 - p); 0: the row is skipped. Terms of group g go
 * to outs + g*n*8 (compacted, input order); counts[g] (i32) counts them.
 */
export function logTerms(p: usize, w: usize, n: i32, cls: usize, forms: usize, groups: i32, outs: usize, counts: usize): void {
  const hi = 1.0 - EPS;
  for (let g = 0; g < groups; g++) store<i32>(counts + (<usize>g << 2), 0);
  for (let i = 0; i < n; i++) {
    const g = <i32>f(cls, i);
    const form = load<i32>(forms + (<usize>g << 2));
    if (form == 0) continue;
    const pi = f(p, i);
    const q = form == 1 ? pi : form == 2 ? 1.0 - pi : 1.0 - (1.0 - pi);
    let l = -Math.log(Math.min(Math.max(q, EPS), hi));
    if (w != 0) l *= f(w, i);
    const c = load<i32>(counts + (<usize>g << 2));
    put(outs + ((<usize>g * <usize>n) << 3), c, l);
    store<i32>(counts + (<usize>g << 2), c + 1);
  }
}

/**
 * Multiclass log-loss terms of one column j: -log(clip(P[i, j])) (times w),
 * as multiLogLossSum computes the true column's term; rows with cls[i] = g go
 * to outs + g*n*8 (compacted); counts[g] (i32). With col >= 0 only that
 * column; with col < 0, column cols[i] (f64) of each row.
 */
export function multiLogTerms(P: usize, n: i32, k: i32, col: i32, cols: usize, w: usize, cls: usize, groups: i32, outs: usize, counts: usize): void {
  const hi = 1.0 - EPS;
  for (let g = 0; g < groups; g++) store<i32>(counts + (<usize>g << 2), 0);
  for (let i = 0; i < n; i++) {
    const j = col >= 0 ? col : <i32>f(cols, i);
    const q = f(P, i * k + j);
    let l = -Math.log(Math.min(Math.max(q, EPS), hi));
    if (w != 0) l *= f(w, i);
    const g = <i32>f(cls, i);
    const c = load<i32>(counts + (<usize>g << 2));
    put(outs + ((<usize>g * <usize>n) << 3), c, l);
    store<i32>(counts + (<usize>g << 2), c + 1);
  }
}

/**
 * Contingency counts of class indices (f64) t[i], q[i] < k into cells (f64,
 * k x k, row = t), added to what is there.
 */
export function cellCounts(t: usize, q: usize, n: i32, k: i32, cells: usize): void {
  for (let i = 0; i < n; i++) {
    const c = <i32>f(t, i) * k + <i32>f(q, i);
    put(cells, c, f(cells, c) + 1.0);
  }
}

/**
 * Stable counting sort of x by group g[i] (f64 ids < groups): offsets (i32,
 * groups + 1) and the grouped values in out.
 */
export function groupValues(g: usize, x: usize, n: i32, groups: i32, offsets: usize, out: usize): void {
  for (let j = 0; j <= groups; j++) store<i32>(offsets + (<usize>j << 2), 0);
  for (let i = 0; i < n; i++) {
    const p = offsets + (<usize>(<i32>f(g, i) + 1) << 2);
    store<i32>(p, load<i32>(p) + 1);
  }
  for (let j = 0; j < groups; j++) {
    const p = offsets + (<usize>(j + 1) << 2);
    store<i32>(p, load<i32>(p) + load<i32>(p - 4));
  }
  // fill using offsets[j] as cursors, then shift back
  for (let i = 0; i < n; i++) {
    const p = offsets + (<usize>(<i32>f(g, i)) << 2);
    const c = load<i32>(p);
    put(out, c, f(x, i));
    store<i32>(p, c + 1);
  }
  for (let j = groups; j > 0; j--) store<i32>(offsets + (<usize>j << 2), load<i32>(offsets + (<usize>(j - 1) << 2)));
  store<i32>(offsets, 0);
}

/** g[i] = t[i] * k + q[i] (class indices as f64): the cell of each row. */
export function cellIndex(t: usize, q: usize, n: i32, k: i32, out: usize): void {
  const kf = <f64>k;
  for (let i = 0; i < n; i++) put(out, i, f(t, i) * kf + f(q, i));
}

/**
 * Bin of each score in [0, 1] among `bins` equal-width bins (np.histogram on
 * [0, 1]: bin = floor(p * bins), p = 1 in the last bin), plus `base`: out[i] =
 * base[i] * bins + bin (base: f64 group ids, or 0 for none).
 */
export function binIndex(p: usize, n: i32, bins: i32, base: usize, out: usize): void {
  const b = <f64>bins;
  const last = b - 1.0;
  for (let i = 0; i < n; i++) {
    const v = Math.min(Math.floor(f(p, i) * b), last);
    put(out, i, base != 0 ? f(base, i) * b + v : v);
  }
}

/** out[i] = src[idx[i]] (idx: u32). */
export function gatherF64(src: usize, idx: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) put(out, i, f(src, <i32>load<u32>(idx + (<usize>i << 2))));
}

/** out[i] = a[b[i]] for u32 index arrays (composition of permutations). */
export function composeU32(a: usize, b: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<u32>(out + (<usize>i << 2), load<u32>(a + (<usize>load<u32>(b + (<usize>i << 2)) << 2)));
}

/**
 * Class ids of labels with at most two distinct values: out[i] = y[i] == b
 * ? 1 : 0 (f64), b the larger of the sorted labels (one label: the caller
 * passes b = +Infinity, so every id is 0).
 */
export function encodeTwo(y: usize, n: i32, b: f64, out: usize): void {
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const B = f64x2.splat(b), ONE = f64x2.splat(1.0);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(out + o, v128.and(f64x2.eq(v128.load(y + o), B), ONE));
    }
  }
  for (; i < n; i++) put(out, i, f(y, i) == b ? 1.0 : 0.0);
}

/**
 * Binary log-loss terms of every row in one form per class, as logLossSum
 * computes them: q = p for rows of class `pos` (ids f64), 1 - p for the
 * other rows, term = -log(clip(q)) (times w). The SIMD build takes the
 * logs two lanes at a time through logloss.ts's leaf (the same bits as
 * Math.log). Terms of `pos` rows go to outPos, the others to outNeg
 * (compacted, input order); out (i32): [0] count of pos rows.
 */
export function binaryLogTerms(ids: usize, p: usize, w: usize, n: i32, pos: f64, neg: f64, outPos: usize, outNeg: usize, out: usize): void {
  let np = 0, nn = 0;
  if (ASC_FEATURE_SIMD) {
    setup(ids, p, neg, pos, pos);
    const tb = leafTermBuffer();
    for (let s = 0; s < n; s += 128) {
      const m = min(128, n - s);
      leafTermsV(s, m);
      for (let j = 0; j < m; j++) {
        let l = -load<f64>(tb + (<usize>j << 3));
        const i = s + j;
        if (w != 0) l *= f(w, i);
        if (f(ids, i) == pos) { put(outPos, np, l); np++; }
        else { put(outNeg, nn, l); nn++; }
      }
    }
  } else {
    const hi = 1.0 - EPS;
    for (let i = 0; i < n; i++) {
      const isPos = f(ids, i) == pos;
      const pi = f(p, i);
      let l = -Math.log(Math.min(Math.max(isPos ? pi : 1.0 - pi, EPS), hi));
      if (w != 0) l *= f(w, i);
      if (isPos) { put(outPos, np, l); np++; }
      else { put(outNeg, nn, l); nn++; }
    }
  }
  store<i32>(out, np);
}

/** out[i] = <u8>x[i] (class ids < 256 held as f64). */
export function idsToU8(x: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) store<u8>(out + <usize>i, <u8>f(x, i));
}
