// Multilabel-indicator targets (issue 17): properties the golden fixtures
// (test/fixtures/multilabel.json) and the differential fuzzer cannot state:
// label-column permutation, row order, weights, every input form, chunk
// boundaries of the one counting pass, column vectors, bad and hostile input.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { compare } from "./fixture-lib.mjs";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

const quiet = { onWarning: () => {} };

function matrices(n: number, k: number, seed: number): [number[][], number[][]] {
  const r = rng(seed);
  const freq = Array.from({ length: k }, () => r() * 0.7);
  const T = Array.from({ length: n }, () => freq.map((p) => (r() < p ? 1 : 0)));
  const P = T.map((row) => row.map((v) => (r() < 0.25 ? 1 - v : v)));
  if (n > 3) {
    T[1] = T[1].map(() => 0);
    P[2] = P[2].map(() => 0);
  }
  return [T, P];
}

const near = (a: unknown, b: unknown, rtol = 1e-12) => {
  const c = compare(a, b, { rtol });
  expect(c.ok, `${c.path}: ${c.detail}`).toBe(true);
};

const AVERAGES = ["micro", "macro", "weighted", "samples", null] as const;
const SCORES = ["precisionScore", "recallScore", "f1Score", "jaccardScore"] as const;
const call = (name: string, ...a: unknown[]) => (mlm as unknown as Record<string, (...x: unknown[]) => unknown>)[name](...a);

describe("label-column permutation", () => {
  test.each(SCORES.flatMap((f) => AVERAGES.map((avg) => [f, avg] as const)))("%s average=%s: per-label arrays permuted, averages unchanged", (fn, avg) => {
    for (const [n, k, seed] of [[50, 7, 1], [300, 20, 2], [9, 3, 3]] as const) {
      const [T, P] = matrices(n, k, seed);
      const perm = Array.from({ length: k }, (_, j) => j).sort((a, b) => ((a * 7919 + seed) % k) - ((b * 7919 + seed) % k));
      const Tp = T.map((row) => perm.map((j) => row[j]));
      const Pp = P.map((row) => perm.map((j) => row[j]));
      for (const w of [undefined, Array.from({ length: n }, (_, i) => (i % 4) * 0.5)]) {
        const o = { average: avg, zeroDivision: 0, sampleWeight: w };
        const a = call(fn, T, P, o);
        const b = call(fn, Tp, Pp, o);
        if (avg === null) near(b, perm.map((j) => (a as number[])[j]), 0);
        else if (avg === "samples" || avg === "micro") expect(b).toBe(a); // per-row counts / sums of integers: the same bits
        else near(b, a);
      }
    }
  });

  test("multilabelConfusionMatrix: the per-label matrices are permuted with the columns; labels select and reorder", () => {
    const [T, P] = matrices(200, 6, 4);
    const perm = [3, 0, 5, 1, 4, 2];
    const m = mlm.multilabelConfusionMatrix(T, P);
    const mp = mlm.multilabelConfusionMatrix(T.map((r) => perm.map((j) => r[j])), P.map((r) => perm.map((j) => r[j])));
    expect(mp).toEqual(perm.map((j) => m[j]));
    expect(mlm.multilabelConfusionMatrix(T, P, { labels: perm })).toEqual(mp);
  });
});

describe("row order and weights", () => {
  test.each(["accuracyScore", "hammingLoss", "zeroOneLoss", ...SCORES])("%s: sample order does not matter; all-ones weights ≡ none; integer weights ≡ repeated rows", (fn) => {
    const [T, P] = matrices(400, 11, 5);
    const avg = fn.endsWith("Score") && fn !== "accuracyScore" ? { average: "samples", zeroDivision: 0 } : {};
    const ref = call(fn, T, P, avg);
    const order = Array.from({ length: 400 }, (_, i) => (i * 173) % 400);
    near(call(fn, order.map((i) => T[i]), order.map((i) => P[i]), avg), ref);
    expect(call(fn, T, P, { ...avg, sampleWeight: new Float64Array(400).fill(1) })).toBe(ref);
    const w = Array.from({ length: 400 }, (_, i) => i % 3);
    const idx = w.flatMap((c, i) => Array.from({ length: c }, () => i));
    near(call(fn, T, P, { ...avg, sampleWeight: w }), call(fn, idx.map((i) => T[i]), idx.map((i) => P[i]), avg));
  });
});

