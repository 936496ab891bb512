// numpy's pairwise summation order (numpy/_core/src/umath/loops_utils.h.src):
// n < 8: one running sum; n <= 128: eight lanes r[j] += a[i+j], combined as
// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder one by one;
// n > 128: split at n/2 rounded down to a multiple of 8 and recurse.
// A kernel supplies a leaf that sums K quantities over [start, start+m) in that
// order and writes them to out[0..K); this driver combines leaves like numpy.
import { SCRATCH } from "./memory";

export type Leaf = (start: i32, m: i32, out: usize) => void;

export const PW_BLOCK: i32 = 128;

function rec(start: i32, m: i32, k: i32, leaf: Leaf, out: usize): void {
  if (m <= PW_BLOCK) {
    leaf(start, m, out);
    return;
  }
  let n2 = m >> 1;
  n2 -= n2 & 7;
  const right = out + (<usize>k << 3);
  rec(start, n2, k, leaf, out);
  rec(start + n2, m - n2, k, leaf, right);
  for (let j = 0; j < k; j++) {
    const p = out + (<usize>j << 3);
    store<f64>(p, load<f64>(p) + load<f64>(right + (<usize>j << 3)));
  }
}

/** Runs `leaf` over [0, n) in numpy's pairwise tree; K sums land in out[0..K). */
export function pairwise(n: i32, k: i32, leaf: Leaf, out: usize): void {
  rec(0, n, k, leaf, SCRATCH);
  memory.copy(out, SCRATCH, <usize>k << 3);
}

// Scalar build (no SIMD): a leaf with eight explicit running sums per
// quantity, the same IEEE operations in the same order as the 8-lane SIMD
// leaves (lanes are independent), so both builds give identical bits.
// elem(i, q) writes the K per-element values of element i to q[0..K).
export type Elem = (i: i32, q: usize) => void;
const SL_R: usize = memory.data(16 * 8 * 8, 16);
const SL_Q: usize = memory.data(16 * 8, 16);

export function scalarLeaf(start: i32, m: i32, out: usize, k: i32, elem: Elem): void {
  if (m < 8) {
    for (let j = 0; j < k; j++) store<f64>(out + (<usize>j << 3), 0.0);
    for (let i = 0; i < m; i++) {
      elem(start + i, SL_Q);
      for (let j = 0; j < k; j++) {
        const o = out + (<usize>j << 3);
        store<f64>(o, load<f64>(o) + load<f64>(SL_Q + (<usize>j << 3)));
      }
    }
    return;
  }
  for (let l = 0; l < 8; l++) {
    elem(start + l, SL_Q);
    for (let j = 0; j < k; j++) store<f64>(SL_R + ((<usize>(j << 3) + l) << 3), load<f64>(SL_Q + (<usize>j << 3)));
  }
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    for (let l = 0; l < 8; l++) {
      elem(start + i + l, SL_Q);
      for (let j = 0; j < k; j++) {
        const r = SL_R + ((<usize>(j << 3) + l) << 3);
        store<f64>(r, load<f64>(r) + load<f64>(SL_Q + (<usize>j << 3)));
      }
    }
  }
  for (let j = 0; j < k; j++) {
    const r = SL_R + (<usize>(j << 3) << 3);
    store<f64>(out + (<usize>j << 3),
      ((load<f64>(r) + load<f64>(r, 8)) + (load<f64>(r, 16) + load<f64>(r, 24))) +
      ((load<f64>(r, 32) + load<f64>(r, 40)) + (load<f64>(r, 48) + load<f64>(r, 56))));
  }
  for (; i < m; i++) {
    elem(start + i, SL_Q);
    for (let j = 0; j < k; j++) {
      const o = out + (<usize>j << 3);
      store<f64>(o, load<f64>(o) + load<f64>(SL_Q + (<usize>j << 3)));
    }
  }
}

/** Combines the eight lanes held in four f64x2 vectors as numpy does. */
// @ts-ignore: decorator
@inline export function lanes(v0: v128, v1: v128, v2: v128, v3: v128): f64 {
  return ((f64x2.extract_lane(v0, 0) + f64x2.extract_lane(v0, 1)) +
          (f64x2.extract_lane(v1, 0) + f64x2.extract_lane(v1, 1))) +
         ((f64x2.extract_lane(v2, 0) + f64x2.extract_lane(v2, 1)) +
          (f64x2.extract_lane(v3, 0) + f64x2.extract_lane(v3, 1)));
}

// Generic single-array sum (used for plain np.sum / np.mean of a buffer).
let gA: usize = 0;
/** Points sumLeaf at `a` (element i at a + 8i; a may be offset so that a window holds the elements in use). */
export function sumLeafBase(a: usize): void { gA = a; }
function sumElem(i: i32, q: usize): void { store<f64>(q, load<f64>(gA + (<usize>i << 3))); }
export function sumLeaf(start: i32, m: i32, out: usize): void {
  if (!ASC_FEATURE_SIMD) { scalarLeaf(start, m, out, 1, sumElem); return; }
  const p = gA + (<usize>start << 3);
  if (m < 8) {
    let s = 0.0;
    for (let i = 0; i < m; i++) s += load<f64>(p + (<usize>i << 3));
    store<f64>(out, s);
    return;
  }
  let r0 = v128.load(p), r1 = v128.load(p, 16), r2 = v128.load(p, 32), r3 = v128.load(p, 48);
  const m8 = m & ~7;
  let i = 8;
  for (; i < m8; i += 8) {
    const q = p + (<usize>i << 3);
    r0 = f64x2.add(r0, v128.load(q));
    r1 = f64x2.add(r1, v128.load(q, 16));
    r2 = f64x2.add(r2, v128.load(q, 32));
    r3 = f64x2.add(r3, v128.load(q, 48));
  }
  let s = lanes(r0, r1, r2, r3);
  for (; i < m; i++) s += load<f64>(p + (<usize>i << 3));
  store<f64>(out, s);
}

/** np.sum of a contiguous f64 buffer, bit for bit. */
export function sumF64(a: usize, n: i32): f64 {
  gA = a;
  pairwise(n, 1, sumLeaf, SCRATCH + 39 * 16 * 8);
  return load<f64>(SCRATCH + 39 * 16 * 8);
}

/** Left-to-right sum (Python's builtin `sum`, np.cumsum's last element). */
export function sumSequential(a: usize, n: i32): f64 {
  let s = 0.0;
  for (let i = 0; i < n; i++) s += load<f64>(a + (<usize>i << 3));
  return s;
}

/**
 * The read limit for benchmarks: every element of a[0..n) loaded once with
 * SIMD and added into four independent vector sums (no pairwise tree, no
 * leaves: the fastest plain read we have; the result is only a checksum).
 */
export function readF64(a: usize, n: i32): f64 {
  let s = 0.0;
  let i = 0;
  if (ASC_FEATURE_SIMD) {
    let R0 = f64x2.splat(0), R1 = R0, R2 = R0, R3 = R0;
    for (; i + 8 <= n; i += 8) {
      const q = a + (<usize>i << 3);
      R0 = f64x2.add(R0, v128.load(q)); R1 = f64x2.add(R1, v128.load(q, 16));
      R2 = f64x2.add(R2, v128.load(q, 32)); R3 = f64x2.add(R3, v128.load(q, 48));
    }
    s = lanes(R0, R1, R2, R3);
  }
  for (; i < n; i++) s += load<f64>(a + (<usize>i << 3));
  return s;
}
