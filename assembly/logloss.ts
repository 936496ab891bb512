// Fused binary log loss: the checks of the general path (probabilities finite
// and in [0, 1], labels among two known values) and the loss terms in one
// pass, summed in numpy's pairwise order with the same leaf arrangement as
// sumF64 over the terms (so the same bits as logLossSum + sumF64).
import { pairwise } from "./pairwise";
import { streamBegin, streamAdvance, streamPendingStart } from "./fused";
import { SCRATCH } from "./memory";
import { LOG_TAB1, LOG_TAB2 } from "./logtable";

const EPS: f64 = 2.220446049250313e-16;
const HI: f64 = 1.0 - EPS;

let gT: usize = 0;
let gP: usize = 0;
let gPos: f64 = 0;
let gA: f64 = 0;
let gB: f64 = 0;
let gBad: i32 = 0;

/** 1 when something was flagged since setup (for the probe test). */
export function flagged(): i32 {
  return gBad;
}

// The term of element i, exactly as logLossSum computes it; flags (gBad) a
// probability that is not in [0, 1] (NaN and infinities included) or a label
// equal to neither candidate (NaN and infinities included: the candidates are finite).
// @ts-ignore: decorator
@inline function term(i: i32): f64 {
  const o = <usize>i << 3;
  const p = load<f64>(gP + o), t = load<f64>(gT + o);
  gBad |= i32(!((p >= 0.0) & (p <= 1.0) & ((t == gA) | (t == gB))));
  const q = t == gPos ? p : 1.0 - p;
  return -Math.log(Math.min(Math.max(q, EPS), HI));
}

// sumLeaf's arrangement: m < 8 one running sum from 0.0; else eight lanes
// started from the first eight terms, combined ((0+1)+(2+3))+((4+5)+(6+7)),
// then the remainder one by one (as pairwise.ts's SIMD and scalar leaves).
function leafLL(start: i32, m: i32, out: usize): void {
  if (m < 8) {
    let s = 0.0;
    for (let i = 0; i < m; i++) s += term(start + i);
    store<f64>(out, s);
    return;
  }
  let r0 = term(start), r1 = term(start + 1), r2 = term(start + 2), r3 = term(start + 3);
  let r4 = term(start + 4), r5 = term(start + 5), r6 = term(start + 6), r7 = term(start + 7);
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    const j = start + i;
    r0 += term(j); r1 += term(j + 1); r2 += term(j + 2); r3 += term(j + 3);
    r4 += term(j + 4); r5 += term(j + 5); r6 += term(j + 6); r7 += term(j + 7);
  }
  let s = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
  for (; i < m; i++) s += term(start + i);
  store<f64>(out, s);
}

// --- Vectorised log for x in [EPS, 1 - EPS] (the clipped probabilities), two
// lanes at a time: AssemblyScript's Math.log (musl's table-based log, see
// util/math.ts log_lut) with the same constants, the same table and every
// operation in the same order, so each lane gets the same bits as Math.log.
// Its two paths for normal positive x are separate functions: logNearV is the
// near-1 polynomial (for x in [0x1.ep-1, 0x1.09p0)), logTableV the table path
// (every other normal positive x); the leaf sorts the elements so that each
// lane only takes the path Math.log would take for it. Math.log's special
// cases (zero, subnormal, negative, inf, NaN) cannot occur in this domain;
// lanes outside it (unchecked input) only produce values that are discarded,
// as every such input is flagged, and read the table within bounds.

