// Integration: MlflowClient's artifact methods against a REAL `mlflow server`
// (mlflow 3.17.2 from .venv-mlflow) that proxies artifacts (`--serve-artifacts
// --artifacts-destination`), read back with MLflow's own Python client
// (list_artifacts, download_artifacts) byte for byte; log_dict / log_text
// written by Python for the same inputs are byte-identical to ours. A second
// server with `--no-serve-artifacts` gives the error naming the flag. Path
// checks throw before any request (a counting fetch, no server needed).
import { spawnSync } from "node:child_process";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MlflowApiError, MlflowClient, ValueError, init } from "../src/index.js";
import { evaluate, featureImportanceFigure, logEvaluation } from "../src/figures/index.js";
// @ts-expect-error: plain JS helper
import { decodeValue, loadFixtures } from "./fixture-lib.mjs";
import { rng } from "./registry.js";
// @ts-expect-error: plain JS helper
import { MLFLOW_PYTHON, hasMlflowVenv, startMlflowServer } from "../scripts/mlflow-server.mjs";

const HAVE = hasMlflowVenv();
if (!HAVE) {
  console.warn(
    "\n!!! test/mlflow-artifacts.test.ts: the real-server suites are SKIPPED: .venv-mlflow is missing.\n" +
      "!!! Run `bash scripts/mlflow-env.sh` (installs mlflow 3.17.2 into .venv-mlflow; .ci/run does this).\n",
  );
}
const FAST = { maxRetries: 2, initialDelayMs: 20, maxDelayMs: 200 };

