// Exact, order-independent sums: a superaccumulator (after R. Neal's "small
// superaccumulator") fed by error-free extraction (Rump, Ogita, Oishi).
//
// Layout at acc: i32 nl, i32 base, i32 flags (1 +Inf, 2 -Inf, 4 NaN added),
// i32 pending, i64 limbs[nl]; value = sum limbs[j] * 2^(base + 32j).
// Canonical: limbs[0..nl-2] in [0, 2^32), the top limb signed; unique per value.
// NARROW {68, -1074}: any sum of up to 2^64 doubles. WIDE {200, -3222}: sums of
// exact products of up to three doubles (bits from 2^-3222 to 2^3072).
//
// Pending bound: every scalar add ("unit") changes each limb by |delta| < 2^32.
// Canonical limbs have |l| <= 2^32 (the TS layer keeps the top limb in i32
// range), so after P units |l| < 2^32 (P + 1). A block of <= 256 rows makes at
// most 4 units per row plus 18 commits < 2^11 units; kernels count 2^11 per
// block and normalise at block boundaries once P > 2^30: |l| < 2^63 always.
//
// Extraction (ExtractVector of Rump, Ogita, Oishi, as running sums). A block
// has <= 256 rows, sigma = 2^k with k in [-1021, 1023] and |x| < 2^(k-10).
// S starts at sigma; per row t = fl(S + x), d = t - S, r = x - d, S = t. While
// S stays within sigma/2 of sigma, t - S is exact (Sterbenz) and r is the exact
// rounding error of S + x (a double), so x = d + r exactly, with
// |r| <= ulp(t)/2 <= 2^(k-53). The drift |S - sigma| <= sum |d| < 256 (2^(k-10)
// + 2^(k-53)) < sigma/4, so at the end S - sigma = sum d exactly; every S is a
// multiple of 2^(k-53), so the lanes' sums (total < sigma/2) add exactly in any
// order. The remainders r go to the next level, k' = k - 43 (|r| <= 2^(k'-10)),
// and what the last level leaves (r != 0, rare for typical data) goes to the
// scalar add. Level 1 uses k = E + 11 for the block maximum max < 2^(E+1); k is
// clamped to >= -1021 (a larger sigma keeps every bound). Products are split
// first into exact double pieces (26-bit halves, Dekker's error term);
// each piece is a chain entering at the level its size allows (an error term is
// <= 2^-53 of its product, so it starts one level lower).

const HDR: usize = 16;
const M32: u64 = 0xffffffff;
const FRAC: u64 = 0xfffffffffffff;
const HID: u64 = 0x10000000000000;
const PEND_MAX: i32 = 1 << 30;
const BLOCK_UNITS: i32 = 1 << 11; // bound on the units of one block
const B: i32 = 256; // block rows
const BIG: f64 = reinterpret<f64>(<u64>(1013 + 1023) << 52); // 2^1013: sigma stays finite below it
const HI2: f64 = reinterpret<f64>(<u64>(481 + 1023) << 52); // two factors in 0 or [2^-480, 2^481):
const LO2: f64 = reinterpret<f64>(<u64>(-480 + 1023) << 52); //   all bits >= 2^-1064, products < 2^962
const HI3: f64 = reinterpret<f64>(<u64>(301 + 1023) << 52); // three factors in 0 or [2^-300, 2^301):
const LO3: f64 = reinterpret<f64>(<u64>(-300 + 1023) << 52); //   all bits >= 2^-1056, products < 2^903
const REM: usize = memory.data(4 * 256 * 8, 16); // last-level remainders, one row of B per chain
const FLG: usize = memory.data(256 / 2 + 8, 16); // per row pair: lanes with a remainder != 0
const PCS: usize = memory.data(2 * 256 * 8, 16); // pieces between the two loops of wsqBlock
// v128 constants, loaded once per block (V8 would rebuild a v128.const in every loop iteration):
// |x| mask, 2^-480, 2^-300, rounding bit and mask of hi26, 2.
const VC: usize = memory.data<u64>([
  0x7fffffffffffffff, 0x7fffffffffffffff, 0x21f0000000000000, 0x21f0000000000000,
  0x2d30000000000000, 0x2d30000000000000, 0x0000000004000000, 0x0000000004000000,
  0xfffffffff8000000, 0xfffffffff8000000, 0x4000000000000000, 0x4000000000000000,
], 16);

let pend: i32 = 0; // units since the last carry, for the accumulator being fed
let gE: i32 = 0;

/** Bytes of an accumulator with nl limbs. */
export function exactBytes(nl: i32): i32 { return 16 + 8 * nl; }

/** Zero accumulator of nl limbs, limb 0 of weight 2^base. */
export function exactInit(acc: usize, nl: i32, base: i32): void {
  store<i32>(acc, nl);
  store<i32>(acc, base, 4);
  store<i64>(acc, 0, 8);
  memory.fill(acc + HDR, 0, <usize>nl << 3);
}

function carry(acc: usize): void {
  const nl = load<i32>(acc);
  let p = acc + HDR, c: i64 = 0;
  for (let j = 1; j < nl; j++, p += 8) {
    const v = load<i64>(p) + c;
    store<i64>(p, v & <i64>M32);
    c = v >> 32;
  }
  store<i64>(p, load<i64>(p) + c);
}

