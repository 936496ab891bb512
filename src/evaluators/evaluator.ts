/**
 * Evaluators: the dicts fed in pieces. `createEvaluator(task, options)` keeps
 * the sufficient statistics of a task's dict between batches; `update` adds a
 * batch, `merge` adds another evaluator's rows (another worker, process or
 * machine, through `toJSON` / `evaluatorFromJSON`), `compute` returns the dict.
 *
 * Partition invariance: counts are exact and every sum is exact (rounded once
 * at `compute`), so the dict has the same bits for any split of the same rows
 * into batches and any merge order or tree. The one-shot dict functions keep
 * scikit-learn's summation order instead (bit-identical to scikit-learn); an
 * evaluator agrees with them to within 1e-12 relative, and is at least as
 * accurate.
 * @module
 */
import { StateError, STATE_FORMAT, STATE_VERSION, obj } from "../state/encode.js";
import { type MetricDict, validateMetricKey } from "../dicts/keys.js";
import { ValueError, type WarningHandler } from "../input/validate.js";
import type { ScoreDistribution } from "../distribution/metrics.js";
import type { TaskPart } from "./part.js";
import { PARTS } from "./parts.js";

/** The tasks an evaluator computes. */
export type EvaluatorTask = "regression" | "classification" | "anomaly" | "distribution";

/** Options of {@link createEvaluator}: the dict function's options plus the evaluator's modes. */
export interface EvaluatorOptions {
  /** `'compact'` (default) or `'mlflow'` (regression, classification). */
  preset?: "compact" | "mlflow";
  /** Prepended to every key of the dict. */
  prefix?: string;
  /** Classification: the positive class (as `classificationMetrics`). */
  posLabel?: number | boolean | string;
  /** Classification, preset `'mlflow'`: the label list (as `classificationMetrics`). */
  labels?: readonly (number | boolean | string)[];
  /** Classification, multiclass: `'micro'`, `'macro'` or `'weighted'` (default). */
  average?: "micro" | "macro" | "weighted";
  /** Classification: the number of classes when `yProb` comes as flat row-major arrays. */
  nClasses?: number;
  /**
   * Classification with `yProb`: `'exact'` (default: the scores are kept, 9 bytes
   * per unweighted binary row, and ROC AUC / average precision equal the one-shot
   * values) or `{ bins }`: constant memory, scores counted in `bins` equal-width
   * bins over [0, 1]; |AUC − exact| ≤ {@link Evaluator.aucErrorBound}.
   */
  auc?: "exact" | { bins: number };
  /**
   * Distribution: `'exact'` (default: the scores are kept), `{ relativeError }`
   * (a constant-memory sketch: every quantile within that relative error, see
   * README), or the quantile probabilities themselves (exact mode).
   */
  quantiles?: "exact" | { relativeError: number } | readonly number[];
  /** Distribution: the quantile probabilities (default `DEFAULT_QUANTILES`). */
  probabilities?: readonly number[];
  /** Distribution: histogram bins (default 10). */
  bins?: number;
  /** Receives warnings (sklearn's words); default `console.warn`. Not part of the state. */
  onWarning?: WarningHandler;
}

/** The JSON form of an evaluator ({@link Evaluator.toJSON}). */
export interface EvaluatorState {
  format: typeof STATE_FORMAT;
  version: number;
  task: EvaluatorTask;
  options: Record<string, unknown>;
  state: unknown;
}

/** An evaluator (see the module notes). */
export interface Evaluator<Batch = Record<string, unknown>, Result = MetricDict | ScoreDistribution> {
  readonly task: EvaluatorTask;
  /** Rows added so far (test side). */
  readonly rows: number;
  /**
   * Adds a batch: what the dict function takes (`{ yTrue, yPred, sampleWeight? }`,
   * `{ yTrue, yPred, yProb?, sampleWeight? }`, `{ predictions, scores }`, `{ scores }`).
   * A bad batch raises the dict function's error and leaves the state unchanged.
   */
  update(batch: Batch): this;
  /** Adds training-side rows (regression `{ yTrue, yPred }`, classification `{ yTrue }`). */
  updateTrain(batch: Record<string, unknown>): this;
  /** Adds another evaluator's rows (same task and options); returns this evaluator. */
  merge(other: Evaluator): this;
  /** The dict (or the score distribution) of every row added so far. */
  compute(): Result;
  /** Plain JSON (exact numbers; large arrays as base64). */
  toJSON(): EvaluatorState;
  /**
   * Classification with `auc: { bins }`: the bound on |ROC AUC − exact ROC AUC|,
   * ½·Σ_b P_b·N_b / (P·N) (pairs of a positive and a negative in one bin); 0 in
   * exact mode; NaN without scores or with one class.
   */
  aucErrorBound(): number;
}

