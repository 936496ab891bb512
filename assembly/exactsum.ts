// Exact, order-independent sums: a superaccumulator (after R. Neal's "small
// superaccumulator") fed by error-free extraction (Rump, Ogita, Oishi).
//
// Layout at acc: i32 nl, i32 base, i32 flags (1 +Inf, 2 -Inf, 4 NaN added),
// i32 pending, i64 limbs[nl]; value = sum limbs[j] * 2^(base + 32j).
// Canonical: limbs[0..nl-2] in [0, 2^32), the top limb signed; unique per value.
// NARROW {68, -1074}: any sum of up to 2^64 doubles. WIDE {200, -3222}: sums of
// exact products of up to three doubles (bits from 2^-3222 to 2^3072).
//
// Pending bound: every scalar add ("unit") spreads a value over 3 limbs, each
// |delta| < 2^32. Canonical limbs have |l| <= 2^32 (the TS layer keeps the top
// limb in i32 range), so after P units |l| < 2^32 (P + 1). Kernels normalise at
// block boundaries once P > 2^30, and a block adds < 2^12 units: |l| < 2^63.
//
// Extraction. sigma = 2^k, |p| <= 2^(k-M), k in [-1021, 1021]. t = fl(sigma + p)
// lies in [sigma - 2^(k-M), sigma + 2^(k-M)] (rounding is monotone, both ends
// are doubles) within [sigma/2, 2 sigma], so q = t - sigma is exact (Sterbenz),
// |q| <= 2^(k-M), and q is a multiple of 2^(k-53) (t is a multiple of ulp on
// [sigma/2, sigma)). r = p - q is the rounding error of sigma + p: a double, so
// exact, |r| <= 2^(k-53). Any partial sum of at most 2^M such q is N * 2^(k-53)
// with |N| <= 2^53 (and k-53 >= -1074): a double, so the q of a block sum
// exactly in any order or tree. Next level k' = k - 53 + M: |r| <= 2^(k'-M).
// With M = 8 and blocks of <= 256 rows (one sum per chain and level, so each
// sum has <= 256 terms) every level takes 45 more bits. Level 1 uses
// k = E + 1 + M for the block maximum max < 2^(E+1); k is clamped to >= -1021
// (a larger sigma keeps every bound). Whatever the last level leaves (r != 0)
// goes to the scalar add. Products are split first into exact double pieces
// (Veltkamp 2^27+1 halves, Dekker's error term), each piece a chain entering at
// the level its size allows (an error term is <= 2^-53 of its product).

const HDR: usize = 16;
const M32: u64 = 0xffffffff;
const FRAC: u64 = 0xfffffffffffff;
const HID: u64 = 0x10000000000000;
const PEND_MAX: i32 = 1 << 30;
const B: i32 = 256; // block rows = 2^M, M = 8
const SPLIT: f64 = 134217729.0; // 2^27 + 1
const BIG: f64 = reinterpret<f64>(<u64>(1013 + 1023) << 52); // 2^1013: sigma stays finite below it
const HI2: f64 = reinterpret<f64>(<u64>(480 + 1023) << 52); // two factors in 0 or [2^-480, 2^480]:
const LO2: f64 = reinterpret<f64>(<u64>(-480 + 1023) << 52); //   all bits >= 2^-1064, products < 2^962
const HI3: f64 = reinterpret<f64>(<u64>(300 + 1023) << 52); // three factors in 0 or [2^-300, 2^300]:
const LO3: f64 = reinterpret<f64>(<u64>(-300 + 1023) << 52); //   all bits >= 2^-1056, products < 2^903
const REM: usize = memory.data(4 * 256 * 8, 16); // last-level remainders, one row of B per chain

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
// go to three limbs as 32-bit pieces.
// @ts-ignore: decorator
@inline function addBits(acc: usize, v: u64, pos: i32, neg: i64): void {
  const p = acc + HDR + (<usize>(pos >>> 5) << 3);
  const s = <u64>(pos & 31);
  store<i64>(p, load<i64>(p) + ((<i64>((v << s) & M32) ^ neg) - neg));
  store<i64>(p, load<i64>(p, 8) + ((<i64>((v >>> (32 - s)) & M32) ^ neg) - neg), 8);
  store<i64>(p, load<i64>(p, 16) + ((<i64>((v >>> 32) >>> (32 - s)) ^ neg) - neg), 16);
  pend++;
}

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
  const m = mant(x);
  addBits(acc, m, gE - load<i32>(acc, 4), -<i64>(reinterpret<u64>(x) >>> 63));
}

