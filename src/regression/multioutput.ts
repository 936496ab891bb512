/**
 * Multi-output regression (scikit-learn's 2-D `y_true` / `y_pred` of shape
 * n × m and the `multioutput` option) for the regression metrics that take it.
 *
 * Input: `number[][]` rows, or a flat row-major array with `{ nOutputs }`
 * (as the probability matrices and label matrices elsewhere). Checked as
 * sklearn's `_check_reg_targets`: lengths (weights included), y_true, y_pred,
 * the weights, the number of outputs, then the custom output weights.
 *
 * Numerics: sklearn reduces each output with `np.average(..., axis=0)` over a
 * C-ordered array. For m > 1 numpy walks that array row by row with the
 * contiguous axis innermost (`out[j] += x[i, j]`): each column is a plain
 * sequential sum, not pairwise. The `moColSums` kernel sums in that order
 * (bit-identical). For m = 1 the array is contiguous along axis 0 and numpy
 * sums pairwise: the 1-D kernels are used (the 1-D results). The sum of the
 * sample weights is always pairwise (a 1-D array). The outputs are then
 * averaged as `np.average(errors, weights=multioutput)`: a pairwise mean, or
 * Σ eⱼwⱼ / Σ wⱼ (weights summing to zero raise numpy's ZeroDivisionError).
 * @module
 */