// Constants as f64x2 pairs in memory (one load per use: V8 materialises a
// splatted immediate with three instructions).
const K_B0: usize = memory.data<u64>([0xBFE0000000000000, 0xBFE0000000000000], 16); // B0
const K_B1: usize = memory.data<u64>([0x3FD5555555555577, 0x3FD5555555555577], 16); // B1
const K_B2: usize = memory.data<u64>([0xBFCFFFFFFFFFFDCB, 0xBFCFFFFFFFFFFDCB], 16); // B2
const K_B3: usize = memory.data<u64>([0x3FC999999995DD0C, 0x3FC999999995DD0C], 16); // B3
const K_B4: usize = memory.data<u64>([0xBFC55555556745A7, 0xBFC55555556745A7], 16); // B4
const K_B5: usize = memory.data<u64>([0x3FC24924A344DE30, 0x3FC24924A344DE30], 16); // B5
const K_B6: usize = memory.data<u64>([0xBFBFFFFFA4423D65, 0xBFBFFFFFA4423D65], 16); // B6
const K_B7: usize = memory.data<u64>([0x3FBC7184282AD6CA, 0x3FBC7184282AD6CA], 16); // B7
const K_B8: usize = memory.data<u64>([0xBFB999EB43B068FF, 0xBFB999EB43B068FF], 16); // B8
const K_B9: usize = memory.data<u64>([0x3FB78182F7AFD085, 0x3FB78182F7AFD085], 16); // B9
const K_B10: usize = memory.data<u64>([0xBFB5521375D145CD, 0xBFB5521375D145CD], 16); // B10
const K_A0: usize = memory.data<u64>([0xBFE0000000000001, 0xBFE0000000000001], 16); // A0
const K_A1: usize = memory.data<u64>([0x3FD555555551305B, 0x3FD555555551305B], 16); // A1
const K_A2: usize = memory.data<u64>([0xBFCFFFFFFFEB4590, 0xBFCFFFFFFFEB4590], 16); // A2
const K_A3: usize = memory.data<u64>([0x3FC999B324F10111, 0x3FC999B324F10111], 16); // A3
const K_A4: usize = memory.data<u64>([0xBFC55575E506C89F, 0xBFC55575E506C89F], 16); // A4
const K_LN2HI: usize = memory.data<u64>([0x3FE62E42FEFA3800, 0x3FE62E42FEFA3800], 16); // Ln2hi
const K_LN2LO: usize = memory.data<u64>([0x3D2EF35793C76730, 0x3D2EF35793C76730], 16); // Ln2lo
const K_1P27: usize = memory.data<u64>([0x41A0000000000000, 0x41A0000000000000], 16); // 0x1p27
const K_ONE: usize = memory.data<u64>([0x3FF0000000000000, 0x3FF0000000000000], 16); // 1.0
const K_OFF: usize = memory.data<u64>([0x3FE6000000000000, 0x3FE6000000000000], 16); // OFF
const K_IMASK: usize = memory.data<u64>([0x00000000000007F0, 0x00000000000007F0], 16); // 127 << 4: table byte offset of i = (tmp >> 45) & 127
const K_EMASK: usize = memory.data<u64>([0xFFF0000000000000, 0xFFF0000000000000], 16); // 0xFFF << 52
const K_NEARLO: usize = memory.data<u64>([0x3FEE000000000000, 0x3FEE000000000000], 16); // 0x1.ep-1: near-1 path from here (below 0x1.09p0)
const K_EPS: usize = memory.data<u64>([0x3CB0000000000000, 0x3CB0000000000000], 16); // EPS
const K_HI: usize = memory.data<u64>([0x3FEFFFFFFFFFFFFE, 0x3FEFFFFFFFFFFFFE], 16); // 1 - EPS
const K_ZERO: usize = memory.data<u64>([0x0000000000000000, 0x0000000000000000], 16); // 0
const K_TWO: usize = memory.data<u64>([0x0000000000000002, 0x0000000000000002], 16); // i64x2 2

// @ts-ignore: decorator
@inline function kv(k: usize): v128 {
  return v128.load(k);
}

