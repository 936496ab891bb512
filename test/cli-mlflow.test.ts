// `mlmetrics log` and `mlmetrics compare --run` against a REAL `mlflow server`
// (mlflow 3.17.2 from .venv-mlflow, SQLite in a temp dir, 127.0.0.1): the run
// is read back through the REST API; its metrics are the `eval` dict bit for
// bit; experiment, run name and tags follow our conventions; credentials from
// the environment are never printed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MlflowClient, experimentName, init } from "../src/index.js";
import { main } from "../src/cli/main.js";
import { evaluate } from "../src/figures/index.js";
import { fromJsonValue } from "../src/cli/output.js";
// @ts-expect-error: plain JS helper
import { hasMlflowVenv, startMlflowServer } from "../scripts/mlflow-server.mjs";

const HAVE = hasMlflowVenv();
if (!HAVE) {
  console.warn(
    "\n!!! test/cli-mlflow.test.ts SKIPPED: .venv-mlflow is missing, so no real MLflow server can be started.\n" +
      "!!! Run `bash scripts/mlflow-env.sh` (installs mlflow 3.17.2 into .venv-mlflow; .ci/run does this).\n",
  );
}

const DIR = mkdtempSync(join(tmpdir(), "mlmetrics-cli-mlflow-"));
const SECRET = "s3cr3t-token-never-printed";

async function cli(args: string[], env: Record<string, string | undefined>) {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    readStdin: async () => "",
    env,
  });
  return { code, out, err };
}

