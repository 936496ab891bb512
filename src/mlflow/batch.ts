/**
 * Pure preparation of MLflow `runs/log-batch` requests: key validation, value
 * encoding, truncation and splitting to the server's limits. No I/O here; the
 * client sends what {@link planLogBatch} returns, so everything MLflow would
 * reject is rejected before the first request.
 * @module
 */
import { validateMetricKey } from "../dicts/keys.js";
import { ValueError } from "../input/validate.js";

/**
 * Per-request limits of `runs/log-batch` and value lengths, as in mlflow 3.17.2
 * `mlflow/utils/validation.py`.
 * @example
 * ```ts
 * MLFLOW_LIMITS.metricsPerBatch;  // 1000
 * MLFLOW_LIMITS.paramValueLength; // 6000
 * ```
 */
export const MLFLOW_LIMITS = Object.freeze({
  metricsPerBatch: 1000,
  paramsPerBatch: 100,
  tagsPerBatch: 100,
  entitiesPerBatch: 1000,
  /** Request body size, bytes (`MAX_BATCH_LOG_REQUEST_SIZE`). */
  batchBytes: 1_000_000,
  /** Longest param value, characters (`MAX_PARAM_VAL_LENGTH`). */
  paramValueLength: 6000,
  /** Longest tag value, characters (`MAX_TAG_VAL_LENGTH`). */
  tagValueLength: 8000,
  /** Longest metric / param / tag key (`MAX_ENTITY_KEY_LENGTH`). */
  keyLength: 250,
});

/** A metric value as MLflow's JSON parser accepts it: a number, or one of three strings. */
export type WireMetricValue = number | "NaN" | "Infinity" | "-Infinity";

/** One metric in a `runs/log-batch` body. */
export interface WireMetric {
  key: string;
  value: WireMetricValue;
  timestamp: number;
  step: number;
}

/** One param or tag in a `runs/log-batch` body. */
export interface WireKeyValue {
  key: string;
  value: string;
}

/** One `runs/log-batch` request body. */
export interface LogBatchRequest {
  run_id: string;
  metrics: WireMetric[];
  params: WireKeyValue[];
  tags: WireKeyValue[];
}

/** What to log in one call: metric dicts, params, tags. */
export interface LogBatchData {
  /** Metric name → number (NaN and ±Infinity allowed), e.g. the output of `regressionMetrics`. */
  metrics?: Readonly<Record<string, number>>;
  /** Param name → value; numbers and booleans are sent as `String(value)`. */
  params?: Readonly<Record<string, string | number | boolean>>;
  /** Tag name → value; numbers and booleans are sent as `String(value)`. */
  tags?: Readonly<Record<string, string | number | boolean>>;
}

/** Step and timestamp applied to every metric of a {@link LogBatchData}. */
export interface LogBatchOptions {
  /** Integer step, default 0. */
  step?: number;
  /** Milliseconds since the epoch, default `Date.now()`. */
  timestamp?: number;
}

/** One row of a metric series for `logMetricHistory`: all `metrics` share `step` and `timestamp`. */
export interface MetricHistoryRow {
  step: number;
  metrics: Readonly<Record<string, number>>;
  /** Milliseconds since the epoch, default: the time of the call. */
  timestamp?: number;
}

/** The requests a call will send, and what was changed on the way. */
export interface LogBatchPlan {
  requests: LogBatchRequest[];
  /** Entities in all requests (metrics + params + tags). */
  entities: number;
  /** Keys of params and tags whose values were truncated (with the marker). */
  truncated: string[];
}

/**
 * The marker appended to a param or tag value cut at MLflow's limit; the full
 * length is in the marker, so a truncated value is never mistaken for the
 * original.
 * @example
 * ```ts
 * truncationMarker(9003); // "...[truncated by mlmetrics: 9003 chars]"
 * ```
 */
export function truncationMarker(totalChars: number): string {
  return `...[truncated by mlmetrics: ${totalChars} chars]`;
}

/**
 * Validates a param/tag/metric key with MLflow's rules (reusing
 * `validateMetricKey`); the message names the kind of key.
 * @example
 * ```ts
 * checkEntityKey("model_type", "tag"); // "model_type"
 * checkEntityKey("lr!", "param");      // throws ValueError "Invalid param name: 'lr!'. Names may only contain …"
 * ```
 */
export function checkEntityKey(key: unknown, kind: "metric" | "param" | "tag"): string {
  if (typeof key !== "string") throw new ValueError(`${kind} key must be a string, got ${typeof key}`);
  try {
    return validateMetricKey(key);
  } catch (e) {
    if (kind === "metric" || !(e instanceof Error)) throw e;
    throw new ValueError(e.message.replace(/^Invalid metric name/, `Invalid ${kind} name`).replace(/^Metric name/, `${kind[0]!.toUpperCase()}${kind.slice(1)} name`));
  }
}