// @ts-ignore: decorator
@inline function setFlag(acc: usize, f: i32): void { store<i32>(acc, load<i32>(acc, 8) | f, 8); }

function addAny(acc: usize, x: f64): void {
  if (isFinite<f64>(x)) addF64(acc, x);
  else setFlag(acc, x != x ? 4 : x > 0 ? 1 : 2);
}

// @ts-ignore: decorator
@inline function put(acc: usize, s: f64): void { if (s != 0) addF64(acc, s); }

// Biased exponent of sigma at level 1 for a block maximum mx (k = E + 1 + M), the next level, sigma.
// @ts-ignore: decorator
@inline function kb1(mx: f64): i64 { return max<i64>(<i64>(reinterpret<u64>(mx) >>> 52) + 9, 2); }
// @ts-ignore: decorator
@inline function kbn(kb: i64): i64 { return max<i64>(kb - 45, 2); }
// @ts-ignore: decorator
@inline function sg(kb: i64): f64 { return reinterpret<f64>(<u64>kb << 52); }

// Flags for a product with a non-finite factor: NaN for a NaN or inf * 0, else +-inf.
function flagProduct(acc: usize, a: f64, b: f64, c: f64): void {
  setFlag(acc, a != a || b != b || c != c || a == 0 || b == 0 || c == 0 ? 4
    : ((a < 0) != (b < 0)) != (c < 0) ? 2 : 1);
}

// Exact a * b from the integer mantissas (53 x 53 bits as 32-bit words).
function mul2(acc: usize, a: f64, b: f64): void {
  if (!isFinite<f64>(a) || !isFinite<f64>(b)) { flagProduct(acc, a, b, 1); return; }
  const ma = mant(a), ea = gE, mb = mant(b);
  if (ma == 0 || mb == 0) return;
  const pos = ea + gE - load<i32>(acc, 4);
  const ng = -<i64>((reinterpret<u64>(a) ^ reinterpret<u64>(b)) >>> 63);
  const a0 = ma & M32, a1 = ma >>> 32, b0 = mb & M32, b1 = mb >>> 32;
  addBits(acc, a0 * b0, pos, ng);
  addBits(acc, a0 * b1, pos + 32, ng);
  addBits(acc, a1 * b0, pos + 32, ng);
  addBits(acc, a1 * b1, pos + 64, ng);
}

// Exact w * a * b: a * b as four 32-bit words z0..z3, each word times w's two words.
function mul3(acc: usize, w: f64, a: f64, b: f64): void {
  if (!isFinite<f64>(w) || !isFinite<f64>(a) || !isFinite<f64>(b)) { flagProduct(acc, w, a, b); return; }
  const mw = mant(w), ew = gE, ma = mant(a), ea = gE, mb = mant(b);
  if (mw == 0 || ma == 0 || mb == 0) return;
  const pos = ew + ea + gE - load<i32>(acc, 4);
  const ng = -<i64>((reinterpret<u64>(w) ^ reinterpret<u64>(a) ^ reinterpret<u64>(b)) >>> 63);
  const a0 = ma & M32, a1 = ma >>> 32, b0 = mb & M32, b1 = mb >>> 32;
  const t = a0 * b0, m1 = a0 * b1, m2 = a1 * b0, h = a1 * b1;
  let s = (t >>> 32) + (m1 & M32) + (m2 & M32);
  const z0 = t & M32, z1 = s & M32;
  s = (s >>> 32) + (m1 >>> 32) + (m2 >>> 32) + (h & M32);
  const z2 = s & M32, z3 = (s >>> 32) + (h >>> 32);
  const w0 = mw & M32, w1 = mw >>> 32;
  addBits(acc, z0 * w0, pos, ng);
  addBits(acc, z0 * w1, pos + 32, ng);
  addBits(acc, z1 * w0, pos + 32, ng);
  addBits(acc, z1 * w1, pos + 64, ng);
  addBits(acc, z2 * w0, pos + 64, ng);
  addBits(acc, z2 * w1, pos + 96, ng);
  addBits(acc, z3 * w0, pos + 96, ng);
  addBits(acc, z3 * w1, pos + 128, ng);
}