import { checkConsistentLength, checkContainer, checkWeights, checkWeightSum, type NumericArray, scanArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { alloc, allocF64, copyF64, getF64, isNumericTypedArray, type Kernels, MAX_SAMPLES, putF64, putF64At, readF64, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";
import { weightedMedian, weightedPercentile } from "./percentile.js";

/** A regression target: 1-D values, `number[][]` rows (n × m), or a flat row-major array with `{ nOutputs }`. */
export type RegressionTarget = NumericArray | readonly (readonly number[] | NumericArray)[];

/** How the per-output values are combined (sklearn's `multioutput`). */
export type Multioutput = "raw_values" | "uniform_average" | "variance_weighted" | NumericArray;

/** The multi-output options shared by the regression metrics. */
export interface MultioutputOptions {
  /**
   * `'uniform_average'` (default): the mean over outputs; `'raw_values'`: one
   * value per output (an array, also for 1-D targets); an array of m output
   * weights: the weighted mean; `'variance_weighted'` (`r2Score`,
   * `explainedVarianceScore` only): weighted by each output's variance of yTrue.
   */
  multioutput?: Multioutput | null;
  /** Outputs per row when `yTrue` / `yPred` are flat row-major arrays. */
  nOutputs?: number;
}

/** The result type: an array with `multioutput: 'raw_values'`, else a number. */
export type MultioutputResult<O> = O extends { multioutput: "raw_values" } ? number[] : number;

/** True when a call takes the multi-output path (2-D input, `nOutputs` or `multioutput` given). */
export function isMultioutput(yTrue: unknown, yPred: unknown, o: MultioutputOptions): boolean {
  return isRows(yTrue) || isRows(yPred) || (o.nOutputs !== undefined && o.nOutputs !== null) || o.multioutput !== undefined;
}

function isRows(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && typeof x[0] === "object" && x[0] !== null;
}

type Mode = "raw_values" | "uniform_average" | "variance_weighted" | "weights";

const SETS: Record<string, string> = {
  two: "{'raw_values', 'uniform_average'}",
  three: "{'raw_values', 'uniform_average', 'variance_weighted'}",
};

function pyRepr(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (v === null) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  return String(v);
}

/**
 * sklearn's `validate_params` for `multioutput` (`InvalidParameterError`, a
 * ValueError): `variance_weighted` only where sklearn lists it, `null` only for
 * r2_score.
 */
export function checkMultioutputParam(m: unknown, fn: string, varianceWeighted: boolean, allowNull = false): Mode {
  if (m === undefined || m === "uniform_average" || (m === null && allowNull)) return "uniform_average";
  if (m === "raw_values") return "raw_values";
  if (m === "variance_weighted" && varianceWeighted) return "variance_weighted";
  if (Array.isArray(m) || isNumericTypedArray(m)) return "weights";
  const set = varianceWeighted ? SETS.three : SETS.two;
  const tail = allowNull ? `, an array-like or None` : ` or an array-like`;
  throw new ValueError(`The 'multioutput' parameter of ${fn} must be a str among ${set}${tail}. Got ${pyRepr(m)} instead.`);
}

/** The n × m targets, staged in the caller's arena. */
export interface Targets2d {
  n: number;
  m: number;
  yt: number;
  yp: number;
  /** Weights pointer (0 when unweighted) and Σw (pairwise; n when unweighted). */
  w: number;
  sw: number;
  /** The (checked) output weights, when `multioutput` is an array. */
  outWeights?: Float64Array;
  /** The input values (for domain checks). */
  t: ArrayLike<number>;
  p: ArrayLike<number>;
}

interface Read {
  n: number;
  m: number;
  shape: (n: number) => string;
  read: () => { data: ArrayLike<number>; ptr: number };
}

function checkNOutputs(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Number.isInteger(v) || (v as number) < 1) throw new TypeError(`nOutputs must be a positive integer, got ${String(v)}`);
  return v as number;
}

const INHOMOGENEOUS = (n: number) =>
  `setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions. The detected shape was (${n},) + inhomogeneous part.`;

/** Plans the reading of one target: its rows and outputs (reading and checking happen later, in sklearn's order). */
function plan(x: unknown, nOutputs: number | undefined, arg: string): Read {
  if (isRows(x)) {
    const rows = x as readonly unknown[];
    const n = rows.length;
    const m = checkContainer(rows[0], `${arg}[0]`);
    return {
      n,
      m,
      shape: () => `(${n}, ${m})`,
      read: () => {
        const data = new Float64Array(n * m);
        for (let i = 0; i < n; i++) {
          const row = rows[i];
          if (typeof row !== "object" || row === null) throw new ValueError(INHOMOGENEOUS(n));
          if (checkContainer(row, `${arg}[${i}]`) !== m) throw new ValueError(INHOMOGENEOUS(n));
          for (let j = 0; j < m; j++) {
            const v = (row as ArrayLike<unknown>)[j];
            if (typeof v !== "number") throw new TypeError(`${arg} must contain only numbers; found ${typeof v === "string" ? JSON.stringify(v) : String(v)} at row ${i}, column ${j}`);
            data[i * m + j] = v;
          }
        }
        // check_array over the whole matrix: NaN reported whenever present, else infinity
        // (inside the arena the scan stages the copy: its pointer is the input's)
        const c = scanArray(data, { arg, inputName: "", allowEmpty: true });
        return { data, ptr: c.ptr ?? putF64(data) };
      },
    };
  }
  const total = checkContainer(x, arg);
  const m = nOutputs ?? 1;
  if (total % m !== 0) throw new ValueError(`${arg} has ${total} values, not a multiple of nOutputs=${m}`);
  const n = total / m;
  return {
    n,
    m,
    shape: () => (nOutputs === undefined ? `(${n},)` : `(${n}, ${m})`),
    read: () => {
      const c = scanArray(x as ArrayLike<unknown>, { arg, inputName: "", allowEmpty: true });
      return { data: c.data, ptr: c.ptr ?? putF64(c.data) };
    },
  };
}

/**
 * sklearn's `_check_reg_targets` for 1-D or 2-D targets, in sklearn's order.
 * Call inside `withArena`.
 */
export function checkTargets2d(k: Kernels, yTrue: unknown, yPred: unknown, o: MultioutputOptions & { sampleWeight?: unknown }, mode: Mode, rawWeights = false): Targets2d {
  const nOut = checkNOutputs(o.nOutputs);
  const hasW = o.sampleWeight !== undefined && o.sampleWeight !== null;
  const T = plan(yTrue, nOut, "yTrue");
  const P = plan(yPred, nOut, "yPred");
  const nw = hasW ? checkContainer(o.sampleWeight, "sampleWeight") : undefined;
  checkConsistentLength({ data: [], n: T.n }, { data: [], n: P.n }, nw === undefined ? undefined : { data: [], n: nw });
  const t = readChecked(T);
  const p = readChecked(P);
  let w = 0;
  let sw = T.n;
  if (hasW) {
    const c = checkWeights(o.sampleWeight, T.n);
    w = c.ptr ?? putF64(c.data);
    sw = k.sumF64(w, T.n);
  }
  if (T.m !== P.m) throw new ValueError(`y_true and y_pred have different number of output (${T.m}!=${P.m})`);
  let outWeights: Float64Array | undefined;
  if (mode === "weights" && rawWeights) {
    // root_mean_squared_error hands its output weights to np.average unchecked:
    // NaN gives NaN, another length numpy's TypeError, one output no error
    const mw = Array.from(o.multioutput as ArrayLike<unknown>, (v) => {
      if (typeof v !== "number") throw new TypeError(`multioutput must contain only numbers; found ${String(v)}`);
      return v;
    });
    if (mw.length !== T.m) throw new TypeError("Axis must be specified when shapes of a and weights differ.");
    outWeights = Float64Array.from(mw);
  } else if (mode === "weights") {
    const mw = o.multioutput as NumericArray;
    const c = scanArray(mw as ArrayLike<unknown>, { arg: "multioutput", inputName: "" });
    if (T.m === 1) throw new ValueError("Custom weights are useful only in multi-output cases.");
    if (c.n !== T.m) throw new ValueError(`There must be equally many custom weights (${c.n}) as outputs (${T.m}).`);
    outWeights = Float64Array.from(c.data);
  }
  return { n: T.n, m: T.m, yt: t.ptr, yp: p.ptr, w, sw, outWeights, t: t.data, p: p.data };
}

function readChecked(r: Read): { data: ArrayLike<number>; ptr: number } {
  if (r.n === 0) throw new ValueError(`Found array with 0 sample(s) (shape=${r.shape(0)}) while a minimum of 1 is required.`);
  if (r.m === 0) throw new ValueError(`Found array with 0 feature(s) (shape=(${r.n}, 0)) while a minimum of 1 is required.`);
  return r.read();
}

/** Per-output Σᵢ term(kind)·wᵢ in numpy's axis-0 order (`c`: per-output constants). */
function colSums(k: Kernels, T: Targets2d, kind: number, a = 0, c?: ArrayLike<number>): Float64Array {
  const out = allocF64(T.m);
  k.moColSums(kind, T.yt, T.yp, T.w, T.n, T.m, a, c ? putF64(c) : 0, out);
  return getF64(out, T.m).slice();
}

const K = { SE: 0, AE: 1, APE: 2, SLE: 3, PINBALL: 4, Y: 5, DIFF: 6, DEV: 7, DIFFDEV: 8, PINBALL_C: 9 } as const;

/** The 1-D sufficient statistics (pairwise) of one output: [sw, swy, swe, swe2, swae, swape, max, swdy2, swde2]. */
function stats1(k: Kernels, T: Targets2d, dev: boolean): Float64Array {
  const out = allocF64(16);
  k.regressionStats(T.yt, T.yp, T.w, T.n, dev ? 1 : 0, out);
  return getF64(out, 9).slice();
}

/** np.average(values, weights): pairwise mean, or Σ vⱼwⱼ / Σ wⱼ. */
function average(k: Kernels, v: ArrayLike<number>, w?: ArrayLike<number>): number {
  const m = v.length;
  const pv = putF64(v);
  if (!w) return k.sumF64(pv, m) / m;
  const pw = putF64(w);
  const sw = k.sumF64(pw, m);
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return k.productSum(pv, pw, m, alloc(m * 8)) / sw;
}

/** sklearn's final `_average(output_errors, weights=multioutput)` (or the raw values). */
function finish(k: Kernels, v: Float64Array, mode: Mode, T: Targets2d): number | number[] {
  if (mode === "raw_values") return Array.from(v);
  return average(k, v, mode === "weights" ? T.outWeights : undefined);
}

function checkedMean(T: Targets2d, s: Float64Array): Float64Array {
  if (T.w) checkWeightSum(T.sw);
  for (let j = 0; j < s.length; j++) s[j] /= T.sw;
  return s;
}

/** Per-output means of squared error (0), absolute error (1), absolute percentage error (2). */
function basicMeans(k: Kernels, T: Targets2d, kind: 0 | 1 | 2): Float64Array {
  if (T.m === 1) {
    const s = stats1(k, T, false);
    if (T.w) checkWeightSum(s[0]);
    return Float64Array.of((kind === 0 ? s[3] : kind === 1 ? s[4] : s[5]) / s[0]);
  }
  return checkedMean(T, colSums(k, T, kind === 0 ? K.SE : kind === 1 ? K.AE : K.APE));
}

/** Per-output means of the `regExtraSum` terms (MSLE kind 3 ↔ extra 0, pinball kind 4 ↔ extra 1). */
function extraMeans(k: Kernels, T: Targets2d, kind: 3 | 4, a: number): Float64Array {
  if (T.m === 1) {
    if (T.w) checkWeightSum(T.sw);
    return Float64Array.of(k.regExtraSum(kind === 3 ? 0 : 1, T.yt, T.yp, T.w, T.n, a, alloc(T.n * 8)) / T.sw);
  }
  return checkedMean(T, colSums(k, T, kind, a));
}

type Opts = MultioutputOptions & WarnOptions & { sampleWeight?: NumericArray; forceFinite?: boolean; alpha?: number };

/** Elements per chunk of the streamed fast path (256 KiB per array: stays in cache). */
const STREAM = 32768;

/**
 * Fast path of the unweighted flat forms (Float64Array / Float32Array, `nOutputs` ≥ 2): the
 * inputs are copied chunk by chunk and each chunk's column sums (`kinds`) continue right after
 * its copy, while it is in cache (the running sums go on from chunk to chunk: the same
 * sequential order, the same bits). No separate finiteness scan: Σ(y − ŷ)² (or Σ|y − ŷ|, …) of
 * an output is finite only when all its y and ŷ are; when a sum is not finite (a NaN or an
 * infinity, or finite values that overflow) this returns null and the general path checks
 * (and raises sklearn's error in sklearn's order, or computes as before). Null too for
 * anything else (weights, output weights that the general path must check, …). `keepTrue`:
 * yTrue is kept whole in the arena (for a second pass). Call inside `withArena`.
 */
function streamSums(k: Kernels, yTrue: unknown, yPred: unknown, o: Opts, mode: Mode, kinds: number[], keepTrue: boolean): { n: number; m: number; sums: Float64Array[]; yt: number; outWeights?: Float64Array } | null {
  if (!fastPaths.enabled || (o.sampleWeight !== undefined && o.sampleWeight !== null)) return null;
  const m = o.nOutputs;
  if (typeof m !== "number" || !Number.isInteger(m) || m < 2) return null;
  const typed = (x: unknown): x is Float64Array | Float32Array => x instanceof Float64Array || x instanceof Float32Array;
  if (!typed(yTrue) || !typed(yPred)) return null;
  const total = yTrue.length;
  if (total === 0 || total > MAX_SAMPLES || yPred.length !== total || total % m !== 0) return null;
  let outWeights: Float64Array | undefined;
  if (mode === "weights") {
    const mw = o.multioutput as ArrayLike<unknown>;
    if (mw.length !== m) return null;
    outWeights = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const v = mw[j];
      if (typeof v !== "number" || !Number.isFinite(v)) return null;
      outWeights[j] = v;
    }
  }
  const n = total / m;
  const rowsPer = Math.max(1, Math.floor(STREAM / m));
  const full = keepTrue ? alloc(total * 8) : 0;
  const bt = keepTrue ? 0 : alloc(rowsPer * m * 8);
  const bp = alloc(rowsPer * m * 8);
  const outs = kinds.map(() => allocF64(m));
  for (let r = 0; r < n; r += rowsPer) {
    const e = Math.min(n, r + rowsPer);
    const tp = keepTrue ? full + r * m * 8 : bt;
    putF64At(yTrue, r * m, e * m, tp);
    putF64At(yPred, r * m, e * m, bp);
    for (let q = 0; q < kinds.length; q++) {
      if (r === 0) k.moColSums(kinds[q], tp, bp, 0, e - r, m, 0, 0, outs[q]);
      else k.moColSumsAdd(kinds[q], tp, bp, 0, e - r, m, 0, 0, outs[q]);
    }
  }
  const sums = outs.map((p) => getF64(p, m).slice());
  for (const v of sums) for (let j = 0; j < m; j++) if (!Number.isFinite(v[j])) return null;
  fastPaths.hits++;
  return { n, m, sums, yt: full, outWeights };
}

