/**
 * Regression metrics (scikit-learn `sklearn.metrics._regression`).
 *
 * Sums use numpy's pairwise summation order, so unweighted MSE, RMSE, MAE and
 * R² on float64 input are bit-identical to scikit-learn.
 * @module
 */
import { checkConsistentLength, checkContainer, type Checked, checkOptions, checkWeights, checkWeightSum, type NumericArray, scanArray, warn, type WarnOptions } from "../input/validate.js";
import { stageInput } from "../input/stage.js";
import { alloc, allocF64, getF64, isNumericTypedArray, type Kernels, MAX_SAMPLES, type NumericTypedArray, putF64, putF64At, putPlainRange, readF64, readU32, sortInPlace, WasmFloat64Array, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";
import { d2Pinball2d, explainedVariance2d, is2d, isMultioutput, meanError2d, medianAbsoluteError2d, type MultioutputOptions, r2Score2d, type RegressionTarget, singleOutputColumns } from "./multioutput.js";
import { weightedMedian } from "./percentile.js";

/** Options of the weighted regression metrics. */
export interface WeightOptions extends WarnOptions, MultioutputOptions {
  /** Per-sample weights (same length as the targets). */
  sampleWeight?: NumericArray;
}

/** Options of {@link r2Score} and {@link explainedVarianceScore}. */
export interface R2Options extends WeightOptions {
  /**
   * Replace non-finite scores from constant `yTrue` by 1.0 (perfect fit) or 0.0
   * (imperfect fit), as sklearn's `force_finite`. Default `true`.
   */
  forceFinite?: boolean;
}

/** The regression sufficient statistics computed by one fused kernel call. */
export interface RegressionStats {
  n: number;
  sw: number;
  swy: number;
  swe: number;
  swe2: number;
  swae: number;
  swape: number;
  maxAe: number;
  swdy2: number;
  swde2: number;
}

interface Targets {
  yTrue: Checked;
  yPred: Checked;
  weight?: Checked & { nonzero?: boolean };
}

/**
 * sklearn's `_check_reg_targets` + `_check_sample_weight` for 1-D inputs, in
 * sklearn's order: containers, lengths (weights included), y_true, y_pred, weights.
 */
export function checkRegTargets(
  yTrue: unknown,
  yPred: unknown,
  sampleWeight?: unknown,
  opts: { allowZeroWeights?: boolean } = {},
): Targets {
  const hasW = sampleWeight !== undefined && sampleWeight !== null;
  const nt = checkContainer(yTrue, "yTrue");
  const np = checkContainer(yPred, "yPred");
  const nw = hasW ? checkContainer(sampleWeight, "sampleWeight") : undefined;
  checkConsistentLength(
    { data: [], n: nt },
    { data: [], n: np },
    nw === undefined ? undefined : { data: [], n: nw },
  );
  const t = scanArray(yTrue as ArrayLike<unknown>, { arg: "yTrue", inputName: "" });
  const p = scanArray(yPred as ArrayLike<unknown>, { arg: "yPred", inputName: "" });
  const weight = hasW ? checkWeights(sampleWeight, t.n, opts.allowZeroWeights) : undefined;
  return { yTrue: t, yPred: p, weight };
}

/**
 * Kernel selector for {@link regressionStats}: unweighted calls with a mode
 * other than `ALL` sum only what their metric needs (each quantity still in
 * numpy's pairwise order, so the bits do not depend on the mode).
 */
export enum RegMode {
  ALL = 0,
  MSE = 1,
  MAE = 2,
  MAPE = 3,
  R2 = 4,
  /** sy, se2, sae, sape and the deviation sum of y (the compact dict). */
  DICT = 5,
  MAX = 6,
  /** DICT plus max |e| and the sequential Σy (the 'mlflow' dict), in the same pass. */
  DICT_FULL = 7,
}

/**
 * Runs the fused kernel (one pass, plus a second for deviations when `dev`).
 * Inputs already in linear memory (`Checked.ptr`, set when the targets were
 * checked inside the same `withArena`) are not copied again.
 */
export function regressionStats(t: Targets, dev: boolean, mode: RegMode = RegMode.ALL): RegressionStats {
  return withArena((k) => {
    const n = t.yTrue.n;
    const yt = t.yTrue.ptr ?? putF64(t.yTrue.data);
    const yp = t.yPred.ptr ?? putF64(t.yPred.data);
    const w = t.weight ? t.weight.ptr ?? putF64(t.weight.data) : 0;
    const out = allocF64(16);
    if (mode !== RegMode.ALL && w === 0) k.regressionStatsMode(yt, yp, n, mode, out);
    else k.regressionStats(yt, yp, w, n, dev ? 1 : 0, out);
    const s = getF64(out, 9);
    if (w) checkWeightSum(s[0]);
    return statsOf(n, s);
  });
}

function statsOf(n: number, s: Float64Array): RegressionStats {
  return {
    n,
    sw: s[0],
    swy: s[1],
    swe: s[2],
    swe2: s[3],
    swae: s[4],
    swape: s[5],
    maxAe: s[6],
    swdy2: s[7],
    swde2: s[8],
  };
}

/** Elements per chunk of the fused copy-and-sum fast path (256 KiB per array). */
const FUSE_CHUNK = 32768;

/**
 * Fast path of the unweighted dict statistics (`RegMode.DICT`, or with `full`
 * `RegMode.DICT_FULL`: also max |e| and the sequential Σy of the 'mlflow'
 * preset, in the same pass) for two inputs of the same non-zero length.
 * Typed arrays (Float64Array or any numeric typed array, converted exactly)
 * and plain `number[]` are copied (converted) in chunks, and the pairwise
 * leaves that lie in the data copied so far run right after each chunk's
 * copy, while it is in cache (the same tree and leaves as
 * {@link regressionStats}: the same bits); only yTrue is kept whole (for the
 * deviation pass), yPred is staged chunk by chunk. Zero-copy handles (and a
 * handle mixed with anything) are read in place, the other input converted
 * into the arena once.
 *
 * No separate finiteness scan: Σy and Σ(y − ŷ)² are finite only when every
 * yᵢ and ŷᵢ is (an infinity or NaN in any term makes an IEEE sum non-finite).
 * When either sum is not finite — a non-finite input, or finite inputs whose
 * sums overflow — this returns `null` and the caller runs the general path,
 * which scans the inputs and raises sklearn's error in sklearn's order (or
 * computes the overflowing result exactly as before). Also `null` when the
 * inputs do not qualify (an element that is not a number, ...). Call inside
 * `withArena`.
 */
export function compactStatsFast(k: Kernels, yTrue: unknown, yPred: unknown, full = false): (RegressionStats & { sumSeq: number }) | null {
  if (!fastPaths.enabled) return null;
  const mode = full ? RegMode.DICT_FULL : RegMode.DICT;
  const out = allocF64(16);
  let n: number;
  const streamable = (x: unknown): x is NumericTypedArray | unknown[] => isNumericTypedArray(x) || Array.isArray(x);
  if (streamable(yTrue) && streamable(yPred)) {
    n = yTrue.length;
    if (n === 0 || n > MAX_SAMPLES || yPred.length !== n) return null;
    // yTrue is copied whole (R²'s deviation pass reads it again); yPred goes
    // through a chunk-sized staging buffer (plus room for the < 128 elements
    // of a leaf that straddles two chunks), which stays in cache. A plain
    // array is converted chunk by chunk the same way (giving up on an element
    // that is not a number).
    const yt = alloc(n * 8);
    const bp = alloc((Math.min(n, FUSE_CHUNK) + 128) * 8);
    k.regStreamBegin(yt, bp, n, mode);
    for (let i = 0; i < n; i += FUSE_CHUNK) {
      const e = Math.min(n, i + FUSE_CHUNK);
      if (!putChunk(yTrue, i, e, yt + i * 8)) return null;
      if (!putChunk(yPred, i, e, bp + k.regStagePrepare(bp, i) * 8)) return null;
      k.regStreamAdvance(e);
    }
    k.regStreamFinish(n, out);
  } else {
    if (!(Array.isArray(yTrue) || yTrue instanceof WasmFloat64Array || isNumericTypedArray(yTrue))) return null;
    if (!(Array.isArray(yPred) || yPred instanceof WasmFloat64Array || isNumericTypedArray(yPred))) return null;
    n = (yTrue as { length: number }).length;
    if (n === 0 || n > MAX_SAMPLES || (yPred as { length: number }).length !== n) return null;
    const t = stageInput(yTrue, false);
    const p = t && stageInput(yPred, false);
    if (!t || !p) return null;
    k.regressionStatsMode(t.ptr, p.ptr, n, mode, out);
  }
  const v = getF64(out, 14);
  const s = statsOf(n, v);
  if (!Number.isFinite(s.swy) || !Number.isFinite(s.swe2)) return null;
  fastPaths.hits++;
  return { ...s, sumSeq: full ? v[13] : NaN };
}

/**
 * The single metrics' fast path: unweighted inputs go through the compact dict's fused
 * copy-and-sum pass ({@link compactStatsFast}), so that one metric costs no more than the
 * five-metric dict; each sum is in numpy's pairwise order whatever the mode (the same bits).
 */
function unweightedFast(k: Kernels, yTrue: unknown, yPred: unknown, sampleWeight: unknown): RegressionStats | null {
  if (sampleWeight !== undefined && sampleWeight !== null) return null;
  return compactStatsFast(k, yTrue, yPred);
}

/** Copies x[start, end) to `ptr` (a typed array converted exactly; a plain array only if it holds numbers). */
function putChunk(x: NumericTypedArray | unknown[], start: number, end: number, ptr: number): boolean {
  if (Array.isArray(x)) return putPlainRange(x, start, end, ptr, false);
  putF64At(x as NumericTypedArray, start, end, ptr);
  return true;
}

/** sklearn's `_assemble_r2_explained_variance` for one output. */
function assemble(numerator: number, denominator: number, forceFinite: boolean): number {
  if (!forceFinite) return 1 - numerator / denominator;
  if (numerator === 0) return 1.0;
  if (denominator === 0) return 0.0;
  return 1 - numerator / denominator;
}

/** R² from statistics (also used by the metric dicts). */
export function r2FromStats(s: RegressionStats, forceFinite: boolean, options?: WarnOptions): number {
  return r2FromParts(s.n, s.swe2, s.swdy2, forceFinite, options);
}

/**
 * R² = 1 − numerator / denominator from its parts (n, Σw(y − ŷ)², Σw(y − ȳ)²), with
 * sklearn's fewer-than-two-samples warning (NaN) and `force_finite` rules.
 */
export function r2FromParts(n: number, numerator: number, denominator: number, forceFinite: boolean, options?: WarnOptions): number {
  if (n < 2) {
    warn(options, "R^2 score is not well-defined with less than two samples.");
    return NaN;
  }
  return assemble(numerator, denominator, forceFinite);
}

/**
 * Mean squared error: Σ wᵢ(yᵢ − ŷᵢ)² / Σ wᵢ (sklearn `mean_squared_error`).
 *
 * Summed in numpy's pairwise order: unweighted float64 results are
 * bit-identical to scikit-learn.
 * @example
 * ```ts
 * meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375 (sklearn: 0.375)
 * ```
 * Multi-output (n × m rows, or a flat row-major array with `nOutputs`): each output summed
 * in numpy's axis-0 order (row by row), then averaged as `multioutput` says.
 * ```ts
 * const yt = [[0.5, 1], [-1, 1], [7, -6]], yp = [[0, 2], [-1, 2], [8, -5]];
 * meanSquaredError(yt, yp); // 0.7083333333333334 (sklearn: 0.7083333333333334)
 * meanSquaredError(yt, yp, { multioutput: "raw_values" }); // [0.4166666666666667, 1] (sklearn: [0.41666667, 1.])
 * meanSquaredError(yt, yp, { multioutput: [0.3, 0.7] }); // 0.825 (sklearn: 0.825)
 * ```
 */
export function meanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options: WeightOptions & { multioutput: "raw_values" }): number[];
export function meanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number;
export function meanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number | number[] {
  const o = checkOptions<WeightOptions>(options, "meanSquaredError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "mean_squared_error", "se");
  return withArena((k) => {
    const f = unweightedFast(k, yTrue, yPred, o.sampleWeight);
    if (f) return f.swe2 / f.sw;
    const s = regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), false, RegMode.MSE);
    return s.swe2 / s.sw;
  });
}