// Adds the remainders r[0..n) (n even) that are not zero.
function addRem(acc: usize, r: usize, n: i32): void {
  for (let i = 0; i < n; i += 2) {
    const p = r + (<usize>i << 3);
    if (ASC_FEATURE_SIMD) {
      if (!v128.any_true(v128.and(v128.load(p), i64x2.splat(0x7fffffffffffffff)))) continue;
    }
    put(acc, load<f64>(p));
    put(acc, load<f64>(p, 8));
  }
}

// @ts-ignore: decorator
@inline function safe2(a: f64, b: f64, lo: f64, hi: f64): bool {
  const u = max(abs(a), abs(b)), t = min(abs(a), abs(b));
  return u <= hi && (t >= lo || t == 0);
}

// @ts-ignore: decorator
@inline function lanes(v: v128): f64 { return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1); }
// @ts-ignore: decorator
@inline function vmax(v: v128): f64 { return max(f64x2.extract_lane(v, 0), f64x2.extract_lane(v, 1)); }
// @ts-ignore: decorator
@inline function lvl(S: v128, p: v128): v128 { return f64x2.sub(f64x2.add(S, p), S); } // q of one level
// @ts-ignore: decorator
@inline function nonzero(v: v128): bool { return v128.any_true(v128.and(v, i64x2.splat(0x7fffffffffffffff))); }

// Feeds blocks of at most B rows to `block`, normalising between blocks when pending is high.
// @ts-ignore: decorator
@inline function blocks(acc: usize, n: i32, block: (acc: usize, i: i32, m: i32) => void): void {
  pend = load<i32>(acc, 12);
  for (let i = 0; i < n; i += B) {
    block(acc, i, min(B, n - i));
    if (pend > PEND_MAX) { carry(acc); pend = 0; }
  }
  store<i32>(acc, pend, 12);
}

// ---------------------------------------------------------------- sums of x
// Chain x: levels 1, 2.
let gX: usize = 0, gY: usize = 0, gW: usize = 0;

function sumRows(acc: usize, x: usize, m: i32, kb: i64): void {
  const s1 = sg(kb), s2 = sg(kbn(kb));
  let a1 = 0.0, a2 = 0.0;
  for (let i = 0; i < m; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (abs(v) < BIG) {
      let q = (s1 + v) - s1, r = v - q;
      a1 += q;
      q = (s2 + r) - s2; r -= q; a2 += q;
      if (r != 0) addF64(acc, r);
    } else addAny(acc, v);
  }
  put(acc, a1); put(acc, a2);
}

function sumBlock(acc: usize, i0: i32, m: i32): void {
  const x = gX + (<usize>i0 << 3);
  let mx = 0.0, i = 0;
  if (ASC_FEATURE_SIMD) {
    let u = f64x2.splat(0), w = u;
    for (; i + 4 <= m; i += 4) {
      const p = x + (<usize>i << 3);
      u = f64x2.max(u, f64x2.abs(v128.load(p)));
      w = f64x2.max(w, f64x2.abs(v128.load(p, 16)));
    }
    mx = vmax(f64x2.max(u, w));
  }
  for (; i < m; i++) mx = max(mx, abs(load<f64>(x + (<usize>i << 3))));
  if (!(mx < BIG)) { // +-inf, NaN or |x| >= 2^1013: level 1 from the other rows
    mx = 0;
    for (i = 0; i < m; i++) { const a = abs(load<f64>(x + (<usize>i << 3))); if (a < BIG) mx = max(mx, a); }
    sumRows(acc, x, m, kb1(mx));
    return;
  }
  if (mx == 0) return;
  const kb = kb1(mx);
  if (!ASC_FEATURE_SIMD) { sumRows(acc, x, m, kb); return; }
  const S1 = f64x2.splat(sg(kb)), S2 = f64x2.splat(sg(kbn(kb)));
  let a1 = f64x2.splat(0), b1 = a1, a2 = a1, b2 = a1, nz = a1;
  const m4 = m & ~3;
  for (i = 0; i < m4; i += 4) {
    const p = x + (<usize>i << 3);
    const u = v128.load(p), w = v128.load(p, 16);
    const qu = lvl(S1, u), qw = lvl(S1, w);
    let ru = f64x2.sub(u, qu), rw = f64x2.sub(w, qw);
    a1 = f64x2.add(a1, qu); b1 = f64x2.add(b1, qw);
    const pu = lvl(S2, ru), pw = lvl(S2, rw);
    ru = f64x2.sub(ru, pu); rw = f64x2.sub(rw, pw);
    a2 = f64x2.add(a2, pu); b2 = f64x2.add(b2, pw);
    const r = REM + (<usize>i << 3);
    v128.store(r, ru); v128.store(r, rw, 16);
    nz = v128.or(nz, v128.or(ru, rw));
  }
  put(acc, lanes(f64x2.add(a1, b1)));
  put(acc, lanes(f64x2.add(a2, b2)));
  if (nonzero(nz)) addRem(acc, REM, m4);
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
  let a1 = 0.0, a2 = 0.0, b2 = 0.0, b3 = 0.0;
  for (let i = 0; i < m; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (safe2(v, v, LO2, HI2)) {
      const c = SPLIT * v, h = c - (c - v), l = v - h;
      const p = v * v, e = ((h * h - p) + (h + h) * l) + l * l;
      let q = (s1 + p) - s1, r = p - q;
      a1 += q;
      q = (s2 + r) - s2; r -= q; a2 += q;
      if (r != 0) addF64(acc, r);
      q = (s2 + e) - s2; r = e - q; b2 += q;
      q = (s3 + r) - s3; r -= q; b3 += q;
      if (r != 0) addF64(acc, r);
    } else mul2(acc, v, v);
  }
  put(acc, a1); put(acc, a2); put(acc, b2); put(acc, b3);
}