// Math.log's near-1 path, for lanes in [0x1.ep-1, 0x1.09p0).
// @ts-ignore: decorator
@inline function logNearV(x: v128): v128 {
  const r = f64x2.sub(x, kv(K_ONE));
  const r2 = f64x2.mul(r, r);
  const r3 = f64x2.mul(r2, r);
  // r3 * (B1 + r*B2 + r2*B3 + r3*(B4 + r*B5 + r2*B6 + r3*(B7 + r*B8 + r2*B9 + r3*B10)))
  const in3 = f64x2.add(f64x2.add(f64x2.add(kv(K_B7), f64x2.mul(r, kv(K_B8))), f64x2.mul(r2, kv(K_B9))), f64x2.mul(r3, kv(K_B10)));
  const in2 = f64x2.add(f64x2.add(f64x2.add(kv(K_B4), f64x2.mul(r, kv(K_B5))), f64x2.mul(r2, kv(K_B6))), f64x2.mul(r3, in3));
  const in1 = f64x2.add(f64x2.add(f64x2.add(kv(K_B1), f64x2.mul(r, kv(K_B2))), f64x2.mul(r2, kv(K_B3))), f64x2.mul(r3, in2));
  const y = f64x2.mul(r3, in1);
  let w = f64x2.mul(r, kv(K_1P27));
  const rhi = f64x2.sub(f64x2.add(r, w), w);
  const rlo = f64x2.sub(r, rhi);
  w = f64x2.mul(f64x2.mul(rhi, rhi), kv(K_B0));
  const hi = f64x2.add(r, w);
  let lo = f64x2.add(f64x2.sub(r, hi), w);
  lo = f64x2.add(lo, f64x2.mul(f64x2.mul(kv(K_B0), rlo), f64x2.add(rhi, r)));
  return f64x2.add(f64x2.add(y, lo), hi);
}

// Math.log's table path, for normal positive lanes outside [0x1.ep-1, 0x1.09p0).
// The constants are parameters, so that a loop can load them once.
// @ts-ignore: decorator
@inline function logTableV(x: v128, OFF: v128, IMASK: v128, EMASK: v128, LN2HI: v128, LN2LO: v128,
    A0: v128, A1: v128, A2: v128, A3: v128, A4: v128): v128 {
  const tmp = i64x2.sub(x, OFF);
  // i << 4 (the byte offset of entry i in both tables), i = (tmp >> 45) & 127:
  // within the tables whatever the lane holds.
  const off = v128.and(i64x2.shr_u(tmp, 41), IMASK);
  const o0 = <usize>i32x4.extract_lane(off, 0), o1 = <usize>i32x4.extract_lane(off, 2);
  const t10 = v128.load(o0, LOG_TAB1), t11 = v128.load(o1, LOG_TAB1);
  const t20 = v128.load(o0, LOG_TAB2), t21 = v128.load(o1, LOG_TAB2);
  const invc = v128.shuffle<f64>(t10, t11, 0, 2), logc = v128.shuffle<f64>(t10, t11, 1, 3);
  const chi = v128.shuffle<f64>(t20, t21, 0, 2), clo = v128.shuffle<f64>(t20, t21, 1, 3);
  const iz = i64x2.sub(x, v128.and(tmp, EMASK));
  const r = f64x2.mul(f64x2.sub(f64x2.sub(iz, chi), clo), invc);
  // kd = (f64)k, k = tmp >> 52 (arithmetic): the high 32-bit word of each lane
  // shifted right by 20 (arithmetic), both moved to the low lanes and converted
  // exactly (|k| < 2^11; k = 0 gives +0, as (f64)0 does).
  const kk = i32x4.shr_s(tmp, 20);
  const kd = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(kk, kk, 1, 3, 1, 3));
  const w = f64x2.add(f64x2.mul(kd, LN2HI), logc);
  const hi = f64x2.add(w, r);
  const lo = f64x2.add(f64x2.add(f64x2.sub(w, hi), r), f64x2.mul(kd, LN2LO));
  const r2 = f64x2.mul(r, r);
  // lo + r2*A0 + r*r2*(A1 + r*A2 + r2*(A3 + r*A4)) + hi
  const poly = f64x2.add(f64x2.add(A1, f64x2.mul(r, A2)), f64x2.mul(r2, f64x2.add(A3, f64x2.mul(r, A4))));
  return f64x2.add(f64x2.add(f64x2.add(lo, f64x2.mul(r2, A0)), f64x2.mul(f64x2.mul(r, r2), poly)), hi);
}

