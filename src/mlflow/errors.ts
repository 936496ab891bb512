/**
 * Typed errors of the MLflow REST client. Every failure of a request is one of
 * {@link MlflowApiError} (the server answered with an error),
 * {@link MlflowConnectionError} (no answer: wrong URI, refused, timeout) or
 * {@link MlflowPartialLogError} (a split `logBatch` stopped part-way).
 * Input that MLflow would reject is caught before any request and raised as
 * the package's `ValueError`.
 * @module
 */

/**
 * The `error_code` values MLflow's REST API returns (from
 * `mlflow/protos/databricks.proto`); any other string may also appear.
 */
export type MlflowErrorCode =
  | "INTERNAL_ERROR"
  | "TEMPORARILY_UNAVAILABLE"
  | "BAD_REQUEST"
  | "INVALID_PARAMETER_VALUE"
  | "INVALID_STATE"
  | "RESOURCE_ALREADY_EXISTS"
  | "RESOURCE_DOES_NOT_EXIST"
  | "RESOURCE_EXHAUSTED"
  | "REQUEST_LIMIT_EXCEEDED"
  | "PERMISSION_DENIED"
  | "UNAUTHENTICATED"
  | "ENDPOINT_NOT_FOUND"
  | "NOT_IMPLEMENTED"
  | (string & {});

/**
 * The tracking server answered a request with an error status. Carries
 * MLflow's `error_code` and message verbatim, the HTTP status, the endpoint and
 * how many attempts were made (retries happen on 429 and 5xx only).
 *
 * When the body is not MLflow's JSON error (a proxy's HTML page, a wrong path),
 * `errorCode` is derived from the status (`ENDPOINT_NOT_FOUND` for 404,
 * `UNAUTHENTICATED` for 401, `PERMISSION_DENIED` for 403, `INTERNAL_ERROR` for
 * 5xx, `BAD_REQUEST` otherwise) and the message quotes the start of the body.
 * @example
 * ```ts
 * try {
 *   await client.getRun("nope");
 * } catch (e) {
 *   if (e instanceof MlflowApiError && e.errorCode === "RESOURCE_DOES_NOT_EXIST") {
 *     // e.status: 404
 *     // e.message: "MLflow GET /api/2.0/mlflow/runs/get failed (HTTP 404 RESOURCE_DOES_NOT_EXIST): Run with id=nope not found"
 *   }
 * }
 * ```
 */
export class MlflowApiError extends Error {
  override name = "MlflowApiError";
  /** MLflow's `error_code`, e.g. `"RESOURCE_ALREADY_EXISTS"`. */
  readonly errorCode: MlflowErrorCode;
  /** The server's own message (without our prefix). */
  readonly serverMessage: string;
  /** HTTP status of the last attempt. */
  readonly status: number;
  /** `"METHOD /api/2.0/mlflow/..."`. */
  readonly endpoint: string;
  /** Attempts made, 1 + retries. */
  readonly attempts: number;

  constructor(init: { errorCode: string; serverMessage: string; status: number; endpoint: string; attempts: number }) {
    super(
      `MLflow ${init.endpoint} failed (HTTP ${init.status} ${init.errorCode}` +
        (init.attempts > 1 ? `, after ${init.attempts} attempts` : "") +
        `): ${init.serverMessage}`,
    );
    this.errorCode = init.errorCode;
    this.serverMessage = init.serverMessage;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts;
  }
}

/**
 * The tracking server could not be reached (refused connection, unknown host,
 * timeout, CORS rejection in a browser) after all retries. `cause` holds the
 * underlying `fetch` error.
 * @example
 * ```ts
 * const client = new MlflowClient({ trackingUri: "http://127.0.0.1:1", retry: { maxRetries: 0 } });
 * await client.getOrCreateExperiment("x").catch((e) => e instanceof MlflowConnectionError); // true
 * // e.message: "Could not reach the MLflow tracking server at http://127.0.0.1:1 (GET /api/2.0/mlflow/experiments/get-by-name, 1 attempt): fetch failed ECONNREFUSED. Check the tracking URI (MLFLOW_TRACKING_URI) and that the server is running."
 * ```
 */