function sqBlock(acc: usize, i0: i32, m: i32): void {
  const x = gX + (<usize>i0 << 3);
  let mx = 0.0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const LO = f64x2.splat(LO2), Z = f64x2.splat(0);
    let u = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const a = f64x2.abs(v128.load(x + (<usize>i << 3)));
      u = f64x2.max(u, a);
      lo = v128.or(lo, v128.and(f64x2.lt(a, LO), f64x2.gt(a, Z)));
    }
    mx = vmax(u);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const a = abs(load<f64>(x + (<usize>i << 3)));
    mx = max(mx, a);
    bad = bad || (a < LO2 && a > 0);
  }
  if (bad || !(mx <= HI2)) { // rows outside the safe range go to mul2; level 1 from the others
    mx = 0;
    for (i = 0; i < m; i++) { const v = load<f64>(x + (<usize>i << 3)); if (safe2(v, v, LO2, HI2)) mx = max(mx, abs(v)); }
    sqRows(acc, x, m, kb1(mx * mx));
    return;
  }
  if (mx == 0) return;
  const kb = kb1(mx * mx);
  if (!ASC_FEATURE_SIMD) { sqRows(acc, x, m, kb); return; }
  const k2 = kbn(kb);
  const S1 = f64x2.splat(sg(kb)), S2 = f64x2.splat(sg(k2)), S3 = f64x2.splat(sg(kbn(k2))), SP = f64x2.splat(SPLIT);
  let a1 = f64x2.splat(0), a2 = a1, b2 = a1, b3 = a1, nz = a1;
  const m2 = m & ~1;
  for (i = 0; i < m2; i += 2) {
    const v = v128.load(x + (<usize>i << 3));
    const c = f64x2.mul(SP, v), h = f64x2.sub(c, f64x2.sub(c, v)), l = f64x2.sub(v, h);
    const p = f64x2.mul(v, v);
    const e = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(h, h), p), f64x2.mul(f64x2.add(h, h), l)), f64x2.mul(l, l));
    let q = lvl(S1, p), r = f64x2.sub(p, q);
    a1 = f64x2.add(a1, q);
    q = lvl(S2, r); r = f64x2.sub(r, q); a2 = f64x2.add(a2, q);
    let qe = lvl(S2, e), re = f64x2.sub(e, qe);
    b2 = f64x2.add(b2, qe);
    qe = lvl(S3, re); re = f64x2.sub(re, qe); b3 = f64x2.add(b3, qe);
    const o = REM + (<usize>i << 3);
    v128.store(o, r); v128.store(o + (<usize>B << 3), re);
    nz = v128.or(nz, v128.or(r, re));
  }
  put(acc, lanes(a1)); put(acc, lanes(a2)); put(acc, lanes(b2)); put(acc, lanes(b3));
  if (nonzero(nz)) { addRem(acc, REM, m2); addRem(acc, REM + (<usize>B << 3), m2); }
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
  let a1 = 0.0, a2 = 0.0, b2 = 0.0, b3 = 0.0;
  for (let i = 0; i < m; i++) {
    const u = load<f64>(a + (<usize>i << 3)), v = load<f64>(b + (<usize>i << 3));
    if (safe2(u, v, LO2, HI2)) {
      const cu = SPLIT * u, uh = cu - (cu - u), ul = u - uh;
      const cv = SPLIT * v, vh = cv - (cv - v), vl = v - vh;
      const p = u * v, e = (((uh * vh - p) + uh * vl) + ul * vh) + ul * vl;
      let q = (s1 + p) - s1, r = p - q;
      a1 += q;
      q = (s2 + r) - s2; r -= q; a2 += q;
      if (r != 0) addF64(acc, r);
      q = (s2 + e) - s2; r = e - q; b2 += q;
      q = (s3 + r) - s3; r -= q; b3 += q;
      if (r != 0) addF64(acc, r);
    } else mul2(acc, u, v);
  }
  put(acc, a1); put(acc, a2); put(acc, b2); put(acc, b3);
}

