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
// Both of its paths for normal positive x (the near-1 polynomial for x in
// [0x1.ep-1, 0x1.09p0) and the table path) are computed and blended per lane;
// its special cases (zero, subnormal, negative, inf, NaN) cannot occur in
// this domain. Lanes outside the domain (unchecked input) only produce values
// that are discarded, as every such input is flagged.
// @ts-ignore: decorator
@inline function logV(x: v128): v128 {
  const B0 = f64x2.splat(reinterpret<f64>(0xBFE0000000000000));
  const B1 = f64x2.splat(reinterpret<f64>(0x3FD5555555555577));
  const B2 = f64x2.splat(reinterpret<f64>(0xBFCFFFFFFFFFFDCB));
  const B3 = f64x2.splat(reinterpret<f64>(0x3FC999999995DD0C));
  const B4 = f64x2.splat(reinterpret<f64>(0xBFC55555556745A7));
  const B5 = f64x2.splat(reinterpret<f64>(0x3FC24924A344DE30));
  const B6 = f64x2.splat(reinterpret<f64>(0xBFBFFFFFA4423D65));
  const B7 = f64x2.splat(reinterpret<f64>(0x3FBC7184282AD6CA));
  const B8 = f64x2.splat(reinterpret<f64>(0xBFB999EB43B068FF));
  const B9 = f64x2.splat(reinterpret<f64>(0x3FB78182F7AFD085));
  const B10 = f64x2.splat(reinterpret<f64>(0xBFB5521375D145CD));
  const A0 = f64x2.splat(reinterpret<f64>(0xBFE0000000000001));
  const A1 = f64x2.splat(reinterpret<f64>(0x3FD555555551305B));
  const A2 = f64x2.splat(reinterpret<f64>(0xBFCFFFFFFFEB4590));
  const A3 = f64x2.splat(reinterpret<f64>(0x3FC999B324F10111));
  const A4 = f64x2.splat(reinterpret<f64>(0xBFC55575E506C89F));
  const Ln2hi = f64x2.splat(reinterpret<f64>(0x3FE62E42FEFA3800));
  const Ln2lo = f64x2.splat(reinterpret<f64>(0x3D2EF35793C76730));
  const Ox1p27 = f64x2.splat(reinterpret<f64>(0x41A0000000000000));
  const ONE = f64x2.splat(1.0);

  // Near 1: ix - LO < HI - LO (unsigned), i.e. LO <= ix < HI; for positive x
  // the same as comparing the doubles.
  const near = v128.and(
    f64x2.ge(x, f64x2.splat(reinterpret<f64>(0x3FEE000000000000))),
    f64x2.lt(x, f64x2.splat(reinterpret<f64>(0x3FF1090000000000))));
  let r = f64x2.sub(x, ONE);
  let r2 = f64x2.mul(r, r);
  let r3 = f64x2.mul(r2, r);
  // r3 * (B1 + r*B2 + r2*B3 + r3*(B4 + r*B5 + r2*B6 + r3*(B7 + r*B8 + r2*B9 + r3*B10)))
  const in3 = f64x2.add(f64x2.add(f64x2.add(B7, f64x2.mul(r, B8)), f64x2.mul(r2, B9)), f64x2.mul(r3, B10));
  const in2 = f64x2.add(f64x2.add(f64x2.add(B4, f64x2.mul(r, B5)), f64x2.mul(r2, B6)), f64x2.mul(r3, in3));
  const in1 = f64x2.add(f64x2.add(f64x2.add(B1, f64x2.mul(r, B2)), f64x2.mul(r2, B3)), f64x2.mul(r3, in2));
  const yN = f64x2.mul(r3, in1);
  let w = f64x2.mul(r, Ox1p27);
  const rhi = f64x2.sub(f64x2.add(r, w), w);
  const rlo = f64x2.sub(r, rhi);
  w = f64x2.mul(f64x2.mul(rhi, rhi), B0);
  const hiN = f64x2.add(r, w);
  let loN = f64x2.add(f64x2.sub(r, hiN), w);
  loN = f64x2.add(loN, f64x2.mul(f64x2.mul(B0, rlo), f64x2.add(rhi, r)));
  const resN = f64x2.add(f64x2.add(yN, loN), hiN);

  // Table path.
  const ix = x;
  const tmp = i64x2.sub(ix, i64x2.splat(0x3FE6000000000000));
  const idx = v128.and(i64x2.shr_u(tmp, 52 - 7), i64x2.splat(127));
  const kk = i64x2.shr_s(tmp, 52);
  const iz = i64x2.sub(ix, v128.and(tmp, i64x2.splat(<i64>0xFFF << 52)));
  const i0 = <usize>i64x2.extract_lane(idx, 0) << 4, i1 = <usize>i64x2.extract_lane(idx, 1) << 4;
  const t10 = v128.load(LOG_TAB1 + i0), t11 = v128.load(LOG_TAB1 + i1);
  const t20 = v128.load(LOG_TAB2 + i0), t21 = v128.load(LOG_TAB2 + i1);
  const invc = v128.shuffle<f64>(t10, t11, 0, 2), logc = v128.shuffle<f64>(t10, t11, 1, 3);
  const chi = v128.shuffle<f64>(t20, t21, 0, 2), clo = v128.shuffle<f64>(t20, t21, 1, 3);
  r = f64x2.mul(f64x2.sub(f64x2.sub(iz, chi), clo), invc);
  // kd = (f64)k, exactly: k + 0x1.8p52 as bits, minus 0x1.8p52 (|k| < 2^51).
  const MAGIC = f64x2.splat(6755399441055744.0);
  const kd = f64x2.sub(i64x2.add(kk, MAGIC), MAGIC);
  w = f64x2.add(f64x2.mul(kd, Ln2hi), logc);
  const hiT = f64x2.add(w, r);
  const loT = f64x2.add(f64x2.add(f64x2.sub(w, hiT), r), f64x2.mul(kd, Ln2lo));
  r2 = f64x2.mul(r, r);
  // lo + r2*A0 + r*r2*(A1 + r*A2 + r2*(A3 + r*A4)) + hi
  const poly = f64x2.add(f64x2.add(A1, f64x2.mul(r, A2)), f64x2.mul(r2, f64x2.add(A3, f64x2.mul(r, A4))));
  const resT = f64x2.add(f64x2.add(f64x2.add(loT, f64x2.mul(r2, A0)), f64x2.mul(f64x2.mul(r, r2), poly)), hiT);
  return v128.bitselect(resN, resT, near);
}

