// Multi-output regression: per-output (column) sums of an n x m row-major
// matrix. numpy reduces axis 0 of a C-contiguous (n, m > 1) array row by row
// (out[j] += x[i, j], the contiguous axis innermost): a plain sequential sum
// per column, not pairwise. (m = 1 is a contiguous 1-D sum, pairwise: the
// caller uses the 1-D kernels then.)
// kind: 0 (t-p)^2, 1 |t-p|, 2 |t-p|/max(|t|,eps), 3 (log1p t - log1p p)^2,
//       4 pinball(t, p; a), 5 t, 6 t-p, 7 (t-c_j)^2, 8 ((t-p)-c_j)^2,
//       9 pinball(t, c_j; a). Each term times w_i when w != 0; c: m constants.
const EPS: f64 = 2.220446049250313e-16;

// @ts-ignore: decorator
@inline function term(kind: i32, t: f64, p: f64, c: f64, a: f64): f64 {
  if (kind == 0) { const e = t - p; return e * e; }
  if (kind == 1) return Math.abs(t - p);
  if (kind == 2) return Math.abs(p - t) / Math.max(Math.abs(t), EPS);
  if (kind == 3) { const d = Math.log1p(t) - Math.log1p(p); return d * d; }
  if (kind == 4 || kind == 9) {
    const q = kind == 4 ? p : c;
    const diff = t - q;
    const sign: f64 = diff >= 0 ? 1.0 : 0.0;
    return a * sign * diff - (1.0 - a) * (1.0 - sign) * diff;
  }
  if (kind == 5) return t;
  if (kind == 6) return t - p;
  if (kind == 7) { const d = t - c; return d * d; }
  const r = (t - p) - c;
  return r * r;
}

// @ts-ignore: decorator
@inline function rows(kind: i32, yt: usize, yp: usize, w: usize, n: i32, m: i32, a: f64, c: usize, out: usize, acc: bool = false): void {
  if (!acc) for (let j = 0; j < m; j++) store<f64>(out + (<usize>j << 3), 0.0);
  for (let i = 0; i < n; i++) {
    const row = <usize>i * <usize>m << 3;
    const wi = w != 0 ? load<f64>(w + (<usize>i << 3)) : 1.0;
    for (let j = 0; j < m; j++) {
      const o = <usize>j << 3;
      const cj = c != 0 ? load<f64>(c + o) : 0.0;
      let v = term(kind, load<f64>(yt + row + o), yp != 0 ? load<f64>(yp + row + o) : 0.0, cj, a);
      if (w != 0) v *= wi;
      store<f64>(out + o, load<f64>(out + o) + v);
    }
  }
}

// SIMD, m <= 8: columns 2k, 2k+1 accumulate in the two lanes of one register (each
// lane still a sequential sum down its column: the same bits as the scalar loop), an
// odd last column in a scalar. Kinds 0 (t-p)^2, 1 |t-p|, 5 t, 7 (t-c_j)^2.
// @ts-ignore: decorator
@inline function termV(kind: i32, t: v128, p: v128, c: v128): v128 {
  if (kind == 0) { const e = f64x2.sub(t, p); return f64x2.mul(e, e); }
  if (kind == 1) return f64x2.abs(f64x2.sub(t, p));
  if (kind == 5) return t;
  const d = f64x2.sub(t, c);
  return f64x2.mul(d, d);
}

// @ts-ignore: decorator
@inline function lanePair(kind: i32, acc: v128, pt: usize, pp: usize, c: v128, w: usize, wv: v128): v128 {
  let v = termV(kind, v128.load(pt), kind == 5 || kind == 7 ? f64x2.splat(0) : v128.load(pp), c);
  if (w != 0) v = f64x2.mul(v, wv);
  return f64x2.add(acc, v);
}