/** The mean-error family (MSE, RMSE, MAE, MAPE, MSLE, RMSLE, pinball) on 1-D or 2-D targets. */
export function meanError2d(
  yTrue: unknown,
  yPred: unknown,
  o: Opts,
  fn: string,
  kind: "se" | "rse" | "ae" | "ape" | "sle" | "rsle" | "pinball",
  alpha = 0.5,
  msleName = "",
): number | number[] {
  const mode = checkMultioutputParam(o.multioutput, fn, false);
  return withArena((k) => {
    if (kind === "se" || kind === "rse" || kind === "ae" || kind === "ape") {
      const f = streamSums(k, yTrue, yPred, o, mode, [kind === "ae" ? K.AE : kind === "ape" ? K.APE : K.SE], false);
      if (f) {
        const v = f.sums[0];
        for (let j = 0; j < f.m; j++) v[j] = kind === "rse" ? Math.sqrt(v[j] / f.n) : v[j] / f.n;
        return finish(k, v, mode, { outWeights: f.outWeights } as Targets2d);
      }
    }
    const T = checkTargets2d(k, yTrue, yPred, o, mode, kind === "rse");
    let v: Float64Array;
    if (kind === "sle" || kind === "rsle") {
      for (const a of [T.t, T.p]) {
        for (let i = 0; i < a.length; i++) {
          if (a[i] <= -1) throw new ValueError(`${msleName} cannot be used when targets contain values less than or equal to -1.`);
        }
      }
      v = extraMeans(k, T, 3, 0);
    } else if (kind === "pinball") v = extraMeans(k, T, 4, alpha);
    else v = basicMeans(k, T, kind === "se" || kind === "rse" ? 0 : kind === "ae" ? 1 : 2);
    if (kind === "rse" || kind === "rsle") for (let j = 0; j < v.length; j++) v[j] = Math.sqrt(v[j]);
    return finish(k, v, mode, T);
  });
}

