// Score-distribution kernels: moments (numpy's pairwise np.mean / two-pass
// np.std), np.quantile(method='linear') via radix select, np.histogram(bins=B)
// with numpy's linspace edges and bin-index corrections, and the per-label
// moments of sklearn outlier predictions (-1 / 1).
// Moments layout of out (f64): 0 count, 1 sum, 2 min, 3 max, 4 ssd = sum (x - sum/count)^2.
import { pairwise, lanes, scalarLeaf } from "./pairwise";
import { sortF64, SORT_HIST_BYTES } from "./sort";

let gX: usize = 0;
let gMin: f64 = Infinity;
let gMax: f64 = -Infinity;
let gMean: f64 = 0;

// Pass 1: sum in numpy's leaf order; min/max on the side (order-free).
function elemSum(i: i32, q: usize): void {
  const x = load<f64>(gX + (<usize>i << 3));
  store<f64>(q, x);
  gMin = Math.min(gMin, x); gMax = Math.max(gMax, x);
}
function elemSsd(i: i32, q: usize): void {
  const d = load<f64>(gX + (<usize>i << 3)) - gMean;
  store<f64>(q, d * d);
}

// The scalar end of leafSum / leafSumP: adds x[from..m) to s left to right,
// folds them into the running min/max, writes the sum and the min/max back
// (the whole leaf when m < 8).
// @ts-ignore: decorator
@inline function finishLeaf(p: usize, from: i32, m: i32, s: f64, mn: f64, mx: f64, out: usize): void {
  let sum = s, lo = mn, hi = mx;
  for (let i = from; i < m; i++) {
    const x = load<f64>(p + (<usize>i << 3));
    sum += x; lo = Math.min(lo, x); hi = Math.max(hi, x);
  }
  store<f64>(out, sum);
  gMin = lo; gMax = hi;
}

// One SIMD leaf for both: numpy's eight-lane sum plus min and max, by
// f64x2.min/max (fast = false: NaN-propagating, signed zeros ordered) or by
// pmin/pmax (fast = true: one instruction each; exact for data without NaN,
// except that a zero min/max may carry either sign: the caller of
// distSumRange fixes it from the first-digit counts (distSsdCounted); NaN
// makes the sum NaN). min and max are exact whatever the grouping, so both
// keep two partial extrema per side.
// @ts-ignore: decorator
@inline function vMin(a: v128, b: v128, fast: bool): v128 { return fast ? f64x2.pmin(a, b) : f64x2.min(a, b); }
// @ts-ignore: decorator
@inline function vMax(a: v128, b: v128, fast: bool): v128 { return fast ? f64x2.pmax(a, b) : f64x2.max(a, b); }

// @ts-ignore: decorator
@inline function sumMinMaxLeaf(start: i32, m: i32, out: usize, fast: bool): void {
  const p = gX + (<usize>start << 3);
  if (m < 8) { finishLeaf(p, 0, m, 0.0, gMin, gMax, out); return; }
  let r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
  let L0 = vMin(r0, r1, fast), L1 = vMin(r2, r3, fast);
  let H0 = vMax(r0, r1, fast), H1 = vMax(r2, r3, fast);
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    const q = p + (<usize>i << 3);
    const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
    r0 = f64x2.add(r0, a0); r1 = f64x2.add(r1, a1); r2 = f64x2.add(r2, a2); r3 = f64x2.add(r3, a3);
    L0 = vMin(L0, vMin(a0, a1, fast), fast); L1 = vMin(L1, vMin(a2, a3, fast), fast);
    H0 = vMax(H0, vMax(a0, a1, fast), fast); H1 = vMax(H1, vMax(a2, a3, fast), fast);
  }
  const L = vMin(L0, L1, fast), H = vMax(H0, H1, fast);
  const mn = Math.min(gMin, Math.min(f64x2.extract_lane(L, 0), f64x2.extract_lane(L, 1)));
  const mx = Math.max(gMax, Math.max(f64x2.extract_lane(H, 0), f64x2.extract_lane(H, 1)));
  finishLeaf(p, i, m, lanes(r0, r1, r2, r3), mn, mx, out);
}

function leafSum(start: i32, m: i32, out: usize): void {
  if (!ASC_FEATURE_SIMD) { scalarLeaf(start, m, out, 1, elemSum); return; }
  sumMinMaxLeaf(start, m, out, false);
}

function leafSumP(start: i32, m: i32, out: usize): void {
  sumMinMaxLeaf(start, m, out, true);
}

// Pass 2 (numpy _var): d = x - mean, d*d, pairwise sum.
function leafSsd(start: i32, m: i32, out: usize): void {
  if (!ASC_FEATURE_SIMD) { scalarLeaf(start, m, out, 1, elemSsd); return; }
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
 * Pass 1 of the moments on one subtree of numpy's pairwise tree (the caller
 * walks the tree above it, copying each subtree in while it is hot):
 * out[0] = pairwise sum, out[1] = min, out[2] = max of the n f64 at x (n >= 1).
 * A non-finite value makes the sum non-finite (NaN propagates; an infinity
 * stays or becomes NaN), which the caller checks.
 */
export function distSumRange(x: usize, n: i32, out: usize): void {
  gX = x; gMin = Infinity; gMax = -Infinity;
  pairwise(n, 1, ASC_FEATURE_SIMD ? leafSumP : leafSum, out);
  store<f64>(out, gMin, 8);
  store<f64>(out, gMax, 16);
}

