// mlmetrics/artifacts in a browser: a page that imports it (bundled by Vite)
// renders a binary and a multiclass evaluation in Chromium with Vega's
// headless SVG renderer. Same artifact names as Node, every SVG parses as XML,
// the same titles, axis titles, legends (AUC/AP) and cell values as Node's
// figures (the pixel layout may differ: the browser measures text with a canvas).
// Without Chromium this suite is skipped with the reason printed.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromiumMissing, launchChromium } from "./browser/chromium.mjs";
import { serveStatic } from "./browser/static-server.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const missing = chromiumMissing();
if (missing) console.log(`\n!!! test/browser-artifacts.test.ts SKIPPED: ${missing}\n`);

const INPUT = `
const n = 4000;
let s = 7;
const r = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
export const binary = { yTrue: new Float64Array(n), yPred: new Float64Array(n), yProb: new Float64Array(n) };
for (let i = 0; i < n; i++) {
  const y = r() < 0.35 ? 1 : 0;
  const p = 1 / (1 + Math.exp(-(2.4 * (y - 0.5) + 3 * (r() - 0.5))));
  binary.yTrue[i] = y; binary.yProb[i] = p; binary.yPred[i] = p + 0.3 * (r() - 0.5) >= 0.5 ? 1 : 0;
}
const names = ["bird", "cat", "dog"];
export const multi = { yTrue: [], yPred: [], yProb: [] };
for (let i = 0; i < 600; i++) {
  const y = names[Math.floor(r() * 3)];
  const z = names.map((c) => Math.exp((c === y ? 1.5 : 0) + r()));
  const t = z.reduce((a, b) => a + b, 0);
  const row = z.map((v) => v / t);
  multi.yTrue.push(y); multi.yProb.push(row); multi.yPred.push(names[row.indexOf(Math.max(...row))]);
}
`;

const MAIN = `
import { init } from "mlmetrics";
import { evaluate } from "mlmetrics/artifacts";
import { binary, multi } from "./input.js";
const out = document.getElementById("out");
try {
  await init();
  const res = {};
  for (const [k, b] of Object.entries({ binary, multi })) {
    const ev = await evaluate("classification", b, { preset: "mlflow" });
    res[k] = Object.fromEntries(Object.entries(ev.artifacts).map(([f, a]) => [f, { format: a.format, width: a.width, height: a.height, data: a.data }]));
  }
  out.textContent = JSON.stringify(res);
  out.dataset.state = "ok";
} catch (err) {
  out.textContent = String(err && err.stack || err);
  out.dataset.state = "error";
}
`;

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).sort();
}

describe.skipIf(missing !== null)("mlmetrics/artifacts bundled by Vite, in Chromium", () => {
  let server: { url: string; close: () => Promise<void> | void };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  const warnings: string[] = [];

  beforeAll(async () => {
    const app = mkdtempSync(join(tmpdir(), "mlmetrics-artifacts-app-"));
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, "index.html"), '<!doctype html><meta charset="utf-8"><pre id="out"></pre><script type="module" src="./main.js"></script>');
    writeFileSync(join(app, "main.js"), MAIN);
    writeFileSync(join(app, "input.js"), INPUT);
    const { build, createLogger } = await import("vite");
    const logger = createLogger("warn");
    logger.warn = (msg) => warnings.push(msg);
    await build({
      root: app,
      configFile: false,
      logLevel: "warn",
      customLogger: logger,
      resolve: {
        alias: [
          { find: /^mlmetrics\/artifacts$/, replacement: join(ROOT, "dist/figures/index.js") },
          { find: /^mlmetrics$/, replacement: join(ROOT, "dist/index.js") },
        ],
      },
      build: { outDir: join(app, "dist"), chunkSizeWarningLimit: 4000 },
    });
    server = await serveStatic(join(app, "dist"));
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test("the browser renders the same artifacts as Node: names, valid SVG, the same texts", async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    await page.goto(`${server.url}/index.html`);
    await page.waitForSelector("#out[data-state]", { timeout: 60_000 });
    const state = await page.getAttribute("#out", "data-state");
    const text = (await page.textContent("#out"))!;
    await page.close();
    expect(state, text.slice(0, 2000)).toBe("ok");
    expect(problems).toEqual([]);
    const got = JSON.parse(text) as Record<string, Record<string, { format: string; width: number; height: number; data: string }>>;
    // Node's rendering of the same inputs
    const dataUrl = `data:text/javascript,${encodeURIComponent(INPUT)}`;
    const inputs = await import(/* @vite-ignore */ dataUrl);
    const mlm = await import("../src/index.js");
    const { evaluate } = await import("../src/figures/index.js");
    await mlm.init();
    for (const k of ["binary", "multi"]) {
      const ev = await evaluate("classification", inputs[k], { preset: "mlflow" });
      expect(Object.keys(got[k]).sort()).toEqual(Object.keys(ev.artifacts).sort());
      for (const [f, a] of Object.entries(ev.artifacts)) {
        const b = got[k][f];
        if (a.format === "csv") {
          expect(b.data).toBe(a.data); // per_class_metrics.csv: the same bytes
          continue;
        }
        expect(XMLValidator.validate(b.data), f).toBe(true);
        expect(texts(b.data), f).toEqual(texts(a.data as string));
        expect(b.data.length, f).toBeLessThan(200_000);
      }
    }
    expect(warnings.filter((w) => !/dynamic import/i.test(w))).toEqual([]);
  }, 120_000);
});
