// The multilabel ranking fast path (unweighted 'macro' / 'weighted' / null: both
// matrices transposed in wasm, the labels checked in that pass, one key-only sort per
// column in reused buffers) against the paths it bypasses: every per-label value, its
// warnings and the averages must have the bits of the 1-D metric on that column and of
// the per-column general path (unit sample weights), with adversarial columns.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

type Fn = (t: unknown, s: unknown, o?: Record<string, unknown>) => number | number[];
const FNS: [string, Fn][] = [
  ["rocAucScore", mlm.rocAucScore as unknown as Fn],
  ["averagePrecisionScore", mlm.averagePrecisionScore as unknown as Fn],
];

/** n × 9 labels and scores; columns: 0 plain, 1 heavy ties, 2 all zero, 3 all one, 4 ±0 labels and
 * scores, 5 scores outside [0, 1], 6 keys spanning all 64 bits, 7 one positive, 8 one negative. */
function adversarial(n: number, seed: number, labelZero = -0): { T: number[][]; S: number[][] } {
  const r = rng(seed);
  const T: number[][] = [];
  const S: number[][] = [];
  for (let i = 0; i < n; i++) {
    const t = [r() < 0.3 ? 1 : 0, r() < 0.5 ? 1 : 0, 0, 1, r() < 0.4 ? 1 : labelZero, r() < 0.6 ? 1 : 0, r() < 0.5 ? 1 : 0, i === 3 ? 1 : 0, i === 5 ? 0 : 1];
    const s = [
      r() + 0.3 * t[0],
      Math.round(2 * r() + t[1]) / 2,
      r(),
      r(),
      r() < 0.5 ? (r() < 0.5 ? -0 : 0) : Math.round(r() + t[4]),
      (r() - 0.5) * 1e6 + 3e5 * t[5],
      (r() < 0.5 ? -1 : 1) * 10 ** (300 * r()) + t[6],
      r() < 0.2 ? 0.5 : r(),
      r(),
    ];
    T.push(t);
    S.push(s);
  }
  return { T, S };
}

function collect(): { msgs: string[]; onWarning: (m: string) => void } {
  const msgs: string[] = [];
  return { msgs, onWarning: (m: string) => msgs.push(m) };
}

describe.each(FNS)("%s: multilabel fast path", (name, f) => {
  test.each([
    ["n=7", 7, 1],
    ["n=300", 300, 2],
    ["n=5000", 5000, 3],
  ])("adversarial columns, %s: per label = the 1-D metric (values and warnings), = unit weights", (_l, n, seed) => {
    const { T, S } = adversarial(n, seed);
    const k = T[0].length;
    const fast = collect();
    const got = f(T, S, { average: null, onWarning: fast.onWarning }) as number[];
    const one = collect();
    const want = Array.from({ length: k }, (_, c) => f(T.map((r) => r[c]), S.map((r) => r[c]), { onWarning: one.onWarning }) as number);
    expect(got).toEqual(want);
    expect(fast.msgs).toEqual(one.msgs);
    if (name === "rocAucScore") {
      expect(Number.isNaN(got[2]) && Number.isNaN(got[3])).toBe(true);
      // (at n = 7 a random column can hold one class too)
      expect(fast.msgs.filter((m) => m.startsWith("Only one class")).length).toBeGreaterThanOrEqual(2);
    } else {
      expect(fast.msgs.length).toBeGreaterThanOrEqual(1);
      for (const m of fast.msgs) expect(m).toBe("No positive class found in y_true, recall is set to one for all thresholds.");
    }
    // the general path (weights): unit weights give the same bits
    const gen = collect();
    const unit = new Float64Array(n).fill(1);
    expect(f(T, S, { average: null, sampleWeight: unit, onWarning: gen.onWarning })).toEqual(want);
    expect(gen.msgs).toEqual(fast.msgs);
    // flat typed arrays (staged in the arena, labels transposed by the type check) and wasm handles
    const flat = collect();
    expect(f(Float64Array.from(T.flat()), Float64Array.from(S.flat()), { average: null, nLabels: k, onWarning: flat.onWarning })).toEqual(want);
    expect(flat.msgs).toEqual(one.msgs);
    const hT = mlm.allocFloat64(n * k);
    const hS = mlm.allocFloat64(n * k);
    try {
      hT.array.set(T.flat());
      hS.array.set(S.flat());
      expect(f(hT, hS, { average: null, nLabels: k, ...collect() })).toEqual(want);
    } finally {
      hS.free();
      hT.free();
    }
    for (const average of ["macro", "weighted"]) {
      const a = f(T, S, { average, ...collect() });
      expect(a).toEqual(f(T, S, { average, sampleWeight: unit, ...collect() }));
      // flat row-major forms take the same path
      expect(f(Float64Array.from(T.flat()), Float64Array.from(S.flat()), { average, nLabels: k, ...collect() })).toEqual(a);
    }
  });

  test("labels -1 / 1 (an indicator the wasm check declines) keep the general path's values", () => {
    const { T, S } = adversarial(200, 4, -1);
    const Tm = T.map((r) => [r[0] === 1 ? 1 : -1, r[4], r[5] === 1 ? 1 : -1]);
    const Sm = S.map((r) => [r[0], r[4], r[5]]);
    const want = [0, 1, 2].map((c) => {
      try {
        return f(Tm.map((r) => r[c]), Sm.map((r) => r[c]), { posLabel: name === "averagePrecisionScore" ? 1 : undefined }) as number;
      } catch (e) {
        return (e as Error).message;
      }
    });
    for (const [T2, S2, o] of [
      [Tm, Sm, {}],
      [Float64Array.from(Tm.flat()), Float64Array.from(Sm.flat()), { nLabels: 3 }],
    ] as const) {
      let got: unknown;
      try {
        got = f(T2, S2, { average: null, ...o });
      } catch (e) {
        got = (e as Error).message;
      }
      if (Array.isArray(got)) expect(got).toEqual(want);
      else expect(want).toContain(got);
    }
  });

  test("a weight vector of zeros in 'weighted' still returns 0 before any column", () => {
    const { T, S } = adversarial(50, 6);
    expect(f(T, S, { average: "weighted", sampleWeight: new Float64Array(50), ...collect() })).toBe(0);
  });
});