/** Carry propagation to the canonical form; pending = 0. */
export function exactNormalize(acc: usize): void {
  carry(acc);
  store<i32>(acc, 0, 12);
}

// v * 2^(base + pos), negated when neg = -1: the 95 bits of v << (pos & 31)
// go to three limbs as 32-bit pieces (one unit).
// @ts-ignore: decorator
@inline function addBits(acc: usize, v: u64, pos: i32, neg: i64): void {
  const p = acc + HDR + (<usize>(pos >>> 5) << 3);
  const s = <u64>(pos & 31);
  store<i64>(p, load<i64>(p) + ((<i64>((v << s) & M32) ^ neg) - neg));
  store<i64>(p, load<i64>(p, 8) + ((<i64>((v >>> (32 - s)) & M32) ^ neg) - neg), 8);
  store<i64>(p, load<i64>(p, 16) + ((<i64>((v >>> 32) >>> (32 - s)) ^ neg) - neg), 16);
}

// Word i of (sum w_k 2^(32k)) << s, for 32-bit words w (w_{-1} = 0): one limb's piece, < 2^32.
// @ts-ignore: decorator
@inline function sw(w: u64, prev: u64, s: u64): i64 { return <i64>(((w << s) | (prev >>> (32 - s))) & M32); }
// @ts-ignore: decorator
@inline function addL(p: usize, v: i64, neg: i64): void { store<i64>(p, load<i64>(p) + ((v ^ neg) - neg)); }

// x = +-m * 2^gE exactly, m < 2^53, gE >= -1074.
// @ts-ignore: decorator
@inline function mant(x: f64): u64 {
  const b = reinterpret<u64>(x);
  const eb = <i32>(b >>> 52) & 0x7ff;
  gE = max(eb, 1) - 1075;
  return (b & FRAC) | (eb != 0 ? HID : 0);
}

// Exact add of a finite double.
// @ts-ignore: decorator
@inline function addF64(acc: usize, x: f64): void {
  const b = reinterpret<u64>(x);
  const eb = <i32>(b >>> 52) & 0x7ff;
  addBits(acc, (b & FRAC) | (eb != 0 ? HID : 0), max(eb, 1) - 1075 - load<i32>(acc, 4), -<i64>(b >>> 63));
}

// @ts-ignore: decorator
@inline function setFlag(acc: usize, f: i32): void { store<i32>(acc, load<i32>(acc, 8) | f, 8); }

function addAny(acc: usize, x: f64): void {
  if (isFinite<f64>(x)) addF64(acc, x);
  else setFlag(acc, x != x ? 4 : x > 0 ? 1 : 2);
}

// @ts-ignore: decorator
@inline function put(acc: usize, s: f64): void { if (s != 0) addF64(acc, s); }

// Biased exponent of sigma at the next level; sigma.
// @ts-ignore: decorator
@inline function kbn(kb: i64): i64 { return max<i64>(kb - 43, 2); }
// @ts-ignore: decorator
@inline function sg(kb: i64): f64 { return reinterpret<f64>(<u64>kb << 52); }

// Flags for a product with a non-finite factor: NaN for a NaN or inf * 0, else +-inf.
function flagProduct(acc: usize, a: f64, b: f64, c: f64): void {
  setFlag(acc, a != a || b != b || c != c || a == 0 || b == 0 || c == 0 ? 4
    : ((a < 0) != (b < 0)) != (c < 0) ? 2 : 1);
}

// Exact a * b from the integer mantissas: 53 x 53 bits as four 32-bit words,
// shifted into five limbs (one unit).
function mul2(acc: usize, a: f64, b: f64): void {
  if (!isFinite<f64>(a) || !isFinite<f64>(b)) { flagProduct(acc, a, b, 1); return; }
  const ma = mant(a), ea = gE, mb = mant(b);
  if (ma == 0 || mb == 0) return;
  const pos = ea + gE - load<i32>(acc, 4);
  const ng = -<i64>((reinterpret<u64>(a) ^ reinterpret<u64>(b)) >>> 63);
  const a0 = ma & M32, a1 = ma >>> 32, b0 = mb & M32, b1 = mb >>> 32;
  const t = a0 * b0, m1 = a0 * b1, m2 = a1 * b0, h = a1 * b1;
  let c = (t >>> 32) + (m1 & M32) + (m2 & M32);
  const z0 = t & M32, z1 = c & M32;
  c = (c >>> 32) + (m1 >>> 32) + (m2 >>> 32) + (h & M32);
  const z2 = c & M32, z3 = (c >>> 32) + (h >>> 32);
  const p = acc + HDR + (<usize>(pos >>> 5) << 3), s = <u64>(pos & 31);
  addL(p, sw(z0, 0, s), ng);
  addL(p + 8, sw(z1, z0, s), ng);
  addL(p + 16, sw(z2, z1, s), ng);
  addL(p + 24, sw(z3, z2, s), ng);
  addL(p + 32, sw(0, z3, s), ng);
}

