// Streamed exact binary ROC AUC and average precision (unweighted), for rows
// that are never held in one array (plan: src/ranking/streamed.ts). Rows
// arrive chunk by chunk: scores (f64) and class ids (u8, or u16 when wide),
// positive when the id equals `pos`. The sort key of a row is toKey(-score)
// (ascending = score descending; -0 and +0 share a key).
//
// srHist / srRefine count rows per key range (pieces), srScatter puts the
// rows of one batch in key order of their groups (runs of pieces) as composed
// keys ((key - lo) << 1 | label), srSortGroups sorts each group (key sort),
// srWalk / srTie append the sorted rows to two bit arrays (label, last row of
// its group of equal scores) while counting the curve's points, and srSums
// regenerates the ROC and precision-recall terms from the bits and sums them
// in numpy's pairwise order (the tree of sumF64, streamed: fused.ts).
import { toKey, sortKeysU64 } from "./sort";
import { streamBegin, streamAdvance, streamPendingStart } from "./fused";
import { sumLeaf, sumLeafBase } from "./pairwise";
import { SCRATCH } from "./memory";

// @ts-ignore: decorator
@inline function key(s: usize, i: i32): u64 { return toKey(-load<f64>(s + (<usize>i << 3))); }
// @ts-ignore: decorator
@inline function label(c: usize, i: i32, wide: i32, pos: i32): u64 {
  return <u64>((wide ? <i32>load<u16>(c + (<usize>i << 1)) : <i32>load<u8>(c + <usize>i)) == pos);
}

/** Per top key bits (key >> sh): hist[d] = (u32 rows, u32 positives), accumulated. */
export function srHist(s: usize, c: usize, n: i32, wide: i32, pos: i32, sh: i32, hist: usize): void {
  const b = <u64>sh;
  for (let i = 0; i < n; i++) {
    const h = hist + (<usize>(key(s, i) >> b) << 3);
    store<u32>(h, load<u32>(h) + 1);
    store<u32>(h, load<u32>(h, 4) + <u32>label(c, i, wide, pos), 4);
  }
}

/** Bytes of one sub-table of the lookup (find). */
export const SUB_BYTES: usize = 16 + 4096 * 4;

/**
 * The lookup of a key's piece: e = top[key >> sh]; while e <= -2, e is
 * sub-table -2 - e (at subs + that * SUB_BYTES: u64 lo, u64 shift, 4096 i32
 * entries) and e = entry[(key - lo) >> shift]. -1: nothing to do for the key.
 */
// @ts-ignore: decorator
@inline function find(k: u64, top: usize, sh: i32, subs: usize): i32 {
  let e = load<i32>(top + (<usize>(k >> <u64>sh) << 2));
  while (e < -1) {
    const t = subs + <usize>(-2 - e) * SUB_BYTES;
    e = load<i32>(t + 16 + (<usize>((k - load<u64>(t)) >> load<u64>(t, 8)) << 2));
  }
  return e;
}

/**
 * Counts the rows of the pieces to split: a key whose lookup gives r >= 0
 * belongs to piece r (u64 lo, u64 shift at ranges + 16 r) and its digit is
 * (key - lo) >> shift (< 4096): entry r * 4096 + digit of hist (24 bytes,
 * zeroed first) = u32 rows, u32 positives, u64 min and u64 max of the keys met.
 */
export function srRefine(s: usize, c: usize, n: i32, wide: i32, pos: i32, top: usize, sh: i32, subs: usize,
                         ranges: usize, hist: usize): void {
  for (let i = 0; i < n; i++) {
    const k = key(s, i);
    const r = find(k, top, sh, subs);
    if (r < 0) continue;
    const q = ranges + (<usize>r << 4);
    const h = hist + (<usize>(r << 12) + <usize>((k - load<u64>(q)) >> load<u64>(q, 8))) * 24;
    const m = load<u32>(h);
    store<u32>(h, m + 1);
    store<u32>(h, load<u32>(h, 4) + <u32>label(c, i, wide, pos), 4);
    if (m == 0 || k < load<u64>(h, 8)) store<u64>(h, k, 8);
    if (m == 0 || k > load<u64>(h, 16)) store<u64>(h, k, 16);
  }
}

/**
 * Scatters the rows of one batch (keys in [lo, lo + width]) to their groups:
 * the lookup (find) gives a group, and groups [first, first + count) are the
 * batch's: the row goes to buf[cur[e - first]++] as ((key - lo) << 1) | label.
 */
export function srScatter(s: usize, c: usize, n: i32, wide: i32, pos: i32, top: usize, sh: i32, subs: usize,
                          first: i32, count: i32, cur: usize, lo: u64, width: u64, buf: usize): void {
  for (let i = 0; i < n; i++) {
    const k = key(s, i);
    if (k - lo > width) continue;
    const j = <u32>(find(k, top, sh, subs) - first);
    if (j >= <u32>count) continue;
    const q = cur + (<usize>j << 2);
    const at = load<u32>(q);
    store<u32>(q, at + 1);
    store<u64>(buf + (<usize>at << 3), ((k - lo) << 1) | label(c, i, wide, pos));
  }
}

