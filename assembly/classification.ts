// Label statistics: distinct labels, confusion cells and per-class sums.
// Weighted sums are sequential in input order, like numpy's bincount and
// scipy's coo -> dense, so they match scikit-learn bit for bit.
import { pairwise, lanes, scalarLeaf } from "./pairwise";

/** Labels that are integers in [0, DENSE) take the table paths. */
const DENSE: i32 = 1024;
/** Presence of each dense label (labelScan). */
const MARK: usize = memory.data(DENSE);
/** Output position of each dense label, -1 when not counted (confusionStats). */
const LUT: usize = memory.data(DENSE * 4, 16);

/** v's index in the dense tables: v itself when v is an integer in [0, DENSE) other than -0, else -1. */
// @ts-ignore: decorator
@inline function denseIndex(v: f64): i32 {
  if (!(v >= 0.0 && v < <f64>DENSE)) return -1;
  const iv = <i32>v;
  if (<f64>iv != v || (iv == 0 && (reinterpret<u64>(v) >> 63) != 0)) return -1;
  return iv;
}

/** v's slot in the dense lookup table: v when v is an integer in [0, DENSE) (-0 is 0, as `==` says), else -1. */
// @ts-ignore: decorator
@inline function denseSlot(v: f64): i32 {
  if (!(v >= 0.0 && v < <f64>DENSE)) return -1;
  const iv = <i32>v;
  return <f64>iv == v ? iv : -1;
}

/**
 * Distinct values of a[0..n) up to `cap`, into table (ascending when every value is a small
 * non-negative integer, else in first-seen order).
 * out[0] = number found (cap + 1 when there are more), out[1] = 1 when some
 * value is not an integer (sklearn's "continuous" target type).
 */
export function labelScan(a: usize, n: i32, table: usize, cap: i32, out: usize): void {
  // Small non-negative integer labels (the common case): a presence table instead of a search;
  // the values come out ascending (callers sort them anyway). Anything else (negative,
  // fractional, -0, large) falls back to the general scan below.
  memory.fill(MARK, 0, <usize>DENSE);
  let d = 0;
  for (; d < n; d++) {
    const v = load<f64>(a + (<usize>d << 3));
    const iv = denseIndex(v);
    if (iv < 0) break;
    store<u8>(MARK + <usize>iv, 1);
  }
  if (d == n) {
    let m = 0;
    for (let j = 0; j < DENSE; j++) {
      if (load<u8>(MARK + <usize>j) == 0) continue;
      if (m == cap) { m = cap + 1; break; }
      store<f64>(table + (<usize>m << 3), <f64>j);
      m++;
    }
    store<f64>(out, <f64>m);
    store<f64>(out, 0.0, 8);
    return;
  }
  let k = 0;
  let nonInt = false;
  let last = 0.0;
  for (let i = 0; i < n; i++) {
    const v = load<f64>(a + (<usize>i << 3));
    if (!nonInt && v != Math.floor(v)) nonInt = true;
    if (k > 0 && v == last) continue;
    let found = false;
    for (let j = 0; j < k; j++) {
      if (load<f64>(table + (<usize>j << 3)) == v) { found = true; break; }
    }
    last = v;
    if (found) continue;
    if (k == cap) { k = cap + 1; break; }
    store<f64>(table + (<usize>k << 3), v);
    k++;
  }
  if (k > cap && !nonInt) {
    for (let i = 0; i < n; i++) {
      const v = load<f64>(a + (<usize>i << 3));
      if (v != Math.floor(v)) { nonInt = true; break; }
    }
  }
  store<f64>(out, <f64>k);
  store<f64>(out, nonInt ? 1.0 : 0.0, 8);
}

/** Removes duplicates from sorted a[0..n) in place; returns the new length. */
export function uniqueSorted(a: usize, n: i32): i32 {
  if (n == 0) return 0;
  let k = 1;
  let prev = load<f64>(a);
  for (let i = 1; i < n; i++) {
    const v = load<f64>(a + (<usize>i << 3));
    if (v != prev) {
      store<f64>(a + (<usize>k << 3), v);
      k++;
      prev = v;
    }
  }
  return k;
}

