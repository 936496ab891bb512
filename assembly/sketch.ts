// Quantile sketch kernels (the state lives in src/state/sketch.ts). A finite x
// maps to a bucket key: idx(|x|) is a log-linear index with m mantissa bits per
// binary octave (HdrHistogram-like): normals (exponent, top m mantissa bits);
// subnormals renormalised to virtual octaves of the same relative width (those
// with <= m+1 significant bits get exact one-value buckets); idx(0) = 0.
// u = 2^63 | idx; key = u for x >= +0, ~u for x <= -0: monotone in x, -0 just
// below +0, and each run of 2^m keys (a "group", key >> m) is one octave.
// Counts are exact, so a state never depends on batching or merge order.
import { scanF64 } from "./scan";
import { binOf, lerp } from "./distribution";

const MSB: u64 = 0x8000000000000000;
const ABS: u64 = 0x7fffffffffffffff;
const MIN_NORMAL: u64 = 0x0010000000000000;
const MAX_FINITE: u64 = 0x7fefffffffffffff;

// @ts-ignore: decorator
@inline function magIdx(a: u64, m: i32): u64 {
  const mm = <u64>m;
  if (a >= MIN_NORMAL) return (a >> (52 - mm)) + ((52 - mm) << mm);
  if (a < (<u64>2 << mm)) return a;           // zero, subnormals with <= m+1 significant bits: exact
  const q = <u64>(63 - <i32>clz(a)) - mm;     // top bit - m >= 1
  return (q << mm) + (a >> q);
}

// @ts-ignore: decorator
@inline function keyOf(b: u64, m: i32): u64 {
  return (MSB | magIdx(b & ABS, m)) ^ <u64>(<i64>b >> 63);
}

// Magnitude bits of the smallest value of bucket idx; gSpan = bits up to its largest.
let gSpan: u64 = 0;
// @ts-ignore: decorator
@inline function magLo(idx: u64, m: i32): u64 {
  const mm = <u64>m;
  const C = (52 - mm) << mm;
  if (idx >= C + (<u64>1 << mm)) { gSpan = (<u64>1 << (52 - mm)) - 1; return (idx - C) << (52 - mm); }
  if (idx < (<u64>2 << mm)) { gSpan = 0; return idx; }
  const q = (idx >> mm) - 1;
  gSpan = (<u64>1 << q) - 1;
  return ((idx & ((<u64>1 << mm) - 1)) | (<u64>1 << mm)) << q;
}

// Representative of a bucket: 2 lo hi / (lo + hi) over its smallest and largest
// value (relative error (hi - lo) / (hi + lo) < 2^-(m+1) to any of them); the
// value itself for a one-value bucket.
// @ts-ignore: decorator
@inline function repOf(key: u64, m: i32): f64 {
  const neg = key < MSB;
  const lo = magLo((neg ? ~key : key) & ABS, m);
  let r = reinterpret<f64>(lo);
  if (gSpan != 0) r = r * (2 / (1 + r / reinterpret<f64>(lo + gSpan)));
  return neg ? -r : r;
}

/** Bucket key of x (finite) for m mantissa bits. */
export function sketchKey(x: f64, m: i32): u64 {
  return keyOf(reinterpret<u64>(x), m);
}

/** Representative value of the bucket `key` (unclamped). */
export function sketchRep(key: u64, m: i32): f64 {
  return repOf(key, m);
}

// --- Dense counting: a directory of u32 block addresses, one per group
// (octave) in key order, blocks of 2^m u32 counters handed out on first use
// from [blocks, blocks + cap). Groups of a finite x: (key >> m) - dBase.
let dM: i32 = 0;
let dBase: u64 = 0;
let dNg: i32 = 0;
let dDir: usize = 0, dBlocks: usize = 0, dUsed: usize = 0, dCap: usize = 0;
let dMin: f64 = Infinity, dMax: f64 = -Infinity;
const MM = memory.data(16, 16);
// Sub-blocks: scanned (finiteness, min, max) and counted while in L1.
const SUB: i32 = 2048;

// @ts-ignore: decorator
@inline function groupBase(m: i32): u64 { return keyOf(MSB | MAX_FINITE, m) >> <u64>m; }
// @ts-ignore: decorator
@inline function groupCount(m: i32): i32 { return <i32>((keyOf(MAX_FINITE, m) >> <u64>m) - groupBase(m)) + 1; }

/** Bytes of the group directory for m mantissa bits. */
export function sketchDirBytes(m: i32): i32 {
  return groupCount(m) << 2;
}

/** Starts a dense batch: dir (sketchDirBytes(m)), counter blocks at `blocks` (capBytes). */
export function sketchBegin(m: i32, dir: usize, blocks: usize, capBytes: usize): void {
  dM = m; dBase = groupBase(m); dNg = groupCount(m);
  dDir = dir; dBlocks = blocks; dUsed = 0; dCap = capBytes;
  dMin = Infinity; dMax = -Infinity;
  memory.fill(dir, 0, <usize>dNg << 2);
}