let gCnt: usize = 0;
// Pass 2 fused with the first select digit's counts (order-free), spread over
// four tables so runs of samples in one bucket do not wait on each other.
// @ts-ignore: decorator
@inline function bumpKey(t: usize, b: u64): void {
  const h = t + (<usize>((b ^ ((<u64>(<i64>b >> 63)) | 0x8000000000000000)) >> <u64>(64 - SEL_BITS0)) << 2);
  store<u32>(h, load<u32>(h) + 1);
}
// @ts-ignore: decorator
@inline function keyOffs(a: v128): v128 {
  // byte offset of the first-digit slot: (rawKey(a) >> 48) << 2, two lanes
  const k = v128.xor(a, v128.or(i64x2.shr_s(a, 63), i64x2.splat(0x8000000000000000)));
  return i64x2.shl(i64x2.shr_u(k, 64 - SEL_BITS0), 2);
}
// @ts-ignore: decorator
@inline function bumpAt(t: usize, o: i64): void {
  const h = t + <usize>o;
  store<u32>(h, load<u32>(h) + 1);
}
function leafSsdCountSimd(start: i32, m: i32, out: usize): void {
  const p = gX + (<usize>start << 3);
  if (m < 8) { leafSsdCountScalar(start, m, out); return; }
  const t0 = gCnt, t1 = t0 + <usize>SEL_HIST0_BYTES, t2 = t1 + <usize>SEL_HIST0_BYTES, t3 = t2 + <usize>SEL_HIST0_BYTES;
  const M = f64x2.splat(gMean);
  let r0 = f64x2.splat(0), r1 = r0, r2 = r0, r3 = r0;
  const m8 = m & ~7;
  let i = 0;
  for (; i < m8; i += 8) {
    const q = p + (<usize>i << 3);
    const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
    const o0 = keyOffs(a0), o1 = keyOffs(a1), o2 = keyOffs(a2), o3 = keyOffs(a3);
    bumpAt(t0, i64x2.extract_lane(o0, 0)); bumpAt(t1, i64x2.extract_lane(o0, 1));
    bumpAt(t2, i64x2.extract_lane(o1, 0)); bumpAt(t3, i64x2.extract_lane(o1, 1));
    bumpAt(t0, i64x2.extract_lane(o2, 0)); bumpAt(t1, i64x2.extract_lane(o2, 1));
    bumpAt(t2, i64x2.extract_lane(o3, 0)); bumpAt(t3, i64x2.extract_lane(o3, 1));
    const d0 = f64x2.sub(a0, M), d1 = f64x2.sub(a1, M), d2 = f64x2.sub(a2, M), d3 = f64x2.sub(a3, M);
    if (i == 0) {
      r0 = f64x2.mul(d0, d0); r1 = f64x2.mul(d1, d1); r2 = f64x2.mul(d2, d2); r3 = f64x2.mul(d3, d3);
    } else {
      r0 = f64x2.add(r0, f64x2.mul(d0, d0)); r1 = f64x2.add(r1, f64x2.mul(d1, d1));
      r2 = f64x2.add(r2, f64x2.mul(d2, d2)); r3 = f64x2.add(r3, f64x2.mul(d3, d3));
    }
  }
  let s = lanes(r0, r1, r2, r3);
  const mu = gMean;
  for (; i < m; i++) {
    const b = load<u64>(p + (<usize>i << 3));
    bumpKey(t0, b);
    const d = reinterpret<f64>(b) - mu;
    s += d * d;
  }
  store<f64>(out, s);
}
function leafSsdCountScalar(start: i32, m: i32, out: usize): void {
  const p = gX + (<usize>start << 3);
  const t0 = gCnt, t1 = t0 + <usize>SEL_HIST0_BYTES, t2 = t1 + <usize>SEL_HIST0_BYTES, t3 = t2 + <usize>SEL_HIST0_BYTES;
  const m4 = m & ~3;
  let i = 0;
  for (; i < m4; i += 4) {
    const q = p + (<usize>i << 3);
    bumpKey(t0, load<u64>(q)); bumpKey(t1, load<u64>(q, 8));
    bumpKey(t2, load<u64>(q, 16)); bumpKey(t3, load<u64>(q, 24));
  }
  for (; i < m; i++) bumpKey(t0, load<u64>(p + (<usize>i << 3)));
  leafSsd(start, m, out);
}

/**
 * out[0] = numpy's pairwise sum of (x - mean)^2 over the n f64 at x; also
 * fills `counted` with the first radix-select digit counts, for
 * distHistogramCounted(..., defer | 2). `counted` is 4 * selectCountBytes()
 * bytes (the last three tables are scratch).
 */
export function distSsdCounted(x: usize, n: i32, mean: f64, out: usize, counted: usize): void {
  gX = x; gMean = mean; gCnt = counted;
  memory.fill(counted, 0, <usize>SEL_HIST0_BYTES << 2);
  store<f64>(out, 0.0);
  if (n > 0) pairwise(n, 1, ASC_FEATURE_SIMD ? leafSsdCountSimd : leafSsdCountScalar, out);
  const B = <usize>SEL_HIST0_BYTES;
  if (ASC_FEATURE_SIMD) {
    for (let o: usize = 0; o < B; o += 16) {
      const q = counted + o;
      v128.store(q, i32x4.add(i32x4.add(v128.load(q), v128.load(q + B)), i32x4.add(v128.load(q + 2 * B), v128.load(q + 3 * B))));
    }
  } else {
    for (let o: usize = 0; o < B; o += 4) {
      const q = counted + o;
      store<u32>(q, load<u32>(q) + load<u32>(q + B) + load<u32>(q + 2 * B) + load<u32>(q + 3 * B));
    }
  }
}

