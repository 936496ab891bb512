// mlmetrics/artifacts (issue 15): the artifacts mlflow.evaluate logs.
// - per_class_metrics.csv equals the one real mlflow.evaluate wrote
//   (scripts/gen_mlflow_fixtures.py → test/fixtures/mlflow_evaluate.json):
//   same header and labels, numbers within 1e-12;
// - the artifact names equal MLflow's for every classification fixture case;
// - every SVG parses as XML and is < 200 KB, every PNG decodes (zlib here, and
//   Pillow when .venv-mlflow is there) with the size the figure reports;
// - charts carry their titles, axis titles, AUC/AP legends (equal to the
//   metrics to 3 decimals), the diagonals, class names and cell values;
// - curves are thinned to MAX_CURVE_POINTS for drawing;
// - a 10^6-row binary evaluation renders its artifacts in < 0.5 s beyond its metrics.
import { spawnSync } from "node:child_process";
import { inflateSync } from "node:zlib";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import {
  type Artifact,
  confusionMatrixFigure,
  evaluate,
  featureImportanceFigure,
  logEvaluation,
  format2g,
  MAX_CURVE_POINTS,
  rocCurveFigure,
  thinIndices,
} from "../src/figures/index.js";
// @ts-expect-error: plain JS helper
import { decodeValue, loadFixtures } from "./fixture-lib.mjs";
// @ts-expect-error: plain JS helper
import { MLFLOW_PYTHON, hasMlflowVenv } from "../scripts/mlflow-server.mjs";
import { rng } from "./registry.js";

const HAVE_PY = hasMlflowVenv();
if (!HAVE_PY) {
  console.warn("\n!!! test/artifacts.test.ts: the Pillow PNG check is SKIPPED: .venv-mlflow is missing (bash scripts/mlflow-env.sh).\n");
}

beforeAll(async () => {
  await mlm.init();
});

const fixtures = loadFixtures("mlflow_evaluate");

interface MlCase {
  id: string;
  fn: string;
  args: Record<string, unknown>[];
  options: Record<string, unknown>;
  artifacts?: Record<string, string>;
  perClassMetricsCsv?: string;
}

/** The fixture's arguments as the library takes them (lists; yProb rows as number[][]). */
function batchOf(c: MlCase): Record<string, unknown> {
  const a = c.args[0];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = decodeValue(v);
  return out;
}

function parseCsv(text: string): string[][] {
  return text.trimEnd().split("\n").map((l) => l.split(","));
}

/** PNG → width, height, and the inflated image data checked against them (8-bit RGBA or RGB). */
function decodePng(bytes: Uint8Array): { width: number; height: number } {
  const b = Buffer.from(bytes);
  expect(b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = b.readUInt32BE(off);
    const type = b.toString("latin1", off + 4, off + 8);
    const data = b.subarray(off + 8, off + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8); // bit depth
      channels = { 2: 3, 6: 4 }[data[9]] ?? 0;
      expect(channels).toBeGreaterThan(0);
    } else if (type === "IDAT") idat.push(data);
    off += 12 + len;
    if (type === "IEND") break;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe(height * (1 + width * channels));
  return { width, height };
}

function pillowSizes(pngs: Uint8Array[]): [number, number][] {
  const py = `
import base64, io, json, sys
from PIL import Image
out = []
for line in sys.stdin.read().split():
    im = Image.open(io.BytesIO(base64.b64decode(line)))
    im.load()
    out.append(list(im.size))
print(json.dumps(out))
`;
  const r = spawnSync(MLFLOW_PYTHON, ["-c", py], { input: pngs.map((p) => Buffer.from(p).toString("base64")).join("\n"), encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim());
}

/** Every text of an SVG (Vega writes text as <text> elements). */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
}