describe.skipIf(!HAVE)("mlmetrics log / compare --run against a real mlflow server", () => {
  let server: { uri: string; stop: () => Promise<void> };
  const examples = new URL("../examples/data/", import.meta.url).pathname;

  beforeAll(async () => {
    await init();
    server = await startMlflowServer({ quiet: true, artifacts: "proxy" });
  }, 150_000);

  afterAll(async () => {
    await server?.stop();
  }, 30_000);

  test.each([
    ["classification.csv", "classification", "churn", "xgboost"],
    ["regression.csv", "regression", "dbu_forecast", "prophet"],
    ["anomaly.csv", "anomaly_detection", "cost_spikes", "isolation_forest"],
  ])("%s: logged run holds the eval dict bit for bit, with our experiment, run name and tags", async (file, modelType, model, algorithm) => {
    const path = join(examples, file);
    const env = { MLFLOW_TRACKING_URI: server.uri, MLFLOW_TRACKING_TOKEN: SECRET };
    const evald = await cli(["eval", path, "-q"], env);
    expect(evald.code).toBe(0);
    const want = Object.fromEntries(Object.entries(JSON.parse(evald.out) as Record<string, unknown>).map(([k, v]) => [k, fromJsonValue(v)]));

    const res = await cli(["log", path, "-q", "--project", "finops", "--model", model, "--algorithm", algorithm, "--version", "3", "--tag", "team=ml", "--param", "window=28"], env);
    expect(res.err).not.toMatch(/error/i);
    expect(res.code).toBe(0);
    for (const s of [res.out, res.err, evald.out, evald.err]) expect(s).not.toContain(SECRET);
    const printed = JSON.parse(res.out) as { run_id: string; experiment_id: string; url: string; metrics: number; artifacts: string[] };
    expect(printed.url).toBe(`${server.uri}/#/experiments/${printed.experiment_id}/runs/${printed.run_id}`);
    expect(printed.metrics).toBe(Object.keys(want).length);

    const client = new MlflowClient({ trackingUri: server.uri });
    const run = await client.getRun(printed.run_id);
    expect(run.status).toBe("FINISHED");
    expect(run.runName).toMatch(new RegExp(`^${model}_${algorithm}_v3_\\d{8}_\\d{6}$`));
    const exp = await client.getExperimentByName(experimentName("finops", model));
    expect(exp?.experimentId).toBe(printed.experiment_id);
    expect(Object.keys(run.metrics).sort()).toEqual(Object.keys(want).sort());
    for (const [k, v] of Object.entries(want)) expect(Object.is(run.metrics[k], v) || (Number.isNaN(v) && Number.isNaN(run.metrics[k])), k).toBe(true);
    expect(run.tags.team).toBe("ml");
    expect(run.tags.model_type).toBe(modelType);
    expect(run.tags.algorithm).toBe(algorithm);
    expect(run.params.window).toBe("28");
    expect(Number(run.params.evaluated_rows)).toBe(500);

    // the artifacts: mlflow.evaluate's names, as evaluate() draws them from the same columns, byte for byte
    const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
    const names = head.split(",");
    const col = (i: number) => Float64Array.from(lines, (l) => Number(l.split(",")[i]));
    const batch = modelType === "anomaly_detection" ? { predictions: col(0), scores: col(1) } : modelType === "regression" ? { yTrue: col(0), yPred: col(1) } : { yTrue: col(0), yPred: col(1), yProb: col(2) };
    expect(names.length).toBe(modelType === "classification" ? 3 : 2);
    const drawn = await evaluate(modelType === "anomaly_detection" ? "anomaly" : (modelType as "regression" | "classification"), batch as never, { onWarning: () => {} });
    expect(printed.artifacts.sort()).toEqual(Object.keys(drawn.artifacts).sort());
    expect(printed.artifacts.length).toBeGreaterThan(0);
    const listed = (await client.listArtifacts(printed.run_id)).map((a) => a.path).sort();
    expect(listed).toEqual(Object.keys(drawn.artifacts).sort());
    for (const name of printed.artifacts) {
      const got = Buffer.from(await client.downloadArtifact(printed.run_id, name));
      const a = drawn.artifacts[name].data;
      expect(got.equals(Buffer.from(typeof a === "string" ? Buffer.from(a, "utf8") : a)), name).toBe(true);
    }

    // compare --run: the dict file against the logged run: exit 0, every key 0 ULP apart
    const dictFile = join(DIR, `${model}.json`);
    writeFileSync(dictFile, evald.out);
    const cmp = await cli(["compare", dictFile, "--run", printed.run_id], env);
    expect(cmp.err).toMatch(/all \d+ keys agree/);
    expect(cmp.code).toBe(0);
    expect(cmp.out).not.toMatch(/DIFFERS/);
    // a changed value beyond rtol → exit 1
    const changed = JSON.parse(evald.out) as Record<string, unknown>;
    const k0 = Object.keys(changed).find((k) => typeof changed[k] === "number" && changed[k] !== 0)!;
    changed[k0] = (changed[k0] as number) * 1.001;
    writeFileSync(dictFile, JSON.stringify(changed));
    const cmp2 = await cli(["compare", dictFile, "--run", printed.run_id, "--rtol", "1e-6"], env);
    expect(cmp2.code).toBe(1);
    expect(cmp2.out).toMatch(new RegExp(`${k0.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} .*DIFFERS`));
  }, 60_000);

  test("--no-artifacts logs the metrics only; --png logs PNG figures", async () => {
    const path = join(examples, "classification.csv");
    const env = { MLFLOW_TRACKING_URI: server.uri };
    const client = new MlflowClient({ trackingUri: server.uri });
    const none = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a", "--no-artifacts"], env);
    expect(none.code).toBe(0);
    const a = JSON.parse(none.out) as { run_id: string; artifacts: string[] };
    expect(a.artifacts).toEqual([]);
    expect(await client.listArtifacts(a.run_id)).toEqual([]);
    const png = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a", "--png"], env);
    expect(png.code).toBe(0);
    const b = JSON.parse(png.out) as { run_id: string; artifacts: string[] };
    expect(b.artifacts).toContain("confusion_matrix.png");
    const bytes = Buffer.from(await client.downloadArtifact(b.run_id, "confusion_matrix.png"));
    expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a"); // the PNG signature
  }, 120_000);

  test("a server that does not proxy artifacts: exit 1 with the flag to use, the run marked FAILED; --no-artifacts works there", async () => {
    const local = await startMlflowServer({ quiet: true });
    try {
      const path = join(examples, "regression.csv");
      const env = { MLFLOW_TRACKING_URI: local.uri };
      const res = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a"], env);
      expect(res.code).toBe(1);
      expect(res.out).toBe("");
      expect(res.err).toMatch(/--serve-artifacts/);
      expect(res.err).toMatch(/mlmetrics log --no-artifacts` logs the metrics only/);
      const ok = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a", "--no-artifacts"], env);
      expect(ok.code).toBe(0);
    } finally {
      await local.stop();
    }
  }, 180_000);

  test("required flags and an unreachable server: exit 2 / 1, nothing on stdout, no secret", async () => {
    const path = join(examples, "regression.csv");
    const missing = await cli(["log", path, "-q", "--project", "p", "--model", "m"], { MLFLOW_TRACKING_URI: server.uri, MLFLOW_TRACKING_TOKEN: SECRET });
    expect(missing.code).toBe(2);
    expect(missing.out).toBe("");
    expect(missing.err).toMatch(/--algorithm is required/);
    const noUri = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a"], {});
    expect(noUri.code).toBe(2);
    expect(noUri.err).toMatch(/MLFLOW_TRACKING_URI/);
    const down = await cli(["log", path, "-q", "--project", "p", "--model", "m", "--algorithm", "a", "--tracking-uri", "http://127.0.0.1:9"], { MLFLOW_TRACKING_TOKEN: SECRET });
    expect(down.code).toBe(1);
    expect(down.out).toBe("");
    expect(down.err).not.toContain(SECRET);
  }, 120_000);
});
