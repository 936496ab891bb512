/**
 * Exact binary ROC AUC and average precision (unweighted) of rows that are
 * never held in one array — the classification evaluator's kept rows, read
 * block by block — with bounded extra memory, bit-identical to
 * `rocAucScore(ind, scores)` and `averagePrecisionScore(ind, scores, { posLabel: 1 })`
 * on the concatenated rows (`ind[i] = cls[i] === posId ? 1 : 0`).
 *
 * Without weights both metrics depend only on the curve's points: at the end
 * of every group of equal scores (descending), tps = positives so far and fps =
 * rows so far − tps, exact integers, so the order of rows inside a group never
 * matters. The plan (kernels in assembly/streamed.ts):
 *
 * 1. One pass counts rows and positives per top w bits (10 ≤ w ≤ 20, by n) of
 *    the sort key of −score (`toKey`: ascending key = descending score, ±0 one
 *    key). Each non-empty bucket is a *piece*: a key range with its counts.
 * 2. While some piece holds more than `split` rows (2^18 by default once the
 *    rows exceed the budget; else no limit) and more than one key, those
 *    pieces (up to 64 per pass) are split by the next 12 bits of `key − lo`;
 *    each sub-piece's range is cut to the keys it holds (their min and max),
 *    so one pass finds a one-key piece. A one-key piece (massive ties) is one
 *    group of equal scores: its counts are all it needs.
 * 3. Consecutive pieces are packed into batches of at most `budget` rows
 *    (default 2^24) in key order, and a batch's pieces into at most about 512
 *    groups of consecutive pieces. One pass over the blocks per batch scatters
 *    its rows straight to their group's slots (a lookup table on the top bits,
 *    sub-tables for split pieces) as `(key − lo) << 1 | label`; each group is
 *    then sorted in cache by the key-only radix sort (a one-key group needs
 *    none), and a walk appends the batch to two bit arrays (label; last row of
 *    its group of equal scores), carrying the counts and roc_curve's
 *    drop_intermediate window across batches (batches are key-disjoint, so no
 *    group of equal scores straddles two). It counts the points m and the kept
 *    ROC points k. A one-key piece above the budget is appended from its
 *    counts alone, without a pass.
 * 4. The terms are regenerated from the bits now that their numbers are
 *    known: `aucComposed`'s trapezoid terms forwards; average precision's
 *    `(rec[j+1] − rec[j]) · prec[j]` backwards (prCurve reverses the points and
 *    appends (precision 1, recall 0)). Each goes through a small window into
 *    numpy's pairwise tree for k (m) terms, evaluated as the terms arrive
 *    (assembly/fused.ts), so each sum has the bits of `sumF64` over the whole
 *    term array. One sort serves both metrics.
 *
 * Extra memory (WebAssembly, kept by the module afterwards as any arena
 * growth): 8 bytes per budget row (128 MiB at 2^24; when all rows fit one
 * batch, 8 per row), 8 per row of the largest group to sort (2 MiB once the
 * rows exceed the budget; up to 8 per row otherwise), 2 bits per row (24 MiB
 * at 10^8), the tables (12 MiB at w = 20), and when pieces are split 6 MiB
 * of counts (reused by every split pass) and 16 KiB per split piece. Time: one
 * pass over the rows to count, one per split pass (usually none) and one per
 * batch (about n / budget).
 * @module
 */
import { ValueError } from "../input/validate.js";
import { alloc, allocF64, getI32, getU64, putBytesAt, putF64At, readF64, withArena } from "../wasm/core.js";

/** Rows read block by block: scores and true-class ids of equal lengths per block. */
export interface ScoreBlocks {
  readonly n: number;
  forEachBlock(fn: (scores: Float64Array, cls: Uint8Array | Uint16Array, offset: number) => void): void;
}

/** Internal tuning (tests force tiny budgets to exercise many batches and splits). */
export interface StreamedOptions {
  /** Rows scattered and sorted per pass (8 bytes each). Default 2^24. */
  budget?: number;
  /** Pieces above this many rows are split further (a pass per 64 pieces). Default 2^18, or no limit when all rows fit the budget. */
  split?: number;
  /** Top key bits of the first count (10 … 20). Default by n. */
  topBits?: number;
  /** Receives what the call did (tests check that batches, splits and tie groups ran). */
  onPlan?: (plan: StreamPlan) => void;
}

