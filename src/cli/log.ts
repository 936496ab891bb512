/**
 * `mlmetrics log`: an evaluated dict logged to MLflow with our conventions
 * (experiment, run name and tags of src/mlflow/conventions.ts), through the
 * library's REST client (retries, batching, MLflow's limits).
 * @module
 */
import { MlflowClient } from "../mlflow/client.js";
import { MlflowApiError } from "../mlflow/errors.js";
import { type Domain, DOMAINS, experimentName, runName, runTags } from "../mlflow/conventions.js";
import { UsageError } from "./args.js";

const MODEL_TYPE = { regression: "regression", classification: "classification", anomaly: "anomaly_detection" } as const;

function keyValues(list: unknown, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (list as string[] | undefined) ?? []) {
    const i = kv.indexOf("=");
    if (i <= 0) throw new UsageError(`--${flag} expects key=value, got '${kv}'`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v.trim() === "") throw new UsageError(`log: --${name} is required`);
  return v;
}

/**
 * The REST client of `--tracking-uri` (or MLFLOW_TRACKING_URI) with MLflow's
 * usual credential variables (MLFLOW_TRACKING_TOKEN, or _USERNAME and
 * _PASSWORD); credentials are sent as headers and never printed.
 */
export function mlflowClient(values: Record<string, unknown>, env: Record<string, string | undefined>, command: string): MlflowClient {
  const trackingUri = (values["tracking-uri"] as string | undefined) ?? env.MLFLOW_TRACKING_URI;
  if (!trackingUri) throw new UsageError(`${command}: no MLflow server — give --tracking-uri or set MLFLOW_TRACKING_URI`);
  return new MlflowClient({
    trackingUri,
    token: env.MLFLOW_TRACKING_TOKEN,
    username: env.MLFLOW_TRACKING_USERNAME,
    password: env.MLFLOW_TRACKING_PASSWORD,
  });
}

/**
 * Creates the run, logs the dict (plus params and tags) and the artifacts (file name → content),
 * ends the run; returns its id and URL.
 */
export async function logEvaluation(
  dict: Record<string, number>,
  task: keyof typeof MODEL_TYPE,
  values: Record<string, unknown>,
  env: Record<string, string | undefined>,
  rows: number,
  artifacts: Record<string, string | Uint8Array> = {},
): Promise<{ runId: string; experimentId: string; url: string }> {
  const project = required(values, "project");
  const model = required(values, "model");
  const algorithm = required(values, "algorithm");
  const domain = (values.domain ?? "performance") as string;
  if (!(DOMAINS as readonly string[]).includes(domain)) throw new UsageError(`--domain must be one of ${DOMAINS.join(", ")}, got '${domain}'`);
  const client = mlflowClient(values, env, "log");
  const experimentId = await client.getOrCreateExperiment(experimentName(project, model));
  const extra = keyValues(values.tag, "tag");
  const tags = {
    ...runTags({
      project,
      domain: domain as Domain,
      modelName: model,
      modelType: MODEL_TYPE[task],
      algorithm,
      useCase: (values["use-case"] as string | undefined) ?? model,
    }),
    ...extra,
  };
  const run = await client.createRun({ experimentId, runName: runName(model, algorithm, { version: (values.version as string | undefined) ?? 1 }), tags });
  try {
    await client.logBatch(run.runId, { metrics: dict, params: { ...keyValues(values.param, "param"), evaluated_rows: rows } });
    for (const [file, data] of Object.entries(artifacts)) await client.logArtifact(run.runId, file, data);
    await client.setTerminated(run.runId, "FINISHED");
  } catch (e) {
    await client.setTerminated(run.runId, "FAILED").catch(() => {});
    if (e instanceof MlflowApiError && e.errorCode === "ARTIFACT_PROXY_DISABLED") {
      throw new Error(`${e.message} (the run ${run.runId} is marked FAILED; \`mlmetrics log --no-artifacts\` logs the metrics only)`);
    }
    throw e;
  }
  const base = client.trackingUri.replace(/\/+$/, "");
  return { runId: run.runId, experimentId, url: `${base}/#/experiments/${experimentId}/runs/${run.runId}` };
}