function checkArtifacts(artifacts: Record<string, Artifact>): { svg: number; png: Uint8Array[] } {
  let svg = 0;
  const png: Uint8Array[] = [];
  for (const [file, a] of Object.entries(artifacts)) {
    if (a.format === "svg") {
      expect(file.endsWith(".svg")).toBe(true);
      const text = a.data as string;
      expect(XMLValidator.validate(text), file).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false }).parse(text);
      expect(Number(doc.svg["@_width"])).toBe(a.width);
      expect(Number(doc.svg["@_height"])).toBe(a.height);
      expect(new TextEncoder().encode(text).length, file).toBeLessThan(200_000);
      svg++;
    } else if (a.format === "png") {
      expect(file.endsWith(".png")).toBe(true);
      const { width, height } = decodePng(a.data as Uint8Array);
      expect([width, height]).toEqual([a.width, a.height]);
      png.push(a.data as Uint8Array);
    } else {
      expect(file.endsWith(".csv")).toBe(true);
    }
  }
  return { svg, png };
}

function binaryData(n: number, seed: number) {
  const r = rng(seed);
  const yTrue = new Float64Array(n);
  const yPred = new Float64Array(n);
  const yProb = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const y = r() < 0.3 ? 1 : 0;
    const p = 1 / (1 + Math.exp(-(2.2 * (y - 0.5) + 1.6 * (r() * 2 - 1))));
    yTrue[i] = y;
    yProb[i] = p;
    yPred[i] = p >= 0.5 ? 1 : 0;
  }
  return { yTrue, yPred, yProb };
}

describe.skipIf(!fixtures)("per_class_metrics.csv and artifact names against real mlflow.evaluate (MLflow 3.17.2)", () => {
  const mc = (fixtures?.multiclassCases ?? []) as MlCase[];
  const all = [...(fixtures?.cases ?? []), ...(fixtures?.configCases ?? []), ...mc].filter((c: MlCase) => c.fn === "classificationMetrics") as MlCase[];

  test("the fixture has per_class_metrics.csv cases", () => {
    expect(mc.filter((c) => c.perClassMetricsCsv).length).toBeGreaterThanOrEqual(7);
  });

  test.each(mc.filter((c) => c.perClassMetricsCsv).map((c) => [c.id, c] as const))("%s: per_class_metrics.csv", async (_id, c) => {
    const ev = await evaluate("classification", batchOf(c) as never, { ...(c.options as object), onWarning: () => {} });
    const ours = parseCsv((ev.artifacts["per_class_metrics.csv"] as { data: string }).data);
    const theirs = parseCsv(c.perClassMetricsCsv!);
    expect(ours[0]).toEqual(theirs[0]); // columns and their order
    expect(ours.length).toBe(theirs.length);
    let worst = 0;
    for (let i = 1; i < theirs.length; i++) {
      expect(ours[i][0]).toBe(theirs[i][0]); // the class as pandas wrote it
      for (let j = 1; j < theirs[i].length; j++) {
        const a = Number(ours[i][j]);
        const b = Number(theirs[i][j]);
        if (theirs[i][j] === "") expect(ours[i][j]).toBe("");
        else worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-300, Math.abs(b)));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-12);
  });

  test.each(all.map((c) => [c.id, c] as const))("%s: the artifact names are MLflow's", async (_id, c) => {
    const ev = await evaluate("classification", batchOf(c) as never, { ...(c.options as object), onWarning: () => {} });
    const ours = Object.keys(ev.artifacts).sort();
    const theirs = Object.values(c.artifacts ?? {}).map((f) => f.replace(/\.png$/, ".svg").replace(/\.csv$/, ".csv")).sort();
    expect(ours).toEqual(theirs);
    checkArtifacts(ev.artifacts);
  });
});