/**
 * Moments of n f64 at x: out[0..5) = count, pairwise sum, min, max,
 * pairwise sum of (x - sum/count)^2. Empty: 0, 0, +inf, -inf, 0.
 */
export function distMoments(x: usize, n: i32, out: usize): void {
  moments(x, n, out);
}

// --- Quantiles: order statistics by MSD radix select (exact; no comparisons
// of data), or a full LSD radix sort for small n / many probabilities.
// Keys are toKey(x) (order-preserving u64); a group is a contiguous region of
// candidates sharing the key bits above the current digit, together with the
// contiguous run of wanted ranks falling inside it.
// Group record (6 x i32): buf (0 = x as f64, 1 = tmp keys, 2 = x as keys),
// off, m, base (global rank of the group's smallest key), r0, r1.

const SEL_SMALL: i32 = 4096;
// Width of the first select digit: 16 bits cut sign, exponent and 4 mantissa
// bits, so the groups left after it are small (cache-sized) for most data.
const SEL_BITS0: i32 = 16;
/** Bytes of the first-digit table distHistogramCounted fills for distQuantilesCounted. */
export const SEL_HIST0_BYTES: i32 = (1 << SEL_BITS0) << 2;
const SEL_MAX_Q: i32 = 32;
const FLAG_BLOCK: i32 = 2048;
const FLAGGED = memory.data(FLAG_BLOCK * 4, 16);
const G: usize = 24;

// Order-preserving key that keeps -0.0 (just below +0.0), so a selected zero
// keeps its sign; numpy's partition leaves equal +-0 in an unspecified order.
// @ts-ignore: decorator
@inline function rawKey(v: f64): u64 {
  const b = reinterpret<u64>(v);
  return (b >> 63) != 0 ? ~b : b | 0x8000000000000000;
}
// @ts-ignore: decorator
@inline function fromRawKey(k: u64): f64 {
  return reinterpret<f64>((k >> 63) != 0 ? k & 0x7fffffffffffffff : ~k);
}

// @ts-ignore: decorator
@inline function keyAt(buf: i32, x: usize, y: usize, t: usize, i: i32): u64 {
  const o = <usize>i << 3;
  return buf == 1 ? load<u64>(t + o) : buf == 0 ? rawKey(load<f64>(x + o)) : load<u64>(y + o);
}

function setGroup(g: usize, buf: i32, off: i32, m: i32, base: i32, r0: i32, r1: i32): void {
  store<i32>(g, buf); store<i32>(g, off, 4); store<i32>(g, m, 8);
  store<i32>(g, base, 12); store<i32>(g, r0, 16); store<i32>(g, r1, 20);
}

/**
 * Finds the keys of ranks[0..nr) (u32, ascending, distinct, < n) among the n
 * f64 at x; writes them to keys (u64). y (n*8 bytes, may be x) is overwritten,
 * x only read (unless y == x); t: n*8 scratch;
 * hist: 2^SEL_BITS0 u32 (holding the first digit's counts when `counted`);
 * cur/nxt: nr group records each.
 */
