/**
 * Further regression losses of scikit-learn `_regression.py`: mean squared
 * logarithmic error (and its root), mean pinball loss, D² absolute error,
 * and the Tweedie family of mean deviances (Poisson, Gamma, any power).
 *
 * Per-sample terms are computed by the `regExtraSum` kernel and reduced in
 * numpy's pairwise order (`np.average`: Σ term·w / Σ w), so results match
 * sklearn bit for bit up to the last-ulp differences between WebAssembly's
 * `log`/`log1p`/`pow` (musl ports) and the C library numpy uses.
 * @module
 */
import { checkOptions, checkWeightSum, type NumericArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { checkRegTargets, weightedMedian, weightedPercentile } from "./metrics.js";
import { alloc, copyF64, getF64, type Kernels, putF64, WasmFloat64Array, withArena } from "../wasm/core.js";
import { d2Pinball2d, is2d, isMultioutput, meanError2d, type MultioutputOptions, type RegressionTarget, singleOutputColumns } from "./multioutput.js";
import { extraMeanFast } from "./extrafast.js";

/** Options of the weighted regression losses. */
export interface ExtraWeightOptions extends WarnOptions, MultioutputOptions {
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
}

type Targets = ReturnType<typeof checkRegTargets>;

/** The checked values, or the zero-copy handle itself (a view read earlier is detached when memory grows). */
function src(c: { data: ArrayLike<number> }, x: unknown): ArrayLike<number> | WasmFloat64Array {
  return x instanceof WasmFloat64Array ? x : c.data;
}

function meanTerms(t: Targets, kind: number, a: number, yPredOverride: Float64Array | undefined, x: { yTrue: unknown; yPred: unknown; w: unknown }): number {
  return withArena((k) => {
    const n = t.yTrue.n;
    const yt = putF64(src(t.yTrue, x.yTrue));
    const yp = putF64(yPredOverride ?? src(t.yPred, x.yPred));
    const w = t.weight ? putF64(src(t.weight, x.w)) : 0;
    const s = k.regExtraSum(kind, yt, yp, w, n, a, alloc(n * 8));
    if (!w) return s / n;
    const sw = k.sumF64(w, n);
    checkWeightSum(sw);
    return s / sw;
  });
}

function anyBelow(x: ArrayLike<number>, bound: number, strict: boolean): boolean {
  for (let i = 0; i < x.length; i++) if (strict ? x[i] < bound : x[i] <= bound) return true;
  return false;
}

function msle(name: string, yTrue: RegressionTarget, yPred: RegressionTarget, o: ExtraWeightOptions): number {
  const fast = extraMeanFast(yTrue, yPred, o.sampleWeight, 0, 0, (mt, mp) => mt > -1 && mp > -1);
  if (fast !== null) return fast;
  const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
  if (anyBelow(t.yTrue.data, -1, false) || anyBelow(t.yPred.data, -1, false)) {
    throw new ValueError(`${name} cannot be used when targets contain values less than or equal to -1.`);
  }
  return meanTerms(t, 0, 0, undefined, { yTrue, yPred, w: o.sampleWeight });
}

/**
 * Mean squared logarithmic error (sklearn `mean_squared_log_error`):
 * mean((log1p(y) − log1p(ŷ))²), weighted by `sampleWeight`. Values ≤ −1 raise
 * sklearn's error.
 * @example
 * ```ts
 * meanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8]); // 0.03973012298459379 (sklearn: 0.03973012298459379)
 * ```
 */
export function meanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options: ExtraWeightOptions & { multioutput: "raw_values" }): number[];
export function meanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number;
export function meanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number | number[] {
  const o = checkOptions<ExtraWeightOptions>(options, "meanSquaredLogError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "mean_squared_log_error", "sle", 0, "Mean Squared Logarithmic Error");
  return msle("Mean Squared Logarithmic Error", yTrue, yPred, o);
}

/**
 * Root mean squared logarithmic error (sklearn `root_mean_squared_log_error`):
 * √ of {@link meanSquaredLogError}.
 * @example
 * ```ts
 * rootMeanSquaredLogError([3, 5, 2.5, 7], [2.5, 5, 4, 8]); // 0.19932416558108 (sklearn: 0.19932416558108)
 * ```
 */
export function rootMeanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options: ExtraWeightOptions & { multioutput: "raw_values" }): number[];
export function rootMeanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number;
export function rootMeanSquaredLogError(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number | number[] {
  const o = checkOptions<ExtraWeightOptions>(options, "rootMeanSquaredLogError");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "root_mean_squared_log_error", "rsle", 0, "Root Mean Squared Logarithmic Error");
  return Math.sqrt(msle("Root Mean Squared Logarithmic Error", yTrue, yPred, o));
}