// Leaf buffers (a leaf has at most 128 elements). QB/IB hold the clipped
// probabilities and their element indices in two lists: near-1 lanes grow up
// from slot 0, table lanes grow down from slot NB. Slot NB is a permanent
// dummy (a table-path value, index 128) that pads an odd table list; the slot
// after the near list is set to a dummy (near-path value, index 128) likewise.
// TB holds log(q) by element index; TB[128] receives the dummies' logs.
const NB: i32 = 136;
const QB: usize = memory.data(8 * (NB + 2), 16);
const IB: usize = memory.data(8 * (NB + 2), 16);
const TB: usize = memory.data(8 * 130, 16);
// Per i64x2.bitmask of the near mask (bit 0: lane 0 near, bit 1: lane 1 near):
// a swizzle that puts near lanes first (only "lane 1 near, lane 0 not" swaps),
// and the matching lane offsets of the element indices.
const SWZ: usize = memory.data<u8>([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
], 16);
const IDXOFF: usize = memory.data<u64>([0, 1, 0, 1, 1, 0, 0, 1], 16);
// The number of near lanes, with the same 16-byte stride.
const NCNT: usize = memory.data<i32>([0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0], 16);

// All ones in the lanes whose probability is in [0, 1] and whose label is one of the two.
// @ts-ignore: decorator
@inline function checkV(t: v128, p: v128, isPos: v128, NEG: v128): v128 {
  return v128.and(v128.and(f64x2.ge(p, kv(K_ZERO)), f64x2.le(p, kv(K_ONE))), v128.or(isPos, f64x2.eq(t, NEG)));
}

// q = t == pos ? p : 1 - p, clipped to [EPS, 1 - EPS] (pmax/pmin: the same
// values as Math.max/min for the non-NaN q of checked input).
// @ts-ignore: decorator
@inline function clipV(p: v128, isPos: v128): v128 {
  return f64x2.pmin(f64x2.pmax(v128.bitselect(p, f64x2.sub(kv(K_ONE), p), isPos), kv(K_EPS)), kv(K_HI));
}

// Files the two lanes of q (elements j, j + 1; J holds j in both lanes) with
// nc near-1 lanes and j - nc table lanes filed before: q <= 1 - EPS <
// 0x1.09p0, so a lane is near 1 when q >= 0x1.ep-1 (a NaN goes to the table
// list). Returns the new count of near-1 lanes.
// @ts-ignore: decorator
@inline function fileV(q: v128, J: v128, nc: i32, j: i32): i32 {
  const bo = <usize>i64x2.bitmask(f64x2.ge(q, kv(K_NEARLO))) << 4;
  const sw = i8x16.swizzle(q, v128.load(bo, SWZ));
  const si = i64x2.add(J, v128.load(bo, IDXOFF));
  const np = <usize>nc << 3, tp = <usize>(nc - j + NB - 2) << 3;
  v128.store(QB + np, sw);
  v128.store(IB + np, si);
  v128.store(QB + tp, sw);
  v128.store(IB + tp, si);
  return nc + load<i32>(bo, NCNT);
}

/**
 * The negated terms of elements [start, start + m), 1 <= m <= 128, i.e.
 * log(q) of the clipped probabilities, into TB[0..m) by element index
 * (exported for the probe test, test/logloss-probe.test.ts). Pass 1 checks
 * and clips two elements at a time and files each lane under the path
 * Math.log takes for it; pass 2 computes each list's logs two lanes at a time.
 */
