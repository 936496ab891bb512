// MLflow's own web UI (served by a real `mlflow server` 3.17.2 with artifact
// proxying) opened in Chromium on a run's artifact page shows the confusion
// matrix we logged: the <img> the UI draws holds exactly our SVG, at its size.
// MLMETRICS_UPDATE_SCREENSHOT=1 writes the screenshot to docs/mlflow-ui-confusion-matrix.png.
// Skipped loudly without .venv-mlflow or Chromium (MLMETRICS_STRICT=1 makes that a failure).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { MlflowClient, init } from "../src/index.js";
import { evaluate, logEvaluation } from "../src/figures/index.js";
import { chromiumMissing, launchChromium } from "./browser/chromium.mjs";
// @ts-expect-error: plain JS helper
import { hasMlflowVenv, startMlflowServer } from "../scripts/mlflow-server.mjs";
import { rng } from "./registry.js";

const why = !hasMlflowVenv() ? ".venv-mlflow is missing (bash scripts/mlflow-env.sh)" : chromiumMissing();
if (why) console.warn(`\n!!! test/mlflow-ui.test.ts SKIPPED: ${why}\n`);

describe.skipIf(!!why)("MLflow's web UI shows our artifacts", () => {
  test("the run's artifact page displays confusion_matrix.svg, byte for byte", async () => {
    await init();
    const server = await startMlflowServer({ artifacts: "proxy", quiet: true });
    const browser = await launchChromium();
    try {
      const client = new MlflowClient({ trackingUri: server.uri });
      const exp = await client.getOrCreateExperiment("churn-model");
      const { runId } = await client.createRun({ experimentId: exp, runName: "churn_logreg_v1" });
      const r = rng(21);
      const n = 5000;
      const yTrue = new Float64Array(n);
      const yProb = new Float64Array(n);
      const yPred = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        yTrue[i] = r() < 0.35 ? 1 : 0;
        yProb[i] = 1 / (1 + Math.exp(-(2.4 * (yTrue[i] - 0.5) + 3 * (r() - 0.5))));
        yPred[i] = yProb[i] + 0.3 * (r() - 0.5) >= 0.5 ? 1 : 0;
      }
      const ev = await evaluate("classification", { yTrue, yPred, yProb }, { preset: "mlflow" });
      await logEvaluation(client, runId, ev);
      const cm = ev.artifacts["confusion_matrix.svg"];
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${server.uri}/#/experiments/${exp}/runs/${runId}/artifacts/confusion_matrix.svg`, { waitUntil: "domcontentloaded", timeout: 90_000 }); // the UI keeps polling: networkidle may never come
      const img = page.locator('img[src^="blob:"]').first();
      await img.waitFor({ state: "visible", timeout: 120_000 });
      const shown = await img.evaluate(async (el: HTMLImageElement) => {
        const text = await (await fetch(el.src)).text();
        return { w: el.naturalWidth, h: el.naturalHeight, text };
      });
      expect(shown.text).toBe(cm.data);
      expect([shown.w, shown.h]).toEqual([cm.width, cm.height]);
      for (const f of Object.keys(ev.artifacts)) expect(await page.getByText(f).count(), f).toBeGreaterThan(0); // the artifact tree lists every file
      const out =
        process.env.MLMETRICS_UPDATE_SCREENSHOT === "1"
          ? fileURLToPath(new URL("../docs/mlflow-ui-confusion-matrix.png", import.meta.url))
          : join(mkdtempSync(join(tmpdir(), "mlmetrics-ui-")), "shot.png");
      await page.screenshot({ path: out });
    } finally {
      await browser.close();
      await server.stop();
    }
  }, 240_000);
});