/**
 * Sorts the np consecutive groups of buf (u32 sizes at `sizes`) one by one;
 * a group larger than tmpCap holds one score (its keys differ only in the
 * label bit, an order the walk does not need) and is left as it is.
 */
export function srSortGroups(buf: usize, sizes: usize, np: i32, tmp: usize, tmpCap: i32, hist: usize): void {
  let at: usize = buf;
  for (let j = 0; j < np; j++) {
    const m = <i32>load<u32>(sizes + (<usize>j << 2));
    if (m <= tmpCap) sortKeysU64(at, m, tmp, hist);
    at += <usize>m << 3;
  }
}

// --- The walk: rows in sorted order become two bit arrays (bit i of L: row i
// is positive; of E: row i ends its group of equal scores). A point of the
// curves is the end of a group: tps = positives so far, fps = rows - tps.
// State between calls lives in globals, copied to locals inside the loops.
let gL: usize = 0, gE: usize = 0;
let gRow: i32 = 0;
let gLacc: u64 = 0, gEacc: u64 = 0;
let gTp: f64 = 0;
// roc_curve's drop_intermediate (as aucComposed): points so far (m), the
// candidate (f1, t1) and its predecessor (f0, t0); gK counts kept points.
let gM: f64 = 0, gK: f64 = 0;
let gF0: f64 = 0, gT0: f64 = 0, gF1: f64 = 0, gT1: f64 = 0;

/** Whether the candidate (f1, t1) after (f0, t0) is kept now that (f2, t2) follows (m points before it). */
// @ts-ignore: decorator
@inline function keeps(m: f64, f0: f64, t0: f64, f1: f64, t1: f64, f2: f64, t2: f64): i32 {
  return <i32>(m >= 1) & (<i32>(m == 1) | <i32>((f2 - f1) - (f1 - f0) != 0) | <i32>((t2 - t1) - (t1 - t0) != 0));
}

/** Starts a walk writing the bit arrays L and E (ceil(n / 64) u64 each). */
export function srBegin(L: usize, E: usize): void {
  gL = L; gE = E;
  gRow = 0; gLacc = 0; gEacc = 0; gTp = 0;
  gM = 0; gK = 0; gF0 = 0; gT0 = 0; gF1 = 0; gT1 = 0;
}

/**
 * Appends n rows: composed keys sorted ascending when keys != 0, else (a group
 * of ties) cnt rows of which p are positive. The last row ends a group (the
 * batches are key-disjoint).
 */
function walk(keys: usize, n: i32, p: i32): void {
  let row = gRow, la = gLacc, ea = gEacc, tp = gTp;
  let m = gM, kk = gK, f0 = gF0, t0 = gT0, f1 = gF1, t1 = gT1;
  const L = gL, E = gE;
  for (let i = 0; i < n; i++) {
    let l: u64, e: u64;
    if (keys != 0) {
      const c = load<u64>(keys + (<usize>i << 3));
      l = c & 1;
      e = <u64>(i + 1 == n || (load<u64>(keys + (<usize>(i + 1) << 3)) >> 1) != (c >> 1));
    } else {
      l = <u64>(i < p);
      e = <u64>(i + 1 == n);
    }
    const b = <u64>(row & 63);
    la |= l << b;
    ea |= e << b;
    tp += <f64>l;
    row++;
    if ((row & 63) == 0) {
      const w = <usize>((row >> 6) - 1) << 3;
      store<u64>(L + w, la);
      store<u64>(E + w, ea);
      la = 0;
      ea = 0;
    }
    if (e) {
      const t2 = tp, f2 = <f64>row - tp;
      kk += <f64>keeps(m, f0, t0, f1, t1, f2, t2);
      f0 = f1; t0 = t1; f1 = f2; t1 = t2;
      m += 1;
    }
  }
  gRow = row; gLacc = la; gEacc = ea; gTp = tp;
  gM = m; gK = kk; gF0 = f0; gT0 = t0; gF1 = f1; gT1 = t1;
}

/** Appends n composed keys sorted ascending. */
export function srWalk(keys: usize, n: i32): void {
  walk(keys, n, 0);
}

/** Appends one group of cnt equal scores, p of them positive. */
export function srTie(cnt: i32, p: i32): void {
  walk(0, cnt, p);
}

/** Ends the walk (stores the last partial words); out (f64): rows, positives, points, kept ROC points. */
export function srEnd(out: usize): void {
  if (gRow & 63) {
    const w = <usize>(gRow >> 6) << 3;
    store<u64>(gL + w, gLacc);
    store<u64>(gE + w, gEacc);
  }
  store<f64>(out, <f64>gRow);
  store<f64>(out, gTp, 8);
  store<f64>(out, gM, 16);
  store<f64>(out, gM >= 1 ? gK + 1 : 0, 24);
}

