// Browser suites, in Debian's Chromium driven by playwright-core:
//  1. the published ESM files (dist/) load unbundled through an import map,
//     compile asynchronously, work under a CSP with 'wasm-unsafe-eval', and
//     with the shipped build/mlmetrics.wasm;
//  2. a consumer app that imports `mlmetrics` by name is bundled by Vite and runs;
//  3. the preview page (examples/preview/) shows exactly the numbers Node
//     computes for the same files, and clear messages for bad files.
// Without Chromium every test here is skipped with the reason printed (and
// `npm test` under MLMETRICS_STRICT=1 then fails).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { chromiumMissing, launchChromium } from "./browser/chromium.mjs";
import { serveStatic } from "./browser/static-server.mjs";
import { INPUT } from "./consumer-vite/input.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIX = join(ROOT, "test/fixtures/browser");
const OUT = mkdtempSync(join(tmpdir(), "mlmetrics-browser-"));
/** A private copy of the package as published (dist/ built from the current src/, the .wasm, package.json). */
const PKG = join(OUT, "pkg");
const missing = chromiumMissing();
if (missing) {
  console.log(`\n!!! BROWSER SUITES SKIPPED: ${missing}\n`);
}

type Mlm = typeof import("../src/index.js");
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type Page = Awaited<ReturnType<Browser["newPage"]>>;