function radixSelect(x: usize, y: usize, n: i32, ranks: usize, nr: i32, t: usize, hist: usize,
                     cur: usize, nxt: usize, keys: usize, counted: bool): void {
  setGroup(cur, 0, 0, n, 0, 0, nr);
  let ng = 1;
  // First digit: the top SEL_BITS0 bits (counted by the caller when `counted`),
  // then 11-bit digits; the last one is bits 0..10.
  let bits = SEL_BITS0;
  for (let shift = 64 - SEL_BITS0; ng > 0; shift -= 11) {
    const sh: u64 = shift < 0 ? 0 : <u64>shift;
    const last = sh == 0;
    const nb = 1 << bits;
    const bm: u64 = <u64>(nb - 1);
    let nn = 0;
    for (let gi = 0; gi < ng; gi++) {
      const g = cur + <usize>gi * G;
      const buf = load<i32>(g), off = load<i32>(g, 4), m = load<i32>(g, 8);
      const base = load<i32>(g, 12), r1 = load<i32>(g, 20);
      let ri = load<i32>(g, 16);
      if (bits == SEL_BITS0 && !dPending) memory.fill(STRADDLE, 0, <usize>nb);
      if (!(counted && bits == SEL_BITS0)) {
        memory.fill(hist, 0, <usize>nb << 2);
        for (let i = off, e = off + m; i < e; i++) {
          const h = hist + (<usize>((keyAt(buf, x, y, t, i) >> sh) & bm) << 2);
          store<u32>(h, load<u32>(h) + 1);
        }
      }
      const dbuf = buf == 1 ? 2 : 1;
      let start = 0, pos = off, scatter = false;
      const prefix = last ? keyAt(buf, x, y, t, off) & ~(<u64>2047) : 0;
      for (let b = 0; b < nb; b++) {
        const h = hist + (<usize>b << 2);
        const c = <i32>load<u32>(h);
        store<u32>(h, 0xffffffff);
        if (c == 0) continue;
        const hi = start + c;
        if (ri < r1 && <i32>load<u32>(ranks + (<usize>ri << 2)) - base < hi) {
          const rr0 = ri;
          while (ri < r1 && <i32>load<u32>(ranks + (<usize>ri << 2)) - base < hi) ri++;
          if (last) {
            for (let r = rr0; r < ri; r++) store<u64>(keys + (<usize>r << 3), prefix | <u64>b);
          } else if (c == m) {
            setGroup(nxt + <usize>nn * G, buf, off, m, base, rr0, ri); nn++;
          } else {
            setGroup(nxt + <usize>nn * G, dbuf, pos, c, base + start, rr0, ri); nn++;
            store<u32>(h, <u32>pos);
            if (bits == SEL_BITS0) store<u8>(STRADDLE + <usize>b, load<u8>(STRADDLE + <usize>b) | 2);
            pos += c;
            scatter = true;
          }
        }
        start = hi;
        if (ri >= r1) {
          for (let b2 = b + 1; b2 < nb; b2++) store<u32>(hist + (<usize>b2 << 2), 0xffffffff);
          break;
        }
      }
      if (bits == SEL_BITS0) {
        // Level 0 (one group: all of x, as f64). A byte per bucket says what to
        // do with its samples: bit 0 = bin them for a deferred histogram pass
        // (distHistogramCounted), bit 1 = gather them (a wanted bucket).
        if (scatter) {
          // Per block: the flagged samples' indices are listed without a
          // branch (most samples need nothing), then handled from the list.
          for (let c0 = 0; c0 < m; c0 += FLAG_BLOCK) {
            const c1 = min(m, c0 + FLAG_BLOCK);
            let nf = 0;
            for (let i = c0; i < c1; i++) {
              const k = rawKey(load<f64>(x + (<usize>i << 3)));
              store<i32>(FLAGGED + (<usize>nf << 2), i);
              nf += i32(load<u8>(STRADDLE + <usize>(k >> sh)) != 0);
            }
            for (let j = 0; j < nf; j++) {
              const v = load<f64>(x + (<usize>load<i32>(FLAGGED + (<usize>j << 2)) << 3));
              const k = rawKey(v);
              const fl = load<u8>(STRADDLE + <usize>(k >> sh));
              if (fl & 1) {
                const o = dCounts + (<usize>binOf(v, dFirst, dDelta, dDiv, dBins, dTop, dEdges) << 2);
                store<i32>(o, load<i32>(o) + 1);
              }
              if (fl & 2) {
                const h = hist + (<usize>(k >> sh) << 2);
                const p = load<u32>(h);
                store<u64>(t + (<usize>p << 3), k);
                store<u32>(h, p + 1);
              }
            }
          }
          dPending = false;
        } else if (dPending) {
          straddlerPass(x, m);
        }
      } else if (scatter) {
        const dst = dbuf == 1 ? t : y;
        for (let i = off, e = off + m; i < e; i++) {
          const k = keyAt(buf, x, y, t, i);
          const h = hist + (<usize>((k >> sh) & bm) << 2);
          const p = load<u32>(h);
          if (p != 0xffffffff) {
            store<u64>(dst + (<usize>p << 3), k);
            store<u32>(h, p + 1);
          }
        }
      }
    }
    const tg = cur; cur = nxt; nxt = tg;
    ng = last ? 0 : nn;
    bits = 11;
  }
}

/** Scratch bytes distQuantiles needs in `work` for nq probabilities. */
export function quantileWorkBytes(nq: i32): i32 {
  return SORT_HIST_BYTES + SEL_HIST0_BYTES + nq * 160 + 64;
}

/** Bytes of the table distHistogramCounted fills for distQuantilesCounted. */
export function selectCountBytes(): i32 {
  return SEL_HIST0_BYTES;
}