// Exact w * a * b: a * b as four 32-bit words z, times w's two words (schoolbook,
// six words y), shifted into seven limbs (one unit).
function mul3(acc: usize, w: f64, a: f64, b: f64): void {
  if (!isFinite<f64>(w) || !isFinite<f64>(a) || !isFinite<f64>(b)) { flagProduct(acc, w, a, b); return; }
  const mw = mant(w), ew = gE, ma = mant(a), ea = gE, mb = mant(b);
  if (mw == 0 || ma == 0 || mb == 0) return;
  const pos = ew + ea + gE - load<i32>(acc, 4);
  const ng = -<i64>((reinterpret<u64>(w) ^ reinterpret<u64>(a) ^ reinterpret<u64>(b)) >>> 63);
  const a0 = ma & M32, a1 = ma >>> 32, b0 = mb & M32, b1 = mb >>> 32;
  const t = a0 * b0, m1 = a0 * b1, m2 = a1 * b0, h = a1 * b1;
  let c = (t >>> 32) + (m1 & M32) + (m2 & M32);
  const z0 = t & M32, z1 = c & M32;
  c = (c >>> 32) + (m1 >>> 32) + (m2 >>> 32) + (h & M32);
  const z2 = c & M32, z3 = (c >>> 32) + (h >>> 32);
  const w0 = mw & M32, w1 = mw >>> 32;
  let u = z0 * w0;
  const y0 = u & M32;
  u = z1 * w0 + (u >>> 32); let x1 = u & M32;
  u = z2 * w0 + (u >>> 32); let x2 = u & M32;
  u = z3 * w0 + (u >>> 32); let x3 = u & M32;
  const x4 = u >>> 32;
  u = z0 * w1 + x1; const y1 = u & M32;
  u = z1 * w1 + x2 + (u >>> 32); const y2 = u & M32;
  u = z2 * w1 + x3 + (u >>> 32); const y3 = u & M32;
  u = z3 * w1 + x4 + (u >>> 32); const y4 = u & M32, y5 = u >>> 32;
  const p = acc + HDR + (<usize>(pos >>> 5) << 3), s = <u64>(pos & 31);
  addL(p, sw(y0, 0, s), ng);
  addL(p + 8, sw(y1, y0, s), ng);
  addL(p + 16, sw(y2, y1, s), ng);
  addL(p + 24, sw(y3, y2, s), ng);
  addL(p + 32, sw(y4, y3, s), ng);
  addL(p + 40, sw(y5, y4, s), ng);
  addL(p + 48, sw(0, y5, s), ng);
}

// Adds the last-level remainders of the row pairs flagged in FLG (chains rows of REM).
function addFlagged(acc: usize, chains: i32, pairs: i32): void {
  for (let j = 0; j < pairs; j++) {
    if ((j & 7) == 0 && load<u64>(FLG + <usize>j) == 0) { j += 7; continue; }
    if (load<u8>(FLG + <usize>j) == 0) continue;
    for (let c = 0; c < chains; c++) {
      const p = REM + ((<usize>(c * B + (j << 1))) << 3);
      put(acc, load<f64>(p));
      put(acc, load<f64>(p, 8));
    }
  }
}

// x rounded to 26 significant bits (integer rounding of the bit pattern): x - hi26(x)
// has at most 26 bits too, so products of halves are exact (Veltkamp's split
// without the multiplication; x normal and far from overflow).
// @ts-ignore: decorator
@inline function hi26(x: f64): f64 { return reinterpret<f64>((reinterpret<u64>(x) + 0x4000000) & 0xfffffffff8000000); }

// Rows whose factors are 0 or within [lo, hi) (powers of two) take the SIMD-safe path.
// @ts-ignore: decorator
@inline function safe2(a: f64, b: f64, lo: f64, hi: f64): bool {
  const ua = <u32>(reinterpret<u64>(a) >>> 32) & 0x7fffffff, ub = <u32>(reinterpret<u64>(b) >>> 32) & 0x7fffffff;
  const hl = <u32>(reinterpret<u64>(lo) >>> 32);
  return max(ua, ub) < <u32>(reinterpret<u64>(hi) >>> 32) && (min(ua, ub) >= hl || a == 0 || b == 0);
}

// @ts-ignore: decorator
@inline function lanes(v: v128): f64 { return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1); }
// @ts-ignore: decorator
@inline function habs(v: v128): v128 { return v128.and(v, i64x2.splat(0x7fffffffffffffff)); }
// Largest high word (lanes 1, 3) of an i32x4.max_u over |x| bit patterns: orders like |x|.
// @ts-ignore: decorator
@inline function hi2(u: v128): u32 { return max<u32>(<u32>i32x4.extract_lane(u, 1), <u32>i32x4.extract_lane(u, 3)); }
// @ts-ignore: decorator
@inline function hiw(x: f64): u32 { return <u32>(reinterpret<u64>(x) >>> 32); }
// @ts-ignore: decorator
@inline function ebits(x: f64): i32 { return <i32>(reinterpret<u64>(x) >>> 52) & 0x7ff; }
// Sum of the two lanes' drifts S - sigma (exact, see above).
// @ts-ignore: decorator
@inline function drift(S: v128, s: f64): f64 { return lanes(f64x2.sub(S, f64x2.splat(s))); }
// Flags the lanes of row pair j whose remainders (OR of their bit patterns) are not zero.
// @ts-ignore: decorator
@inline function flag(j: i32, o: v128): void { store<u8>(FLG + <usize>j, i64x2.bitmask(f64x2.ne(o, f64x2.splat(0)))); }