function countRange(p: usize, n: i32): bool {
  const m = dM, mm = <u64>m;
  const mask = (<u64>1 << mm) - 1;
  const base = dBase, dir = dDir;
  for (let i = 0; i < n; i++) {
    const k = keyOf(load<u64>(p + (<usize>i << 3)), m);
    const d = dir + (<usize>((k >> mm) - base) << 2);
    let blk = <usize>load<u32>(d);
    if (blk == 0) {
      const bytes = <usize>4 << <usize>m;
      if (dUsed + bytes > dCap) return false;
      blk = dBlocks + dUsed;
      dUsed += bytes;
      memory.fill(blk, 0, bytes);
      store<u32>(d, <u32>blk);
    }
    const c = blk + (<usize>(k & mask) << 2);
    store<u32>(c, load<u32>(c) + 1);
  }
  return true;
}

/**
 * Counts n f64 at x into the dense batch. Returns 0; 1 when some value is not
 * finite; 3 when the blocks ran out (counts incomplete: the caller falls back
 * to sketchKeys). Min and max accumulate over calls.
 */
export function sketchCount(x: usize, n: i32): i32 {
  for (let i = 0; i < n; i += SUB) {
    const len = min(SUB, n - i);
    const p = x + (<usize>i << 3);
    if (scanF64(p, len, MM) != 0) return 1;
    dMin = Math.min(dMin, load<f64>(MM)); dMax = Math.max(dMax, load<f64>(MM, 8));
    if (!countRange(p, len)) return 3;
  }
  return 0;
}

/** Counters handed out so far in the dense batch (an upper bound on its buckets). */
export function sketchUsed(): i32 {
  return <i32>(dUsed >> 2);
}

/**
 * Writes the dense batch's (key, count) pairs in key order to keys (u64) and
 * counts (f64); mm[0..2) = min, max. Returns the number of pairs.
 */
export function sketchEmit(keys: usize, counts: usize, mm: usize): i32 {
  const m = dM, w = <i32>1 << m;
  let j = 0;
  for (let g = 0; g < dNg; g++) {
    const blk = <usize>load<u32>(dDir + (<usize>g << 2));
    if (blk == 0) continue;
    const k0 = (dBase + <u64>g) << <u64>m;
    let i = 0;
    if (ASC_FEATURE_SIMD) {
      // skip empty runs of four counters
      for (; i + 4 <= w; i += 4) {
        const q = blk + (<usize>i << 2);
        if (!v128.any_true(v128.load(q))) continue;
        for (let t = i; t < i + 4; t++) {
          const c = load<u32>(blk + (<usize>t << 2));
          if (c != 0) {
            store<u64>(keys + (<usize>j << 3), k0 | <u64>t);
            store<f64>(counts + (<usize>j << 3), <f64>c);
            j++;
          }
        }
      }
    }
    for (; i < w; i++) {
      const c = load<u32>(blk + (<usize>i << 2));
      if (c != 0) {
        store<u64>(keys + (<usize>j << 3), k0 | <u64>i);
        store<f64>(counts + (<usize>j << 3), <f64>c);
        j++;
      }
    }
  }
  store<f64>(mm, dMin);
  store<f64>(mm, dMax, 8);
  return j;
}

// --- Sort path (many groups, or large m): keys, radix sort (sortKeysU64), runs.

/**
 * Keys of n f64 at x (m mantissa bits) to keys (u64); folds min/max into
 * mm[0..2). Returns 0, or 1 when some value is not finite.
 */
export function sketchKeys(x: usize, n: i32, m: i32, keys: usize, mm: usize): i32 {
  let lo = load<f64>(mm), hi = load<f64>(mm, 8);
  for (let i = 0; i < n; i += SUB) {
    const len = min(SUB, n - i);
    const p = x + (<usize>i << 3);
    if (scanF64(p, len, MM) != 0) return 1;
    lo = Math.min(lo, load<f64>(MM)); hi = Math.max(hi, load<f64>(MM, 8));
    const k = keys + (<usize>i << 3);
    for (let t = 0; t < len; t++) store<u64>(k + (<usize>t << 3), keyOf(load<u64>(p + (<usize>t << 3)), m));
  }
  store<f64>(mm, lo);
  store<f64>(mm, hi, 8);
  return 0;
}

/** Run-length encodes n sorted keys in place; counts (f64) per distinct key. Returns their number. */
export function sketchRuns(keys: usize, n: i32, counts: usize): i32 {
  if (n == 0) return 0;
  let j = 0;
  let cur = load<u64>(keys);
  let c = 1;
  for (let i = 1; i < n; i++) {
    const k = load<u64>(keys + (<usize>i << 3));
    if (k == cur) { c++; continue; }
    store<u64>(keys + (<usize>j << 3), cur);
    store<f64>(counts + (<usize>j << 3), <f64>c);
    j++;
    cur = k; c = 1;
  }
  store<u64>(keys + (<usize>j << 3), cur);
  store<f64>(counts + (<usize>j << 3), <f64>c);
  return j + 1;
}

