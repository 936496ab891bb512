/**
 * The anomaly and distribution evaluators' states: counts, extremes and exact
 * sums (partition-invariant), plus the kept scores (exact quantiles) or a
 * quantile sketch (constant memory).
 *
 * Means are Σx / n and the standard deviation √((n·Σx² − (Σx)²)/n²), each
 * formed from exact sums and rounded once (then the square root), so they are
 * the correctly rounded values and do not depend on the order of the rows.
 * numpy's two-pass std agrees within rounding (a constant score vector gives
 * exactly 0 here; numpy's pairwise mean may leave a residue of a few ulps).
 * @module
 */
import { StateError, count, num, numJSON, obj } from "../state/encode.js";
import { ExactSum, roundRatio } from "../state/exact.js";
import { Column } from "../state/store.js";
import { QuantileSketch } from "../state/sketch.js";
import { checkArray, checkConsistentLength, checkContainer, ValueError, type WarnOptions, warn } from "../input/validate.js";
import { alloc, allocF64, core, getF64, getI32, type Kernels, putF64, putF64At, readF64, withArena } from "../wasm/core.js";
import type { ScoreDistribution } from "./metrics.js";
import type { AnomalyDictStats } from "./stats.js";

const CHUNK = 1 << 16;

/** Σx, Σx² (exact), n, min, max of one group of scores. */
interface Moments {
  n: number;
  s1: ExactSum;
  s2: ExactSum;
  min: number;
  max: number;
}

function emptyMoments(): Moments {
  return { n: 0, s1: ExactSum.narrow(), s2: ExactSum.wide(), min: Infinity, max: -Infinity };
}

function mergeMoments(a: Moments, b: Moments): void {
  a.n += b.n;
  a.s1.merge(b.s1);
  a.s2.merge(b.s2);
  a.min = Math.min(a.min, b.min);
  a.max = Math.max(a.max, b.max);
}

/** Correctly rounded Σx / n. */
function meanOf(s1: ExactSum, n: number): number {
  const a = s1.exact();
  return roundRatio(a.int, a.exp, BigInt(n), 0);
}

/** √((n·Σx² − (Σx)²)/n²), the variance rounded once. */
function stdOf(m: Moments): number {
  const a = m.s1.exact(), b = m.s2.exact();
  const n = BigInt(m.n);
  const e = Math.min(b.exp, 2 * a.exp);
  const numr = ((n * b.int) << BigInt(b.exp - e)) - ((a.int * a.int) << BigInt(2 * a.exp - e));
  return Math.sqrt(roundRatio(numr, e, n * n, 0));
}

function momentsJSON(m: Moments): Record<string, unknown> {
  return { n: m.n, s1: m.s1.toJSON(), s2: m.s2.toJSON(), min: numJSON(m.min), max: numJSON(m.max) };
}

function momentsFromJSON(x: unknown, what: string): Moments {
  const o = obj(x, what);
  const m = emptyMoments();
  m.n = count(o.n, `${what}.n`);
  try {
    m.s1 = ExactSum.fromJSON(o.s1 as string, "narrow");
    m.s2 = ExactSum.fromJSON(o.s2 as string, "wide");
  } catch (e) {
    throw new StateError(`${what}: ${(e as Error).message}`);
  }
  m.min = num(o.min, `${what}.min`);
  m.max = num(o.max, `${what}.max`);
  if (m.n === 0 ? !(m.min === Infinity && m.max === -Infinity && m.s1.isZero() && m.s2.isZero()) : !(m.min <= m.max)) {
    throw new StateError(`${what}: count, extremes and sums contradict each other`);
  }
  if (m.n > 0 && (!Number.isFinite(m.min) || !Number.isFinite(m.max))) throw new StateError(`${what}: extremes must be finite`);
  return m;
}

/**
 * Adds the n finite scores at `xp` (module memory) to `m`; their extremes
 * when the caller knows them, else one pass finds them. Call inside withArena.
 */
function addScores(m: Moments, xp: number, n: number, lo?: number, hi?: number): void {
  if (lo === undefined || hi === undefined) {
    const out = allocF64(2);
    core().minMax(xp, n, out);
    lo = readF64(out, 0);
    hi = readF64(out, 1);
  }
  m.min = Math.min(m.min, lo);
  m.max = Math.max(m.max, hi);
  m.s1.addArray(xp, n);
  m.s2.addSquares(xp, n);
  m.n += n;
}

function isEmpty(...xs: [unknown, string][]): boolean {
  const lens = xs.map(([x, name]) => checkContainer(x, name));
  if (lens.every((l) => l === 0)) return true;
  checkConsistentLength(...lens.map((n) => ({ data: [], n })));
  return false;
}

// ---------------------------------------------------------------------------
// anomaly

/**
 * Adds n rows in module memory: every score to `all` (sums, squares,
 * extremes), the anomalies' scores to `anom` (count and sum; the normal rows'
 * sum is the exact difference). False (nothing added) when a prediction is
 * neither -1 nor 1. Inside withArena.
 */