export class MlflowConnectionError extends Error {
  override name = "MlflowConnectionError";
  /** The tracking URI that was tried. */
  readonly trackingUri: string;
  /** `"METHOD /api/2.0/mlflow/..."`. */
  readonly endpoint: string;
  /** Attempts made, 1 + retries. */
  readonly attempts: number;

  constructor(init: { trackingUri: string; endpoint: string; attempts: number; cause: unknown }) {
    const c = init.cause as { message?: string; cause?: { code?: string; message?: string } } | undefined;
    const detail = [c?.message, c?.cause?.code ?? c?.cause?.message].filter(Boolean).join(" ");
    super(
      `Could not reach the MLflow tracking server at ${init.trackingUri} (${init.endpoint}, ${init.attempts} attempt${
        init.attempts === 1 ? "" : "s"
      }): ${detail || String(init.cause)}. Check the tracking URI (MLFLOW_TRACKING_URI) and that the server is running.`,
      { cause: init.cause },
    );
    this.trackingUri = init.trackingUri;
    this.endpoint = init.endpoint;
    this.attempts = init.attempts;
  }
}

/**
 * A `logBatch` / `logMetricHistory` call that needed several requests failed
 * after some of them had been accepted: the run holds the entities of the first
 * `requestsSucceeded` requests and not the rest. MLflow has no rollback, so the
 * caller decides (e.g. `setTerminated(runId, "FAILED")` or retry the call:
 * re-logging identical metrics and params is accepted). `cause` is the
 * {@link MlflowApiError} or {@link MlflowConnectionError} of the failed request.
 * @example
 * ```ts
 * try {
 *   await client.logBatch(runId, { metrics: manyMetrics });
 * } catch (e) {
 *   if (e instanceof MlflowPartialLogError) await client.setTerminated(runId, "FAILED");
 *   throw e;
 * }
 * ```
 */
export class MlflowPartialLogError extends Error {
  override name = "MlflowPartialLogError";
  /** Requests accepted by the server before the failure. */
  readonly requestsSucceeded: number;
  /** Requests the call was split into. */
  readonly requestsTotal: number;
  /** Entities (metrics + params + tags) accepted before the failure. */
  readonly entitiesLogged: number;
  /** Entities the call was meant to log. */
  readonly entitiesTotal: number;

  constructor(init: {
    runId: string;
    requestsSucceeded: number;
    requestsTotal: number;
    entitiesLogged: number;
    entitiesTotal: number;
    cause: Error;
  }) {
    super(
      `Run ${init.runId} is only partly logged: request ${init.requestsSucceeded + 1} of ${init.requestsTotal} failed ` +
        `after ${init.entitiesLogged} of ${init.entitiesTotal} metrics/params/tags were stored. ${init.cause.message}`,
      { cause: init.cause },
    );
    this.requestsSucceeded = init.requestsSucceeded;
    this.requestsTotal = init.requestsTotal;
    this.entitiesLogged = init.entitiesLogged;
    this.entitiesTotal = init.entitiesTotal;
  }
}

/**
 * True when `e` is an {@link MlflowApiError} with the given `error_code`
 * (also when it is the `cause` of an {@link MlflowPartialLogError}).
 * @example
 * ```ts
 * try { await client.createExperiment("x"); }
 * catch (e) { if (!isMlflowError(e, "RESOURCE_ALREADY_EXISTS")) throw e; }
 * ```
 */
export function isMlflowError(e: unknown, errorCode: MlflowErrorCode): boolean {
  const err = e instanceof MlflowPartialLogError ? e.cause : e;
  return err instanceof MlflowApiError && err.errorCode === errorCode;
}
