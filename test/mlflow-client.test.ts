// MLflow client against a fake fetch: batching, encoding, validation before any
// request, retries, typed errors, environment. No server needed
// (test/mlflow-server.test.ts runs the same client against a real one).
import { readFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  MLFLOW_LIMITS,
  MlflowApiError,
  MlflowClient,
  MlflowConnectionError,
  MlflowPartialLogError,
  ValueError,
  experimentName,
  featureParams,
  inferSignature,
  isMlflowError,
  planLogBatch,
  planMetricHistory,
  runName,
  runTags,
  truncationMarker,
} from "../src/index.js";

interface Call {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  json: any;
}
type Reply = { status?: number; body?: unknown; headers?: Record<string, string> } | Error;

/** A fetch that records every call and answers with `handler`. */
function fakeFetch(handler: (c: Call, i: number) => Reply) {
  const calls: Call[] = [];
  const fetch = (async (input: string | URL, init: RequestInit = {}) => {
    const url = String(input);
    const body = init.body as string | undefined;
    const c: Call = {
      method: init.method ?? "GET",
      url,
      path: new URL(url).pathname.replace("/api/2.0/mlflow", ""),
      headers: init.headers as Record<string, string>,
      body,
      json: body ? JSON.parse(body) : undefined,
    };
    calls.push(c);
    const r = handler(c, calls.length - 1);
    if (r instanceof Error) throw r;
    const text = typeof r.body === "string" ? r.body : JSON.stringify(r.body ?? {});
    return new Response(text, { status: r.status ?? 200, headers: r.headers });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const FAST = { maxRetries: 3, initialDelayMs: 1, maxDelayMs: 5, jitter: false };
const client = (fetch: typeof globalThis.fetch, extra: object = {}) =>
  new MlflowClient({ trackingUri: "http://127.0.0.1:5000", fetch, retry: FAST, ...extra });
const ok = () => ({ body: {} });
const metricsN = (n: number, prefix = "m") => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, i + 0.5]));