// @ts-ignore: decorator
@inline export function lerp(a: f64, b: f64, t: f64): f64 {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Sorts x[0..n) ascending; sortF64 merges -0.0 into +0.0, so the negative zeros are put back first in the zero run. */
function sortKeepingNegativeZeros(x: usize, n: i32, tmp: usize, hist: usize): void {
  let nz = 0;
  for (let i = 0; i < n; i++) if (reinterpret<u64>(load<f64>(x + (<usize>i << 3))) == 0x8000000000000000) nz++;
  sortF64(x, n, tmp, 0, 0, hist);
  if (nz > 0) {
    let i = 0;
    while (load<f64>(x + (<usize>i << 3)) != 0) i++;
    for (const e = i + nz; i < e; i++) store<f64>(x + (<usize>i << 3), -0.0);
  }
}

/**
 * np.quantile(x, q, method='linear') for nq probabilities at q (n >= 1):
 * vi = (n-1)q, lo = floor(vi), gamma = vi - lo, numpy's _lerp (t >= 0.5 from
 * the right); vi >= n-1 uses index -1 for both neighbours (gamma = vi + 1).
 * The order statistics come from a radix select (or a radix sort when n is
 * small or nq large). x is destroyed. tmp: n*8 bytes; work:
 * quantileWorkBytes(nq) bytes.
 */
export function distQuantiles(x: usize, n: i32, q: usize, nq: i32, tmp: usize, work: usize, out: usize): void {
  distQuantilesCounted(x, n, q, nq, tmp, work, out, 0);
}

/**
 * distQuantiles; `counted` != 0: a table (selectCountBytes()) where
 * distHistogramCounted already counted the first select digit of these n
 * values (saves one pass over the data).
 */
export function distQuantilesCounted(x: usize, n: i32, q: usize, nq: i32, tmp: usize, work: usize, out: usize,
                                     counted: usize): void {
  distQuantilesKeep(x, n, q, nq, tmp, work, out, counted, x);
}

/**
 * distQuantilesCounted with a separate n*8-byte scratch y: x is left intact
 * (y == x: x is destroyed, as distQuantilesCounted).
 */
export function distQuantilesKeep(x: usize, n: i32, q: usize, nq: i32, tmp: usize, work: usize, out: usize,
                                  counted: usize, y: usize): void {
  // A deferred histogram pass (distHistogramCounted with defer) is fused into
  // the select's first scatter; any other path runs it here first.
  if (dPending && !(counted != 0 && nq > 0 && n > SEL_SMALL && nq <= SEL_MAX_Q)) straddlerPass(x, n);
  if (nq <= 0) return;
  const nr = nq << 1;
  const sortHist = work;
  const R = sortHist + <usize>SORT_HIST_BYTES;   // f64 ranks (ia, ib) per q, later gamma
  const Rt = R + (<usize>nr << 3);               // f64 sort scratch
  const U = Rt + (<usize>nr << 3);               // u32 distinct ranks
  const K = (U + (<usize>nr << 2) + 7) & ~(<usize>7); // u64 keys of U
  const ownHist = K + (<usize>nr << 3);
  const hist = counted != 0 ? counted : ownHist;
  const cur = ownHist + <usize>SEL_HIST0_BYTES;
  const nxt = cur + <usize>nr * G;
  const last = <f64>(n - 1);
  for (let j = 0; j < nq; j++) {
    const vi = last * load<f64>(q + (<usize>j << 3));
    let lo: f64, ia: i32, ib: i32;
    if (vi >= last) { lo = -1; ia = n - 1; ib = n - 1; }
    else { lo = Math.floor(vi); ia = <i32>lo; ib = ia + 1; }
    store<f64>(out + (<usize>j << 3), vi - lo);
    store<f64>(R + (<usize>(j << 1) << 3), <f64>ia);
    store<f64>(R + (<usize>((j << 1) + 1) << 3), <f64>ib);
  }
  if (n <= SEL_SMALL || nq > SEL_MAX_Q) {
    if (y != x) { memory.copy(y, x, <usize>n << 3); x = y; }
    sortKeepingNegativeZeros(x, n, tmp, sortHist);
    for (let j = 0; j < nq; j++) {
      const ia = <i32>load<f64>(R + (<usize>(j << 1) << 3)), ib = <i32>load<f64>(R + (<usize>((j << 1) + 1) << 3));
      const o = out + (<usize>j << 3);
      store<f64>(o, lerp(load<f64>(x + (<usize>ia << 3)), load<f64>(x + (<usize>ib << 3)), load<f64>(o)));
    }
    return;
  }
  memory.copy(Rt, R, <usize>nr << 3);
  sortF64(Rt, nr, U, 0, 0, sortHist);  // U doubles as sort scratch (nr*8 fits in U..K+)
  let nu = 0;
  for (let i = 0; i < nr; i++) {
    const r = <u32>load<f64>(Rt + (<usize>i << 3));
    if (nu == 0 || load<u32>(U + (<usize>(nu - 1) << 2)) != r) { store<u32>(U + (<usize>nu << 2), r); nu++; }
  }
  radixSelect(x, y, n, U, nu, tmp, hist, cur, nxt, K, counted != 0);
  for (let j = 0; j < nq; j++) {
    const ia = <u32>load<f64>(R + (<usize>(j << 1) << 3)), ib = <u32>load<f64>(R + (<usize>((j << 1) + 1) << 3));
    const o = out + (<usize>j << 3);
    store<f64>(o, lerp(fromRawKey(load<u64>(K + (<usize>findRank(U, nu, ia) << 3))),
                       fromRawKey(load<u64>(K + (<usize>findRank(U, nu, ib) << 3))), load<f64>(o)));
  }
}

/**
 * The values of ranks rlo <= rhi (< n) of the n f64 at x, as np.partition
 * places them, into out[0] and out[1] (np.median: out[0] and, for even n,
 * (out[0] + out[1]) / 2). x is overwritten. tmp: n*8 scratch; work:
 * quantileWorkBytes(1). The radix select of distQuantiles, without its lerp.
 */
export function selectTwo(x: usize, n: i32, rlo: i32, rhi: i32, tmp: usize, work: usize, out: usize): void {
  if (n <= SEL_SMALL) {
    sortKeepingNegativeZeros(x, n, tmp, work);
    store<f64>(out, load<f64>(x + (<usize>rlo << 3)));
    store<f64>(out, load<f64>(x + (<usize>rhi << 3)), 8);
    return;
  }
  const nr = 2;
  const sortHist = work;
  const R = sortHist + <usize>SORT_HIST_BYTES;
  const Rt = R + (<usize>nr << 3);
  const U = Rt + (<usize>nr << 3);
  const K = (U + (<usize>nr << 2) + 7) & ~(<usize>7);
  const ownHist = K + (<usize>nr << 3);
  const cur = ownHist + <usize>SEL_HIST0_BYTES;
  const nxt = cur + <usize>nr * G;
  store<u32>(U, <u32>rlo);
  let nu = 1;
  if (rhi != rlo) { store<u32>(U + 4, <u32>rhi); nu = 2; }
  radixSelect(x, x, n, U, nu, tmp, ownHist, cur, nxt, K, false);
  store<f64>(out, fromRawKey(load<u64>(K)));
  store<f64>(out, fromRawKey(load<u64>(K + (<usize>(nu - 1) << 3))), 8);
}

/**
 * out[i] = |yp[i] - yt[i]| (absDiff, for the median absolute error), counting
 * the first select digit of each value as it goes: `counted` receives the
 * counts (selectCountBytes()), `counted2` is a second table of that size
 * (odd i, so that equal neighbours do not wait on one counter), added in at
 * the end. For selectTwoCounted.
 */
export function absDiffCounted(yt: usize, yp: usize, n: i32, out: usize, counted: usize, counted2: usize): void {
  memory.fill(counted, 0, <usize>SEL_HIST0_BYTES);
  memory.fill(counted2, 0, <usize>SEL_HIST0_BYTES);
  const sh = <u64>(64 - SEL_BITS0);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const a = Math.abs(load<f64>(yp + o) - load<f64>(yt + o));
    const b = Math.abs(load<f64>(yp + o, 8) - load<f64>(yt + o, 8));
    store<f64>(out + o, a);
    store<f64>(out + o, b, 8);
    const ha = counted + (<usize>(rawKey(a) >> sh) << 2);
    const hb = counted2 + (<usize>(rawKey(b) >> sh) << 2);
    store<u32>(ha, load<u32>(ha) + 1);
    store<u32>(hb, load<u32>(hb) + 1);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const a = Math.abs(load<f64>(yp + o) - load<f64>(yt + o));
    store<f64>(out + o, a);
    const ha = counted + (<usize>(rawKey(a) >> sh) << 2);
    store<u32>(ha, load<u32>(ha) + 1);
  }
  for (let b = 0; b < (1 << SEL_BITS0); b++) {
    const h = counted + (<usize>b << 2);
    store<u32>(h, load<u32>(h) + load<u32>(counted2 + (<usize>b << 2)));
  }
}

