// Quantile sketch kernels (the state lives in src/state/sketch.ts). A finite x
// maps to a bucket key: idx(|x|) is a log-linear index with m mantissa bits per
// binary octave (HdrHistogram-like): normals (exponent, top m mantissa bits);
// subnormals renormalised to virtual octaves of the same relative width (those
// with <= m+1 significant bits get exact one-value buckets); idx(0) = 0.
// u = 2^63 | idx; key = u for x >= +0, ~u for x <= -0: monotone in x, -0 just
// below +0.
// Counts are exact, so a state never depends on batching or merge order.
import { scanF64 } from "./scan";
import { sortKeysU64 } from "./sort";
import { binOf, lerp } from "./distribution";

const MSB: u64 = 0x8000000000000000;
const ABS: u64 = 0x7fffffffffffffff;
const MIN_NORMAL: u64 = 0x0010000000000000;

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

// --- Dense counting of a batch. Normal values: a directory indexed by the top
// 12 + w bits of x (sign, exponent, top w mantissa bits; w = dirBits(m)) holds
// the address of a block of 2^(m-w) u32 counters, handed out on first use from
// [blocks, blocks + cap); the counter is the next m - w mantissa bits. Special
// directory entries: 1 (exponent 0: zeros, counted apart, and subnormals,
// whose keys are spilled and sorted at the end), 2 (not finite). The emitted
// pairs come out in key order: negative normals (largest magnitude first,
// counters in reverse), spilled keys with the zeros, positive normals.
const DIR_SUB: u32 = 1, DIR_BAD: u32 = 2;
let dM: i32 = 0, dW: i32 = 0;
let dDir: usize = 0, dBlocks: usize = 0, dUsed: usize = 0, dCap: usize = 0;
let dSpill: usize = 0, dSpillN: i32 = 0, dSpillCap: i32 = 0;
let dMin: f64 = Infinity, dMax: f64 = -Infinity;
let dBad = false;
let dPos: i32 = 0;
// USED: one bit per directory entry with a block, just after the directory.
let USED: usize = 0;
let dShiftDir: u64 = 0, dShiftSlot: u64 = 0;
let dMask: u32 = 0;
// Values per sub-block (min/max pass, then counting, while in L1).
const SUB: i32 = 2048;
const MM = memory.data(16, 16);
// Zero counts (u32): +0 at ZEROS, -0 at ZEROS + 4.
const ZEROS = memory.data(8, 8);

/** Directory bits below the exponent for m mantissa bits: blocks of 2^(m - w) counters. */
// @ts-ignore: decorator
@inline function dirBits(m: i32): i32 { return m <= 10 ? 0 : min(m - 10, 9); }

/** Bytes of the dense directory for m mantissa bits (u32 entries, then a bit per entry). */
export function sketchDirBytes(m: i32): i32 {
  return (4 << (12 + dirBits(m))) + (1 << (9 + dirBits(m)));
}

/**
 * Directory entries the n f64 at x touch (an upper bound on their blocks: the
 * exponent-0 and non-finite entries count too), for planning: sets their bits
 * in `bits` (sketchDirBytes(m) >> 5 bytes, zeroed by the caller, shared over
 * calls) and returns how many bits were new.
 */
let bShift: u64 = 0;
export function sketchBlocksNeeded(x: usize, n: i32, m: i32, bits: usize): i32 {
  bShift = <u64>(52 - dirBits(m));
  const ds = bShift;   // (read back from a global: V8 would recompute it in the loop)
  let fresh = 0;
  for (let i = 0; i < n; i++) {
    const d = <u32>(load<u64>(x + (<usize>i << 3)) >> ds);
    const w = bits + (<usize>(d >> 6) << 3);
    const old = load<u64>(w);
    const now = old | (<u64>1 << <u64>(d & 63));
    fresh += <i32>(now != old);
    store<u64>(w, now);
  }
  return fresh;
}

/** Counters per dense block for m mantissa bits. */
export function sketchBlockSize(m: i32): i32 {
  return 1 << (m - dirBits(m));
}

/**
 * Starts a dense batch: dir (sketchDirBytes(m)), counter blocks at `blocks`
 * (capBytes), spill: spillCap u64 for subnormal keys.
 */
