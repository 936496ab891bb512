/**
 * The regression evaluator's state: exact sums of the regression dict's
 * per-row terms, so the dict does not depend on how rows are split into
 * batches or merged (partition invariance).
 *
 * Every term is rounded exactly as scikit-learn rounds it (e = y − ŷ, e·e·w,
 * |e|·w, |e|/max(|y|, ε)·w, y·w) and the terms are added with an exact
 * superaccumulator (src/state/exact.ts); R²'s denominator Σw(y − ȳ)² comes
 * from exact Σw, Σw·y and Σw·y² as (Σw·Σwy² − (Σwy)²)/Σw, rounded once.
 * @module
 */
import { StateError, count, num, numJSON, obj } from "../state/encode.js";
import { ExactSum, roundRatio } from "../state/exact.js";
import { checkConsistentLength, checkContainer, ValueError, ZeroDivisionError } from "../input/validate.js";
import { alloc, core, putF64, withArena } from "../wasm/core.js";
import { checkRegTargets } from "./metrics.js";
import type { RegressionDictStats, RegressionTrainStats } from "./stats.js";

/** Rows per kernel chunk (the term buffers stay in cache). */
const CHUNK = 16384;

interface Sums {
  n: number;
  sw: ExactSum;
  se2: ExactSum;
  sae: ExactSum;
  sape: ExactSum;
  syw: ExactSum;
  /** Σ w·y and Σ w·y², exact (products kept whole). */
  s1: ExactSum;
  s2: ExactSum;
  maxAe: number;
  weighted: boolean;
  /** Some weight was non-zero (sklearn refuses all-zero weights). */
  nonzeroW: boolean;
}

function emptySums(): Sums {
  return {
    n: 0,
    sw: ExactSum.narrow(),
    se2: ExactSum.narrow(),
    sae: ExactSum.narrow(),
    sape: ExactSum.narrow(),
    syw: ExactSum.narrow(),
    s1: ExactSum.wide(),
    s2: ExactSum.wide(),
    maxAe: 0,
    weighted: false,
    nonzeroW: false,
  };
}

function mergeSums(a: Sums, b: Sums): void {
  a.n += b.n;
  for (const k of ["sw", "se2", "sae", "sape", "syw", "s1", "s2"] as const) a[k].merge(b[k]);
  a.maxAe = Math.max(a.maxAe, b.maxAe);
  a.weighted ||= b.weighted;
  a.nonzeroW ||= b.nonzeroW;
}

/** True when a batch has no rows (every given array empty); checks the containers first. */
function isEmptyBatch(...xs: unknown[]): boolean {
  const lens = xs.filter((x) => x !== undefined && x !== null).map((x, i) => checkContainer(x, ["yTrue", "yPred", "sampleWeight"][i]));
  if (lens.every((l) => l === 0)) return true;
  checkConsistentLength(...lens.map((n) => ({ data: [], n })));
  return false;
}

/** Sums of one batch (checked with regressionMetrics' messages). */
function batchSums(yTrue: unknown, yPred: unknown, sampleWeight: unknown): Sums {
  const w0 = sampleWeight === null ? undefined : sampleWeight;
  if (isEmptyBatch(yTrue, yPred, w0)) return emptySums();
  return withArena(() => fastSums(yTrue, yPred, w0) ?? checkedSums(yTrue, yPred, w0));
}

/**
 * Float64Array inputs: copied in without a separate finiteness scan. A NaN or
 * an infinity in any input reaches the exact sums' flags (every input enters
 * some term), and then the checked path runs instead: it raises sklearn's
 * error, or, when the inputs were finite and a term overflowed, computes the
 * same sums. `null` when the inputs do not qualify.
 */
function fastSums(yTrue: unknown, yPred: unknown, w: unknown): Sums | null {
  if (!(yTrue instanceof Float64Array && yPred instanceof Float64Array)) return null;
  if (w !== undefined && !(w instanceof Float64Array)) return null;
  const n = yTrue.length;
  if (yPred.length !== n || (w && (w as Float64Array).length !== n)) return null;
  let nonzero = !w;
  if (w) for (let i = 0; i < n && !nonzero; i++) nonzero = (w as Float64Array)[i] !== 0;
  const s = sumsOf(putF64(yTrue), putF64(yPred), w ? putF64(w as Float64Array) : 0, n, nonzero);
  return KEYS.some((k) => s[k].flags !== 0) || !Number.isFinite(s.maxAe) ? null : s;
}

function checkedSums(yTrue: unknown, yPred: unknown, w: unknown): Sums {
  const t = checkRegTargets(yTrue, yPred, w, { allowZeroWeights: true });
  const yt = t.yTrue.ptr ?? putF64(t.yTrue.data);
  const yp = t.yPred.ptr ?? putF64(t.yPred.data);
  const wp = t.weight ? (t.weight.ptr ?? putF64(t.weight.data)) : 0;
  return sumsOf(yt, yp, wp, t.yTrue.n, t.weight ? !!t.weight.nonzero : true);
}

/** The sums of n rows in module memory (w = 0: unweighted), in cache-sized chunks. */
function sumsOf(yt: number, yp: number, w: number, n: number, nonzeroW: boolean): Sums {
  const s = emptySums();
  s.n = n;
  s.weighted = w !== 0;
  s.nonzeroW = nonzeroW;
  const m = Math.min(n, CHUNK);
  const e2 = alloc(m * 8), ae = alloc(m * 8), ape = alloc(m * 8), yw = alloc(m * 8);
  for (let i = 0; i < n; i += CHUNK) {
    const c = Math.min(CHUNK, n - i);
    const o = i * 8;
    s.maxAe = Math.max(s.maxAe, core().regTerms(yt + o, yp + o, w ? w + o : 0, c, e2, ae, ape, yw));
    s.se2.addArray(e2, c);
    s.sae.addArray(ae, c);
    s.sape.addArray(ape, c);
    s.syw.addArray(yw, c);
    if (w) {
      s.sw.addArray(w + o, c);
      s.s1.addProducts(w + o, yt + o, c);
      s.s2.addWeightedSquares(w + o, yt + o, c);
    } else {
      s.s1.addArray(yt + o, c);
      s.s2.addSquares(yt + o, c);
    }
  }
  if (!w) s.sw.addNumber(n);
  return s;
}