/**
 * NaN and ±Infinity as the strings MLflow's protobuf JSON parser requires
 * (`JSON.stringify` would turn them into `null`); other numbers unchanged.
 * @example
 * ```ts
 * encodeMetricValue(NaN);       // "NaN"
 * encodeMetricValue(-Infinity); // "-Infinity"
 * encodeMetricValue(0.5);       // 0.5
 * ```
 */
export function encodeMetricValue(v: number): WireMetricValue {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

/**
 * Inverse of {@link encodeMetricValue} for metric values in server responses
 * (the server writes NaN as `"NaN"`).
 * @example
 * ```ts
 * decodeMetricValue("NaN"); // NaN
 * decodeMetricValue(0.25);  // 0.25
 * ```
 */
export function decodeMetricValue(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  throw new ValueError(`unexpected metric value in MLflow response: ${JSON.stringify(v)}`);
}

function checkMetricValue(key: string, v: unknown): number {
  if (typeof v !== "number") {
    throw new ValueError(
      `Metric '${key}' has value ${typeof v === "bigint" ? `${v}n` : JSON.stringify(v) ?? String(v)} (${typeof v}); ` +
        `metric values must be numbers (NaN and ±Infinity are allowed)`,
    );
  }
  return v;
}

function checkStep(step: unknown, where: string): number {
  if (typeof step !== "number" || !Number.isSafeInteger(step)) {
    throw new ValueError(`${where}: step must be an integer, got ${String(step)}`);
  }
  return step;
}

function checkTimestamp(ts: unknown, where: string): number {
  if (typeof ts !== "number" || !Number.isSafeInteger(ts) || ts < 0) {
    throw new ValueError(`${where}: timestamp must be a non-negative integer (milliseconds since the epoch), got ${String(ts)}`);
  }
  return ts;
}

function checkRecord(x: unknown, what: string): [string, unknown][] {
  if (x === undefined || x === null) return [];
  if (typeof x !== "object" || Array.isArray(x) || ArrayBuffer.isView(x)) {
    throw new ValueError(`${what} must be a plain object of name → value`);
  }
  return Object.entries(x);
}

/** Cuts `value` to at most `limit` code points (Python `len`), ending with the marker. */
function truncateValue(value: string, limit: number): { value: string; truncated: boolean } {
  // Fast path: UTF-16 length ≥ code points.
  if (value.length <= limit) return { value, truncated: false };
  const cps = Array.from(value);
  if (cps.length <= limit) return { value, truncated: false };
  const marker = truncationMarker(cps.length);
  return { value: cps.slice(0, limit - Array.from(marker).length).join("") + marker, truncated: true };
}

function kv(entries: [string, unknown][], kind: "param" | "tag", limit: number, truncated: string[]): WireKeyValue[] {
  const out: WireKeyValue[] = [];
  for (const [k, v] of entries) {
    const key = checkEntityKey(k, kind);
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      throw new ValueError(
        `${kind} '${key}' has ${v === null ? "a null" : typeof v === "object" || typeof v === "undefined" ? `an ${typeof v}` : `a ${typeof v}`} value; ${kind} values must be strings, numbers or booleans`,
      );
    }
    const t = truncateValue(String(v), limit);
    if (t.truncated) truncated.push(key);
    out.push({ key, value: t.value });
  }
  return out;
}

/**
 * Validated params or tags in MLflow's `[{ key, value }]` wire form, values
 * stringified and truncated with the marker (keys of truncated values are
 * pushed to `truncated`).
 * @example
 * ```ts
 * prepareKeyValues({ alpha: 0.5, fit: true }, "param"); // [{ key: "alpha", value: "0.5" }, { key: "fit", value: "true" }]
 * ```
 */
export function prepareKeyValues(
  x: unknown,
  kind: "param" | "tag",
  truncated: string[] = [],
): WireKeyValue[] {
  const limit = kind === "param" ? MLFLOW_LIMITS.paramValueLength : MLFLOW_LIMITS.tagValueLength;
  return kv(checkRecord(x, `${kind}s`), kind, limit, truncated);
}

function checkRunId(runId: unknown): string {
  if (typeof runId !== "string" || runId === "") throw new ValueError(`runId must be a non-empty string, got ${JSON.stringify(runId)}`);
  return runId;
}

const enc = new TextEncoder();
const bytes = (x: unknown) => enc.encode(JSON.stringify(x)).length;

/**
 * Packs entities into requests: each request takes as many params, then tags,
 * then metrics as its limits allow (counts, 1000 entities, bytes), so the
 * number of requests is the minimum the entity limits need whenever the byte
 * limit does not bind.
 */