/** What one call did: passes over the rows, batches, tie groups appended from counts, split passes, pieces; phase times (ms). */
export interface StreamPlan {
  passes: number;
  batches: number;
  ties: number;
  splits: number;
  pieces: number;
  ms: Record<string, number>;
}

/** Default rows per batch. */
export const STREAM_BUDGET = 1 << 24;
const SPLIT = 1 << 18;
/** Rows copied into linear memory at once. */
const CHUNK = 1 << 16;
/** Terms buffered before the pairwise tree takes them. */
const TERMS = 1 << 13;
/** Bytes of a sub-table (assembly/streamed.ts SUB_BYTES): u64 lo, u64 shift, 4096 i32. */
const SUB_BYTES = 16 + 4096 * 4;
const TOP = 1n << 63n;
/** Pieces split per pass (24 bytes per piece and digit: 6 MiB). */
const RANGES = 64;
/** Groups per batch (at most about): the scatter's fan-out. */
const FANOUT = 512;
/** One-key pieces of at least this many rows are appended from their counts, never scattered. */
const TIE_MIN = 64;

/** Consecutive pieces scattered to one place and sorted together. */
interface Group {
  n: number;
  /** One piece of one key: needs no sort. */
  oneKey: boolean;
}

/**
 * A batch: n rows scattered (keys in [lo, last]) to its groups ga, ga + 1, …;
 * segs in key order: a group's index, or a one-key piece appended from its counts.
 */
interface Batch {
  lo: bigint;
  last: bigint;
  n: number;
  ga: number;
  segs: (number | Piece)[];
}

interface Piece {
  lo: bigint;
  last: bigint;
  n: number;
  pos: number;
  /** Split: the shift of the next digit and the non-empty sub-pieces by digit. */
  sh?: bigint;
  kids?: [number, Piece][];
}

/**
 * Both metrics from one sort: `auc` as `rocAucScore` (NaN with one class),
 * `ap` as `averagePrecisionScore` with posLabel 1 (no warnings). Scores must be
 * finite (the evaluator's are validated probabilities); the rows must not
 * change between the passes (else an Error). No rows: sklearn's ValueError.
 */
