// Opt-in threads (init({ threads: 2 })): the threaded scoreDistribution and
// binary ROC AUC give the one-thread bits (values, warnings, errors) over
// adversarial inputs and sizes around the threshold; memory stays flat on
// the shared memory; workers stop on closeThreads() and never keep a program
// alive; where shared memory is unavailable init falls back to one thread.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { threadSettings, THREAD_MIN } from "../src/wasm/threads.js";
import { transpileSrc } from "../scripts/load-src.mjs";
import { METRICS, validInputs } from "./registry.js";

beforeAll(async () => {
  await mlm.init({ threads: 2 });
});
afterAll(async () => {
  threadSettings.min = THREAD_MIN;
  await mlm.closeThreads();
});

function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

// Values as JSON with -0 kept apart from 0.
const bits = (v: unknown) => JSON.stringify(v, (_, x) => (Object.is(x, -0) ? "-0" : x));

/** The outcome of f (value or error message) and its warnings. */
function outcome(f: (onWarning: (m: string) => void) => unknown): string {
  const warnings: string[] = [];
  try {
    return bits({ value: f((m) => warnings.push(m)), warnings });
  } catch (e) {
    return bits({ error: `${(e as Error).name}: ${(e as Error).message}`, warnings });
  }
}

/** One thread vs two threads on the same inputs (the threaded paths from `min` samples on). */
function compare(f: (onWarning: (m: string) => void) => unknown, min = 1 << 17): boolean {
  threadSettings.min = Infinity;
  const runs = threadSettings.runs;
  const one = outcome(f);
  expect(threadSettings.runs).toBe(runs);
  threadSettings.min = min;
  const two = outcome(f);
  threadSettings.min = THREAD_MIN;
  expect(two).toBe(one);
  return threadSettings.runs > runs; // whether the threaded path ran
}

const SIZES = [(1 << 17) - 1, 1 << 17, (1 << 17) + 13, 300_001];

function scoreSets(n: number, seed: number): [string, Float64Array][] {
  const u = rng(seed);
  const base = Float64Array.from({ length: n }, () => u());
  return [
    ["uniform", base],
    ["ties", base.map((v) => Math.round(v * 20) / 20 - 0.5)],
    ["signed zeros", base.map((v, i) => (i % 3 ? -0 : 0))],
    ["zeros and negatives", base.map((v, i) => (i % 5 === 0 ? -v : i % 2 ? -0 : 0))],
    ["only -0 and positives", base.map((v, i) => (i % 2 ? -0 : v))],
    ["constant", base.map(() => 0.25)],
    ["narrow range", base.map((v) => 1 + v * 1e-12)],
    ["subnormal", base.map((v) => (v - 0.5) * 1e-310)],
    ["wide range", base.map((v, i) => (i % 7 ? v : (v - 0.5) * 1e300))],
    ["overflowing sum", base.map((v) => 1e305 * (1 + v))],
    ["heavy tail", base.map((v) => Math.tan((v - 0.5) * 3.1))],
    ["integers", base.map((v) => Math.floor(v * 100) - 50)],
  ];
}

test("init({ threads: 2 }) runs on shared memory with two threads", () => {
  expect(mlm.threadCount()).toBe(2);
  const s = mlm.memoryStats();
  expect(s.shared).toBe(true);
  expect(s.threads).toBe(2);
  expect(s.arenaBytes).toBe(0);
});

test("init rejects a bad thread count", async () => {
  await expect(mlm.init({ threads: 0 })).rejects.toThrow(RangeError);
  await expect(mlm.init({ threads: 2.5 })).rejects.toThrow(/threads must be an integer/);
});

test.each(SIZES)("scoreDistribution: two threads give the one-thread bits (n = %i)", (n) => {
  for (const [name, x] of scoreSets(n, n)) {
    const ran = compare((onWarning) => mlm.scoreDistribution(x, { onWarning }));
    compare((onWarning) => mlm.scoreDistribution(x, { bins: 37, quantiles: [0, 1e-9, 0.5, 0.999999, 1], onWarning }));
    // threaded from 2^17 samples (the overflowing sum leaves after the first pass)
    expect(ran, name).toBe(n >= 1 << 17);
  }
});

test("scoreDistribution: errors, NaN, empty quantiles and zero-copy handles as with one thread", () => {
  const n = 200_000;
  const u = rng(7);
  const x = Float64Array.from({ length: n }, () => u());
  const nan = x.slice();
  nan[123_456] = NaN;
  const inf = x.slice();
  inf[5] = Infinity;
  compare((onWarning) => mlm.scoreDistribution(nan, { onWarning }));
  compare((onWarning) => mlm.scoreDistribution(inf, { onWarning }));
  compare((onWarning) => mlm.scoreDistribution(x, { quantiles: [], onWarning }));
  compare((onWarning) => mlm.scoreDistribution(x, { quantiles: [1.5], onWarning }));
  compare((onWarning) => mlm.scoreDistribution(x, { bins: 0, onWarning }));
  compare((onWarning) => mlm.scoreDistribution(x.map(() => 2 ** 60), { onWarning })); // too many bins
  compare((onWarning) => mlm.scoreDistribution(x.map((v, i) => (i % 2 ? -1.7e308 : 1.7e308)), { onWarning }));
  compare((onWarning) => mlm.scoreDistribution(x, { quantiles: Array.from({ length: 40 }, (_, i) => i / 39), onWarning }));
  const h = mlm.allocFloat64(n);
  try {
    h.array.set(x);
    compare((onWarning) => mlm.scoreDistribution(h, { onWarning }));
    expect(h.array).toEqual(x); // left intact
  } finally {
    h.free();
  }
});

