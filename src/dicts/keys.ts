/**
 * What every metric dict shares: MLflow's key rules (validated before anything
 * is returned or sent), the `prefix` option, the two presets and the checks of
 * a dict function's first argument.
 * @module
 */
import { ValueError, type WarnOptions } from "../input/validate.js";

/** A metric dict: metric name → value (finite number or NaN). */
export type MetricDict = Record<string, number>;

/** Options shared by the dict builders. */
export interface DictOptions extends WarnOptions {
  /** `'compact'` (default): our short keys; `'mlflow'`: `mlflow.evaluate`'s default evaluator keys. */
  preset?: "compact" | "mlflow";
  /** Prepended to every key (e.g. `"val_"` or `"eval/"`); the full keys must pass MLflow's rules. */
  prefix?: string;
}

const KEY_RE = /^[/\p{L}\p{N}\p{M}_.\- :]*$/u;
/** MLflow's longest metric / param / tag key. */
export const MAX_KEY_LENGTH = 250;

function normpath(p: string): string {
  // posixpath.normpath
  if (p === "") return ".";
  const initial = p.startsWith("/") ? (p.startsWith("//") && !p.startsWith("///") ? 2 : 1) : 0;
  const out: string[] = [];
  for (const comp of p.split("/")) {
    if (comp === "" || comp === ".") continue;
    if (comp !== ".." || (initial === 0 && out.length === 0) || (out.length > 0 && out[out.length - 1] === "..")) {
      out.push(comp);
    } else if (out.length > 0) {
      out.pop();
    }
  }
  const joined = out.join("/");
  return "/".repeat(initial) + joined || ".";
}

/**
 * Checks a metric key against MLflow's rules (`mlflow/utils/validation.py`):
 * only alphanumerics, underscores, dashes, periods, spaces, colons and slashes;
 * at most 250 characters; a normalised relative path (no `..`, no leading `/`,
 * no `//` or `/./`). Throws a ValueError naming the rule otherwise.
 */
export function validateMetricKey(key: string): string {
  if (typeof key !== "string") throw new TypeError(`metric key must be a string, got ${typeof key}`);
  if (!KEY_RE.test(key)) {
    throw new ValueError(
      `Invalid metric name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/).`,
    );
  }
  if (key.length > MAX_KEY_LENGTH) {
    throw new ValueError(`Metric name '${key.slice(0, 40)}…' exceeds the maximum length of ${MAX_KEY_LENGTH} characters`);
  }
  const norm = normpath(key);
  if (norm !== key || norm === "." || norm.startsWith("..") || norm.startsWith("/")) {
    throw new ValueError(
      `Invalid metric name: '${key}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '${norm}'`,
    );
  }
  return key;
}

export function finish(d: MetricDict, o: DictOptions): MetricDict {
  const prefix = o.prefix ?? "";
  if (typeof prefix !== "string") throw new TypeError("prefix must be a string");
  const out: MetricDict = {};
  for (const [k, v] of Object.entries(d)) out[validateMetricKey(prefix + k)] = v;
  return out;
}

export function preset(o: DictOptions): "compact" | "mlflow" {
  const p = o.preset ?? "compact";
  if (p !== "compact" && p !== "mlflow") {
    throw new ValueError(`preset must be 'compact' or 'mlflow', got '${String(p)}'`);
  }
  return p;
}

export function field(input: unknown, fn: string): Record<string, unknown> {
  if (input === null || typeof input !== "object" || Array.isArray(input) || ArrayBuffer.isView(input)) {
    throw new TypeError(`${fn}: the first argument must be an object such as { yTrue, yPred }`);
  }
  return input as Record<string, unknown>;
}