// --- Terms into a window buffer of TCAP f64, summed by the streamed pairwise
// tree (assembly/fused.ts): terms [tBase, tBase + len) are in the window.
let tB: usize = 0;
let tCap: i32 = 0, tBase: i32 = 0, tTotal: i32 = 0;

/** Sums the complete leaves among the len buffered terms; returns how many remain (moved to the front). */
function drain(len: i32): i32 {
  sumLeafBase(tB - (<usize>tBase << 3));
  streamAdvance(tBase + len, sumLeaf);
  const used = streamPendingStart(tTotal) - tBase;
  memory.copy(tB, tB + (<usize>used << 3), <usize>(len - used) << 3);
  tBase += used;
  return len - used;
}

function sumBegin(total: i32): void {
  streamBegin(total, 1);
  tBase = 0;
  tTotal = total;
}

// @ts-ignore: decorator
@inline function low(p: i32): u64 { return ~(<u64>0) >> <u64>(63 - p); } // bits 0..p

/**
 * From the bit arrays of a finished walk (n rows, np positives, m points, k
 * kept ROC points): out[0] = the sum of roc_auc_score's trapezoid terms (as
 * aucComposed: rates fps / fps[-1], tps / tps[-1] after (0, 0), terms
 * (x[i+1] - x[i]) * (y[i+1] + y[i]) * 0.5), only when 0 < np < n, else NaN;
 * out[1] = the sum of average precision's terms (as prCurve + apSum: on the
 * reversed points plus the final (precision 1, recall 0), (rec[j+1] -
 * rec[j]) * prec[j], so the points are walked backwards). tb: cap (>= 256)
 * f64 of scratch.
 */
export function srSums(L: usize, E: usize, n: i32, np: i32, m: i32, k: i32, tb: usize, cap: i32, out: usize): void {
  tB = tb; tCap = cap;
  const words = (n + 63) >> 6;
  const tl = <f64>np, fl = <f64>(n - np);
  if (np > 0 && np < n) {
    sumBegin(k);
    let len = 0;
    let px = 0.0 / fl, py = 0.0 / tl;
    let pm: f64 = 0, tp: f64 = 0;
    let f0: f64 = 0, t0: f64 = 0, f1: f64 = 0, t1: f64 = 0;
    for (let q = 0; q < words; q++) {
      let e = load<u64>(E + (<usize>q << 3));
      const l = load<u64>(L + (<usize>q << 3));
      while (e != 0) {
        const p = <i32>ctz(e);
        const t2 = tp + <f64>popcnt(l & low(p));
        const f2 = <f64>((q << 6) + p + 1) - t2;
        // branch-free: the candidate's term is always written, kept by advancing len
        const keep = keeps(pm, f0, t0, f1, t1, f2, t2);
        const x = f1 / fl, y = t1 / tl;
        store<f64>(tb + (<usize>len << 3), (x - px) * (y + py) * 0.5);
        len += keep;
        px = select<f64>(x, px, keep);
        py = select<f64>(y, py, keep);
        if (len == cap) len = drain(len);
        f0 = f1; t0 = t1; f1 = f2; t1 = t2;
        pm += 1;
        e &= e - 1;
      }
      tp += <f64>popcnt(l);
    }
    if (pm >= 1) {
      const x = f1 / fl, y = t1 / tl;
      store<f64>(tb + (<usize>len << 3), (x - px) * (y + py) * 0.5);
      len++;
    }
    drain(len);
    store<f64>(out, load<f64>(SCRATCH));
  } else {
    store<f64>(out, NaN);
  }
  sumBegin(m);
  const noPos = np == 0;
  let len = 0;
  let after = tl;
  let rp = 0.0, pp = 0.0, has = false;
  for (let q = words - 1; q >= 0; q--) {
    let e = load<u64>(E + (<usize>q << 3));
    const l = load<u64>(L + (<usize>q << 3));
    const before = after - <f64>popcnt(l);
    while (e != 0) {
      const p = 63 - <i32>clz(e);
      const t = before + <f64>popcnt(l & low(p));
      const cnt = <f64>((q << 6) + p + 1);
      const prec = t / cnt; // tps / (tps + fps): tps + fps = cnt exactly
      const rec = noPos ? 1.0 : t / tl;
      if (has) {
        store<f64>(tb + (<usize>len << 3), (rec - rp) * pp);
        if (++len == cap) len = drain(len);
      }
      rp = rec; pp = prec; has = true;
      e ^= <u64>1 << <u64>p;
    }
    after = before;
  }
  if (has) {
    store<f64>(tb + (<usize>len << 3), (0.0 - rp) * pp);
    len++;
  }
  drain(len);
  store<f64>(out, load<f64>(SCRATCH), 8);
}
