// Concurrency: 8 worker_threads, each with its own instance of the module,
// make 1,000 metric calls each; every result must be bit-identical (Object.is,
// so NaN and −0 count) to the same call on the main thread. The workers load
// the current src/ transpiled by scripts/load-src.mjs (plain Node cannot
// import TypeScript); the main thread uses vitest's build of the same files.
import { Worker } from "node:worker_threads";
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { transpileSrc } from "../scripts/load-src.mjs";

const WORKERS = 8;
const CALLS = 1000;

// The workload, as source text so that the workers run exactly the same code:
// call i runs metric i % 12 on inputs seeded by (worker, i), n up to 2,000.
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
function normalise(v) {
  if (ArrayBuffer.isView(v)) return Array.from(v);
  if (Array.isArray(v)) return v.map(normalise);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalise(x)]));
  return v;
}
function call(mlm, worker, i) {
  return normalise(compute(mlm, worker, i));
}
function compute(mlm, worker, i) {
  const r = rng(worker * 100003 + i);
  const n = 1 + Math.floor(r() * 2000);
  const y = new Float64Array(n), p = new Float64Array(n), s = new Float64Array(n), w = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    y[j] = r() < 0.4 ? 1 : 0;
    p[j] = r() < 0.3 ? 1 - y[j] : y[j];
    s[j] = Math.min(1, Math.max(0, 0.5 * y[j] + 0.6 * r() - 0.05));
    w[j] = Math.floor(r() * 4);
  }
  w[0] = 1;
  const a = Float64Array.from(s, (v) => v * 1e3 - 250), b = Float64Array.from(s, (v, j) => v * 1e3 - 250 + (y[j] - 0.5) * 7);
  const q = { onWarning() {} };
  switch (i % 12) {
    case 0: return mlm.meanSquaredError(a, b);
    case 1: return mlm.r2Score(a, b, { sampleWeight: w });
    case 2: return mlm.meanAbsoluteError(a, b, { sampleWeight: w });
    case 3: return mlm.medianAbsoluteError(a, b);
    case 4: return mlm.f1Score(y, p, q);
    case 5: return mlm.confusionMatrix(y, p, { sampleWeight: w });
    case 6: return mlm.rocAucScore(y, s, q);
    case 7: return mlm.rocCurve(y, s, { sampleWeight: w, ...q });
    case 8: return mlm.precisionRecallCurve(y, s, q);
    case 9: return mlm.logLoss(y, s, { labels: [0, 1], ...q });
    case 10: return mlm.scoreDistribution(a);
    default: return mlm.regressionMetrics({ yTrue: a, yPred: b });
  }
}
`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const call = new Function(`${WORKLOAD}; return call;`)() as (m: typeof mlm, worker: number, i: number) => unknown;

function same(a: unknown, b: unknown, path = ""): string | null {
  if (typeof a === "number" || typeof b === "number") return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a);
    if (ka.join() !== Object.keys(b).join()) return `${path}: keys differ`;
    for (const k of ka) {
      const d = same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  return Object.is(a, b) ? null : `${path}: ${String(a)} vs ${String(b)}`;
}

beforeAll(async () => {
  await mlm.init();
});

test(`${WORKERS} worker_threads × ${CALLS} calls are bit-identical to the main thread`, async () => {
  const entry = transpileSrc();
  const src = `
    import { parentPort, workerData } from "node:worker_threads";
    const mlm = await import(workerData.entry);
    ${WORKLOAD}
    await mlm.init();
    const out = [];
    for (let i = 0; i < workerData.calls; i++) {
      out.push(call(mlm, workerData.worker, i));
    }
    parentPort.postMessage({ out, stats: mlm.memoryStats() });
  `;
  const results = await Promise.all(
    Array.from(
      { length: WORKERS },
      (_, worker) =>
        new Promise<{ out: unknown[]; stats: { arenaBytes: number } }>((resolve, reject) => {
          const wk = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), {
            workerData: { entry, worker, calls: CALLS },
          });
          wk.once("message", (m) => {
            resolve(m);
            void wk.terminate();
          });
          wk.once("error", reject);
        }),
    ),
  );
  let compared = 0;
  results.forEach(({ out, stats }, worker) => {
    expect(out).toHaveLength(CALLS);
    expect(stats.arenaBytes).toBe(0);
    for (let i = 0; i < CALLS; i++) {
      // (postMessage's structured clone keeps NaN and −0)
      const d = same(out[i], call(mlm, worker, i));
      if (d) throw new Error(`worker ${worker}, call ${i}: ${d}`);
      compared++;
    }
  });
  expect(compared).toBe(WORKERS * CALLS);
}, 240_000);
