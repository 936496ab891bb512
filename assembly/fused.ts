// Fused fast paths: validation and statistics in one pass over data that is
// (or has just been copied, chunk by chunk, while hot in cache) in memory.
// Each kernel flags anything unusual; the TypeScript side then falls back to
// the general path, which raises sklearn's errors in sklearn's order. Results
// of the fast paths are the same bits as the general path's.
import { SCRATCH } from "./memory";
import { Leaf } from "./pairwise";

// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }


/**
 * Binary labels, one pass over yt[0..n) and yp[0..n) (a chunk; call repeatedly,
 * out accumulates). at/bt, ap/bp: the candidate label values of each array
 * (found by the caller from a prefix and checked there to be finite integers
 * below 2^63 in magnitude). out (f64): [0] flags (4: a value equal to neither
 * candidate of its array — this includes every NaN and, as the candidates are
 * finite, every infinity), [1] #(yt == pos and yp == pos), [2] #(yt == pos),
 * [3] #(yp == pos). Counts are exact integers (as binaryCounts).
 */
export function binaryFusedChunk(
  yt: usize, yp: usize, n: i32, at: f64, bt: f64, ap: f64, bp: f64, pos: f64, out: usize,
): void {
  let tp: i64 = 0, ts: i64 = 0, ps: i64 = 0;
  let i = 0;
  let flags = <i32>load<f64>(out);
  if (ASC_FEATURE_SIMD) {
    const P = f64x2.splat(pos), AT = f64x2.splat(at), BT = f64x2.splat(bt);
    const AP = f64x2.splat(ap), BP = f64x2.splat(bp);
    let TP = i64x2.splat(0), TS = TP, PS = TP;
    let IN = i64x2.splat(-1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const t0 = v128.load(yt + o), t1 = v128.load(yt + o, 16);
      const p0 = v128.load(yp + o), p1 = v128.load(yp + o, 16);
      IN = v128.and(IN, v128.and(
        v128.and(v128.or(f64x2.eq(t0, AT), f64x2.eq(t0, BT)), v128.or(f64x2.eq(p0, AP), f64x2.eq(p0, BP))),
        v128.and(v128.or(f64x2.eq(t1, AT), f64x2.eq(t1, BT)), v128.or(f64x2.eq(p1, AP), f64x2.eq(p1, BP)))));
      const c0 = f64x2.eq(t0, P), c1 = f64x2.eq(t1, P), d0 = f64x2.eq(p0, P), d1 = f64x2.eq(p1, P);
      // masks are -1 per true lane: subtracting counts them.
      TS = i64x2.sub(TS, i64x2.add(c0, c1));
      PS = i64x2.sub(PS, i64x2.add(d0, d1));
      TP = i64x2.sub(TP, i64x2.add(v128.and(c0, d0), v128.and(c1, d1)));
    }
    if (!i64x2.all_true(IN)) flags |= 4;
    tp = i64x2.extract_lane(TP, 0) + i64x2.extract_lane(TP, 1);
    ts = i64x2.extract_lane(TS, 0) + i64x2.extract_lane(TS, 1);
    ps = i64x2.extract_lane(PS, 0) + i64x2.extract_lane(PS, 1);
  }
  for (; i < n; i++) {
    const t = f(yt, i), p = f(yp, i);
    if (!((t == at || t == bt) && (p == ap || p == bp))) flags |= 4;
    const ct = i64(t == pos), cp = i64(p == pos);
    tp += ct & cp; ts += ct; ps += cp;
  }
  store<f64>(out, <f64>flags);
  store<f64>(out, load<f64>(out, 8) + <f64>tp, 8);
  store<f64>(out, load<f64>(out, 16) + <f64>ts, 16);
  store<f64>(out, load<f64>(out, 24) + <f64>ps, 24);
}

/**
 * accuracy_score's unweighted statistics, one pass over yt[0..n) and yp[0..n)
 * (a chunk; call repeatedly, out accumulates): out[0] flags (1: some value is
 * not a finite integer, v - floor(v) != 0, which catches NaN, the infinities
 * and fractions), out[1] += #(yt == yp). Finite integer labels are binary or
 * multiclass targets, which accuracy accepts without further checks; anything
 * flagged is left to the general path. The count is exact (as accuracyStats).
 */