/** Options of {@link meanPinballLoss}. */
export interface PinballOptions extends ExtraWeightOptions {
  /** The quantile level in [0, 1] (default 0.5). */
  alpha?: number;
}

function checkAlpha(alpha: unknown, fn: string): number {
  if (typeof alpha !== "number" || !(alpha >= 0 && alpha <= 1)) {
    throw new ValueError(`The 'alpha' parameter of ${fn} must be a float in the range [0.0, 1.0]. Got ${String(alpha)} instead.`);
  }
  return alpha;
}

/**
 * Mean pinball loss (sklearn `mean_pinball_loss`): mean of α·max(y − ŷ, 0) +
 * (1 − α)·max(ŷ − y, 0), computed as sklearn `α·s·d − (1 − α)·(1 − s)·d` with
 * d = y − ŷ, s = [d ≥ 0].
 * @example
 * ```ts
 * meanPinballLoss([1, 2, 3], [0, 3, 3], { alpha: 0.1 }); // 0.3333333333333333
 * ```
 */
export function meanPinballLoss(yTrue: RegressionTarget, yPred: RegressionTarget, options: PinballOptions & { multioutput: "raw_values" }): number[];
export function meanPinballLoss(yTrue: RegressionTarget, yPred: RegressionTarget, options?: PinballOptions): number;
export function meanPinballLoss(yTrue: RegressionTarget, yPred: RegressionTarget, options?: PinballOptions): number | number[] {
  const o = checkOptions<PinballOptions>(options, "meanPinballLoss");
  const alpha = checkAlpha(o.alpha ?? 0.5, "mean_pinball_loss");
  if (isMultioutput(yTrue, yPred, o)) return meanError2d(yTrue, yPred, o, "mean_pinball_loss", "pinball", alpha);
  const fast = extraMeanFast(yTrue, yPred, o.sampleWeight, 1, alpha, () => true);
  if (fast !== null) return fast;
  const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
  return meanTerms(t, 1, alpha, undefined, { yTrue, yPred, w: o.sampleWeight });
}

/**
 * D² absolute error score (sklearn `d2_absolute_error_score`): 1 − pinball(y, ŷ)
 * / pinball(y, median(y)) with α = 0.5, the (weighted) median being sklearn's
 * `_weighted_percentile(average=True)`. Fewer than two samples: NaN and the
 * warning `D^2 score is not well-defined with less than two samples.`;
 * numerator 0 → 1.0, denominator 0 → 0.0.
 * @example
 * ```ts
 * d2AbsoluteErrorScore([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.7647058823529411
 * ```
 */
export function d2AbsoluteErrorScore(yTrue: RegressionTarget, yPred: RegressionTarget, options: ExtraWeightOptions & { multioutput: "raw_values" }): number[];
export function d2AbsoluteErrorScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number;
export function d2AbsoluteErrorScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number | number[] {
  const o = checkOptions<ExtraWeightOptions>(options, "d2AbsoluteErrorScore");
  if (isMultioutput(yTrue, yPred, o)) return d2Pinball2d(yTrue, yPred, o, 0.5, "d2_absolute_error_score");
  // sklearn: d2_pinball_score(..., alpha=0.5) — the same path (radix-selected median without weights)
  return d2PinballScore(yTrue, yPred, { sampleWeight: o.sampleWeight, onWarning: o.onWarning, alpha: 0.5 });
}

/** Options of {@link meanTweedieDeviance}. */
export interface TweedieOptions extends ExtraWeightOptions {
  /** Tweedie power: ≤ 0 or ≥ 1 (0 normal, 1 Poisson, 2 Gamma). Default 0. */
  power?: number;
}

function checkPower(power: unknown, fn: string): asserts power is number {
  if (typeof power !== "number" || !Number.isFinite(power) || (power > 0 && power < 1)) {
    throw new ValueError(
      `The 'power' parameter of ${fn} must be a float in the range (-inf, 0.0] or a float in the range [1.0, inf). Got ${String(power)} instead.`,
    );
  }
}

