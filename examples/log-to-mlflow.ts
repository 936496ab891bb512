// From predictions to a logged, searchable MLflow run, without Python.
//
//   npm run example:mlflow          (builds, then runs this file; Node 20 has no
//                                    TypeScript loader, so scripts/run-ts.mjs strips
//                                    the types with the typescript package first)
//   MLFLOW_TRACKING_URI=http://127.0.0.1:5000 npm run example:mlflow
//
// Type-checked against the published declarations by `npm run typecheck:examples`.
//
// Without MLFLOW_TRACKING_URI it starts a throwaway local `mlflow server` from
// .venv-mlflow (bash scripts/mlflow-env.sh) and stops it at the end.
// MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD are honoured.
import { readFileSync } from "node:fs";
import {
  init,
  regressionMetrics,
  MlflowClient,
  MlflowPartialLogError,
  experimentName,
  runName,
  runTags,
  featureParams,
  inferSignature,
} from "../dist/index.js";

function readCsv(name: string): Record<string, Float64Array> {
  const [header, ...lines] = readFileSync(new URL(`./data/${name}`, import.meta.url), "utf8").trim().split("\n");
  const cols = header.split(",");
  const out: Record<string, Float64Array> = Object.fromEntries(cols.map((c) => [c, new Float64Array(lines.length)]));
  lines.forEach((line, i) => line.split(",").forEach((v, j) => (out[cols[j]][i] = Number(v))));
  return out;
}

let server: { uri: string; stop(): Promise<void> } | undefined;
if (!process.env.MLFLOW_TRACKING_URI) {
  const { startMlflowServer } = await import("../scripts/mlflow-server.mjs");
  server = await startMlflowServer();
  process.env.MLFLOW_TRACKING_URI = server.uri;
}

try {
  await init();
  const data = readCsv("regression.csv");
  const yTrue = data.daily_dbu;
  const yPred = data.predicted_dbu;

  // 1. metrics: our compact dict plus mlflow.evaluate's keys under "eval/"
  const metrics: Record<string, number> = {
    ...regressionMetrics({ yTrue, yPred }),
    ...regressionMetrics({ yTrue, yPred }, { preset: "mlflow", prefix: "eval/" }),
  };

  // 2. experiment and run, named and tagged by our conventions
  const client = new MlflowClient(); // MLFLOW_TRACKING_URI (+ token / basic auth) from the environment
  const experimentId = await client.getOrCreateExperiment(experimentName("finops", "dbu_forecast"));
  const run = await client.createRun({
    experimentId,
    runName: runName("dbu_forecast", "ridge", { version: 3 }),
    tags: {
      ...runTags({
        project: "finops",
        domain: "cost",
        modelName: "dbu_forecast",
        modelType: "regression",
        algorithm: "ridge",
        useCase: "daily DBU forecast",
      }),
      // the model signature MLflow would infer for these columns, stored as a tag
      signature_inputs: inferSignature({ daily_dbu: yTrue }, yPred).inputs,
    },
  });

  try {
    // 3. params + metrics in as few log-batch requests as MLflow's limits allow
    const features = Array.from({ length: 42 }, (_, i) => `feature_${i}`);
    const res = await client.logBatch(run.runId, {
      metrics,
      params: { ...featureParams(features), alpha: 0.5, fit_intercept: true },
    });

    // 4. a per-epoch loss series
    const history = Array.from({ length: 20 }, (_, epoch) => ({
      step: epoch,
      metrics: { train_loss: 1 / (epoch + 1), val_loss: 1.1 / (epoch + 1) + 0.02 },
    }));
    await client.logMetricHistory(run.runId, history);
    await client.setTerminated(run.runId, "FINISHED");
    console.log(`logged run ${run.runId} (${run.runName}): ${res.entities} metrics/params in ${res.requests} request(s)`);
  } catch (e) {
    // nothing is reported as success when logging fails part-way: mark the run failed and rethrow
    if (e instanceof MlflowPartialLogError) console.error(`partly logged: ${e.requestsSucceeded}/${e.requestsTotal} requests`);
    await client.setTerminated(run.runId, "FAILED").catch(() => {});
    throw e;
  }

  // 5. compare runs programmatically
  const rows = await client.searchRuns([experimentId], {
    filter: "tags.model_type = 'regression'",
    orderBy: ["metrics.test_r2 DESC"],
    maxResults: 5,
  });
  console.table(
    rows.map((r) => ({ run: r.runName, test_r2: r.metrics.test_r2, rmse: r.metrics.rmse, alpha: r.params.alpha, status: r.status })),
  );
} finally {
  await server?.stop();
}