describe("input forms", () => {
  const [T, P] = matrices(130, 5, 6);
  const flat = (M: number[][]) => M.flat();
  const forms: [string, unknown, unknown, object][] = [
    ["number[][]", T, P, {}],
    ["Float64Array rows", T.map((r) => Float64Array.from(r)), P.map((r) => Float64Array.from(r)), {}],
    ["boolean[][]", T.map((r) => r.map((v) => v === 1)), P.map((r) => r.map((v) => v === 1)), {}],
    ["flat number[]", flat(T), flat(P), { nLabels: 5 }],
    ["flat Float64Array", Float64Array.from(flat(T)), Float64Array.from(flat(P)), { nLabels: 5 }],
    ["flat Float32Array", Float32Array.from(flat(T)), Float32Array.from(flat(P)), { nLabels: 5 }],
    ["flat Int32Array", Int32Array.from(flat(T)), Int32Array.from(flat(P)), { nLabels: 5 }],
    ["flat Uint8Array", Uint8Array.from(flat(T)), Uint8Array.from(flat(P)), { nLabels: 5 }],
  ];
  const fns: [string, object][] = [
    ["accuracyScore", {}], ["hammingLoss", {}], ["zeroOneLoss", { normalize: false }],
    ["f1Score", { average: "samples" }], ["fbetaScore", { average: "weighted", beta: 0.5 }],
    ["precisionRecallFscoreSupport", {}], ["jaccardScore", { average: "macro" }],
    ["multilabelConfusionMatrix", { samplewise: true }], ["classificationReport", { outputDict: true }],
  ];
  test.each(fns)("%s: every form gives exactly the number[][] result", (fn, o) => {
    const ref = call(fn, T, P, { ...o, ...quiet });
    for (const [_name, a, b, extra] of forms) expect(call(fn, a, b, { ...o, ...extra, ...quiet })).toEqual(ref);
    const ha = mlm.allocFloat64(T.length * 5);
    const hb = mlm.allocFloat64(T.length * 5);
    ha.array.set(flat(T));
    hb.array.set(flat(P));
    try {
      expect(call(fn, ha, hb, { ...o, nLabels: 5, ...quiet })).toEqual(ref);
    } finally {
      hb.free();
      ha.free();
    }
  });

  test("n × 1 matrices are column vectors: the 1-D results", () => {
    const y = [0, 1, 1, 0, 1, 1, 0];
    const p = [0, 1, 0, 0, 1, 1, 1];
    const col = (a: number[]) => a.map((v) => [v]);
    for (const fn of ["accuracyScore", "f1Score", "precisionScore", "hammingLoss", "jaccardScore", "zeroOneLoss"]) {
      expect(call(fn, col(y), col(p))).toEqual(call(fn, y, p));
      expect(call(fn, Float64Array.from(y), Float64Array.from(p), { nLabels: 1 })).toEqual(call(fn, y, p));
    }
    expect(mlm.multilabelConfusionMatrix(col(y), p)).toEqual(mlm.multilabelConfusionMatrix(y, p));
  });
});

describe("the counting pass across chunk boundaries", () => {
  // 32,768 values per chunk: widths that do not divide it, and rows longer than a chunk
  test.each([[5000, 7], [3000, 33], [3, 40000]])("n=%i k=%i: counts equal a plain reference", (n, k) => {
    const r = rng(n + k);
    const T = new Uint8Array(n * k).map(() => (r() < 0.3 ? 1 : 0));
    const P = T.map((v) => (r() < 0.2 ? 1 - v : v));
    const w = Float64Array.from({ length: n }, () => Math.floor(r() * 4));
    w[0] = 1;
    const tp = new Array<number>(k).fill(0);
    const pred = new Array<number>(k).fill(0);
    const tru = new Array<number>(k).fill(0);
    let equal = 0;
    let wEqual = 0;
    let diff = 0;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < k; j++) {
        const t = T[i * k + j];
        const p = P[i * k + j];
        if (t && p) tp[j] += w[i];
        if (p) pred[j] += w[i];
        if (t) tru[j] += w[i];
        if (t !== p) d++;
      }
      if (d === 0) {
        equal++;
        wEqual += w[i];
      }
      diff += d;
    }
    const sw = w.reduce((s, x) => s + x, 0);
    const mcm = mlm.multilabelConfusionMatrix(T, P, { nLabels: k, sampleWeight: w });
    expect(mcm.map((m) => m[1][1])).toEqual(tp);
    expect(mcm.map((m) => m[0][1] + m[1][1])).toEqual(pred);
    expect(mcm.map((m) => m[1][0] + m[1][1])).toEqual(tru);
    expect(mlm.accuracyScore(T, P, { nLabels: k, normalize: false })).toBe(equal);
    near(mlm.accuracyScore(T, P, { nLabels: k, sampleWeight: w }), wEqual / sw);
    expect(mlm.hammingLoss(T, P, { nLabels: k })).toBe(diff / (n * k));
  });
});

