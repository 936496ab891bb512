// Integration: our MlflowClient against a REAL `mlflow server` (mlflow 3.17.2 from
// .venv-mlflow, SQLite backend in a temp dir, 127.0.0.1, free port), read back through
// the REST API and through Python's mlflow.MlflowClient. Loopback addresses only.
import { spawnSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  MlflowApiError,
  MlflowClient,
  MlflowConnectionError,
  MlflowPartialLogError,
  ValueError,
  anomalyMetrics,
  classificationMetrics,
  experimentName,
  featureParams,
  inferSignature,
  init,
  planLogBatch,
  regressionMetrics,
  runName,
  runTags,
  truncationMarker,
} from "../src/index.js";
// @ts-expect-error: plain JS helper
import { MLFLOW_PYTHON, freePort, hasMlflowVenv, startMlflowServer } from "../scripts/mlflow-server.mjs";

const HAVE = hasMlflowVenv();
if (!HAVE) {
  console.warn(
    "\n!!! test/mlflow-server.test.ts SKIPPED: .venv-mlflow is missing, so no real MLflow server can be started.\n" +
      "!!! Run `bash scripts/mlflow-env.sh` (installs mlflow 3.17.2 into .venv-mlflow; .ci/run does this).\n",
  );
}

const FAST = { maxRetries: 2, initialDelayMs: 20, maxDelayMs: 200 };

function readCsv(name: string): Record<string, Float64Array> {
  const [header, ...lines] = readFileSync(new URL(`../examples/data/${name}`, import.meta.url), "utf8").trim().split("\n");
  const cols = header!.split(",");
  const out = Object.fromEntries(cols.map((c) => [c, new Float64Array(lines.length)]));
  lines.forEach((line, i) => line.split(",").forEach((v, j) => (out[cols[j]!]![i] = Number(v))));
  return out;
}

/** Python's MlflowClient reading the run back; NaN/±inf written as strings so JSON stays standard. */
function pythonReadBack(uri: string, experimentId: string, runId: string, historyKeys: string[]) {
  const py = `
import json, math, sys
from mlflow.tracking import MlflowClient
uri, exp_id, run_id, keys = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
def enc(v):
    if isinstance(v, float) and math.isnan(v): return "NaN"
    if isinstance(v, float) and math.isinf(v): return "Infinity" if v > 0 else "-Infinity"
    return v
c = MlflowClient(tracking_uri=uri)
runs = c.search_runs([exp_id], filter_string=f"attributes.run_id = '{run_id}'")
assert len(runs) == 1, len(runs)
r = runs[0]
out = {
  "run_id": r.info.run_id, "status": r.info.status, "run_name": r.info.run_name,
  "metrics": {k: enc(v) for k, v in r.data.metrics.items()},
  "params": r.data.params, "tags": r.data.tags,
  "history": {k: [[m.step, m.timestamp, enc(m.value)] for m in c.get_metric_history(run_id, k)] for k in keys},
}
print(json.dumps(out))
`;
  const r = spawnSync(MLFLOW_PYTHON, ["-c", py, uri, experimentId, runId, JSON.stringify(historyKeys)], {
    encoding: "utf8",
    timeout: 90_000,
    maxBuffer: 64 << 20,
    env: { ...process.env, MLFLOW_TRACKING_URI: uri, PYTHONWARNINGS: "ignore" },
  });
  if (r.status !== 0) throw new Error(`python read-back failed (${r.status}): ${r.stderr.slice(-3000)}`);
  const dec = (v: unknown) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : (v as number));
  const j = JSON.parse(r.stdout.trim().split("\n").pop()!);
  j.metrics = Object.fromEntries(Object.entries(j.metrics).map(([k, v]) => [k, dec(v)]));
  for (const k of Object.keys(j.history)) j.history[k] = j.history[k].map(([s, t, v]: [number, number, unknown]) => [s, t, dec(v)]);
  return j as {
    run_id: string;
    status: string;
    run_name: string;
    metrics: Record<string, number>;
    params: Record<string, string>;
    tags: Record<string, string>;
    history: Record<string, [number, number, number][]>;
  };
}