// @ts-ignore: decorator
@inline function rowsSimd(kind: i32, yt: usize, yp: usize, w: usize, n: i32, m: i32, c: usize, out: usize, acc: bool): void {
  const pairs = m >> 1;
  const odd = m & 1;
  const cs = <usize>(m - 1) << 3;
  // (acc: continue the running sums in out, e.g. chunk after chunk: the same sequential order)
  let A0 = acc ? v128.load(out) : f64x2.splat(0);
  let A1 = acc && pairs > 1 ? v128.load(out, 16) : f64x2.splat(0);
  let A2 = acc && pairs > 2 ? v128.load(out, 32) : f64x2.splat(0);
  let A3 = acc && pairs > 3 ? v128.load(out, 48) : f64x2.splat(0);
  let s = acc && odd ? load<f64>(out + cs) : 0.0;
  const C0 = c != 0 && pairs > 0 ? v128.load(c) : f64x2.splat(0);
  const C1 = c != 0 && pairs > 1 ? v128.load(c, 16) : f64x2.splat(0);
  const C2 = c != 0 && pairs > 2 ? v128.load(c, 32) : f64x2.splat(0);
  const C3 = c != 0 && pairs > 3 ? v128.load(c, 48) : f64x2.splat(0);
  const cl = c != 0 && odd ? load<f64>(c + cs) : 0.0;
  const stride = <usize>m << 3;
  let pt = yt, pp = yp;
  for (let i = 0; i < n; i++) {
    const wi = w != 0 ? load<f64>(w + (<usize>i << 3)) : 1.0;
    const wv = f64x2.splat(wi);
    A0 = lanePair(kind, A0, pt, pp, C0, w, wv);
    if (pairs > 1) A1 = lanePair(kind, A1, pt + 16, pp + 16, C1, w, wv);
    if (pairs > 2) A2 = lanePair(kind, A2, pt + 32, pp + 32, C2, w, wv);
    if (pairs > 3) A3 = lanePair(kind, A3, pt + 48, pp + 48, C3, w, wv);
    if (odd) {
      let v = term(kind, load<f64>(pt + cs), kind == 5 || kind == 7 ? 0.0 : load<f64>(pp + cs), cl, 0.0);
      if (w != 0) v *= wi;
      s += v;
    }
    pt += stride;
    pp += stride;
  }
  if (pairs > 0) v128.store(out, A0);
  if (pairs > 1) v128.store(out, A1, 16);
  if (pairs > 2) v128.store(out, A2, 32);
  if (pairs > 3) v128.store(out, A3, 48);
  if (odd) store<f64>(out + cs, s);
}

function colSums(kind: i32, yt: usize, yp: usize, w: usize, n: i32, m: i32, a: f64, c: usize, out: usize, acc: bool): void {
  if (ASC_FEATURE_SIMD && m >= 2 && m <= 8) {
    if (kind == 0) { rowsSimd(0, yt, yp, w, n, m, c, out, acc); return; }
    if (kind == 1) { rowsSimd(1, yt, yp, w, n, m, c, out, acc); return; }
    if (kind == 5) { rowsSimd(5, yt, yp, w, n, m, c, out, acc); return; }
    if (kind == 7) { rowsSimd(7, yt, yp, w, n, m, c, out, acc); return; }
  }
  // one specialised loop per common kind (the branch on kind hoisted out of the loop)
  if (kind == 0) rows(0, yt, yp, w, n, m, a, c, out, acc);
  else if (kind == 1) rows(1, yt, yp, w, n, m, a, c, out, acc);
  else if (kind == 5) rows(5, yt, yp, w, n, m, a, c, out, acc);
  else if (kind == 7) rows(7, yt, yp, w, n, m, a, c, out, acc);
  else rows(kind, yt, yp, w, n, m, a, c, out, acc);
}

/** out[j] = sequential sum over rows of term(kind) (times w_i): numpy's axis-0 order for m > 1. */
export function moColSums(kind: i32, yt: usize, yp: usize, w: usize, n: i32, m: i32, a: f64, c: usize, out: usize): void {
  colSums(kind, yt, yp, w, n, m, a, c, out, false);
}

/** moColSums continuing the running sums already in out (chunk by chunk: the same bits as one call). */
export function moColSumsAdd(kind: i32, yt: usize, yp: usize, w: usize, n: i32, m: i32, a: f64, c: usize, out: usize): void {
  colSums(kind, yt, yp, w, n, m, a, c, out, true);
}

/** Column j of |t - p| (or of t when yp == 0) into out (n values), for the per-output medians and quantiles. */
export function moColumn(yt: usize, yp: usize, n: i32, m: i32, j: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = (<usize>i * <usize>m + <usize>j) << 3;
    const t = load<f64>(yt + o);
    store<f64>(out + (<usize>i << 3), yp != 0 ? Math.abs(load<f64>(yp + o) - t) : t);
  }
}