/**
 * selectTwo for values whose first select digit absDiffCounted counted into
 * `counted` (the table is consumed). Same results as selectTwo.
 */
export function selectTwoCounted(x: usize, n: i32, rlo: i32, rhi: i32, tmp: usize, work: usize, out: usize,
                                 counted: usize): void {
  if (n <= SEL_SMALL) {
    selectTwo(x, n, rlo, rhi, tmp, work, out);
    return;
  }
  const nr = 2;
  const R = work + <usize>SORT_HIST_BYTES;
  const Rt = R + (<usize>nr << 3);
  const U = Rt + (<usize>nr << 3);
  const K = (U + (<usize>nr << 2) + 7) & ~(<usize>7);
  const ownHist = K + (<usize>nr << 3);
  const cur = ownHist + <usize>SEL_HIST0_BYTES;
  const nxt = cur + <usize>nr * G;
  store<u32>(U, <u32>rlo);
  let nu = 1;
  if (rhi != rlo) { store<u32>(U + 4, <u32>rhi); nu = 2; }
  radixSelect(x, x, n, U, nu, tmp, counted, cur, nxt, K, true);
  store<f64>(out, fromRawKey(load<u64>(K)));
  store<f64>(out, fromRawKey(load<u64>(K + (<usize>(nu - 1) << 3))), 8);
}

// Index of r in the ascending distinct u32 ranks U[0..nu) (present by construction).
function findRank(U: usize, nu: i32, r: u32): i32 {
  let lo = 0, hi = nu - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(U + (<usize>mid << 2)) < r) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * np.histogram(x, bins) with the range from (lo, hi) = (min, max): edges
 * (bins+1 f64) = np.linspace(first, last, bins+1) after widening a constant
 * range by 0.5; counts (bins i32). Returns 0, 1 when the edges are not
 * increasing (numpy: "Too many bins"), 2 when last - first overflows.
 */
export function distHistogram(x: usize, n: i32, bins: i32, lo: f64, hi: f64, edges: usize, counts: usize): i32 {
  return distHistogramCounted(x, n, bins, lo, hi, edges, counts, 0, 0);
}

// @ts-ignore: decorator
@inline export function binOf(v: f64, first: f64, delta: f64, div: f64, bins: i32, top: i32, edges: usize): i32 {
  let k = <i32>(((v - first) / delta) * div);
  if (k == bins) k--;
  if (v < load<f64>(edges + (<usize>k << 3))) k--;
  else if (k != top && v >= load<f64>(edges + (<usize>(k + 1) << 3))) k++;
  return k;
}

/**
 * distHistogram; `counted` != 0: also counts the first radix-select digit of
 * every value into that table (selectCountBytes(), zeroed here) for
 * distQuantilesCounted, in the same pass over the data. The table is left
 * untouched when the histogram fails (returns 1 or 2).
 */