export function leafTermsV(start: i32, m: i32): void {
  const POS = f64x2.splat(gPos), NEG = f64x2.splat(gPos == gA ? gB : gA);
  let OK = i64x2.splat(-1);
  let J = i64x2.splat(0);
  let nc = 0;
  const me = m & ~1, me4 = m & ~3;
  let pt = gT + (<usize>start << 3), pp = gP + (<usize>start << 3);
  let j = 0;
  for (; j < me4; j += 4) {
    const t0 = v128.load(pt), p0 = v128.load(pp), t1 = v128.load(pt, 16), p1 = v128.load(pp, 16);
    const isPos0 = f64x2.eq(t0, POS), isPos1 = f64x2.eq(t1, POS);
    OK = v128.and(OK, checkV(t0, p0, isPos0, NEG));
    OK = v128.and(OK, checkV(t1, p1, isPos1, NEG));
    const q0 = clipV(p0, isPos0), q1 = clipV(p1, isPos1);
    nc = fileV(q0, J, nc, j);
    J = i64x2.add(J, kv(K_TWO));
    nc = fileV(q1, J, nc, j + 2);
    J = i64x2.add(J, kv(K_TWO));
    pt += 32; pp += 32;
  }
  if (j < me) {
    const t0 = v128.load(pt), p0 = v128.load(pp);
    const isPos0 = f64x2.eq(t0, POS);
    OK = v128.and(OK, checkV(t0, p0, isPos0, NEG));
    nc = fileV(clipV(p0, isPos0), J, nc, j);
  }
  const top = NB - (me - nc);
  if (!i64x2.all_true(OK)) gBad = 1;
  // Pads: the slot after the near list, the slot after the table list.
  store<f64>(QB + (<usize>nc << 3), 0.97);
  store<u64>(IB + (<usize>nc << 3), 128);
  store<f64>(QB + (<usize>NB << 3), 0.5);
  store<u64>(IB + (<usize>NB << 3), 128);
  for (let k = 0; k < nc; k += 2) {
    const o = <usize>k << 3;
    const l = logNearV(v128.load(QB + o));
    const ii = v128.load(IB + o);
    v128.store64_lane(TB + (<usize>i32x4.extract_lane(ii, 0) << 3), l, 0);
    v128.store64_lane(TB + (<usize>i32x4.extract_lane(ii, 2) << 3), l, 1);
  }
  if (top < NB) {
    const OFF = kv(K_OFF), IMASK = kv(K_IMASK), EMASK = kv(K_EMASK), LN2HI = kv(K_LN2HI), LN2LO = kv(K_LN2LO);
    const A0 = kv(K_A0), A1 = kv(K_A1), A2 = kv(K_A2), A3 = kv(K_A3), A4 = kv(K_A4);
    let k = top;
    for (; k + 2 < NB; k += 4) {
      const o = <usize>k << 3;
      const l0 = logTableV(v128.load(QB + o), OFF, IMASK, EMASK, LN2HI, LN2LO, A0, A1, A2, A3, A4);
      const l1 = logTableV(v128.load(QB + o, 16), OFF, IMASK, EMASK, LN2HI, LN2LO, A0, A1, A2, A3, A4);
      const i0 = v128.load(IB + o), i1 = v128.load(IB + o, 16);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(i0, 0) << 3), l0, 0);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(i0, 2) << 3), l0, 1);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(i1, 0) << 3), l1, 0);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(i1, 2) << 3), l1, 1);
    }
    if (k < NB) {
      const o = <usize>k << 3;
      const l = logTableV(v128.load(QB + o), OFF, IMASK, EMASK, LN2HI, LN2LO, A0, A1, A2, A3, A4);
      const ii = v128.load(IB + o);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(ii, 0) << 3), l, 0);
      v128.store64_lane(TB + (<usize>i32x4.extract_lane(ii, 2) << 3), l, 1);
    }
  }
  // An odd m: the last element's term as the scalar leaf computes it.
  if (m & 1) store<f64>(TB + (<usize>(m - 1) << 3), -term(start + m - 1));
}

/** The log buffer of leafTermsV (for the probe test). */
export function leafTermBuffer(): usize {
  return TB;
}

