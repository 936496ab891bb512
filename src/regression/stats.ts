/**
 * The regression sufficient statistics behind the regression dict: what
 * `regressionMetrics` (one pass in numpy's summation order, bit-identical to
 * scikit-learn) and the regression evaluator (exact sums, partition-invariant)
 * both hand to the dict builder.
 * @module
 */
import { type Kernels, putF64 } from "../wasm/core.js";
import { checkRegTargets, compactStatsFast, RegMode, regressionStats } from "./metrics.js";

/** The regression dict's statistics. */
export interface RegressionDictStats {
  /** Rows. */
  n: number;
  /** Σ w (n when unweighted). */
  sw: number;
  /** Σ w·(y − ŷ)²: the MSE and R² numerator. */
  se2: number;
  /** Σ w·|y − ŷ|. */
  sae: number;
  /** Σ w·|y − ŷ| / max(|y|, ε). */
  sape: number;
  /** Σ w·(y − ȳ_w)²: the R² denominator. */
  sst: number;
  /** MLflow's `sum_on_target`: Σ y (unweighted) or Σ y·w; NaN when not computed. */
  sumOnTarget: number;
  /** max |y − ŷ| (unweighted); NaN when not computed. */
  maxAe: number;
}

/** The statistics of the training side (`train_r2`, `training_samples`): unweighted. */
export interface RegressionTrainStats {
  n: number;
  se2: number;
  sst: number;
}

/**
 * One-shot statistics in scikit-learn's summation order. `full` adds what the
 * `'mlflow'` preset needs (max error, `sum_on_target`). Inputs are checked
 * (sklearn's messages, sklearn's order) and copied once. Call inside `withArena`.
 */
export function oneShotRegressionStats(
  k: Kernels,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  full: boolean,
): RegressionDictStats {
  // Unweighted dicts (typed arrays, handles, number[]): one fused
  // copy-check-sum pass, also giving the 'mlflow' preset's max error and
  // sequential Σy; anything else (or any non-finite value) takes the general
  // path below, which raises sklearn's errors.
  const unweighted = sampleWeight === undefined || sampleWeight === null;
  const fast = unweighted ? compactStatsFast(k, yTrue, yPred, full) : null;
  const t = fast ? null : checkRegTargets(yTrue, yPred, sampleWeight);
  // compact needs no max error: the DICT kernel skips it (and EV's sums).
  const s = fast ?? regressionStats(t!, true, full ? RegMode.ALL : RegMode.DICT);
  let sumOnTarget = NaN;
  if (full) {
    if (fast) sumOnTarget = fast.sumSeq;
    else sumOnTarget = t!.weight ? s.swy : k.sumSequential(t!.yTrue.ptr ?? putF64(t!.yTrue.data), t!.yTrue.n);
  }
  return { n: s.n, sw: s.sw, se2: s.swe2, sae: s.swae, sape: s.swape, sst: s.swdy2, sumOnTarget, maxAe: full ? s.maxAe : NaN };
}

/** One-shot training-side statistics (unweighted R² parts). Call inside `withArena`. */
export function oneShotTrainStats(yTrue: unknown, yPred: unknown): RegressionTrainStats {
  const s = regressionStats(checkRegTargets(yTrue, yPred), true, RegMode.R2);
  return { n: s.n, se2: s.swe2, sst: s.swdy2 };
}