export function distHistogramCounted(x: usize, n: i32, bins: i32, lo: f64, hi: f64, edges: usize, counts: usize,
                                     counted: usize, defer: i32): i32 {
  dPending = false; // a call that failed between the two kernels leaves nothing behind
  // defer bit 1 (with counted, n >= BY_BUCKET_MIN): counted already holds these
  // n values' first-digit counts (distSsdCounted); smaller n recounts.
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
  if (counted != 0 && n >= BY_BUCKET_MIN) {
    histogramByBuckets(x, n, bins, first, last, delta, div, top, edges, counts, counted, (defer & 1) != 0,
                       (defer & 2) != 0);
    return 0;
  }
  if (ASC_FEATURE_SIMD && bins <= SUB_BINS) {
    histogramSimd(x, n, bins, first, delta, div, top, edges, counts, counted);
    return 0;
  }
  if (counted != 0) {
    memory.fill(counted, 0, <usize>SEL_HIST0_BYTES);
    const sh = <u64>(64 - SEL_BITS0);
    for (let i = 0; i < n; i++) {
      const v = load<f64>(x + (<usize>i << 3));
      const c = counts + (<usize>binOf(v, first, delta, div, bins, top, edges) << 2);
      store<i32>(c, load<i32>(c) + 1);
      const h = counted + (<usize>(rawKey(v) >> sh) << 2);
      store<u32>(h, load<u32>(h) + 1);
    }
    return 0;
  }
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    const c = counts + (<usize>binOf(v, first, delta, div, bins, top, edges) << 2);
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

// --- The anomaly dict's fused statistics (src/distribution/stats.ts): the
// caller walks numpy's pairwise tree of the scores down to subtrees of at most
// a few thousand elements, copies each subtree's scores and labels in and runs
// both kernels below on it while it is hot; then sums the two compacted groups
// (sumF64) and runs the deviation pass (distSsd). Same leaves, same tree, same
// bits as maskedMoments + distMoments (the subtree sums: distSumRange).

// Lane orders for anomalySplit's SIMD compaction, by the 2-bit mask of the
// lanes kept: the kept lanes first (00 and 11 keep the order).
const SPLIT_SHUF: usize = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
], 16);

/**
 * maskedMoments' compaction for one range (call in index order): each score
 * x[i] goes to the end of the anomalies (pred[i] == -1, at a) or of the normal
 * rows (any other label, at b), in order. state (f64): [0] anomalies so far,
 * [1] normal rows so far, [2] set to 1 when some label is neither -1 nor 1
 * (NaN included; the caller then discards everything). The labels are
 * compared as bits. SIMD build: two rows at a time, both stored to both ends
 * after a shuffle that puts the kept lanes first, each end advancing by its
 * count (a and b need room for one value more than they receive); scalar
 * build: one store to the selected end.
 */
export function anomalySplit(pred: usize, x: usize, n: i32, a: usize, b: usize, state: usize): void {
  const NEG: u64 = 0xBFF0000000000000, POS: u64 = 0x3FF0000000000000;
  let pa = a + (<usize>(<i32>load<f64>(state)) << 3);
  let pb = b + (<usize>(<i32>load<f64>(state, 8)) << 3);
  let bad: u64 = 0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const VN = i64x2.splat(<i64>NEG), VP = i64x2.splat(<i64>POS);
    let ok = i64x2.splat(-1);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const p = v128.load(pred + o), v = v128.load(x + o);
      const ma = i64x2.eq(p, VN);
      ok = v128.and(ok, v128.or(ma, i64x2.eq(p, VP)));
      const ka = i64x2.bitmask(ma);
      v128.store(pa, i8x16.swizzle(v, v128.load(SPLIT_SHUF + (<usize>ka << 4))));
      v128.store(pb, i8x16.swizzle(v, v128.load(SPLIT_SHUF + (<usize>(ka ^ 3) << 4))));
      const ca = <usize>popcnt(ka);
      pa += ca << 3;
      pb += (2 - ca) << 3;
    }
    if (!i64x2.all_true(ok)) bad = 1;
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    const p = load<u64>(pred + o);
    const isA = <usize>(p == NEG);
    // zero exactly when p is NEG or POS (they differ in the sign bit only)
    bad |= (p ^ NEG) & (p ^ POS);
    store<u64>(select<usize>(pa, pb, isA != 0), load<u64>(x + o));
    pa += isA << 3;
    pb += (isA ^ 1) << 3;
  }
  store<f64>(state, <f64>((pa - a) >> 3));
  store<f64>(state, <f64>((pb - b) >> 3), 8);
  if (bad != 0) store<f64>(state, 1.0, 16);
}

/** The deviation pass of distMoments: out[0] = numpy's pairwise sum of (x - mean)^2 over the n f64 at x. */
export function distSsd(x: usize, n: i32, mean: f64, out: usize): void {
  gX = x; gMean = mean;
  store<f64>(out, 0.0);
  if (n > 0) pairwise(n, 1, leafSsd, out);
}

// Four private count tables for histogramSimd (consecutive samples in the
// same bin do not wait on each other's increments).
const SUB_BINS: i32 = 256;
const SUB = memory.data(SUB_BINS * 4 * 4);

// @ts-ignore: decorator
@inline function bump(tab: usize, k: i32): void {
  const c = tab + (<usize>k << 2);
  store<i32>(c, load<i32>(c) + 1);
}

// @ts-ignore: decorator
@inline function fixBin(k: i32, v: f64, bins: i32, top: i32, edges: usize): i32 {
  if (k == bins) k--;
  if (v < load<f64>(edges + (<usize>k << 3))) k--;
  else if (k != top && v >= load<f64>(edges + (<usize>(k + 1) << 3))) k++;
  return k;
}

