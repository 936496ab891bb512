/**
 * The anomaly dict's sufficient statistics: what `anomalyMetrics` (numpy's
 * pairwise means and two-pass std) and the anomaly evaluator (exact sums)
 * both hand to the dict builder.
 * @module
 */
import { anomalyMomentsFast, maskedMeans, scoreDistribution } from "./metrics.js";
import { withArena } from "../wasm/core.js";
import type { NumericArray } from "../input/validate.js";

/** The anomaly dict's statistics. */
export interface AnomalyDictStats {
  /** Rows predicted −1. */
  nAnomaly: number;
  /** Rows predicted 1. */
  nNormal: number;
  /** Mean score of the anomalies (NaN when there is none). */
  meanAnomaly: number;
  /** Mean score of the normal rows (NaN when there is none). */
  meanNormal: number;
  /** Smallest, largest score; population standard deviation (ddof 0) of all scores. */
  min: number;
  max: number;
  std: number;
}

/**
 * One-shot statistics in numpy's order (checked with the library's messages):
 * the fused fast path (each input streamed in once, one pass plus the
 * deviation pass: anomalyMomentsFast), else maskedMeans and
 * scoreDistribution, which raise the errors.
 */
export function oneShotAnomalyStats(predictions: unknown, scores: unknown): AnomalyDictStats {
  const fast = withArena((k) => anomalyMomentsFast(k, predictions, scores));
  if (fast) return fast;
  const m = maskedMeans(predictions as NumericArray, scores as NumericArray);
  const dist = scoreDistribution(scores as NumericArray, { quantiles: [], bins: 1 });
  return { nAnomaly: m.nAnomaly, nNormal: m.nNormal, meanAnomaly: m.meanAnomaly, meanNormal: m.meanNormal, min: dist.min, max: dist.max, std: dist.std };
}