/** sklearn's `_assemble_r2_explained_variance` / `_assemble_fraction_of_explained_deviance`. */
function assemble(k: Kernels, num: Float64Array, den: Float64Array, mode: Mode, T: Targets2d, forceFinite: boolean): number | number[] {
  const m = num.length;
  const scores = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    if (!forceFinite) scores[j] = 1 - num[j] / den[j];
    else if (num[j] === 0) scores[j] = 1.0;
    else if (den[j] === 0) scores[j] = 0.0;
    else scores[j] = 1 - num[j] / den[j];
  }
  if (mode === "raw_values") return Array.from(scores);
  if (mode === "variance_weighted") return average(k, scores, den.some((d) => d !== 0) ? den : undefined);
  return average(k, scores, mode === "weights" ? T.outWeights : undefined);
}

/** r2_score on 1-D or 2-D targets (n < 2: NaN and sklearn's warning, also with raw_values). */
export function r2Score2d(yTrue: unknown, yPred: unknown, o: Opts): number | number[] {
  const mode = checkMultioutputParam(o.multioutput, "r2_score", true, true);
  const r = withArena((k) => {
    const f = streamSums(k, yTrue, yPred, o, mode, [K.SE, K.Y], true);
    if (f && f.n >= 2) {
      const [num, sy] = f.sums;
      for (let j = 0; j < f.m; j++) sy[j] /= f.n;
      const out = allocF64(f.m);
      k.moColSums(K.DEV, f.yt, 0, 0, f.n, f.m, 0, putF64(sy), out);
      return assemble(k, num, getF64(out, f.m).slice(), mode, { outWeights: f.outWeights } as Targets2d, o.forceFinite ?? true);
    }
    const T = checkTargets2d(k, yTrue, yPred, o, mode);
    if (T.n < 2) return null;
    let num: Float64Array;
    let den: Float64Array;
    if (T.m === 1) {
      const s = stats1(k, T, true);
      if (T.w) checkWeightSum(s[0]);
      num = Float64Array.of(s[3]);
      den = Float64Array.of(s[7]);
    } else {
      num = colSums(k, T, K.SE);
      const ybar = checkedMean(T, colSums(k, T, K.Y));
      den = colSums(k, T, K.DEV, 0, ybar);
    }
    return assemble(k, num, den, mode, T, o.forceFinite ?? true);
  });
  if (r === null) {
    warn(o, "R^2 score is not well-defined with less than two samples.");
    return NaN;
  }
  return r;
}