function checkDomain(t: Targets, power: number): void {
  const msg = `Mean Tweedie deviance error with power=${power} can only be used on `;
  // (the WebAssembly scan's minimum when the input was staged; else the values)
  const yt = t.yTrue.min !== undefined ? [t.yTrue.min] : t.yTrue.data;
  const yp = t.yPred.min !== undefined ? [t.yPred.min] : t.yPred.data;
  if (power < 0) {
    if (anyBelow(yp, 0, false)) throw new ValueError(msg + "strictly positive y_pred.");
  } else if (power >= 1 && power < 2) {
    if (anyBelow(yt, 0, true) || anyBelow(yp, 0, false)) {
      throw new ValueError(msg + "non-negative y and strictly positive y_pred.");
    }
  } else if (power >= 2) {
    if (anyBelow(yt, 0, false) || anyBelow(yp, 0, false)) throw new ValueError(msg + "strictly positive y and y_pred.");
  }
}

function tweedieKind(power: number): number {
  return power === 0 ? 2 : power === 1 ? 3 : power === 2 ? 4 : 5;
}

function tweedie(yTrue: RegressionTarget, yPred: RegressionTarget, power: number, o: ExtraWeightOptions, fn: string): number {
  checkPower(power, fn);
  if (is2d(yTrue, yPred, o)) ({ yTrue, yPred } = singleOutputColumns(yTrue, yPred, o, "mean_tweedie_deviance"));
  const fast = extraMeanFast(yTrue, yPred, o.sampleWeight, tweedieKind(power), power, (mt, mp) =>
    power < 0 ? mp > 0 : power >= 1 && power < 2 ? mt >= 0 && mp > 0 : power >= 2 ? mt > 0 && mp > 0 : true,
  );
  if (fast !== null) return fast;
  const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
  checkDomain(t, power);
  return meanTerms(t, tweedieKind(power), power, undefined, { yTrue, yPred, w: o.sampleWeight });
}

/**
 * Mean Tweedie deviance (sklearn `mean_tweedie_deviance`) with `power` p:
 * p = 0 squared error, p = 1 Poisson 2·(y·log(y/ŷ) − y + ŷ), p = 2 Gamma
 * 2·(log(ŷ/y) + y/ŷ − 1), otherwise
 * 2·(max(y,0)^(2−p)/((1−p)(2−p)) − y·ŷ^(1−p)/(1−p) + ŷ^(2−p)/(2−p)).
 * Domain errors as sklearn (`... can only be used on strictly positive y_pred.` etc.).
 * @example
 * ```ts
 * meanTweedieDeviance([2, 0, 1, 4], [0.5, 0.5, 2, 2], { power: 1 }); // 1.4260151319598084
 * ```
 */
export function meanTweedieDeviance(yTrue: RegressionTarget, yPred: RegressionTarget, options?: TweedieOptions): number {
  const o = checkOptions<TweedieOptions>(options, "meanTweedieDeviance");
  return tweedie(yTrue, yPred, o.power ?? 0, o, "mean_tweedie_deviance");
}

/**
 * Mean Poisson deviance (sklearn `mean_poisson_deviance`): Tweedie power 1.
 * @example
 * ```ts
 * meanPoissonDeviance([2, 0, 1, 4], [0.5, 0.5, 2, 2]); // 1.4260151319598084
 * ```
 */
