// The evaluators give the same bits with the scalar build (no SIMD) as with the
// SIMD build: every kernel they use has a scalar path. The main thread runs the
// SIMD build; a worker thread with MLMETRICS_BUILD=scalar runs the same workload.
import { Worker } from "node:worker_threads";
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { transpileSrc } from "../scripts/load-src.mjs";

const WORKLOAD = `
function rng(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function run(mlm) {
  const out = [];
  for (let seed = 1; seed <= 6; seed++) {
    const r = rng(seed);
    const n = 257 + Math.floor(r() * 3000);
    const yt = new Float64Array(n), yp = new Float64Array(n), pr = new Float64Array(n), w = new Float64Array(n), s = new Float64Array(n), an = new Float64Array(n);
    const P = [], lab = [];
    for (let i = 0; i < n; i++) {
      const y = r() < 0.4 ? 1 : 0;
      yt[i] = y; yp[i] = r() < 0.8 ? y : 1 - y;
      pr[i] = Math.min(1, Math.max(0, 0.5 * y + 0.6 * r() - 0.05));
      w[i] = r() * 3;
      s[i] = (r() - 0.5) * 10 ** Math.floor(r() * 6 - 3);
      an[i] = s[i] < -0.001 ? -1 : 1;
      const row = [r(), r(), r()]; const t = row[0] + row[1] + row[2]; P.push(row.map((v) => v / t)); lab.push(["a", "b", "c"][Math.floor(r() * 3)]);
    }
    const feed = (ev, f) => { for (let a = 0; a < n; a += 97) ev.update(f(a, Math.min(n, a + 97))); return ev.compute(); };
    const sub = (x, a, b) => x.subarray(a, b);
    out.push(feed(mlm.createEvaluator("regression", { preset: "mlflow" }), (a, b) => ({ yTrue: sub(s, a, b), yPred: sub(pr, a, b), sampleWeight: seed % 2 ? sub(w, a, b) : undefined })));
    out.push(feed(mlm.createEvaluator("anomaly"), (a, b) => ({ predictions: sub(an, a, b), scores: sub(s, a, b) })));
    out.push(feed(mlm.createEvaluator("classification", { preset: "mlflow" }), (a, b) => ({ yTrue: sub(yt, a, b), yPred: sub(yp, a, b), yProb: sub(pr, a, b), sampleWeight: seed % 2 ? sub(w, a, b) : undefined })));
    out.push(feed(mlm.createEvaluator("classification", { auc: { bins: 50 } }), (a, b) => ({ yTrue: lab.slice(a, b), yPred: lab.slice(a, b).reverse(), yProb: P.slice(a, b) })));
    out.push(feed(mlm.createEvaluator("distribution"), (a, b) => ({ scores: sub(s, a, b) })));
    out.push(feed(mlm.createEvaluator("distribution", { quantiles: { relativeError: 0.01 } }), (a, b) => ({ scores: sub(s, a, b) })));
  }
  return JSON.stringify(out, (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : Object.is(v, -0) ? "-0" : v));
}
`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const run = new Function(`${WORKLOAD}; return run;`)() as (m: typeof mlm) => string;

beforeAll(async () => {
  await mlm.init();
});

test("evaluators: the scalar build gives the SIMD build's bits", async () => {
  expect(mlm.wasmBuild()).toBe("simd");
  const entry = transpileSrc();
  const src = `
    import { parentPort, workerData } from "node:worker_threads";
    const mlm = await import(workerData.entry);
    ${WORKLOAD}
    await mlm.init();
    parentPort.postMessage({ build: mlm.wasmBuild(), out: run(mlm) });
  `;
  const scalar = await new Promise<{ build: string; out: string }>((resolve, reject) => {
    const wk = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), {
      workerData: { entry },
      env: { ...process.env, MLMETRICS_BUILD: "scalar" },
    });
    wk.once("message", (m) => {
      resolve(m);
      void wk.terminate();
    });
    wk.once("error", reject);
  });
  expect(scalar.build).toBe("scalar");
  expect(scalar.out).toBe(run(mlm));
}, 120_000);