/** explained_variance_score on 1-D or 2-D targets. */
export function explainedVariance2d(yTrue: unknown, yPred: unknown, o: Opts): number | number[] {
  const mode = checkMultioutputParam(o.multioutput, "explained_variance_score", true);
  return withArena((k) => {
    const T = checkTargets2d(k, yTrue, yPred, o, mode);
    let num: Float64Array;
    let den: Float64Array;
    if (T.m === 1) {
      const s = stats1(k, T, true);
      if (T.w) checkWeightSum(s[0]);
      num = Float64Array.of(s[8] / s[0]);
      den = Float64Array.of(s[7] / s[0]);
    } else {
      const dbar = checkedMean(T, colSums(k, T, K.DIFF));
      num = checkedMean(T, colSums(k, T, K.DIFFDEV, 0, dbar));
      const ybar = checkedMean(T, colSums(k, T, K.Y));
      den = checkedMean(T, colSums(k, T, K.DEV, 0, ybar));
    }
    return assemble(k, num, den, mode, T, o.forceFinite ?? true);
  });
}

/** median_absolute_error on 1-D or 2-D targets: per output np.median, or the weighted median. */
export function medianAbsoluteError2d(yTrue: unknown, yPred: unknown, o: Opts): number | number[] {
  const mode = checkMultioutputParam(o.multioutput, "median_absolute_error", false);
  return withArena((k) => {
    const T = checkTargets2d(k, yTrue, yPred, o, mode);
    const { n, m } = T;
    const v = new Float64Array(m);
    const d = alloc(n * 8);
    const tmp = T.w ? 0 : alloc(n * 8);
    const work = T.w ? 0 : alloc(k.quantileWorkBytes(1));
    const out = allocF64(2);
    for (let j = 0; j < m; j++) {
      k.moColumn(T.yt, T.yp, n, m, j, d);
      if (T.w) {
        v[j] = weightedMedian(k, d, T.w, n);
        continue;
      }
      const h = n >> 1;
      k.selectTwo(d, n, n % 2 === 1 ? h : h - 1, h, tmp, work, out);
      const a = readF64(out, 0);
      const b = readF64(out, 1);
      v[j] = n % 2 === 1 ? a : (a + b) / 2;
    }
    return finish(k, v, mode, T);
  });
}