// Level-1 sigma (biased exponent) from biased exponents: a double with biased
// exponent e is < 2^(e - 1022), so |x| < 2^(eX-1022) needs k = eX - 1012,
// |a b| < 2^(eA+eB-2044) needs k = eA + eB - 2034, |w x^2| < 2^(eW+2eX-3066)
// needs k = eW + 2 eX - 3056 (biased: + 1023). Never below 2 (k = -1021).
// @ts-ignore: decorator
@inline function kbe(e: i32): i64 { return max<i64>(<i64>e, 2); }

const HW_BIG: u32 = (1013 + 1023) << 20, HW_HI2: u32 = (481 + 1023) << 20, HW_HI3: u32 = (301 + 1023) << 20;

// Feeds blocks of at most B rows to `block`, counting their units, normalising when pending is high.
// @ts-ignore: decorator
@inline function blocks(acc: usize, n: i32, block: (acc: usize, i: i32, m: i32) => void): void {
  pend = load<i32>(acc, 12);
  for (let i = 0; i < n; i += B) {
    block(acc, i, min(B, n - i));
    pend += BLOCK_UNITS;
    if (pend > PEND_MAX) { carry(acc); pend = 0; }
  }
  store<i32>(acc, pend, 12);
}

let gX: usize = 0, gY: usize = 0, gW: usize = 0;

// ---------------------------------------------------------------- sums of x
// Chain x: levels 1, 2.
function sumRows(acc: usize, x: usize, m: i32, kb: i64): void {
  const s1 = sg(kb), s2 = sg(kbn(kb));
  let S1 = s1, S2 = s2;
  for (let i = 0; i < m; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (abs(v) < BIG) {
      let t = S1 + v, r = v - (t - S1);
      S1 = t;
      t = S2 + r; r -= t - S2; S2 = t;
      if (r != 0) addF64(acc, r);
    } else addAny(acc, v);
  }
  put(acc, S1 - s1); put(acc, S2 - s2);
}

// Levels 1 and 2 over x[0..m4) (m4 a multiple of 4): drifts to gD1, gD2, remainders
// to REM; true when some remainder is not zero. (Its own function: a small loop.)
let gD1 = 0.0, gD2 = 0.0;
function sumCascade(x: usize, m4: i32, s1: f64, s2: f64): bool {
  let A = f64x2.splat(s1), A2 = A, C = f64x2.splat(s2), C2 = C, nz = i64x2.splat(0);
  for (let i = 0; i < m4; i += 4) {
    const p = x + (<usize>i << 3);
    const u = v128.load(p), w = v128.load(p, 16);
    let t = f64x2.add(A, u), ru = f64x2.sub(u, f64x2.sub(t, A));
    A = t;
    t = f64x2.add(A2, w);
    let rw = f64x2.sub(w, f64x2.sub(t, A2));
    A2 = t;
    t = f64x2.add(C, ru); ru = f64x2.sub(ru, f64x2.sub(t, C)); C = t;
    t = f64x2.add(C2, rw); rw = f64x2.sub(rw, f64x2.sub(t, C2)); C2 = t;
    const r = REM + (<usize>i << 3);
    v128.store(r, ru); v128.store(r, rw, 16);
    nz = v128.or(nz, v128.or(ru, rw));
  }
  gD1 = drift(A, s1) + drift(A2, s1);
  gD2 = drift(C, s2) + drift(C2, s2);
  return v128.any_true(habs(nz));
}

function sumBlock(acc: usize, i0: i32, m: i32): void {
  const x = gX + (<usize>i0 << 3);
  let hu: u32 = 0, i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = v128.load(VC);
    let u = i64x2.splat(0), w = u;
    for (; i + 4 <= m; i += 4) {
      const p = x + (<usize>i << 3);
      u = i32x4.max_u(u, v128.and(v128.load(p), M));
      w = i32x4.max_u(w, v128.and(v128.load(p, 16), M));
    }
    hu = hi2(i32x4.max_u(u, w));
  }
  for (; i < m; i++) hu = max<u32>(hu, hiw(abs(load<f64>(x + (<usize>i << 3)))));
  if (hu >= HW_BIG) { // +-inf, NaN or |x| >= 2^1013: level 1 from the other rows
    hu = 0;
    for (i = 0; i < m; i++) { const a = abs(load<f64>(x + (<usize>i << 3))); if (a < BIG) hu = max<u32>(hu, hiw(a)); }
    sumRows(acc, x, m, kbe(<i32>(hu >>> 20) + 11));
    return;
  }
  const kb = kbe(<i32>(hu >>> 20) + 11);
  if (!ASC_FEATURE_SIMD) { sumRows(acc, x, m, kb); return; }
  const m4 = m & ~3, s1 = sg(kb), s2 = sg(kbn(kb));
  if (sumCascade(x, m4, s1, s2)) { // rare for typical data: add the non-zero remainders
    for (i = 0; i < m4; i += 2) {
      const r = REM + (<usize>i << 3);
      if (v128.any_true(habs(v128.load(r)))) { put(acc, load<f64>(r)); put(acc, load<f64>(r, 8)); }
    }
  }
  put(acc, gD1); put(acc, gD2);
  if (m4 < m) sumRows(acc, x + (<usize>m4 << 3), m - m4, kb);
}

