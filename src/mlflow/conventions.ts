/**
 * Our naming and tagging conventions for MLflow experiments and runs, as pure
 * helpers (no I/O). Every name they produce passes MLflow's key rules.
 * @module
 */
import { ValueError } from "../input/validate.js";
import { checkEntityKey } from "./batch.js";

/**
 * Allowed values of the `domain` tag.
 * @example
 * ```ts
 * DOMAINS.includes("cost"); // true
 * ```
 */
export const DOMAINS = ["cost", "security", "performance", "reliability", "quality"] as const;
/**
 * Allowed values of the `model_type` tag.
 * @example
 * ```ts
 * MODEL_TYPES; // ["regression", "classification", "anomaly_detection"]
 * ```
 */
export const MODEL_TYPES = ["regression", "classification", "anomaly_detection"] as const;

/** A value of {@link DOMAINS}. */
export type Domain = (typeof DOMAINS)[number];
/** A value of {@link MODEL_TYPES}. */
export type ModelType = (typeof MODEL_TYPES)[number];

function nonEmpty(x: unknown, what: string): string {
  if (typeof x !== "string" || x.trim() === "") throw new ValueError(`${what} must be a non-empty string, got ${JSON.stringify(x)}`);
  return x;
}

/**
 * The experiment name for a model: `/Shared/{project}_ml_{modelName}`.
 * @example
 * ```ts
 * experimentName("finops", "dbu_forecast"); // "/Shared/finops_ml_dbu_forecast"
 * ```
 */
