/**
 * What the evaluator needs of each task (a part), and the option helpers the
 * parts share.
 * @module
 */
import type { MetricDict } from "../dicts/keys.js";
import type { ScoreDistribution } from "../distribution/metrics.js";
import { ValueError, type WarnOptions } from "../input/validate.js";

/** What the evaluator needs of a task. */
export interface TaskPart {
  readonly rows: number;
  update(batch: Record<string, unknown>): void;
  updateTrain(batch: Record<string, unknown>): void;
  merge(other: TaskPart): void;
  compute(o: WarnOptions): MetricDict | ScoreDistribution;
  toJSON(): unknown;
  aucErrorBound?(): number;
}

export interface PartSpec {
  /** Checks the options (TypeError / ValueError as the dict function) and returns them normalised, in a fixed key order. */
  options(o: Record<string, unknown>): Record<string, unknown>;
  create(o: Record<string, unknown>): TaskPart;
  fromJSON(o: Record<string, unknown>, state: unknown): TaskPart;
}

/** Keeps the allowed keys in a fixed order; any other key is a TypeError. */
export function pick(o: Record<string, unknown>, allowed: readonly string[], task: string): Record<string, unknown> {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k) && o[k] !== undefined) {
      throw new TypeError(`createEvaluator('${task}'): unknown option '${k}' (allowed: ${allowed.join(", ")}, onWarning)`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of allowed) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
  return out;
}

export function presetOf(o: Record<string, unknown>): "compact" | "mlflow" {
  const p = o.preset ?? "compact";
  if (p !== "compact" && p !== "mlflow") throw new ValueError(`preset must be 'compact' or 'mlflow', got '${String(p)}'`);
  return p;
}