/** acc += sum of the n doubles at x, exactly (NARROW or WIDE acc). */
export function exactAddArray(acc: usize, x: usize, n: i32): void {
  gX = x;
  blocks(acc, n, sumBlock);
}

// ------------------------------------------------------------- sums of x^2
// x^2 = p + e (Dekker): chain p at levels 1, 2; chain e at levels 2, 3.
function sqRows(acc: usize, x: usize, m: i32, kb: i64): void {
  const k2 = kbn(kb), s1 = sg(kb), s2 = sg(k2), s3 = sg(kbn(k2));
  let A1 = s1, A2 = s2, B2 = s2, B3 = s3;
  for (let i = 0; i < m; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (safe2(v, v, LO2, HI2)) {
      const h = hi26(v), l = v - h;
      const p = v * v, e = ((h * h - p) + (h * l) * 2) + l * l;
      let t = A1 + p, r = p - (t - A1);
      A1 = t;
      t = A2 + r; r -= t - A2; A2 = t;
      if (r != 0) addF64(acc, r);
      t = B2 + e; r = e - (t - B2); B2 = t;
      t = B3 + r; r -= t - B3; B3 = t;
      if (r != 0) addF64(acc, r);
    } else mul2(acc, v, v);
  }
  put(acc, A1 - s1); put(acc, A2 - s2); put(acc, B2 - s2); put(acc, B3 - s3);
}

function sqBlock(acc: usize, i0: i32, m: i32): void {
  const x = gX + (<usize>i0 << 3);
  let hu: u32 = 0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = v128.load(VC), LO = v128.load(VC, 16), Z = f64x2.splat(0);
    let u = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const a = v128.and(v128.load(x + (<usize>i << 3)), M);
      u = i32x4.max_u(u, a);
      lo = v128.or(lo, v128.and(f64x2.lt(a, LO), f64x2.gt(a, Z)));
    }
    hu = hi2(u);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    hu = max<u32>(hu, hiw(abs(v)));
    bad |= !safe2(v, v, LO2, HI2);
  }
  if (bad || hu >= HW_HI2) { // rows outside the safe range go to mul2; level 1 from the others
    hu = 0;
    for (i = 0; i < m; i++) { const v = load<f64>(x + (<usize>i << 3)); if (safe2(v, v, LO2, HI2)) hu = max<u32>(hu, hiw(abs(v))); }
    sqRows(acc, x, m, kbe(2 * <i32>(hu >>> 20) - 1011));
    return;
  }
  const kb = kbe(2 * <i32>(hu >>> 20) - 1011);
  if (!ASC_FEATURE_SIMD) { sqRows(acc, x, m, kb); return; }
  const k2 = kbn(kb), s1 = sg(kb), s2 = sg(k2), s3 = sg(kbn(k2));
  const RND = v128.load(VC, 48), MSK = v128.load(VC, 64), TWO = v128.load(VC, 80);
  let A1 = f64x2.splat(s1), A2 = f64x2.splat(s2), B2 = A2, B3 = f64x2.splat(s3);
  const m2 = m & ~1;
  for (i = 0; i < m2; i += 2) {
    const v = v128.load(x + (<usize>i << 3));
    const h = v128.and(i64x2.add(v, RND), MSK), l = f64x2.sub(v, h);
    const p = f64x2.mul(v, v);
    const e = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(h, h), p), f64x2.mul(f64x2.mul(h, l), TWO)), f64x2.mul(l, l));
    let t = f64x2.add(A1, p), r = f64x2.sub(p, f64x2.sub(t, A1));
    A1 = t;
    t = f64x2.add(A2, r); r = f64x2.sub(r, f64x2.sub(t, A2)); A2 = t;
    t = f64x2.add(B2, e);
    let re = f64x2.sub(e, f64x2.sub(t, B2));
    B2 = t;
    t = f64x2.add(B3, re); re = f64x2.sub(re, f64x2.sub(t, B3)); B3 = t;
    const o = REM + (<usize>i << 3);
    v128.store(o, r); v128.store(o + (<usize>B << 3), re);
    flag(i >> 1, v128.or(r, re));
  }
  put(acc, drift(A1, s1)); put(acc, drift(A2, s2)); put(acc, drift(B2, s2)); put(acc, drift(B3, s3));
  addFlagged(acc, 2, m2 >> 1);
  if (m2 < m) sqRows(acc, x + (<usize>m2 << 3), m - m2, kb);
}

/** acc += sum of x_i^2, exactly (WIDE acc). */
export function exactAddSquares(acc: usize, x: usize, n: i32): void {
  gX = x;
  blocks(acc, n, sqBlock);
}

