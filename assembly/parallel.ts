// Kernels for the opt-in threads (src/wasm/pool.ts, src/wasm/threads.ts).
// Every instance of the shared build runs on one shared memory, and the
// module's static data (memory.data scratch such as the pairwise SCRATCH) sits
// at the same addresses in every instance: a kernel run concurrently on two
// threads must not touch it. These kernels use only their arguments (buffers
// allocated by the main thread, one set per thread) and wasm globals (which
// are per instance), and call only kernels that do the same (sortKeysU64,
// composeKeysCounted). Each thread works on one partition; the main thread
// combines the partitions' results in a fixed order, so the results do not
// depend on the number of threads.
import { lanes } from "./pairwise";
import { sortKeysU64, msdDigit } from "./sort";
import { binOf } from "./distribution";

const MSB: u64 = 0x8000000000000000;
/** Bits of the first select digit (as distribution.ts: 65,536 buckets). */
const DIG_BITS: i32 = 16;

// Order-preserving key keeping -0.0 just below +0.0 (distribution.ts's rawKey).
// @ts-ignore: decorator
@inline function rawKey(b: u64): u64 { return b ^ ((<u64>(<i64>b >> 63)) | MSB); }

// --- numpy's pairwise sum, returned through the recursion (no scratch) -----

// Counts of the first select digit (order-free integers).
let hDig: usize = 0;

// @ts-ignore: decorator
@inline function countDigit(b: u64): void {
  const h = hDig + (<usize>(rawKey(b) >> <u64>(64 - DIG_BITS)) << 2);
  store<u32>(h, load<u32>(h) + 1);
}

// @ts-ignore: decorator
@inline function count8(q: usize): void {
  for (let j = 0; j < 8; j++) countDigit(load<u64>(q + (<usize>j << 3)));
}

let gX: usize = 0;
let gMu: f64 = 0;
let gMin: f64 = Infinity;
let gMax: f64 = -Infinity;

// The leaf of distribution.ts's distSumRange (sumMinMaxLeaf, fast): eight
// lanes, numpy's combination, the remainder left to right; min/max by
// pmin/pmax (a zero's sign is fixed by the caller from the digit counts).
function sumLeaf(start: i32, m: i32): f64 {
  const p = gX + (<usize>start << 3);
  let i = 0;
  let s = 0.0;
  let mn = gMin, mx = gMax;
  if (m >= 8) {
    let r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
    let L0 = f64x2.pmin(r0, r1), L1 = f64x2.pmin(r2, r3);
    let H0 = f64x2.pmax(r0, r1), H1 = f64x2.pmax(r2, r3);
    count8(p);
    const m8 = m & ~7;
    for (i = 8; i < m8; i += 8) {
      const q = p + (<usize>i << 3);
      count8(q);
      const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
      r0 = f64x2.add(r0, a0); r1 = f64x2.add(r1, a1); r2 = f64x2.add(r2, a2); r3 = f64x2.add(r3, a3);
      L0 = f64x2.pmin(L0, f64x2.pmin(a0, a1)); L1 = f64x2.pmin(L1, f64x2.pmin(a2, a3));
      H0 = f64x2.pmax(H0, f64x2.pmax(a0, a1)); H1 = f64x2.pmax(H1, f64x2.pmax(a2, a3));
    }
    const L = f64x2.pmin(L0, L1), H = f64x2.pmax(H0, H1);
    mn = Math.min(mn, Math.min(f64x2.extract_lane(L, 0), f64x2.extract_lane(L, 1)));
    mx = Math.max(mx, Math.max(f64x2.extract_lane(H, 0), f64x2.extract_lane(H, 1)));
    s = lanes(r0, r1, r2, r3);
  }
  for (; i < m; i++) {
    const x = load<f64>(p + (<usize>i << 3));
    countDigit(reinterpret<u64>(x));
    s += x; mn = Math.min(mn, x); mx = Math.max(mx, x);
  }
  gMin = mn; gMax = mx;
  return s;
}

function sumTree(start: i32, m: i32): f64 {
  if (m <= 128) return sumLeaf(start, m);
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const left = sumTree(start, n2);
  return left + sumTree(start + n2, m - n2);
}

/**
 * numpy's pairwise sum of the n f64 at x, with min and max (pmin/pmax: a zero
 * may carry either sign): out[0] sum, out[1] min, out[2] max; the first
 * select digit (rawKey >> 48) of every value counted into dig (65,536 u32,
 * zeroed here). The sum of a subtree of numpy's tree (x at the subtree's
 * start, n its size) is that subtree's node value, so parts split where
 * numpy splits add up to numpy's sum.
 */
export function parSum(x: usize, n: i32, dig: usize, out: usize): void {
  hDig = dig;
  memory.fill(dig, 0, <usize>(1 << DIG_BITS) << 2);
  gX = x; gMin = Infinity; gMax = -Infinity;
  const s = n > 0 ? sumTree(0, n) : 0.0;
  store<f64>(out, s);
  store<f64>(out, gMin, 8);
  store<f64>(out, gMax, 16);
}


