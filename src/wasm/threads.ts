/**
 * Threaded drivers of the large sort-bound calls (`init({ threads: N })`):
 * each splits its work into deterministic partitions, runs them on the main
 * thread and the workers of src/wasm/pool.ts at the same time (the kernels of
 * assembly/parallel.ts, which touch no static scratch), and combines the
 * partitions' results in a fixed order, so that every result has the bits of
 * the one-thread path:
 *
 * - numpy's pairwise sums are split where numpy's tree splits (each
 *   partition is a subtree; parents add their children as numpy does);
 * - counts (histogram, radix digits) are integers, added up;
 * - sorted keys are unique (a key-only sort has one result), and the order
 *   statistics of a select are values, not positions.
 *
 * Below {@link THREAD_MIN} samples, with one thread, or after `closeThreads()`
 * the one-thread kernels run instead.
 * @module
 */
import { alloc, core, getI32, type Kernels, putBytes, readF64, threadPool } from "./core.js";
import type { Pool, WorkerKernel } from "./pool.js";

/**
 * Fewest samples for which a call uses the threads. Provisional: a threaded
 * call hands work over 3 to 4 times (a few microseconds each on idle cores),
 * and 2¹⁹ samples is ~2-5 ms of work per call; bench/threads.mjs measures
 * it, but its only runs so far were on an oversubscribed machine.
 */
export const THREAD_MIN = 1 << 19;

/** Kernels of assembly/parallel.ts (the shared build only). */
export type ParKernels = Kernels & {
  parSum(x: number, n: number, dig: number, out: number): void;
  parBucketBins(total: number, bins: number, lo: number, hi: number, edges: number, counts: number, flags: number): void;
  parSsdGather(
    x: number, n: number, mean: number, cur: number, keys: number, flags: number, bins: number, lo: number, hi: number,
    edges: number, counts: number, out: number,
  ): void;
  parAddU32(a: number, b: number, n: number): void;
  parDigit(m: number, top: number, low: number): number;
  parCount(a: number, n: number, sh: number, mask: number, hist: number): void;
  parScatter(a: number, n: number, sh: number, mask: number, cur: number, dst: number): void;
  parSortBuckets(src: number, dst: number, counts: number, b0: number, b1: number, start: number, hist: number): void;
  parSortRegions(keys: number, tmp: number, list: number, nl: number, hist: number): void;
  composeKeysCounted(s: number, y: number, n: number, pos: number, lo: number, hi: number, keys: number, info: number, hist: number): number;
};

/** The size threshold in use (tests lower it to reach the threaded paths with small inputs, or raise it to compare with one thread). */
export const threadSettings = { min: THREAD_MIN, /** partitioned kernel runs so far (tests check the threaded paths ran) */ runs: 0 };

/** The pool when a call over n samples should use threads, else null. */
export function threadsFor(n: number): Pool | null {
  const p = threadPool();
  return p !== null && n >= threadSettings.min ? p : null;
}

/**
 * Runs tasks[i] = args of `kernel` on thread i mod T (thread 0 = this one),
 * in rounds of T; `before(i)` runs on this thread before task i is posted.
 * Returns the kernels' results. Waits for every posted task, also on throw.
 */
export function runTasks(p: Pool, kernel: WorkerKernel, tasks: readonly number[][], before?: (i: number) => void): number[] {
  const k = core() as unknown as Record<string, (...a: number[]) => number>;
  const T = p.threads;
  threadSettings.runs++;
  const out = new Array<number>(tasks.length).fill(0);
  for (let r = 0; r < tasks.length; r += T) {
    const posted: number[] = [];
    let err: unknown = null;
    try {
      for (let t = 1; t < T && r + t < tasks.length; t++) {
        before?.(r + t);
        p.post(t - 1, kernel, tasks[r + t]);
        posted.push(t);
      }
      before?.(r);
      out[r] = k[kernel](...tasks[r]) ?? 0;
    } catch (e) {
      err = e;
    }
    for (const t of posted) {
      try {
        out[r + t] = p.wait(t - 1);
      } catch (e) {
        err ??= e;
      }
    }
    if (err) throw err;
  }
  return out;
}

/** A node of numpy's pairwise tree cut into partitions: a leaf (partition index) or two children. */
type Tree = number | [Tree, Tree];

/**
 * Cuts numpy's pairwise tree over n elements into at least `parts` subtrees
 * (by whole levels: n/2 rounded down to a multiple of 8, as numpy splits).
 * Returns the subtrees [start, size] in order and the tree above them.
 */
export function pairwiseParts(n: number, parts: number): { leaves: [number, number][]; tree: Tree } {
  const leaves: [number, number][] = [];
  let depth = 0;
  while (1 << depth < parts) depth++;
  const cut = (start: number, m: number, d: number): Tree => {
    if (d === 0 || m <= 128) {
      leaves.push([start, m]);
      return leaves.length - 1;
    }
    let n2 = m >> 1;
    n2 -= n2 & 7;
    return [cut(start, n2, d - 1), cut(start + n2, m - n2, d - 1)];
  };
  const tree = cut(0, n, depth);
  return { leaves, tree };
}

/** Adds the partitions' sums up the tree as numpy adds its subtrees (left + right). */
export function combineTree(tree: Tree, values: readonly number[]): number {
  if (typeof tree === "number") return values[tree];
  const left = combineTree(tree[0], values);
  return left + combineTree(tree[1], values);
}