export function sketchBegin(m: i32, dir: usize, blocks: usize, capBytes: usize, spill: usize, spillCap: i32): void {
  const w = dirBits(m);
  dM = m; dW = w;
  dShiftDir = <u64>(52 - w); dShiftSlot = <u64>(52 - m); dMask = (<u32>1 << <u32>(m - w)) - 1;
  dDir = dir; dBlocks = blocks; dUsed = 0; dCap = capBytes;
  dSpill = spill; dSpillN = 0; dSpillCap = spillCap;
  store<u64>(ZEROS, 0); dMin = Infinity; dMax = -Infinity; dBad = false;
  const half = <usize>4 << <usize>(11 + w), run = <usize>4 << <usize>w;  // bytes: one sign, one exponent
  USED = dir + (half << 1);
  memory.fill(dir, 0, (half << 1) + (half >> 4));
  for (let h: usize = 0; h <= half; h += half) {
    for (let o: usize = 0; o < run; o += 4) {
      store<u32>(dir + h + o, DIR_SUB);               // exponent 0
      store<u32>(dir + h + half - run + o, DIR_BAD);  // exponent 2047
    }
  }
}

// memory.fill without the call (bytes: a multiple of 16).
// @ts-ignore: decorator
@inline function zero(p: usize, bytes: usize): void {
  if (ASC_FEATURE_SIMD) {
    const z = i64x2.splat(0);
    for (let o: usize = 0; o < bytes; o += 16) v128.store(p + o, z);
  } else {
    for (let o: usize = 0; o < bytes; o += 8) store<u64>(p + o, 0);
  }
}

// Non-finite values, subnormals and first use of a block. False: out of room.
function countSlow(b: u64, d: usize, e: u32): bool {
  if (e == DIR_BAD) { dBad = true; return true; }
  if (e == DIR_SUB) {
    if (dSpillN == dSpillCap) return false;
    store<u64>(dSpill + (<usize>dSpillN << 3), keyOf(b, dM));
    dSpillN++;
    return true;
  }
  const bytes = <usize>4 << <usize>(dM - dW);
  if (dUsed + bytes > dCap) return false;
  const blk = dBlocks + dUsed;
  dUsed += bytes;
  zero(blk, bytes);
  store<u32>(d, <u32>blk);
  const u = USED + ((d - dDir) >> 8 << 3);
  store<u64>(u, load<u64>(u) | (<u64>1 << <u64>(((d - dDir) >> 2) & 63)));
  const c = blk + (<usize>(<u32>(b >> <u64>(52 - dM)) & ((<u32>1 << <u32>(dM - dW)) - 1)) << 2);
  store<u32>(c, load<u32>(c) + 1);
  return true;
}

// The hot loop over x[i..n): returns n, or the index of a value for countSlow.
// No calls here: a call in the function (even memory.fill) makes V8 keep the
// loop's invariants on the stack (~2x slower).
// The shifts and the mask are globals set by sketchBegin, not computed here:
// V8 would recompute such arithmetic inside the loop.
function countFast(p: usize, i: i32, n: i32): i32 {
  const dir = dDir, ds = dShiftDir, s = dShiftSlot, mask = dMask;
  for (; i < n; i++) {
    const b = load<u64>(p + (<usize>i << 3));
    const e = load<u32>(dir + (<usize>(b >> ds) << 2));
    if (e <= DIR_BAD) {
      if (e != DIR_SUB || (b & ABS) != 0) return i;
      const z = ZEROS + <usize>(b >> 61);   // -0: ZEROS + 4, +0: ZEROS
      store<u32>(z, load<u32>(z) + 1);
      continue;
    }
    const c = <usize>e + (<usize>(<u32>(b >> s) & mask) << 2);
    store<u32>(c, load<u32>(c) + 1);
  }
  return n;
}

// Counts x[0..n); returns n, or the index of the value that found no room.
function countRange(p: usize, n: i32): i32 {
  // two call sites keep countFast a function of its own (binaryen inlines a
  // single caller), which V8 compiles with its invariants in registers
  let i = countFast(p, 0, n);
  while (i < n) {
    const b = load<u64>(p + (<usize>i << 3));
    const d = dDir + (<usize>(b >> <u64>(52 - dW)) << 2);
    if (!countSlow(b, d, load<u32>(d))) return i;
    i = countFast(p, i + 1, n);
  }
  return n;
}