describe("figures are valid and correct", () => {
  test("binary: every SVG parses, < 200 KB; titles, axes on [0, 1], legends with the metrics' AUC/AP, diagonals, cell values", async () => {
    const d = binaryData(20_000, 3);
    const ev = await evaluate("classification", d, { preset: "mlflow" });
    expect(Object.keys(ev.artifacts).sort()).toEqual(
      ["calibration_curve_plot.svg", "confusion_matrix.svg", "lift_curve_plot.svg", "precision_recall_curve_plot.svg", "roc_curve_plot.svg"],
    );
    expect(checkArtifacts(ev.artifacts).svg).toBe(5);
    const t = (f: string) => texts(ev.artifacts[f].data as string);
    const roc = t("roc_curve_plot.svg");
    expect(roc).toContain("ROC curve");
    expect(roc).toContain("False Positive Rate (Positive label: 1)");
    expect(roc).toContain("True Positive Rate (Positive label: 1)");
    expect(roc).toContain(`AUC=${(ev.metrics.roc_auc as number).toFixed(3)}`);
    expect(roc).toEqual(expect.arrayContaining(["0.0", "0.5", "1.0"]));
    const pr = t("precision_recall_curve_plot.svg");
    expect(pr).toContain("Precision recall curve");
    expect(pr).toContain(`AP=${(ev.metrics.precision_recall_auc as number).toFixed(3)}`);
    expect(t("lift_curve_plot.svg")).toEqual(expect.arrayContaining(["Lift Curve", "Class 0", "Class 1 (positive)", "Baseline", "Lift", "Percentage of sample"]));
    expect(t("calibration_curve_plot.svg")).toEqual(expect.arrayContaining(["Calibration curve", "Classifier", "Perfectly calibrated"]));
    // dashed reference lines: the diagonal on ROC and calibration
    for (const f of ["roc_curve_plot.svg", "calibration_curve_plot.svg", "precision_recall_curve_plot.svg", "lift_curve_plot.svg"]) {
      expect(ev.artifacts[f].data as string, f).toMatch(/stroke-dasharray="5,4"/);
    }
    // the confusion matrix: normalised by true label, values in the cells, class names on the axes
    const cm = mlm.confusionMatrix(d.yTrue, d.yPred, { normalize: "true" }) as number[][];
    const cmText = t("confusion_matrix.svg");
    expect(cmText).toEqual(expect.arrayContaining(["Normalized confusion matrix", "True label", "Predicted label", "0", "1"]));
    for (const row of cm) for (const v of row) expect(cmText).toContain(format2g(v));
  });

  test("deterministic: the same data give the same bytes, whatever was drawn before in the process", async () => {
    const u = (seed: number) => {
      let s = seed;
      return () => (s = (s * 16807) % 2147483647) / 2147483647;
    };
    const r = u(11);
    const yTrue = Float64Array.from({ length: 3000 }, () => (r() < 0.4 ? 1 : 0));
    const yProb = Float64Array.from(yTrue, (v) => Math.min(1, Math.max(0, 0.3 * v + 0.7 * r())));
    const yPred = Float64Array.from(yProb, (p) => (p >= 0.5 ? 1 : 0));
    const a = await evaluate("classification", { yTrue, yPred, yProb }, { onWarning: () => {} });
    await evaluate("regression", { yTrue: yProb, yPred: yTrue }, { onWarning: () => {} }); // other figures in between
    const b = await evaluate("classification", { yTrue, yPred, yProb }, { onWarning: () => {} });
    expect(Object.keys(b.artifacts)).toEqual(Object.keys(a.artifacts));
    for (const k of Object.keys(a.artifacts)) expect(b.artifacts[k].data, k).toBe(a.artifacts[k].data);
    expect(String(a.artifacts["roc_curve_plot.svg"].data)).toMatch(/clip-path="url\(#clip1\)"/);
  });

  test("format2g is Python's '.2g'", () => {
    const py = { 0.8123: "0.81", 1: "1", 0.5: "0.5", 0.00531: "0.0053", 0.000012: "1.2e-05", 0: "0", 0.999: "1", 0.0999: "0.1", 123: "1.2e+02" };
    for (const [v, s] of Object.entries(py)) expect(format2g(Number(v))).toBe(s);
  });

  test("multiclass with string labels: class names on the matrix, one-vs-rest curves, per_class_metrics.csv", async () => {
    const r = rng(4);
    const names = ["bird", "cat", "dog"];
    const n = 3000;
    const yTrue = Array.from({ length: n }, () => names[Math.floor(r() * 3)]);
    const yProb = yTrue.map((y) => {
      const z = names.map((c) => (c === y ? 1.5 : 0) + r());
      const s = z.reduce((a, b) => a + Math.exp(b), 0);
      return z.map((v) => Math.exp(v) / s);
    });
    const yPred = yProb.map((row) => names[row.indexOf(Math.max(...row))]);
    const ev = await evaluate("classification", { yTrue, yPred, yProb }, { preset: "mlflow" });
    expect(Object.keys(ev.artifacts).sort()).toEqual([
      "calibration_curve_plot.svg",
      "confusion_matrix.svg",
      "per_class_metrics.csv",
      "precision_recall_curve_plot.svg",
      "roc_curve_plot.svg",
    ]);
    checkArtifacts(ev.artifacts);
    const cmText = texts(ev.artifacts["confusion_matrix.svg"].data as string);
    for (const c of names) expect(cmText).toContain(c);
    const roc = texts(ev.artifacts["roc_curve_plot.svg"].data as string);
    const yb = (c: string) => Float64Array.from(yTrue, (y) => (y === c ? 1 : 0));
    names.forEach((c, j) => {
      const auc = mlm.rocAucScore(yb(c), yProb.map((row) => row[j]));
      expect(roc).toContain(`label=${c},AUC=${auc.toFixed(3)}`);
    });
  });

  test("regression and anomaly figures; PNG on request decodes with its size (zlib, and Pillow)", async () => {
    const r = rng(5);
    const n = 5000;
    const yTrue = Float64Array.from({ length: n }, () => 10 * r());
    const yPred = yTrue.map((v) => v + r() - 0.5);
    const reg = await evaluate("regression", { yTrue, yPred }, { format: "png" });
    expect(Object.keys(reg.artifacts).sort()).toEqual(["predicted_vs_true_plot.png", "residuals_histogram.png"]);
    const scores = Float64Array.from({ length: n }, () => r() * 2 - 0.3);
    const predictions = scores.map((s) => (s < 0 ? -1 : 1));
    const an = await evaluate("anomaly", { predictions, scores }, {});
    const anText = texts(an.artifacts["anomaly_score_histogram.svg"].data as string);
    expect(anText).toEqual(expect.arrayContaining(["Anomaly scores", "threshold 0", "q05", "q50", "q95"]));
    checkArtifacts(an.artifacts);
    const fi = await featureImportanceFigure(["age", "income", "tenure"], [0.12, 0.55, 0.33], { format: "png", scale: 1 });
    const cm = await confusionMatrixFigure([[5, 1], [2, 7]], { labels: ["no", "yes"], format: "png", scale: 3 });
    const pngs = { ...reg.artifacts, "fi.png": fi, "cm.png": cm };
    const { png } = checkArtifacts(pngs);
    expect(png.length).toBe(4);
    const svgCm = await confusionMatrixFigure([[5, 1], [2, 7]], { labels: ["no", "yes"] });
    expect([cm.width, cm.height]).toEqual([Math.round(svgCm.width * 3), Math.round(svgCm.height * 3)]);
    expect(texts(svgCm.data as string)).toEqual(expect.arrayContaining(["no", "yes", "5", "1", "2", "7"]));
    const fiSvg = await featureImportanceFigure(["age", "income", "tenure"], [0.12, 0.55, 0.33]);
    expect(texts(fiSvg.data as string)).toEqual(expect.arrayContaining(["Feature importance", "age", "income", "tenure", "Importance"]));
    if (HAVE_PY) {
      const sizes = pillowSizes(png);
      expect(sizes).toEqual(Object.values(pngs).map((a) => [a.width, a.height]));
    }
  });

  test(`curves are thinned to ${MAX_CURVE_POINTS} points for drawing (ends kept); metrics are not`, async () => {
    expect(thinIndices(10, 500)).toEqual([...Array(10).keys()]);
    const idx = thinIndices(100_000, MAX_CURVE_POINTS);
    expect(idx.length).toBe(MAX_CURVE_POINTS);
    expect(idx[0]).toBe(0);
    expect(idx[idx.length - 1]).toBe(99_999);
    const x = Float64Array.from({ length: 100_000 }, (_, i) => i / 99_999);
    const fig = await rocCurveFigure([{ name: "AUC=0.500", x, y: x }]);
    // the curve's line: one path with one vertex per drawn point
    const paths = [...(fig.data as string).matchAll(/<path[^>]*d="(M[^"]*)"/g)].map((m) => m[1]);
    const vertices = Math.max(...paths.map((p) => p.split(/[ML]/).filter(Boolean).length));
    expect(vertices).toBe(MAX_CURVE_POINTS);
  });
});