describe("logBatch splitting (MLflow's per-request limits)", () => {
  test("2500 metrics + 150 params + 120 tags → 3 requests, each within every limit, nothing lost or reordered", async () => {
    const { fetch, calls } = fakeFetch(ok);
    const metrics = metricsN(2500);
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, `v${i}`]));
    const tags = Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`t${i}`, `w${i}`]));
    const res = await client(fetch).logBatch("run1", { metrics, params, tags }, { step: 3, timestamp: 1700000000000 });
    expect(res).toEqual({ requests: 3, entities: 2770, truncated: [] });
    expect(calls.map((c) => c.path)).toEqual(["/runs/log-batch", "/runs/log-batch", "/runs/log-batch"]);
    expect(calls.map((c) => [c.json.params.length, c.json.tags.length, c.json.metrics.length])).toEqual([
      [100, 100, 800],
      [50, 20, 930],
      [0, 0, 770],
    ]);
    for (const c of calls) {
      expect(c.json.run_id).toBe("run1");
      expect(c.json.metrics.length).toBeLessThanOrEqual(1000);
      expect(c.json.params.length + c.json.tags.length + c.json.metrics.length).toBeLessThanOrEqual(1000);
      expect(new TextEncoder().encode(c.body).length).toBeLessThanOrEqual(1_000_000);
      expect(c.headers["Content-Type"]).toBe("application/json");
    }
    const sent = calls.flatMap((c) => c.json.metrics);
    expect(sent.map((m: any) => m.key)).toEqual(Object.keys(metrics));
    expect(sent.every((m: any) => m.step === 3 && m.timestamp === 1700000000000)).toBe(true);
    expect(Object.fromEntries(calls.flatMap((c) => c.json.params).map((p: any) => [p.key, p.value]))).toEqual(params);
    expect(Object.fromEntries(calls.flatMap((c) => c.json.tags).map((p: any) => [p.key, p.value]))).toEqual(tags);
  });

  test("exactly 1000 metrics → 1 request; 1001 → 2", () => {
    expect(planLogBatch("r", { metrics: metricsN(1000) }).requests.length).toBe(1);
    expect(planLogBatch("r", { metrics: metricsN(1001) }).requests.map((r) => r.metrics.length)).toEqual([1000, 1]);
  });

  test("the 1 MB body limit splits large params/tags: 100 params × 6000 chars + 100 tags × 8000 chars", () => {
    const long = (n: number) => "x".repeat(n);
    const params = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, long(6000)]));
    const tags = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i}`, long(8000)]));
    const plan = planLogBatch("r", { params, tags, metrics: metricsN(10) });
    expect(plan.requests.length).toBe(2);
    for (const r of plan.requests) expect(new TextEncoder().encode(JSON.stringify(r)).length).toBeLessThanOrEqual(1_000_000);
    expect(plan.requests.flatMap((r) => r.tags).length).toBe(100);
    expect(plan.entities).toBe(210);
  });

  test("multi-byte values count in bytes, not characters", () => {
    const tags = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i}`, "é".repeat(7000)])); // 14 kB each
    const plan = planLogBatch("r", { tags });
    expect(plan.requests.length).toBe(2);
    for (const r of plan.requests) expect(new TextEncoder().encode(JSON.stringify(r)).length).toBeLessThanOrEqual(1_000_000);
  });

  test("nothing to log → no request", async () => {
    const { fetch, calls } = fakeFetch(ok);
    expect(await client(fetch).logBatch("r", {})).toEqual({ requests: 0, entities: 0, truncated: [] });
    expect(calls.length).toBe(0);
  });

  test("logMetricHistory: 50 steps × 2 metrics in one request with steps and timestamps", async () => {
    const { fetch, calls } = fakeFetch(ok);
    const rows = Array.from({ length: 50 }, (_, i) => ({ step: i, timestamp: 1000 + i, metrics: { train_loss: 1 / (i + 1), val_loss: NaN } }));
    const res = await client(fetch).logMetricHistory("r", rows);
    expect(res.requests).toBe(1);
    expect(calls[0]!.json.metrics.length).toBe(100);
    expect(calls[0]!.json.metrics[2]).toEqual({ key: "train_loss", value: 0.5, step: 1, timestamp: 1001 });
    expect(calls[0]!.json.metrics[3].value).toBe("NaN");
    expect(planMetricHistory("r", Array.from({ length: 600 }, (_, i) => ({ step: i, metrics: { a: 1, b: 2 } }))).requests.length).toBe(2);
  });
});

describe("NaN and ±Infinity encoding", () => {
  test('sent as the strings "NaN", "Infinity", "-Infinity" (JSON.stringify alone would send null)', async () => {
    const { fetch, calls } = fakeFetch(ok);
    await client(fetch).logBatch("r", { metrics: { a: NaN, b: Infinity, c: -Infinity, d: -0.0, e: 5e-324, f: 1.7976931348623157e308 } });
    const body = calls[0]!.body!;
    expect(body).toContain('"key":"a","value":"NaN"');
    expect(body).toContain('"key":"b","value":"Infinity"');
    expect(body).toContain('"key":"c","value":"-Infinity"');
    expect(body).not.toContain("null");
    expect(calls[0]!.json.metrics.map((m: any) => m.value)).toEqual(["NaN", "Infinity", "-Infinity", 0, 5e-324, 1.7976931348623157e308]);
  });

  test('"NaN" in responses is decoded back to NaN (getMetricHistory, searchRuns)', async () => {
    const { fetch } = fakeFetch((c) =>
      c.path === "/metrics/get-history"
        ? { body: { metrics: [{ key: "a", value: "NaN", step: 0, timestamp: 5 }, { key: "a", value: 1.5, step: 1, timestamp: 6 }] } }
        : { body: { runs: [{ info: { run_id: "r", experiment_id: "1", run_name: "n", status: "FINISHED", start_time: 7 }, data: { metrics: [{ key: "a", value: "NaN" }], params: [{ key: "p", value: "1" }] } }] } },
    );
    const c = client(fetch);
    const h = await c.getMetricHistory("r", "a");
    expect(h[0]!.value).toBeNaN();
    expect(h[1]).toEqual({ key: "a", value: 1.5, step: 1, timestamp: 6 });
    const [row] = await c.searchRuns("1");
    expect(row!.metrics.a).toBeNaN();
    expect(row).toMatchObject({ runId: "r", runName: "n", experimentId: "1", status: "FINISHED", startTime: 7, params: { p: "1" }, tags: {} });
  });
});

