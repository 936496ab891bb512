// `mlmetrics log` and `mlmetrics compare --run` against a REAL `mlflow server`
// (mlflow 3.17.2 from .venv-mlflow, SQLite in a temp dir, 127.0.0.1): the run
// is read back through the REST API; its metrics are the `eval` dict bit for
// bit; experiment, run name and tags follow our conventions; credentials from
// the environment are never printed.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MlflowClient, experimentName, init } from "../src/index.js";
import { main } from "../src/cli/main.js";
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
    server = await startMlflowServer({ quiet: true });
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
    const printed = JSON.parse(res.out) as { run_id: string; experiment_id: string; url: string; metrics: number };
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
    expect(Number(run.params.evaluated_rows)).toBeGreaterThan(0);

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