test.each(SIZES)("rocAucScore: two threads give the one-thread bits (n = %i)", (n) => {
  const u = rng(n + 1);
  const labels = [
    Float64Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0)),
    Float64Array.from({ length: n }, () => (u() < 0.001 ? 1 : 0)),
    Float64Array.from({ length: n }, (_, i) => (i % 2 ? 1 : -1)),
  ];
  for (const y of labels) {
    for (const [name, s] of scoreSets(n, n + 2)) {
      const ran = compare((onWarning) => mlm.rocAucScore(y, s, { onWarning }));
      // threaded from 2^17 samples (keys spanning all 64 bits, e.g. scores of both signs,
      // then leave the key path as with one thread)
      expect(ran, name).toBe(n >= 1 << 17);
    }
  }
  const one = new Float64Array(n).fill(1);
  compare((onWarning) => mlm.rocAucScore(one, labels[0], { onWarning })); // one class
  const p = Float64Array.from({ length: n }, () => u());
  compare((onWarning) => mlm.classificationMetrics({ yTrue: labels[0], yPred: p.map((v) => (v > 0.5 ? 1 : 0)), yProb: p }));
  compare((onWarning) => mlm.averagePrecisionScore(labels[0], p, { onWarning }));
});

test("the real threshold: just below and at THREAD_MIN", () => {
  for (const n of [THREAD_MIN - 1, THREAD_MIN]) {
    const u = rng(n);
    const y = Float64Array.from({ length: n }, () => (u() < 0.4 ? 1 : 0));
    const s = Float64Array.from({ length: n }, () => u() ** 3);
    compare((onWarning) => mlm.rocAucScore(y, s, { onWarning }), THREAD_MIN);
    compare((onWarning) => mlm.scoreDistribution(s, { onWarning }), THREAD_MIN);
  }
});

test("shared memory: pages flat and arena empty over many threaded and one-thread calls", () => {
  threadSettings.min = 1 << 17;
  try {
    const n = 1 << 17;
    const u = rng(3);
    const y = Float64Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
    const s = Float64Array.from({ length: n }, () => u());
    const auc = mlm.rocAucScore(y, s);
    const dist = bits(mlm.scoreDistribution(s));
    for (const m of METRICS) m.call(validInputs(m.kind, 2000, 5));
    const pages = mlm.memoryStats().pages;
    for (let i = 0; i < 100; i++) {
      expect(mlm.rocAucScore(y, s)).toBe(auc);
      expect(bits(mlm.scoreDistribution(s))).toBe(dist);
      expect(() => mlm.scoreDistribution(s, { bins: -1 })).toThrow(/positive/);
    }
    let calls = 0;
    for (let round = 0; calls < 2000; round++) {
      for (const m of METRICS) {
        m.call(validInputs(m.kind, 2 + ((round * 37) % 2000), round));
        calls++;
      }
    }
    expect(mlm.memoryStats().pages).toBe(pages);
    expect(mlm.memoryStats().arenaBytes).toBe(0);
    expect(mlm.memoryStats().shared).toBe(true);
  } finally {
    threadSettings.min = THREAD_MIN;
  }
});

test("a program exits without closeThreads(); without SharedArrayBuffer init falls back to one thread and says why", () => {
  const entry = transpileSrc();
  const script = join(tmpdir(), `mlmetrics-threads-${process.pid}.mjs`);
  writeFileSync(
    script,
    `const mode = process.argv[2];
     if (mode === "nosab") delete globalThis.SharedArrayBuffer;
     const m = await import(${JSON.stringify(entry)});
     const said = [];
     await m.init({ threads: 2, onWarning: (w) => said.push(w) });
     const s = new Float64Array(600000).map((_, i) => ((i * 7919) % 1000) / 1000);
     const y = s.map((v, i) => (i % 3 ? 1 : 0));
     console.log(JSON.stringify({ threads: m.threadCount(), shared: m.memoryStats().shared, said,
       auc: m.rocAucScore(y, s), median: m.scoreDistribution(s).quantiles[3] }));`,
  );
  const run = (mode: string) => {
    const r = spawnSync(process.execPath, [script, mode], { encoding: "utf8", timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
  };
  const threaded = run("threads");
  expect(threaded.threads).toBe(2);
  expect(threaded.shared).toBe(true);
  expect(threaded.said).toEqual([]);
  const fallback = run("nosab");
  expect(fallback.threads).toBe(1);
  expect(fallback.shared).toBe(false);
  expect(fallback.said).toEqual([
    "mlmetrics: threads: 2 requested, but SharedArrayBuffer is not available (in a browser the page must be cross-origin " +
      "isolated: Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp); running on one thread",
  ]);
  expect(fallback.auc).toBe(threaded.auc);
  expect(fallback.median).toBe(threaded.median);
});

test("closeThreads() stops the workers; later calls run on one thread with the same bits", async () => {
  const n = 1 << 19;
  const u = rng(11);
  const y = Float64Array.from({ length: n }, () => (u() < 0.3 ? 1 : 0));
  const s = Float64Array.from({ length: n }, () => u());
  threadSettings.min = 1 << 17;
  const before = [mlm.rocAucScore(y, s), bits(mlm.scoreDistribution(s))];
  await mlm.closeThreads();
  await mlm.closeThreads(); // idempotent
  expect(mlm.threadCount()).toBe(1);
  expect(mlm.memoryStats().threads).toBe(1);
  expect([mlm.rocAucScore(y, s), bits(mlm.scoreDistribution(s))]).toEqual(before);
  threadSettings.min = THREAD_MIN;
});
