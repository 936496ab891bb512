// The fast paths of issue 3 against the general ones, at sizes where the fast
// paths actually run (the golden fixtures are small). These compare two of
// our own computations that must agree bit for bit; they assert no value of
// their own (sklearn's values are pinned by the fixtures and parity report).
//  - Unweighted curves sort (score key, label) keys with no payload, or, when
//    the score keys vary in all 64 bits, sort positives and negatives apart;
//    rocAucScore fuses counts, drop_intermediate, rates and trapezoid terms.
//    Unit weights take the general path (stable payload sort + cumulative
//    sums), which sklearn's definition makes identical.
//  - scoreDistribution selects up to 32 quantiles by radix select with a
//    first digit counted in the histogram pass; more than 32 probabilities
//    take a full radix sort.
import { beforeAll, expect, test } from "vitest";
import * as mlm from "../src/index.js";

beforeAll(async () => {
  await mlm.init();
});

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

type Gen = (u: () => number, i: number, y: number) => number;
const SCORES: Record<string, Gen> = {
  continuous: (u, _i, y) => Math.min(1, Math.max(0, 0.3 * y + 0.7 * u())),
  "heavy ties": (u, _i, y) => Math.round((0.2 * y + 0.8 * u()) * 20) / 20,
  "signed zeros and ties": (u, i) => (i % 3 === 0 ? (u() < 0.5 ? -0 : 0) : Math.round(u() * 8) - 4),
  // keys vary in all 64 bits: the positives/negatives split path
  "mixed signs, wide range": (u, _i, y) => (u() < 0.5 ? -1 : 1) * (u() + y * 0.1) * 2 ** Math.floor(60 * u() - 30),
  "all equal": () => 0.25,
  // probabilities with exact 0 and 1 (and subnormals): the composed keys of a [0, 1] range fit in 63 bits
  "probabilities with 0, 1 and subnormals": (u, i, y) =>
    i % 11 === 0 ? (i % 2 ? 0 : -0) : i % 7 === 0 ? 1 : i % 13 === 0 ? 5e-324 * (1 + Math.floor(u() * 4)) : Math.min(1, 0.3 * y + 0.7 * u()),
  "two values": (u, _i, y) => (u() < 0.4 + 0.3 * y ? 1e-300 : -1e300),
  // one sign, no zero: the curves compose keys with the first digit counted (composeKeysCounted)
  "negative only, with ties": (u, _i, y) => -Math.round((1 - 0.3 * y) * u() * 50 + 1) / 7,
  "positive subnormals and tiny values": (u, i, y) => (i % 3 === 0 ? 5e-324 * (1 + Math.floor(u() * 5 + y)) : 1e-310 * (u() + y)),
  "above 1": (u, _i, y) => 1 + u() * 1e6 + y,
  // already in the sort's order, or in the reverse order (the sort checks both first)
  "sorted descending": (_u, i) => 1 - i * 1e-7,
  "sorted ascending": (_u, i) => i * 1e-7,
  "sorted descending with ties": (_u, i) => -Math.floor(i / 3),
};

function dataset(n: number, seed: number, gen: Gen) {
  const u = lcg(seed);
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = u() < 0.3 ? 1 : 0;
    s[i] = gen(u, i, y[i]);
  }
  y[0] = 1;
  y[1] = 0;
  return { y, s, ones: new Float64Array(n).fill(1) };
}

const same = (a: unknown, b: unknown) => expect(Object.is(a, b) || JSON.stringify(a) === JSON.stringify(b)).toBe(true);

test.each(Object.keys(SCORES))("unweighted curves and areas equal the unit-weight path bit for bit: %s", (name) => {
  for (const n of [2, 3, 33, 4999, 5000, 60_001]) {
    const { y, s, ones } = dataset(n, n + name.length, SCORES[name]);
    const w = { sampleWeight: ones };
    expect(mlm.rocAucScore(y, s)).toBe(mlm.rocAucScore(y, s, w));
    // zero-copy handles take the same fast path
    const hy = mlm.allocFloat64(n), hs = mlm.allocFloat64(n);
    try {
      hy.array.set(y);
      hs.array.set(s);
      expect(mlm.rocAucScore(hy, hs)).toBe(mlm.rocAucScore(y, s, w));
      expect(Array.from(hs.array)).toEqual(Array.from(s));
    } finally {
      hs.free();
      hy.free();
    }
    expect(mlm.averagePrecisionScore(y, s)).toBe(mlm.averagePrecisionScore(y, s, w));
    // another positive label, {-1, 1} labels, and plain arrays (validated in TypeScript, no key-only path)
    expect(mlm.averagePrecisionScore(y, s, { posLabel: 0 })).toBe(mlm.averagePrecisionScore(y, s, { posLabel: 0, ...w }));
    const ym = y.map((v) => 2 * v - 1);
    expect(mlm.averagePrecisionScore(ym, s)).toBe(mlm.averagePrecisionScore(ym, s, w));
    expect(mlm.averagePrecisionScore(Array.from(y), Array.from(s))).toBe(mlm.averagePrecisionScore(y, s, w));
    for (const dropIntermediate of [true, false]) {
      const a = mlm.rocCurve(y, s, { dropIntermediate });
      const b = mlm.rocCurve(y, s, { dropIntermediate, ...w });
      expect(a.fpr).toEqual(b.fpr);
      expect(a.tpr).toEqual(b.tpr);
      // toEqual does not tell -0 from 0; compare the signs too
      expect(a.thresholds.map((t) => (Object.is(t, -0) ? "-0" : t))).toEqual(
        b.thresholds.map((t) => (Object.is(t, -0) ? "-0" : t)),
      );
      const p = mlm.precisionRecallCurve(y, s, { dropIntermediate });
      const q = mlm.precisionRecallCurve(y, s, { dropIntermediate, ...w });
      expect(p.precision).toEqual(q.precision);
      expect(p.recall).toEqual(q.recall);
      expect(p.thresholds.map((t) => (Object.is(t, -0) ? "-0" : t))).toEqual(
        q.thresholds.map((t) => (Object.is(t, -0) ? "-0" : t)),
      );
    }
    // maxFpr (partial AUC) and the one-vs-rest multiclass path ride on the same curves
    same(mlm.rocAucScore(y, s, { maxFpr: 0.3 }), mlm.rocAucScore(y, s, { maxFpr: 0.3, ...w }));
  }
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});