export function accuracyFusedChunk(yt: usize, yp: usize, n: i32, out: usize): void {
  let c: i64 = 0;
  let i = 0;
  let bad = false;
  if (ASC_FEATURE_SIMD) {
    let C = i64x2.splat(0), B = f64x2.splat(0);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const t0 = v128.load(yt + o), t1 = v128.load(yt + o, 16);
      const p0 = v128.load(yp + o), p1 = v128.load(yp + o, 16);
      // x - floor(x) is +-0 for finite integers, else non-zero or NaN: OR the bits, ignoring signs.
      B = v128.or(B, v128.or(v128.or(f64x2.sub(t0, f64x2.floor(t0)), f64x2.sub(t1, f64x2.floor(t1))),
                             v128.or(f64x2.sub(p0, f64x2.floor(p0)), f64x2.sub(p1, f64x2.floor(p1)))));
      C = i64x2.sub(C, i64x2.add(f64x2.eq(t0, p0), f64x2.eq(t1, p1)));
    }
    bad = v128.any_true(v128.and(B, i64x2.splat(0x7fffffffffffffff)));
    c = i64x2.extract_lane(C, 0) + i64x2.extract_lane(C, 1);
  }
  for (; i < n; i++) {
    const t = f(yt, i), p = f(yp, i);
    if (t - Math.floor(t) != 0 || p - Math.floor(p) != 0) bad = true;
    c += i64(t == p);
  }
  if (bad) store<f64>(out, 1.0);
  store<f64>(out, load<f64>(out, 8) + <f64>c, 8);
}

/** Labels confusionSmallChunk counts directly: the integers 0 .. CONFUSION_LABELS - 1. */
export const CONFUSION_LABELS: i32 = 64;

/**
 * confusion_matrix's unweighted cells for labels that are integers in
 * [0, CONFUSION_LABELS), one branch-free pass over yt[0..n) and yp[0..n) (a
 * chunk; call repeatedly): cells[yt * CONFUSION_LABELS + yp] += 1, spread
 * over four u32 tables (cells, then three more of the same size; consecutive
 * rows in different tables, so that runs of one cell do not wait on each
 * other's increments; the caller adds them up). The counts are exact, the
 * same as confusionStats' sequential sums of 1.0. out (f64) [0] is set to 1
 * when some value is anything else (NaN, infinities, fractions, negatives,
 * larger labels): the caller then gives up.
 */
export function confusionSmallChunk(yt: usize, yp: usize, n: i32, cells: usize, out: usize): void {
  const L = <f64>CONFUSION_LABELS, M = <u32>(CONFUSION_LABELS - 1);
  const T: usize = <usize>(CONFUSION_LABELS * CONFUSION_LABELS) << 2;
  let bad = false;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    const Z = f64x2.splat(0), LV = f64x2.splat(L);
    let ok = i64x2.splat(-1);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      const t0 = v128.load(yt + o), t1 = v128.load(yt + o, 16);
      const p0 = v128.load(yp + o), p1 = v128.load(yp + o, 16);
      // in range and integral (NaN fails every comparison)
      ok = v128.and(ok, v128.and(
        v128.and(v128.and(f64x2.ge(t0, Z), f64x2.lt(t0, LV)), v128.and(f64x2.ge(p0, Z), f64x2.lt(p0, LV))),
        v128.and(v128.and(f64x2.ge(t1, Z), f64x2.lt(t1, LV)), v128.and(f64x2.ge(p1, Z), f64x2.lt(p1, LV)))));
      ok = v128.and(ok, v128.and(
        v128.and(f64x2.eq(t0, f64x2.floor(t0)), f64x2.eq(p0, f64x2.floor(p0))),
        v128.and(f64x2.eq(t1, f64x2.floor(t1)), f64x2.eq(p1, f64x2.floor(p1)))));
      // cell index t * L + p, exact in f64, as i32 lanes (masked: a flagged value stays in the table)
      const c0 = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(t0, LV), p0));
      const c1 = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(f64x2.mul(t1, LV), p1));
      const MM = <u32>(CONFUSION_LABELS * CONFUSION_LABELS - 1);
      const h0 = cells + (<usize>(<u32>i32x4.extract_lane(c0, 0) & MM) << 2);
      const h1 = cells + T + (<usize>(<u32>i32x4.extract_lane(c0, 1) & MM) << 2);
      const h2 = cells + 2 * T + (<usize>(<u32>i32x4.extract_lane(c1, 0) & MM) << 2);
      const h3 = cells + 3 * T + (<usize>(<u32>i32x4.extract_lane(c1, 1) & MM) << 2);
      store<u32>(h0, load<u32>(h0) + 1);
      store<u32>(h1, load<u32>(h1) + 1);
      store<u32>(h2, load<u32>(h2) + 1);
      store<u32>(h3, load<u32>(h3) + 1);
    }
    bad = !i64x2.all_true(ok);
  }
  for (; i < n; i++) {
    const t = f(yt, i), p = f(yp, i);
    bad |= !((t >= 0.0) & (t < L) & (p >= 0.0) & (p < L) & (t == Math.floor(t)) & (p == Math.floor(p)));
    const c = cells + (<usize>(i & 3) * T) + ((<usize>(((<u32>t) & M) * <u32>CONFUSION_LABELS + ((<u32>p) & M))) << 2);
    store<u32>(c, load<u32>(c) + 1);
  }
  if (bad) store<f64>(out, 1.0);
}

