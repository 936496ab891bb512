// Streamed exact binary ROC AUC / average precision (src/ranking/streamed.ts)
// against the one-shot functions on the concatenated rows: bit for bit
// (Object.is), at the default budget and at tiny forced budgets, so that many
// batches, splits of pieces and groups of ties handled from counts alone run
// on small data; and through the classification evaluator.
import { beforeAll, describe, expect, test, vi } from "vitest";
import * as mlm from "../src/index.js";
import { STREAMED_MIN_ROWS } from "../src/evaluators/classification.js";
import { type ScoreBlocks, streamedBinaryRank, type StreamedOptions, type StreamPlan } from "../src/ranking/streamed.js";

beforeAll(async () => {
  await mlm.init();
});

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Blocks of pseudo-random lengths (1 … 3·maxBlock) over the rows. */
function blocks(s: Float64Array, cls: Uint8Array | Uint16Array, seed: number, maxBlock = 1000): ScoreBlocks {
  return {
    n: s.length,
    forEachBlock(fn) {
      const u = lcg(seed);
      for (let i = 0; i < s.length; ) {
        const e = Math.min(s.length, i + 1 + Math.floor(u() * 3 * maxBlock));
        fn(s.subarray(i, e), cls.subarray(i, e), i);
        i = e;
      }
    },
  };
}

const quiet = { onWarning: () => {} };

function oneShot(s: Float64Array, cls: ArrayLike<number>, pos: number): { auc: number; ap: number } {
  const ind = Float64Array.from(cls, (c) => (c === pos ? 1 : 0));
  return {
    auc: mlm.rocAucScore(ind, s, quiet),
    ap: mlm.averagePrecisionScore(ind, s, { ...quiet, posLabel: 1 }) as number,
  };
}

type Gen = (u: () => number, i: number, y: number) => number;
const SCORES: Record<string, Gen> = {
  continuous: (u, _i, y) => Math.min(1, Math.max(0, 0.3 * y + 0.7 * u())),
  "grid of 21": (u, _i, y) => Math.round((0.2 * y + 0.8 * u()) * 20) / 20,
  "grid of 3": (u) => Math.floor(u() * 3) / 2,
  "zeros, ones, ±0": (u, i) => (i % 3 === 0 ? (u() < 0.5 ? -0 : 0) : u() < 0.5 ? 1 : u() < 0.5 ? 0 : u()),
  subnormal: (u, _i, y) => (u() < 0.5 ? Number.MIN_VALUE * Math.floor(1 + u() * 5 + y) : u() < 0.5 ? 0 : 2.2250738585072014e-308 * u()),
  "all equal": () => 0.25,
  "near 1": (u, _i, y) => 1 - 2 ** -30 * Math.floor(u() * 64 * (1 + y)),
  "squares": (u, _i, y) => (y ? Math.sqrt(u()) : u() ** 2),
};

/** Class ids 0 … ids − 1; positives (id `pos`) with probability pr. */
function dataset(n: number, seed: number, gen: Gen, pr = 0.4, ids = 3, pos = 1, wide = false) {
  const u = lcg(seed);
  const s = new Float64Array(n);
  const cls = wide ? new Uint16Array(n) : new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const y = u() < pr ? 1 : 0;
    cls[i] = y ? pos : (pos + 1 + Math.floor(u() * (ids - 1))) % ids;
    s[i] = gen(u, i, y);
  }
  return { s, cls };
}

function check(s: Float64Array, cls: Uint8Array | Uint16Array, pos: number, seed: number, opts: StreamedOptions[]) {
  const want = oneShot(s, cls, pos);
  for (const o of opts) {
    const got = streamedBinaryRank(blocks(s, cls, seed), pos, o);
    expect([got.auc, got.ap, o]).toEqual([want.auc, want.ap, o]);
    expect(Object.is(got.auc, want.auc) && Object.is(got.ap, want.ap)).toBe(true);
  }
}

const TINY: StreamedOptions[] = [{}, { budget: 1 }, { budget: 2, split: 1 }, { budget: 7 }, { budget: 64, split: 5 }, { budget: 1000 }];