/** A CSV without quotes → numeric columns (independent of the page's parser). */
function readCsv(path: string): Record<string, Float64Array> {
  const [header, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const cols = header.split(",");
  const out = Object.fromEntries(cols.map((c) => [c, new Float64Array(lines.length)]));
  lines.forEach((line, i) => line.split(",").forEach((v, j) => (out[cols[j]][i] = Number(v))));
  return out;
}

/** A CSV without quotes → its cells as text, per column. */
function readCells(path: string): Record<string, string[]> {
  const [header, ...lines] = readFileSync(path, "utf8").trimEnd().split("\n");
  const cols = header.split(",");
  const out: Record<string, string[]> = Object.fromEntries(cols.map((c) => [c, []]));
  for (const line of lines) line.split(",").forEach((v, j) => out[cols[j]].push(v));
  return out;
}
const nums = (xs: string[]) => Float64Array.from(xs, Number);
const bools = (xs: string[]) => xs.map((x) => x.toLowerCase() === "true");
/** One row per sample from per-class columns (the library's number[][] form). */
const rowsOf = (cols: Float64Array[]) => Array.from(cols[0], (_, i) => cols.map((c) => c[i]));

/** Collects uncaught page errors and failed requests, to assert there were none. */
function watch(page: Page) {
  const problems: string[] = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`requestfailed: ${r.url()}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return problems;
}

describe.skipIf(missing !== null)("in Chromium", () => {
  let browser: Browser;
  let mlm: Mlm;

  beforeAll(async () => {
    // The suites test the published files, built from the current src/ into a private
    // directory (not the shared dist/, which other builds may be rewriting meanwhile).
    const tsc = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json", "--outDir", join(PKG, "dist")], {
      cwd: ROOT,
      encoding: "utf8",
    });
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    mkdirSync(join(PKG, "build"));
    for (const f of readdirSync(join(ROOT, "build")).filter((f) => f.endsWith(".wasm"))) {
      cpSync(join(ROOT, "build", f), join(PKG, "build", f));
    }
    cpSync(join(ROOT, "package.json"), join(PKG, "package.json"));
    cpSync(join(ROOT, "test/consumer-vite/input.js"), join(PKG, "test/consumer-vite/input.js"));
    symlinkSync(join(ROOT, "node_modules"), join(PKG, "node_modules"), "dir");
    mlm = (await import(join(PKG, "dist/index.js"))) as Mlm;
    await mlm.init();
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  describe("published ESM files, unbundled, through an import map", () => {
    const NONCE = "t3st";
    const importMap = (nonce = "") =>
      `<script type="importmap"${nonce && ` nonce="${nonce}"`}>${JSON.stringify({
        imports: {
          mlmetrics: "/dist/index.js",
          "@assemblyscript/loader": "/node_modules/@assemblyscript/loader/index.js",
        },
      })}</script>`;
    // Counts synchronous compilations (new WebAssembly.Module) and async ones.
    const spy = `
      window.__sync = 0; window.__async = 0;
      WebAssembly.Module = new Proxy(WebAssembly.Module, { construct(t, a) { window.__sync++; return new t(...a); } });
      const c = WebAssembly.compile; WebAssembly.compile = (...a) => { window.__async++; return c(...a); };`;
    const body = (setup: string) => `
      import * as m from "mlmetrics";
      import { INPUT } from "/test/consumer-vite/input.js";
      try {
        ${setup}
        window.__result = {
          regression: m.regressionMetrics(INPUT.regression),
          classification: m.classificationMetrics(INPUT.classification, { preset: "mlflow" }),
          sync: window.__sync, async: window.__async,
        };
      } catch (err) { window.__result = { error: String(err) }; }`;
    const page = (setup: string, nonce = "") =>
      `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${importMap(nonce)}` +
      `<script type="module"${nonce && ` nonce="${nonce}"`}>${spy}${body(setup)}</script></head><body></body></html>`;
    let server: Awaited<ReturnType<typeof serveStatic>>;

    beforeAll(async () => {
      server = await serveStatic(PKG, {
        pages: {
          "/esm.html": page("await m.init();"),
          "/wasm.html": page('await m.init(await WebAssembly.compileStreaming(fetch("/build/mlmetrics.wasm")));'),
          "/csp.html": page("await m.init();", NONCE),
          "/csp-no-wasm.html": page("await m.init();", NONCE),
        },
        headers: {
          "/csp.html": { "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${NONCE}' 'wasm-unsafe-eval'` },
          "/csp-no-wasm.html": { "content-security-policy": `default-src 'self'; script-src 'self' 'nonce-${NONCE}'` },
        },
      });
    });
    afterAll(async () => server?.close());

    async function run(path: string) {
      const p = await browser.newPage();
      const problems = watch(p);
      await p.goto(server.url + path);
      await p.waitForFunction(() => (window as any).__result !== undefined, null, { timeout: 20_000 });
      const result = await p.evaluate(() => (window as any).__result);
      await p.close();
      return { result, problems };
    }

    const expected = () => ({
      regression: mlm.regressionMetrics(INPUT.regression),
      classification: mlm.classificationMetrics(INPUT.classification, { preset: "mlflow" }),
    });

    test("dist/index.js loads and init() compiles the embedded bytes asynchronously; numbers equal Node's", async () => {
      const before = server.requests.length;
      const { result, problems } = await run("/esm.html");
      expect(problems).toEqual([]);
      expect(result.error).toBeUndefined();
      expect({ regression: result.regression, classification: result.classification }).toEqual(expected());
      expect(result.sync).toBe(0);
      expect(result.async).toBe(1);
      // Only the package's own ESM files and its one dependency were fetched.
      const fetched = server.requests.slice(before).filter((r) => r !== "/esm.html");
      for (const r of fetched) {
        expect(r).toMatch(/^\/(dist\/[\w/-]+\.js|node_modules\/@assemblyscript\/loader\/index\.js|test\/consumer-vite\/input\.js)$/);
      }
      expect(fetched).toContain("/dist/wasm/core.js");
    });

    test("the shipped build/mlmetrics.wasm works: compileStreaming, then init(module)", async () => {
      const { result, problems } = await run("/wasm.html");
      expect(problems).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.async).toBe(0); // the embedded bytes were not compiled
      expect({ regression: result.regression, classification: result.classification }).toEqual(expected());
    });

    test("under a CSP, script-src 'wasm-unsafe-eval' is what init() needs", async () => {
      const ok = await run("/csp.html");
      expect(ok.result.error).toBeUndefined();
      expect(ok.result.regression).toEqual(expected().regression);
      const blocked = await run("/csp-no-wasm.html");
      console.log(`without wasm-unsafe-eval: ${blocked.result.error}`);
      expect(blocked.result.error).toMatch(/CompileError/);
    });
  });

  describe("a consumer app bundled by Vite", () => {
    let server: Awaited<ReturnType<typeof serveStatic>>;
    const warnings: string[] = [];
    let bundleText = "";

    beforeAll(async () => {
      // Lay the package out as npm would install it: the files `npm pack` lists.
      const app = join(OUT, "consumer");
      cpSync(join(ROOT, "test/consumer-vite"), app, { recursive: true });
      const pack = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
      if (pack.status !== 0) throw new Error(`npm pack failed: ${pack.stderr}`);
      const files: { path: string }[] = JSON.parse(pack.stdout)[0].files;
      const pkg = join(app, "node_modules/mlmetrics");
      for (const f of files) {
        mkdirSync(dirname(join(pkg, f.path)), { recursive: true });
        cpSync(existsSync(join(PKG, f.path)) ? join(PKG, f.path) : join(ROOT, f.path), join(pkg, f.path));
      }
      mkdirSync(join(app, "node_modules/@assemblyscript"), { recursive: true });
      symlinkSync(join(ROOT, "node_modules/@assemblyscript/loader"), join(app, "node_modules/@assemblyscript/loader"), "dir");
      const { build, createLogger } = await import("vite");
      const logger = createLogger("warn");
      const warn = logger.warn;
      logger.warn = (msg, opts) => {
        warnings.push(msg);
        warn(msg, opts);
      };
      await build({
        root: app,
        configFile: false,
        logLevel: "warn",
        customLogger: logger,
        build: {
          outDir: join(app, "dist"),
          rolldownOptions: { input: { main: join(app, "index.html"), wasm: join(app, "wasm.html") } },
        },
      });
      const assets = join(app, "dist/assets");
      bundleText = readdirSync(assets).filter((f) => f.endsWith(".js"))
        .map((f) => readFileSync(join(assets, f), "utf8")).join("\n");
      server = await serveStatic(join(app, "dist"));
    }, 120_000);
    afterAll(async () => server?.close());

    test("the bundle builds without warnings and has no Node built-ins", () => {
      expect(warnings).toEqual([]);
      expect(bundleText).not.toMatch(/["'](node:)?(fs|path|url|module|child_process)["']/);
      expect(bundleText).not.toMatch(/\bBuffer\.from\b/);
    });

    test("it runs in Chromium (embedded bytes) and its numbers equal Node's", async () => {
      const p = await browser.newPage();
      const problems = watch(p);
      await p.goto(`${server.url}/index.html`);
      await p.waitForSelector("#out[data-state]", { timeout: 20_000 });
      const text = await p.textContent("#out");
      await p.close();
      expect(problems).toEqual([]);
      const got = JSON.parse(text!);
      expect(got.regression).toEqual(mlm.regressionMetrics(INPUT.regression));
      expect(got.classification).toEqual(mlm.classificationMetrics(INPUT.classification, { preset: "mlflow" }));
      expect(got.auc).toBe(mlm.rocAucScore(INPUT.classification.yTrue, INPUT.classification.yProb));
    });

    test("the shipped .wasm is emitted as an asset (mlmetrics/mlmetrics.wasm?url) and works", async () => {
      const p = await browser.newPage();
      const problems = watch(p);
      await p.goto(`${server.url}/wasm.html`);
      await p.waitForSelector("#out[data-state]", { timeout: 20_000 });
      const text = await p.textContent("#out");
      await p.close();
      expect(problems).toEqual([]);
      const got = JSON.parse(text!);
      expect(got.wasmUrl).toMatch(/\.wasm$/);
      expect(got.regression).toEqual(mlm.regressionMetrics(INPUT.regression));
    });
  });

  describe("the preview page (examples/preview)", () => {
    let server: { url: string; close: () => Promise<void> | void };
    let page: Page;
    let problems: string[];

    beforeAll(async () => {
      const { buildPreview, servePreview } = await import("../examples/preview/serve.mjs");
      await buildPreview({ mlmetrics: join(PKG, "dist/index.js"), outDir: join(OUT, "preview") });
      server = await servePreview(0, { outDir: join(OUT, "preview") });
      page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      problems = watch(page);
      await page.goto(server.url);
    }, 120_000);
    afterAll(async () => {
      await page?.close();
      await server?.close();
    });

    async function settle() {
      await page.waitForFunction(() => ["ready", "error"].includes(document.body.dataset.state ?? ""), null, {
        timeout: 60_000,
      });
      return page.evaluate(() => document.body.dataset.state);
    }
    async function upload(path: string) {
      await page.evaluate(() => (document.body.dataset.state = "uploading"));
      await page.setInputFiles("#file", path);
      return settle();
    }
    async function uploadNoReset(path: string) {
      await page.setInputFiles("#file", path);
      return settle();
    }
    const dictShown = (preset: string) =>
      page.$$eval(`.dict[data-preset="${preset}"] tr[data-key]`, (rows) =>
        Object.fromEntries(rows.map((r) => [(r as HTMLElement).dataset.key, Number((r as HTMLElement).dataset.value)])),
      );
    const message = () => page.evaluate(() => document.querySelector("#message")!.textContent);
    const messageVisible = () => page.evaluate(() => !(document.querySelector("#message") as HTMLElement).hidden);
    const threshold = () =>
      page.evaluate(() => ({
        t: Number(document.querySelector<HTMLElement>("#threshold-panel")!.dataset.t),
        precision: Number(document.querySelector<HTMLElement>("#precision")!.dataset.value),
        recall: Number(document.querySelector<HTMLElement>("#recall")!.dataset.value),
        f1: Number(document.querySelector<HTMLElement>("#f1")!.dataset.value),
        cells: Object.fromEntries(
          [...document.querySelectorAll<HTMLElement>("#confusion td")].map((td) => [td.dataset.cell, Number(td.querySelector("b")!.textContent!.replace(/\D/g, ""))]),
        ),
      }));
    async function setThreshold(t: number) {
      await page.evaluate((t) => {
        const s = document.querySelector<HTMLInputElement>("#threshold")!;
        s.value = String(t);
        s.dispatchEvent(new Event("input", { bubbles: true }));
      }, t);
      await page.waitForFunction((t) => Number(document.querySelector<HTMLElement>("#threshold-panel")!.dataset.t) === t, t);
    }
    function nodeAtThreshold(yTrue: Float64Array, score: Float64Array, t: number) {
      const yPred = score.map((v) => (v >= t ? 1 : 0));
      const o = { posLabel: 1, zeroDivision: 0 as const };
      const [[tn, fp], [fn, tp]] = mlm.confusionMatrix(yTrue, yPred, { labels: [0, 1] });
      return {
        t,
        precision: mlm.precisionScore(yTrue, yPred, o),
        recall: mlm.recallScore(yTrue, yPred, o),
        f1: mlm.f1Score(yTrue, yPred, o),
        cells: { tn, fp, fn, tp },
      };
    }

    test("an uploaded classification CSV: guesses, both dicts, AUC/AP, quantiles and the threshold slider equal Node's", async () => {
      const path = join(FIX, "binary.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCsv(path);
      // guesses
      expect(await page.inputValue("#task")).toBe("classification");
      const sel = await page.$$eval("#columns select[data-role]", (s) => s.map((x) => [(x as HTMLSelectElement).dataset.role, (x as HTMLSelectElement).value]));
      expect(Object.fromEntries(sel)).toEqual({ yTrue: "y_true", yPred: "y_pred", yProb: "y_score", weight: "" });
      // dicts
      const input = { yTrue: c.y_true, yPred: c.y_pred, yProb: c.y_score };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: 1 }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow", posLabel: 1 }));
      // curves and histogram
      const auc = Number(await page.getAttribute("#chart-roc", "data-auc"));
      const ap = Number(await page.getAttribute("#chart-pr", "data-ap"));
      expect(auc).toBe(mlm.rocAucScore(c.y_true, c.y_score));
      expect(ap).toBe(mlm.averagePrecisionScore(c.y_true, c.y_score));
      expect(await page.textContent("#chart-roc .u-legend")).toContain(`AUC = ${Number(auc.toFixed(4))}`);
      expect(await page.textContent("#chart-pr .u-legend")).toContain(`AP = ${Number(ap.toFixed(4))}`);
      const qs = await page.$$eval("#chart-scores [data-q]", (s) => s.map((e) => Number((e as HTMLElement).dataset.value)));
      expect(qs).toEqual(mlm.scoreDistribution(c.y_score, { quantiles: [0.05, 0.25, 0.5, 0.75, 0.95] }).quantiles);
      // threshold slider: 0.5 at first, then moved
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#threshold-panel")!.dataset.t === "0.5");
      expect(await threshold()).toEqual(nodeAtThreshold(c.y_true, c.y_score, 0.5));
      await setThreshold(0.3);
      expect(await threshold()).toEqual(nodeAtThreshold(c.y_true, c.y_score, 0.3));
      await setThreshold(0.5);
      // copy-as-Python text
      const py = await page.textContent('.dict[data-preset="mlflow"] pre.python');
      expect(py).toMatch(/^mlflow\.log_metrics\(\{\n {4}"true_negatives": \d+,\n/);
      expect(py).toContain(`"roc_auc": ${mlm.classificationMetrics(input, { preset: "mlflow" }).roc_auc},`);
      expect(problems).toEqual([]);
      const shot = join(OUT, "preview-classification.png");
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`preview screenshot: ${shot}`);
      if (process.env.MLMETRICS_UPDATE_SCREENSHOT === "1") {
        await page.screenshot({ path: join(ROOT, "docs/preview.png"), fullPage: true });
      }
    });

    test("artifacts: the files mlflow.evaluate logs, equal to Node's evaluate(); SVG/CSV/PNG downloads and a zip of all", async () => {
      const path = join(FIX, "binary.csv");
      expect(await upload(path)).toBe("ready");
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#artifacts-panel")!.dataset.state === "ready", null, { timeout: 60_000 });
      const c = readCsv(path);
      const { evaluate } = (await import(join(PKG, "dist/figures/index.js"))) as typeof import("../src/figures/index.js");
      const node = await evaluate("classification", { yTrue: c.y_true, yPred: c.y_pred, yProb: c.y_score }, { posLabel: 1, onWarning: () => {} });
      const names = await page.$$eval("#artifacts-list li[data-name]", (li) => li.map((e) => (e as HTMLElement).dataset.name));
      expect(names).toEqual(Object.keys(node.artifacts));
      // each SVG as downloaded: the bytes Node's evaluate() draws for the same columns
      for (const name of names) {
        const [dl] = await Promise.all([page.waitForEvent("download"), page.click(`#artifacts-list button[data-download="${name}"]`)]);
        expect(dl.suggestedFilename()).toBe(name);
        const got = readFileSync((await dl.path())!, "utf8");
        expect(got.startsWith("<svg")).toBe(true);
        expect(got, `${name}: the page's SVG is Node's, byte for byte`).toBe(node.artifacts[name].data);
      }
      // PNG: drawn from the SVG on a canvas, at twice its size
      const png = "roc_curve_plot.png";
      const [pdl] = await Promise.all([page.waitForEvent("download"), page.click(`#artifacts-list button[data-download="${png}"]`)]);
      const bytes = readFileSync((await pdl.path())!);
      expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
      expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([node.artifacts["roc_curve_plot.svg"].width * 2, node.artifacts["roc_curve_plot.svg"].height * 2].map(Math.round));
      // the zip: every artifact and a PNG of every figure
      const [zdl] = await Promise.all([page.waitForEvent("download"), page.click("#artifacts-zip")]);
      const { unzipSync } = await import("fflate");
      const zip = unzipSync(new Uint8Array(readFileSync((await zdl.path())!)));
      const svgs = names.filter((n) => n.endsWith(".svg"));
      expect(Object.keys(zip).sort()).toEqual([...names, ...svgs.map((n) => n.replace(/\.svg$/, ".png"))].sort());
      for (const n of names) expect(new TextDecoder().decode(zip[n]), n).toBe(node.artifacts[n].data);
      expect(problems).toEqual([]);
    });

    test("the bundled regression sample is one click away; dicts and charts match Node", async () => {
      await page.evaluate(() => (document.body.dataset.state = "clicked"));
      await page.click('button[data-sample="regression"]');
      expect(await settle()).toBe("ready");
      const r = readCsv(join(ROOT, "examples/data/regression.csv"));
      const input = { yTrue: r.daily_dbu, yPred: r.predicted_dbu };
      expect(await page.inputValue("#task")).toBe("regression");
      expect(await dictShown("compact")).toEqual(mlm.regressionMetrics(input));
      expect(await dictShown("mlflow")).toEqual(mlm.regressionMetrics(input, { preset: "mlflow" }));
      expect(await page.getAttribute("#chart-scatter", "data-shown")).toBe("500");
      const resid = r.daily_dbu.map((v, i) => v - r.predicted_dbu[i]);
      const qs = await page.$$eval("#chart-residuals [data-q]", (s) => s.map((e) => Number((e as HTMLElement).dataset.value)));
      expect(qs).toEqual(mlm.scoreDistribution(resid, { quantiles: [0.05, 0.25, 0.5, 0.75, 0.95] }).quantiles);
      expect(await page.isHidden("#threshold-panel")).toBe(true);
    });

    test("drag-and-drop of a file works (anomaly detection)", async () => {
      const text = readFileSync(join(ROOT, "examples/data/anomaly.csv"), "utf8");
      await page.evaluate((text) => {
        document.body.dataset.state = "dropping";
        const dt = new DataTransfer();
        dt.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
        document.querySelector("#drop")!.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, text);
      expect(await settle()).toBe("ready");
      const a = readCsv(join(ROOT, "examples/data/anomaly.csv"));
      expect(await page.inputValue("#task")).toBe("anomaly");
      expect(await dictShown("compact")).toEqual(mlm.anomalyMetrics({ predictions: a.prediction, scores: a.score }));
      expect(await page.textContent('.dict[data-preset="mlflow"]')).toContain("No 'mlflow' preset");
      expect(await page.textContent("#status-text")).toContain("dropped.csv");
    });

    /** The page's choices: task, role selects, positive class, per-class probability columns. */
    const choices = () =>
      page.evaluate(() => ({
        task: (document.querySelector("#task") as HTMLSelectElement).value,
        roles: Object.fromEntries(
          [...document.querySelectorAll<HTMLSelectElement>("#columns select[data-role]")].map((s) => [s.dataset.role, s.value]),
        ),
        posLabel: document.querySelector<HTMLSelectElement>("#pos-label")?.value ?? null,
        probs: [...document.querySelectorAll<HTMLSelectElement>("#class-columns select[data-class]")].map((s) => [s.dataset.class, s.value]),
        guess: document.querySelector("#guess")!.textContent,
      }));
    /** Sets a select and waits for the page to settle. */
    async function choose(selector: string, value: string) {
      await page.evaluate(() => (document.body.dataset.state = "choosing"));
      await page.selectOption(selector, value);
      return settle();
    }
    const matrixShown = (id: string) =>
      page.$$eval(`${id} tr`, (rows) =>
        rows.slice(1).map((r) => [...r.querySelectorAll("td")].map((td) => Number((td as HTMLElement).dataset.value))),
      );
    const reportShown = () =>
      page.$$eval("#report tr[data-row]", (rows) =>
        Object.fromEntries(
          rows.map((r) => {
            const cells = Object.fromEntries(
              [...r.querySelectorAll<HTMLElement>("td[data-col]")].map((td) => [td.dataset.col, Number(td.dataset.value)]),
            );
            const key = (r as HTMLElement).dataset.row!;
            return [key, key === "accuracy" ? cells["f1-score"] : cells];
          }),
        ),
      );
    /** Nothing computed is on the page: no dict row, no matrix, no report, no chart. */
    const nothingShown = () =>
      page.evaluate(() => ({
        results: (document.querySelector("#results") as HTMLElement).hidden,
        rows: document.querySelectorAll("tr[data-key], #report tr, table.cm tr, #confusion td").length,
        charts: document.querySelectorAll("#charts > *, canvas").length,
      }));

    test("string labels (spam/ham, the issue's first file): guesses, dicts for either positive class, report, AUC/AP equal the library's", async () => {
      const path = join(FIX, "spam.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const ch = await choices();
      expect(ch.task).toBe("classification");
      expect(ch.roles).toEqual({ yTrue: "actual", yPred: "predicted", yProb: "p_spam", weight: "" });
      expect(ch.posLabel).toBe("spam"); // the largest label, as the library's 'mlflow' preset chooses
      expect(ch.guess).toContain('yTrue = "actual"');
      const input = { yTrue: c.actual, yPred: c.predicted, yProb: nums(c.p_spam) };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: "spam" }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow", posLabel: "spam" }));
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input)); // the library's own default
      expect(await reportShown()).toEqual(mlm.classificationReport(c.actual, c.predicted, { outputDict: true }));
      const isSpam = c.actual.map((v) => (v === "spam" ? 1 : 0));
      expect(Number(await page.getAttribute("#chart-roc", "data-auc"))).toBe(mlm.rocAucScore(isSpam, input.yProb));
      expect(Number(await page.getAttribute("#chart-pr", "data-ap"))).toBe(mlm.averagePrecisionScore(c.actual, input.yProb, { posLabel: "spam" }));
      expect(await messageVisible()).toBe(false);
      // the positive class can be changed
      expect(await choose("#pos-label", "ham")).toBe("ready");
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: "ham" }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow", posLabel: "ham" }));
      expect(await page.textContent("#pos-label-text")).toBe("ham");
      expect(problems).toEqual([]);
    });

    test("boolean labels (True/False) with a score: dicts equal the library's on booleans", async () => {
      const path = join(FIX, "booleans.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const ch = await choices();
      expect(ch.roles).toEqual({ yTrue: "is_fraud", yPred: "predicted_fraud", yProb: "score", weight: "" });
      expect(ch.posLabel).toBe("True");
      const input = { yTrue: bools(c.is_fraud), yPred: bools(c.predicted_fraud), yProb: nums(c.score) };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: true }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow", posLabel: true }));
    });

    test("y,yhat with labels 0/1/2 (the issue's second file) is multiclass, not regression: dict, k×k matrices and report equal the library's", async () => {
      const path = join(FIX, "multiclass.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const ch = await choices();
      expect(ch.task).toBe("classification");
      expect(ch.roles).toMatchObject({ yTrue: "y", yPred: "yhat" });
      expect(await page.textContent("#mode")).toBe("multiclass: 3 classes");
      const [yTrue, yPred] = [c.y.map(Number), c.yhat.map(Number)];
      const compact = await dictShown("compact");
      expect(compact).toEqual(mlm.classificationMetrics({ yTrue, yPred }));
      expect(compact).not.toHaveProperty("mape");
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics({ yTrue, yPred }, { preset: "mlflow" }));
      expect(await matrixShown("#cm-counts")).toEqual(mlm.confusionMatrix(yTrue, yPred));
      expect(await matrixShown("#cm-normalized")).toEqual(mlm.confusionMatrix(yTrue, yPred, { normalize: "true" }));
      expect(await reportShown()).toEqual(mlm.classificationReport(yTrue, yPred, { outputDict: true }));
      expect(await page.isHidden("#threshold-panel")).toBe(true);
      expect(problems).toEqual([]);
    });

    test("prob_0…prob_3 (the issue's third file): matched to the classes, dicts, one-vs-rest AUC/AP per class equal the library's; a class without a column drops the probabilities", async () => {
      const path = join(FIX, "multiclass-probs.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const ch = await choices();
      expect(ch.roles).toMatchObject({ yTrue: "y", yPred: "yhat" });
      expect(ch.probs).toEqual([["0", "prob_0"], ["1", "prob_1"], ["2", "prob_2"], ["3", "prob_3"]]);
      const [yTrue, yPred] = [c.y.map(Number), c.yhat.map(Number)];
      const yProb = rowsOf(["prob_0", "prob_1", "prob_2", "prob_3"].map((k) => nums(c[k])));
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics({ yTrue, yPred, yProb }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics({ yTrue, yPred, yProb }, { preset: "mlflow" }));
      expect(await matrixShown("#cm-counts")).toEqual(mlm.confusionMatrix(yTrue, yPred));
      expect(await reportShown()).toEqual(mlm.classificationReport(yTrue, yPred, { outputDict: true }));
      const aucs = await page.$$eval("#chart-roc-ovr [data-auc]", (s) => s.map((e) => Number((e as HTMLElement).dataset.auc)));
      const aps = await page.$$eval("#chart-pr-ovr [data-ap]", (s) => s.map((e) => Number((e as HTMLElement).dataset.ap)));
      expect(aucs).toEqual(mlm.rocAucScore(yTrue, yProb, { multiClass: "ovr", average: null }));
      expect(aps).toEqual(mlm.averagePrecisionScore(yTrue, yProb, { average: null }));
      expect(await page.$$eval("#chart-roc-ovr canvas, #chart-pr-ovr canvas", (x) => x.length)).toBe(2);
      expect(problems).toEqual([]);
      const shot = join(OUT, "preview-multiclass.png");
      await page.screenshot({ path: shot, fullPage: true });
      console.log(`preview screenshot: ${shot}`);
      if (process.env.MLMETRICS_UPDATE_SCREENSHOT === "1") {
        await page.screenshot({ path: join(ROOT, "docs/preview-multiclass.png"), fullPage: true });
      }
      // no column for class 3: no probabilities in the dicts, a note says why
      expect(await choose('#class-columns select[data-class="3"]', "")).toBe("ready");
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics({ yTrue, yPred }));
      expect(await page.textContent("#notes")).toMatch(/one column per class; none chosen for 3/);
      expect(await page.$$eval("#chart-roc-ovr", (x) => x.length)).toBe(0);
    });

    test("string classes with <class>_proba columns in another order, and a weight column: weighted numbers equal the library's", async () => {
      const path = join(FIX, "animals.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const ch = await choices();
      expect(ch.roles).toMatchObject({ yTrue: "label", yPred: "pred", weight: "weight" });
      expect(ch.probs).toEqual([["cat", "cat_proba"], ["dog", "dog_proba"], ["eel", "eel_proba"]]);
      const sampleWeight = nums(c.weight);
      const yProb = rowsOf(["cat_proba", "dog_proba", "eel_proba"].map((k) => nums(c[k])));
      const input = { yTrue: c.label, yPred: c.pred, yProb, sampleWeight };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow" }));
      expect(await matrixShown("#cm-counts")).toEqual(mlm.confusionMatrix(c.label as never, c.pred as never, { sampleWeight }));
      expect(await reportShown()).toEqual(mlm.classificationReport(c.label, c.pred, { outputDict: true, sampleWeight }));
      expect(await page.$$eval("#chart-roc-ovr [data-auc]", (s) => s.map((e) => Number((e as HTMLElement).dataset.auc)))).toEqual(
        mlm.rocAucScore(c.label, yProb, { multiClass: "ovr", average: null, sampleWeight }),
      );
      // one column for two roles is refused
      expect(await choose('#class-columns select[data-class="cat"]', "weight")).toBe("error");
      expect(await message()).toMatch(/"weight" is chosen as both the probability of class cat and the sample weight/);
      expect(await nothingShown()).toEqual({ results: true, rows: 0, charts: 0 });
      // without the weights, the weight column as P(cat) has values outside [0, 1]
      expect(await choose('#columns select[data-role="weight"]', "")).toBe("error");
      const bad = c.weight.findIndex((v) => Number(v) > 1);
      expect(await message()).toContain(`Column "weight" has the value ${Number(c.weight[bad])} at row ${bad + 1} (line ${bad + 2} of the file), outside [0, 1]`);
      expect(await nothingShown()).toEqual({ results: true, rows: 0, charts: 0 });
      expect(await choose('#class-columns select[data-class="cat"]', "cat_proba")).toBe("ready");
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics({ yTrue: c.label, yPred: c.pred, yProb }));
    });

    test("a weight column (binary): dicts, AUC/AP and the threshold panel equal the library's weighted numbers", async () => {
      const path = join(FIX, "binary.csv");
      expect(await upload(path)).toBe("ready");
      expect(await choose('#columns select[data-role="weight"]', "weight_kg")).toBe("ready");
      const c = readCsv(path);
      const sampleWeight = c.weight_kg;
      const input = { yTrue: c.y_true, yPred: c.y_pred, yProb: c.y_score, sampleWeight };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: 1 }));
      expect(await dictShown("mlflow")).toEqual(mlm.classificationMetrics(input, { preset: "mlflow", posLabel: 1 }));
      expect(Number(await page.getAttribute("#chart-roc", "data-auc"))).toBe(mlm.rocAucScore(c.y_true, c.y_score, { sampleWeight }));
      expect(Number(await page.getAttribute("#chart-pr", "data-ap"))).toBe(mlm.averagePrecisionScore(c.y_true, c.y_score, { sampleWeight }));
      await page.waitForFunction(() => document.querySelector<HTMLElement>("#threshold-panel")!.dataset.t === "0.5");
      const yPred = c.y_score.map((v) => (v >= 0.5 ? 1 : 0));
      const cells = await page.$$eval("#confusion td", (tds) => tds.map((td) => Number((td as HTMLElement).dataset.value)));
      expect(cells).toEqual(mlm.confusionMatrix(c.y_true, yPred, { labels: [0, 1], sampleWeight }).flat());
      expect(Number(await page.getAttribute("#f1", "data-value"))).toBe(mlm.f1Score(c.y_true, yPred, { sampleWeight, zeroDivision: 0 }));
    });

    test("regression with a weight column: dicts equal the library's weighted ones", async () => {
      const path = join(FIX, "regression-weighted.csv");
      expect(await upload(path)).toBe("ready");
      const ch = await choices();
      expect(ch.task).toBe("regression");
      expect(ch.roles).toEqual({ yTrue: "target", yPred: "prediction", weight: "weight" });
      const c = readCsv(path);
      const input = { yTrue: c.target, yPred: c.prediction, sampleWeight: c.weight };
      expect(await dictShown("compact")).toEqual(mlm.regressionMetrics(input));
      expect(await dictShown("mlflow")).toEqual(mlm.regressionMetrics(input, { preset: "mlflow" }));
    });

    test("bad values in a column that is not chosen do not block the choice", async () => {
      const path = join(FIX, "other-column-bad.csv");
      expect(await upload(path)).toBe("ready");
      const c = readCells(path);
      const input = { yTrue: nums(c.label), yPred: nums(c.predicted), yProb: nums(c.probability) };
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: 1 }));
      expect(await messageVisible()).toBe(false);
      // choosing that column for a numeric role is an error naming its cell
      expect(await choose('#columns select[data-role="weight"]', "age")).toBe("error");
      expect(await message()).toMatch(/Column "age" has a non-numeric value "n\/a" at row 10 \(line 11 of the file\)\. It was chosen as the sample weight/);
      expect(await nothingShown()).toEqual({ results: true, rows: 0, charts: 0 });
      expect(await choose('#columns select[data-role="weight"]', "")).toBe("ready");
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics(input, { posLabel: 1 }));
    });

    test.each([
      ["empty.csv", /has no columns: the file is empty/],
      ["bad-cell.csv", /Column "probability" has a non-numeric value "n\/a" at row 4 \(line 5 of the file\)/],
      ["one-class.csv", /Only one class \(1\) in column "label"/],
      ["abc-score.csv", /Column "score" has a non-numeric value "abc" at row 2 \(line 3 of the file\)\. It was chosen as the probability of 1/],
      ["nan-prob.csv", /Column "probability" has NaN \("NaN", a missing value\) at row 7 \(line 8 of the file\)/],
      ["prob-range.csv", /Column "probability" has the value 1\.7 at row 31 \(line 32 of the file\), outside \[0, 1\]/],
    ])("a bad file (%s) gets a prominent message and no metric, dict or plot", async (name, re) => {
      expect(await upload(join(FIX, name))).toBe("error");
      expect(await messageVisible()).toBe(true);
      expect(await message()).toMatch(re);
      expect(await nothingShown()).toEqual({ results: true, rows: 0, charts: 0 });
      if (name === "empty.csv") {
        const shot = join(OUT, "preview-error.png");
        await page.screenshot({ path: shot });
      }
    });

    test("label,score with `abc` (the issue's fourth file): never the label against itself; a valid choice then computes", async () => {
      expect(await upload(join(FIX, "abc-score.csv"))).toBe("error");
      const ch = await choices();
      expect(ch.task).toBe("classification");
      expect(ch.roles.yTrue).toBe("label");
      expect(ch.roles.yProb).toBe("score");
      // regression of the label against itself is refused, not computed
      await page.evaluate(() => (document.body.dataset.state = "choosing"));
      await page.selectOption("#task", "regression");
      await settle();
      await choose('#columns select[data-role="yTrue"]', "label");
      expect(await choose('#columns select[data-role="yPred"]', "label")).toBe("error");
      expect(await message()).toMatch(/"label" is chosen as both the true value and the prediction: a column can have one role only/);
      expect(await nothingShown()).toEqual({ results: true, rows: 0, charts: 0 });
    });

    test("a probability outside [0, 1] read as a score is a valid choice: ROC/PR from the score, no log loss", async () => {
      const path = join(FIX, "prob-range.csv");
      expect(await upload(path)).toBe("error");
      expect(await choose("#prob-kind", "score")).toBe("ready");
      const c = readCells(path);
      const [yTrue, yPred, score] = [nums(c.label), nums(c.predicted), nums(c.probability)];
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics({ yTrue, yPred }, { posLabel: 1 }));
      expect(Number(await page.getAttribute("#chart-roc", "data-auc"))).toBe(mlm.rocAucScore(yTrue, score));
    });

    test("a 10^6-row file: progress is shown, the page stays responsive, numbers equal Node's", async () => {
      const n = 1_000_000;
      let s = 7;
      const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
      const yTrue = new Float64Array(n);
      const score = new Float64Array(n);
      const lines = ["label,score"];
      for (let i = 0; i < n; i++) {
        yTrue[i] = rnd() < 0.2 ? 1 : 0;
        score[i] = Math.round(Math.min(1, Math.max(0, (yTrue[i] ? 0.6 : 0.4) + (rnd() - 0.5) * 0.8)) * 1e4) / 1e4;
        lines.push(`${yTrue[i]},${score[i]}`);
      }
      const path = join(OUT, "million.csv");
      writeFileSync(path, lines.join("\n"));
      await page.evaluate(() => {
        const w = window as any;
        document.body.dataset.state = "uploading";
        // A 20 ms heartbeat on the main thread: its longest gap is the longest freeze.
        w.__gap = 0;
        w.__ticks = 0;
        w.__progress = [];
        let last = performance.now();
        const timer = setInterval(() => {
          const now = performance.now();
          w.__gap = Math.max(w.__gap, now - last);
          w.__ticks++;
          last = now;
          if (document.body.dataset.state === "ready" || document.body.dataset.state === "error") clearInterval(timer);
        }, 20);
        new MutationObserver(() => w.__progress.push(document.querySelector("#status-text")!.textContent)).observe(
          document.querySelector("#status-text")!,
          { childList: true, characterData: true, subtree: true },
        );
      });
      const t0 = Date.now();
      expect(await uploadNoReset(path)).toBe("ready");
      const seconds = (Date.now() - t0) / 1000;
      const { gap, ticks, progress } = await page.evaluate(() => {
        const w = window as any;
        return { gap: w.__gap, ticks: w.__ticks, progress: w.__progress };
      });
      console.log(`10^6 rows previewed in ${seconds.toFixed(1)} s; main thread: ${ticks} heartbeats, longest gap ${gap.toFixed(0)} ms`);
      expect(ticks).toBeGreaterThan(10);
      expect(progress.some((p: string) => /Parsing… ([1-9]|[1-9]\d)%/.test(p))).toBe(true);
      // Parsing on the main thread would freeze it for most of the run; allow short
      // stalls (chart drawing, a loaded machine) but not a freeze.
      expect(gap).toBeLessThan(Math.max(1000, 0.4 * seconds * 1000));
      const yPred = score.map((v) => (v >= 0.5 ? 1 : 0));
      expect(await dictShown("compact")).toEqual(mlm.classificationMetrics({ yTrue, yPred, yProb: score }, { posLabel: 1 }));
      rmSync(path);
    }, 120_000);
  });
});

test("browser suites: Chromium present or the skip reason printed", () => {
  // Always runs, so `npm test` shows the state of the browser suites in its count.
  if (missing) console.log(`!!! browser suites skipped: ${missing}`);
  expect(existsSync(join(ROOT, "examples/preview/index.html"))).toBe(true);
});