/**
 * Finiteness only (no min/max): 0 all finite, else 1. SIMD when built with it.
 */
export function allFinite(x: usize, n: i32): i32 {
  let i = 0;
  let bad = false;
  if (ASC_FEATURE_SIMD) {
    let B = f64x2.splat(0);
    for (; i + 8 <= n; i += 8) {
      const q = x + (<usize>i << 3);
      const a0 = v128.load(q), a1 = v128.load(q, 16), a2 = v128.load(q, 32), a3 = v128.load(q, 48);
      B = v128.or(B, v128.or(v128.or(f64x2.sub(a0, a0), f64x2.sub(a1, a1)), v128.or(f64x2.sub(a2, a2), f64x2.sub(a3, a3))));
    }
    bad = v128.any_true(B);
  } else {
    let B: f64 = 0;
    for (; i + 4 <= n; i += 4) {
      const a0 = f(x, i), a1 = f(x, i + 1), a2 = f(x, i + 2), a3 = f(x, i + 3);
      B += ((a0 - a0) + (a1 - a1)) + ((a2 - a2) + (a3 - a3));
    }
    bad = B != 0;
  }
  for (; i < n; i++) { const v = f(x, i); if (v - v != 0) bad = true; }
  return bad ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Resumable pairwise summation: numpy's tree for n, evaluated left to right
// with an explicit stack, so it can pause when the next leaf reaches past the
// data available so far and resume when more has been copied in. Leaves and
// combination order are exactly those of pairwise() (same bits).

const MAXD: i32 = 64;
const ST_START: usize = memory.data(MAXD * 4, 16);
const ST_M: usize = memory.data(MAXD * 4, 16);
const ST_STATE: usize = memory.data(MAXD * 4, 16);
const ST_OUT: usize = memory.data(MAXD * 4, 16);
let sp: i32 = 0;
let sK: i32 = 0;

/** Starts a streamed pairwise sum of k quantities over [0, n). */
export function streamBegin(n: i32, k: i32): void {
  sK = k;
  sp = 1;
  store<i32>(ST_START, 0); store<i32>(ST_M, n); store<i32>(ST_STATE, 0); store<i32>(ST_OUT, <i32>SCRATCH);
}

/** Evaluates every pending leaf that lies within [0, avail). Returns 1 when the sum is complete. */
export function streamAdvance(avail: i32, leaf: Leaf): i32 {
  const k = sK;
  while (sp > 0) {
    const fr = <usize>(sp - 1) << 2;
    const start = load<i32>(ST_START + fr), m = load<i32>(ST_M + fr);
    const out = <usize>load<i32>(ST_OUT + fr);
    if (m <= 128) {
      if (start + m > avail) return 0;
      leaf(start, m, out);
      sp--;
      continue;
    }
    const state = load<i32>(ST_STATE + fr);
    let n2 = m >> 1;
    n2 -= n2 & 7;
    const right = out + (<usize>k << 3);
    if (state == 0) {
      store<i32>(ST_STATE + fr, 1);
      const c = fr + 4;
      store<i32>(ST_START + c, start); store<i32>(ST_M + c, n2); store<i32>(ST_STATE + c, 0); store<i32>(ST_OUT + c, <i32>out);
      sp++;
    } else if (state == 1) {
      store<i32>(ST_STATE + fr, 2);
      const c = fr + 4;
      store<i32>(ST_START + c, start + n2); store<i32>(ST_M + c, m - n2); store<i32>(ST_STATE + c, 0); store<i32>(ST_OUT + c, <i32>right);
      sp++;
    } else {
      for (let j = 0; j < k; j++) {
        const p = out + (<usize>j << 3);
        store<f64>(p, load<f64>(p) + load<f64>(right + (<usize>j << 3)));
      }
      sp--;
    }
  }
  return 1;
}

/** Start of the next leaf to evaluate (the first element still needed); n when complete. */
export function streamPendingStart(n: i32): i32 {
  return sp > 0 ? load<i32>(ST_START + (<usize>(sp - 1) << 2)) : n;
}