/** Runs Python with mlflow; `script` prints one JSON line last. */
function py(uri: string, script: string, ...args: string[]): any {
  const r = spawnSync(MLFLOW_PYTHON, ["-c", script, uri, ...args], {
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 << 20,
    env: { ...process.env, MLFLOW_TRACKING_URI: uri, PYTHONWARNINGS: "ignore" },
  });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr.slice(-3000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const PY_READ_ALL = `
import base64, json, os, sys, tempfile
from mlflow.tracking import MlflowClient
uri, run_id = sys.argv[1], sys.argv[2]
c = MlflowClient(tracking_uri=uri)
out = {}
def walk(path):
    for f in c.list_artifacts(run_id, path):
        if f.is_dir:
            walk(f.path)
        else:
            d = tempfile.mkdtemp()
            local = c.download_artifacts(run_id, f.path, d)
            with open(local, "rb") as fh:
                out[f.path] = {"size": f.file_size, "b64": base64.b64encode(fh.read()).decode()}
walk(None)
print(json.dumps(out))
`;

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ server: Server; uri: string }> {
  return new Promise((resolve) => {
    const server = createServer(handler);
    server.listen(0, "127.0.0.1", () => resolve({ server, uri: `http://127.0.0.1:${(server.address() as { port: number }).port}` }));
  });
}

describe("artifact paths are checked before any request", () => {
  let calls = 0;
  const client = new MlflowClient({
    trackingUri: "http://127.0.0.1:9",
    retry: { maxRetries: 0 },
    fetch: (async () => {
      calls++;
      throw new Error("no request expected");
    }) as typeof fetch,
  });
  const BAD = ["../x.txt", "a/../../x", "/etc/passwd", "C:\\x.txt", "C:/x.txt", "a\\b.txt", "a//b.txt", "./a.txt", "a/./b", "dir/", "a#b.txt", "", "a\nb.txt", ".."];
  test.each(BAD.map((p) => [JSON.stringify(p), p]))("%s → ValueError, no request", async (_n, p) => {
    await expect(client.logArtifact("r", p, "x")).rejects.toThrow(ValueError);
    await expect(client.downloadArtifact("r", p)).rejects.toThrow(ValueError);
    await expect(client.logText("r", "x", p)).rejects.toThrow(ValueError);
    await expect(client.logDict("r", { a: 1 }, p)).rejects.toThrow(ValueError);
    if (p !== "") await expect(client.listArtifacts("r", p)).rejects.toThrow(ValueError);
    expect(calls).toBe(0);
  });
  test("figure content must match the extension, before any request", async () => {
    await expect(client.logFigure("r", "<svg/>", "cm.png")).rejects.toThrow(ValueError);
    await expect(client.logFigure("r", new Uint8Array([1, 2, 3]), "cm.png")).rejects.toThrow(/PNG/);
    await expect(client.logDict("r", { a: 1 }, "c.yaml")).rejects.toThrow(/YAML/);
    expect(calls).toBe(0);
  });
});

describe.skipIf(!HAVE)("artifacts through a real mlflow server's proxy (mlflow 3.17.2)", () => {
  let server: { uri: string; stop: () => Promise<void>; log: () => string };
  let client: MlflowClient;
  let runId: string;
  const produced = new Map<string, Uint8Array>();

  beforeAll(async () => {
    server = await startMlflowServer({ artifacts: "proxy", quiet: false });
    client = new MlflowClient({ trackingUri: server.uri, retry: FAST });
    const exp = await client.getOrCreateExperiment("artifacts-test");
    runId = (await client.createRun({ experimentId: exp, runName: "artifacts" })).runId;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  test("text, bytes, a Blob and a stream factory upload; list and download give the same bytes", async () => {
    const enc = new TextEncoder();
    const text = "héllo, artifacts\n";
    await client.logArtifact(runId, "notes.txt", text);
    produced.set("notes.txt", enc.encode(text));
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7919) & 255);
    await client.logArtifact(runId, "bin/data.bin", bytes);
    produced.set("bin/data.bin", bytes);
    const blob = new Blob([bytes.subarray(0, 1234)]);
    await client.logArtifact(runId, "bin/blob.bin", blob);
    produced.set("bin/blob.bin", bytes.slice(0, 1234));
    // 8 MiB streamed in 64 KiB chunks
    const big = Uint8Array.from({ length: 8 << 20 }, (_, i) => (i * 31 + (i >> 13)) & 255);
    await client.logArtifact(runId, "bin/stream.bin", () => {
      let off = 0;
      return new ReadableStream<Uint8Array>({
        pull(c) {
          if (off >= big.length) return c.close();
          c.enqueue(big.subarray(off, off + 65536));
          off += 65536;
        },
      });
    });
    produced.set("bin/stream.bin", big);
    const root = await client.listArtifacts(runId);
    expect(root.map((f) => [f.path, f.isDir])).toEqual([["bin", true], ["notes.txt", false]]);
    expect(root[1].fileSize).toBe(enc.encode(text).length);
    const bin = await client.listArtifacts(runId, "bin");
    expect(bin.map((f) => [f.path, f.fileSize])).toEqual([["bin/blob.bin", 1234], ["bin/data.bin", 70_000], ["bin/stream.bin", 8 << 20]]);
    expect(await client.listArtifacts(runId, "notes.txt")).toEqual([]); // a file lists as nothing, as in MLflow
    for (const [p, b] of produced) expect(Buffer.from(await client.downloadArtifact(runId, p)).equals(Buffer.from(b)), p).toBe(true);
  }, 120_000);

  test("logDict and logText write what mlflow.log_dict / log_text write, byte for byte", async () => {
    const dict = {
      model: "ridge",
      alpha: 0.5,
      tiny: 1e-7,
      big: 1.5e300,
      n: 12,
      neg: -3.25,
      flags: [true, false, null],
      nested: { "é": "ünïcode ✓", empty: [], none: {}, quote: 'a"b\\c\n' },
    };
    await client.logDict(runId, dict, "cfg/config.json");
    await client.logText(runId, "line 1\nünïcode ✓\n", "cfg/text.txt");
    const r = py(
      server.uri,
      `
import json, sys
from mlflow.tracking import MlflowClient
uri, run_id, d = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
c = MlflowClient(tracking_uri=uri)
c.log_dict(run_id, d, "py/config.json")
c.log_text(run_id, "line 1\\nünïcode ✓\\n", "py/text.txt")
print(json.dumps({"ok": True}))
`,
      runId,
      JSON.stringify(dict),
    );
    expect(r.ok).toBe(true);
    const ours = Buffer.from(await client.downloadArtifact(runId, "cfg/config.json"));
    const theirs = Buffer.from(await client.downloadArtifact(runId, "py/config.json"));
    expect(ours.toString("utf8")).toBe(theirs.toString("utf8"));
    expect(ours.equals(theirs)).toBe(true);
    const t1 = Buffer.from(await client.downloadArtifact(runId, "cfg/text.txt"));
    const t2 = Buffer.from(await client.downloadArtifact(runId, "py/text.txt"));
    expect(t1.equals(t2)).toBe(true);
    produced.set("cfg/config.json", new Uint8Array(ours));
    produced.set("cfg/text.txt", new Uint8Array(t1));
  }, 120_000);

  test("logFigure stores SVG text and PNG bytes", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    await client.logFigure(runId, { data: svg }, "fig/f.svg");
    produced.set("fig/f.svg", new TextEncoder().encode(svg));
    // a 1×1 PNG written by Python's zlib (no PNG library needed)
    const png = py(
      server.uri,
      `
import base64, json, struct, zlib
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
raw = b"\\x89PNG\\r\\n\\x1a\\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\\x00\\xff\\x00\\x00")) + chunk(b"IEND", b"")
print(json.dumps({"b64": base64.b64encode(raw).decode()}))
`,
    );
    const pngBytes = new Uint8Array(Buffer.from(png.b64, "base64"));
    await client.logFigure(runId, pngBytes, "fig/f.png");
    produced.set("fig/f.png", pngBytes);
    expect(Buffer.from(await client.downloadArtifact(runId, "fig/f.png")).equals(Buffer.from(pngBytes))).toBe(true);
  }, 60_000);

  test("MLflow's Python client lists and downloads every artifact byte-identical", () => {
    const got = py(server.uri, PY_READ_ALL, runId) as Record<string, { size: number; b64: string }>;
    for (const [p, b] of produced) {
      expect(got[p], p).toBeDefined();
      expect(got[p].size).toBe(b.length);
      expect(Buffer.from(got[p].b64, "base64").equals(Buffer.from(b)), p).toBe(true);
    }
  }, 120_000);

  test("one run gets a full evaluation (logEvaluation); MLflow's Python client downloads every artifact byte-identical; pandas reads per_class_metrics.csv equal to mlflow.evaluate's within 1e-12", async () => {
    await init();
    const exp = await client.getOrCreateExperiment("artifacts-test");
    const run = (await client.createRun({ experimentId: exp, runName: "full-evaluation" })).runId;
    // binary, 10^4 rows, SVG
    const r = rng(11);
    const n = 10_000;
    const yTrue = new Float64Array(n);
    const yProb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yTrue[i] = r() < 0.35 ? 1 : 0;
      yProb[i] = 1 / (1 + Math.exp(-(2 * (yTrue[i] - 0.5) + 2 * (r() - 0.5))));
    }
    const yPred = yProb.map((p) => (p >= 0.5 ? 1 : 0));
    const binary = await evaluate("classification", { yTrue, yPred, yProb }, { preset: "mlflow" });
    const logged = await logEvaluation(client, run, binary);
    expect(logged.artifacts.sort()).toEqual(Object.keys(binary.artifacts).sort());
    // multiclass from the mlflow.evaluate fixture, PNG, under a directory
    const fx = loadFixtures("mlflow_evaluate");
    const mc = fx.multiclassCases.find((c: { id: string }) => c.id === "mc5_n1000_prob");
    const batch = Object.fromEntries(Object.entries(mc.args[0]).map(([k, v]) => [k, decodeValue(v)]));
    const multi = await evaluate("classification", batch as never, { preset: "mlflow", format: "png", prefix: "mc_" });
    await logEvaluation(client, run, multi, { artifactPath: "multiclass" });
    const fi = await featureImportanceFigure(["a", "b", "c"], [0.2, 0.5, 0.3]);
    await client.logFigure(run, fi, "feature_importance.svg");
    await client.logDict(run, { model: "lookup", classes: 5 }, "config.json");
    const expected = new Map<string, Uint8Array>();
    for (const [f, a] of Object.entries(binary.artifacts)) expected.set(f, typeof a.data === "string" ? new TextEncoder().encode(a.data) : a.data);
    for (const [f, a] of Object.entries(multi.artifacts)) expected.set(`multiclass/${f}`, typeof a.data === "string" ? new TextEncoder().encode(a.data) : a.data);
    expected.set("feature_importance.svg", new TextEncoder().encode(fi.data as string));
    const got = py(server.uri, PY_READ_ALL, run) as Record<string, { size: number; b64: string }>;
    expect(Object.keys(got).sort()).toEqual([...expected.keys(), "config.json"].sort());
    for (const [p, b] of expected) expect(Buffer.from(got[p].b64, "base64").equals(Buffer.from(b)), p).toBe(true);
    // metrics read back as logged
    const row = await client.getRun(run);
    for (const [k, v] of Object.entries(binary.metrics)) expect(row.metrics[k], k).toBe(v);
    // per_class_metrics.csv: pandas reads ours and MLflow's own for the same data
    const cmp = py(
      server.uri,
      `
import io, json, sys, tempfile
import numpy as np, pandas as pd
from mlflow.tracking import MlflowClient
uri, run_id, theirs = sys.argv[1], sys.argv[2], sys.argv[3]
c = MlflowClient(tracking_uri=uri)
ours = pd.read_csv(c.download_artifacts(run_id, "multiclass/mc_per_class_metrics.csv", tempfile.mkdtemp()))
ref = pd.read_csv(io.StringIO(theirs))
same_cols = list(ours.columns) == list(ref.columns)
num = ref.select_dtypes("number").columns
worst = float(np.max(np.abs(ours[num].to_numpy(float) - ref[num].to_numpy(float)) / np.maximum(np.abs(ref[num].to_numpy(float)), 1e-300)))
print(json.dumps({"same_cols": same_cols, "cols": list(ours.columns), "worst": worst, "labels": ours["positive_class"].tolist() == ref["positive_class"].tolist(), "rows": len(ours)}))
`,
      run,
      mc.perClassMetricsCsv,
    );
    expect(cmp.same_cols).toBe(true);
    expect(cmp.labels).toBe(true);
    expect(cmp.rows).toBe(5);
    expect(cmp.worst).toBeLessThanOrEqual(1e-12);
  }, 180_000);

  test("uploads and downloads are retried on 503 like every call (a flaky proxy in front)", async () => {
    const seen = new Set<string>();
    let failures = 0;
    const { server: proxy, uri } = await listen(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const key = `${req.method} ${req.url}`;
      if (req.url!.includes("mlflow-artifacts") && !seen.has(key)) {
        seen.add(key);
        failures++;
        res.writeHead(503, { "content-type": "text/plain" }).end("try again");
        return;
      }
      const up = await fetch(server.uri + req.url, {
        method: req.method,
        headers: { "content-type": String(req.headers["content-type"] ?? "application/octet-stream") },
        body: req.method === "GET" ? undefined : Buffer.concat(chunks),
      });
      res.writeHead(up.status, { "content-type": up.headers.get("content-type") ?? "" }).end(Buffer.from(await up.arrayBuffer()));
    });
    try {
      const flaky = new MlflowClient({ trackingUri: uri, retry: FAST });
      const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13) & 255);
      await flaky.logArtifact(runId, "retry/data.bin", () => new Blob([data]).stream());
      const back = await flaky.downloadArtifact(runId, "retry/data.bin");
      expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
      expect(failures).toBe(2); // the PUT and the GET each failed once and were retried
    } finally {
      proxy.close();
    }
  }, 60_000);
});