export function meanPoissonDeviance(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number {
  const o = checkOptions<ExtraWeightOptions>(options, "meanPoissonDeviance");
  return tweedie(yTrue, yPred, 1, o, "mean_poisson_deviance");
}

/**
 * Mean Gamma deviance (sklearn `mean_gamma_deviance`): Tweedie power 2.
 * @example
 * ```ts
 * meanGammaDeviance([2, 0.5, 1, 4], [0.5, 0.5, 2, 2]); // 1.0568528194400546
 * ```
 */
export function meanGammaDeviance(yTrue: RegressionTarget, yPred: RegressionTarget, options?: ExtraWeightOptions): number {
  const o = checkOptions<ExtraWeightOptions>(options, "meanGammaDeviance");
  return tweedie(yTrue, yPred, 2, o, "mean_gamma_deviance");
}

/** Options of {@link d2PinballScore}. */
export interface D2PinballOptions extends ExtraWeightOptions {
  /** The quantile level in [0, 1] (default 0.5). */
  alpha?: number;
  /**
   * `'uniform_average'` (default): the score; `'raw_values'`: `[score]` (one
   * output); an array of one output weight: the score (1-D targets only).
   */
  multioutput?: "raw_values" | "uniform_average" | NumericArray;
}

function checkMultioutput(m: unknown, fn: string): "raw_values" | "uniform_average" | "weights" {
  if (m === undefined || m === "uniform_average") return "uniform_average";
  if (m === "raw_values") return "raw_values";
  if (Array.isArray(m) || ArrayBuffer.isView(m)) return "weights";
  throw new ValueError(
    `The 'multioutput' parameter of ${fn} must be a str among {'raw_values', 'uniform_average'} or an array-like. Got ${typeof m === "string" ? `'${m}'` : String(m)} instead.`,
  );
}

/**
 * D² pinball score (sklearn `d2_pinball_score`): 1 − pinball_α(y, ŷ) /
 * pinball_α(y, q), q the (weighted) α-quantile of y by sklearn's
 * `_weighted_percentile(y, w, 100·α, average=True)`. Numerator 0 → 1.0;
 * numerator ≠ 0 and denominator 0 → 0.0 (sklearn's `force_finite`). Fewer
 * than two samples: NaN and the warning `D^2 score is not well-defined with
 * less than two samples.` Sums in numpy's pairwise order.
 * @example
 * ```ts
 * d2PinballScore([1, 2, 3], [1, 3, 3]); // 0.5 (sklearn: 0.5)
 * d2PinballScore([1, 2, 3], [1, 3, 3], { alpha: 0.9 }); // 0.6666666666666667 (sklearn: 0.6666666666666667)
 * ```
 */
export function d2PinballScore(yTrue: RegressionTarget, yPred: RegressionTarget, options: D2PinballOptions & { multioutput: "raw_values" }): number[];
export function d2PinballScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: D2PinballOptions): number;
export function d2PinballScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: D2PinballOptions): number | number[] {
  const o = checkOptions<D2PinballOptions>(options, "d2PinballScore");
  const alpha = checkAlpha(o.alpha ?? 0.5, "d2_pinball_score");
  if (is2d(yTrue, yPred, o)) return d2Pinball2d(yTrue, yPred, o, alpha, "d2_pinball_score");
  const mo = checkMultioutput(o.multioutput, "d2_pinball_score");
  // one arena: the inputs are copied (and scanned) once, every pass reads them in place
  const r = withArena((k) => {
    const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
    if (mo === "weights") throw new ValueError("Custom weights are useful only in multi-output cases.");
    const n = t.yTrue.n;
    if (n < 2) return null;
    const y = t.yTrue.ptr ?? putF64(t.yTrue.data);
    const p = t.yPred.ptr ?? putF64(t.yPred.data);
    const w = t.weight ? (t.weight.ptr ?? putF64(t.weight.data)) : 0;
    let sw = n;
    if (w) {
      sw = k.sumF64(w, n);
      checkWeightSum(sw);
    }
    const out = alloc(n * 8);
    const num = k.regExtraSum(1, y, p, w, n, alpha, out) / sw;
    const q = w ? weightedPercentile(k, copyF64(y, n), w, n, alpha * 100) : unitWeightPercentile(k, y, n, alpha * 100);
    const den = k.regExtraConstSum(1, y, q, w, n, alpha, out) / sw;
    return { num, den };
  });
  if (r === null) {
    warn(o, "D^2 score is not well-defined with less than two samples.");
    return NaN;
  }
  const { num, den } = r;
  let score = 1.0;
  if (num !== 0 && den !== 0) score = 1 - num / den;
  else if (num !== 0 && den === 0) score = 0.0;
  return mo === "raw_values" ? [score] : score;
}

/**
 * {@link weightedPercentile} with every weight 1 (sklearn's `_weighted_percentile(y,
 * ones, rank, average=True)`, what `d2_pinball_score` takes without weights), by a
 * radix select instead of a sort: the cumulative weights are the exact integers 1…n,
 * so the searched index is ⌈target⌉ − 1 and the averaged neighbour the next rank.
 * Same arithmetic on the same order statistics: the same bits.
 */
