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

// --- Key-only sort (no payload): MSD radix on the varying bits, cache-sized
// buckets finished by further MSD digits, buckets of <= KS_LEAF keys by
// insertion. Each level consumes >= 4 bits (the last one what is left), so
// the work is O(n * 64 / 4) in the worst case; there is no comparison sort
// over the data (insertion only inside buckets of at most KS_LEAF keys).
const KS_LEAF: i32 = 32;
// Groups of at most KS_RANGE keys finish their small buckets in one insertion pass.
const KS_RANGE: i32 = 1 << 16;
const KS_WADJ: i32 = 1;
const KS_WMAX: i32 = 11;
const KS_LEVEL: usize = (1 << KS_WMAX) * 4;
/** Bytes of histogram space sortKeysU64 needs (one 2048-bucket table per level). */
export const KEY_SORT_HIST_BYTES: i32 = 18 * (1 << KS_WMAX) * 4;

/** Scratch bytes sortKeysU64 needs in `hist`. */
export function keySortHistBytes(): i32 {
  return KEY_SORT_HIST_BYTES;
}

function insertionSortU64(p: usize, m: i32): void {
  for (let i = 1; i < m; i++) {
    const k = load<u64>(p + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0) {
      const v = load<u64>(p + (<usize>j << 3));
      if (v <= k) break;
      store<u64>(p + (<usize>(j + 1) << 3), v);
      j--;
    }
    store<u64>(p + (<usize>(j + 1) << 3), k);
  }
}

// Sorts the m keys at A[off..) (scratch B[off..)) by bits top..low; the
// result ends in A when toA, else in B. Bits above top are equal within the
// range; bits below low are equal over all keys.
/**
 * The digit msdKeys takes first for m keys whose highest bit to sort is top
 * (lowest low): returns shift | width << 8 (the digit is (key >> shift) &
 * ((1 << width) - 1)).
 */
export function msdDigit(m: i32, top: i32, low: i32): i32 {
  let width = 31 + KS_WADJ - <i32>clz(<u32>m);
  if (width < 4) width = 4;
  if (width > KS_WMAX) width = KS_WMAX;
  let shift = top + 1 - width;
  if (shift < low) { shift = low; width = top + 1 - low; }
  return shift | (width << 8);
}

function msdKeys(A: usize, B: usize, off: i32, m: i32, top: i32, low: i32, toA: bool, hist: usize,
                 prebuilt: bool = false): void {
  const pa = A + (<usize>off << 3), pb = B + (<usize>off << 3);
  if (m <= KS_LEAF || top < low) {
    if (!toA) memory.copy(pb, pa, <usize>m << 3);
    if (top >= low) insertionSortU64(toA ? pa : pb, m);
    return;
  }
  const dg = msdDigit(m, top, low);
  const shift = dg & 255, width = dg >> 8;
  const buckets = 1 << width;
  const mask: u64 = <u64>(buckets - 1);
  const sh = <u64>shift;
  if (!prebuilt) {
    memory.fill(hist, 0, <usize>buckets << 2);
    for (let i = 0; i < m; i++) {
      const h = hist + (<usize>((load<u64>(pa + (<usize>i << 3)) >> sh) & mask) << 2);
      store<u32>(h, load<u32>(h) + 1);
    }
  }
  // One bucket holds everything: this digit is constant here, go on with the next.
  if (load<u32>(hist + (<usize>((load<u64>(pa) >> sh) & mask) << 2)) == <u32>m) {
    msdKeys(A, B, off, m, shift - 1, low, toA, hist);
    return;
  }
  // Positions in the next level's table (free until the children run).
  const pos = hist + KS_LEVEL;
  let sum: u32 = 0;
  for (let b = 0; b < buckets; b++) {
    store<u32>(pos + (<usize>b << 2), sum);
    sum += load<u32>(hist + (<usize>b << 2));
  }
  for (let i = 0; i < m; i++) {
    const k = load<u64>(pa + (<usize>i << 3));
    const h = pos + (<usize>((k >> sh) & mask) << 2);
    const q = load<u32>(h);
    store<u32>(h, q + 1);
    store<u64>(pb + (<usize>q << 3), k);
  }
  // Buckets are now in B; each must end in A when toA (else stay in B).
  let start = off;
  const done = shift == low; // no bits left: every bucket holds equal keys
  if (m <= KS_RANGE && !done) {
    // Cache-sized group: buckets above KS_LEAF keys are sorted by recursion;
    // the small ones (nearly all) are finished by one insertion pass over the
    // whole group, where each key moves only inside its own bucket. No
    // per-bucket work on the data, so no unpredictable branches per bucket.
    for (let b = 0; b < buckets; b++) {
      const c = <i32>load<u32>(hist + (<usize>b << 2));
      if (c > KS_LEAF) {
        msdKeys(B, A, start, c, shift - 1, low, !toA, hist + KS_LEVEL);
      } else if (toA) {
        for (let i = start, e = start + c; i < e; i++) store<u64>(A + (<usize>i << 3), load<u64>(B + (<usize>i << 3)));
      }
      start += c;
    }
    insertionSortU64(toA ? pa : pb, m);
    return;
  }
  for (let b = 0; b < buckets; b++) {
    const c = <i32>load<u32>(hist + (<usize>b << 2));
    if (c == 0) continue;
    if (c <= KS_LEAF || done) {
      const src = B + (<usize>start << 3);
      if (done) {
        if (toA) memory.copy(A + (<usize>start << 3), src, <usize>c << 3);
      } else if (toA) {
        insertionCopyU64(src, A + (<usize>start << 3), c);
      } else {
        insertionSortU64(src, c);
      }
    } else {
      msdKeys(B, A, start, c, shift - 1, low, !toA, hist + KS_LEVEL);
    }
    start += c;
  }
}

