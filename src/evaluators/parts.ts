/**
 * One part per task: how its options are checked, how its family state is
 * created, read back from JSON, and turned into the dict.
 * @module
 */
import { regressionDictFromStats } from "../dicts/regression.js";
import type { MetricDict } from "../dicts/keys.js";
import type { ScoreDistribution } from "../distribution/metrics.js";
import { ValueError, type WarnOptions } from "../input/validate.js";
import { RegressionState } from "../regression/state.js";
import { anomalyDictFromStats } from "../dicts/anomaly.js";
import { AnomalyState, DistributionState } from "../distribution/state.js";
import { checkBins, checkQuantiles, DEFAULT_QUANTILES } from "../distribution/metrics.js";
import { pick, presetOf, type PartSpec, type TaskPart } from "./part.js";
import { CLASSIFICATION } from "./classification.js";

function prefixOf(o: Record<string, unknown>): void {
  if (o.prefix !== undefined && typeof o.prefix !== "string") throw new TypeError("prefix must be a string");
}

function wrongBatch(task: string, what: string): never {
  throw new TypeError(`the ${task} evaluator has no ${what}`);
}

class RegressionPart implements TaskPart {
  constructor(
    readonly preset: "compact" | "mlflow",
    readonly state = new RegressionState(),
  ) {}
  get rows(): number {
    return this.state.rows;
  }
  update(b: Record<string, unknown>): void {
    this.state.update(b.yTrue, b.yPred, b.sampleWeight);
  }
  updateTrain(b: Record<string, unknown>): void {
    if (b.sampleWeight !== undefined && b.sampleWeight !== null) wrongBatch("regression", "weighted training side (train_r2 is unweighted)");
    this.state.updateTrain(b.yTrue, b.yPred);
  }
  merge(other: TaskPart): void {
    this.state.merge((other as RegressionPart).state);
  }
  compute(o: WarnOptions): MetricDict {
    const s = this.state.stats();
    const train = this.state.hasTrain ? () => this.state.trainStats() : undefined;
    return regressionDictFromStats(s, this.preset, o, train);
  }
  toJSON(): unknown {
    return this.state.toJSON();
  }
}

const REGRESSION: PartSpec = {
  options(o) {
    const n = pick(o, ["preset", "prefix"], "regression");
    presetOf(n);
    prefixOf(n);
    return n;
  },
  create: (o) => new RegressionPart(presetOf(o)),
  fromJSON: (o, s) => new RegressionPart(presetOf(o), RegressionState.fromJSON(s)),
};

class AnomalyPart implements TaskPart {
  constructor(readonly state = new AnomalyState()) {}
  get rows(): number {
    return this.state.rows;
  }
  update(b: Record<string, unknown>): void {
    this.state.update(b.predictions, b.scores);
  }
  updateTrain(): void {
    wrongBatch("anomaly", "training side");
  }
  merge(other: TaskPart): void {
    this.state.merge((other as AnomalyPart).state);
  }
  compute(): MetricDict {
    return anomalyDictFromStats(this.state.stats());
  }
  toJSON(): unknown {
    return this.state.toJSON();
  }
}

const ANOMALY: PartSpec = {
  options(o) {
    const n = pick(o, ["preset", "prefix"], "anomaly");
    if (presetOf(n) === "mlflow") {
      throw new ValueError("anomalyMetrics has no 'mlflow' preset: mlflow.evaluate has no anomaly-detection evaluator");
    }
    prefixOf(n);
    return n;
  },
  create: () => new AnomalyPart(),
  fromJSON: (_o, s) => new AnomalyPart(AnomalyState.fromJSON(s)),
};

class DistributionPart implements TaskPart {
  constructor(readonly state: DistributionState) {}
  get rows(): number {
    return this.state.rows;
  }
  update(b: Record<string, unknown>): void {
    this.state.update(b.scores);
  }
  updateTrain(): void {
    wrongBatch("distribution", "training side");
  }
  merge(other: TaskPart): void {
    this.state.merge((other as DistributionPart).state);
  }
  compute(o: WarnOptions): ScoreDistribution {
    return this.state.compute(o);
  }
  toJSON(): unknown {
    return this.state.toJSON();
  }
}

/** Distribution options: `quantiles` (mode or probabilities), `probabilities`, `bins`. */
function distributionOptions(o: Record<string, unknown>): Record<string, unknown> {
  const n = pick(o, ["quantiles", "probabilities", "bins"], "distribution");
  const q = n.quantiles;
  let probs: unknown = n.probabilities;
  if (q === undefined || q === "exact") n.quantiles = "exact";
  else if (Array.isArray(q) || ArrayBuffer.isView(q)) {
    if (probs !== undefined) throw new TypeError("give the quantile probabilities once: as `quantiles` or as `probabilities`");
    probs = q;
    n.quantiles = "exact";
  } else if (typeof q === "object" && q !== null && typeof (q as { relativeError?: unknown }).relativeError === "number") {
    const a = (q as { relativeError: number }).relativeError;
    if (!(a > 0 && a <= 0.5)) throw new RangeError(`quantiles.relativeError must be in (0, 0.5], got ${a}`);
    n.quantiles = { relativeError: a };
  } else {
    throw new TypeError("quantiles must be 'exact', { relativeError }, or an array of probabilities");
  }
  n.probabilities = Array.from(checkQuantiles(probs ?? DEFAULT_QUANTILES));
  n.bins = checkBins(n.bins);
  return { quantiles: n.quantiles, probabilities: n.probabilities, bins: n.bins };
}

function relErr(o: Record<string, unknown>): number | null {
  return o.quantiles === "exact" ? null : (o.quantiles as { relativeError: number }).relativeError;
}

const DISTRIBUTION: PartSpec = {
  options: distributionOptions,
  create: (o) => new DistributionPart(new DistributionState(Float64Array.from(o.probabilities as number[]), o.bins as number, relErr(o))),
  fromJSON: (o, s) => new DistributionPart(DistributionState.fromJSON(s, Float64Array.from(o.probabilities as number[]), o.bins as number, relErr(o))),
};

/** The parts by task. */
export const PARTS: Record<"regression" | "classification" | "anomaly" | "distribution", PartSpec> = {
  regression: REGRESSION,
  classification: CLASSIFICATION,
  anomaly: ANOMALY,
  distribution: DISTRIBUTION,
};