export function experimentName(project: string, modelName: string): string {
  nonEmpty(project, "experimentName: project");
  nonEmpty(modelName, "experimentName: modelName");
  for (const [what, v] of [["project", project], ["modelName", modelName]] as const) {
    if (v.includes("/")) throw new ValueError(`experimentName: ${what} must not contain '/', got '${v}'`);
  }
  const name = `/Shared/${project}_ml_${modelName}`;
  if (name.length > 500) throw new ValueError(`experimentName: '${name.slice(0, 40)}…' is longer than MLflow's 500 characters`);
  return name;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

/** Options of {@link runName}. */
export interface RunNameOptions {
  /** Model version, default 1; rendered after `v`. */
  version?: string | number;
  /** When the run was made, default now; formatted in UTC as `YYYYMMDD_HHMMSS`. */
  date?: Date;
}

/**
 * The run name `{modelName}_{algorithm}_v{version}_{YYYYMMDD_HHMMSS}` (date
 * in UTC, so names sort by time whatever the machine's zone).
 * @example
 * ```ts
 * runName("dbu_forecast", "ridge", { version: 3, date: new Date("2025-01-31T08:05:09Z") });
 * // "dbu_forecast_ridge_v3_20250131_080509"
 * ```
 */
export function runName(modelName: string, algorithm: string, options: RunNameOptions = {}): string {
  nonEmpty(modelName, "runName: modelName");
  nonEmpty(algorithm, "runName: algorithm");
  const version = options.version ?? 1;
  if ((typeof version !== "string" && typeof version !== "number") || String(version) === "") {
    throw new ValueError(`runName: version must be a string or number, got ${JSON.stringify(version)}`);
  }
  const d = options.date ?? new Date();
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new ValueError("runName: date must be a valid Date");
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}_` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `${modelName}_${algorithm}_v${version}_${stamp}`;
}

/** Input of {@link runTags}: the six required tags, plus any extra ones. */
export interface RunTagsInput {
  project: string;
  domain: Domain;
  modelName: string;
  modelType: ModelType;
  algorithm: string;
  useCase: string;
  /** Extra tags: camelCase keys become snake_case; values are strings, numbers or booleans. */
  [extra: string]: string | number | boolean | undefined;
}

const REQUIRED: readonly [keyof RunTagsInput & string, string][] = [
  ["project", "project"],
  ["domain", "domain"],
  ["modelName", "model_name"],
  ["modelType", "model_type"],
  ["algorithm", "algorithm"],
  ["useCase", "use_case"],
];

const snake = (k: string) => k.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/**
 * Run tags following our conventions: `project`, `domain`, `model_name`,
 * `model_type`, `algorithm`, `use_case` (all required, non-empty), plus any
 * extra fields (camelCase → snake_case). `domain` must be one of cost |
 * security | performance | reliability | quality; `modelType` one of
 * regression | classification | anomaly_detection. Anything missing or unknown
 * throws a `ValueError` listing the allowed values.
 * @example
 * ```ts
 * runTags({ project: "finops", domain: "cost", modelName: "dbu_forecast", modelType: "regression",
 *           algorithm: "ridge", useCase: "daily DBU forecast", dataVersion: "2025-01" });
 * // { project: "finops", domain: "cost", model_name: "dbu_forecast", model_type: "regression",
 * //   algorithm: "ridge", use_case: "daily DBU forecast", data_version: "2025-01" }
 * ```
 */
export function runTags(input: RunTagsInput): Record<string, string> {
  if (input === null || typeof input !== "object" || Array.isArray(input)) throw new ValueError("runTags: expected an object");
  const missing = REQUIRED.filter(([k]) => input[k] === undefined || input[k] === null || String(input[k]).trim() === "").map(([k]) => k);
  if (missing.length) throw new ValueError(`runTags: missing required tag${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}`);
  const out: Record<string, string> = {};
  for (const [k, tag] of REQUIRED) out[tag] = nonEmpty(input[k], `runTags: ${k}`);
  if (!(DOMAINS as readonly string[]).includes(out.domain!)) {
    throw new ValueError(`runTags: unknown domain '${out.domain}'; expected one of ${DOMAINS.join(" | ")}`);
  }
  if (!(MODEL_TYPES as readonly string[]).includes(out.model_type!)) {
    throw new ValueError(`runTags: unknown modelType '${out.model_type}'; expected one of ${MODEL_TYPES.join(" | ")}`);
  }
  const known = new Set(REQUIRED.map(([k]) => k as string));
  for (const [k, v] of Object.entries(input)) {
    if (known.has(k) || v === undefined) continue;
    const key = checkEntityKey(snake(k), "tag");
    if (key in out) throw new ValueError(`runTags: extra tag '${k}' collides with the required tag '${key}'`);
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") {
      throw new ValueError(`runTags: tag '${k}' must be a string, number or boolean, got ${v === null ? "null" : typeof v}`);
    }
    out[key] = String(v);
  }
  return out;
}

/** Options of {@link featureParams}. */
export interface FeatureParamsOptions {
  /** Names listed in `features_sample`, default 20. */
  max?: number;
}

/**
 * Params describing the feature set without logging hundreds of names:
 * `features_sample` lists the first `max` names comma-separated and ends with
 * `...and N more` (N = the names left out) when there are more;
 * `total_features` is the count.
 * @example
 * ```ts
 * featureParams(["a", "b", "c", "d"], { max: 2 });
 * // { features_sample: "a,b...and 2 more", total_features: 4 }
 * featureParams(["a", "b"]); // { features_sample: "a,b", total_features: 2 }
 * ```
 */
export function featureParams(
  featureNames: readonly string[],
  options: FeatureParamsOptions = {},
): { features_sample: string; total_features: number } {
  if (!Array.isArray(featureNames)) throw new ValueError("featureParams: featureNames must be an array of strings");
  featureNames.forEach((n, i) => {
    if (typeof n !== "string") throw new ValueError(`featureParams: featureNames[${i}] must be a string, got ${typeof n}`);
  });
  const max = options.max ?? 20;
  if (!Number.isSafeInteger(max) || max < 0) throw new ValueError(`featureParams: max must be a non-negative integer, got ${max}`);
  const n = featureNames.length;
  const shown = featureNames.slice(0, max).join(",");
  return { features_sample: n > max ? `${shown}...and ${n - max} more` : shown, total_features: n };
}
