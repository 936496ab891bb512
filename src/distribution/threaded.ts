/**
 * scoreDistribution on the threads of `init({ threads: N })` (large
 * Float64Array input): the same results, bit for bit, as the one-thread fast
 * path of ./metrics.ts, from partitions that need no ordering between threads:
 *
 * 1. the scores are copied in subtree by subtree of numpy's pairwise tree,
 *    each subtree summed (with min and max) on a thread as soon as it is in
 *    memory; the subtree sums are added up the tree as numpy adds them;
 *    the same pass counts the first select digit (the top 16 bits of an
 *    order-preserving key that puts −0.0 just below +0.0) per subtree; every
 *    digit bucket inside one histogram bin adds its count to that bin (as the
 *    one-thread histogramByBuckets), and the buckets holding the wanted
 *    ranks are known;
 * 2. per subtree: Σ(x − mean)² (the same tree), and in the same pass the
 *    values of the wanted buckets gathered (each part into its own slots)
 *    and those of buckets straddling a bin edge binned one by one;
 * 3. the gathered buckets are sorted, the order statistics read off and
 *    interpolated with numpy's `_lerp`.
 * @module
 */
import { warn, type WarnOptions } from "../input/validate.js";
import { alloc, allocF64, getF64, getI32, getU64, putBytes, putF64At, readF64, WasmFloat64Array } from "../wasm/core.js";
import type { Pool } from "../wasm/pool.js";
import { combineTree, fromRawKeys, pairwiseParts, type ParKernels, runTasks, sortKeysThreaded } from "../wasm/threads.js";

const DIGITS = 1 << 16;
/** A gathered bucket from this many keys is sorted by all threads (sortKeysThreaded), else by one. */
const BIG_REGION = 1 << 18;

/** The options of scoreDistribution this module reads. */
type Options = WarnOptions & { quantiles?: unknown; bins?: unknown };

/** scoreDistribution's result (./metrics.ts's ScoreDistribution, declared here: no import cycle). */
export interface Distribution {
  count: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  quantiles: number[];
  histogram: { counts: number[]; edges: number[] };
}

/** The option checks of ./metrics.ts (passed in: no import cycle). */
export interface DistChecks {
  quantiles(q: unknown): Float64Array;
  bins(b: unknown): number;
}

/**
 * scoreDistribution of n ≥ THREAD_MIN scores on the pool's threads; null
 * when the one-thread path must decide (a sum that is not finite, no
 * quantiles, a histogram range error): that path then reports exactly as
 * without threads. Call inside withArena.
 */