// Insertion sort of the m keys at src into dst (src is left as it was).
// @ts-ignore: decorator
@inline function insertionCopyU64(src: usize, dst: usize, m: i32): void {
  store<u64>(dst, load<u64>(src));
  for (let i = 1; i < m; i++) {
    const k = load<u64>(src + (<usize>i << 3));
    let j = i - 1;
    while (j >= 0) {
      const v = load<u64>(dst + (<usize>j << 3));
      if (v <= k) break;
      store<u64>(dst + (<usize>(j + 1) << 3), v);
      j--;
    }
    store<u64>(dst + (<usize>(j + 1) << 3), k);
  }
}

/**
 * True when the n keys at a are in ascending order, possibly after reversing
 * them here (they were in descending order: equal keys are identical, so the
 * reversal is their ascending order). Each scan stops at its first key out of
 * order, so unsorted input costs a few reads.
 */
function presorted(a: usize, n: i32): bool {
  let i = 1;
  while (i < n && load<u64>(a + (<usize>i << 3)) >= load<u64>(a + (<usize>(i - 1) << 3))) i++;
  if (i >= n) return true;
  let j = 1;
  while (j < n && load<u64>(a + (<usize>j << 3)) <= load<u64>(a + (<usize>(j - 1) << 3))) j++;
  if (j < n) return false;
  for (let lo = 0, hi = n - 1; lo < hi; lo++, hi--) {
    const p = a + (<usize>lo << 3), q = a + (<usize>hi << 3);
    const t = load<u64>(p);
    store<u64>(p, load<u64>(q));
    store<u64>(q, t);
  }
  return true;
}

/**
 * Sorts n u64 keys at `a` ascending, keys only (equal keys are
 * indistinguishable, so stability does not arise). One OR/AND pre-pass finds
 * the bits that vary; only those are sorted (MSD radix, see msdKeys). `tmp`:
 * n*8 scratch; `hist`: KEY_SORT_HIST_BYTES scratch. Returns `a`.
 */
export function sortKeysU64(a: usize, n: i32, tmp: usize, hist: usize): usize {
  if (n <= 1) return a;
  let orK: u64 = 0, andK: u64 = ~(<u64>0);
  for (let i = 0; i < n; i++) {
    const k = load<u64>(a + (<usize>i << 3));
    orK |= k; andK &= k;
  }
  const vary = orK ^ andK;
  if (vary == 0 || presorted(a, n)) return a;
  msdKeys(a, tmp, 0, n, 63 - <i32>clz(vary), <i32>ctz(vary), true, hist);
  return a;
}

/**
 * sortKeysU64 for a caller that knows the keys' highest varying bit `top`
 * (all higher bits equal; top < 64) and has already counted the first digit
 * (msdDigit(n, top, 0)) into `hist` (u32 per bucket).
 */
export function sortKeysCounted(a: usize, n: i32, top: i32, tmp: usize, hist: usize): void {
  if (presorted(a, n)) return;
  if (n <= KS_LEAF) {
    insertionSortU64(a, n);
    return;
  }
  msdKeys(a, tmp, 0, n, top, 0, true, hist, true);
}