function prodBlock(acc: usize, i0: i32, m: i32): void {
  const a = gX + (<usize>i0 << 3), b = gY + (<usize>i0 << 3);
  let mx = 0.0, mu = 0.0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const LO = f64x2.splat(LO2), Z = f64x2.splat(0);
    let u = Z, pm = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const o = <usize>i << 3;
      const x = f64x2.abs(v128.load(a + o)), y = f64x2.abs(v128.load(b + o));
      u = f64x2.max(u, f64x2.max(x, y));
      pm = f64x2.max(pm, f64x2.mul(x, y));
      const t = f64x2.min(x, y);
      lo = v128.or(lo, v128.and(f64x2.lt(t, LO), f64x2.gt(t, Z)));
    }
    mx = vmax(pm); mu = vmax(u);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const x = abs(load<f64>(a + (<usize>i << 3))), y = abs(load<f64>(b + (<usize>i << 3)));
    mu = max(mu, max(x, y));
    mx = max(mx, x * y);
    const t = min(x, y);
    bad = bad || (t < LO2 && t > 0);
  }
  if (bad || !(mu <= HI2)) {
    mx = 0;
    for (i = 0; i < m; i++) {
      const x = load<f64>(a + (<usize>i << 3)), y = load<f64>(b + (<usize>i << 3));
      if (safe2(x, y, LO2, HI2)) mx = max(mx, abs(x * y));
    }
    prodRows(acc, a, b, m, kb1(mx));
    return;
  }
  if (mx == 0) return;
  const kb = kb1(mx);
  if (!ASC_FEATURE_SIMD) { prodRows(acc, a, b, m, kb); return; }
  const k2 = kbn(kb);
  const S1 = f64x2.splat(sg(kb)), S2 = f64x2.splat(sg(k2)), S3 = f64x2.splat(sg(kbn(k2))), SP = f64x2.splat(SPLIT);
  let a1 = f64x2.splat(0), a2 = a1, b2 = a1, b3 = a1, nz = a1;
  const m2 = m & ~1;
  for (i = 0; i < m2; i += 2) {
    const o = <usize>i << 3;
    const u = v128.load(a + o), v = v128.load(b + o);
    const cu = f64x2.mul(SP, u), uh = f64x2.sub(cu, f64x2.sub(cu, u)), ul = f64x2.sub(u, uh);
    const cv = f64x2.mul(SP, v), vh = f64x2.sub(cv, f64x2.sub(cv, v)), vl = f64x2.sub(v, vh);
    const p = f64x2.mul(u, v);
    const e = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(uh, vh), p), f64x2.mul(uh, vl)),
      f64x2.mul(ul, vh)), f64x2.mul(ul, vl));
    let q = lvl(S1, p), r = f64x2.sub(p, q);
    a1 = f64x2.add(a1, q);
    q = lvl(S2, r); r = f64x2.sub(r, q); a2 = f64x2.add(a2, q);
    let qe = lvl(S2, e), re = f64x2.sub(e, qe);
    b2 = f64x2.add(b2, qe);
    qe = lvl(S3, re); re = f64x2.sub(re, qe); b3 = f64x2.add(b3, qe);
    v128.store(REM + o, r); v128.store(REM + o + (<usize>B << 3), re);
    nz = v128.or(nz, v128.or(r, re));
  }
  put(acc, lanes(a1)); put(acc, lanes(a2)); put(acc, lanes(b2)); put(acc, lanes(b3));
  if (nonzero(nz)) { addRem(acc, REM, m2); addRem(acc, REM + (<usize>B << 3), m2); }
  if (m2 < m) prodRows(acc, a + (<usize>m2 << 3), b + (<usize>m2 << 3), m - m2, kb);
}

