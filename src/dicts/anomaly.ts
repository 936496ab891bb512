/**
 * The anomaly-detection metric dict (`anomalyMetrics`), built from
 * {@link AnomalyDictStats}.
 * @module
 */
import { type DictOptions, field, finish, type MetricDict, preset } from "./keys.js";
import { type AnomalyDictStats, oneShotAnomalyStats } from "../distribution/stats.js";
import { checkOptions, type NumericArray, ValueError } from "../input/validate.js";

/** Input of {@link anomalyMetrics}. */
export interface AnomalyInput {
  /** sklearn outlier labels: −1 anomaly, 1 normal. */
  predictions: NumericArray;
  /** `decision_function` scores (same length). */
  scores: NumericArray;
}

/**
 * Anomaly-detection metrics as an MLflow-ready dict (`'compact'` keys):
 * `anomaly_rate` (share of −1), `avg_anomaly_score` (mean score of anomalies,
 * 0 when there is none), `avg_normal_score` (mean score of normal points, NaN
 * when there is none), `training_samples` (n), `score_min`, `score_max`,
 * `score_std` (ddof 0). Means are numpy's pairwise means of the selected scores.
 * @example
 * ```ts
 * anomalyMetrics({ predictions: [1, -1, 1, 1, -1], scores: [0.2, -0.9, 0.1, 0.3, -0.7] });
 * // { anomaly_rate: 0.4, avg_anomaly_score: -0.8, avg_normal_score: 0.20000000000000004,
 * //   training_samples: 5, score_min: -0.9, score_max: 0.3, score_std: 0.4979959839195493 }  (numpy: the same values)
 * ```
 */
export function anomalyMetrics(input: AnomalyInput, options?: DictOptions): MetricDict {
  const o = checkOptions<DictOptions>(options, "anomalyMetrics");
  if (preset(o) === "mlflow") {
    throw new ValueError("anomalyMetrics has no 'mlflow' preset: mlflow.evaluate has no anomaly-detection evaluator");
  }
  const f = field(input, "anomalyMetrics");
  return finish(anomalyDictFromStats(oneShotAnomalyStats(f.predictions, f.scores)), o);
}

/** The anomaly dict (unprefixed) from its statistics. */
export function anomalyDictFromStats(s: AnomalyDictStats): MetricDict {
  const n = s.nAnomaly + s.nNormal;
  return {
    anomaly_rate: s.nAnomaly / n,
    avg_anomaly_score: s.nAnomaly > 0 ? s.meanAnomaly : 0,
    avg_normal_score: s.nNormal > 0 ? s.meanNormal : NaN,
    training_samples: n,
    score_min: s.min,
    score_max: s.max,
    score_std: s.std,
  };
}