// Pass 2 state: the gather cursors and the straddling buckets' binning.
let gCur: usize = 0, gOut: usize = 0, gFlags: usize = 0, gEdges: usize = 0, gCounts: usize = 0;
let gBins: i32 = 0;

// @ts-ignore: decorator
@inline function gatherOne(v: f64): void {
  const k = rawKey(reinterpret<u64>(v));
  const d = <usize>(k >> <u64>(64 - DIG_BITS));
  const h = gCur + (d << 2);
  const c = load<u32>(h);
  if (c != 0xFFFFFFFF) {
    store<u64>(gOut + (<usize>c << 3), k);
    store<u32>(h, c + 1);
  }
  if (load<u8>(gFlags + d)) {
    const o = gCounts + (<usize>binOf(v, bFirst, bDelta, bDiv, gBins, gBins - 1, gEdges) << 2);
    store<i32>(o, load<i32>(o) + 1);
  }
}

function ssdLeaf(start: i32, m: i32): f64 {
  const p = gX + (<usize>start << 3);
  const mu = gMu;
  let i = 0;
  let s = 0.0;
  if (m >= 8) {
    const M = f64x2.splat(mu);
    let r0 = f64x2.splat(0), r1 = r0, r2 = r0, r3 = r0;
    const m8 = m & ~7;
    for (; i < m8; i += 8) {
      const q = p + (<usize>i << 3);
      const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
      const d0 = f64x2.sub(a0, M), d1 = f64x2.sub(a1, M), d2 = f64x2.sub(a2, M), d3 = f64x2.sub(a3, M);
      if (i == 0) {
        r0 = f64x2.mul(d0, d0); r1 = f64x2.mul(d1, d1); r2 = f64x2.mul(d2, d2); r3 = f64x2.mul(d3, d3);
      } else {
        r0 = f64x2.add(r0, f64x2.mul(d0, d0)); r1 = f64x2.add(r1, f64x2.mul(d1, d1));
        r2 = f64x2.add(r2, f64x2.mul(d2, d2)); r3 = f64x2.add(r3, f64x2.mul(d3, d3));
      }
      for (let j = 0; j < 8; j++) gatherOne(load<f64>(q + (<usize>j << 3)));
    }
    s = lanes(r0, r1, r2, r3);
  }
  for (; i < m; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    gatherOne(v);
    const d = v - mu;
    s += d * d;
  }
  return s;
}

function ssdTree(start: i32, m: i32): f64 {
  if (m <= 128) return ssdLeaf(start, m);
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const left = ssdTree(start, n2);
  return left + ssdTree(start + n2, m - n2);
}

// @ts-ignore: decorator
@inline function fromRawKey(k: u64): f64 {
  return reinterpret<f64>(k & MSB ? k ^ MSB : ~k);
}

// The histogram range of distHistogramCounted (a constant range widened by 0.5).
let bFirst: f64 = 0, bLast: f64 = 0, bDelta: f64 = 0, bDiv: f64 = 0;
// @ts-ignore: decorator
@inline function histRange(lo: f64, hi: f64, bins: i32): void {
  let first = lo, last = hi;
  if (first == last) { first = first - 0.5; last = last + 0.5; }
  bFirst = first; bLast = last; bDelta = last - first; bDiv = <f64>bins;
}

/**
 * The whole-bucket part of distribution.ts's histogramByBuckets: every
 * first-digit bucket (total: 65,536 u32 counts of all the data) whose value
 * interval, clipped to the range, lies inside one bin adds its count to that
 * bin (counts: bins i32, zeroed here); the others are flagged in `flags` (u8
 * per bucket: 1 = its values are binned one by one, by parGather). lo/hi:
 * the data's min and max; edges as distHistogram computed them.
 */
export function parBucketBins(total: usize, bins: i32, lo: f64, hi: f64, edges: usize, counts: usize, flags: usize): void {
  histRange(lo, hi, bins);
  const first = bFirst, last = bLast, delta = bDelta, div = bDiv, top = bins - 1;
  const sh = <u64>(64 - DIG_BITS);
  memory.fill(counts, 0, <usize>bins << 2);
  for (let b = 0; b < (1 << DIG_BITS); b++) {
    const c = load<u32>(total + (<usize>b << 2));
    let st: u8 = 0;
    if (c != 0) {
      const k0 = <u64>b << sh;
      let l = fromRawKey(k0), h = fromRawKey(k0 | ((<u64>1 << sh) - 1));
      if (l < first) l = first;
      if (h > last) h = last;
      const j = isFinite(l) && isFinite(h) ? binOf(l, first, delta, div, bins, top, edges) : -1;
      if (j >= 0 && load<f64>(edges + (<usize>j << 3)) <= l &&
          (j == top ? h <= last : h < load<f64>(edges + (<usize>(j + 1) << 3)))) {
        const o = counts + (<usize>j << 2);
        store<i32>(o, load<i32>(o) + <i32>c);
      } else {
        st = 1;
      }
    }
    store<u8>(flags + <usize>b, st);
  }
}