/** acc += sum of a_i * b_i, exactly (WIDE acc). */
export function exactAddProducts(acc: usize, a: usize, b: usize, n: i32): void {
  gX = a; gY = b;
  blocks(acc, n, prodBlock);
}

// --------------------------------------------------------- sums of w*x^2
// x^2 = p + e; w*p = p1 + e1; w*e = p2 + e2 (|e1|, |p2| <= 2^-53 |p1| (1 + 2^-50),
// |e2| <= 2^-106 |p1| (1 + 2^-50)): chains p1 at levels 1, 2; e1 and p2 at 2, 3; e2 at 3, 4.
function wsqRows(acc: usize, w: usize, x: usize, m: i32, kb: i64): void {
  const k2 = kbn(kb), k3 = kbn(k2), s1 = sg(kb), s2 = sg(k2), s3 = sg(k3), s4 = sg(kbn(k3));
  let a1 = 0.0, a2 = 0.0, b2 = 0.0, b3 = 0.0, c2 = 0.0, c3 = 0.0, d3 = 0.0, d4 = 0.0;
  for (let i = 0; i < m; i++) {
    const f = load<f64>(w + (<usize>i << 3)), v = load<f64>(x + (<usize>i << 3));
    if (safe2(f, v, LO3, HI3)) {
      const c = SPLIT * v, h = c - (c - v), l = v - h;
      const p = v * v, e = ((h * h - p) + (h + h) * l) + l * l;
      const cf = SPLIT * f, fh = cf - (cf - f), fl = f - fh;
      const cp = SPLIT * p, ph = cp - (cp - p), pl = p - ph;
      const ce = SPLIT * e, eh = ce - (ce - e), el = e - eh;
      const p1 = f * p, e1 = (((fh * ph - p1) + fh * pl) + fl * ph) + fl * pl;
      const p2 = f * e, e2 = (((fh * eh - p2) + fh * el) + fl * eh) + fl * el;
      let q = (s1 + p1) - s1, r = p1 - q;
      a1 += q;
      q = (s2 + r) - s2; r -= q; a2 += q;
      if (r != 0) addF64(acc, r);
      q = (s2 + e1) - s2; r = e1 - q; b2 += q;
      q = (s3 + r) - s3; r -= q; b3 += q;
      if (r != 0) addF64(acc, r);
      q = (s2 + p2) - s2; r = p2 - q; c2 += q;
      q = (s3 + r) - s3; r -= q; c3 += q;
      if (r != 0) addF64(acc, r);
      q = (s3 + e2) - s3; r = e2 - q; d3 += q;
      q = (s4 + r) - s4; r -= q; d4 += q;
      if (r != 0) addF64(acc, r);
    } else mul3(acc, f, v, v);
  }
  put(acc, a1); put(acc, a2); put(acc, b2); put(acc, b3);
  put(acc, c2); put(acc, c3); put(acc, d3); put(acc, d4);
}

