// Fused multiclass probability / score matrices (issue 16): one pass over
// row-major chunks of P (n x k) and the labels y does the general path's
// checks (finite values, min / max, probRowCheck's row sums, labels that are
// class indices 0 .. k-1, which classes occur) and writes each row's term —
// the same term, computed by the same operations as multiLogLossSum,
// multiBrierSum or topKSum — to `terms`; the caller sums the terms with
// sumF64 (numpy's pairwise order) once every chunk is in, so the bits are the
// general path's. The caller gives up (general path) when anything is flagged.
import { extraTerm, rowSum } from "./multiclass";

const EPS: f64 = 2.220446049250313e-16;
// @ts-ignore: decorator
@inline function f(p: usize, i: i32): f64 { return load<f64>(p + (<usize>i << 3)); }

/** Scratch for one row of Brier terms (k <= 64). */
const ROW: usize = memory.data(64 * 8, 16);

/**
 * Rows [0, m) of a chunk: P (m x k), y (m labels), terms written to
 * terms[0..m). mode 0: log loss (-log(clip(P[i, y], eps, 1 - eps))), 1: Brier
 * (row sum of (onehot - P)^2), 2: top-kk hit (1 or 0). k in [3, 64].
 * state (f64 x 6): [0] flags (non-finite value, label that is not an integer
 * in [0, k)), [1] min, [2] max of P, [3] rows whose sum is not close to 1
 * (probRowCheck's mode 1, modes 0 and 1 only), [4] the classes seen as a
 * u64 bit mask (bits), [5] unused. Initialise with mcStateInit.
 */
export function mcProbChunk(P: usize, y: usize, m: i32, k: i32, mode: i32, kk: i32, terms: usize, state: usize): void {
  let bad = 0;
  let lo = load<f64>(state, 8), hi = load<f64>(state, 16);
  let badRows = load<f64>(state, 24);
  let mask = load<u64>(state, 32);
  const rtol = Math.sqrt(EPS);
  const kf = <f64>k;
  for (let i = 0; i < m; i++) {
    const row = P + ((<usize>i * <usize>k) << 3);
    const t = f(y, i);
    bad |= i32(!((t >= 0.0) & (t < kf) & (t == Math.floor(t))));
    const c = <i32>t & 63;
    mask |= (<u64>1) << <u64>c;
    let fin = 0.0;
    for (let j = 0; j < k; j++) {
      const v = f(row, j);
      fin += v - v; // NaN for NaN and infinities
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    bad |= i32(fin != 0.0);
    let term = 0.0;
    if (mode == 2) {
      const v = f(row, c < k ? c : 0);
      let above = 0;
      for (let j = 0; j < k; j++) {
        const x = f(row, j);
        above += i32((x > v) | ((x == v) & (j > c)));
      }
      term = above < kk ? 1.0 : 0.0;
    } else {
      const s = rowSum(row, k);
      badRows += f64(!(Math.abs(s - 1.0) <= 1e-8 + rtol));
      if (mode == 0) {
        const q = f(row, c < k ? c : 0);
        term = -Math.log(Math.min(Math.max(q, EPS), 1.0 - EPS));
      } else {
        for (let j = 0; j < k; j++) {
          const d = (j == c ? 1.0 : 0.0) - f(row, j);
          store<f64>(ROW + (<usize>j << 3), d * d);
        }
        term = rowSum(ROW, k);
      }
    }
    store<f64>(terms + (<usize>i << 3), term);
  }
  if (bad) store<f64>(state, 1.0);
  store<f64>(state, lo, 8);
  store<f64>(state, hi, 16);
  store<f64>(state, badRows, 24);
  store<u64>(state, mask, 32);
}

/** Initial state of mcProbChunk. */
export function mcStateInit(state: usize): void {
  store<f64>(state, 0.0);
  store<f64>(state, Infinity, 8);
  store<f64>(state, -Infinity, 16);
  store<f64>(state, 0.0, 24);
  store<u64>(state, 0, 32);
  store<f64>(state, 0.0, 40);
}

/**
 * Binary Brier terms of a chunk, as labelIndicator + brierSum compute them
 * (t1 = [y == pos], t0 = 1 - t1, (t0 - (1 - p))² + (t1 - p)²), to terms[0..m);
 * state[0] is set to 1 when a probability is not in [0, 1] (NaN included) or
 * a label is neither a nor b (the caller then gives up).
 */
export function brierBinaryChunk(y: usize, p: usize, m: i32, a: f64, b: f64, pos: f64, terms: usize, state: usize): void {
  let bad = 0;
  for (let i = 0; i < m; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(y + o), pi = load<f64>(p + o);
    bad |= i32(!((pi >= 0.0) & (pi <= 1.0) & ((t == a) | (t == b))));
    const t1: f64 = t == pos ? 1.0 : 0.0, t0 = 1.0 - t1;
    const u = t0 - (1.0 - pi), v = t1 - pi;
    store<f64>(terms + o, u * u + v * v);
  }
  if (bad) store<f64>(state, 1.0);
}

/**
 * Unweighted terms of the extra regression losses (regExtraSum's extraTerm,
 * kind and a as there) of a chunk, to terms[0..m). state (f64 x 3): [0] set
 * to 1 when a value is not finite, [1] min of yt, [2] min of yp (the caller
 * checks the loss's domain with them). Initialise state to [0, inf, inf].
 */
export function regExtraChunk(kind: i32, yt: usize, yp: usize, m: i32, a: f64, terms: usize, state: usize): void {
  let fin = 0.0;
  let lt = load<f64>(state, 8), lp = load<f64>(state, 16);
  for (let i = 0; i < m; i++) {
    const o = <usize>i << 3;
    const t = load<f64>(yt + o), p = load<f64>(yp + o);
    fin += (t - t) + (p - p);
    lt = Math.min(lt, t);
    lp = Math.min(lp, p);
    store<f64>(terms + o, extraTerm(kind, t, p, a));
  }
  if (fin != 0.0) store<f64>(state, 1.0);
  store<f64>(state, lt, 8);
  store<f64>(state, lp, 16);
}