describe("validation happens before any request", () => {
  const bad: [string, object, RegExp][] = [
    ["metric key with a bad character", { metrics: { ...metricsN(1500), "r2@test": 1 } }, /Invalid metric name: 'r2@test'/],
    ["metric key with ..", { metrics: { ...metricsN(1500), "a/../b": 1 } }, /would resolve to 'b'/],
    ["metric key with leading /", { metrics: { "/abs": 1 } }, /would resolve to/],
    ["metric key of 251 chars", { metrics: { ["k".repeat(251)]: 1 } }, /exceeds the maximum length of 250/],
    ["empty metric key", { metrics: { "": 1 } }, /Invalid metric name/],
    ["param key with a bad character", { params: { "lr!": 0.1 }, metrics: metricsN(10) }, /Invalid param name: 'lr!'/],
    ["tag key with //", { tags: { "a//b": "x" } }, /Invalid tag name: 'a\/\/b'/],
    ["string metric value", { metrics: { a: "0.5" } }, /Metric 'a' has value "0.5" \(string\); metric values must be numbers/],
    ["boolean metric value", { metrics: { a: true } }, /Metric 'a' has value true \(boolean\)/],
    ["null metric value", { metrics: { a: null } }, /Metric 'a' has value null/],
    ["bigint metric value", { metrics: { a: 3n } }, /Metric 'a' has value 3n \(bigint\)/],
    ["object param value", { params: { a: { x: 1 } } }, /param 'a' has an object value/],
    ["unknown field", { metric: { a: 1 } }, /unknown field 'metric'/],
  ];
  test.each(bad)("%s → ValueError, zero requests", async (_name, data, re) => {
    const { fetch, calls } = fakeFetch(ok);
    const err = await client(fetch).logBatch("run1", data as any).catch((e) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toMatch(re);
    expect(calls.length).toBe(0);
  });

  test("bad step / timestamp / runId → ValueError, zero requests", async () => {
    const { fetch, calls } = fakeFetch(ok);
    const c = client(fetch);
    await expect(c.logBatch("r", { metrics: { a: 1 } }, { step: 1.5 })).rejects.toThrow(/step must be an integer/);
    await expect(c.logBatch("r", { metrics: { a: 1 } }, { timestamp: -1 })).rejects.toThrow(/timestamp must be a non-negative integer/);
    await expect(c.logBatch("", { metrics: { a: 1 } })).rejects.toThrow(/runId must be a non-empty string/);
    await expect(c.logMetricHistory("r", [{ step: 0, metrics: { a: 1 } }, { step: 1, metrics: { "b c!": 1 } }])).rejects.toThrow(/Invalid metric name: 'b c!'/);
    await expect(c.createRun({ experimentId: "1", tags: { "x?": "1" } })).rejects.toThrow(/Invalid tag name/);
    expect(calls.length).toBe(0);
  });

  test("param values past 6000 characters are truncated to exactly 6000 with a visible marker", async () => {
    const { fetch, calls } = fakeFetch(ok);
    const long = "abcdefghij".repeat(1000); // 10000 chars
    const res = await client(fetch).logBatch("r", { params: { features: long, short: "x", n: 3, flag: true } });
    expect(res.truncated).toEqual(["features"]);
    const sent = Object.fromEntries(calls[0]!.json.params.map((p: any) => [p.key, p.value]));
    expect(sent.features.length).toBe(MLFLOW_LIMITS.paramValueLength);
    expect(sent.features.endsWith(truncationMarker(10000))).toBe(true);
    expect(sent.features).toContain("[truncated by mlmetrics: 10000 chars]");
    expect(long.startsWith(sent.features.slice(0, 5000))).toBe(true);
    expect(sent).toMatchObject({ short: "x", n: "3", flag: "true" });
    // exactly at the limit: untouched; astral characters count once (Python len), never split
    expect(planLogBatch("r", { params: { a: "y".repeat(6000) } }).truncated).toEqual([]);
    const emoji = planLogBatch("r", { params: { a: "😀".repeat(7000) } }).requests[0]!.params[0]!.value;
    expect(Array.from(emoji).length).toBe(6000);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(planLogBatch("r", { params: { a: "😀".repeat(5000) } }).truncated).toEqual([]); // 10000 UTF-16 units, 5000 chars
  });
});

describe("retries and typed errors", () => {
  test("503, 503, then 200 → resolves after 3 attempts", async () => {
    const { fetch, calls } = fakeFetch((_c, i) => (i < 2 ? { status: 503, body: "busy" } : { body: { experiment_id: "4" } }));
    expect(await client(fetch).createExperiment("e")).toBe("4");
    expect(calls.length).toBe(3);
  });

  test("429 honours Retry-After (capped by maxDelayMs)", async () => {
    const { fetch, calls } = fakeFetch((_c, i) => (i === 0 ? { status: 429, headers: { "retry-after": "0.05" }, body: {} } : { body: { experiment_id: "4" } }));
    const t0 = performance.now();
    await new MlflowClient({ trackingUri: "http://127.0.0.1:5000", fetch, retry: { initialDelayMs: 1, maxDelayMs: 1000, jitter: false } }).createExperiment("e");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    expect(calls.length).toBe(2);
  });

  test("a persistent 500 → MlflowApiError after maxRetries + 1 attempts, with MLflow's error_code and message", async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 500, body: { error_code: "INTERNAL_ERROR", message: "database is locked" } }));
    const err = await client(fetch).logBatch("r", { metrics: { a: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err).toMatchObject({ errorCode: "INTERNAL_ERROR", status: 500, attempts: 4, serverMessage: "database is locked", endpoint: "POST /api/2.0/mlflow/runs/log-batch" });
    expect(err.message).toBe("MLflow POST /api/2.0/mlflow/runs/log-batch failed (HTTP 500 INTERNAL_ERROR, after 4 attempts): database is locked");
    expect(calls.length).toBe(4);
  });

  test("backoff is exponential and bounded", async () => {
    const { fetch } = fakeFetch(() => ({ status: 502, body: "" }));
    const sleeps: number[] = [];
    const orig = globalThis.setTimeout;
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
      if (ms !== undefined && ms < 100000) sleeps.push(ms);
      return orig(fn, 0);
    }) as typeof setTimeout);
    try {
      await new MlflowClient({ trackingUri: "http://h:1", fetch, retry: { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 500, jitter: false } })
        .getExperimentByName("x")
        .catch(() => {});
    } finally {
      vi.restoreAllMocks();
    }
    expect(sleeps).toEqual([100, 200, 400, 500, 500]);
  });

  test("4xx is not retried; RESOURCE_ALREADY_EXISTS is typed", async () => {
    const { fetch, calls } = fakeFetch(() => ({ status: 400, body: { error_code: "RESOURCE_ALREADY_EXISTS", message: "Experiment(name=e) already exists." } }));
    const err = await client(fetch).createExperiment("e").catch((e) => e);
    expect(calls.length).toBe(1);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err.errorCode).toBe("RESOURCE_ALREADY_EXISTS");
    expect(isMlflowError(err, "RESOURCE_ALREADY_EXISTS")).toBe(true);
    expect(isMlflowError(err, "RESOURCE_DOES_NOT_EXIST")).toBe(false);
  });

  test("a non-MLflow 404 page → ENDPOINT_NOT_FOUND with a hint", async () => {
    const { fetch } = fakeFetch(() => ({ status: 404, body: "<html>Not Found</html>" }));
    const err = await client(fetch).createExperiment("e").catch((e) => e);
    expect(err.errorCode).toBe("ENDPOINT_NOT_FOUND");
    expect(err.message).toMatch(/is http:\/\/127\.0\.0\.1:5000 an MLflow tracking server\?/);
  });

  test("network failure → MlflowConnectionError naming the URI, after retries", async () => {
    const cause = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const { fetch, calls } = fakeFetch(() => cause);
    const err = await client(fetch).getOrCreateExperiment("e").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowConnectionError);
    expect(err.message).toMatch(/^Could not reach the MLflow tracking server at http:\/\/127\.0\.0\.1:5000 \(GET \/api\/2\.0\/mlflow\/experiments\/get-by-name, 4 attempts\): fetch failed ECONNREFUSED/);
    expect(calls.length).toBe(4);
  });

  test("a 200 that is not JSON → INVALID_RESPONSE", async () => {
    const { fetch } = fakeFetch(() => ({ body: "<html>hello</html>" }));
    await expect(client(fetch).createExperiment("e")).rejects.toMatchObject({ errorCode: "INVALID_RESPONSE" });
  });

  test("a split logBatch failing on request 2 of 3 → MlflowPartialLogError (never success)", async () => {
    const { fetch, calls } = fakeFetch((_c, i) => (i === 1 ? { status: 400, body: { error_code: "INVALID_PARAMETER_VALUE", message: "nope" } } : ok()));
    const err = await client(fetch).logBatch("r", { metrics: metricsN(2500) }).catch((e) => e);
    expect(err).toBeInstanceOf(MlflowPartialLogError);
    expect(err).toMatchObject({ requestsSucceeded: 1, requestsTotal: 3, entitiesLogged: 1000, entitiesTotal: 2500 });
    expect(err.message).toMatch(/^Run r is only partly logged: request 2 of 3 failed after 1000 of 2500/);
    expect(err.cause).toBeInstanceOf(MlflowApiError);
    expect(isMlflowError(err, "INVALID_PARAMETER_VALUE")).toBe(true);
    expect(calls.length).toBe(2); // stops at the failure
  });

  test("failing on the first request → the plain API error (nothing was logged)", async () => {
    const { fetch } = fakeFetch(() => ({ status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Run with id=r not found" } }));
    const err = await client(fetch).logBatch("r", { metrics: metricsN(2500) }).catch((e) => e);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err.errorCode).toBe("RESOURCE_DOES_NOT_EXIST");
  });
});