function wsqBlock(acc: usize, i0: i32, m: i32): void {
  const w = gW + (<usize>i0 << 3), x = gX + (<usize>i0 << 3);
  let mx = 0.0, mu = 0.0, bad = false, i = 0;
  if (ASC_FEATURE_SIMD) {
    const LO = f64x2.splat(LO3), Z = f64x2.splat(0);
    let u = Z, pm = Z, lo = Z;
    for (; i + 2 <= m; i += 2) {
      const o = <usize>i << 3;
      const f = f64x2.abs(v128.load(w + o)), y = f64x2.abs(v128.load(x + o));
      u = f64x2.max(u, f64x2.max(f, y));
      pm = f64x2.max(pm, f64x2.mul(f, f64x2.mul(y, y)));
      const t = f64x2.min(f, y);
      lo = v128.or(lo, v128.and(f64x2.lt(t, LO), f64x2.gt(t, Z)));
    }
    mx = vmax(pm); mu = vmax(u);
    bad = v128.any_true(lo);
  }
  for (; i < m; i++) {
    const f = abs(load<f64>(w + (<usize>i << 3))), y = abs(load<f64>(x + (<usize>i << 3)));
    mu = max(mu, max(f, y));
    mx = max(mx, f * (y * y));
    const t = min(f, y);
    bad = bad || (t < LO3 && t > 0);
  }
  if (bad || !(mu <= HI3)) {
    mx = 0;
    for (i = 0; i < m; i++) {
      const f = load<f64>(w + (<usize>i << 3)), y = load<f64>(x + (<usize>i << 3));
      if (safe2(f, y, LO3, HI3)) mx = max(mx, abs(f * (y * y)));
    }
    wsqRows(acc, w, x, m, kb1(mx));
    return;
  }
  if (mx == 0) return;
  const kb = kb1(mx);
  if (!ASC_FEATURE_SIMD) { wsqRows(acc, w, x, m, kb); return; }
  const k2 = kbn(kb), k3 = kbn(k2);
  const S1 = f64x2.splat(sg(kb)), S2 = f64x2.splat(sg(k2)), S3 = f64x2.splat(sg(k3)), S4 = f64x2.splat(sg(kbn(k3)));
  const SP = f64x2.splat(SPLIT);
  let a1 = f64x2.splat(0), a2 = a1, b2 = a1, b3 = a1, c2 = a1, c3 = a1, d3 = a1, d4 = a1, nz = a1;
  const m2 = m & ~1, RB = <usize>B << 3;
  for (i = 0; i < m2; i += 2) {
    const o = <usize>i << 3;
    const f = v128.load(w + o), v = v128.load(x + o);
    const c = f64x2.mul(SP, v), h = f64x2.sub(c, f64x2.sub(c, v)), l = f64x2.sub(v, h);
    const p = f64x2.mul(v, v);
    const e = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(h, h), p), f64x2.mul(f64x2.add(h, h), l)), f64x2.mul(l, l));
    const cf = f64x2.mul(SP, f), fh = f64x2.sub(cf, f64x2.sub(cf, f)), fl = f64x2.sub(f, fh);
    const cp = f64x2.mul(SP, p), ph = f64x2.sub(cp, f64x2.sub(cp, p)), pl = f64x2.sub(p, ph);
    const ce = f64x2.mul(SP, e), eh = f64x2.sub(ce, f64x2.sub(ce, e)), el = f64x2.sub(e, eh);
    const p1 = f64x2.mul(f, p);
    const e1 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(fh, ph), p1), f64x2.mul(fh, pl)),
      f64x2.mul(fl, ph)), f64x2.mul(fl, pl));
    const p2 = f64x2.mul(f, e);
    const e2 = f64x2.add(f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(fh, eh), p2), f64x2.mul(fh, el)),
      f64x2.mul(fl, eh)), f64x2.mul(fl, el));
    let q = lvl(S1, p1), r = f64x2.sub(p1, q);
    a1 = f64x2.add(a1, q);
    q = lvl(S2, r); r = f64x2.sub(r, q); a2 = f64x2.add(a2, q);
    let q2 = lvl(S2, e1), r2 = f64x2.sub(e1, q2);
    b2 = f64x2.add(b2, q2);
    q2 = lvl(S3, r2); r2 = f64x2.sub(r2, q2); b3 = f64x2.add(b3, q2);
    let q3 = lvl(S2, p2), r3 = f64x2.sub(p2, q3);
    c2 = f64x2.add(c2, q3);
    q3 = lvl(S3, r3); r3 = f64x2.sub(r3, q3); c3 = f64x2.add(c3, q3);
    let q4 = lvl(S3, e2), r4 = f64x2.sub(e2, q4);
    d3 = f64x2.add(d3, q4);
    q4 = lvl(S4, r4); r4 = f64x2.sub(r4, q4); d4 = f64x2.add(d4, q4);
    const rp = REM + o;
    v128.store(rp, r); v128.store(rp + RB, r2); v128.store(rp + 2 * RB, r3); v128.store(rp + 3 * RB, r4);
    nz = v128.or(nz, v128.or(v128.or(r, r2), v128.or(r3, r4)));
  }
  put(acc, lanes(a1)); put(acc, lanes(a2)); put(acc, lanes(b2)); put(acc, lanes(b3));
  put(acc, lanes(c2)); put(acc, lanes(c3)); put(acc, lanes(d3)); put(acc, lanes(d4));
  if (nonzero(nz)) for (let j: usize = 0; j < 4; j++) addRem(acc, REM + j * RB, m2);
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
    pend = load<i32>(acc, 12);
    addAny(acc, v);
    if (pend > PEND_MAX) { carry(acc); pend = 0; }
    store<i32>(acc, pend, 12);
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