/**
 * Merges two key-sorted (key, count) lists into ok/oc (not aliasing either);
 * equal keys add their counts. Returns the number of pairs.
 */
export function sketchMerge(ak: usize, ac: usize, na: i32, bk: usize, bc: usize, nb: i32, ok: usize, oc: usize): i32 {
  let i = 0, j = 0, o = 0;
  while (i < na && j < nb) {
    const a = load<u64>(ak + (<usize>i << 3)), b = load<u64>(bk + (<usize>j << 3));
    const q = <usize>o << 3;
    if (a < b) { store<u64>(ok + q, a); store<f64>(oc + q, load<f64>(ac + (<usize>i << 3))); i++; }
    else if (b < a) { store<u64>(ok + q, b); store<f64>(oc + q, load<f64>(bc + (<usize>j << 3))); j++; }
    else {
      store<u64>(ok + q, a);
      store<f64>(oc + q, load<f64>(ac + (<usize>i << 3)) + load<f64>(bc + (<usize>j << 3)));
      i++; j++;
    }
    o++;
  }
  if (i < na) {
    memory.copy(ok + (<usize>o << 3), ak + (<usize>i << 3), <usize>(na - i) << 3);
    memory.copy(oc + (<usize>o << 3), ac + (<usize>i << 3), <usize>(na - i) << 3);
    o += na - i;
  }
  if (j < nb) {
    memory.copy(ok + (<usize>o << 3), bk + (<usize>j << 3), <usize>(nb - j) << 3);
    memory.copy(oc + (<usize>o << 3), bc + (<usize>j << 3), <usize>(nb - j) << 3);
    o += nb - j;
  }
  return o;
}

// --- Queries. Order statistic r of a state: r = 0 -> min, r = n-1 -> max,
// else the representative of the bucket holding rank r, clamped to [min, max].

let qKeys: usize = 0, qCum: usize = 0;
let qNb: i32 = 0, qM: i32 = 0;
let qMin: f64 = 0, qMax: f64 = 0, qLast: f64 = 0;

function orderStat(r: f64): f64 {
  if (r <= 0) return qMin;
  if (r >= qLast) return qMax;
  let lo = 0, hi = qNb - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<f64>(qCum + (<usize>mid << 3)) > r) hi = mid; else lo = mid + 1;
  }
  return Math.max(qMin, Math.min(qMax, repOf(load<u64>(qKeys + (<usize>lo << 3)), qM)));
}

/**
 * np.quantile(method='linear') estimates of a state (nb pairs, n >= 1 values,
 * exact min/max) for nq probabilities at q: vi = (n-1)q, lo = floor(vi), numpy's
 * _lerp of the order statistics lo and lo+1 (vi >= n-1: both n-1), as
 * distQuantiles. cum: nb f64 scratch.
 */
export function sketchQuantiles(keys: usize, counts: usize, nb: i32, m: i32, n: f64, mn: f64, mx: f64,
                                q: usize, nq: i32, cum: usize, out: usize): void {
  let s = 0.0;
  for (let i = 0; i < nb; i++) {
    s += load<f64>(counts + (<usize>i << 3));
    store<f64>(cum + (<usize>i << 3), s);
  }
  qKeys = keys; qCum = cum; qNb = nb; qM = m; qMin = mn; qMax = mx;
  const last = n - 1;
  qLast = last;
  for (let j = 0; j < nq; j++) {
    const vi = last * load<f64>(q + (<usize>j << 3));
    let lo: f64, ia: f64, ib: f64;
    if (vi >= last) { lo = -1; ia = last; ib = last; }
    else { lo = Math.floor(vi); ia = lo; ib = lo + 1; }
    store<f64>(out + (<usize>j << 3), lerp(orderStat(ia), orderStat(ib), vi - lo));
  }
}

/**
 * Histogram of a state over the edges distHistogram(., 0, bins, mn, mx, edges, .)
 * wrote: each bucket's count goes to numpy's bin of its representative
 * (clamped to [mn, mx]). out: bins f64 counts.
 */
export function sketchHistogram(keys: usize, counts: usize, nb: i32, m: i32, mn: f64, mx: f64, bins: i32,
                                edges: usize, out: usize): void {
  let first = mn, last = mx;
  if (first == last) { first = first - 0.5; last = last + 0.5; }
  const delta = last - first;
  const div = <f64>bins;
  const top = bins - 1;
  memory.fill(out, 0, <usize>bins << 3);
  for (let i = 0; i < nb; i++) {
    const r = Math.max(mn, Math.min(mx, repOf(load<u64>(keys + (<usize>i << 3)), m)));
    const o = out + (<usize>binOf(r, first, delta, div, bins, top, edges) << 3);
    store<f64>(o, load<f64>(o) + load<f64>(counts + (<usize>i << 3)));
  }
}