describe("experiments and runs", () => {
  test("getOrCreateExperiment: existing → its id, no create", async () => {
    const { fetch, calls } = fakeFetch(() => ({ body: { experiment: { experiment_id: "3", name: "e", lifecycle_stage: "active" } } }));
    expect(await client(fetch).getOrCreateExperiment("/Shared/p_ml_m")).toBe("3");
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(["GET /experiments/get-by-name"]);
    expect(new URL(calls[0]!.url).searchParams.get("experiment_name")).toBe("/Shared/p_ml_m");
  });

  test("getOrCreateExperiment: lost race (RESOURCE_ALREADY_EXISTS) → re-get the winner's id", async () => {
    let gets = 0;
    const { fetch, calls } = fakeFetch((c) => {
      if (c.path === "/experiments/get-by-name") {
        return gets++ === 0
          ? { status: 404, body: { error_code: "RESOURCE_DOES_NOT_EXIST", message: "Could not find experiment with name 'e'" } }
          : { body: { experiment: { experiment_id: "7", name: "e", lifecycle_stage: "active" } } };
      }
      return { status: 400, body: { error_code: "RESOURCE_ALREADY_EXISTS", message: "already exists" } };
    });
    expect(await client(fetch).getOrCreateExperiment("e")).toBe("7");
    expect(calls.map((c) => c.path)).toEqual(["/experiments/get-by-name", "/experiments/create", "/experiments/get-by-name"]);
  });

  test("getOrCreateExperiment: a deleted experiment with the name is a clear error", async () => {
    const { fetch } = fakeFetch(() => ({ body: { experiment: { experiment_id: "3", name: "e", lifecycle_stage: "deleted" } } }));
    await expect(client(fetch).getOrCreateExperiment("e")).rejects.toThrow(/exists but is deleted \(id 3\)/);
  });

  test("createRun / setTerminated bodies", async () => {
    const { fetch, calls } = fakeFetch((c) =>
      c.path === "/runs/create"
        ? { body: { run: { info: { run_id: "abc", experiment_id: "1", run_name: "n", status: "RUNNING", start_time: 5, artifact_uri: "a", lifecycle_stage: "active", user_id: "" } } } }
        : { body: { run_info: { run_id: "abc", experiment_id: "1", run_name: "n", status: "FAILED", start_time: 5, end_time: 9 } } },
    );
    const c = client(fetch);
    const run = await c.createRun({ experimentId: "1", runName: "n", tags: { a: "b", n: 2 }, startTime: 5 });
    expect(run).toMatchObject({ runId: "abc", experimentId: "1", runName: "n", status: "RUNNING", startTime: 5 });
    expect(calls[0]!.json).toEqual({ experiment_id: "1", run_name: "n", start_time: 5, tags: [{ key: "a", value: "b" }, { key: "n", value: "2" }] });
    const ended = await c.setTerminated("abc", "FAILED", 9);
    expect(ended).toMatchObject({ status: "FAILED", endTime: 9 });
    expect(calls[1]!.json).toEqual({ run_id: "abc", status: "FAILED", end_time: 9 });
    await expect(c.setTerminated("abc", "DONE" as any)).rejects.toThrow(/status must be one of/);
  });

  test("searchRuns follows next_page_token and sends filter / order_by", async () => {
    const run = (id: string) => ({ info: { run_id: id, experiment_id: "1", run_name: id, status: "FINISHED", start_time: 1 }, data: { metrics: [{ key: "test_r2", value: 0.5 }] } });
    const { fetch, calls } = fakeFetch((_c, i) => (i === 0 ? { body: { runs: [run("a"), run("b")], next_page_token: "T" } } : { body: { runs: [run("c")] } }));
    const rows = await client(fetch).searchRuns(["1", "2"], { filter: "metrics.test_r2 > 0", orderBy: "metrics.test_r2 DESC" });
    expect(rows.map((r) => r.runId)).toEqual(["a", "b", "c"]);
    expect(calls[0]!.json).toMatchObject({ experiment_ids: ["1", "2"], filter: "metrics.test_r2 > 0", order_by: ["metrics.test_r2 DESC"], run_view_type: "ACTIVE_ONLY" });
    expect(calls[1]!.json.page_token).toBe("T");
  });
});