export function streamedBinaryRank(rows: ScoreBlocks, posId: number, options: StreamedOptions = {}): { auc: number; ap: number } {
  const n = rows.n;
  if (n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
  if (!(n < 2 ** 31)) throw new RangeError(`streamedBinaryRank: ${n} rows (at most 2^31 - 1)`);
  const budget = Math.max(1, Math.min(options.budget ?? STREAM_BUDGET, n));
  const split = Math.max(1, Math.min(options.split ?? (n > budget ? SPLIT : budget), budget));
  const w = options.topBits ?? Math.min(20, Math.max(10, Math.ceil(Math.log2(n + 1)) - 4));
  const sh1 = BigInt(64 - w);
  const plan: StreamPlan = { passes: 0, batches: 0, ties: 0, splits: 0, pieces: 0, ms: {} };
  let t0 = performance.now();
  const lap = (name: string): void => {
    const t = performance.now();
    plan.ms[name] = (plan.ms[name] ?? 0) + t - t0;
    t0 = t;
  };
  return withArena((k) => {
    const S = alloc(CHUNK * 8);
    const C = alloc(CHUNK * 2);
    const each = (fn: (m: number, wide: number) => void): void => {
      plan.passes++;
      let seen = 0;
      rows.forEachBlock((sb, cb) => {
        if (cb.length !== sb.length) throw new Error("streamedBinaryRank: a block's scores and class ids differ in length");
        const wide = cb instanceof Uint16Array ? 1 : 0;
        for (let i = 0; i < sb.length; i += CHUNK) {
          const e = Math.min(sb.length, i + CHUNK);
          putF64At(sb, i, e, S);
          putBytesAt(cb.subarray(i, e), C);
          fn(e - i, wide);
        }
        seen += sb.length;
      });
      if (seen !== n) throw new Error(`streamedBinaryRank: the blocks hold ${seen} rows, expected ${n}`);
    };
    const changed = (): Error => new Error("streamedBinaryRank: the rows changed between passes");

    // 1. rows and positives per top w key bits
    const h1 = allocF64(1 << w);
    each((m, wide) => k.srHist(S, C, m, wide, posId, 64 - w, h1));
    const h = getI32(h1, 2 << w);
    const roots: [number, Piece][] = [];
    for (let d = 0; d < 1 << w; d++) {
      if (h[2 * d] === 0) continue;
      const lo = BigInt(d) << sh1;
      roots.push([d, { lo, last: lo + (1n << sh1) - 1n, n: h[2 * d] >>> 0, pos: h[2 * d + 1] >>> 0 }]);
    }
    const leaves = (): Piece[] => {
      const out: Piece[] = [];
      const visit = (p: Piece): void => {
        if (p.kids) for (const [, q] of p.kids) visit(q);
        else out.push(p);
      };
      for (const [, p] of roots) visit(p);
      return out;
    };
    // the lookup of a key's piece (assembly/streamed.ts find): top[key >> (64 - w)],
    // then sub-tables of split pieces; a leaf's entry from `leaf` (-1: nothing)
    // (top and sub-tables are rewritten in place; the sub-tables' region grows by doubling)
    const topPtr = alloc(4 << w);
    let subPtr = alloc(16);
    let subCap = 16;
    const tables = (leaf: (p: Piece) => number): number => {
      const split: Piece[] = [];
      const sub = new Map<Piece, number>();
      const visit = (p: Piece): void => {
        if (!p.kids) return;
        sub.set(p, split.length);
        split.push(p);
        for (const [, q] of p.kids) visit(q);
      };
      for (const [, p] of roots) visit(p);
      const entry = (p: Piece): number => (p.kids ? -2 - sub.get(p)! : leaf(p));
      const top = new Int32Array(1 << w).fill(-1);
      for (const [d, p] of roots) top[d] = entry(p);
      const subs = new Uint8Array(SUB_BYTES * split.length);
      split.forEach((p, i) => {
        const head = new BigUint64Array(subs.buffer, i * SUB_BYTES, 2);
        head[0] = p.lo;
        head[1] = p.sh!;
        const ent = new Int32Array(subs.buffer, i * SUB_BYTES + 16, 4096).fill(-1);
        for (const [j, q] of p.kids!) ent[j] = entry(q);
      });
      putBytesAt(top, topPtr);
      if (subs.length > subCap) {
        subCap = Math.max(subs.length, 2 * subCap);
        subPtr = alloc(subCap);
      }
      putBytesAt(subs, subPtr);
      return subPtr;
    };
    lap("count");

    // 2. split the large pieces by 12 more bits (at most RANGES per pass);
    // each sub-piece's range is cut to the keys met, so one pass finds a one-key piece
    let hr = 0;
    let ranges = 0;
    for (;;) {
      const big = leaves().filter((p) => p.n > split && p.lo !== p.last).slice(0, RANGES);
      if (big.length === 0) break;
      plan.splits++;
      const R = big.length;
      const rs = new BigUint64Array(R * 2);
      const which = new Map<Piece, number>();
      big.forEach((p, r) => {
        p.sh = BigInt(Math.max(0, (p.last - p.lo).toString(2).length - 12));
        rs[2 * r] = p.lo;
        rs[2 * r + 1] = p.sh;
        which.set(p, r);
      });
      const subs = tables((p) => which.get(p) ?? -1);
      // the counts and ranges of RANGES pieces, allocated once and zeroed per pass
      hr ||= alloc(RANGES * 4096 * 24);
      ranges ||= alloc(RANGES * 16);
      putBytesAt(new Uint8Array(R * 4096 * 24), hr);
      putBytesAt(rs, ranges);
      each((m, wide) => k.srRefine(S, C, m, wide, posId, topPtr, 64 - w, subs, ranges, hr));
      const hh = getI32(hr, R * 4096 * 6);
      const mm = getU64(hr, R * 4096 * 3);
      big.forEach((p, r) => {
        let total = 0;
        p.kids = [];
        for (let j = 0; j < 4096; j++) {
          const e = (r << 12) + j;
          const c = hh[6 * e] >>> 0;
          if (c === 0) continue;
          p.kids.push([j, { lo: mm[3 * e + 1], last: mm[3 * e + 2], n: c, pos: hh[6 * e + 1] >>> 0 }]);
          total += c;
        }
        if (total !== p.n) throw changed();
      });
      lap("split");
    }

    // 3. batches of at most `budget` scattered rows in key order, each a run
    // of segments: groups of consecutive pieces (at most ~budget / FANOUT rows,
    // the scatter's destinations, one sort each), and one-key pieces of
    // TIE_MIN rows or more, appended from their counts (never scattered)
    const pieces = leaves();
    plan.pieces = pieces.length;
    const most = Math.max(1, Math.ceil(budget / FANOUT));
    const groups: Group[] = [];
    const batches: Batch[] = [];
    const groupOf = new Map<Piece, number>();
    let b: Batch | null = null;
    let g: Group | null = null;
    const endGroup = (): void => {
      if (!g) return;
      b!.segs.push(groups.length);
      groups.push(g);
      g = null;
    };
    const endBatch = (): void => {
      endGroup();
      if (b) batches.push(b);
      b = null;
    };
    for (const p of pieces) {
      if (p.lo === p.last && p.n >= TIE_MIN) {
        b ??= { lo: 0n, last: 0n, n: 0, ga: groups.length, segs: [] };
        endGroup();
        b.segs.push(p);
        continue;
      }
      if (b && b.n > 0 && (b.n + p.n > budget || p.last - b.lo >= TOP)) endBatch();
      b ??= { lo: 0n, last: 0n, n: 0, ga: groups.length, segs: [] };
      if (b.n === 0) b.lo = p.lo;
      b.last = p.last;
      b.n += p.n;
      if (g && g.n + p.n <= most) {
        g.n += p.n;
        g.oneKey = false;
      } else {
        endGroup();
        g = { n: p.n, oneKey: p.lo === p.last };
      }
      groupOf.set(p, groups.length);
    }
    endBatch();

    const subs = tables((p) => groupOf.get(p) ?? -1);

    // 4. per batch: scatter, sort the groups, walk the segments in key order
    let gmax = 0;
    for (const bt of batches) gmax = Math.max(gmax, bt.segs.filter((x) => typeof x === "number").length);
    let sortCap = 0;
    for (const q of groups) if (!q.oneKey) sortCap = Math.max(sortCap, q.n);
    const buf = alloc(Math.min(budget, n) * 8);
    const tmp = alloc(sortCap * 8);
    const kh = alloc(k.keySortHistBytes());
    const cur = alloc(gmax * 4);
    const sizes = alloc(gmax * 4);
    const words = Math.ceil(n / 64);
    const L = alloc(words * 8);
    const E = alloc(words * 8);
    lap("plan");
    k.srBegin(L, E);
    for (const bt of batches) {
      const m = bt.segs.filter((x) => typeof x === "number").length;
      const cnt = new Uint32Array(m);
      const starts = new Uint32Array(m);
      let total = 0;
      for (let q = 0; q < m; q++) {
        cnt[q] = groups[bt.ga + q].n;
        starts[q] = total;
        total += cnt[q];
      }
      if (m > 0) {
        plan.batches++;
        putBytesAt(starts, cur);
        putBytesAt(cnt, sizes);
        each((r, wide) => k.srScatter(S, C, r, wide, posId, topPtr, 64 - w, subs, bt.ga, m, cur, bt.lo, bt.last - bt.lo, buf));
        const ends = getI32(cur, m);
        for (let q = 0; q < m; q++) if (ends[q] >>> 0 !== starts[q] + cnt[q]) throw changed();
        lap("scatter");
        k.srSortGroups(buf, sizes, m, tmp, sortCap, kh);
        lap("sort");
      }
      for (const x of bt.segs) {
        if (typeof x === "number") k.srWalk(buf + starts[x - bt.ga] * 8, cnt[x - bt.ga]);
        else {
          k.srTie(x.n, x.pos);
          plan.ties++;
        }
      }
      lap("walk");
    }
    const info = allocF64(4);
    k.srEnd(info);
    const np = readF64(info, 1);
    const out = allocF64(2);
    k.srSums(L, E, n, np, readF64(info, 2), readF64(info, 3), alloc(TERMS * 8), TERMS, out);
    lap("sums");
    options.onPlan?.(plan);
    const ap = -readF64(out, 1);
    return { auc: readF64(out, 0), ap: ap > 0 ? ap : 0 }; // Python's max(0.0, ap), as averagePrecisionScore
  });
}

/** `rocAucScore(ind, scores)` of the rows (NaN with one class). */
export function streamedBinaryAuc(rows: ScoreBlocks, posId: number, options?: StreamedOptions): number {
  return streamedBinaryRank(rows, posId, options).auc;
}

/** `averagePrecisionScore(ind, scores, { posLabel: 1 })` of the rows. */
export function streamedAveragePrecision(rows: ScoreBlocks, posId: number, options?: StreamedOptions): number {
  return streamedBinaryRank(rows, posId, options).ap;
}