export function threadedDistribution(
  k: ParKernels,
  p: Pool,
  scores: Float64Array | WasmFloat64Array,
  o: Options,
  checks: DistChecks,
): Distribution | null {
  const n = scores.length;
  const T = p.threads;
  const { leaves, tree } = pairwiseParts(n, T);
  const xp = scores instanceof WasmFloat64Array ? scores.ptr : alloc(n * 8);
  const outs = leaves.map(() => allocF64(3));
  const digs = leaves.map(() => alloc(DIGITS * 4));
  // 1. copy each subtree in (this thread); sum it, with min/max and the
  // first-digit counts, on its thread
  runTasks(
    p,
    "parSum",
    leaves.map(([a, m], i) => [xp + a * 8, m, digs[i], outs[i]]),
    scores instanceof WasmFloat64Array ? undefined : (i) => putF64At(scores, leaves[i][0], leaves[i][0] + leaves[i][1], xp + leaves[i][0] * 8),
  );
  const parts = outs.map((o3) => getF64(o3, 3));
  const sum = combineTree(tree, parts.map((v) => v[0]));
  if (!Number.isFinite(sum)) return null;
  const q = checks.quantiles(o.quantiles);
  const bins = checks.bins(o.bins);
  if (q.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of parts) {
    min = Math.min(min, v[1]);
    max = Math.max(max, v[2]);
  }
  const mean = sum / n;
  const perDig = digs.map((d) => getI32(d, DIGITS));
  const total = new Uint32Array(DIGITS);
  for (const d of perDig) for (let b = 0; b < DIGITS; b++) total[b] += d[b];
  // A zero min (max) is -0.0 (+0.0) exactly when the first-digit bucket of
  // -0.0 (+0.0) is not empty (as the one-thread fast path decides it).
  if (min === 0) min = total[0x7fff] > 0 ? -0 : 0;
  if (max === 0) max = total[0x8000] > 0 ? 0 : -0;
  const edges = allocF64(bins + 1);
  const counts = alloc(bins * 4);
  if (k.distHistogram(xp, 0, bins, min, max, edges, counts) !== 0) return null;
  // The histogram: whole buckets inside one bin now, the values of the others
  // one by one in pass 2 (as histogramByBuckets).
  const flags = alloc(DIGITS);
  k.parBucketBins(putBytes(total), bins, min, max, edges, counts, flags);
  // np.quantile's ranks and gammas (as distQuantiles), and the buckets holding them
  const last = n - 1;
  const ia = new Array<number>(q.length);
  const ib = new Array<number>(q.length);
  const gamma = new Array<number>(q.length);
  for (let j = 0; j < q.length; j++) {
    const vi = last * q[j];
    let lo: number;
    if (vi >= last) {
      lo = -1;
      ia[j] = ib[j] = last;
    } else {
      lo = Math.floor(vi);
      ia[j] = lo;
      ib[j] = lo + 1;
    }
    gamma[j] = vi - lo;
  }
  const first = new Float64Array(DIGITS + 1); // rank of each bucket's smallest key
  for (let b = 0; b < DIGITS; b++) first[b + 1] = first[b] + total[b];
  const bucketOf = (r: number): number => {
    let lo = 0;
    let hi = DIGITS - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first[mid] <= r) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const wanted = [...new Set([...ia, ...ib].map(bucketOf))].sort((a, b) => a - b);
  const regionStart = new Map<number, number>();
  let G = 0;
  for (const b of wanted) {
    regionStart.set(b, G);
    G += total[b];
  }
  const gathered = alloc(G * 8);
  const tmp = alloc(G * 8);
  const curs = perDig.map((_, i) => {
    const c = new Uint32Array(DIGITS).fill(0xffffffff);
    for (const b of wanted) {
      let at = regionStart.get(b)!;
      for (let j = 0; j < i; j++) at += perDig[j][b];
      c[b] = at;
    }
    return putBytes(c);
  });
  // 2. per subtree: squared deviations, the wanted buckets' keys, the straddlers' bins
  const binned = leaves.map(() => alloc(bins * 4));
  const ssds = leaves.map(() => allocF64(1));
  runTasks(
    p,
    "parSsdGather",
    leaves.map(([a, m], i) => [xp + a * 8, m, mean, curs[i], gathered, flags, bins, min, max, edges, binned[i], ssds[i]]),
  );
  const ssd = combineTree(tree, ssds.map((s) => readF64(s)));
  const std = Math.sqrt(ssd / n);
  if (!Number.isFinite(std)) warn(o, "overflow encountered in square");
  for (const c of binned) k.parAddU32(counts, c, bins);
  const histogram = {
    counts: Array.from(getI32(counts, bins)),
    edges: Array.from(getF64(edges, bins + 1)),
  };
  // Sort every gathered bucket: big ones on all threads, the others spread over the threads.
  const small: [number, number][] = [];
  for (const b of wanted) {
    const off = regionStart.get(b)!;
    const c = total[b];
    if (c > BIG_REGION) {
      const parts = [];
      for (let t = 0; t < T; t++) {
        const a = Math.floor((c * t) / T);
        parts.push([off + a, Math.floor((c * (t + 1)) / T) - a] as [number, number]);
      }
      // keys of one first digit: the next digit from bit 47 down
      sortKeysThreaded(p, gathered + off * 8, c, parts.map(([a, m]) => [a - off, m]), k.parDigit(c, 47, 0), null, tmp + off * 8);
    } else small.push([off, c]);
  }
  const lists: number[][] = Array.from({ length: T }, () => []);
  const load = new Array<number>(T).fill(0);
  for (const [off, c] of small.sort((a, b) => b[1] - a[1])) {
    let t = 0;
    for (let u = 1; u < T; u++) if (load[u] < load[t]) t = u;
    lists[t].push(off, c);
    load[t] += c;
  }
  runTasks(
    p,
    "parSortRegions",
    lists.map((l) => [gathered, tmp, l.length ? putBytes(new Int32Array(l)) : 0, l.length / 2, alloc(k.keySortHistBytes())]),
  );
  const valueAt = (r: number): number => {
    const b = bucketOf(r);
    const at = regionStart.get(b)! + (r - first[b]);
    return fromRawKeys(getU64(gathered + at * 8, 1))[0];
  };
  const quantiles = new Array<number>(q.length);
  for (let j = 0; j < q.length; j++) {
    const a = valueAt(ia[j]);
    const b = valueAt(ib[j]);
    const t = gamma[j];
    const diff = b - a;
    quantiles[j] = t >= 0.5 ? b - diff * (1 - t) : a + diff * t; // numpy's _lerp
  }
  return { count: n, min, max, mean, std, quantiles, histogram };
}