/**
 * Root mean squared error: √MSE (sklearn `root_mean_squared_error`).
 * @example
 * ```ts
 * rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123724356957945 (sklearn: 0.6123724356957945)
 * ```
 */
export function rootMeanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options: WeightOptions & { multioutput: "raw_values" }): number[];
export function rootMeanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number;
export function rootMeanSquaredError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number | number[] {
  const o = checkOptions<WeightOptions>(options, "rootMeanSquaredError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "root_mean_squared_error", "rse");
  return withArena((k) => {
    const f = unweightedFast(k, yTrue, yPred, o.sampleWeight);
    if (f) return Math.sqrt(f.swe2 / f.sw);
    const s = regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), false, RegMode.MSE);
    return Math.sqrt(s.swe2 / s.sw);
  });
}

/**
 * Mean absolute error: Σ wᵢ|yᵢ − ŷᵢ| / Σ wᵢ (sklearn `mean_absolute_error`), pairwise-summed.
 * @example
 * ```ts
 * meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function meanAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options: WeightOptions & { multioutput: "raw_values" }): number[];
export function meanAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number;
export function meanAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number | number[] {
  const o = checkOptions<WeightOptions>(options, "meanAbsoluteError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "mean_absolute_error", "ae");
  return withArena((k) => {
    const f = unweightedFast(k, yTrue, yPred, o.sampleWeight);
    if (f) return f.swae / f.sw;
    const s = regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), false, RegMode.MAE);
    return s.swae / s.sw;
  });
}

/**
 * Mean absolute percentage error as a fraction (sklearn
 * `mean_absolute_percentage_error`): Σ wᵢ|yᵢ − ŷᵢ| / max(|yᵢ|, ε) / Σ wᵢ with
 * ε = 2.220446049250313e-16 (float64 eps). `yTrue` = 0 gives huge values, not an error.
 * @example
 * ```ts
 * meanAbsolutePercentageError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.3273809523809524 (sklearn: 0.3273809523809524)
 * ```
 */