function pack(runId: string, params: WireKeyValue[], tags: WireKeyValue[], metrics: WireMetric[]): LogBatchRequest[] {
  const L = MLFLOW_LIMITS;
  const baseBytes = bytes({ run_id: runId, metrics: [], params: [], tags: [] });
  const out: LogBatchRequest[] = [];
  let ip = 0;
  let it = 0;
  let im = 0;
  while (ip < params.length || it < tags.length || im < metrics.length) {
    const req: LogBatchRequest = { run_id: runId, metrics: [], params: [], tags: [] };
    let size = baseBytes;
    let n = 0;
    let full = false;
    const fill = <T>(src: T[], i: number, dst: T[], max: number): number => {
      while (!full && i < src.length && dst.length < max && n < L.entitiesPerBatch) {
        const b = bytes(src[i]) + 1; // + the comma
        if (size + b > L.batchBytes) {
          full = true;
          break;
        }
        dst.push(src[i]!);
        size += b;
        n++;
        i++;
      }
      return i;
    };
    ip = fill(params, ip, req.params, L.paramsPerBatch);
    it = fill(tags, it, req.tags, L.tagsPerBatch);
    im = fill(metrics, im, req.metrics, L.metricsPerBatch);
    if (n === 0) throw new ValueError("an entity is larger than MLflow's request size limit"); // unreachable with the value limits
    out.push(req);
  }
  return out;
}

/**
 * Validates, encodes and splits one `logBatch` call into `runs/log-batch`
 * request bodies, without sending anything. Each request is filled with
 * params, then tags, then metrics, so that it holds at most 1000 metrics, 100
 * params, 100 tags, 1000 entities and 1,000,000 bytes of JSON. Keys must pass
 * MLflow's rules (`^[/\w.\- :]*$`, ≤ 250 characters, a normalised relative
 * path); param values longer than 6000 characters (tags: 8000) are cut with
 * {@link truncationMarker}; NaN and ±Infinity become `"NaN"`, `"Infinity"`,
 * `"-Infinity"`. Any invalid entry throws a `ValueError` naming it.
 * @example
 * ```ts
 * const metrics = Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`m${i}`, i]));
 * const plan = planLogBatch("run1", { metrics, params: { alpha: 0.1 } });
 * plan.requests.length;                  // 2
 * plan.requests[0].params;               // [{ key: "alpha", value: "0.1" }]
 * plan.requests[0].metrics.length;       // 999 (1 param + 999 metrics = 1000 entities)
 * planLogBatch("run1", { metrics: { r2: NaN } }).requests[0].metrics[0].value; // "NaN"
 * ```
 */
export function planLogBatch(runId: string, data: LogBatchData, options: LogBatchOptions = {}): LogBatchPlan {
  const id = checkRunId(runId);
  if (data === null || typeof data !== "object") throw new ValueError("logBatch: data must be an object { metrics?, params?, tags? }");
  const o = options ?? {};
  const step = o.step === undefined ? 0 : checkStep(o.step, "logBatch");
  const timestamp = o.timestamp === undefined ? Date.now() : checkTimestamp(o.timestamp, "logBatch");
  const known = new Set(["metrics", "params", "tags"]);
  for (const k of Object.keys(data)) if (!known.has(k)) throw new ValueError(`logBatch: unknown field '${k}' (expected metrics, params, tags)`);
  const truncated: string[] = [];
  const params = prepareKeyValues(data.params, "param", truncated);
  const tags = prepareKeyValues(data.tags, "tag", truncated);
  const metrics: WireMetric[] = checkRecord(data.metrics, "metrics").map(([k, v]) => {
    const key = checkEntityKey(k, "metric");
    return { key, value: encodeMetricValue(checkMetricValue(key, v)), timestamp, step };
  });
  return { requests: pack(id, params, tags, metrics), entities: params.length + tags.length + metrics.length, truncated };
}

/**
 * Like {@link planLogBatch} for a metric series: each row's metrics are logged
 * at the row's `step` (and `timestamp`, default the time of the call). Keys,
 * values, steps and timestamps are all checked before anything is sent.
 * @example
 * ```ts
 * const rows = Array.from({ length: 50 }, (_, i) => ({ step: i, metrics: { train_loss: 1 / (i + 1), val_loss: 1.1 / (i + 1) } }));
 * planMetricHistory("run1", rows).requests.length; // 1 (100 metrics)
 * ```
 */
export function planMetricHistory(runId: string, rows: readonly MetricHistoryRow[]): LogBatchPlan {
  const id = checkRunId(runId);
  if (!Array.isArray(rows)) throw new ValueError("logMetricHistory: rows must be an array of { step, metrics, timestamp? }");
  const now = Date.now();
  const metrics: WireMetric[] = [];
  rows.forEach((row, i) => {
    const where = `logMetricHistory: rows[${i}]`;
    if (row === null || typeof row !== "object") throw new ValueError(`${where} must be an object { step, metrics, timestamp? }`);
    const step = checkStep(row.step, where);
    const timestamp = row.timestamp === undefined ? now : checkTimestamp(row.timestamp, where);
    for (const [k, v] of checkRecord(row.metrics, `${where}.metrics`)) {
      const key = checkEntityKey(k, "metric");
      metrics.push({ key, value: encodeMetricValue(checkMetricValue(key, v)), timestamp, step });
    }
  });
  return { requests: pack(id, [], [], metrics), entities: metrics.length, truncated: [] };
}