const quiet = { onWarning: () => {} }; // "wide range" overflows np.std's square (sklearn warns too)

const DIST: Record<string, (u: () => number, i: number) => number> = {
  normal: (u) => Math.sqrt(-2 * Math.log(u() + 1e-300)) * Math.cos(2 * Math.PI * u()),
  uniform: (u) => u(),
  "ties and signed zeros": (u, i) => (i % 4 === 0 ? (u() < 0.5 ? -0 : 0) : Math.round(u() * 10) - 5),
  "wide range": (u) => (u() < 0.5 ? -1 : 1) * 2 ** Math.floor(200 * u() - 100) * (1 + u()),
  constant: () => -3.5,
  "one outlier": (u, i) => (i === 17 ? 1e300 : u()),
};

test.each(Object.keys(DIST))("scoreDistribution: radix-select quantiles equal the full-sort path bit for bit: %s", (name) => {
  const probs = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1, 1 / 3];
  // 33 probabilities: more than the select path takes, so the data are fully sorted
  const many = [...probs, ...Array.from({ length: 23 }, (_, i) => (i + 0.5) / 23)];
  // 4097: just above the full-sort size; 200_003: above the bucket-histogram size (2 ** 17)
  for (const n of [4097, 200_003]) {
    const u = lcg(n ^ name.length);
    const x = Float64Array.from({ length: n }, (_, i) => DIST[name](u, i));
    const viaSelect = mlm.scoreDistribution(x, { quantiles: probs, ...quiet });
    const viaSort = mlm.scoreDistribution(x, { quantiles: many, ...quiet });
    const sign = (v: number) => (Object.is(v, -0) ? "-0" : v);
    expect(viaSelect.quantiles.map(sign)).toEqual(viaSort.quantiles.slice(0, probs.length).map(sign));
    expect(viaSelect.histogram).toEqual(viaSort.histogram);
    // the histogram is the same with and without quantiles (the select digit is counted in its pass)
    expect(mlm.scoreDistribution(x, { quantiles: [], ...quiet }).histogram).toEqual(viaSelect.histogram);
    for (const bins of [1, 7, 300]) {
      expect(mlm.scoreDistribution(x, { bins, quantiles: [0.5], ...quiet }).histogram).toEqual(
        mlm.scoreDistribution(x, { bins, quantiles: many, ...quiet }).histogram,
      );
    }
  }
});

