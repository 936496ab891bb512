// The scalar build (no SIMD) gives bit-identical sketch states and answers.
// This file's own module graph loads the scalar build; the SIMD build is loaded
// in a second, fresh module graph (vi.resetModules) and fed the same data.
import { beforeAll, expect, test, vi } from "vitest";
import * as mlm from "../src/index.js";
import { QuantileSketch } from "../src/state/sketch.js";

type SketchModule = typeof import("../src/state/sketch.js");
let simd: SketchModule;

beforeAll(async () => {
  await mlm.init(undefined, { build: "scalar" });
  vi.resetModules();
  const index = await import("../src/index.js");
  await index.init(undefined, { build: "simd" });
  expect(index.wasmBuild()).toBe("simd");
  simd = await import("../src/state/sketch.js");
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

const u = rng(2024);
const g = (): number => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
const DATA: [string, Float64Array][] = [
  ["normal", Float64Array.from({ length: 100000 }, g)],
  ["lognormal", Float64Array.from({ length: 50000 }, () => Math.exp(8 * g()))],
  ["zeros and subnormals", Float64Array.from({ length: 30000 }, () => {
    const r = u();
    return r < 0.2 ? 0 : r < 0.4 ? -0 : (u() < 0.5 ? -1 : 1) * Math.floor(u() * 2 ** (1 + Math.floor(u() * 52))) * Number.MIN_VALUE;
  })],
  ["ties", Float64Array.from({ length: 40000 }, () => Math.floor(u() * 7) - 3)],
  ["wide", Float64Array.from({ length: 60000 }, () => (u() < 0.5 ? -1 : 1) * 2 ** (Math.floor(u() * 2000) - 1000) * (1 + u()))],
  ["one value", Float64Array.of(-2.5)],
];
const QS = [0, 0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999, 1];

test("this file runs the scalar build", () => {
  expect(mlm.wasmBuild()).toBe("scalar");
});

for (const alpha of [0.1, 0.01, 0.001, 1e-6]) {
  test(`identical states, quantiles and histograms: alpha ${alpha}`, () => {
    for (const [name, x] of DATA) {
      const a = QuantileSketch.create(alpha);
      const b = simd.QuantileSketch.create(alpha);
      // one large batch, then the same data again in small (buffered) batches
      a.update(x);
      b.update(x);
      for (let i = 0; i < x.length; i += 3000) {
        a.update(x.subarray(i, i + 3000));
        b.update(x.subarray(i, i + 3000));
      }
      expect(JSON.stringify(a.toJSON()), name).toBe(JSON.stringify(b.toJSON()));
      expect(a.quantiles(QS), name).toEqual(b.quantiles(QS));
      if (Number.isFinite(a.max - a.min)) expect(a.histogram(25), name).toEqual(b.histogram(25));
      // and a state moves between the builds through JSON
      expect(simd.QuantileSketch.fromJSON(a.toJSON()).equals(b)).toBe(true);
    }
  });
}