/** Σw(y − ȳ_w)² = (Σw·Σwy² − (Σwy)²)/Σw from the exact sums, rounded once. */
function exactSst(sw: ExactSum, s1: ExactSum, s2: ExactSum): number {
  const a = sw.exact(), b = s1.exact(), c = s2.exact();
  const e = Math.min(a.exp + c.exp, 2 * b.exp);
  const num = ((a.int * c.int) << BigInt(a.exp + c.exp - e)) - ((b.int * b.int) << BigInt(2 * b.exp - e));
  return roundRatio(num, e, a.int, a.exp);
}

const KEYS = ["sw", "se2", "sae", "sape", "syw", "s1", "s2"] as const;
const WIDE = new Set(["s1", "s2"]);

function sumsJSON(s: Sums): Record<string, unknown> {
  const o: Record<string, unknown> = { n: s.n, weighted: s.weighted, nonzeroW: s.nonzeroW, maxAe: numJSON(s.maxAe) };
  for (const k of KEYS) o[k] = s[k].toJSON();
  return o;
}

function sumsFromJSON(x: unknown, what: string): Sums {
  const o = obj(x, what);
  const s = emptySums();
  s.n = count(o.n, `${what}.n`);
  if (typeof o.weighted !== "boolean" || typeof o.nonzeroW !== "boolean") throw new StateError(`${what}: weighted/nonzeroW must be booleans`);
  s.weighted = o.weighted;
  s.nonzeroW = o.nonzeroW;
  s.maxAe = num(o.maxAe, `${what}.maxAe`);
  for (const k of KEYS) {
    try {
      s[k] = ExactSum.fromJSON(o[k] as string, WIDE.has(k) ? "wide" : "narrow");
    } catch (e) {
      throw new StateError(`${what}.${k}: ${(e as Error).message}`);
    }
  }
  // Counts and sums that contradict each other.
  if (!(s.maxAe >= 0) || !Number.isFinite(s.maxAe)) throw new StateError(`${what}.maxAe: must be a finite number ≥ 0`);
  if (s.n === 0 && (s.weighted || !KEYS.every((k) => s[k].isZero()) || s.maxAe !== 0)) {
    throw new StateError(`${what}: no rows, yet non-zero sums`);
  }
  if (s.n > 0 && !s.weighted && (s.sw.value() !== s.n || !s.nonzeroW)) {
    throw new StateError(`${what}: unweighted rows, yet the weight total ${s.sw.value()} is not the row count ${s.n}`);
  }
  return s;
}

/**
 * Mergeable, serialisable sufficient statistics of the regression dict (both
 * presets) and of its training side (`train_r2`, `training_samples`).
 */
export class RegressionState {
  #test = emptySums();
  #train = emptySums();

  /** Rows seen (test side). */
  get rows(): number {
    return this.#test.n;
  }

  /** Adds a batch (checked with regressionMetrics' messages; the state is unchanged when it throws). */
  update(yTrue: unknown, yPred: unknown, sampleWeight?: unknown): void {
    mergeSums(this.#test, batchSums(yTrue, yPred, sampleWeight));
  }

  /** Adds a batch of the training side (unweighted, as the dict's `train`). */
  updateTrain(yTrue: unknown, yPred: unknown): void {
    mergeSums(this.#train, batchSums(yTrue, yPred, undefined));
  }

  /** Adds another state's rows. */
  merge(other: RegressionState): void {
    mergeSums(this.#test, other.#test);
    mergeSums(this.#train, other.#train);
  }

  /** True when training-side rows were added. */
  get hasTrain(): boolean {
    return this.#train.n > 0;
  }

  /**
   * The dict's statistics: exact sums, each rounded once. Raises sklearn's
   * errors that concern all the data: no rows, all-zero weights, weights
   * summing to zero.
   */
  stats(): RegressionDictStats {
    return dictStats(this.#test);
  }

  /** The training side's statistics. */
  trainStats(): RegressionTrainStats {
    const s = dictStats(this.#train);
    return { n: s.n, se2: s.se2, sst: s.sst };
  }

  toJSON(): Record<string, unknown> {
    return { test: sumsJSON(this.#test), train: sumsJSON(this.#train) };
  }

  static fromJSON(x: unknown): RegressionState {
    const o = obj(x, "state");
    const r = new RegressionState();
    r.#test = sumsFromJSON(o.test, "state.test");
    r.#train = sumsFromJSON(o.train, "state.train");
    if (r.#train.weighted) throw new StateError("state.train: the training side is unweighted");
    return r;
  }
}

function dictStats(s: Sums): RegressionDictStats {
  if (s.n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
  if (!s.nonzeroW) throw new ValueError("Sample weights must contain at least one non-zero number.");
  const sw = s.sw.value();
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return {
    n: s.n,
    sw,
    se2: s.se2.value(),
    sae: s.sae.value(),
    sape: s.sape.value(),
    sst: exactSst(s.sw, s.s1, s.s2),
    sumOnTarget: s.syw.value(),
    maxAe: s.maxAe,
  };
}