describe.skipIf(!HAVE)("a server that does not proxy artifacts (mlflow server --no-serve-artifacts)", () => {
  let server: { uri: string; stop: () => Promise<void> };
  let client: MlflowClient;
  beforeAll(async () => {
    server = await startMlflowServer({ artifacts: "off", quiet: false });
    client = new MlflowClient({ trackingUri: server.uri, retry: FAST });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  test("a run with a local artifact root: the error names --serve-artifacts, nothing is uploaded", async () => {
    const exp = await client.getOrCreateExperiment("no-proxy");
    const { runId } = await client.createRun({ experimentId: exp });
    const err = await client.logArtifact(runId, "a.txt", "x").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err.errorCode).toBe("ARTIFACT_PROXY_DISABLED");
    expect(err.message).toMatch(/--serve-artifacts/);
  }, 60_000);

  test("an mlflow-artifacts: run on that server: the server's 503 becomes the same error, not retried", async () => {
    const exp = await client.createExperiment("proxied-location", { artifactLocation: "mlflow-artifacts:/elsewhere" });
    const { runId } = await client.createRun({ experimentId: exp });
    const err = await client.logArtifact(runId, "a.txt", "x").catch((e) => e);
    expect(err).toBeInstanceOf(MlflowApiError);
    expect(err.errorCode).toBe("ARTIFACT_PROXY_DISABLED");
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(1);
    expect(err.message).toMatch(/--serve-artifacts/);
  }, 60_000);
});