function split(k: Kernels, pp: number, xp: number, n: number, all: Moments, anom: Moments): boolean {
  const outA = alloc(n * 8), out = allocF64(4);
  k.anomalyGroups(pp, xp, n, outA, out);
  if (readF64(out, 3) > 0) return false;
  const na = readF64(out, 0);
  addScores(all, xp, n, readF64(out, 1), readF64(out, 2));
  anom.n += na;
  anom.s1.addArray(outA, na);
  return true;
}

/** Correctly rounded (Σa − Σb) / n from exact sums. */
function meanOfDifference(a: ExactSum, b: ExactSum, n: number): number {
  const x = a.exact(), y = b.exact();
  const e = Math.min(x.exp, y.exp);
  return roundRatio((x.int << BigInt(x.exp - e)) - (y.int << BigInt(y.exp - e)), e, BigInt(n), 0);
}

/**
 * Mergeable statistics of the anomaly dict: count, exact Σx and Σx², extremes
 * of all scores; count and exact Σx of the anomalies (the normal rows' sum is
 * the exact difference).
 */
export class AnomalyState {
  #all = emptyMoments();
  #anomaly = emptyMoments();

  get rows(): number {
    return this.#all.n;
  }

  /** Adds a batch (anomalyMetrics' checks and messages; unchanged state when it throws). */
  update(predictions: unknown, scores: unknown): void {
    if (isEmpty([predictions, "predictions"], [scores, "scores"])) return;
    const all = emptyMoments();
    const anom = emptyMoments();
    withArena((k) => {
      // Float64Arrays: copied in without finiteness scans; a prediction other than ±1 (NaN
      // included) is counted by the split, a non-finite score reaches the sums' flags, and
      // then the checked path below raises the error in anomalyMetrics' order.
      if (predictions instanceof Float64Array && scores instanceof Float64Array && predictions.length === scores.length) {
        if (split(k, putF64(predictions), putF64(scores), scores.length, all, anom) && all.s1.flags === 0) return;
        Object.assign(all, emptyMoments());
        Object.assign(anom, emptyMoments());
      }
      const p = checkArray(predictions, { arg: "predictions", inputName: "" });
      const x = checkArray(scores, { arg: "scores", inputName: "" });
      checkConsistentLength(p, x);
      const n = x.n;
      const pp = p.ptr ?? putF64(p.data);
      if (!split(k, pp, x.ptr ?? putF64(x.data), n, all, anom)) {
        const pv = getF64(pp, n);
        const i = pv.findIndex((v) => v !== -1 && v !== 1);
        throw new ValueError(
          `predictions must be sklearn outlier labels (-1 for anomalies, 1 for normal samples); found ${pv[i]} at index ${i}`,
        );
      }
    });
    mergeMoments(this.#all, all);
    mergeMoments(this.#anomaly, anom);
  }

  merge(other: AnomalyState): void {
    mergeMoments(this.#all, other.#all);
    mergeMoments(this.#anomaly, other.#anomaly);
  }

  stats(): AnomalyDictStats {
    const all = this.#all, a = this.#anomaly;
    if (all.n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
    const nN = all.n - a.n;
    return {
      nAnomaly: a.n,
      nNormal: nN,
      meanAnomaly: a.n > 0 ? meanOf(a.s1, a.n) : NaN,
      meanNormal: nN > 0 ? meanOfDifference(all.s1, a.s1, nN) : NaN,
      min: all.min,
      max: all.max,
      std: stdOf(all),
    };
  }

  toJSON(): Record<string, unknown> {
    return { all: momentsJSON(this.#all), anomaly: { n: this.#anomaly.n, s1: this.#anomaly.s1.toJSON() } };
  }

  static fromJSON(x: unknown): AnomalyState {
    const o = obj(x, "state");
    const s = new AnomalyState();
    s.#all = momentsFromJSON(o.all, "state.all");
    const a = obj(o.anomaly, "state.anomaly");
    s.#anomaly.n = count(a.n, "state.anomaly.n");
    try {
      s.#anomaly.s1 = ExactSum.fromJSON(a.s1 as string, "narrow");
    } catch (e) {
      throw new StateError(`state.anomaly.s1: ${(e as Error).message}`);
    }
    if (s.#anomaly.n > s.#all.n || (s.#anomaly.n === 0 && !s.#anomaly.s1.isZero())) {
      throw new StateError("state: the anomaly count and sum contradict the row count");
    }
    return s;
  }
}

// ---------------------------------------------------------------------------
// distribution

/**
 * Mergeable statistics of scoreDistribution: exact mode keeps the scores
 * (quantiles and histogram equal scoreDistribution's); with a relative error
 * α a {@link QuantileSketch} replaces them (constant memory, every quantile
 * within relative α; the histogram counts differ only for values within
 * relative α of a bin edge).
 */
export class DistributionState {
  #m = emptyMoments();
  #kept = new Column<Float64Array>(Float64Array);
  #sketch: QuantileSketch | null;

  constructor(
    readonly probabilities: Float64Array,
    readonly bins: number,
    readonly relativeError: number | null = null,
  ) {
    this.#sketch = relativeError === null ? null : QuantileSketch.create(relativeError);
  }

  get rows(): number {
    return this.#m.n;
  }

  /** Adds a batch of scores (scoreDistribution's checks; unchanged state when it throws). */
  update(scores: unknown): void {
    if (isEmpty([scores, "scores"])) return;
    const m = emptyMoments();
    let data: ArrayLike<number> = [];
    const sk = this.#sketch ? QuantileSketch.create(this.#sketch.relativeError) : null;
    withArena(() => {
      const x = checkArray(scores, { arg: "scores", inputName: "" });
      const xp = x.ptr ?? putF64(x.data);
      for (let i = 0; i < x.n; i += CHUNK) addScores(m, xp + i * 8, Math.min(CHUNK, x.n - i));
      if (sk) sk.addArena(xp, x.n);
      else data = x.ptr !== undefined ? getF64(xp, x.n) : x.data;
    });
    mergeMoments(this.#m, m);
    if (sk) this.#sketch!.merge(sk);
    else this.#kept.append(data);
  }

  merge(other: DistributionState): void {
    mergeMoments(this.#m, other.#m);
    if (this.#sketch) this.#sketch.merge(other.#sketch!);
    else this.#kept.appendColumn(other.#kept);
  }

  compute(o: WarnOptions): ScoreDistribution {
    const m = this.#m;
    const n = m.n;
    if (n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
    const mean = meanOf(m.s1, n);
    const std = stdOf(m);
    if (!Number.isFinite(std)) warn(o, "overflow encountered in square");
    if (this.#sketch) {
      const histogram = this.#sketch.histogram(this.bins);
      const quantiles = this.probabilities.length > 0 ? this.#sketch.quantiles(this.probabilities) : [];
      return { count: n, min: m.min, max: m.max, mean, std, quantiles, histogram };
    }
    return withArena((k) => {
      const bins = this.bins;
      const q = this.probabilities;
      const xp = alloc(n * 8);
      this.#kept.forEachBlock((b, off) => putF64At(b, 0, b.length, xp + off * 8));
      const edges = allocF64(bins + 1);
      const counts = alloc(bins * 4);
      const rc = k.distHistogram(xp, n, bins, m.min, m.max, edges, counts);
      if (rc === 1) throw new ValueError(`Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
      if (rc === 2) {
        throw new ValueError(
          `autodetected range of [${m.min}, ${m.max}] is too wide: max - min overflows float64, so no finite bin edges exist`,
        );
      }
      let quantiles: number[] = [];
      if (q.length > 0) {
        const qp = putF64(q);
        const out = allocF64(q.length);
        k.distQuantiles(xp, n, qp, q.length, alloc(n * 8), alloc(k.quantileWorkBytes(q.length)), out);
        quantiles = Array.from(getF64(out, q.length));
      }
      return {
        count: n,
        min: m.min,
        max: m.max,
        mean,
        std,
        quantiles,
        histogram: { counts: Array.from(getI32(counts, bins)), edges: Array.from(getF64(edges, bins + 1)) },
      };
    });
  }

  toJSON(): Record<string, unknown> {
    if (this.#sketch) return { moments: momentsJSON(this.#m), sketch: this.#sketch.toJSON() };
    return { moments: momentsJSON(this.#m), scores: this.#kept.toJSON() };
  }

  static fromJSON(x: unknown, probabilities: Float64Array, bins: number, relativeError: number | null = null): DistributionState {
    const o = obj(x, "state");
    const s = new DistributionState(probabilities, bins, relativeError);
    s.#m = momentsFromJSON(o.moments, "state.moments");
    if (relativeError !== null) {
      let sk: QuantileSketch;
      try {
        sk = QuantileSketch.fromJSON(o.sketch);
      } catch (e) {
        throw new StateError(`state.sketch: ${(e as Error).message}`);
      }
      if (sk.relativeError !== relativeError || sk.n !== s.#m.n || (sk.n > 0 && (sk.min !== s.#m.min || sk.max !== s.#m.max))) {
        throw new StateError("state: the sketch and the moments contradict each other");
      }
      s.#sketch = sk;
      return s;
    }
    s.#kept = Column.fromJSON(Float64Array, o.scores, "state.scores", s.#m.n);
    // The kept scores must give the same moments (a tampered state is refused).
    const check = new DistributionState(probabilities, bins);
    try {
      check.update(s.#kept.toArray());
    } catch (e) {
      throw new StateError(`state.scores: ${(e as Error).message}`);
    }
    if (JSON.stringify(momentsJSON(check.#m)) !== JSON.stringify(momentsJSON(s.#m))) {
      throw new StateError("state: the kept scores and the moments contradict each other");
    }
    return s;
  }
}
