// Evaluators across worker_threads (issue 13): each worker evaluates its own
// partition of the rows and sends its state as JSON; the main thread merges
// the states (in two different orders) and must get the same bits as one
// evaluator fed every row on the main thread. Workers load the current src/
// transpiled by scripts/load-src.mjs.
import { Worker } from "node:worker_threads";
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { transpileSrc } from "../scripts/load-src.mjs";

const DATA = `
function rng(seed) {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// rows [a, b) of the data set of task t (the same rows whoever asks)
function rows(t, a, b) {
  const n = b - a, yt = new Float64Array(n), yp = new Float64Array(n), pr = new Float64Array(n), w = new Float64Array(n), lab = [], labp = [];
  for (let i = 0; i < n; i++) {
    const r = rng(1000003 * (a + i) + t);
    const y = r() < 0.4 ? 1 : 0;
    yt[i] = y === 1 ? 3 + r() * 5 : r() * 5;
    yp[i] = yt[i] + r() - 0.5;
    pr[i] = Math.min(1, Math.max(0, 0.5 * y + 0.6 * r() - 0.05));
    w[i] = r() * 2;
    lab.push(["ham", "spam", "eggs"][Math.floor(r() * 3)]);
    labp.push(r() < 0.7 ? lab[i] : ["ham", "spam", "eggs"][Math.floor(r() * 3)]);
  }
  switch (t) {
    case 0: return { yTrue: yt, yPred: yp, sampleWeight: w };
    case 1: return { yTrue: Float64Array.from(pr, (p) => (p > 0.45 ? 1 : 0)), yPred: Float64Array.from(pr, (p) => (p > 0.5 ? 1 : 0)), yProb: pr };
    case 2: return { yTrue: lab, yPred: labp };
    case 3: return { predictions: Float64Array.from(pr, (p) => (p > 0.8 ? -1 : 1)), scores: yt };
    default: return { scores: yp };
  }
}
const TASKS = [["regression", { preset: "mlflow" }], ["classification", { preset: "mlflow" }], ["classification", { average: "macro" }], ["anomaly", {}], ["distribution", {}]];
`;
// eslint-disable-next-line @typescript-eslint/no-implied-eval
const { rows, TASKS } = new Function(`${DATA}; return { rows, TASKS };`)() as {
  rows: (t: number, a: number, b: number) => Record<string, unknown>;
  TASKS: [mlm.EvaluatorTask, mlm.EvaluatorOptions][];
};

const N = 40_000;
const WORKERS = 4;

beforeAll(async () => {
  await mlm.init();
});

function bits(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === "number" ? (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v) : v));
}

test(`${WORKERS} worker_threads evaluate partitions; states merged on the main thread give the same bits`, async () => {
  const entry = transpileSrc();
  const src = `
    import { parentPort, workerData } from "node:worker_threads";
    const mlm = await import(workerData.entry);
    ${DATA}
    await mlm.init();
    const out = [];
    for (let t = 0; t < TASKS.length; t++) {
      const ev = mlm.createEvaluator(TASKS[t][0], TASKS[t][1]);
      // this worker's partition, fed in uneven batches
      for (let a = workerData.a; a < workerData.b; ) {
        const b = Math.min(workerData.b, a + 1 + ((a * 7919) % 3001));
        ev.update(rows(t, a, b));
        a = b;
      }
      out.push(JSON.stringify(ev));
    }
    parentPort.postMessage(out);
  `;
  // uneven partitions
  const cuts = [0, 3_000, 17_000, 17_001, N];
  const states = await Promise.all(
    Array.from({ length: WORKERS }, (_, w) =>
      new Promise<string[]>((resolve, reject) => {
        const wk = new Worker(new URL(`data:text/javascript,${encodeURIComponent(src)}`), { workerData: { entry, a: cuts[w], b: cuts[w + 1] } });
        wk.once("message", (m) => {
          resolve(m);
          void wk.terminate();
        });
        wk.once("error", reject);
      }),
    ),
  );
  for (let t = 0; t < TASKS.length; t++) {
    const [task, options] = TASKS[t];
    const whole = mlm.createEvaluator(task, options).update(rows(t, 0, N) as never).compute();
    const forward = states.map((s) => mlm.evaluatorFromJSON(s[t])).reduce((a, b) => a.merge(b));
    const backward = states.map((s) => mlm.evaluatorFromJSON(s[t])).reverse().reduce((a, b) => a.merge(b));
    expect(bits(forward.compute()), `${task} ${JSON.stringify(options)}`).toBe(bits(whole));
    expect(bits(backward.compute())).toBe(bits(whole));
  }
}, 240_000);