/** Contiguous, balanced [start, size] parts of [0, n). */
function evenParts(n: number, T: number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = 0; t < T; t++) {
    const a = Math.floor((n * t) / T);
    const b = Math.floor((n * (t + 1)) / T);
    out.push([a, b - a]);
  }
  return out;
}

/**
 * Sorts n u64 keys at `keys` in place on the pool's threads: every thread
 * scatters its part by the first digit (positions from the parts' counts,
 * so the buckets' layout is the one-thread scatter's), then sorts a run of
 * whole buckets (balanced by count). `counts`: the parts' digit counts
 * (buckets u32 each, one table per part of `parts`), or null to count here.
 * `tmp`: n*8 bytes of scratch.
 */
export function sortKeysThreaded(
  p: Pool,
  keys: number,
  n: number,
  parts: [number, number][],
  dg: number,
  counts: number[] | null,
  tmp: number,
): void {
  const k = core() as ParKernels;
  const sh = dg & 255;
  const width = dg >> 8;
  const buckets = 1 << width;
  const mask = buckets - 1;
  if (!counts) {
    counts = parts.map(() => alloc(buckets * 4));
    runTasks(p, "parCount", parts.map(([a, m], i) => [keys + a * 8, m, sh, mask, counts![i]]));
  }
  const per = counts.map((c) => getI32(c, buckets));
  const total = new Uint32Array(buckets);
  for (const c of per) for (let b = 0; b < buckets; b++) total[b] += c[b];
  // Start of every bucket, then each part's cursor inside it.
  const start = new Uint32Array(buckets + 1);
  for (let b = 0; b < buckets; b++) start[b + 1] = start[b] + total[b];
  const cursors = per.map(() => new Uint32Array(buckets));
  for (let b = 0; b < buckets; b++) {
    let c = start[b];
    for (let i = 0; i < per.length; i++) {
      cursors[i][b] = c;
      c += per[i][b];
    }
  }
  const curPtrs = cursors.map((c) => putBytes(c));
  runTasks(p, "parScatter", parts.map(([a, m], i) => [keys + a * 8, m, sh, mask, curPtrs[i], tmp]));
  // Runs of whole buckets with about n / T keys each.
  const T = p.threads;
  const totalPtr = putBytes(total);
  const tasks: number[][] = [];
  let b0 = 0;
  for (let t = 0; t < T; t++) {
    let b1 = b0;
    if (t === T - 1) b1 = buckets;
    else {
      const goal = Math.floor((n * (t + 1)) / T);
      while (b1 < buckets && start[b1 + 1] <= goal) b1++;
    }
    tasks.push([tmp, keys, totalPtr, b0, b1, start[b0], alloc(k.keySortHistBytes())]);
    b0 = b1;
  }
  runTasks(p, "parSortBuckets", tasks);
}

/**
 * The threaded `composeKeysCounted` + `sortKeysCounted` of the unweighted
 * binary ROC AUC (src/ranking/curves.ts keyAreas): composes the keys of
 * every part on its thread, adds the parts' positives into info[3], and
 * sorts the keys (sortKeysThreaded). Returns the composed keys' highest bit,
 * or -1 as composeKeysCounted (nothing sorted). `work`: n*8+ bytes scratch.
 */
export function composeAndSortThreaded(
  p: Pool,
  s: number,
  y: number,
  n: number,
  pos: number,
  lo: number,
  hi: number,
  keys: number,
  info: number,
  work: number,
): number {
  const k = core() as ParKernels;
  const parts = evenParts(n, p.threads);
  const infos = parts.map(() => alloc(32));
  const histBytes = 2 * 4 * (1 << 11);
  const hists = parts.map(() => alloc(histBytes));
  const tops = runTasks(
    p,
    "composeKeysCounted",
    parts.map(([a, m], i) => [s + a * 8, y + a * 8, m, pos, lo, hi, keys + a * 8, infos[i], hists[i]]),
  );
  const top = tops[0];
  if (top < 0) return -1;
  const dg = k.parDigit(n, top, 0);
  let np = 0;
  for (let i = 0; i < parts.length; i++) {
    np += readF64(infos[i], 3);
    // composeKeysCounted counted each part's first digit for the part's own
    // size; the same digit as n's above THREAD_MIN / T samples per part.
    if (k.parDigit(parts[i][1], top, 0) !== dg) throw new Error("mlmetrics: internal error: digit mismatch");
  }
  // info as composeKeysCounted leaves it for the whole input: the shared bits
  // and the mask (the same in every part), then the positives.
  const buf = core().memory.buffer;
  new Uint8Array(buf).copyWithin(info, infos[0], infos[0] + 24);
  new Float64Array(buf, info, 4)[3] = np;
  sortKeysThreaded(p, keys, n, parts, dg, hists, work);
  return top;
}

/** Reads u64 keys (rawKey of distribution.ts) back to doubles. */
export function fromRawKeys(keys: BigUint64Array): Float64Array {
  const out = new BigUint64Array(keys.length);
  const MSB = 1n << 63n;
  const ALL = (1n << 64n) - 1n;
  for (let i = 0; i < keys.length; i++) {
    const kk = keys[i];
    out[i] = kk & MSB ? kk ^ MSB : kk ^ ALL;
  }
  return new Float64Array(out.buffer);
}
