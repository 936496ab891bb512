/**
 * D² scores of probabilistic classifiers (scikit-learn `d2_log_loss_score`,
 * `d2_brier_score`): the fraction of the log loss / Brier score of the
 * class-prior null model that the predictions explain.
 *
 * Per-sample terms come from the `multiLogLossSum` / `multiBrierSum` kernels
 * (row sums in numpy's pairwise order), the class priors from
 * `classWeightSums` (numpy's axis-0 reduction adds rows in order), and the
 * null model's terms are gathered per class by `gatherSum`; every total is a
 * pairwise sum, as numpy's.
 * @module
 */
import { type ClassLabel, type ClassLabelArray } from "../input/codec.js";
import { isMatrix, type Matrix, type ProbMatrix, readMatrix } from "../input/matrix.js";
import { checkArray, checkContainer, checkOptions, type NumericArray, optionArray, scanArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { alloc, getF64, type Kernels, putF64, withArena } from "../wasm/core.js";
import { binaryProbTargets, pyFloat } from "./curves.js";
import { encodeIndices, validateMulticlassProb } from "./multiclass.js";
import { columnOr1d } from "./labelranking.js";

/** Options of {@link d2LogLossScore}. */
export interface D2LogLossOptions extends WarnOptions {
  sampleWeight?: NumericArray;
  /** All class labels (sorted); columns of the matrix follow this order. */
  labels?: readonly ClassLabel[] | NumericArray;
  /** Columns per row when `yProba` is a flat row-major array. */
  nClasses?: number;
}

/** Options of {@link d2BrierScore}. */
export interface D2BrierOptions extends D2LogLossOptions {
  /** The positive label of a 1-D `yProba` (default: 1 for {0, 1} / {−1, 1}, else the larger label). */
  posLabel?: ClassLabel;
}

const TOO_FEW = "D^2 score is not well-defined with less than two samples.";

function probRows(x: unknown, nClasses: number | undefined): number {
  if (isMatrix(x, nClasses) && !(nClasses !== undefined && nClasses !== null)) return checkContainer(x, "yProba");
  const total = checkContainer(x, "yProba");
  return nClasses ? Math.floor(total / nClasses) : total;
}

/** check_consistent_length(y_proba, y_true, sample_weight), then n < 2 → NaN (true). */
function tooFew(yTrue: unknown, yProba: unknown, o: D2LogLossOptions): boolean {
  const lens = [probRows(yProba, o.nClasses), checkContainer(yTrue, "yTrue")];
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) lens.push(checkContainer(o.sampleWeight, "sampleWeight"));
  if (new Set(lens).size > 1) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
  if (lens[0] < 2) {
    warn(o, TOO_FEW);
    return true;
  }
  return false;
}

/** A 1-D probability vector as the n x 2 matrix [1 − p, p] (kernel `complementPairs`). */
function complement(p: ArrayLike<number>): Matrix {
  const n = p.length;
  return withArena((k) => {
    const out = alloc(n * 16);
    k.complementPairs(putF64(p), n, out);
    return { data: getF64(out, 2 * n), n, k: 2 }; // (getF64 copies)
  });
}

/**
 * Scores of the model and of the null (class-prior) model, as sklearn
 * computes them: `term` is the per-sample kernel (log loss or Brier row sum).
 */
function d2Parts(
  k: Kernels,
  P: { ptr: number; n: number; k: number },
  yi: number,
  w: number,
  term: (P: number, n: number, kk: number, y: number, w: number, out: number) => number,
): { num: number; den: number; sw: number } {
  const n = P.n;
  const kk = P.k;
  const num = term(P.ptr, n, kk, yi, w, alloc(n * 8));
  const sums = alloc(kk * 8);
  k.classWeightSums(yi, w, n, kk, sums);
  const sw = w ? k.sumF64(w, n) : n;
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  const q = Array.from(getF64(sums, kk), (s) => s / sw);
  const Q = new Float64Array(kk * kk);
  for (let c = 0; c < kk; c++) Q.set(q, c * kk);
  const iota = putF64(Array.from({ length: kk }, (_, c) => c));
  const r = alloc(kk * 8);
  term(putF64(Q), kk, kk, iota, 0, r);
  const den = k.gatherSum(yi, r, w, n, alloc(n * 8));
  return { num, den, sw };
}