// SIMD leaf for m >= 8: the terms into TB, then TB summed as sumLeaf does
// (eight lanes over the first m & ~7, combined ((0+1)+(2+3))+((4+5)+(6+7)),
// then the rest one by one).
function leafLLV(start: i32, m: i32, out: usize): void {
  if (m < 8) { leafLL(start, m, out); return; }
  leafTermsV(start, m);
  let R0 = v128.load(TB), R1 = v128.load(TB, 16), R2 = v128.load(TB, 32), R3 = v128.load(TB, 48);
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    const o = TB + (<usize>i << 3);
    R0 = f64x2.add(R0, v128.load(o)); R1 = f64x2.add(R1, v128.load(o, 16));
    R2 = f64x2.add(R2, v128.load(o, 32)); R3 = f64x2.add(R3, v128.load(o, 48));
  }
  let s = ((f64x2.extract_lane(R0, 0) + f64x2.extract_lane(R0, 1)) +
           (f64x2.extract_lane(R1, 0) + f64x2.extract_lane(R1, 1))) +
          ((f64x2.extract_lane(R2, 0) + f64x2.extract_lane(R2, 1)) +
           (f64x2.extract_lane(R3, 0) + f64x2.extract_lane(R3, 1)));
  for (; i < m; i++) s += load<f64>(TB + (<usize>i << 3));
  // TB holds log(q), the terms' negations: every operation above is an
  // addition, and round-to-nearest is symmetric, so the sum of the negations
  // is exactly the negation of this sum (no term is zero).
  store<f64>(out, -s);
}

// The leaf of the build: SIMD when available, else the scalar one (same bits).
function leafBuild(start: i32, m: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) leafLLV(start, m, out);
  else leafLL(start, m, out);
}

/** Points the leaves at the data (exported for the probe test). */
export function setup(yt: usize, p: usize, a: f64, b: f64, pos: f64): void {
  gT = yt; gP = p; gA = a; gB = b; gPos = pos; gBad = 0;
}

/**
 * Data in memory: out[0] = 1 when something is flagged (then out[1] is not
 * meaningful), out[1] = pairwise sum of the terms.
 */
export function logLossFused(yt: usize, p: usize, n: i32, a: f64, b: f64, pos: f64, out: usize): void {
  setup(yt, p, a, b, pos);
  pairwise(n, 1, leafBuild, out + 8);
  store<f64>(out, <f64>gBad);
}

/** Streamed form (the caller copies chunk by chunk): begin, advance after each chunk, then finish. */
export function logLossStreamBegin(yt: usize, p: usize, n: i32, a: f64, b: f64, pos: f64): void {
  setup(yt, p, a, b, pos);
  streamBegin(n, 1);
}

export function logLossStreamAdvance(avail: i32): i32 {
  return streamAdvance(avail, leafBuild);
}

export function logLossStreamFinish(out: usize): void {
  store<f64>(out, <f64>gBad);
  store<f64>(out, load<f64>(SCRATCH), 8);
}

/**
 * Staged streaming (no n-sized copy): the caller copies each chunk into two
 * small buffers. Before a chunk [avail, e) is copied, this moves the elements
 * still needed (from the pending leaf's start to avail, fewer than 128) to the
 * front of bufT/bufP and rebases the leaves' pointers so that element i is read
 * at buf + (i - pending) * 8 (u32 arithmetic wraps). Returns how many elements
 * were carried: the chunk goes to buf + carried * 8.
 */
export function logLossStagePrepare(bufT: usize, bufP: usize, avail: i32): i32 {
  const pending = streamPendingStart(avail);
  const c = avail - pending;
  const off = <usize>pending << 3;
  if (c > 0) {
    memory.copy(bufT, gT + off, <usize>c << 3);
    memory.copy(bufP, gP + off, <usize>c << 3);
  }
  gT = bufT - off;
  gP = bufP - off;
  return c;
}