// @ts-ignore: decorator
@inline function find(labels: usize, k: i32, v: f64): i32 {
  let lo = 0, hi = k - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = load<f64>(labels + (<usize>mid << 3));
    if (x < v) lo = mid + 1;
    else if (x > v) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/**
 * Confusion cells and per-class sums. `labels`: k sorted label values;
 * `pos`: i32 output position of each sorted label (-1 = not counted); `dim`:
 * the matrix size (positions are < dim). cells[pt*dim + pp] += w for samples whose true and predicted labels are both
 * counted; trueSum[pt] and predSum[pp] (dim each) sum over all samples whose own
 * label is counted. w = 0: every weight is 1.
 */
export function confusionStats(
  yt: usize, yp: usize, w: usize, n: i32, labels: usize, k: i32, pos: usize, dim: i32,
  cells: usize, trueSum: usize, predSum: usize,
): void {
  // Every label a small non-negative integer: positions from a table indexed by the value
  // (a value that is not such an integer equals no label; -0 equals 0, as in find). Same
  // additions, same order.
  let dense = true;
  for (let j = 0; j < k; j++) {
    if (denseSlot(load<f64>(labels + (<usize>j << 3))) < 0) { dense = false; break; }
  }
  if (dense) {
    memory.fill(LUT, 0xff, <usize>DENSE << 2);
    for (let j = 0; j < k; j++) {
      const iv = <i32>load<f64>(labels + (<usize>j << 3));
      store<i32>(LUT + (<usize>iv << 2), load<i32>(pos + (<usize>j << 2)));
    }
  }
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const wi = w != 0 ? load<f64>(w + o) : 1.0;
    let pa: i32, pb: i32;
    if (dense) {
      const da = denseSlot(load<f64>(yt + o));
      const db = denseSlot(load<f64>(yp + o));
      pa = da >= 0 ? load<i32>(LUT + (<usize>da << 2)) : -1;
      pb = db >= 0 ? load<i32>(LUT + (<usize>db << 2)) : -1;
    } else {
      const a = find(labels, k, load<f64>(yt + o));
      const b = find(labels, k, load<f64>(yp + o));
      pa = a >= 0 ? load<i32>(pos + (<usize>a << 2)) : -1;
      pb = b >= 0 ? load<i32>(pos + (<usize>b << 2)) : -1;
    }
    if (pa >= 0) {
      const p = trueSum + (<usize>pa << 3);
      store<f64>(p, load<f64>(p) + wi);
    }
    if (pb >= 0) {
      const p = predSum + (<usize>pb << 3);
      store<f64>(p, load<f64>(p) + wi);
    }
    if (pa >= 0 && pb >= 0) {
      const p = cells + ((<usize>pa * <usize>dim + <usize>pb) << 3);
      store<f64>(p, load<f64>(p) + wi);
    }
  }
}

let gT: usize = 0;
let gP: usize = 0;
let gW: usize = 0;

// Pairwise sums of w*[yt == yp] and w (numpy's np.average(score, weights=w)).
function accElem(i: i32, q: usize): void {
  const o = <usize>i << 3;
  const wi = load<f64>(gW + o);
  store<f64>(q, load<f64>(gT + o) == load<f64>(gP + o) ? wi : 0.0);
  store<f64>(q, wi, 8);
}
function accLeaf(start: i32, m: i32, out: usize): void {
  if (!ASC_FEATURE_SIMD) { scalarLeaf(start, m, out, 2, accElem); return; }
  const pt = gT + (<usize>start << 3), pp = gP + (<usize>start << 3), pw = gW + (<usize>start << 3);
  let i = 0;
  let sc = 0.0, sw = 0.0;
  if (m >= 8) {
    const Z = f64x2.splat(0);
    let C0 = Z, C1 = Z, C2 = Z, C3 = Z, W0 = Z, W1 = Z, W2 = Z, W3 = Z;
    const m8 = m & ~7;
    for (; i < m8; i += 8) {
      const o = <usize>i << 3;
      const w0 = v128.load(pw + o), w1 = v128.load(pw + o, 16), w2 = v128.load(pw + o, 32), w3 = v128.load(pw + o, 48);
      const c0 = v128.and(f64x2.eq(v128.load(pt + o), v128.load(pp + o)), w0);
      const c1 = v128.and(f64x2.eq(v128.load(pt + o, 16), v128.load(pp + o, 16)), w1);
      const c2 = v128.and(f64x2.eq(v128.load(pt + o, 32), v128.load(pp + o, 32)), w2);
      const c3 = v128.and(f64x2.eq(v128.load(pt + o, 48), v128.load(pp + o, 48)), w3);
      if (i == 0) {
        C0 = c0; C1 = c1; C2 = c2; C3 = c3; W0 = w0; W1 = w1; W2 = w2; W3 = w3;
      } else {
        C0 = f64x2.add(C0, c0); C1 = f64x2.add(C1, c1); C2 = f64x2.add(C2, c2); C3 = f64x2.add(C3, c3);
        W0 = f64x2.add(W0, w0); W1 = f64x2.add(W1, w1); W2 = f64x2.add(W2, w2); W3 = f64x2.add(W3, w3);
      }
    }
    sc = lanes(C0, C1, C2, C3);
    sw = lanes(W0, W1, W2, W3);
  }
  for (; i < m; i++) {
    const o = <usize>i << 3;
    const wi = load<f64>(pw + o);
    sc += load<f64>(pt + o) == load<f64>(pp + o) ? wi : 0.0;
    sw += wi;
  }
  store<f64>(out, sc);
  store<f64>(out, sw, 8);
}

/**
 * Accuracy statistics. Unweighted (w = 0): out[0] = count of yt == yp,
 * out[1] = n. Weighted: pairwise sums of w*[yt == yp] and of w.
 */
export function accuracyStats(yt: usize, yp: usize, w: usize, n: i32, out: usize): void {
  if (w == 0) {
    let c: i64 = 0;
    for (let i = 0; i < n; i++) {
      const o = <usize>i << 3;
      c += i64(load<f64>(yt + o) == load<f64>(yp + o));
    }
    store<f64>(out, <f64>c);
    store<f64>(out, <f64>n, 8);
    return;
  }
  gT = yt; gP = yp; gW = w;
  pairwise(n, 2, accLeaf, out);
}
