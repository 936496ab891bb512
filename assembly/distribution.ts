// Score-distribution kernels: moments (numpy's pairwise np.mean / two-pass
// np.std), np.quantile(method='linear') on sorted data, np.histogram(bins=B)
// with numpy's linspace edges and bin-index corrections, and the per-label
// moments of sklearn outlier predictions (-1 / 1).
// Moments layout of out (f64): 0 count, 1 sum, 2 min, 3 max, 4 ssd = sum (x - sum/count)^2.
import { pairwise, lanes } from "./pairwise";

let gX: usize = 0;
let gMin: f64 = Infinity;
let gMax: f64 = -Infinity;
let gMean: f64 = 0;

// Pass 1: sum in numpy's leaf order; min/max on the side (order-free).
function leafSum(start: i32, m: i32, out: usize): void {
  const p = gX + (<usize>start << 3);
  let mn = gMin, mx = gMax;
  if (m < 8) {
    let s = 0.0;
    for (let i = 0; i < m; i++) {
      const x = load<f64>(p + (<usize>i << 3));
      s += x; mn = Math.min(mn, x); mx = Math.max(mx, x);
    }
    store<f64>(out, s);
    gMin = mn; gMax = mx;
    return;
  }
  let r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
  let L = f64x2.min(f64x2.min(r0, r1), f64x2.min(r2, r3));
  let H = f64x2.max(f64x2.max(r0, r1), f64x2.max(r2, r3));
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    const q = p + (<usize>i << 3);
    const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
    r0 = f64x2.add(r0, a0); r1 = f64x2.add(r1, a1); r2 = f64x2.add(r2, a2); r3 = f64x2.add(r3, a3);
    L = f64x2.min(L, f64x2.min(f64x2.min(a0, a1), f64x2.min(a2, a3)));
    H = f64x2.max(H, f64x2.max(f64x2.max(a0, a1), f64x2.max(a2, a3)));
  }
  let s = lanes(r0, r1, r2, r3);
  mn = Math.min(mn, Math.min(f64x2.extract_lane(L, 0), f64x2.extract_lane(L, 1)));
  mx = Math.max(mx, Math.max(f64x2.extract_lane(H, 0), f64x2.extract_lane(H, 1)));
  for (; i < m; i++) {
    const x = load<f64>(p + (<usize>i << 3));
    s += x; mn = Math.min(mn, x); mx = Math.max(mx, x);
  }
  store<f64>(out, s);
  gMin = mn; gMax = mx;
}

// Pass 2 (numpy _var): d = x - mean, d*d, pairwise sum.
function leafSsd(start: i32, m: i32, out: usize): void {
  const p = gX + (<usize>start << 3);
  const mu = gMean;
  let i = 0;
  let s = 0.0;
  if (m >= 8) {
    const M = f64x2.splat(mu);
    let d0 = f64x2.sub(v128.load(p), M), d1 = f64x2.sub(v128.load(p, 16), M);
    let d2 = f64x2.sub(v128.load(p, 32), M), d3 = f64x2.sub(v128.load(p, 48), M);
    let r0 = f64x2.mul(d0, d0), r1 = f64x2.mul(d1, d1), r2 = f64x2.mul(d2, d2), r3 = f64x2.mul(d3, d3);
    const m8 = m & ~7;
    for (i = 8; i < m8; i += 8) {
      const q = p + (<usize>i << 3);
      d0 = f64x2.sub(v128.load(q), M); d1 = f64x2.sub(v128.load(q, 16), M);
      d2 = f64x2.sub(v128.load(q, 32), M); d3 = f64x2.sub(v128.load(q, 48), M);
      r0 = f64x2.add(r0, f64x2.mul(d0, d0)); r1 = f64x2.add(r1, f64x2.mul(d1, d1));
      r2 = f64x2.add(r2, f64x2.mul(d2, d2)); r3 = f64x2.add(r3, f64x2.mul(d3, d3));
    }
    s = lanes(r0, r1, r2, r3);
  }
  for (; i < m; i++) {
    const d = load<f64>(p + (<usize>i << 3)) - mu;
    s += d * d;
  }
  store<f64>(out, s);
}