// ------------------------------------------------------------ sums of a*b
// a*b = p + e (Dekker's two-product): chain p at levels 1, 2; chain e at levels 2, 3.
function prodRows(acc: usize, a: usize, b: usize, m: i32, kb: i64): void {
  const k2 = kbn(kb), s1 = sg(kb), s2 = sg(k2), s3 = sg(kbn(k2));
  let A1 = s1, A2 = s2, B2 = s2, B3 = s3;
  for (let i = 0; i < m; i++) {
    const u = load<f64>(a + (<usize>i << 3)), v = load<f64>(b + (<usize>i << 3));
    if (safe2(u, v, LO2, HI2)) {
      const uh = hi26(u), ul = u - uh;
      const vh = hi26(v), vl = v - vh;
      const p = u * v, e = (((uh * vh - p) + uh * vl) + ul * vh) + ul * vl;
      let t = A1 + p, r = p - (t - A1);
      A1 = t;
      t = A2 + r; r -= t - A2; A2 = t;
      if (r != 0) addF64(acc, r);
      t = B2 + e; r = e - (t - B2); B2 = t;
      t = B3 + r; r -= t - B3; B3 = t;
      if (r != 0) addF64(acc, r);
    } else mul2(acc, u, v);
  }
  put(acc, A1 - s1); put(acc, A2 - s2); put(acc, B2 - s2); put(acc, B3 - s3);
}

function prodBlock(acc: usize, i0: i32, m: i32): void {
  const a = gX + (<usize>i0 << 3), b = gY + (<usize>i0 << 3);
  let hu: u32 = 0, he = 0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = v128.load(VC), LO = v128.load(VC, 16), Z = f64x2.splat(0);
    let u = Z, pe = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const o = <usize>i << 3;
      const x = v128.and(v128.load(a + o), M), y = v128.and(v128.load(b + o), M);
      u = i32x4.max_u(u, i32x4.max_u(x, y));
      pe = i32x4.max_u(pe, i32x4.add(i32x4.shr_u(x, 20), i32x4.shr_u(y, 20)));
      const t = f64x2.pmin(x, y);
      lo = v128.or(lo, v128.and(f64x2.lt(t, LO), f64x2.gt(t, Z)));
    }
    hu = hi2(u); he = <i32>hi2(pe);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const x = load<f64>(a + (<usize>i << 3)), y = load<f64>(b + (<usize>i << 3));
    he = max(he, ebits(x) + ebits(y));
    bad |= !safe2(x, y, LO2, HI2);
  }
  if (bad || hu >= HW_HI2) {
    he = 0;
    for (i = 0; i < m; i++) {
      const x = load<f64>(a + (<usize>i << 3)), y = load<f64>(b + (<usize>i << 3));
      if (safe2(x, y, LO2, HI2)) he = max(he, ebits(x) + ebits(y));
    }
    prodRows(acc, a, b, m, kbe(he - 1011));
    return;
  }
  const kb = kbe(he - 1011);
  if (!ASC_FEATURE_SIMD) { prodRows(acc, a, b, m, kb); return; }
  const k2 = kbn(kb), s1 = sg(kb), s2 = sg(k2), s3 = sg(kbn(k2));
  const RND = v128.load(VC, 48), MSK = v128.load(VC, 64);
  let A1 = f64x2.splat(s1), A2 = f64x2.splat(s2), B2 = A2, B3 = f64x2.splat(s3);
  const m2 = m & ~1;
  for (i = 0; i < m2; i += 2) {
    const o = <usize>i << 3;
    const u = v128.load(a + o), v = v128.load(b + o);
    const uh = v128.and(i64x2.add(u, RND), MSK), ul = f64x2.sub(u, uh);
    const vh = v128.and(i64x2.add(v, RND), MSK), vl = f64x2.sub(v, vh);
    const p = f64x2.mul(u, v);
    const e = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(uh, vh), p), f64x2.mul(uh, vl)),
      f64x2.mul(ul, vh)), f64x2.mul(ul, vl));
    let t = f64x2.add(A1, p), r = f64x2.sub(p, f64x2.sub(t, A1));
    A1 = t;
    t = f64x2.add(A2, r); r = f64x2.sub(r, f64x2.sub(t, A2)); A2 = t;
    t = f64x2.add(B2, e);
    let re = f64x2.sub(e, f64x2.sub(t, B2));
    B2 = t;
    t = f64x2.add(B3, re); re = f64x2.sub(re, f64x2.sub(t, B3)); B3 = t;
    v128.store(REM + o, r); v128.store(REM + o + (<usize>B << 3), re);
    flag(i >> 1, v128.or(r, re));
  }
  put(acc, drift(A1, s1)); put(acc, drift(A2, s2)); put(acc, drift(B2, s2)); put(acc, drift(B3, s3));
  addFlagged(acc, 2, m2 >> 1);
  if (m2 < m) prodRows(acc, a + (<usize>m2 << 3), b + (<usize>m2 << 3), m - m2, kb);
}

/** acc += sum of a_i * b_i, exactly (WIDE acc). */
export function exactAddProducts(acc: usize, a: usize, b: usize, n: i32): void {
  gX = a; gY = b;
  blocks(acc, n, prodBlock);
}

