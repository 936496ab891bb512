/**
 * A small MLflow tracking client over the REST API (`/api/2.0/mlflow/...`),
 * built on the global `fetch`: works in Node ≥ 18, browsers (the server must
 * allow the origin: `mlflow server --cors-allowed-origins`) and edge runtimes.
 * No Node-only imports.
 * @module
 */
import { ValueError } from "../input/validate.js";
import {
  type LogBatchData,
  type LogBatchOptions,
  type LogBatchPlan,
  type MetricHistoryRow,
  decodeMetricValue,
  planLogBatch,
  planMetricHistory,
  prepareKeyValues,
} from "./batch.js";
import { checkArtifactPath, mimeType, proxiedArtifactRoot, pyJsonDumps } from "./artifact-paths.js";
import { MlflowApiError, MlflowConnectionError, MlflowPartialLogError } from "./errors.js";

/** Backoff for retried requests (HTTP 429, 500, 502, 503, 504 and network errors). */
export interface RetryOptions {
  /** Retries after the first attempt; default 4 (0 disables retrying). */
  maxRetries?: number;
  /** Delay before the first retry, ms; default 200. */
  initialDelayMs?: number;
  /** Upper bound of one delay, ms (also caps `Retry-After`); default 3000. */
  maxDelayMs?: number;
  /** Growth factor per retry; default 2. */
  factor?: number;
  /** Randomise each delay within [50 %, 100 %] so racing clients spread out; default true. */
  jitter?: boolean;
}

/** Connection options of {@link MlflowClient}; each falls back to MLflow's environment variable. */
export interface MlflowClientOptions {
  /** `http(s)://host:port[/prefix]`; default `MLFLOW_TRACKING_URI`. `user:pass@` in the URI is used as basic auth. */
  trackingUri?: string;
  /** Bearer token; default `MLFLOW_TRACKING_TOKEN`. */
  token?: string;
  /** Basic-auth user; default `MLFLOW_TRACKING_USERNAME`. */
  username?: string;
  /** Basic-auth password; default `MLFLOW_TRACKING_PASSWORD`. */
  password?: string;
  /** Retry policy for 429 / 5xx / network errors. */
  retry?: RetryOptions;
  /** Per-attempt timeout, ms; default 120000 (MLflow's `MLFLOW_HTTP_REQUEST_TIMEOUT`). */
  timeoutMs?: number;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** A `fetch` implementation; default `globalThis.fetch`. */
  fetch?: typeof fetch;
}

/** Run states accepted by `runs/update`. */
export type RunStatus = "RUNNING" | "SCHEDULED" | "FINISHED" | "FAILED" | "KILLED";

/** A run's info as returned by {@link MlflowClient.createRun}. */
export interface RunInfo {
  runId: string;
  experimentId: string;
  runName: string;
  status: RunStatus;
  startTime: number;
  endTime?: number;
  artifactUri: string;
  lifecycleStage: string;
  userId: string;
}

/** A run flattened for programmatic comparison ({@link MlflowClient.searchRuns}). */
export interface RunRow {
  runId: string;
  runName: string;
  experimentId: string;
  status: RunStatus;
  startTime: number;
  endTime?: number;
  /** Param name → value (always strings in MLflow). */
  params: Record<string, string>;
  /** Metric name → latest value (NaN kept as NaN). */
  metrics: Record<string, number>;
  tags: Record<string, string>;
}

/** An experiment as returned by `experiments/get-by-name`. */
export interface Experiment {
  experimentId: string;
  name: string;
  artifactLocation: string;
  lifecycleStage: string;
  tags: Record<string, string>;
}

/** One point of a metric's history. */
export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

/** What a logging call sent. */
export interface LogBatchResult {
  /** `runs/log-batch` requests sent (0 when there was nothing to log). */
  requests: number;
  /** Metrics + params + tags logged. */
  entities: number;
  /** Keys of params / tags whose values were truncated with the marker. */
  truncated: string[];
}

/** Options of {@link MlflowClient.searchRuns}. */
export interface SearchRunsOptions {
  /** MLflow search syntax, e.g. `"params.algorithm = 'ridge' and metrics.test_r2 > 0.8"`. */
  filter?: string;
  /** e.g. `["metrics.test_r2 DESC"]` or `"attributes.start_time DESC"`. */
  orderBy?: string | readonly string[];
  /** Rows to return at most (pages are followed); default 1000. */
  maxResults?: number;
  /** Default `"ACTIVE_ONLY"`. */
  runViewType?: "ACTIVE_ONLY" | "DELETED_ONLY" | "ALL";
}

/** Options of {@link MlflowClient.createRun}. */
export interface CreateRunOptions {
  experimentId: string;
  runName?: string;
  /** Tag name → value (validated and truncated like `logBatch` tags). */
  tags?: Readonly<Record<string, string | number | boolean>>;
  /** Milliseconds since the epoch; default `Date.now()`. */
  startTime?: number;
}