const TASKS: readonly EvaluatorTask[] = ["regression", "classification", "anomaly", "distribution"];

function checkTask(task: unknown): EvaluatorTask {
  if (!TASKS.includes(task as EvaluatorTask)) {
    throw new ValueError(`task must be one of ${TASKS.map((t) => `'${t}'`).join(", ")}, got ${JSON.stringify(task)}`);
  }
  return task as EvaluatorTask;
}

function sameOptions(a: Record<string, unknown>, b: Record<string, unknown>): string | null {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return `${k}: ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`;
  }
  return null;
}

class EvaluatorImpl implements Evaluator {
  readonly task: EvaluatorTask;
  readonly #options: Record<string, unknown>;
  readonly #onWarning?: WarningHandler;
  readonly #part: TaskPart;

  constructor(task: EvaluatorTask, options: Record<string, unknown>, part: TaskPart, onWarning?: WarningHandler) {
    this.task = task;
    this.#options = options;
    this.#part = part;
    this.#onWarning = onWarning;
  }

  get rows(): number {
    return this.#part.rows;
  }

  update(batch: Record<string, unknown>): this {
    this.#part.update(batchObject(batch, `${this.task} evaluator: update`));
    return this;
  }

  updateTrain(batch: Record<string, unknown>): this {
    this.#part.updateTrain(batchObject(batch, `${this.task} evaluator: updateTrain`));
    return this;
  }