describe("connection settings", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith("MLFLOW_")) delete process.env[k];
    Object.assign(process.env, saved);
  });

  test("MLFLOW_TRACKING_URI + MLFLOW_TRACKING_TOKEN → bearer auth", async () => {
    process.env.MLFLOW_TRACKING_URI = "http://127.0.0.1:5999/prefix/";
    process.env.MLFLOW_TRACKING_TOKEN = "tok";
    const { fetch, calls } = fakeFetch(() => ({ body: { experiment_id: "1" } }));
    const c = new MlflowClient({ fetch });
    expect(c.trackingUri).toBe("http://127.0.0.1:5999/prefix");
    await c.createExperiment("e");
    expect(calls[0]!.url).toBe("http://127.0.0.1:5999/prefix/api/2.0/mlflow/experiments/create");
    expect(calls[0]!.headers.Authorization).toBe("Bearer tok");
  });

  test("MLFLOW_TRACKING_USERNAME/PASSWORD → basic auth (UTF-8); options override the environment", async () => {
    process.env.MLFLOW_TRACKING_URI = "http://127.0.0.1:5999";
    process.env.MLFLOW_TRACKING_USERNAME = "ünï";
    process.env.MLFLOW_TRACKING_PASSWORD = "p:w";
    const { fetch, calls } = fakeFetch(() => ({ body: { experiment_id: "1" } }));
    await new MlflowClient({ fetch }).createExperiment("e");
    expect(calls[0]!.headers.Authorization).toBe(`Basic ${Buffer.from("ünï:p:w", "utf8").toString("base64")}`);
    await new MlflowClient({ fetch, trackingUri: "http://127.0.0.1:6000", token: "t2" }).createExperiment("e");
    expect(calls[1]!.url.startsWith("http://127.0.0.1:6000/")).toBe(true);
    expect(calls[1]!.headers.Authorization).toBe("Bearer t2");
  });

  test("credentials in the URI become basic auth and leave the URL", async () => {
    const { fetch, calls } = fakeFetch(() => ({ body: { experiment_id: "1" } }));
    const c = new MlflowClient({ fetch, trackingUri: "http://bob:s%40cret@127.0.0.1:5000" });
    expect(c.trackingUri).toBe("http://127.0.0.1:5000");
    await c.createExperiment("e");
    expect(calls[0]!.headers.Authorization).toBe(`Basic ${Buffer.from("bob:s@cret").toString("base64")}`);
  });

  test("no URI, a file store or a garbage URI → ValueError at construction", () => {
    delete process.env.MLFLOW_TRACKING_URI;
    expect(() => new MlflowClient()).toThrow(/No MLflow tracking URI: pass \{ trackingUri/);
    expect(() => new MlflowClient({ trackingUri: "file:///tmp/mlruns" })).toThrow(/needs an http:\/\/ or https:\/\/ URI/);
    expect(() => new MlflowClient({ trackingUri: "databricks" })).toThrow(/Invalid MLflow tracking URI 'databricks'/);
    expect(() => new MlflowClient({ trackingUri: "http://h", retry: { maxRetries: -1 } })).toThrow(/retry.maxRetries/);
  });

  test("src/mlflow has no Node-only imports and reads process.env only through globalThis", () => {
    const dir = new URL("../src/mlflow/", import.meta.url);
    for (const f of readdirSync(dir)) {
      const src = readFileSync(new URL(f, dir), "utf8");
      expect(src, f).not.toMatch(/from\s+["']node:|require\(|from\s+["'](fs|path|http|https|child_process|os|buffer)["']/);
      expect(src.replace(/globalThis as \{ process\?[^)]*\)\.process/g, ""), f).not.toMatch(/\bprocess\.env\b|\bBuffer\./);
    }
  });
});