function multiclassTargets(yTrue: ClassLabelArray, P: Matrix, o: D2LogLossOptions) {
  const labels = o.labels !== undefined && o.labels !== null ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  return validateMulticlassProb(yTrue, P, o.sampleWeight, labels, o, "lower");
}

/**
 * D² log loss score (sklearn `d2_log_loss_score`): 1 − L(y, P) / L(y, P₀), L the
 * (weighted) summed log loss with probabilities clipped to [ε, 1 − ε] and P₀
 * every row equal to the (weighted) class frequencies of yTrue. `yProba` is a
 * 1-D probability of the larger class or an n × k matrix (rows, or flat with
 * `nClasses`). Fewer than two samples: NaN and the warning `D^2 score is not
 * well-defined with less than two samples.`; sklearn's probability and label
 * errors word for word. Unweighted sums are numpy's pairwise sums (sklearn's
 * weighted total is a BLAS dot product: equal within 1e-12 relative).
 * @example
 * ```ts
 * d2LogLossScore([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4]); // 0.5686325111679058 (sklearn: 0.5686325111679058)
 * ```
 */
export function d2LogLossScore(yTrue: ClassLabelArray, yProba: ProbMatrix | NumericArray, options?: D2LogLossOptions): number {
  const o = checkOptions<D2LogLossOptions>(options, "d2LogLossScore");
  if (tooFew(yTrue, yProba, o)) return NaN;
  const fast = binaryLogLossFast(yTrue, yProba, o);
  if (fast !== undefined) {
    if (fast.den === 0) throw new ZeroDivisionError("float division by zero");
    return 1 - fast.num / fast.den;
  }
  let P: Matrix;
  if (isMatrix(yProba, o.nClasses)) {
    P = readMatrix(yProba, o.nClasses, "yProba");
    if (P.k === 1) P = complementChecked(P.data);
  } else {
    P = complementChecked(scanArray(yProba as ArrayLike<unknown>, { arg: "yProba", inputName: "" }).data);
  }
  const v = multiclassTargets(yTrue, P, o);
  const { num, den } = withArena((k) => {
    const yi = encodeIndices(k, v.y, v.classes);
    const w = v.weight ? putF64(v.weight) : 0;
    return d2Parts(k, { ptr: putF64(P.data), n: P.n, k: P.k }, yi, w, (a, n, kk, y, ww, out) => k.multiLogLossSum(a, n, kk, y, ww, out));
  });
  if (den === 0) throw new ZeroDivisionError("float division by zero");
  return 1 - num / den;
}

/** sklearn checks max > 1 then min < 0 on the 1-D probabilities before stacking [1 − p, p]. */
/**
 * d2LogLossScore's common case in one arena: numeric typed-array labels with two
 * classes, a 1-D Float64Array / Float32Array of probabilities in [0, 1], no weights,
 * no `labels`. Both inputs are copied and scanned once in WebAssembly; the class index
 * of each sample is `y == larger class` (what encodeIndices gives for two classes) and
 * the two columns [1 − p, p] are built in the arena, then the general path's kernels
 * run: the same bits. `undefined` (the general path then runs, and raises sklearn's
 * errors in sklearn's order) for anything else, including invalid input.
 */