// --------------------------------------------------------- sums of w*x^2
// x^2 = p + e; w*p = p1 + e1; w*e = p2 + e2 (|e1|, |p2| <= 2^-53 |p1| (1 + 2^-50),
// |e2| <= 2^-106 |p1| (1 + 2^-50)): chains p1 at levels 1, 2; e1 and p2 at 2, 3; e2 at 3, 4, 5
// (e2's bits reach furthest below the block maximum).
function wsqRows(acc: usize, w: usize, x: usize, m: i32, kb: i64): void {
  const k2 = kbn(kb), k3 = kbn(k2), k4 = kbn(k3), s1 = sg(kb), s2 = sg(k2), s3 = sg(k3), s4 = sg(k4), s5 = sg(kbn(k4));
  let A1 = s1, A2 = s2, B2 = s2, B3 = s3, C2 = s2, C3 = s3, D3 = s3, D4 = s4, D5 = s5;
  for (let i = 0; i < m; i++) {
    const f = load<f64>(w + (<usize>i << 3)), v = load<f64>(x + (<usize>i << 3));
    if (safe2(f, v, LO3, HI3)) {
      const h = hi26(v), l = v - h;
      const p = v * v, e = ((h * h - p) + (h * l) * 2) + l * l;
      const fh = hi26(f), fl = f - fh;
      const ph = hi26(p), pl = p - ph;
      const eh = hi26(e), el = e - eh;
      const p1 = f * p, e1 = (((fh * ph - p1) + fh * pl) + fl * ph) + fl * pl;
      const p2 = f * e, e2 = (((fh * eh - p2) + fh * el) + fl * eh) + fl * el;
      let t = A1 + p1, r = p1 - (t - A1);
      A1 = t;
      t = A2 + r; r -= t - A2; A2 = t;
      if (r != 0) addF64(acc, r);
      t = B2 + e1; r = e1 - (t - B2); B2 = t;
      t = B3 + r; r -= t - B3; B3 = t;
      if (r != 0) addF64(acc, r);
      t = C2 + p2; r = p2 - (t - C2); C2 = t;
      t = C3 + r; r -= t - C3; C3 = t;
      if (r != 0) addF64(acc, r);
      t = D3 + e2; r = e2 - (t - D3); D3 = t;
      t = D4 + r; r -= t - D4; D4 = t;
      t = D5 + r; r -= t - D5; D5 = t;
      if (r != 0) addF64(acc, r);
    } else mul3(acc, f, v, v);
  }
  put(acc, A1 - s1); put(acc, A2 - s2); put(acc, B2 - s2); put(acc, B3 - s3);
  put(acc, C2 - s2); put(acc, C3 - s3); put(acc, D3 - s3); put(acc, D4 - s4); put(acc, D5 - s5);
}