describe("bad input", () => {
  const T = [[1, 0, 1], [0, 1, 0]];
  const P = [[1, 0, 0], [0, 1, 1]];
  test("sklearn's messages (the fixtures hold the full list)", () => {
    expect(() => mlm.f1Score(T, P)).toThrow("Target is multilabel-indicator but average='binary'. Please choose another average setting, one of [None, 'micro', 'macro', 'weighted', 'samples'].");
    expect(() => mlm.accuracyScore(T, [0, 1])).toThrow("Classification metrics can't handle a mix of multilabel-indicator and binary targets");
    expect(() => mlm.accuracyScore([[0, 2, 1], [1, 3, 0]], P)).toThrow("Classification metrics can't handle a mix of multiclass-multioutput and multilabel-indicator targets");
    expect(() => mlm.hammingLoss([[0, 1], [1, 0]], P)).toThrow("Multi-label binary indicator input with different numbers of labels");
    expect(() => mlm.f1Score(T, P, { average: "macro", labels: [3] })).toThrow("All labels must be in [0, n labels) for multilabel targets. Got 3 > 2");
    expect(() => mlm.f1Score([0, 1], [0, 1], { average: "samples" })).toThrow("Samplewise metrics are not available outside of multilabel classification.");
    expect(() => mlm.accuracyScore(new Float64Array(0), new Float64Array(0), { nLabels: 3 })).toThrow(
      "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum of 1 sample is required.",
    );
  });

  test("our own errors for malformed matrices, and the module keeps working", () => {
    const ref = mlm.f1Score(T, P, { average: "macro" });
    expect(() => mlm.f1Score([[1, 0], [0, 1, 1]], P, { average: "macro" })).toThrow(mlm.ValueError);
    expect(() => mlm.f1Score([[1, "a", 0], [0, 1, 1]], P, { average: "macro" })).toThrow(/row 0, column 1/);
    expect(() => mlm.f1Score([[1, 0, 0], 5], P, { average: "macro" })).toThrow(TypeError);
    expect(() => mlm.accuracyScore(new Float64Array(7), new Float64Array(7), { nLabels: 3 })).toThrow("yTrue has 7 values, not a multiple of nLabels=3");
    for (const nl of [0, -1, 1.5, "3", NaN]) expect(() => mlm.accuracyScore(new Float64Array(6), new Float64Array(6), { nLabels: nl as number })).toThrow(TypeError);
    expect(() => mlm.multilabelConfusionMatrix(T, P, { labels: ["a"] as never })).toThrow(TypeError);
    expect(() => mlm.multilabelConfusionMatrix(T, P, { labels: [0.5] })).toThrow(mlm.ValueError);
    expect(mlm.memoryStats().arenaBytes).toBe(0);
    expect(mlm.f1Score(T, P, { average: "macro" })).toBe(ref);
  });

  test("hostile rows: documented errors only, arena reset, memory flat", () => {
    const bad: unknown[] = [
      [[1n, 0]], [[Symbol("s"), 0]], [[null, 1]], [[{}, 1]], [[[1], 0]], [new Array(2)], [[NaN, 1]], [[Infinity, 0]],
      [new BigInt64Array(2)], [new DataView(new ArrayBuffer(16))], [[1, 0], "ab"], [[0.5, 1]],
    ];
    const before = mlm.memoryStats().pages;
    for (let round = 0; round < 300; round++) {
      for (const b of bad) {
        for (const fn of ["accuracyScore", "hammingLoss", "multilabelConfusionMatrix", "classificationReport"]) {
          try {
            call(fn, b, [[1, 0]], quiet);
          } catch (e) {
            expect(["ValueError", "TypeError", "RangeError", "ZeroDivisionError"]).toContain((e as Error).name);
          }
          expect(mlm.memoryStats().arenaBytes).toBe(0);
        }
      }
      mlm.f1Score(T, P, { average: "samples", ...quiet });
    }
    expect(mlm.memoryStats().pages).toBe(before);
  });
});
