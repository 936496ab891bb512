// Start a throwaway `mlflow server` for tests and examples, and always stop it.
//
//   import { startMlflowServer } from "./scripts/mlflow-server.mjs";
//   const server = await startMlflowServer();   // { uri, port, dir, stop(), log() }
//   ...; await server.stop();
//
// or from a shell (stays up until Ctrl+C, prints the URI):
//   node scripts/mlflow-server.mjs
//
// SQLite backend and artifacts in a fresh temp dir, bound to 127.0.0.1 on a free port,
// one worker, MLflow's background job runner off (it would spawn huey consumers).
// The server runs in its own process group, so stop() ends it and every child it
// started; the temp dir is removed. Needs .venv-mlflow (bash scripts/mlflow-env.sh; or $MLFLOW_VENV).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("..", import.meta.url));
// MLFLOW_VENV: the same override scripts/mlflow-env.sh honours (default <repo>/.venv-mlflow).
export const MLFLOW_VENV = process.env.MLFLOW_VENV || join(REPO, ".venv-mlflow");
export const MLFLOW_BIN = join(MLFLOW_VENV, "bin", "mlflow");
export const MLFLOW_PYTHON = join(MLFLOW_VENV, "bin", "python");

/** True when the venv with the `mlflow` CLI exists. */
export function hasMlflowVenv() {
  return existsSync(MLFLOW_BIN) && existsSync(MLFLOW_PYTHON);
}

/** A free TCP port on 127.0.0.1 (asks the OS, then releases it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const live = new Set();
process.once("exit", () => {
  for (const pid of live) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  }
});

/**
 * `artifacts`: "local" (default: `--default-artifact-root <dir>/artifacts`, runs
 * get a local artifact path the Python client writes to directly), "proxy"
 * (`--serve-artifacts --artifacts-destination <dir>/artifacts`: runs get
 * `mlflow-artifacts:/...` URIs and every artifact goes through the server's
 * `/api/2.0/mlflow-artifacts` proxy) or "off" (`--no-serve-artifacts`, local root).
 * @param {{ timeoutMs?: number, quiet?: boolean, artifacts?: "local" | "proxy" | "off" }} [opts]
 * @returns {Promise<{ uri: string, port: number, dir: string, pid: number, startupMs: number, log: () => string, stop: () => Promise<void> }>}
 */
export async function startMlflowServer(opts = {}) {
  if (!hasMlflowVenv()) throw new Error(`${MLFLOW_BIN} not found: run bash scripts/mlflow-env.sh`);
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const dir = mkdtempSync(join(tmpdir(), "mlmetrics-mlflow-"));
  const port = await freePort();
  const uri = `http://127.0.0.1:${port}`;
  const artifacts = opts.artifacts ?? "local";
  const artifactArgs =
    artifacts === "proxy" ? ["--serve-artifacts", "--artifacts-destination", join(dir, "artifacts")]
    : artifacts === "off" ? ["--no-serve-artifacts", "--default-artifact-root", join(dir, "artifacts")]
    : ["--default-artifact-root", join(dir, "artifacts")];
  const args = [
    "server",
    "--backend-store-uri", `sqlite:///${join(dir, "mlflow.db")}`,
    ...artifactArgs,
    "--host", "127.0.0.1",
    "--port", String(port),
    "--workers", "1",
  ];
  const t0 = Date.now();
  const child = spawn(MLFLOW_BIN, args, {
    cwd: dir,
    detached: true, // own process group: stop() kills the server and its children
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false", PYTHONUNBUFFERED: "1" },
  });
  live.add(child.pid);
  let out = "";
  const keep = (b) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exitP = new Promise((resolve) => child.once("exit", (code, signal) => resolve((exited = { code, signal }))));

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (exited === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* gone */
      }
      const t = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5000);
      await exitP;
      clearTimeout(t);
    }
    // children of the group that outlived the leader
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      /* none left */
    }
    live.delete(child.pid);
    rmSync(dir, { recursive: true, force: true });
  };

  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`mlflow server exited during startup (${JSON.stringify(exited)}):\n${out.slice(-3000)}`);
    }
    if (Date.now() - t0 > timeoutMs) {
      await stop();
      throw new Error(`mlflow server did not answer ${uri}/health within ${timeoutMs} ms:\n${out.slice(-3000)}`);
    }
    try {
      const r = await fetch(`${uri}/health`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const startupMs = Date.now() - t0;
  if (!opts.quiet) console.log(`mlflow server up at ${uri} in ${startupMs} ms (pid ${child.pid}, dir ${dir})`);
  return { uri, port, dir, pid: child.pid, startupMs, log: () => out, stop };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // --proxy-artifacts: serve artifacts through the server (what MlflowClient.logArtifact needs)
  const server = await startMlflowServer({ artifacts: process.argv.includes("--proxy-artifacts") ? "proxy" : "local" });
  console.log(`MLFLOW_TRACKING_URI=${server.uri}   (Ctrl+C stops it and deletes ${server.dir})`);
  const bye = async () => {
    await server.stop();
    process.exit(0);
  };
  process.on("SIGINT", bye);
  process.on("SIGTERM", bye);
}
