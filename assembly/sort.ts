// LSD radix sort of f64 values by their order-preserving u64 image, 11-bit
// digits, with an optional u32 payload (stable: equal keys keep input order).
// Passes whose digit is the same for every key are skipped.

const MSB: u64 = 0x8000000000000000;
const RADIX_BITS: u64 = 11;
const BUCKETS: i32 = 2048;
const PASSES: i32 = 6;
/** Bytes of histogram space the caller must supply. */
export const SORT_HIST_BYTES: i32 = PASSES * BUCKETS * 4;

// -0.0 is mapped like +0.0 so that the two compare equal, as in numpy.
// @ts-ignore: decorator
@inline export function toKey(x: f64): u64 {
  let b = reinterpret<u64>(x);
  if (b == MSB) b = 0;
  return (b >> 63) != 0 ? ~b : b | MSB;
}
// @ts-ignore: decorator
@inline export function fromKey(k: u64): f64 {
  return reinterpret<f64>((k >> 63) != 0 ? k & ~MSB : ~k);
}

/**
 * Sorts n f64 at `a` ascending in place (via keys). `tmp`: n*8 scratch bytes;
 * `idx`/`idxTmp`: optional u32 payload (0 = none) permuted alongside, n*4 bytes
 * each; `hist`: SORT_HIST_BYTES scratch.
 */
export function sortF64(a: usize, n: i32, tmp: usize, idx: usize, idxTmp: usize, hist: usize): void {
  memory.fill(hist, 0, <usize>SORT_HIST_BYTES);
  for (let i = 0; i < n; i++) {
    const p = a + (<usize>i << 3);
    const k = toKey(load<f64>(p));
    store<u64>(p, k);
    for (let d = 0; d < PASSES; d++) {
      const h = hist + ((<usize>d * BUCKETS + <usize>((k >> (<u64>d * RADIX_BITS)) & 2047)) << 2);
      store<u32>(h, load<u32>(h) + 1);
    }
  }
  let src = a, dst = tmp, isrc = idx, idst = idxTmp;
  const first = n > 0 ? load<u64>(a) : 0;
  for (let d = 0; d < PASSES; d++) {
    const hd = hist + (<usize>d * BUCKETS << 2);
    const shift = <u64>d * RADIX_BITS;
    if (n == 0 || load<u32>(hd + (<usize>((first >> shift) & 2047) << 2)) == <u32>n) continue;
    let sum: u32 = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const h = hd + (<usize>b << 2);
      const c = load<u32>(h);
      store<u32>(h, sum);
      sum += c;
    }
    if (idx != 0) {
      for (let i = 0; i < n; i++) {
        const k = load<u64>(src + (<usize>i << 3));
        const h = hd + (<usize>((k >> shift) & 2047) << 2);
        const pos = load<u32>(h);
        store<u32>(h, pos + 1);
        store<u64>(dst + (<usize>pos << 3), k);
        store<u32>(idst + (<usize>pos << 2), load<u32>(isrc + (<usize>i << 2)));
      }
      const t = isrc; isrc = idst; idst = t;
    } else {
      for (let i = 0; i < n; i++) {
        const k = load<u64>(src + (<usize>i << 3));
        const h = hd + (<usize>((k >> shift) & 2047) << 2);
        const pos = load<u32>(h);
        store<u32>(h, pos + 1);
        store<u64>(dst + (<usize>pos << 3), k);
      }
    }
    const t = src; src = dst; dst = t;
  }
  if (src != a) {
    memory.copy(a, src, <usize>n << 3);
    if (idx != 0) memory.copy(idx, isrc, <usize>n << 2);
  }
  for (let i = 0; i < n; i++) {
    const p = a + (<usize>i << 3);
    store<f64>(p, fromKey(load<u64>(p)));
  }
}

/** Fills idx[0..n) with 0..n-1. */
export function iota(idx: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(idx + (<usize>i << 2), <u32>i);
}

/** out[i] = |yt[i] - yp[i]| (for the median absolute error). */
export function absDiff(yt: usize, yp: usize, n: i32, out: usize): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(out + o, Math.abs(load<f64>(yp + o) - load<f64>(yt + o)));
  }
}

/** out[i] = w[idx[0]] + ... + w[idx[i]], summed left to right (np.cumsum order). */
export function cumsumPermuted(w: usize, idx: usize, n: i32, out: usize): void {
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    s += load<f64>(w + (<usize>load<u32>(idx + (<usize>i << 2)) << 3));
    store<f64>(out + (<usize>i << 3), s);
  }
}