function binaryLogLossFast(yTrue: unknown, yProba: unknown, o: D2LogLossOptions): { num: number; den: number } | undefined {
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) return undefined;
  if (o.labels !== undefined && o.labels !== null) return undefined;
  if (o.nClasses !== undefined && o.nClasses !== null) return undefined;
  if (!(yProba instanceof Float64Array || yProba instanceof Float32Array)) return undefined;
  if (!ArrayBuffer.isView(yTrue) || yTrue instanceof DataView || yTrue instanceof BigInt64Array || yTrue instanceof BigUint64Array) return undefined;
  try {
    return withArena((k) => {
      const p = checkArray(yProba, { arg: "yProba", inputName: "" });
      const y = checkArray(yTrue, { arg: "yTrue", inputName: "y" });
      if (p.ptr === undefined || y.ptr === undefined || p.min === undefined || p.max === undefined) return undefined;
      if (p.min < 0 || p.max > 1 || p.n !== y.n) return undefined;
      const two = alloc(16);
      const flags = k.binaryLabels(y.ptr, y.n, two);
      if ((flags & 3) !== 2 || (flags & 12) !== 0) return undefined; // two integer classes only
      const pos = Math.max(getF64(two, 2)[0], getF64(two, 2)[1]);
      const n = p.n;
      const yi = alloc(n * 8);
      k.labelIndicator(y.ptr, n, pos, yi);
      const pp = alloc(n * 16);
      k.complementPairs(p.ptr, n, pp);
      return d2Parts(k, { ptr: pp, n, k: 2 }, yi, 0, (a, nn, kk, yy, ww, out) => k.multiLogLossSum(a, nn, kk, yy, ww, out));
    });
  } catch {
    return undefined;
  }
}

function complementChecked(p: ArrayLike<number>): Matrix {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < p.length; i++) {
    if (p[i] < lo) lo = p[i];
    if (p[i] > hi) hi = p[i];
  }
  if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
  if (lo < 0) throw new ValueError(`y_prob contains values lower than 0: ${pyFloat(lo)}`);
  return complement(p);
}

/**
 * D² Brier score (sklearn `d2_brier_score`): 1 − B(y, P) / B(y, P₀), B the
 * (weighted) mean over samples of Σⱼ (onehotᵢⱼ − Pᵢⱼ)² (row sums in numpy's
 * pairwise order) and P₀ every row equal to the (weighted) class frequencies.
 * A 1-D `yProba` is the probability of `posLabel` (sklearn's binary
 * validation: `posLabel` defaults as in `brier_score_loss`); an n × k matrix
 * follows the sorted `labels`. A single class gives a null score of 0 and so
 * −Infinity or NaN, as numpy's division. Fewer than two samples: NaN and
 * the warning `D^2 score is not well-defined with less than two samples.`
 * @example
 * ```ts
 * d2BrierScore([0, 1, 1, 0], [0.2, 0.7, 0.9, 0.4]); // 0.7 (sklearn: 0.7)
 * ```
 */
export function d2BrierScore(yTrue: ClassLabelArray, yProba: ProbMatrix | NumericArray, options?: D2BrierOptions): number {
  const o = checkOptions<D2BrierOptions>(options, "d2BrierScore");
  if (tooFew(yTrue, yProba, o)) return NaN;
  let parts: { num: number; den: number; sw: number };
  const brier = (k: Kernels) => (a: number, n: number, kk: number, y: number, ww: number, out: number) =>
    k.multiBrierSum(a, n, kk, y, ww, alloc(kk * 8), out);
  const M = isMatrix(yProba, o.nClasses) ? readMatrix(yProba, o.nClasses, "yProba") : null;
  if (M === null) yTrue = columnOr1d(yTrue, "yTrue"); // a 1-D y_prob: sklearn's column_or_1d(y_true)
  if (M === null || M.k === 1) {
    // one arena: each input copied and scanned once in WebAssembly (labels, range, finiteness)
    parts = withArena((k) => {
      const { t, p, w, pos } = binaryProbTargets(yTrue, M ? M.data : (yProba as NumericArray), o);
      const n = p.n;
      const yi = alloc(n * 8);
      k.labelIndicator(t.ptr ?? putF64(t.data), n, pos, yi);
      const pp = alloc(n * 16);
      k.complementPairs(p.ptr ?? putF64(p.data), n, pp);
      return d2Parts(k, { ptr: pp, n, k: 2 }, yi, w ? (w.ptr ?? putF64(w.data)) : 0, brier(k));
    });
  } else {
    const v = multiclassTargets(yTrue, M, o);
    parts = withArena((k) => {
      const yi = encodeIndices(k, v.y, v.classes);
      return d2Parts(k, { ptr: putF64(M.data), n: M.n, k: M.k }, yi, v.weight ? putF64(v.weight) : 0, brier(k));
    });
  }
  const b = parts.num / parts.sw;
  const b0 = parts.den / parts.sw;
  return 1 - b / b0;
}
