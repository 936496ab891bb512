// Validation scans run in WebAssembly on data already copied in (or living in
// module memory): TS reads the flags and throws sklearn's message before any
// metric kernel runs on the data. SIMD when built with it, scalar otherwise.

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/**
 * Finiteness of x[0..n) plus min and max (out[0], out[1]).
 * Returns 0 when every value is finite, 2 when some value is NaN, else 1
 * (some ±Infinity): sklearn reports NaN whenever one is present.
 */
export function scanF64(x: usize, n: i32, out: usize): i32 {
  let i = 0;
  let mn = Infinity, mx = -Infinity;
  let bad = false;
  if (ASC_FEATURE_SIMD) {
    if (n >= 8) {
      let L = v128.load(x), H = L, B = f64x2.splat(0);
      for (; i + 8 <= n; i += 8) {
        const q = x + (<usize>i << 3);
        const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
        // x - x is 0 for finite x and NaN otherwise; OR of the NaN bit patterns stays non-zero.
        B = v128.or(B, v128.or(v128.or(f64x2.sub(a0, a0), f64x2.sub(a1, a1)), v128.or(f64x2.sub(a2, a2), f64x2.sub(a3, a3))));
        L = f64x2.min(L, f64x2.min(f64x2.min(a0, a1), f64x2.min(a2, a3)));
        H = f64x2.max(H, f64x2.max(f64x2.max(a0, a1), f64x2.max(a2, a3)));
      }
      bad = v128.any_true(B);
      mn = Math.min(f64x2.extract_lane(L, 0), f64x2.extract_lane(L, 1));
      mx = Math.max(f64x2.extract_lane(H, 0), f64x2.extract_lane(H, 1));
    }
  } else {
    let B: f64 = 0;
    for (; i + 4 <= n; i += 4) {
      const a0 = f(x, i), a1 = f(x, i + 1), a2 = f(x, i + 2), a3 = f(x, i + 3);
      B += ((a0 - a0) + (a1 - a1)) + ((a2 - a2) + (a3 - a3));
      mn = Math.min(mn, Math.min(Math.min(a0, a1), Math.min(a2, a3)));
      mx = Math.max(mx, Math.max(Math.max(a0, a1), Math.max(a2, a3)));
    }
    bad = B != 0;
  }
  for (; i < n; i++) {
    const v = f(x, i);
    if (v - v != 0) bad = true;
    mn = Math.min(mn, v); mx = Math.max(mx, v);
  }
  store<f64>(out, mn);
  store<f64>(out, mx, 8);
  if (!bad) return 0;
  for (let j = 0; j < n; j++) { const v = f(x, j); if (v != v) return 2; }
  return 1;
}

/**
 * Distinct values of finite labels when there are at most two. Returns
 * bits 0-1: number of distinct values (3 = more than two; then out is not
 * meaningful), bit 2: some value is not an integer (v != floor(v)), bit 3:
 * some |v| >= 2^63. out[0], out[1]: the values in first-seen order.
 */
export function binaryLabels(x: usize, n: i32, out: usize): i32 {
  if (n == 0) return 0;
  const a = f(x, 0);
  let j = 1;
  while (j < n && f(x, j) == a) j++;
  const b = j < n ? f(x, j) : a;
  const count = j < n ? 2 : 1;
  const BIG: f64 = 9223372036854775808.0;
  let outside = false, nonInt = false, big = false;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const A = f64x2.splat(a), Bv = f64x2.splat(b), G = f64x2.splat(BIG);
    let O = f64x2.splat(0), NI = O, BG = O;
    for (; i + 4 <= n; i += 4) {
      const q = x + (<usize>i << 3);
      const v0 = v128.load(q), v1 = v128.load(q, 16);
      O = v128.or(O, v128.not(v128.or(f64x2.eq(v0, A), f64x2.eq(v0, Bv))));
      O = v128.or(O, v128.not(v128.or(f64x2.eq(v1, A), f64x2.eq(v1, Bv))));
      NI = v128.or(NI, v128.or(f64x2.ne(v0, f64x2.floor(v0)), f64x2.ne(v1, f64x2.floor(v1))));
      BG = v128.or(BG, v128.or(f64x2.ge(f64x2.abs(v0), G), f64x2.ge(f64x2.abs(v1), G)));
    }
    outside = v128.any_true(O); nonInt = v128.any_true(NI); big = v128.any_true(BG);
  }
  for (; i < n; i++) {
    const v = f(x, i);
    if (v != a && v != b) outside = true;
    if (v != Math.floor(v)) nonInt = true;
    if (Math.abs(v) >= BIG) big = true;
  }
  store<f64>(out, a);
  store<f64>(out, b, 8);
  return (outside ? 3 : count) | (nonInt ? 4 : 0) | (big ? 8 : 0);
}