export function meanAbsolutePercentageError(yTrue: RegressionTarget, yPred: RegressionTarget, options: WeightOptions & { multioutput: "raw_values" }): number[];
export function meanAbsolutePercentageError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number;
export function meanAbsolutePercentageError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number | number[] {
  const o = checkOptions<WeightOptions>(options, "meanAbsolutePercentageError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "mean_absolute_percentage_error", "ape");
  return withArena((k) => {
    const f = unweightedFast(k, yTrue, yPred, o.sampleWeight);
    if (f) return f.swape / f.sw;
    const s = regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), false, RegMode.MAPE);
    return s.swape / s.sw;
  });
}

/**
 * Coefficient of determination R² = 1 − Σw(y−ŷ)² / Σw(y−ȳ_w)² (sklearn `r2_score`).
 *
 * Edge cases: fewer than two samples → NaN and the warning
 * `R^2 score is not well-defined with less than two samples.`; constant `yTrue`:
 * with `forceFinite` (default) 1.0 for a perfect fit, else 0.0; with
 * `forceFinite: false` NaN (0/0) or −Infinity.
 * @example
 * ```ts
 * r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486081370449679 (sklearn: 0.9486081370449679)
 * ```
 * Multi-output: `forceFinite` per output; `'variance_weighted'` weights each output by the
 * variance of its yTrue (all outputs constant: the uniform mean).
 * ```ts
 * const yt = [[0.5, 1], [-1, 1], [7, -6]], yp = [[0, 2], [-1, 2], [8, -5]];
 * r2Score(yt, yp, { multioutput: "variance_weighted" }); // 0.9382566585956417 (sklearn: 0.9382566585956417)
 * r2Score(yt, yp, { multioutput: "raw_values" }); // [0.9654377880184332, 0.9081632653061225] (sklearn: the same)
 * ```
 */