// min/max of a sub-block by plain compares (pmin/pmax): a zero's sign is fixed
// from the zero counts at the end; NaN is caught by the directory.
function minMaxRange(p: usize, n: i32): void {
  let lo = dMin, hi = dMax;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    if (n >= 8) {
      let L0 = v128.load(p), L1 = v128.load(p, 16), H0 = L0, H1 = L1;
      for (; i + 8 <= n; i += 8) {
        const q = p + (<usize>i << 3);
        const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
        L0 = f64x2.pmin(L0, f64x2.pmin(a0, a1)); L1 = f64x2.pmin(L1, f64x2.pmin(a2, a3));
        H0 = f64x2.pmax(H0, f64x2.pmax(a0, a1)); H1 = f64x2.pmax(H1, f64x2.pmax(a2, a3));
      }
      const L = f64x2.pmin(L0, L1), H = f64x2.pmax(H0, H1);
      const l0 = f64x2.extract_lane(L, 0), l1 = f64x2.extract_lane(L, 1);
      const h0 = f64x2.extract_lane(H, 0), h1 = f64x2.extract_lane(H, 1);
      const l = l1 < l0 ? l1 : l0, h = h1 > h0 ? h1 : h0;
      if (l < lo) lo = l;
      if (h > hi) hi = h;
    }
  }
  for (; i < n; i++) {
    const v = load<f64>(p + (<usize>i << 3));
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  dMin = lo; dMax = hi;
}

/**
 * Counts n f64 at x into the dense batch. Returns 0; 1 when some value is not
 * finite; 3 when the blocks ran out: values before sketchPos() are counted,
 * the caller may sketchGrow and call again from there; 4 when the subnormal
 * spill ran out (counts incomplete: the caller falls back to sketchKeys).
 * Min and max accumulate over calls.
 */
export function sketchCount(x: usize, n: i32): i32 {
  dPos = 0;
  for (let i = 0; i < n; i += SUB) {
    const len = min(SUB, n - i);
    const p = x + (<usize>i << 3);
    minMaxRange(p, len);
    const r = countRange(p, len);
    if (dBad) return 1;
    if (r < len) {
      dPos = i + r;
      return dSpillN == dSpillCap && (load<u64>(p + (<usize>r << 3)) & ABS) < MIN_NORMAL ? 4 : 3;
    }
  }
  return 0;
}

/** Where sketchCount stopped (return value 3). */
export function sketchPos(): i32 {
  return dPos;
}

/** Adds `bytes` to the dense blocks' room (the arena just after them). */
export function sketchGrow(bytes: usize): void {
  dCap += bytes;
}

/** Upper bound on the pairs sketchEmit writes. */
export function sketchUsed(): i32 {
  return <i32>(dUsed >> 2) + dSpillN + 2;
}

// Emits the counters of a dense block (directory index dl below the sign bit).
// @ts-ignore: decorator
@inline function emitBlock(blk: usize, dl: u64, neg: bool, keys: usize, counts: usize, j: i32): i32 {
  const bits = dM - dW;
  const w = <i32>1 << bits;
  const i0 = ((dl << <u64>bits) + ((<u64>(52 - dM)) << <u64>dM)) | MSB;   // u of slot 0
  if (neg) {
    for (let t = w - 1; t >= 0; t--) {
      const c = load<u32>(blk + (<usize>t << 2));
      if (c != 0) {
        store<u64>(keys + (<usize>j << 3), ~(i0 + <u64>t));
        store<f64>(counts + (<usize>j << 3), <f64>c);
        j++;
      }
    }
    return j;
  }
  let t = 0;
  if (ASC_FEATURE_SIMD) {
    // skip empty runs of four counters
    for (; t + 4 <= w; t += 4) {
      if (!v128.any_true(v128.load(blk + (<usize>t << 2)))) continue;
      for (let u = t; u < t + 4; u++) {
        const c = load<u32>(blk + (<usize>u << 2));
        if (c != 0) {
          store<u64>(keys + (<usize>j << 3), i0 + <u64>u);
          store<f64>(counts + (<usize>j << 3), <f64>c);
          j++;
        }
      }
    }
  }
  for (; t < w; t++) {
    const c = load<u32>(blk + (<usize>t << 2));
    if (c != 0) {
      store<u64>(keys + (<usize>j << 3), i0 + <u64>t);
      store<f64>(counts + (<usize>j << 3), <f64>c);
      j++;
    }
  }
  return j;
}

// @ts-ignore: decorator
@inline function emitPair(keys: usize, counts: usize, j: i32, k: u64, c: f64): i32 {
  store<u64>(keys + (<usize>j << 3), k);
  store<f64>(counts + (<usize>j << 3), c);
  return j + 1;
}

/**
 * Writes the dense batch's (key, count) pairs in key order to keys (u64) and
 * counts (f64), sketchUsed() of each; mm[0..2) = min, max. tmp (spillCap u64)
 * and hist (keySortHistBytes) sort the spilled keys. Returns the number of pairs.
 */