describe("conventions", () => {
  test("experimentName", () => {
    expect(experimentName("finops", "dbu_forecast")).toBe("/Shared/finops_ml_dbu_forecast");
    expect(() => experimentName("", "m")).toThrow(/project must be a non-empty string/);
    expect(() => experimentName("a/b", "m")).toThrow(/must not contain '\/'/);
  });

  test("runName: {model}_{algo}_v{version}_{YYYYMMDD_HHMMSS} in UTC", () => {
    const date = new Date("2025-01-31T08:05:09Z");
    expect(runName("dbu_forecast", "ridge", { version: 3, date })).toBe("dbu_forecast_ridge_v3_20250131_080509");
    expect(runName("m", "xgb", { version: "1.2.0", date })).toBe("m_xgb_v1.2.0_20250131_080509");
    expect(runName("m", "a")).toMatch(/^m_a_v1_\d{8}_\d{6}$/);
    expect(() => runName("m", "a", { date: new Date("nope") })).toThrow(/valid Date/);
  });

  const base = { project: "finops", domain: "cost", modelName: "dbu", modelType: "regression", algorithm: "ridge", useCase: "forecast" } as const;
  test("runTags: required tags snake_cased, extras passed through", () => {
    expect(runTags({ ...base, dataVersion: "2025-01", rows: 1200 })).toEqual({
      project: "finops", domain: "cost", model_name: "dbu", model_type: "regression", algorithm: "ridge", use_case: "forecast",
      data_version: "2025-01", rows: "1200",
    });
  });
  test("runTags: unknown domain / modelType and missing tags are errors", () => {
    expect(() => runTags({ ...base, domain: "money" as any })).toThrow("runTags: unknown domain 'money'; expected one of cost | security | performance | reliability | quality");
    expect(() => runTags({ ...base, modelType: "ranking" as any })).toThrow("runTags: unknown modelType 'ranking'; expected one of regression | classification | anomaly_detection");
    const { useCase: _u, algorithm: _a, ...partial } = base;
    expect(() => runTags(partial as any)).toThrow("runTags: missing required tags: algorithm, useCase");
    expect(() => runTags({ ...base, "bad key!": "x" })).toThrow(/Invalid tag name: 'bad key!'/);
  });

  test("featureParams", () => {
    const names = Array.from({ length: 25 }, (_, i) => `f${i}`);
    expect(featureParams(names)).toEqual({ features_sample: `${names.slice(0, 20).join(",")}...and 5 more`, total_features: 25 });
    expect(featureParams(["a", "b", "c", "d"], { max: 2 })).toEqual({ features_sample: "a,b...and 2 more", total_features: 4 });
    expect(featureParams(["a", "b"])).toEqual({ features_sample: "a,b", total_features: 2 });
    expect(() => featureParams(["a", 1 as any])).toThrow(/featureNames\[1\] must be a string/);
  });
});