/**
 * Unweighted binary confusion counts, branch-free: out[0] = #(yt == pos and
 * yp == pos), out[1] = #(yt == pos), out[2] = #(yp == pos). Integer counts,
 * exact, so identical to sklearn's bincount sums.
 */
export function binaryCounts(yt: usize, yp: usize, n: i32, pos: f64, out: usize): void {
  let tp: i64 = 0, ts: i64 = 0, ps: i64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const P = f64x2.splat(pos);
    let TP = i64x2.splat(0), TS = TP, PS = TP;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const t0 = f64x2.eq(v128.load(yt + o), P), t1 = f64x2.eq(v128.load(yt + o, 16), P);
      const p0 = f64x2.eq(v128.load(yp + o), P), p1 = f64x2.eq(v128.load(yp + o, 16), P);
      // masks are -1 per true lane: subtracting counts them.
      TS = i64x2.sub(TS, i64x2.add(t0, t1));
      PS = i64x2.sub(PS, i64x2.add(p0, p1));
      TP = i64x2.sub(TP, i64x2.add(v128.and(t0, p0), v128.and(t1, p1)));
    }
    tp = i64x2.extract_lane(TP, 0) + i64x2.extract_lane(TP, 1);
    ts = i64x2.extract_lane(TS, 0) + i64x2.extract_lane(TS, 1);
    ps = i64x2.extract_lane(PS, 0) + i64x2.extract_lane(PS, 1);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const t = i64(load<f64>(yt + o) == pos), p = i64(load<f64>(yp + o) == pos);
    tp += t & p; ts += t; ps += p;
  }
  store<f64>(out, <f64>tp);
  store<f64>(out, <f64>ts, 8);
  store<f64>(out, <f64>ps, 16);
}

/**
 * Which zeros x[0..n) holds: bit 0 some -0.0, bit 1 some +0.0 (to recover the
 * sign of a zero min / max found by pmin / pmax, which may carry either).
 */
export function zeroSigns(x: usize, n: i32): i32 {
  let neg = false, pos = false;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = i64x2.splat(<i64>0x8000000000000000), Z = i64x2.splat(0);
    let N = Z, P = Z;
    for (; i + 2 <= n; i += 2) {
      const v = v128.load(x + (<usize>i << 3));
      N = v128.or(N, i64x2.eq(v, M));
      P = v128.or(P, i64x2.eq(v, Z));
    }
    neg = v128.any_true(N); pos = v128.any_true(P);
  }
  for (; i < n; i++) {
    const b = load<u64>(x + (<usize>i << 3));
    if (b == 0x8000000000000000) neg = true;
    if (b == 0) pos = true;
  }
  return (neg ? 1 : 0) | (pos ? 2 : 0);
}

/**
 * scanF64's checks with pmin / pmax (one instruction each), for fast paths
 * that need no signs of zeros and give up on any non-finite value; folds into
 * out across calls (chunks): out[0] = 1 when some value is not finite, out[1]
 * min, out[2] max (the caller starts them at 0, +inf, -inf). NaN is ignored
 * by the extrema (it is flagged).
 */
export function scanF64P(x: usize, n: i32, out: usize): void {
  let i = 0;
  let mn = load<f64>(out, 8), mx = load<f64>(out, 16);
  let bad = false;
  if (ASC_FEATURE_SIMD) {
    let L = f64x2.splat(mn), H = f64x2.splat(mx), B = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const q = x + (<usize>i << 3);
      const a0 = v128.load(q), a1 = v128.load(q, 16);
      B = v128.or(B, v128.or(f64x2.sub(a0, a0), f64x2.sub(a1, a1)));
      L = f64x2.pmin(L, f64x2.pmin(a0, a1));
      H = f64x2.pmax(H, f64x2.pmax(a0, a1));
    }
    bad = v128.any_true(B);
    mn = Math.min(f64x2.extract_lane(L, 0), f64x2.extract_lane(L, 1));
    mx = Math.max(f64x2.extract_lane(H, 0), f64x2.extract_lane(H, 1));
  }
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v - v != 0) bad = true;
    else { mn = Math.min(mn, v); mx = Math.max(mx, v); }
  }
  if (bad) store<f64>(out, 1.0);
  store<f64>(out, mn, 8);
  store<f64>(out, mx, 16);
}