function unitWeightPercentile(k: Kernels, y: number, n: number, rank: number): number {
  let target = (rank / 100) * n;
  if (target === 0) target = Number.MIN_VALUE;
  const i = Math.min(Math.max(Math.ceil(target) - 1, 0), n - 1);
  const frac = i + 1 - target;
  const j = frac > 2.220446049250313e-16 ? i : Math.min(i + 1, n - 1);
  const out = alloc(16);
  k.selectTwo(copyF64(y, n), n, i, j, alloc(n * 8), alloc(k.quantileWorkBytes(1)), out);
  const [a, b] = getF64(out, 2);
  return i === j && frac > 2.220446049250313e-16 ? a : (a + b) / 2;
}

/** The Tweedie kernels of assembly/multiclass.ts that keep the per-sample first term. */
type TweedieKernels = Kernels & {
  tweedieSumKeep(yt: number, yp: number, w: number, n: number, a: number, out: number, aux: number): number;
  tweedieConstSumKept(yt: number, c: number, w: number, n: number, a: number, aux: number, out: number): number;
};

/** Options of {@link d2TweedieScore}. */
export interface D2TweedieOptions extends ExtraWeightOptions {
  /** Tweedie power: ≤ 0 or ≥ 1 (0 normal, 1 Poisson, 2 Gamma). Default 0. */
  power?: number;
}

/**
 * D² Tweedie score (sklearn `d2_tweedie_score`): 1 − D(y, ŷ) / D(y, ȳ_w), D the
 * mean Tweedie deviance with `power` (see {@link meanTweedieDeviance}, whose
 * domain errors apply to the numerator) and ȳ_w the (weighted) mean of y.
 * Fewer than two samples: NaN and the warning `D^2 score is not well-defined
 * with less than two samples.`; a null deviance of 0 (constant y) raises
 * sklearn's Python `ZeroDivisionError: float division by zero`.
 * @example
 * ```ts
 * d2TweedieScore([0.5, 1, 2.5, 7], [1, 1, 5, 3.5], { power: 1 }); // 0.4879151349031142 (sklearn: 0.4879151349031142)
 * ```
 */
export function d2TweedieScore(yTrue: RegressionTarget, yPred: RegressionTarget, options?: D2TweedieOptions): number {
  const o = checkOptions<D2TweedieOptions>(options, "d2TweedieScore");
  const power = o.power ?? 0;
  checkPower(power, "d2_tweedie_score");
  if (is2d(yTrue, yPred, o)) ({ yTrue, yPred } = singleOutputColumns(yTrue, yPred, o, "d2_tweedie_score"));
  const kind = tweedieKind(power);
  // one arena: the inputs are copied (and scanned) once, every pass reads them in place
  const r = withArena((k) => {
    const t = checkRegTargets(yTrue, yPred, o.sampleWeight);
    const n = t.yTrue.n;
    if (n < 2) return null;
    checkDomain(t, power);
    const y = t.yTrue.ptr ?? putF64(t.yTrue.data);
    const p = t.yPred.ptr ?? putF64(t.yPred.data);
    const w = t.weight ? (t.weight.ptr ?? putF64(t.weight.data)) : 0;
    const out = alloc(n * 8);
    let sw = n;
    if (w) {
      sw = k.sumF64(w, n);
      checkWeightSum(sw);
    }
    // other powers: the first term of each sample is kept for the null model's pass, and the
    // constant prediction's two powers computed once (three pow calls per sample instead of six)
    const tk = k as TweedieKernels;
    const aux = kind === 5 ? alloc(n * 8) : 0;
    const num = (kind === 5 ? tk.tweedieSumKeep(y, p, w, n, power, out, aux) : k.regExtraSum(kind, y, p, w, n, power, out)) / sw;
    const avg = (w ? k.productSum(y, w, n, out) : k.sumF64(y, n)) / sw;
    const den = (kind === 5 ? tk.tweedieConstSumKept(y, avg, w, n, power, aux, out) : k.regExtraConstSum(kind, y, avg, w, n, power, out)) / sw;
    return { num, den };
  });
  if (r === null) {
    warn(o, "D^2 score is not well-defined with less than two samples.");
    return NaN;
  }
  if (r.den === 0) throw new ZeroDivisionError("float division by zero");
  return 1 - r.num / r.den;
}
