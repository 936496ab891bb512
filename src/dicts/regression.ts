/**
 * The regression metric dict (`regressionMetrics`): `'compact'` and `'mlflow'`
 * presets built from the regression sufficient statistics
 * ({@link RegressionDictStats}), which the one-shot call computes in numpy's
 * summation order and an evaluator from exact sums.
 * @module
 */
import { type DictOptions, field, finish, type MetricDict, preset } from "./keys.js";
import { checkOptions, type NumericArray, type WarnOptions } from "../input/validate.js";
import { r2FromParts } from "../regression/metrics.js";
import { oneShotRegressionStats, oneShotTrainStats, type RegressionDictStats, type RegressionTrainStats } from "../regression/stats.js";
import { withArena } from "../wasm/core.js";

/** Input of {@link regressionMetrics}. */
export interface RegressionInput {
  yTrue: NumericArray;
  yPred: NumericArray;
  sampleWeight?: NumericArray;
  /** Training-set targets and predictions, for `train_r2` and `training_samples`. */
  train?: { yTrue: NumericArray; yPred: NumericArray };
}

/**
 * Regression metrics as an MLflow-ready dict.
 *
 * `'compact'`: `rmse`, `mae`, `mape` (percent: 100 × sklearn's fraction),
 * `test_r2`, `test_samples`, and with `train` also `train_r2` (unweighted) and
 * `training_samples`. `'mlflow'`: `example_count`, `mean_absolute_error`,
 * `mean_squared_error`, `root_mean_squared_error`, `sum_on_target` (Σy
 * left to right, or pairwise Σy·w with weights), `mean_on_target`
 * (sum_on_target / row count, MLflow's quirk), `r2_score`, `max_error`
 * (unweighted), `mean_absolute_percentage_error` (a fraction).
 * All from one fused kernel pass (plus the deviation pass for R²).
 * @example
 * ```ts
 * regressionMetrics({ yTrue: [3, -0.5, 2, 7], yPred: [2.5, 0.0, 2, 8] });
 * // { rmse: 0.6123724356957945, mae: 0.5, mape: 32.73809523809524,
 * //   test_r2: 0.9486081370449679, test_samples: 4 }
 * ```
 */
export function regressionMetrics(input: RegressionInput, options?: DictOptions): MetricDict {
  const o = checkOptions<DictOptions>(options, "regressionMetrics");
  const p = preset(o);
  const f = field(input, "regressionMetrics");
  // One arena for the whole dict: each input is copied (and scanned) once.
  return withArena((k) => {
    const s = oneShotRegressionStats(k, f.yTrue, f.yPred, f.sampleWeight, p === "mlflow");
    const train =
      f.train === undefined || f.train === null
        ? undefined
        : () => {
            const tr = field(f.train, "regressionMetrics: train");
            return oneShotTrainStats(tr.yTrue, tr.yPred);
          };
    return finish(regressionDictFromStats(s, p, o, train), o);
  });
}

/**
 * The regression dict (unprefixed) from its statistics: the formulas of both
 * presets. `train` (compact only) is asked for after the test-side keys, so
 * warnings come in the one-shot call's order.
 */
export function regressionDictFromStats(
  s: RegressionDictStats,
  p: "compact" | "mlflow",
  o: WarnOptions,
  train?: () => RegressionTrainStats,
): MetricDict {
  const mse = s.se2 / s.sw;
  const r2 = r2FromParts(s.n, s.se2, s.sst, true, o);
  if (p === "compact") {
    const d: MetricDict = {
      rmse: Math.sqrt(mse),
      mae: s.sae / s.sw,
      mape: 100 * (s.sape / s.sw),
      test_r2: r2,
      test_samples: s.n,
    };
    if (train) {
      const ts = train();
      d.train_r2 = r2FromParts(ts.n, ts.se2, ts.sst, true, o);
      d.training_samples = ts.n;
    }
    return d;
  }
  return {
    example_count: s.n,
    mean_absolute_error: s.sae / s.sw,
    mean_squared_error: mse,
    root_mean_squared_error: Math.sqrt(mse),
    sum_on_target: s.sumOnTarget,
    mean_on_target: s.sumOnTarget / s.n,
    r2_score: r2,
    max_error: s.maxAe,
    mean_absolute_percentage_error: s.sape / s.sw,
  };
}