  merge(other: Evaluator): this {
    if (!(other instanceof EvaluatorImpl)) throw new TypeError("merge: the argument must be an evaluator (createEvaluator / evaluatorFromJSON)");
    if (other === this) throw new ValueError("merge: an evaluator cannot be merged with itself (its rows would count twice)");
    if (other.task !== this.task) throw new ValueError(`merge: cannot merge a '${other.task}' evaluator into a '${this.task}' evaluator`);
    const diff = sameOptions(this.#options, other.#options);
    if (diff) throw new ValueError(`merge: the evaluators' options differ (${diff})`);
    this.#part.merge(other.#part);
    return this;
  }

  compute(): MetricDict | ScoreDistribution {
    const r = this.#part.compute(this.#onWarning ? { onWarning: this.#onWarning } : {});
    if (this.task === "distribution") return r as ScoreDistribution;
    const prefix = (this.#options.prefix as string | undefined) ?? "";
    const out: MetricDict = {};
    for (const [k, v] of Object.entries(r as MetricDict)) out[validateMetricKey(prefix + k)] = v;
    return out;
  }

  aucErrorBound(): number {
    return this.#part.aucErrorBound?.() ?? 0;
  }

  toJSON(): EvaluatorState {
    return { format: STATE_FORMAT, version: STATE_VERSION, task: this.task, options: { ...this.#options }, state: this.#part.toJSON() };
  }
}

function batchObject(batch: unknown, fn: string): Record<string, unknown> {
  if (batch === null || typeof batch !== "object" || Array.isArray(batch) || ArrayBuffer.isView(batch)) {
    throw new TypeError(`${fn}: the batch must be an object such as { yTrue, yPred }`);
  }
  return batch as Record<string, unknown>;
}

function optionsObject(options: unknown): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== "object" || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError("createEvaluator: options must be an object");
  }
  return options as Record<string, unknown>;
}

/**
 * Creates an evaluator for a task's dict (see {@link Evaluator}).
 * @example
 * ```ts
 * const ev = createEvaluator("regression");
 * ev.update({ yTrue: [3, -0.5], yPred: [2.5, 0.0] }).update({ yTrue: [2, 7], yPred: [2, 8] });
 * ev.compute();
 * // { rmse: 0.6123724356957945, mae: 0.5, mape: 32.73809523809524,
 * //   test_r2: 0.9486081370449679, test_samples: 4 }  (sklearn on the four rows: the same values)
 * ```
 */
export function createEvaluator(task: "distribution", options?: EvaluatorOptions): Evaluator<Record<string, unknown>, ScoreDistribution>;
export function createEvaluator(task: "regression" | "classification" | "anomaly", options?: EvaluatorOptions): Evaluator<Record<string, unknown>, MetricDict>;
export function createEvaluator(task: EvaluatorTask, options?: EvaluatorOptions): Evaluator;
export function createEvaluator(task: EvaluatorTask, options?: EvaluatorOptions): Evaluator {
  const t = checkTask(task);
  const { onWarning, ...rest } = optionsObject(options) as EvaluatorOptions & Record<string, unknown>;
  if (onWarning !== undefined && typeof onWarning !== "function") throw new TypeError("onWarning must be a function");
  const spec = PARTS[t];
  const norm = spec.options(rest);
  if (norm.prefix !== undefined) validateMetricKey(String(norm.prefix));
  return new EvaluatorImpl(t, norm, spec.create(norm), onWarning);
}

/**
 * An evaluator from its JSON state ({@link Evaluator.toJSON}, or that JSON as a
 * string): in another worker, process or machine. A state that is malformed,
 * from another format version, or whose counts contradict each other raises a
 * {@link StateError}; `onWarning` is not part of a state and is given here.
 * @example
 * ```ts
 * const a = createEvaluator("anomaly").update({ predictions: [1, -1], scores: [0.2, -0.9] });
 * const b = createEvaluator("anomaly").update({ predictions: [1, 1, -1], scores: [0.1, 0.3, -0.7] });
 * evaluatorFromJSON(JSON.stringify(a)).merge(evaluatorFromJSON(b.toJSON())).compute();
 * // { anomaly_rate: 0.4, avg_anomaly_score: -0.8, avg_normal_score: 0.2, training_samples: 5,
 * //   score_min: -0.9, score_max: 0.3, score_std: 0.4979959839195493 }
 * // (numpy on the five rows: 0.4, -0.8, 0.20000000000000004, 5, -0.9, 0.3, 0.4979959839195493; numpy sums
 * //  0.2 + 0.1 first and rounds twice: 0.2 is the correctly rounded mean of 0.2, 0.1, 0.3)
 * ```
 */
export function evaluatorFromJSON(state: EvaluatorState | string, runtime?: { onWarning?: WarningHandler }): Evaluator {
  let s: unknown = state;
  if (typeof state === "string") {
    try {
      s = JSON.parse(state);
    } catch (e) {
      throw new StateError(`evaluatorFromJSON: not JSON (${(e as Error).message})`);
    }
  }
  const o = obj(s, "evaluator state");
  if (o.format !== STATE_FORMAT) throw new StateError(`evaluatorFromJSON: not an mlmetrics evaluator state (format ${JSON.stringify(o.format)})`);
  if (o.version !== STATE_VERSION) {
    throw new StateError(`evaluatorFromJSON: state format version ${JSON.stringify(o.version)}; this mlmetrics reads version ${STATE_VERSION}`);
  }
  if (!TASKS.includes(o.task as EvaluatorTask)) throw new StateError(`evaluatorFromJSON: unknown task ${JSON.stringify(o.task)}`);
  const t = o.task as EvaluatorTask;
  const spec = PARTS[t];
  let norm: Record<string, unknown>;
  try {
    norm = spec.options(obj(o.options, "options"));
  } catch (e) {
    throw new StateError(`evaluatorFromJSON: options: ${(e as Error).message}`);
  }
  const part = spec.fromJSON(norm, o.state);
  const onWarning = runtime?.onWarning;
  return new EvaluatorImpl(t, norm, part, onWarning);
}