function moments(x: usize, n: i32, out: usize): void {
  gX = x; gMin = Infinity; gMax = -Infinity;
  store<f64>(out, <f64>n);
  store<f64>(out, 0.0, 8);
  store<f64>(out, 0.0, 32);
  if (n > 0) {
    pairwise(n, 1, leafSum, out + 8);
    gMean = load<f64>(out, 8) / <f64>n;
    pairwise(n, 1, leafSsd, out + 32);
  }
  store<f64>(out, gMin, 16);
  store<f64>(out, gMax, 24);
}

/**
 * Moments of n f64 at x: out[0..5) = count, pairwise sum, min, max,
 * pairwise sum of (x - sum/count)^2. Empty: 0, 0, +inf, -inf, 0.
 */
export function distMoments(x: usize, n: i32, out: usize): void {
  moments(x, n, out);
}

/**
 * np.quantile(s, q, method='linear') for s sorted ascending (n >= 1):
 * vi = (n-1)q, lo = floor(vi), gamma = vi - lo, numpy's _lerp (t >= 0.5 from
 * the right); vi >= n-1 uses index -1 for both neighbours (gamma = vi + 1).
 */
export function distQuantiles(s: usize, n: i32, q: usize, nq: i32, out: usize): void {
  const last = <f64>(n - 1);
  for (let j = 0; j < nq; j++) {
    const vi = last * load<f64>(q + (<usize>j << 3));
    let lo: f64, ia: i32, ib: i32;
    if (vi >= last) {
      lo = -1; ia = n - 1; ib = n - 1;
    } else {
      lo = Math.floor(vi); ia = <i32>lo; ib = ia + 1;
    }
    const t = vi - lo;
    const a = load<f64>(s + (<usize>ia << 3)), b = load<f64>(s + (<usize>ib << 3));
    const diff = b - a;
    store<f64>(out + (<usize>j << 3), t >= 0.5 ? b - diff * (1 - t) : a + diff * t);
  }
}

/**
 * np.histogram(x, bins) with the range from (lo, hi) = (min, max): edges
 * (bins+1 f64) = np.linspace(first, last, bins+1) after widening a constant
 * range by 0.5; counts (bins i32). Returns 0, 1 when the edges are not
 * increasing (numpy: "Too many bins"), 2 when last - first overflows.
 */
export function distHistogram(x: usize, n: i32, bins: i32, lo: f64, hi: f64, edges: usize, counts: usize): i32 {
  let first = lo, last = hi;
  if (first == last) { first = first - 0.5; last = last + 0.5; }
  const delta = last - first;
  if (!isFinite(delta)) return 2;
  const div = <f64>bins;
  const step = delta / div;
  if (step == 0) {
    for (let i = 0; i < bins; i++) store<f64>(edges + (<usize>i << 3), (<f64>i / div) * delta + first);
  } else {
    for (let i = 0; i < bins; i++) store<f64>(edges + (<usize>i << 3), <f64>i * step + first);
  }
  store<f64>(edges + (<usize>bins << 3), last);
  for (let i = 0; i < bins; i++) {
    if (load<f64>(edges + (<usize>i << 3)) >= load<f64>(edges + (<usize>(i + 1) << 3))) return 1;
  }
  memory.fill(counts, 0, <usize>bins << 2);
  const top = bins - 1;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    const f = ((v - first) / delta) * div;
    let k = <i32>f;
    if (k == bins) k--;
    if (v < load<f64>(edges + (<usize>k << 3))) k--;
    else if (k != top && v >= load<f64>(edges + (<usize>(k + 1) << 3))) k++;
    const c = counts + (<usize>k << 2);
    store<i32>(c, load<i32>(c) + 1);
  }
  return 0;
}

/**
 * Moments per sklearn outlier label. pred: f64 labels (-1 anomaly, else
 * normal); the selected scores are compacted in order into buf (n f64:
 * anomalies first) so each group is pairwise-summed like np.mean(x[mask]).
 * out[0..5) anomaly moments, out[5..10) normal moments.
 */
export function maskedMoments(pred: usize, x: usize, n: i32, buf: usize, out: usize): void {
  let na = 0;
  for (let i = 0; i < n; i++) if (load<f64>(pred + (<usize>i << 3)) < 0) na++;
  let ia = 0, ib = na;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const v = load<f64>(x + o);
    if (load<f64>(pred + o) < 0) { store<f64>(buf + (<usize>ia << 3), v); ia++; }
    else { store<f64>(buf + (<usize>ib << 3), v); ib++; }
  }
  moments(buf, na, out);
  moments(buf + (<usize>na << 3), n - na, out + 40);
}