// The histogram loop of distHistogramCounted with the bin arithmetic
// ((v - first) / delta) * div done two lanes at a time (the same IEEE
// operations per value, so the same bins), counts spread over four tables.
function histogramSimd(x: usize, n: i32, bins: i32, first: f64, delta: f64, div: f64, top: i32,
                       edges: usize, counts: usize, counted: usize): void {
  memory.fill(SUB, 0, <usize>(SUB_BINS * 4 * 4));
  const t0 = SUB, t1 = SUB + <usize>(SUB_BINS * 4), t2 = t1 + <usize>(SUB_BINS * 4), t3 = t2 + <usize>(SUB_BINS * 4);
  const F = f64x2.splat(first), D = f64x2.splat(delta), B = f64x2.splat(div);
  const sh = <u64>(64 - SEL_BITS0);
  if (counted != 0) memory.fill(counted, 0, <usize>SEL_HIST0_BYTES);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const p = x + (<usize>i << 3);
    const va = v128.load(p), vb = v128.load(p, 16);
    const ia = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(f64x2.div(f64x2.sub(va, F), D), B));
    const ib = i32x4.trunc_sat_f64x2_s_zero(f64x2.mul(f64x2.div(f64x2.sub(vb, F), D), B));
    const v0 = f64x2.extract_lane(va, 0), v1 = f64x2.extract_lane(va, 1);
    const v2 = f64x2.extract_lane(vb, 0), v3 = f64x2.extract_lane(vb, 1);
    bump(t0, fixBin(i32x4.extract_lane(ia, 0), v0, bins, top, edges));
    bump(t1, fixBin(i32x4.extract_lane(ia, 1), v1, bins, top, edges));
    bump(t2, fixBin(i32x4.extract_lane(ib, 0), v2, bins, top, edges));
    bump(t3, fixBin(i32x4.extract_lane(ib, 1), v3, bins, top, edges));
    if (counted != 0) {
      bump(counted, <i32>(rawKey(v0) >> sh));
      bump(counted, <i32>(rawKey(v1) >> sh));
      bump(counted, <i32>(rawKey(v2) >> sh));
      bump(counted, <i32>(rawKey(v3) >> sh));
    }
  }
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    bump(t0, binOf(v, first, delta, div, bins, top, edges));
    if (counted != 0) bump(counted, <i32>(rawKey(v) >> sh));
  }
  for (let b = 0; b < bins; b++) {
    const o = <usize>b << 2;
    store<i32>(counts + o, load<i32>(t0 + o) + load<i32>(t1 + o) + load<i32>(t2 + o) + load<i32>(t3 + o));
  }
}

// Large n: bin whole select-digit buckets at once. A bucket (values sharing
// the top SEL_BITS0 bits of their key) whose value interval, clipped to
// [first, last], lies inside one bin adds its count there; only the samples of
// buckets that straddle an edge are binned one by one (numpy's arithmetic
// and corrections, binOf). numpy's corrected index is the bin whose edges
// enclose the value (the arithmetic is off by at most one bin, which the
// corrections undo), so it is the same for every value of such an interval.
const BY_BUCKET_MIN: i32 = 1 << 17;
const STRADDLE = memory.data(1 << SEL_BITS0);

function histogramByBuckets(x: usize, n: i32, bins: i32, first: f64, last: f64, delta: f64, div: f64, top: i32,
                            edges: usize, counts: usize, counted: usize, defer: bool, precounted: bool): void {
  const sh = <u64>(64 - SEL_BITS0);
  if (!precounted) {
    memory.fill(counted, 0, <usize>SEL_HIST0_BYTES);
    for (let i = 0; i < n; i++) {
      const h = counted + (<usize>(rawKey(load<f64>(x + (<usize>i << 3))) >> sh) << 2);
      store<u32>(h, load<u32>(h) + 1);
    }
  }
  const nb = 1 << SEL_BITS0;
  let straddlers = 0;
  for (let b = 0; b < nb; b++) {
    const c = load<u32>(counted + (<usize>b << 2));
    let st: u8 = 0;
    if (c != 0) {
      const k0 = <u64>b << sh;
      let lo = fromRawKey(k0), hi = fromRawKey(k0 | ((<u64>1 << sh) - 1));
      if (lo < first) lo = first;
      if (hi > last) hi = last;
      // lo/hi are NaN or infinite only for buckets at the ends of the f64 range
      const j = isFinite(lo) && isFinite(hi) ? binOf(lo, first, delta, div, bins, top, edges) : -1;
      if (j >= 0 && load<f64>(edges + (<usize>j << 3)) <= lo &&
          (j == top ? hi <= last : hi < load<f64>(edges + (<usize>(j + 1) << 3)))) {
        const o = counts + (<usize>j << 2);
        store<i32>(o, load<i32>(o) + <i32>c);
      } else {
        st = 1;
        straddlers++;
      }
    }
    store<u8>(STRADDLE + <usize>b, st);
  }
  if (straddlers == 0) return;
  dBins = bins; dTop = top; dFirst = first; dDelta = delta; dDiv = div; dEdges = edges; dCounts = counts;
  if (defer) { dPending = true; return; }
  straddlerPass(x, n);
}

// Samples of straddling buckets, binned one by one. With `defer` this pass is
// left to distQuantilesCounted, whose select scatter reads every sample anyway
// (the histogram counts are complete once it returns).
let dPending = false;
let dBins: i32 = 0, dTop: i32 = 0;
let dFirst: f64 = 0, dDelta: f64 = 0, dDiv: f64 = 0;
let dEdges: usize = 0, dCounts: usize = 0;

// @ts-ignore: decorator
@inline function binStraddler(v: f64): void {
  if (load<u8>(STRADDLE + <usize>(rawKey(v) >> <u64>(64 - SEL_BITS0))) & 1) {
    const o = dCounts + (<usize>binOf(v, dFirst, dDelta, dDiv, dBins, dTop, dEdges) << 2);
    store<i32>(o, load<i32>(o) + 1);
  }
}

function straddlerPass(x: usize, n: i32): void {
  dPending = false;
  for (let i = 0; i < n; i++) binStraddler(load<f64>(x + (<usize>i << 3)));
}