export function r2Score(yTrue: RegressionTarget, yPred: RegressionTarget, options: R2Options & { multioutput: "raw_values" }): number[];
export function r2Score(yTrue: RegressionTarget, yPred: RegressionTarget, options?: R2Options): number;
export function r2Score(yTrue: RegressionTarget, yPred: RegressionTarget, options?: R2Options): number | number[] {
  const o = checkOptions<R2Options>(options, "r2Score");
  if (isMultioutput(yTrue, yPred, o)) return r2Score2d(yTrue, yPred, o);
  return withArena((k) => {
    const s = unweightedFast(k, yTrue, yPred, o.sampleWeight) ?? regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), true, RegMode.R2);
    return r2FromStats(s, o.forceFinite ?? true, o);
  });
}

/**
 * Explained variance 1 − Var_w(y − ŷ) / Var_w(y) (sklearn `explained_variance_score`),
 * with the same `forceFinite` rules as {@link r2Score}.
 * @example
 * ```ts
 * explainedVarianceScore([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9571734475374732 (sklearn: 0.9571734475374732)
 * ```
 */
export function explainedVarianceScore(yTrue: RegressionTarget, yPred: RegressionTarget, options: R2Options & { multioutput: "raw_values" }): number[];
export function explainedVarianceScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: R2Options): number;
export function explainedVarianceScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: R2Options): number | number[] {
  const o = checkOptions<R2Options>(options, "explainedVarianceScore");
  if (isMultioutput(yTrue, yPred, o)) return explainedVariance2d(yTrue, yPred, o);
  return withArena((k) => {
    const s = explainedVarianceFast(k, yTrue, yPred, o.sampleWeight) ?? regressionStats(checkRegTargets(yTrue, yPred, o.sampleWeight), true);
    return assemble(s.swde2 / s.sw, s.swdy2 / s.sw, o.forceFinite ?? true);
  });
}

