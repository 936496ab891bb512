// calibrationCurve beyond the golden fixtures (test/fixtures/calibration.json,
// replayed by test/parity.test.ts): its documented deviations from sklearn,
// input forms that must agree bit for bit, and a 10^6-row call against the
// same computation in plain TypeScript (the fixture's rules: searchsorted on
// the inner edges, sequential sums in sample order).
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { rng } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

describe("calibrationCurve", () => {
  test("NaN in yProb is rejected (sklearn silently returns NaN in the last bin)", () => {
    expect(() => mlm.calibrationCurve([0, 1, 1], [0.1, NaN, 0.3])).toThrow("Input y_prob contains NaN.");
    expect(mlm.memoryStats().arenaBytes).toBe(0);
  });

  test("number[], Float64Array, Float32Array-exact values and a WasmFloat64Array give the same bits", () => {
    const r = rng(5);
    const n = 5000;
    const y = Float64Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
    const p = Float64Array.from({ length: n }, () => Math.fround(r()));
    for (const strategy of ["uniform", "quantile"] as const) {
      const a = mlm.calibrationCurve(y, p, { strategy, nBins: 7 });
      expect(mlm.calibrationCurve(Array.from(y), Array.from(p), { strategy, nBins: 7 })).toEqual(a);
      expect(mlm.calibrationCurve(y, Float32Array.from(p), { strategy, nBins: 7 })).toEqual(a);
      const w = mlm.allocFloat64(n);
      w.array.set(p);
      expect(mlm.calibrationCurve(y, w, { strategy, nBins: 7 })).toEqual(a);
      expect(Array.from(w.array)).toEqual(Array.from(p)); // the zero-copy input is left intact
      w.free();
    }
  });

  test("10^6 rows: equal to a plain-TypeScript pass with sklearn's rules", () => {
    const r = rng(9);
    const n = 1_000_000;
    const y = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      y[i] = r() < 0.3 ? 1 : 0;
      p[i] = i % 10 === 0 ? Math.round(r() * 10) / 10 : r(); // a tenth on the 10-bin edges
    }
    const got = mlm.calibrationCurve(y, p, { nBins: 10 });
    const edges = Array.from({ length: 11 }, (_, i) => i * (1 / 10));
    const sums = new Float64Array(10);
    const pos = new Float64Array(10);
    const tot = new Float64Array(10);
    for (let i = 0; i < n; i++) {
      let b = 0;
      while (b < 9 && edges[b + 1] < p[i]) b++;
      sums[b] += p[i];
      pos[b] += y[i];
      tot[b]++;
    }
    expect(got.probPred).toEqual(Array.from(sums, (s, b) => s / tot[b]));
    expect(got.probTrue).toEqual(Array.from(pos, (s, b) => s / tot[b]));
  });
});