/** Bitwise equality of two metric dicts (NaN equals NaN, -0 ≠ 0 is reported). */
function sameMetrics(actual: Record<string, number>, expected: Record<string, number>) {
  const diffs: string[] = [];
  for (const [k, v] of Object.entries(expected)) if (!Object.is(actual[k], v)) diffs.push(`${k}: sent ${v}, got ${actual[k]}`);
  for (const k of Object.keys(actual)) if (!(k in expected)) diffs.push(`${k}: not sent`);
  return diffs;
}

function listen(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; uri: string }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => {
      const a = server.address() as { port: number };
      resolve({ server, uri: `http://127.0.0.1:${a.port}` });
    });
  });
}

describe.skipIf(!HAVE)("MlflowClient against a real mlflow server (mlflow 3.17.2, SQLite)", () => {
  let server: { uri: string; startupMs: number; stop: () => Promise<void>; log: () => string };
  let client: MlflowClient;

  beforeAll(async () => {
    await init();
    server = await startMlflowServer({ quiet: false });
    client = new MlflowClient({ trackingUri: server.uri, retry: FAST });
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  test("a complete run round-trips: REST and Python MlflowClient return every value unchanged, NaN kept", async () => {
    const reg = readCsv("regression.csv");
    const cls = readCsv("classification.csv");
    const ano = readCsv("anomaly.csv");
    const onWarning = () => {};
    const dicts = {
      ...regressionMetrics({ yTrue: reg.daily_dbu!, yPred: reg.predicted_dbu! }, { onWarning }),
      ...regressionMetrics({ yTrue: reg.daily_dbu!, yPred: reg.predicted_dbu! }, { preset: "mlflow", prefix: "eval/", onWarning }),
      ...classificationMetrics({ yTrue: cls.label!, yPred: cls.predicted!, yProb: cls.probability! }, { onWarning }),
      ...anomalyMetrics({ predictions: ano.prediction!, scores: ano.score! }, { onWarning }),
    };
    const awkward = { nan_metric: NaN, third: 1 / 3, point3: 0.1 + 0.2, tiny: 5e-324, huge: 1.7976931348623157e308, neg: -2.5e-300, int_big: 2 ** 53 - 1 };
    const many = Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`importance/f${String(i).padStart(4, "0")}`, Math.sin(i + 1) / (i + 1)]));
    const metrics = { ...dicts, ...awkward, ...many };
    expect(Object.keys(metrics).length).toBe(Object.keys(dicts).length + 7 + 1100); // no key collisions

    const names = Array.from({ length: 45 }, (_, i) => `feature_${i}`);
    const longValue = "x".repeat(9000) + "END";
    const params = { ...featureParams(names), alpha: 0.5, fit_intercept: true, solver: "auto", long_param: longValue };
    const tags = {
      ...runTags({ project: "mlmetrics_it", domain: "cost", modelName: "dbu_forecast", modelType: "regression", algorithm: "ridge", useCase: "integration test" }),
      signature_inputs: inferSignature({ daily_dbu: reg.daily_dbu! }, reg.predicted_dbu!).inputs,
    };

    const expName = experimentName("mlmetrics_it", "dbu_forecast");
    const experimentId = await client.getOrCreateExperiment(expName);
    const rn = runName("dbu_forecast", "ridge", { version: 2, date: new Date("2025-06-01T10:20:30Z") });
    const run = await client.createRun({ experimentId, runName: rn, tags });
    expect(run).toMatchObject({ experimentId, runName: rn, status: "RUNNING" });

    const plan = planLogBatch(run.runId, { metrics, params }, { step: 0, timestamp: 1_750_000_000_000 });
    const logged = await client.logBatch(run.runId, { metrics, params }, { step: 0, timestamp: 1_750_000_000_000 });
    expect(logged.requests).toBe(plan.requests.length);
    expect(logged.requests).toBe(2); // 6 params + 994 metrics, then the rest
    expect(logged.entities).toBe(Object.keys(metrics).length + 6);
    expect(logged.truncated).toEqual(["long_param"]);

    const history = Array.from({ length: 50 }, (_, step) => ({
      step,
      timestamp: 1_750_000_000_000 + step * 1000,
      metrics: { train_loss: 1 / (step + 1) + 0.01, val_loss: step === 7 ? NaN : 1.2 / (step + 1) + 0.02 },
    }));
    const hres = await client.logMetricHistory(run.runId, history);
    expect(hres).toEqual({ requests: 1, entities: 100, truncated: [] });
    await client.setTerminated(run.runId, "FINISHED");

    const expectedMetrics = { ...metrics, train_loss: history[49]!.metrics.train_loss, val_loss: history[49]!.metrics.val_loss };
    const expectedLong = "x".repeat(6000 - truncationMarker(9003).length) + truncationMarker(9003);
    const expectedParams = { ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])), long_param: expectedLong };

    // ---- REST (our client) ----
    const row = await client.getRun(run.runId);
    expect(row.status).toBe("FINISHED");
    expect(sameMetrics(row.metrics, expectedMetrics)).toEqual([]);
    expect(row.metrics.nan_metric).toBeNaN();
    expect(row.params).toEqual(expectedParams);
    expect(row.params.long_param!.length).toBe(6000);
    expect(row.params.features_sample).toBe(`${names.slice(0, 20).join(",")}...and 25 more`);
    expect(row.tags).toMatchObject({ ...tags, "mlflow.runName": rn });
    for (const key of ["train_loss", "val_loss"] as const) {
      const h = await client.getMetricHistory(run.runId, key);
      expect(h.map((p) => [p.step, p.timestamp])).toEqual(history.map((r) => [r.step, r.timestamp]));
      expect(h.every((p, i) => Object.is(p.value, history[i]!.metrics[key]))).toBe(true);
    }
    const found = await client.searchRuns([experimentId], { filter: "tags.model_type = 'regression'", orderBy: ["metrics.test_r2 DESC"] });
    expect(found.map((r) => r.runId)).toContain(run.runId);
    expect(sameMetrics(found.find((r) => r.runId === run.runId)!.metrics, expectedMetrics)).toEqual([]);

    // ---- Python mlflow.MlflowClient ----
    const py = pythonReadBack(server.uri, experimentId, run.runId, ["train_loss", "val_loss"]);
    expect(py.status).toBe("FINISHED");
    expect(py.run_name).toBe(rn);
    expect(sameMetrics(py.metrics, expectedMetrics)).toEqual([]);
    expect(Number.isNaN(py.metrics.nan_metric)).toBe(true);
    expect(Number.isNaN(py.history.val_loss![7]![2])).toBe(true);
    expect(py.params).toEqual(expectedParams);
    expect(py.tags).toMatchObject(tags);
    for (const key of ["train_loss", "val_loss"] as const) {
      expect(py.history[key]!.length).toBe(50);
      expect(py.history[key]!.every(([s, t, v], i) => s === i && t === history[i]!.timestamp && Object.is(v, history[i]!.metrics[key]))).toBe(true);
    }
    console.log(
      `round trip: ${Object.keys(expectedMetrics).length} metrics, ${Object.keys(expectedParams).length} params, ` +
        `${Object.keys(tags).length} tags, 2×50 history points in ${logged.requests}+${hres.requests} log-batch requests; ` +
        `REST and Python read-back bit-identical (NaN kept)`,
    );
  });

  test("examples/log-to-mlflow.ts runs against the server: a FINISHED run whose metrics equal ours", async () => {
    const r = spawnSync(process.execPath, ["scripts/run-ts.mjs", "examples/log-to-mlflow.ts"], {
      cwd: new URL("../", import.meta.url),
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, MLFLOW_TRACKING_URI: server.uri },
    });
    expect(r.status, r.stderr).toBe(0);
    const m = /logged run ([0-9a-f]{32}) \((dbu_forecast_ridge_v3_\d{8}_\d{6})\): (\d+) metrics\/params in 1 request/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const expId = await client.getOrCreateExperiment(experimentName("finops", "dbu_forecast"));
    const rows = await client.searchRuns([expId], { filter: `attributes.run_name = '${m![2]}'` });
    const row = rows.find((x) => x.runId === m![1])!;
    expect(row.status).toBe("FINISHED");
    const [, ...lines] = readFileSync(new URL("../examples/data/regression.csv", import.meta.url), "utf8").trim().split("\n");
    const yTrue = Float64Array.from(lines, (l) => Number(l.split(",")[0]));
    const yPred = Float64Array.from(lines, (l) => Number(l.split(",")[1]));
    const ours = regressionMetrics({ yTrue, yPred });
    for (const [k, v] of Object.entries(ours)) expect(row.metrics[k], k).toBe(v);
    expect(row.params.alpha).toBe("0.5");
  }, 150_000);

  test("±Infinity is accepted and stored as ±1.7976931348623157e308 (documented MLflow behaviour)", async () => {
    const exp = await client.getOrCreateExperiment("/Shared/mlmetrics_it_ml_inf");
    const { runId } = await client.createRun({ experimentId: exp });
    await client.logBatch(runId, { metrics: { pinf: Infinity, ninf: -Infinity } });
    const row = await client.getRun(runId);
    expect(row.metrics).toEqual({ pinf: 1.7976931348623157e308, ninf: -1.7976931348623157e308 });
  });

  test("concurrent getOrCreateExperiment for one name from separate clients → one experiment", async () => {
    const name = `/Shared/race_ml_${Date.now()}`;
    const N = 6;
    let waiting = 0;
    let release!: () => void;
    const barrier = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    // Each "pipeline" has its own client; hold every first get-by-name answer until all N
    // arrived, so all of them see "not found" and race on create.
    const racer = () => {
      let first = true;
      const f = (async (input: RequestInfo | URL, initArg?: RequestInit) => {
        const res = await fetch(input, initArg);
        const path = new URL(String(input)).pathname;
        const body = await res.clone().text();
        seen.push(`${path.split("/").pop()} ${res.status} ${(/"error_code": ?"(\w+)"/.exec(body) ?? [])[1] ?? ""}`.trim());
        if (first && path.endsWith("get-by-name")) {
          first = false;
          if (++waiting === N) release();
          await barrier;
        }
        return res;
      }) as typeof fetch;
      return new MlflowClient({ trackingUri: server.uri, fetch: f, retry: FAST });
    };
    const ids = await Promise.all(Array.from({ length: N }, () => racer().getOrCreateExperiment(name)));
    expect(new Set(ids).size).toBe(1);
    const creates = seen.filter((s) => s.startsWith("create"));
    expect(creates.length).toBe(N);
    expect(creates.filter((s) => s === "create 200").length).toBe(1);
    expect(creates.filter((s) => s.includes("RESOURCE_ALREADY_EXISTS")).length).toBe(N - 1);
    const { experiments } = await client.request<{ experiments: { name: string }[] }>("POST", "/experiments/search", {
      filter: `name = '${name}'`,
      max_results: 10,
    });
    expect(experiments.length).toBe(1);
  });

  test("our key rules agree with the server's (each key sent raw, bypassing our validation)", async () => {
    const exp = await client.getOrCreateExperiment("/Shared/mlmetrics_it_ml_keys");
    const { runId } = await client.createRun({ experimentId: exp });
    const keys = ["a b", "a:b", "a/b", "a-b.c_d", "é_ü", "a//b", "a/./b", "../a", "/a", "a/", "a@b", "a\\b", "k".repeat(250), "k".repeat(251), ""];
    const verdicts: string[] = [];
    for (const key of keys) {
      let ours = "ok";
      try {
        planLogBatch(runId, { metrics: { [key]: 1 } });
      } catch (e) {
        ours = (e as Error).name;
      }
      let theirs = "ok";
      try {
        await client.request("POST", "/runs/log-batch", { run_id: runId, metrics: [{ key, value: 1, timestamp: 1, step: 0 }] });
      } catch (e) {
        theirs = (e as MlflowApiError).errorCode;
      }
      verdicts.push(`${JSON.stringify(key.length > 20 ? `${key.slice(0, 3)}…(${key.length})` : key)}: ours ${ours}, server ${theirs}`);
      expect(ours === "ok", verdicts.at(-1)).toBe(theirs === "ok");
    }
    console.log(`key rules vs server:\n  ${verdicts.join("\n  ")}`);
  });

  test("a bad key → ValueError before any request; the run stays empty", async () => {
    const exp = await client.getOrCreateExperiment("/Shared/mlmetrics_it_ml_badkey");
    const { runId } = await client.createRun({ experimentId: exp });
    const metrics = { ...Object.fromEntries(Array.from({ length: 1500 }, (_, i) => [`m${i}`, i])), "val r2 (%)": 1 };
    const err = await client.logBatch(runId, { metrics, params: { a: 1 } }).catch((e) => e);
    expect(err).toBeInstanceOf(ValueError);
    expect(err.message).toMatch(/^Invalid metric name: 'val r2 \(%\)'\. Names may only contain alphanumerics/);
    const row = await client.getRun(runId);
    expect(row.metrics).toEqual({});
    expect(row.params).toEqual({});
  });

  test("an unknown run → MlflowApiError RESOURCE_DOES_NOT_EXIST with the server's message", async () => {
    const err = await client.getRun("nope").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err).toMatchObject({ errorCode: "RESOURCE_DOES_NOT_EXIST", status: 404, attempts: 1 });
    expect(err.message).toBe("MLflow GET /api/2.0/mlflow/runs/get failed (HTTP 404 RESOURCE_DOES_NOT_EXIST): Run with id=nope not found");
  });

  test("a wrong URI → MlflowConnectionError naming the URI, quickly", async () => {
    const port = await freePort(); // nothing listens there
    const bad = new MlflowClient({ trackingUri: `http://127.0.0.1:${port}`, retry: { maxRetries: 1, initialDelayMs: 10 } });
    const t0 = Date.now();
    const err = await bad.getOrCreateExperiment("x").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowConnectionError);
    expect(err.message).toContain(`Could not reach the MLflow tracking server at http://127.0.0.1:${port}`);
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(Date.now() - t0).toBeLessThan(5000);
    // a server that is not MLflow (the right host, the wrong path prefix)
    const wrongPath = new MlflowClient({ trackingUri: `${server.uri}/not-mlflow`, retry: FAST });
    await expect(wrongPath.getOrCreateExperiment("x")).rejects.toMatchObject({ errorCode: "ENDPOINT_NOT_FOUND", status: 404 });
  });

  test("a server answering 500 → MlflowApiError after bounded retries; never reported as success", async () => {
    let hits = 0;
    const { server: s500, uri } = await listen((_req, res) => {
      hits++;
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ error_code: "INTERNAL_ERROR", message: "simulated failure" }));
    });
    try {
      const c = new MlflowClient({ trackingUri: uri, retry: { maxRetries: 2, initialDelayMs: 10 } });
      const err = await c.logBatch("run-x", { metrics: { a: 1 } }).catch((e) => e);
      expect(err).toBeInstanceOf(MlflowApiError);
      expect(err).toMatchObject({ errorCode: "INTERNAL_ERROR", status: 500, attempts: 3 });
      expect(err.message).toBe("MLflow POST /api/2.0/mlflow/runs/log-batch failed (HTTP 500 INTERNAL_ERROR, after 3 attempts): simulated failure");
      expect(hits).toBe(3);
    } finally {
      await new Promise((r) => s500.close(r));
    }
  });

  test("a 500 on the 2nd of 3 log-batch requests (proxy to the real server) → MlflowPartialLogError; the server holds exactly the first 1000", async () => {
    const exp = await client.getOrCreateExperiment("/Shared/mlmetrics_it_ml_partial");
    const { runId } = await client.createRun({ experimentId: exp });
    let batches = 0;
    const { server: proxy, uri } = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      if (req.url!.includes("log-batch") && ++batches === 2) {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(JSON.stringify({ error_code: "INTERNAL_ERROR", message: "proxy: simulated failure" }));
        return;
      }
      const r = await fetch(server.uri + req.url, { method: req.method, headers: { "Content-Type": "application/json" }, body: req.method === "POST" ? Buffer.concat(chunks) : undefined });
      res.writeHead(r.status, { "Content-Type": "application/json" });
      res.end(await r.text());
    });
    try {
      const c = new MlflowClient({ trackingUri: uri, retry: { maxRetries: 0 } });
      const metrics = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`m${String(i).padStart(4, "0")}`, i]));
      const err = await c.logBatch(runId, { metrics }).catch((e) => e);
      expect(err).toBeInstanceOf(MlflowPartialLogError);
      expect(err).toMatchObject({ requestsSucceeded: 1, requestsTotal: 3, entitiesLogged: 1000, entitiesTotal: 2500 });
      expect(err.message).toMatch(/^Run \w+ is only partly logged: request 2 of 3 failed after 1000 of 2500/);
      const row = await client.getRun(runId);
      expect(Object.keys(row.metrics).length).toBe(1000);
      await client.setTerminated(runId, "FAILED");
      expect((await client.getRun(runId)).status).toBe("FAILED");
    } finally {
      await new Promise((r) => proxy.close(r));
    }
  });
});