/**
 * Fast path of {@link explainedVarianceScore}: unweighted typed arrays, plain
 * number arrays or handles of the same non-zero length are staged into the
 * arena without the JavaScript finiteness scans, and the general path's kernel
 * (the same call: the same bits) runs on them. Σy and Σ(y − ŷ)² are finite
 * only when every value is (see {@link compactStatsFast}): otherwise — or when
 * finite inputs overflow — `null`, and the general path scans, raises or
 * computes. Call inside `withArena`.
 */
function explainedVarianceFast(k: Kernels, yTrue: unknown, yPred: unknown, sampleWeight: unknown): RegressionStats | null {
  if (!fastPaths.enabled) return null;
  if (sampleWeight !== undefined && sampleWeight !== null) return null;
  if (!(Array.isArray(yTrue) || yTrue instanceof WasmFloat64Array || isNumericTypedArray(yTrue))) return null;
  if (!(Array.isArray(yPred) || yPred instanceof WasmFloat64Array || isNumericTypedArray(yPred))) return null;
  const n = (yTrue as { length: number }).length;
  if (n === 0 || n > MAX_SAMPLES || (yPred as { length: number }).length !== n) return null;
  const t = stageInput(yTrue, false);
  const p = t && stageInput(yPred, false);
  if (!t || !p) return null;
  const out = allocF64(16);
  k.regressionStats(t.ptr, p.ptr, 0, n, 1, out);
  const s = statsOf(n, getF64(out, 9));
  if (!Number.isFinite(s.swy) || !Number.isFinite(s.swe2)) return null;
  fastPaths.hits++;
  return s;
}

/**
 * Maximum residual error max |yᵢ − ŷᵢ| (sklearn `max_error`; no weights).
 * @example
 * ```ts
 * maxError([3, 2, 7, 1], [4, 2, 7, 1]); // 1 (sklearn: 1.0)
 * ```
 */
export function maxError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WarnOptions & { nOutputs?: number }): number {
  const o = checkOptions<WarnOptions & { nOutputs?: number }>(options, "maxError");
  if (is2d(yTrue, yPred, o)) ({ yTrue, yPred } = singleOutputColumns(yTrue, yPred, o, "max_error"));
  return withArena((k) => (compactStatsFast(k, yTrue, yPred, true) ?? regressionStats(checkRegTargets(yTrue, yPred), false, RegMode.MAX)).maxAe);
}

/** The fused kernels of medianAbsoluteError (assembly/distribution.ts). */
interface MedianKernels {
  selectCountBytes(): number;
  absDiffCounted(yt: number, yp: number, n: number, out: number, counted: number, counted2: number): void;
  selectTwoCounted(x: number, n: number, rlo: number, rhi: number, tmp: number, work: number, out: number, counted: number): void;
}

/**
 * Median absolute error (sklearn `median_absolute_error`): the median of |yᵢ − ŷᵢ|
 * (numpy's median: mean of the middle pair for even n); with `sampleWeight`,
 * sklearn's weighted percentile at 50 with averaging.
 * @example
 * ```ts
 * medianAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5 (sklearn: 0.5)
 * ```
 */
export function medianAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options: WeightOptions & { multioutput: "raw_values" }): number[];
export function medianAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number;
export function medianAbsoluteError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: WeightOptions): number | number[] {
  const o = checkOptions<WeightOptions>(options, "medianAbsoluteError");
  if (isMultioutput(yTrue, yPred, o)) return medianAbsoluteError2d(yTrue, yPred, o);
  return withArena((k) => {
    const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
    const n = t.yTrue.n;
    const yt = t.yTrue.ptr ?? putF64(t.yTrue.data);
    const yp = t.yPred.ptr ?? putF64(t.yPred.data);
    const d = alloc(n * 8);
    if (!t.weight) {
      // np.median: np.partition's middle value(s) by a radix select (no full sort), then
      // (a + b) / 2 for an even n, as numpy's mean of the two; the differences are
      // formed with the select's first digit counted in the same pass
      const sk = k as Kernels & MedianKernels;
      const counted = alloc(sk.selectCountBytes());
      sk.absDiffCounted(yt, yp, n, d, counted, alloc(sk.selectCountBytes()));
      const h = n >> 1;
      const out = allocF64(2);
      sk.selectTwoCounted(d, n, n % 2 === 1 ? h : h - 1, h, alloc(n * 8), alloc(k.quantileWorkBytes(1)), out, counted);
      const [a, b] = getF64(out, 2);
      return n % 2 === 1 ? a : (a + b) / 2;
    }
    k.absDiff(yt, yp, n, d);
    return weightedMedian(k, d, t.weight.ptr ?? putF64(t.weight.data), n);
  });
}

export { weightedMedian, weightedPercentile } from "./percentile.js";