test("small sizes, every score family, tiny budgets", () => {
  let seed = 1;
  for (const [name, gen] of Object.entries(SCORES)) {
    for (const n of [1, 2, 3, 5, 8, 9, 127, 128, 129, 300]) {
      for (const pr of [0, 0.3, 1]) {
        const { s, cls } = dataset(n, seed++, gen, pr);
        try {
          check(s, cls, 1, seed, TINY);
        } catch (e) {
          throw new Error(`${name}, n = ${n}, pr = ${pr}: ${(e as Error).message}`);
        }
      }
    }
  }
});

test("10^4 rows: many batches, splits and tie groups", () => {
  let seed = 100;
  for (const [name, gen] of Object.entries(SCORES)) {
    const { s, cls } = dataset(10_000, seed++, gen, 0.35, 4, 2);
    try {
      check(s, cls, 2, seed, [{}, { budget: 100, split: 10 }, { budget: 1500 }, { budget: 4096, split: 4096 }, { budget: 3 }, { topBits: 20, budget: 900, split: 30 }, { topBits: 10, budget: 2000, split: 2000 }]);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("3·10^5 rows, two-byte class ids", () => {
  let seed = 200;
  for (const [name, gen] of Object.entries(SCORES)) {
    const { s, cls } = dataset(300_000, seed++, gen, 0.3, 300, 257, true);
    try {
      check(s, cls, 257, seed, [{}, { budget: 20_000 }, { budget: 5000, split: 100 }]);
    } catch (e) {
      throw new Error(`${name}: ${(e as Error).message}`);
    }
  }
});

test("random sizes, families, class ids, budgets and splits (200 sets)", () => {
  const u = lcg(4242);
  const fams = Object.values(SCORES);
  for (let t = 0; t < 200; t++) {
    const n = 1 + Math.floor(u() ** 2 * 6000);
    const ids = 2 + Math.floor(u() * 5);
    const pos = Math.floor(u() * ids);
    const { s, cls } = dataset(n, 1000 + t, fams[Math.floor(u() * fams.length)], u(), ids, pos, u() < 0.3);
    const budget = 1 + Math.floor(u() * n * 1.2);
    const o: StreamedOptions = { budget, split: 1 + Math.floor(u() * budget), topBits: 10 + Math.floor(u() * 11) };
    try {
      check(s, cls, pos, t, [o]);
    } catch (e) {
      throw new Error(`set ${t} (n = ${n}, ${JSON.stringify(o)}): ${(e as Error).message}`);
    }
  }
});

test("the plans of these tests: many batches, split passes and tie groups ran", () => {
  const { s, cls } = dataset(10_000, 7, SCORES["grid of 21"], 0.4);
  const plans: StreamPlan[] = [];
  const run = (o: StreamedOptions) => streamedBinaryRank(blocks(s, cls, 3), 1, { ...o, onPlan: (p) => plans.push(p) });
  const want = oneShot(s, cls, 1);
  // 21 scores of ~480 rows each: groups of ties above a budget of 100 (no split can part one key);
  // a split cuts each sub-piece to the keys met, so one split pass finds them all
  expect(run({ budget: 100, split: 10 })).toEqual(want);
  expect(plans[0].ties).toBe(21);
  expect(plans[0].splits).toBe(1);
  const c = dataset(10_000, 8, SCORES.continuous, 0.4);
  const want2 = oneShot(c.s, c.cls, 1);
  expect(streamedBinaryRank(blocks(c.s, c.cls, 3), 1, { budget: 700, split: 3, onPlan: (p) => plans.push(p) })).toEqual(want2);
  expect(plans[1].batches).toBeGreaterThan(14);
  expect(plans[1].splits).toBeGreaterThan(1);
  expect(plans[1].ties).toBe(0);
  // ties inside a batch: three repeated scores (found by the split pass) between scattered groups
  const mixed: Gen = (u, i, y) => (i % 2 ? [0.25, 0.5, 0.75][Math.floor(u() * 3)] : SCORES.continuous(u, i, y));
  const t = dataset(10_000, 9, mixed, 0.4);
  expect(streamedBinaryRank(blocks(t.s, t.cls, 3), 1, { budget: 8000, split: 500, onPlan: (p) => plans.push(p) })).toEqual(oneShot(t.s, t.cls, 1));
  expect(plans.at(-1)).toMatchObject({ batches: 1, ties: 3 });
  // everything in one batch: one pass to count, one to scatter
  expect(streamedBinaryRank(blocks(c.s, c.cls, 3), 1, { onPlan: (p) => plans.push(p) })).toEqual(want2);
  expect(plans.at(-1)).toMatchObject({ passes: 2, batches: 1, ties: 0, splits: 0 });
});

test("memory: the arena is empty afterwards and a second identical call grows nothing", () => {
  const { s, cls } = dataset(200_000, 11, SCORES.continuous, 0.3);
  const first = streamedBinaryRank(blocks(s, cls, 5), 1, { budget: 50_000 });
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  const pages = mlm.memoryStats().pages;
  expect(streamedBinaryRank(blocks(s, cls, 5), 1, { budget: 50_000 })).toEqual(first);
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  // rows that change between passes are refused (and the arena still reset)
  let pass = 0;
  const bad: ScoreBlocks = {
    n: s.length,
    forEachBlock(fn) {
      pass++;
      fn(pass === 1 ? s : s.map((v) => 1 - v), cls, 0);
    },
  };
  expect(() => streamedBinaryRank(bad, 1, { budget: 50_000 })).toThrow(/changed between passes/);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  expect(() => streamedBinaryRank({ n: 0, forEachBlock() {} }, 1)).toThrow(/0 sample/);
});

describe("through the classification evaluator (exact, unweighted, binary)", () => {
  const cases: [string, Gen, number][] = [
    ["continuous", SCORES.continuous, 0.3],
    ["grid of 21", SCORES["grid of 21"], 0.5],
    ["zeros, ones, ±0", SCORES["zeros, ones, ±0"], 0.2],
    ["one class", SCORES.continuous, 0],
  ];
  test.each(cases)("%s", (_name, gen, pr) => {
    const n = 70_000;
    expect(n).toBeGreaterThanOrEqual(STREAMED_MIN_ROWS);
    const u = lcg(99);
    const yt = new Float64Array(n), yp = new Float64Array(n), pb = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yt[i] = u() < pr ? 1 : 0;
      pb[i] = gen(u, i, yt[i]);
      yp[i] = pb[i] >= 0.5 ? 1 : 0;
    }
    // (one class: the compact dict raises log loss's error)
    for (const preset of pr === 0 ? (["mlflow"] as const) : (["mlflow", "compact"] as const)) {
      const labels = pr === 0 ? { labels: [0, 1] } : {};
      const ev = mlm.createEvaluator("classification", { preset, ...labels, onWarning: () => {} });
      for (let a = 0; a < n; ) {
        const e = Math.min(n, a + 1 + Math.floor(u() * 9000));
        ev.update({ yTrue: yt.subarray(a, e), yPred: yp.subarray(a, e), yProb: pb.subarray(a, e) });
        a = e;
      }
      const got = ev.compute() as Record<string, number>;
      const want = mlm.classificationMetrics({ yTrue: yt, yPred: yp, yProb: pb } as never, { preset, ...labels, onWarning: () => {} }) as Record<string, number>;
      const keys = preset === "mlflow" ? ["roc_auc", "precision_recall_auc"] : ["auc_roc"];
      for (const key of keys) {
        expect(key in want).toBe(true);
        expect([key, got[key], Object.is(got[key], want[key])]).toEqual([key, want[key], true]);
      }
    }
  });
});

test("the scalar build (no SIMD) gives the same bits", async () => {
  vi.resetModules();
  const index = await import("../src/index.js");
  await index.init(undefined, { build: "scalar" });
  expect(index.wasmBuild()).toBe("scalar");
  const scalar = await import("../src/ranking/streamed.js");
  let seed = 300;
  for (const gen of Object.values(SCORES)) {
    const { s, cls } = dataset(20_000, seed++, gen, 0.3);
    for (const o of [{}, { budget: 3000, split: 50 }]) {
      const a = streamedBinaryRank(blocks(s, cls, seed), 1, o);
      const b = scalar.streamedBinaryRank(blocks(s, cls, seed), 1, o);
      expect(Object.is(a.auc, b.auc) && Object.is(a.ap, b.ap)).toBe(true);
    }
  }
});