describe("bad input", () => {
  const d = binaryData(50, 1);
  test("evaluate: unknown task, bad format or scale → ValueError; the dict function's errors pass through", async () => {
    await expect(evaluate("clustering" as never, d)).rejects.toThrow(mlm.ValueError);
    await expect(evaluate("classification", d, { format: "jpeg" as never })).rejects.toThrow(/format must be 'svg' or 'png'/);
    await expect(evaluate("classification", d, { scale: 0 })).rejects.toThrow(/scale must be/);
    await expect(evaluate("classification", { ...d, yPred: d.yPred.subarray(0, 10) })).rejects.toThrow(/inconsistent numbers of samples/);
  });
  test("figure functions refuse malformed input", async () => {
    await expect(confusionMatrixFigure([[1, 2], [3]])).rejects.toThrow(/square/);
    await expect(confusionMatrixFigure([[1, 2], [3, 4]], { labels: ["a"] })).rejects.toThrow(/labels/);
    await expect(confusionMatrixFigure([[1, 2], [3, 4]], { labels: ["a", "a"] })).rejects.toThrow(/distinct/);
    await expect(featureImportanceFigure(["a", "b"], [1])).rejects.toThrow(/same length/);
    await expect(featureImportanceFigure(["a"], [NaN])).rejects.toThrow(/finite/);
    await expect(rocCurveFigure([{ name: "x", x: [0, 1], y: [0] }])).rejects.toThrow(/differ in length/);
  });
  test("logEvaluation checks every artifact path before its first request", async () => {
    let calls = 0;
    const client = new mlm.MlflowClient({
      trackingUri: "http://127.0.0.1:9",
      retry: { maxRetries: 0 },
      fetch: (async () => {
        calls++;
        throw new Error("no request expected");
      }) as typeof fetch,
    });
    const ev = { metrics: { a: 1 }, artifacts: { "ok.svg": { format: "svg", data: "<svg/>", width: 1, height: 1, mimeType: "image/svg+xml" } } } as const;
    await expect(logEvaluation(client, "r", ev as never, { artifactPath: "../up" })).rejects.toThrow(mlm.ValueError);
    await expect(logEvaluation(client, "r", { ...ev, artifacts: { "/abs.svg": ev.artifacts["ok.svg"] } } as never)).rejects.toThrow(mlm.ValueError);
    expect(calls).toBe(0);
  });
});

describe("large inputs", () => {
  // The time it takes is a benchmark (`npm run bench:artifacts`), not a test assertion.
  test("a 10^6-row binary evaluation: every SVG under 200 KB (curves thinned for drawing), metrics from all rows", async () => {
    const d = binaryData(1_000_000, 9);
    const ev = await evaluate("classification", d, { preset: "mlflow" });
    expect(ev.metrics).toEqual(mlm.classificationMetrics(d, { preset: "mlflow" }));
    expect(Object.keys(ev.artifacts).length).toBe(5);
    for (const [name, a] of Object.entries(ev.artifacts)) expect((a.data as string).length, name).toBeLessThan(200_000);
  }, 120_000);
});