/**
 * Pass 2 of scoreDistribution on one subtree of numpy's tree (x its first
 * value, n its size): out[0] = pairwise sum of (x - mean)^2 (numpy _var:
 * d = x - mean, d * d); in the same pass, copies the keys (rawKey) of the
 * values whose first digit is wanted — cur (65,536 u32) holds, per digit, the
 * next slot in keys (u64) for this part's values, or 0xFFFFFFFF when the digit
 * is not wanted — and bins the values of flagged buckets (parBucketBins) one
 * by one into counts (bins i32, zeroed here; lo/hi/edges as parBucketBins).
 */
export function parSsdGather(x: usize, n: i32, mean: f64, cur: usize, keys: usize, flags: usize,
                             bins: i32, lo: f64, hi: f64, edges: usize, counts: usize, out: usize): void {
  histRange(lo, hi, bins);
  gCur = cur; gOut = keys; gFlags = flags; gEdges = edges; gCounts = counts; gBins = bins;
  memory.fill(counts, 0, <usize>bins << 2);
  gX = x; gMu = mean;
  store<f64>(out, n > 0 ? ssdTree(0, n) : 0.0);
}

/** Adds the n u32 at b to those at a. */
export function parAddU32(a: usize, b: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const q = a + (<usize>i << 2);
    v128.store(q, i32x4.add(v128.load(q), v128.load(b + (<usize>i << 2))));
  }
  for (; i < n; i++) {
    const q = a + (<usize>i << 2);
    store<u32>(q, load<u32>(q) + load<u32>(b + (<usize>i << 2)));
  }
}

// --- Parallel MSD radix sort of u64 keys (keys only: the sorted array is
// unique, whatever the split) --------------------------------------------

/** msdDigit of sort.ts: shift | width << 8 of the first digit for m keys with highest bit top. */
export function parDigit(m: i32, top: i32, low: i32): i32 {
  return msdDigit(m, top, low);
}

/** Counts the digit (key >> sh) & mask of the n u64 at a into hist (zeroed here; mask + 1 u32). */
export function parCount(a: usize, n: i32, sh: i32, mask: i32, hist: usize): void {
  memory.fill(hist, 0, <usize>(mask + 1) << 2);
  const s = <u64>sh, mk = <u64>mask;
  for (let i = 0; i < n; i++) {
    const h = hist + (<usize>((load<u64>(a + (<usize>i << 3)) >> s) & mk) << 2);
    store<u32>(h, load<u32>(h) + 1);
  }
}

/**
 * Scatters the n u64 at a into dst by digit (key >> sh) & mask, at the
 * positions cur (u32 per digit) holds; advances cur. Stable.
 */
export function parScatter(a: usize, n: i32, sh: i32, mask: i32, cur: usize, dst: usize): void {
  const s = <u64>sh, mk = <u64>mask;
  for (let i = 0; i < n; i++) {
    const k = load<u64>(a + (<usize>i << 3));
    const h = cur + (<usize>((k >> s) & mk) << 2);
    const q = load<u32>(h);
    store<u32>(h, q + 1);
    store<u64>(dst + (<usize>q << 3), k);
  }
}

/**
 * Sorts the buckets b0..b1 of a scatter: bucket b holds counts[b] keys at
 * src from the bucket's start (start = the first bucket's offset, in keys);
 * each is copied to dst at the same offset and sorted there (sortKeysU64, src
 * as its scratch). hist: keySortHistBytes() scratch.
 */
export function parSortBuckets(src: usize, dst: usize, counts: usize, b0: i32, b1: i32, start: i32, hist: usize): void {
  let off = start;
  for (let b = b0; b < b1; b++) {
    const c = <i32>load<u32>(counts + (<usize>b << 2));
    if (c == 0) continue;
    const o = <usize>off << 3;
    memory.copy(dst + o, src + o, <usize>c << 3);
    if (c > 1) sortKeysU64(dst + o, c, src + o, hist);
    off += c;
  }
}

/** sortKeysU64 over a list of regions: list holds (offset in keys, count) i32 pairs. */
export function parSortRegions(keys: usize, tmp: usize, list: usize, nl: i32, hist: usize): void {
  for (let j = 0; j < nl; j++) {
    const off = <usize>load<i32>(list + (<usize>j << 3)) << 3;
    const c = load<i32>(list + (<usize>j << 3), 4);
    if (c > 1) sortKeysU64(keys + off, c, tmp + off, hist);
  }
}