function wsqBlock(acc: usize, i0: i32, m: i32): void {
  const w = gW + (<usize>i0 << 3), x = gX + (<usize>i0 << 3);
  let hu: u32 = 0, he = 0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const M = v128.load(VC), LO = v128.load(VC, 32), Z = f64x2.splat(0);
    let u = Z, pe = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const o = <usize>i << 3;
      const f = v128.and(v128.load(w + o), M), y = v128.and(v128.load(x + o), M);
      u = i32x4.max_u(u, i32x4.max_u(f, y));
      pe = i32x4.max_u(pe, i32x4.add(i32x4.shr_u(f, 20), i32x4.shr_u(y, 19)));
      const t = f64x2.pmin(f, y);
      lo = v128.or(lo, v128.and(f64x2.lt(t, LO), f64x2.gt(t, Z)));
    }
    hu = hi2(u); he = <i32>hi2(pe);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const f = load<f64>(w + (<usize>i << 3)), y = load<f64>(x + (<usize>i << 3));
    he = max(he, ebits(f) + 2 * ebits(y));
    bad |= !safe2(f, y, LO3, HI3);
  }
  if (bad || hu >= HW_HI3) {
    he = 0;
    for (i = 0; i < m; i++) {
      const f = load<f64>(w + (<usize>i << 3)), y = load<f64>(x + (<usize>i << 3));
      if (safe2(f, y, LO3, HI3)) he = max(he, ebits(f) + 2 * ebits(y));
    }
    wsqRows(acc, w, x, m, kbe(he - 2033));
    return;
  }
  const kb = kbe(he - 2033);
  if (!ASC_FEATURE_SIMD) { wsqRows(acc, w, x, m, kb); return; }
  const k2 = kbn(kb), k3 = kbn(k2), k4 = kbn(k3), s1 = sg(kb), s2 = sg(k2), s3 = sg(k3), s4 = sg(k4), s5 = sg(kbn(k4));
  const RND = v128.load(VC, 48), MSK = v128.load(VC, 64), TWO = v128.load(VC, 80);
  let A1 = f64x2.splat(s1), A2 = f64x2.splat(s2), B2 = A2, B3 = f64x2.splat(s3);
  const m2 = m & ~1, RB = <usize>B << 3;
  // two loops (fewer live registers): pieces and chains p1, e1; then chains p2, e2 from PCS
  for (i = 0; i < m2; i += 2) {
    const o = <usize>i << 3;
    const f = v128.load(w + o), v = v128.load(x + o);
    const h = v128.and(i64x2.add(v, RND), MSK), l = f64x2.sub(v, h);
    const p = f64x2.mul(v, v);
    const e = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(h, h), p), f64x2.mul(f64x2.mul(h, l), TWO)), f64x2.mul(l, l));
    const fh = v128.and(i64x2.add(f, RND), MSK), fl = f64x2.sub(f, fh);
    const ph = v128.and(i64x2.add(p, RND), MSK), pl = f64x2.sub(p, ph);
    const eh = v128.and(i64x2.add(e, RND), MSK), el = f64x2.sub(e, eh);
    const p1 = f64x2.mul(f, p);
    const e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(fh, ph), p1), f64x2.mul(fh, pl)),
      f64x2.mul(fl, ph)), f64x2.mul(fl, pl));
    const p2 = f64x2.mul(f, e);
    const e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(fh, eh), p2), f64x2.mul(fh, el)),
      f64x2.mul(fl, eh)), f64x2.mul(fl, el));
    v128.store(PCS + o, p2); v128.store(PCS + o + RB, e2);
    let t = f64x2.add(A1, p1), r = f64x2.sub(p1, f64x2.sub(t, A1));
    A1 = t;
    t = f64x2.add(A2, r); r = f64x2.sub(r, f64x2.sub(t, A2)); A2 = t;
    t = f64x2.add(B2, e1);
    let r2 = f64x2.sub(e1, f64x2.sub(t, B2));
    B2 = t;
    t = f64x2.add(B3, r2); r2 = f64x2.sub(r2, f64x2.sub(t, B3)); B3 = t;
    const rp = REM + o;
    v128.store(rp, r); v128.store(rp + RB, r2);
    flag(i >> 1, v128.or(r, r2));
  }
  put(acc, drift(A1, s1)); put(acc, drift(A2, s2)); put(acc, drift(B2, s2)); put(acc, drift(B3, s3));
  let C2 = f64x2.splat(s2), C3 = f64x2.splat(s3), D3 = C3, D4 = f64x2.splat(s4), D5 = f64x2.splat(s5);
  for (i = 0; i < m2; i += 2) {
    const o = <usize>i << 3;
    const p2 = v128.load(PCS + o), e2 = v128.load(PCS + o + RB);
    let t = f64x2.add(C2, p2), r3 = f64x2.sub(p2, f64x2.sub(t, C2));
    C2 = t;
    t = f64x2.add(C3, r3); r3 = f64x2.sub(r3, f64x2.sub(t, C3)); C3 = t;
    t = f64x2.add(D3, e2);
    let r4 = f64x2.sub(e2, f64x2.sub(t, D3));
    D3 = t;
    t = f64x2.add(D4, r4); r4 = f64x2.sub(r4, f64x2.sub(t, D4)); D4 = t;
    t = f64x2.add(D5, r4); r4 = f64x2.sub(r4, f64x2.sub(t, D5)); D5 = t;
    const rp = REM + o + 2 * RB;
    v128.store(rp, r3); v128.store(rp + RB, r4);
    const j = FLG + <usize>(i >> 1);
    store<u8>(j, load<u8>(j) | i64x2.bitmask(f64x2.ne(v128.or(r3, r4), f64x2.splat(0))));
  }
  put(acc, drift(C2, s2)); put(acc, drift(C3, s3)); put(acc, drift(D3, s3)); put(acc, drift(D4, s4));
  put(acc, drift(D5, s5));
  addFlagged(acc, 4, m2 >> 1);
  if (m2 < m) wsqRows(acc, w + (<usize>m2 << 3), x + (<usize>m2 << 3), m - m2, kb);
}

/** acc += sum of w_i * x_i^2, exactly (WIDE acc). */
export function exactAddWeightedSquares(acc: usize, w: usize, x: usize, n: i32): void {
  gW = w; gX = x;
  blocks(acc, n, wsqBlock);
}

// ------------------------------------------------------------------ other
/**
 * Adds x_i into the accumulator at accs + groups_i * stride (all of one format).
 * Returns -1, or the first i with groups_i outside [0, count) (then nothing was added).
 */
export function exactAddGrouped(accs: usize, stride: i32, count: i32, groups: usize, x: usize, n: i32): i32 {
  for (let i = 0; i < n; i++) if (<u32>load<i32>(groups + (<usize>i << 2)) >= <u32>count) return i;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v == 0) continue;
    const acc = accs + <usize>load<i32>(groups + (<usize>i << 2)) * <usize>stride;
    addAny(acc, v);
    const pd = load<i32>(acc, 12) + 1;
    if (pd > PEND_MAX) exactNormalize(acc);
    else store<i32>(acc, pd, 12);
  }
  return -1;
}

/** dst += src (same nl and base; both are normalised first when pending). Returns 0, or -1 on a format mismatch. */
export function exactMerge(dst: usize, src: usize): i32 {
  const nl = load<i32>(dst);
  if (nl != load<i32>(src) || load<i32>(dst, 4) != load<i32>(src, 4)) return -1;
  if (load<i32>(dst, 12) != 0) carry(dst);
  if (load<i32>(src, 12) != 0) exactNormalize(src);
  for (let j = 0; j < nl; j++) {
    const p = dst + HDR + (<usize>j << 3);
    store<i64>(p, load<i64>(p) + load<i64>(src + HDR + (<usize>j << 3)));
  }
  setFlag(dst, load<i32>(src, 8));
  exactNormalize(dst);
  return 0;
}