/**
 * What {@link MlflowClient.logArtifact} uploads: text (sent as UTF-8), bytes,
 * a `Blob` (in Node `await fs.openAsBlob(path)` streams a file from disk
 * without reading it into memory; retried uploads re-read it), or a function
 * returning a fresh `ReadableStream` per attempt (streamed; retried by calling
 * it again).
 */
export type ArtifactContent = string | Uint8Array | ArrayBuffer | Blob | (() => ReadableStream<Uint8Array>);

/** One entry of {@link MlflowClient.listArtifacts}. */
export interface ArtifactInfo {
  /** Run-relative path (`dir/file.svg`). */
  path: string;
  isDir: boolean;
  /** Bytes (files only). */
  fileSize?: number;
}

/** A figure for {@link MlflowClient.logFigure}: SVG text, PNG bytes, or an object carrying them as `data`. */
export type FigureContent = string | Uint8Array | { data: string | Uint8Array };

const API = "/api/2.0/mlflow";
const ARTIFACTS_API = "/api/2.0/mlflow-artifacts/artifacts";
const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
const RUN_STATUSES: readonly RunStatus[] = ["RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"];

function env(name: string): string | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  const v = p?.env?.[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function base64Utf8(s: string): string {
  let bin = "";
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function nonNegative(x: unknown, name: string, dflt: number): number {
  if (x === undefined) return dflt;
  if (typeof x !== "number" || !(x >= 0) || !Number.isFinite(x)) throw new ValueError(`${name} must be a non-negative number, got ${String(x)}`);
  return x;
}

function toRecord(list: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(list)) for (const e of list as { key: string; value: string }[]) out[e.key] = e.value;
  return out;
}

function runInfo(info: Record<string, unknown>): RunInfo {
  const r: RunInfo = {
    runId: String(info.run_id ?? info.run_uuid),
    experimentId: String(info.experiment_id),
    runName: String(info.run_name ?? ""),
    status: info.status as RunStatus,
    startTime: Number(info.start_time),
    artifactUri: String(info.artifact_uri ?? ""),
    lifecycleStage: String(info.lifecycle_stage ?? ""),
    userId: String(info.user_id ?? ""),
  };
  if (info.end_time !== undefined && info.end_time !== null) r.endTime = Number(info.end_time);
  return r;
}

/**
 * MLflow tracking client over REST: experiments, runs, batched logging with
 * MLflow's limits, search. Connection settings come from the options or, as in
 * MLflow's own clients, from `MLFLOW_TRACKING_URI`, `MLFLOW_TRACKING_TOKEN`
 * (bearer) or `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD` (basic);
 * the environment is read only where `globalThis.process` exists.
 *
 * Requests answered with 429, 500, 502, 503 or 504, and network failures, are
 * retried with exponential backoff (bounded by {@link RetryOptions}); errors
 * are {@link MlflowApiError} (with MLflow's `error_code`) or
 * {@link MlflowConnectionError}. Logging calls validate everything before the
 * first request; a multi-request call that fails part-way throws
 * {@link MlflowPartialLogError}, never resolves.
 * @example
 * ```ts
 * import { MlflowClient, regressionMetrics, experimentName, runName, runTags } from "mlmetrics";
 * const client = new MlflowClient({ trackingUri: "http://127.0.0.1:5000" });
 * const experimentId = await client.getOrCreateExperiment(experimentName("finops", "dbu_forecast"));
 * const { runId } = await client.createRun({
 *   experimentId,
 *   runName: runName("dbu_forecast", "ridge", { version: 3 }),
 *   tags: runTags({ project: "finops", domain: "cost", modelName: "dbu_forecast",
 *                   modelType: "regression", algorithm: "ridge", useCase: "daily DBU forecast" }),
 * });
 * await client.logBatch(runId, { metrics: regressionMetrics({ yTrue, yPred }), params: { alpha: 0.5 } });
 * await client.setTerminated(runId, "FINISHED");
 * const best = await client.searchRuns([experimentId], { orderBy: ["metrics.test_r2 DESC"], maxResults: 5 });
 * ```
 */
export class MlflowClient {
  /** Base URI without trailing slash and without credentials. */
  readonly trackingUri: string;
  readonly #headers: Record<string, string>;
  readonly #retry: Required<RetryOptions>;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #artifactRoots = new Map<string, Promise<{ base: string; root: string }>>();

  constructor(options: MlflowClientOptions = {}) {
    if (options === null || typeof options !== "object") throw new ValueError("MlflowClient options must be an object");
    const raw = options.trackingUri ?? env("MLFLOW_TRACKING_URI");
    if (raw === undefined || raw === "") {
      throw new ValueError(
        "No MLflow tracking URI: pass { trackingUri: 'http://host:5000' } or set MLFLOW_TRACKING_URI",
      );
    }
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new ValueError(`Invalid MLflow tracking URI '${raw}': expected http(s)://host:port`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new ValueError(
        `Unsupported MLflow tracking URI '${raw}': this client speaks MLflow's REST API and needs an http:// or https:// URI ` +
          `(e.g. http://127.0.0.1:5000); file stores, 'databricks' and database URIs need a tracking server in front`,
      );
    }
    let username = options.username ?? env("MLFLOW_TRACKING_USERNAME");
    let password = options.password ?? env("MLFLOW_TRACKING_PASSWORD");
    if (url.username !== "" && username === undefined) {
      username = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
    }
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    this.trackingUri = url.toString().replace(/\/+$/, "");

    const token = options.token ?? env("MLFLOW_TRACKING_TOKEN");
    this.#headers = { Accept: "application/json", ...(options.headers ?? {}) };
    if (token !== undefined) this.#headers.Authorization = `Bearer ${token}`;
    else if (username !== undefined) this.#headers.Authorization = `Basic ${base64Utf8(`${username}:${password ?? ""}`)}`;

    const r = options.retry ?? {};
    this.#retry = {
      maxRetries: Math.floor(nonNegative(r.maxRetries, "retry.maxRetries", 4)),
      initialDelayMs: nonNegative(r.initialDelayMs, "retry.initialDelayMs", 200),
      maxDelayMs: nonNegative(r.maxDelayMs, "retry.maxDelayMs", 3000),
      factor: nonNegative(r.factor, "retry.factor", 2),
      jitter: r.jitter ?? true,
    };
    this.#timeoutMs = nonNegative(options.timeoutMs, "timeoutMs", 120_000);
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof f !== "function") throw new ValueError("No fetch available: use Node >= 18 or pass { fetch }");
    this.#fetch = f;
  }

  #delay(attempt: number, retryAfter: string | null): number {
    const r = this.#retry;
    let d = Math.min(r.maxDelayMs, r.initialDelayMs * r.factor ** (attempt - 1));
    if (r.jitter) d *= 0.5 + Math.random() / 2;
    if (retryAfter !== null) {
      const s = Number(retryAfter);
      if (Number.isFinite(s) && s >= 0) d = Math.max(d, Math.min(r.maxDelayMs, s * 1000));
    }
    return d;
  }

  /**
   * One REST call with retries; returns the parsed JSON body. `path` is below
   * `/api/2.0/mlflow`. Exposed for endpoints this client does not wrap.
   * @example
   * ```ts
   * const { experiments } = await client.request("POST", "/experiments/search", { max_results: 10 });
   * ```
   */
  async request<T = Record<string, unknown>>(
    method: "GET" | "POST",
    path: string,
    body?: unknown,
  ): Promise<T> {
    let url = `${this.trackingUri}${API}${path}`;
    const endpoint = `${method} ${API}${path.split("?")[0]}`;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    if (method === "GET" && body !== undefined) {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (v !== undefined) q.append(k, String(v));
      url += `?${q.toString()}`;
    } else if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    return this.#call(method, url, endpoint, headers, payload === undefined ? undefined : () => payload, (res) => this.#json<T>(res, endpoint));
  }

  async #json<T>(res: Response, endpoint: string): Promise<T> {
    const text = await res.text();
    if (text.trim() === "") return {} as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new MlflowApiError({
        errorCode: "INVALID_RESPONSE",
        serverMessage: `the response is not JSON (is ${this.trackingUri} an MLflow tracking server?): ${text.slice(0, 200)}`,
        status: res.status,
        endpoint,
        attempts: 1,
      });
    }
  }

  /**
   * One HTTP exchange with retries (429, 500, 502, 503, 504, network errors)
   * and the per-attempt timeout. `body` makes a fresh body per attempt (a
   * stream cannot be sent twice); `read` consumes a successful response inside
   * the attempt (a failure while reading the body is retried like a network
   * error). Error responses become {@link MlflowApiError}.
   */
  async #call<T>(
    method: string,
    url: string,
    endpoint: string,
    extraHeaders: Record<string, string>,
    body: (() => BodyInit) | undefined,
    read: (res: Response) => Promise<T>,
  ): Promise<T> {
    const headers: Record<string, string> = { ...this.#headers, ...extraHeaders };
    const max = this.#retry.maxRetries + 1;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      const ac = new AbortController();
      const timer = this.#timeoutMs > 0 ? setTimeout(() => ac.abort(new Error(`timed out after ${this.#timeoutMs} ms`)), this.#timeoutMs) : undefined;
      let text = "";
      let value: T | undefined;
      try {
        const b = body?.();
        const init: RequestInit & { duplex?: "half" } = { method, headers, body: b, signal: ac.signal };
        if (b !== undefined && typeof (b as ReadableStream).getReader === "function") init.duplex = "half";
        res = await this.#fetch(url, init);
        if (res.ok) value = await read(res);
        else text = await res.text();
      } catch (err) {
        clearTimeout(timer);
        if (err instanceof MlflowApiError) {
          throw new MlflowApiError({ errorCode: err.errorCode, serverMessage: err.serverMessage, status: err.status, endpoint, attempts: attempt });
        }
        if (attempt < max) {
          await sleep(this.#delay(attempt, null));
          continue;
        }
        throw new MlflowConnectionError({ trackingUri: this.trackingUri, endpoint, attempts: attempt, cause: err });
      }
      clearTimeout(timer);
      if (res.ok) return value as T;
      // `mlflow server --no-serve-artifacts` answers the artifact endpoints with 503: not transient.
      // (Flask handlers: "... running with `--no-serve-artifacts` ..."; MLflow 3's FastAPI layer:
      // {"detail":"Artifact serving is disabled. Run `mlflow server` with `--serve-artifacts` to enable."})
      const noProxy = res.status === 503 && (text.includes("--no-serve-artifacts") || text.includes("Artifact serving is disabled"));
      if (noProxy) {
        throw new MlflowApiError({
          errorCode: "ARTIFACT_PROXY_DISABLED",
          serverMessage:
            `the tracking server at ${this.trackingUri} does not proxy artifacts (it runs with --no-serve-artifacts); ` +
            "start it with `mlflow server --serve-artifacts` (the default) to log artifacts through it. Server: " + text.slice(0, 300),
          status: res.status,
          endpoint,
          attempts: attempt,
        });
      }
      if (RETRY_STATUS.has(res.status) && attempt < max) {
        await sleep(this.#delay(attempt, res.headers.get("retry-after")));
        continue;
      }
      let errorCode: string | undefined;
      let message: string | undefined;
      try {
        const j = JSON.parse(text) as { error_code?: unknown; message?: unknown };
        if (typeof j.error_code === "string") errorCode = j.error_code;
        if (typeof j.message === "string") message = j.message;
      } catch {
        /* not MLflow's JSON error body */
      }
      if (errorCode === undefined) {
        errorCode =
          res.status === 404 ? "ENDPOINT_NOT_FOUND"
          : res.status === 401 ? "UNAUTHENTICATED"
          : res.status === 403 ? "PERMISSION_DENIED"
          : res.status === 429 ? "REQUEST_LIMIT_EXCEEDED"
          : res.status >= 500 ? "INTERNAL_ERROR"
          : "BAD_REQUEST";
      }
      if (message === undefined) {
        const snippet = text.replace(/\s+/g, " ").trim().slice(0, 200);
        message = `${res.statusText || "error"}${snippet ? `: ${snippet}` : ""}` +
          (res.status === 404 ? ` (is ${this.trackingUri} an MLflow tracking server?)` : "");
      }
      throw new MlflowApiError({ errorCode, serverMessage: message, status: res.status, endpoint, attempts: attempt });
    }
  }

  /**
   * The experiment with this name (active or deleted), or `null` when there is none.
   * @example
   * ```ts
   * const exp = await client.getExperimentByName("/Shared/finops_ml_dbu_forecast");
   * exp?.experimentId; // "1"
   * ```
   */
  async getExperimentByName(name: string): Promise<Experiment | null> {
    if (typeof name !== "string" || name === "") throw new ValueError("experiment name must be a non-empty string");
    try {
      const r = await this.request<{ experiment: Record<string, unknown> }>("GET", "/experiments/get-by-name", {
        experiment_name: name,
      });
      const e = r.experiment;
      return {
        experimentId: String(e.experiment_id),
        name: String(e.name),
        artifactLocation: String(e.artifact_location ?? ""),
        lifecycleStage: String(e.lifecycle_stage ?? ""),
        tags: toRecord(e.tags),
      };
    } catch (err) {
      if (err instanceof MlflowApiError && err.errorCode === "RESOURCE_DOES_NOT_EXIST") return null;
      throw err;
    }
  }

  /**
   * Creates an experiment and returns its id. Throws {@link MlflowApiError}
   * `RESOURCE_ALREADY_EXISTS` when the name is taken (use
   * {@link MlflowClient.getOrCreateExperiment} to reuse it).
   * @example
   * ```ts
   * const id = await client.createExperiment("/Shared/finops_ml_dbu_forecast"); // "1"
   * ```
   */
  async createExperiment(name: string, options: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    if (typeof name !== "string" || name === "") throw new ValueError("experiment name must be a non-empty string");
    if (name.length > 500) throw new ValueError(`experiment name is ${name.length} characters; MLflow allows at most 500`);
    const tags = prepareKeyValues(options.tags, "tag");
    const r = await this.request<{ experiment_id: string }>("POST", "/experiments/create", {
      name,
      artifact_location: options.artifactLocation,
      tags: tags.length ? tags : undefined,
    });
    return String(r.experiment_id);
  }

  /**
   * The id of the experiment with this name, creating it if needed. Safe when
   * several pipelines race for one name: a `RESOURCE_ALREADY_EXISTS` from the
   * create is answered by reading the winner's id, so all callers get the same
   * experiment. A deleted experiment with the name is an error (restore it or
   * choose another name), as in MLflow.
   * @example
   * ```ts
   * const [a, b] = await Promise.all([
   *   client.getOrCreateExperiment("/Shared/finops_ml_dbu_forecast"),
   *   client.getOrCreateExperiment("/Shared/finops_ml_dbu_forecast"),
   * ]);
   * a === b; // true
   * ```
   */
  async getOrCreateExperiment(name: string): Promise<string> {
    const active = (e: Experiment) => {
      if (e.lifecycleStage === "deleted") {
        throw new ValueError(
          `Experiment '${name}' exists but is deleted (id ${e.experimentId}); restore it (mlflow experiments restore) or use another name`,
        );
      }
      return e.experimentId;
    };
    const found = await this.getExperimentByName(name);
    if (found) return active(found);
    try {
      return await this.createExperiment(name);
    } catch (err) {
      if (!(err instanceof MlflowApiError && err.errorCode === "RESOURCE_ALREADY_EXISTS")) throw err;
      const winner = await this.getExperimentByName(name);
      if (!winner) throw err;
      return active(winner);
    }
  }

  /**
   * Starts a run (status `RUNNING`). Tags are validated (and long values
   * truncated with the marker) before the request; `runName` is also stored
   * by the server as the `mlflow.runName` tag.
   * @example
   * ```ts
   * const run = await client.createRun({ experimentId, runName: "dbu_forecast_ridge_v3_20250101_120000", tags: { team: "finops" } });
   * run.runId;  // "3e363374dedd473185bf8368a9d63c40"
   * run.status; // "RUNNING"
   * ```
   */
  async createRun(options: CreateRunOptions): Promise<RunInfo> {
    if (options === null || typeof options !== "object") throw new ValueError("createRun: options must be { experimentId, runName?, tags? }");
    const experimentId = options.experimentId as unknown;
    if ((typeof experimentId !== "string" && typeof experimentId !== "number") || experimentId === "") {
      throw new ValueError(`createRun: experimentId must be a non-empty string, got ${JSON.stringify(experimentId)}`);
    }
    if (options.runName !== undefined && typeof options.runName !== "string") throw new ValueError("createRun: runName must be a string");
    const tags = prepareKeyValues(options.tags, "tag");
    const startTime = options.startTime ?? Date.now();
    if (!Number.isSafeInteger(startTime) || startTime < 0) throw new ValueError(`createRun: startTime must be milliseconds since the epoch, got ${startTime}`);
    const r = await this.request<{ run: { info: Record<string, unknown> } }>("POST", "/runs/create", {
      experiment_id: String(experimentId),
      run_name: options.runName,
      start_time: startTime,
      tags,
    });
    return runInfo(r.run.info);
  }

  async #send(runId: string, plan: LogBatchPlan): Promise<LogBatchResult> {
    let done = 0;
    let entities = 0;
    for (const req of plan.requests) {
      try {
        await this.request("POST", "/runs/log-batch", req);
      } catch (err) {
        if (done === 0) throw err;
        throw new MlflowPartialLogError({
          runId,
          requestsSucceeded: done,
          requestsTotal: plan.requests.length,
          entitiesLogged: entities,
          entitiesTotal: plan.entities,
          cause: err as Error,
        });
      }
      done++;
      entities += req.metrics.length + req.params.length + req.tags.length;
    }
    return { requests: done, entities, truncated: plan.truncated };
  }

  /**
   * Logs metrics, params and tags to a run, split into as many
   * `runs/log-batch` requests as MLflow's limits need (1000 metrics, 100
   * params, 100 tags, 1000 entities, 1 MB each). Every key is validated, NaN
   * and ±Infinity are encoded as `"NaN"` / `"Infinity"` / `"-Infinity"`, and
   * param values past 6000 characters are truncated with a visible marker, all
   * before the first request: invalid input throws `ValueError` and sends
   * nothing. Resolves only when every request was accepted; a failure after
   * some requests throws {@link MlflowPartialLogError}. Note MLflow refuses to
   * change a param already logged on the run (`INVALID_PARAMETER_VALUE`).
   *
   * The server stores NaN as NaN and ±Infinity as ±1.7976931348623157e308.
   * @example
   * ```ts
   * await client.logBatch(runId, {
   *   metrics: { ...regressionMetrics({ yTrue, yPred }), val_r2: NaN },
   *   params: { alpha: 0.5, features: "a,b,c" },
   *   tags: { stage: "candidate" },
   * }, { step: 0 });
   * // → { requests: 1, entities: 9, truncated: [] }
   * ```
   */
  async logBatch(runId: string, data: LogBatchData, options: LogBatchOptions = {}): Promise<LogBatchResult> {
    return this.#send(runId, planLogBatch(runId, data, options));
  }

  /**
   * Logs per-step series (e.g. `train_loss` / `val_loss` by epoch): each row's
   * metrics at its `step` and `timestamp`. Batched and validated like
   * {@link MlflowClient.logBatch}.
   * @example
   * ```ts
   * await client.logMetricHistory(runId, losses.map((l, epoch) => ({
   *   step: epoch, metrics: { train_loss: l.train, val_loss: l.val },
   * })));
   * ```
   */
  async logMetricHistory(runId: string, rows: readonly MetricHistoryRow[]): Promise<LogBatchResult> {
    return this.#send(runId, planMetricHistory(runId, rows));
  }

  /**
   * Ends a run: sets its status (default `"FINISHED"`) and end time.
   * @example
   * ```ts
   * await client.setTerminated(runId, "FAILED");
   * ```
   */
  async setTerminated(runId: string, status: RunStatus = "FINISHED", endTime: number = Date.now()): Promise<RunInfo> {
    if (typeof runId !== "string" || runId === "") throw new ValueError("setTerminated: runId must be a non-empty string");
    if (!RUN_STATUSES.includes(status)) throw new ValueError(`setTerminated: status must be one of ${RUN_STATUSES.join(", ")}, got '${status}'`);
    if (!Number.isSafeInteger(endTime) || endTime < 0) throw new ValueError(`setTerminated: endTime must be milliseconds since the epoch, got ${endTime}`);
    const r = await this.request<{ run_info: Record<string, unknown> }>("POST", "/runs/update", {
      run_id: runId,
      status,
      end_time: endTime,
    });
    return runInfo(r.run_info);
  }

  /**
   * One run as a plain row (latest metric values, params, tags).
   * @example
   * ```ts
   * (await client.getRun(runId)).metrics.test_r2; // 0.9486081370449679
   * ```
   */
  async getRun(runId: string): Promise<RunRow> {
    const r = await this.request<{ run: Record<string, unknown> }>("GET", "/runs/get", { run_id: runId });
    return toRow(r.run);
  }

  /**
   * Every logged value of one metric, in the server's order (by step, then timestamp).
   * @example
   * ```ts
   * (await client.getMetricHistory(runId, "val_loss")).map((p) => p.value);
   * ```
   */
  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    const out: MetricPoint[] = [];
    let token: string | undefined;
    do {
      const r = await this.request<{ metrics?: Record<string, unknown>[]; next_page_token?: string }>(
        "GET",
        "/metrics/get-history",
        { run_id: runId, metric_key: key, max_results: 25000, page_token: token },
      );
      for (const m of r.metrics ?? []) {
        out.push({ key: String(m.key), value: decodeMetricValue(m.value), step: Number(m.step ?? 0), timestamp: Number(m.timestamp) });
      }
      token = r.next_page_token || undefined;
    } while (token);
    return out;
  }

  /**
   * Runs of the given experiments as plain rows (run id, name, status, start
   * time, params, latest metrics, tags), following pages up to `maxResults`.
   * @example
   * ```ts
   * const rows = await client.searchRuns([experimentId], {
   *   filter: "tags.model_type = 'regression'",
   *   orderBy: ["metrics.test_r2 DESC"],
   * });
   * rows[0].metrics.test_r2; // the best R²
   * ```
   */
  async searchRuns(experimentIds: string | readonly string[], options: SearchRunsOptions = {}): Promise<RunRow[]> {
    const ids = (typeof experimentIds === "string" ? [experimentIds] : [...experimentIds]).map(String);
    if (ids.length === 0) throw new ValueError("searchRuns: give at least one experiment id");
    const maxResults = options.maxResults ?? 1000;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1) throw new ValueError(`searchRuns: maxResults must be a positive integer, got ${maxResults}`);
    const orderBy = options.orderBy === undefined ? undefined : typeof options.orderBy === "string" ? [options.orderBy] : [...options.orderBy];
    const rows: RunRow[] = [];
    let token: string | undefined;
    do {
      const r = await this.request<{ runs?: Record<string, unknown>[]; next_page_token?: string }>("POST", "/runs/search", {
        experiment_ids: ids,
        filter: options.filter,
        order_by: orderBy,
        run_view_type: options.runViewType ?? "ACTIVE_ONLY",
        max_results: Math.min(1000, maxResults - rows.length),
        page_token: token,
      });
      for (const run of r.runs ?? []) rows.push(toRow(run));
      token = r.next_page_token || undefined;
    } while (token && rows.length < maxResults);
    return rows;
  }

  // ---------------------------------------------------------------------------
  // Artifacts, through the tracking server's artifact proxy
  // (`mlflow server --serve-artifacts`, the default since MLflow 2.0).

  /**
   * Where a run's artifacts live on the proxy: `base` (scheme://host[/prefix])
   * and `root` (`<experiment>/<run>/artifacts`), from the run's `artifact_uri`
   * (resolved as MLflow's `MlflowArtifactsRepository.resolve_uri`). Cached per run.
   */
  async #artifactRoot(runId: string): Promise<{ base: string; root: string }> {
    if (typeof runId !== "string" || runId === "") throw new ValueError("runId must be a non-empty string");
    let p = this.#artifactRoots.get(runId);
    if (!p) {
      p = (async () => {
        const r = await this.request<{ run: { info: Record<string, unknown> } }>("GET", "/runs/get", { run_id: runId });
        const uri = String(r.run.info.artifact_uri ?? "");
        const proxied = proxiedArtifactRoot(uri);
        if (!proxied) {
          throw new MlflowApiError({
            errorCode: "ARTIFACT_PROXY_DISABLED",
            serverMessage:
              `run ${runId} stores its artifacts at '${uri}', which the tracking server does not proxy; ` +
              "this client logs artifacts only through the server's artifact proxy: start `mlflow server` with `--serve-artifacts` " +
              "(the default; not `--no-serve-artifacts`) and an `--artifacts-destination`, and use an experiment whose artifact location is `mlflow-artifacts:/...`",
            status: 0,
            endpoint: `GET ${API}/runs/get`,
            attempts: 1,
          });
        }
        const t = new URL(this.trackingUri);
        const base = proxied.host ? `${t.protocol}//${proxied.host}${t.pathname.replace(/\/+$/, "")}` : this.trackingUri;
        return { base, root: proxied.path };
      })();
      this.#artifactRoots.set(runId, p);
      p.catch(() => this.#artifactRoots.delete(runId));
    }
    return p;
  }

  #artifactUrl(base: string, root: string, path: string): string {
    const segs = [...root.split("/"), ...path.split("/")].filter((x) => x !== "");
    return `${base}${ARTIFACTS_API}/${segs.map(encodeURIComponent).join("/")}`;
  }

  /**
   * Uploads one artifact to a run at the run-relative `path` (`PUT
   * /api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<path>`,
   * as MLflow's Python client does), replacing a file of the same name. The
   * path is checked before any request ({@link checkArtifactPath}: no `..`, not
   * absolute, normalised, no `#`); errors are retried like every call.
   * Content: text (UTF-8), bytes, a `Blob` (streamed by `fetch`) or a function
   * returning a fresh `ReadableStream` per attempt. A server started with
   * `--no-serve-artifacts` gives {@link MlflowApiError} `ARTIFACT_PROXY_DISABLED`.
   * @example
   * ```ts
   * await client.logArtifact(runId, "eval/notes.txt", "trained on 2025-01 data");
   * await client.logArtifact(runId, "data/train.parquet", await fs.openAsBlob("train.parquet")); // streamed from disk
   * ```
   */
  async logArtifact(runId: string, path: string, content: ArtifactContent): Promise<void> {
    checkArtifactPath(path);
    let body: () => BodyInit;
    if (typeof content === "string") {
      const bytes = new TextEncoder().encode(content);
      body = () => bytes;
    } else if (content instanceof Uint8Array || content instanceof ArrayBuffer) body = () => content as BodyInit;
    else if (typeof Blob !== "undefined" && content instanceof Blob) body = () => content;
    else if (typeof content === "function") body = content as () => BodyInit;
    else throw new ValueError("logArtifact: content must be a string, a Uint8Array, an ArrayBuffer, a Blob or a function returning a ReadableStream");
    const { base, root } = await this.#artifactRoot(runId);
    const url = this.#artifactUrl(base, root, path);
    await this.#call("PUT", url, `PUT ${ARTIFACTS_API}/${root}/${path}`, { "Content-Type": mimeType(path) }, body, async (res) => {
      await res.arrayBuffer();
    });
  }

  /**
   * Logs text as a UTF-8 file, as `mlflow.log_text(text, artifact_file)`.
   * @example
   * ```ts
   * await client.logText(runId, "precision,recall\n0.9,0.8\n", "eval/summary.csv");
   * ```
   */
  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    if (typeof text !== "string") throw new ValueError("logText: text must be a string");
    await this.logArtifact(runId, checkArtifactPath(artifactFile, "artifact file"), text);
  }

  /**
   * Logs a JSON-serialisable object as `mlflow.log_dict(dictionary,
   * artifact_file)` writes it for `.json` (and any other extension but YAML):
   * `json.dump(dictionary, indent=2)` byte for byte ({@link pyJsonDumps}).
   * YAML (`.yaml`/`.yml`) is refused: write the YAML text with
   * {@link MlflowClient.logText}.
   * @example
   * ```ts
   * await client.logDict(runId, { model: "ridge", alpha: 0.5, features: ["a", "b"] }, "config.json");
   * ```
   */
  async logDict(runId: string, dictionary: Record<string, unknown>, artifactFile: string): Promise<void> {
    checkArtifactPath(artifactFile, "artifact file");
    if (dictionary === null || typeof dictionary !== "object" || Array.isArray(dictionary)) {
      throw new ValueError("logDict: dictionary must be a plain object");
    }
    if (/\.ya?ml$/i.test(artifactFile)) {
      throw new ValueError("logDict: YAML output is not supported; log JSON (.json) or write the YAML with logText");
    }
    await this.logArtifact(runId, artifactFile, pyJsonDumps(dictionary));
  }

  /**
   * Logs a figure, as `mlflow.log_figure(figure, artifact_file)`: SVG text to a
   * `.svg` file, PNG bytes to a `.png` file (the extension must match the
   * content; the MLflow UI shows both). Figures of `mlmetrics/artifacts`
   * (`{ data, ... }`) are accepted as they are.
   * @example
   * ```ts
   * import { confusionMatrixFigure } from "mlmetrics/artifacts";
   * await client.logFigure(runId, await confusionMatrixFigure(cm, { labels: ["no", "yes"] }), "confusion_matrix.svg");
   * ```
   */
  async logFigure(runId: string, figure: FigureContent, artifactFile: string): Promise<void> {
    checkArtifactPath(artifactFile, "artifact file");
    const data = typeof figure === "object" && figure !== null && !(figure instanceof Uint8Array) ? figure.data : figure;
    const ext = artifactFile.slice(artifactFile.lastIndexOf(".") + 1).toLowerCase();
    if (typeof data === "string") {
      if (ext !== "svg") throw new ValueError(`logFigure: SVG content needs a .svg artifact file, got '${artifactFile}'`);
    } else if (data instanceof Uint8Array) {
      const png = data.length >= 8 && data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
      if (!png) throw new ValueError("logFigure: bytes must be a PNG image");
      if (ext !== "png") throw new ValueError(`logFigure: PNG content needs a .png artifact file, got '${artifactFile}'`);
    } else {
      throw new ValueError("logFigure: figure must be SVG text, PNG bytes or { data }");
    }
    await this.logArtifact(runId, artifactFile, data);
  }

  /**
   * The files and directories directly under `path` (default: the run's
   * artifact root), sorted by path, as `MlflowClient.list_artifacts`.
   * @example
   * ```ts
   * await client.listArtifacts(runId);
   * // [{ path: "confusion_matrix.svg", isDir: false, fileSize: 10342 }, { path: "eval", isDir: true }]
   * ```
   */
  async listArtifacts(runId: string, path?: string): Promise<ArtifactInfo[]> {
    if (path !== undefined && path !== "") checkArtifactPath(path);
    const { base, root } = await this.#artifactRoot(runId);
    const full = [root, path].filter((x) => x).join("/");
    const url = `${base}${ARTIFACTS_API}?${new URLSearchParams({ path: full }).toString()}`;
    const r = await this.#call("GET", url, `GET ${ARTIFACTS_API}`, {}, undefined, (res) =>
      this.#json<{ files?: { path: string; is_dir?: boolean; file_size?: string | number }[] }>(res, `GET ${ARTIFACTS_API}`),
    );
    const out: ArtifactInfo[] = (r.files ?? []).map((f) => {
      const e: ArtifactInfo = { path: path ? `${path}/${f.path}` : f.path, isDir: !!f.is_dir };
      if (f.file_size !== undefined && f.file_size !== null) e.fileSize = Number(f.file_size);
      return e;
    });
    // MLflow: listing a file gives no entries
    if (out.length === 1 && !out[0].isDir && path && out[0].path === `${path}/${path.split("/").pop()}`) return [];
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /**
   * The bytes of one artifact file of a run (`GET` through the proxy, retried).
   * @example
   * ```ts
   * const csv = new TextDecoder().decode(await client.downloadArtifact(runId, "per_class_metrics.csv"));
   * ```
   */
  async downloadArtifact(runId: string, path: string): Promise<Uint8Array> {
    checkArtifactPath(path);
    const { base, root } = await this.#artifactRoot(runId);
    return this.#call("GET", this.#artifactUrl(base, root, path), `GET ${ARTIFACTS_API}/${root}/${path}`, {}, undefined, async (res) =>
      new Uint8Array(await res.arrayBuffer()),
    );
  }
}

function toRow(run: Record<string, unknown>): RunRow {
  const info = runInfo(run.info as Record<string, unknown>);
  const data = (run.data ?? {}) as { metrics?: { key: string; value: unknown }[]; params?: unknown; tags?: unknown };
  const metrics: Record<string, number> = {};
  for (const m of data.metrics ?? []) metrics[m.key] = decodeMetricValue(m.value);
  const row: RunRow = {
    runId: info.runId,
    runName: info.runName,
    experimentId: info.experimentId,
    status: info.status,
    startTime: info.startTime,
    params: toRecord(data.params),
    metrics,
    tags: toRecord(data.tags),
  };
  if (info.endTime !== undefined) row.endTime = info.endTime;
  return row;
}