/** d2_pinball_score (and d2_absolute_error_score, α = 0.5) on 1-D or 2-D targets. */
export function d2Pinball2d(yTrue: unknown, yPred: unknown, o: Opts, alpha: number, fn: string): number | number[] {
  const mode = checkMultioutputParam(o.multioutput, fn, false);
  const r = withArena((k) => {
    const T = checkTargets2d(k, yTrue, yPred, o, mode);
    const { n, m } = T;
    if (n < 2) return null;
    if (T.w) checkWeightSum(T.sw);
    const num = extraMeans(k, T, 4, alpha);
    const ones = T.w || putF64(new Float64Array(n).fill(1));
    const q = new Float64Array(m);
    const col = alloc(n * 8);
    for (let j = 0; j < m; j++) {
      if (m === 1) q[0] = weightedPercentile(k, copyF64(T.yt, n), ones, n, alpha * 100);
      else {
        k.moColumn(T.yt, 0, n, m, j, col);
        q[j] = weightedPercentile(k, col, ones, n, alpha * 100);
      }
    }
    let den: Float64Array;
    if (m === 1) den = Float64Array.of(k.regExtraConstSum(1, T.yt, q[0], T.w, n, alpha, alloc(n * 8)) / T.sw);
    else den = checkedMean(T, colSums(k, T, K.PINBALL_C, alpha, q));
    return assemble(k, num, den, mode, T, true);
  });
  if (r === null) {
    warn(o, "D^2 score is not well-defined with less than two samples.");
    return NaN;
  }
  return r;
}

/**
 * The metrics sklearn refuses on 2-D targets (max_error, the Tweedie deviances,
 * d2_tweedie_score): after `_check_reg_targets` (same errors first), more than
 * one output raises `Multioutput not supported in <fn>`; one output (n × 1)
 * returns the 1-D column for the 1-D function.
 */
export function singleOutputColumns(yTrue: unknown, yPred: unknown, o: MultioutputOptions & { sampleWeight?: unknown }, fn: string): { yTrue: Float64Array; yPred: Float64Array } {
  return withArena((k) => {
    const T = checkTargets2d(k, yTrue, yPred, { nOutputs: o.nOutputs, sampleWeight: o.sampleWeight }, "uniform_average");
    if (T.m > 1) throw new ValueError(`Multioutput not supported in ${fn}`);
    return { yTrue: Float64Array.from(T.t), yPred: Float64Array.from(T.p) };
  });
}

/** True for a 2-D target (rows, or `nOutputs` given): the single-output metrics then check the outputs. */
export function is2d(yTrue: unknown, yPred: unknown, o: { nOutputs?: number }): boolean {
  return isRows(yTrue) || isRows(yPred) || (o.nOutputs !== undefined && o.nOutputs !== null);
}