describe("inferSignature", () => {
  test("matches mlflow 3.17.2 infer_signature(DataFrame, Series).to_dict() for the same columns", () => {
    // Expected strings: printed by .venv-mlflow/bin/python with
    // pd.DataFrame({a: float64, b: int32, c: int64→(here Uint32Array: long), d: bool, e: str, f: float32, g: uint8,
    //               i: int16, j: uint16, k: ["x", None], l: [1.0, nan]}) and pd.Series([0.1, 0.2]).
    const sig = inferSignature(
      {
        a: Float64Array.of(1.5, 2),
        b: Int32Array.of(1, 2),
        h: Uint32Array.of(1, 2),
        d: [true, false],
        e: ["x", "y"],
        f: Float32Array.of(1, 2),
        g: Uint8Array.of(1, 2),
        i: Int16Array.of(1, 2),
        j: Uint16Array.of(1, 2),
        k: ["x", null],
        l: [1.0, NaN],
      },
      [0.1, 0.2],
    );
    expect(sig).toEqual({
      inputs:
        '[{"type": "double", "name": "a", "required": true}, {"type": "integer", "name": "b", "required": true}, ' +
        '{"type": "long", "name": "h", "required": true}, {"type": "boolean", "name": "d", "required": true}, ' +
        '{"type": "string", "name": "e", "required": true}, {"type": "float", "name": "f", "required": true}, ' +
        '{"type": "integer", "name": "g", "required": true}, {"type": "integer", "name": "i", "required": true}, ' +
        '{"type": "integer", "name": "j", "required": true}, {"type": "string", "name": "k", "required": false}, ' +
        '{"type": "double", "name": "l", "required": false}]',
      outputs: '[{"type": "double", "required": true}]',
      params: null,
    });
    expect(JSON.parse(sig.inputs)[0]).toEqual({ type: "double", name: "a", required: true });
  });

  test("row objects, named outputs, non-ASCII names escaped like json.dumps", () => {
    const sig = inferSignature([{ "größe": 1, ok: true }, { "größe": 2, ok: false }], { label: Int32Array.of(0, 1) });
    expect(sig.inputs).toBe('[{"type": "double", "name": "gr\\u00f6\\u00dfe", "required": true}, {"type": "boolean", "name": "ok", "required": true}]');
    expect(sig.outputs).toBe('[{"type": "integer", "name": "label", "required": true}]');
  });

  test("BigInt and decimal-like input → error saying to cast to float64", () => {
    expect(() => inferSignature({ a: [1n, 2n] as any }, [1, 2])).toThrow(/column 'a' holds BigInt values \(row 0: 1n\); cast it to float64/);
    expect(() => inferSignature({ a: BigInt64Array.of(1n) as any }, [1])).toThrow(/BigInt64Array.*cast it to float64/);
    class Decimal { constructor(public v: string) {} toFixed() { return this.v; } }
    expect(() => inferSignature({ price: [new Decimal("1.20")] as any }, [1])).toThrow(/column 'price' holds decimal-like Decimal values \(row 0\); cast it to float64/);
    expect(() => inferSignature({ a: [1, "x"] }, [1, 2])).toThrow(/mixes number and string/);
    expect(() => inferSignature({ a: [1, 2] }, [1])).toThrow(/2 input rows but 1 predictions/);
  });
});

test("examples/log-to-mlflow.ts type-checks against the package's declarations (npm run typecheck:examples)", () => {
  const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
  const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.examples.json"], {
    cwd: fileURLToPath(new URL("../", import.meta.url)),
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.status, r.stdout + r.stderr).toBe(0);
}, 150_000);