// A large Float64Array takes the fused fast path (copy + pairwise sum by
// subtree, squared deviations + select digit counts in one pass, min/max with
// the signs of zeros recovered from the digit counts); a plain array takes the
// general path (scan, distMoments, histogram pass). Same results, signs of zeros included.
const ZERO_DIST: Record<string, (u: () => number, i: number) => number> = {
  "non-negative with signed zeros": (u, i) => (i % 3 === 0 ? (u() < 0.5 ? -0 : 0) : u()),
  "non-positive with signed zeros": (u, i) => (i % 3 === 0 ? (u() < 0.5 ? -0 : 0) : -u()),
  "non-negative, -0 only": (u, i) => (i % 5 === 0 ? -0 : u()),
  "non-positive, +0 only": (u, i) => (i % 5 === 0 ? 0 : -u()),
  "zeros of both signs only": (u) => (u() < 0.5 ? -0 : 0),
  "-0 only": () => -0,
  // every 8-aligned block starts with +0 (-0) and holds the other zero later:
  // the order in which a min/max kernel meets the two zeros must not matter
  "non-negative, +0 before -0": (u, i) => (i % 16 < 8 ? 0 : i % 16 === 9 ? -0 : u()),
  "non-positive, -0 before +0": (u, i) => (i % 16 < 8 ? -0 : i % 16 === 9 ? 0 : -u()),
};
test.each([...Object.keys(DIST), ...Object.keys(ZERO_DIST)])(
  "scoreDistribution: the large-Float64Array fast path equals the general path bit for bit: %s",
  (name) => {
    const gen = DIST[name] ?? ZERO_DIST[name];
    const sign = (v: number) => (Object.is(v, -0) ? "-0" : v);
    const norm = (r: mlm.ScoreDistribution) => ({
      ...r,
      min: sign(r.min),
      max: sign(r.max),
      mean: sign(r.mean),
      std: sign(r.std),
      quantiles: r.quantiles.map(sign),
      histogram: { counts: r.histogram.counts, edges: r.histogram.edges.map(sign) },
    });
    for (const n of [131_072, 300_001]) {
      const u = lcg(n ^ (name.length * 31));
      const x = Float64Array.from({ length: n }, (_, i) => gen(u, i));
      for (const opts of [{}, { bins: 37, quantiles: [0, 0.3, 0.5, 1] }]) {
        const fast = mlm.scoreDistribution(x, { ...opts, ...quiet });
        const general = mlm.scoreDistribution(Array.from(x), { ...opts, ...quiet });
        expect(norm(fast)).toEqual(norm(general));
      }
      // zero-copy handle: the same results, and the handle's data left intact
      const h = mlm.allocFloat64(n);
      try {
        h.array.set(x);
        for (const opts of [{}, { bins: 37, quantiles: [0, 0.3, 0.5, 1] }, { quantiles: Array.from({ length: 33 }, (_, i) => i / 32) }]) {
          expect(norm(mlm.scoreDistribution(h, { ...opts, ...quiet }))).toEqual(
            norm(mlm.scoreDistribution(Array.from(x), { ...opts, ...quiet })),
          );
          expect(h.array.every((v, i) => Object.is(v, x[i]))).toBe(true);
        }
      } finally {
        h.free();
      }
    }
    expect(mlm.memoryStats().arenaBytes).toBe(0);
  },
);

test("rocAucScore with maxFpr at 300,000 samples (the positive label is found without spreading the labels into Math.max)", () => {
  const { y, s, ones } = dataset(300_000, 7, SCORES.continuous);
  const a = mlm.rocAucScore(y, s, { maxFpr: 0.2 });
  expect(Number.isFinite(a)).toBe(true);
  expect(a).toBe(mlm.rocAucScore(y, s, { maxFpr: 0.2, sampleWeight: ones }));
});

// One-vs-rest multiclass ROC AUC without weights transposes the score matrix
// once and takes each class's area from one key-only sort of its column
// (buffers reused across classes); unit weights take the general binary path.
test.each(["continuous", "heavy ties", "signed zeros, outside [0, 1]"])("ovr rocAucScore: the transposed key-only path equals the unit-weight path bit for bit: %s", (name) => {
  const quietW = { onWarning: () => {} };
  for (const [n, k] of [[3, 3], [40, 4], [5001, 5], [30_011, 3]]) {
    const u = lcg(n * 7 + k + name.length);
    const y = Float64Array.from({ length: n }, (_, i) => (i < k ? i : Math.floor(u() * k)));
    const P = new Float64Array(n * k);
    for (let i = 0; i < n; i++) {
      if (name === "signed zeros, outside [0, 1]") {
        // rows sum to 1 with values outside [0, 1] and signed zeros
        for (let j = 0; j < k - 1; j++) P[i * k + j] = j === 0 ? (u() < 0.5 ? -0 : 0) : Math.round(u() * 6) - 3;
        let t = 0;
        for (let j = 0; j < k - 1; j++) t += P[i * k + j];
        P[i * k + k - 1] = 1 - t;
        continue;
      }
      let t = 0;
      for (let j = 0; j < k; j++) {
        let v = u() + (j === y[i] ? 0.7 : 0);
        if (name === "heavy ties") v = Math.round(v * 4) / 4 + 0.25;
        P[i * k + j] = v;
        t += v;
      }
      for (let j = 0; j < k; j++) P[i * k + j] /= t;
    }
    const ones = new Float64Array(n).fill(1);
    for (const average of ["macro", "weighted", null] as const) {
      const o = { multiClass: "ovr" as const, nClasses: k, average };
      same(mlm.rocAucScore(y, P, o), mlm.rocAucScore(y, P, { ...o, sampleWeight: ones }));
    }
    // a label absent from yTrue: that column has no positives (NaN and the warning, as the binary path)
    const labels = Array.from({ length: k + 1 }, (_, j) => j);
    const wide = new Float64Array(n * (k + 1));
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) wide[i * (k + 1) + j] = P[i * k + j];
    const o2 = { multiClass: "ovr" as const, nClasses: k + 1, labels, average: null, ...quietW };
    same(mlm.rocAucScore(y, wide, o2), mlm.rocAucScore(y, wide, { ...o2, sampleWeight: ones }));
  }
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});