// SIMD leaf for m >= 8: the terms of eight elements per step in four f64x2
// (lanes (0,1), (2,3), (4,5), (6,7)), as sumLeaf holds them.
function leafLLV(start: i32, m: i32, out: usize): void {
  if (m < 8) { leafLL(start, m, out); return; }
  const POS = f64x2.splat(gPos), A = f64x2.splat(gA), B = f64x2.splat(gB);
  const Z = f64x2.splat(0), ONE = f64x2.splat(1.0);
  const EPSV = f64x2.splat(EPS), HIV = f64x2.splat(HI);
  let BAD = Z;
  let R0 = Z, R1 = Z, R2 = Z, R3 = Z;
  const m8 = m & ~7;
  let i = 0;
  for (; i < m8; i += 8) {
    const o = <usize>(start + i) << 3;
    const qt = gT + o, qp = gP + o;
    const t0 = v128.load(qt), t1 = v128.load(qt, 16), t2 = v128.load(qt, 32), t3 = v128.load(qt, 48);
    const p0 = v128.load(qp), p1 = v128.load(qp, 16), p2 = v128.load(qp, 32), p3 = v128.load(qp, 48);
    const ok0 = v128.and(v128.and(f64x2.ge(p0, Z), f64x2.le(p0, ONE)), v128.or(f64x2.eq(t0, A), f64x2.eq(t0, B)));
    const ok1 = v128.and(v128.and(f64x2.ge(p1, Z), f64x2.le(p1, ONE)), v128.or(f64x2.eq(t1, A), f64x2.eq(t1, B)));
    const ok2 = v128.and(v128.and(f64x2.ge(p2, Z), f64x2.le(p2, ONE)), v128.or(f64x2.eq(t2, A), f64x2.eq(t2, B)));
    const ok3 = v128.and(v128.and(f64x2.ge(p3, Z), f64x2.le(p3, ONE)), v128.or(f64x2.eq(t3, A), f64x2.eq(t3, B)));
    BAD = v128.or(BAD, v128.not(v128.and(v128.and(ok0, ok1), v128.and(ok2, ok3))));
    // q = t == pos ? p : 1 - p, clipped to [EPS, 1 - EPS] (pmax/pmin: the same
    // values as Math.max/min for the non-NaN q of checked input).
    const q0 = f64x2.pmin(f64x2.pmax(v128.bitselect(p0, f64x2.sub(ONE, p0), f64x2.eq(t0, POS)), EPSV), HIV);
    const q1 = f64x2.pmin(f64x2.pmax(v128.bitselect(p1, f64x2.sub(ONE, p1), f64x2.eq(t1, POS)), EPSV), HIV);
    const q2 = f64x2.pmin(f64x2.pmax(v128.bitselect(p2, f64x2.sub(ONE, p2), f64x2.eq(t2, POS)), EPSV), HIV);
    const q3 = f64x2.pmin(f64x2.pmax(v128.bitselect(p3, f64x2.sub(ONE, p3), f64x2.eq(t3, POS)), EPSV), HIV);
    const l0 = f64x2.neg(logV(q0)), l1 = f64x2.neg(logV(q1)), l2 = f64x2.neg(logV(q2)), l3 = f64x2.neg(logV(q3));
    if (i == 0) { R0 = l0; R1 = l1; R2 = l2; R3 = l3; }
    else { R0 = f64x2.add(R0, l0); R1 = f64x2.add(R1, l1); R2 = f64x2.add(R2, l2); R3 = f64x2.add(R3, l3); }
  }
  if (v128.any_true(BAD)) gBad = 1;
  let s = ((f64x2.extract_lane(R0, 0) + f64x2.extract_lane(R0, 1)) +
           (f64x2.extract_lane(R1, 0) + f64x2.extract_lane(R1, 1))) +
          ((f64x2.extract_lane(R2, 0) + f64x2.extract_lane(R2, 1)) +
           (f64x2.extract_lane(R3, 0) + f64x2.extract_lane(R3, 1)));
  for (; i < m; i++) s += term(start + i);
  store<f64>(out, s);
}

// The leaf of the build: SIMD when available, else the scalar one (same bits).
function leafBuild(start: i32, m: i32, out: usize): void {
  if (ASC_FEATURE_SIMD) leafLLV(start, m, out);
  else leafLL(start, m, out);
}

function setup(yt: usize, p: usize, a: f64, b: f64, pos: f64): void {
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