export function sketchEmit(keys: usize, counts: usize, mm: usize, tmp: usize, hist: usize): i32 {
  const w = dW;
  const half = <u64>1 << <u64>(11 + w);
  let j = 0;
  // blocks in use: bits of USED, negative half from the top down
  for (let wi = <i32>(half >> 5) - 1; wi >= <i32>(half >> 6); wi--) {
    let word = load<u64>(USED + (<usize>wi << 3));
    while (word != 0) {
      const bit = 63 - <i32>clz(word);
      word ^= <u64>1 << <u64>bit;
      const d = (<u64>wi << 6) | <u64>bit;
      j = emitBlock(<usize>load<u32>(dDir + (<usize>d << 2)), d & (half - 1), true, keys, counts, j);
    }
  }
  // subnormals (sorted keys, runs) around the zeros
  const ns = dSpillN;
  if (ns > 1) sortKeysU64(dSpill, ns, tmp, hist);
  let i = 0;
  while (i < ns) {
    const k = load<u64>(dSpill + (<usize>i << 3));
    if (k > ~MSB) break;
    let e = i + 1;
    while (e < ns && load<u64>(dSpill + (<usize>e << 3)) == k) e++;
    j = emitPair(keys, counts, j, k, <f64>(e - i));
    i = e;
  }
  const zNeg = load<u32>(ZEROS, 4), zPos = load<u32>(ZEROS);
  if (zNeg > 0) j = emitPair(keys, counts, j, ~MSB, <f64>zNeg);
  if (zPos > 0) j = emitPair(keys, counts, j, MSB, <f64>zPos);
  while (i < ns) {
    const k = load<u64>(dSpill + (<usize>i << 3));
    let e = i + 1;
    while (e < ns && load<u64>(dSpill + (<usize>e << 3)) == k) e++;
    j = emitPair(keys, counts, j, k, <f64>(e - i));
    i = e;
  }
  for (let wi = 0; wi < <i32>(half >> 6); wi++) {
    let word = load<u64>(USED + (<usize>wi << 3));
    while (word != 0) {
      const bit = <i32>ctz(word);
      word ^= <u64>1 << <u64>bit;
      const d = (<u64>wi << 6) | <u64>bit;
      j = emitBlock(<usize>load<u32>(dDir + (<usize>d << 2)), d, false, keys, counts, j);
    }
  }
  // A zero min (max) is -0 (+0) when there is one.
  let mn = dMin, mx = dMax;
  if (mn == 0) mn = zNeg > 0 ? -0.0 : 0.0;
  if (mx == 0) mx = zPos > 0 ? 0.0 : -0.0;
  store<f64>(mm, mn);
  store<f64>(mm, mx, 8);
  return j;
}

// --- Sort path (many groups, or large m): keys, radix sort (sortKeysU64), runs.

// keyOf with m's constants from globals (V8 would recompute them per value).
let kM: u64 = 0, kS: u64 = 0, kC: u64 = 0, kExact: u64 = 0;
function keysRange(p: usize, n: i32, out: usize): void {
  const mm = kM, s = kS, C = kC, exact = kExact;
  for (let i = 0; i < n; i++) {
    const b = load<u64>(p + (<usize>i << 3));
    const a = b & ABS;
    let idx: u64;
    if (a >= MIN_NORMAL) idx = (a >> s) + C;
    else if (a < exact) idx = a;
    else { const q = <u64>(63 - <i32>clz(a)) - mm; idx = (q << mm) + (a >> q); }
    store<u64>(out + (<usize>i << 3), (MSB | idx) ^ <u64>(<i64>b >> 63));
  }
}

/**
 * Keys of n f64 at x (m mantissa bits) to keys (u64); folds min/max into
 * mm[0..2). Returns 0, or 1 when some value is not finite.
 */
export function sketchKeys(x: usize, n: i32, m: i32, keys: usize, mm: usize): i32 {
  let lo = load<f64>(mm), hi = load<f64>(mm, 8);
  kM = <u64>m; kS = <u64>(52 - m); kC = <u64>(52 - m) << <u64>m; kExact = <u64>2 << <u64>m;
  for (let i = 0; i < n; i += SUB) {
    const len = min(SUB, n - i);
    const p = x + (<usize>i << 3);
    if (scanF64(p, len, MM) != 0) return 1;
    lo = Math.min(lo, load<f64>(MM)); hi = Math.max(hi, load<f64>(MM, 8));
    keysRange(p, len, keys + (<usize>i << 3));
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
