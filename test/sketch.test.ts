// QuantileSketch (src/state/sketch.ts): the relative-error bound against exact
// numpy-'linear' quantiles on adversarial data families, partition and merge
// invariance, the histogram bound, JSON round trips and tampering, errors,
// memory. The worst observed error / bound per family is printed at the end.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { core, putF64, withArena } from "../src/wasm/core.js";
import { QuantileSketch, type QuantileSketchJSON, sketchPaths } from "../src/state/sketch.js";

beforeAll(async () => {
  await mlm.init();
});

// ---------- data ----------

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
function gauss(u: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

const dv = new DataView(new ArrayBuffer(8));
function bits(x: number): bigint {
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}
function fromBits(b: bigint): number {
  dv.setBigUint64(0, b, true);
  return dv.getFloat64(0, true);
}
/** The next double away from zero (same sign) / toward zero. */
const away = (x: number): number => fromBits(bits(x) + 1n);
const toward = (x: number): number => fromBits(bits(x) - 1n);

const mantissaBits = (alpha: number): number => QuantileSketch.create(alpha).mantissaBits;

/** Values exactly on bucket boundaries of m mantissa bits, and the doubles just below/above them. */
function boundaries(n: number, u: () => number, m: number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = Math.floor(u() * 40) - 20 + (u() < 0.05 ? (u() < 0.5 ? -1000 : 990) : 0);
    const k = Math.floor(u() * 2 ** Math.min(m, 30));
    let v = 2 ** e * (1 + k * 2 ** -Math.min(m, 30));
    const r = u();
    if (r < 1 / 3) v = away(v);
    else if (r < 2 / 3) v = toward(v);
    x[i] = u() < 0.5 ? -v : v;
  }
  return x;
}

/** Subnormals with 1..52 significant bits, both signs, some zeros and small normals. */
function subnormals(n: number, u: () => number): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = u();
    let v: number;
    if (r < 0.05) v = 0;
    else if (r < 0.1) v = 2 ** -1022 * (1 + u());
    else {
      const L = 1 + Math.floor(u() * 52);
      v = Math.max(1, Math.floor(u() * 2 ** L)) * Number.MIN_VALUE;
    }
    x[i] = u() < 0.5 ? -v : v;
  }
  return x;
}

type Family = { name: string; make: (n: number, u: () => number, m: number) => Float64Array; n: number[] };

const FAMILIES: Family[] = [
  { name: "uniform", n: [20000], make: (n, u) => Float64Array.from({ length: n }, u) },
  { name: "normal", n: [20000], make: (n, u) => Float64Array.from({ length: n }, gauss(u)) },
  {
    name: "lognormal (sigma 100: 1e-200..1e200)",
    n: [20000],
    make: (n, u) => {
      const g = gauss(u);
      return Float64Array.from({ length: n }, () => Math.exp(100 * g()));
    },
  },
  { name: "all equal", n: [1000, 30000], make: (n) => new Float64Array(n).fill(-123.456) },
  {
    name: "two values",
    n: [2000],
    make: (n, u) => Float64Array.from({ length: n }, () => (u() < 0.3 ? -1.5 : 2.25)),
  },
  { name: "heavy ties (0..9)", n: [20000], make: (n, u) => Float64Array.from({ length: n }, () => Math.floor(u() * 10)) },
  {
    name: "negative (-lognormal)",
    n: [20000],
    make: (n, u) => {
      const g = gauss(u);
      return Float64Array.from({ length: n }, () => -Math.exp(3 * g()));
    },
  },
  {
    name: "mixed sign, huge range",
    n: [20000],
    make: (n, u) => {
      const g = gauss(u);
      return Float64Array.from({ length: n }, () =>
        u() < 0.01 ? 0 : (u() < 0.5 ? -1 : 1) * Math.exp(Math.max(-700, Math.min(700, 300 * g()))));
    },
  },
  {
    name: "zeros and negative zeros",
    n: [5000],
    make: (n, u) =>
      Float64Array.from({ length: n }, () => {
        const r = u();
        return r < 0.35 ? 0 : r < 0.7 ? -0 : r < 0.85 ? 1e-300 * (u() - 0.5) : u() - 0.5;
      }),
  },
  { name: "only -0 and +0", n: [1000], make: (n, u) => Float64Array.from({ length: n }, () => (u() < 0.5 ? -0 : 0)) },
  { name: "bucket boundaries (+-1 ulp)", n: [20000], make: (n, u, m) => boundaries(n, u, m) },
  { name: "subnormals", n: [20000], make: (n, u) => subnormals(n, u) },
  {
    name: "near the largest double",
    n: [5000],
    make: (n, u) => Float64Array.from({ length: n }, () => (u() < 0.5 ? -1 : 1) * Number.MAX_VALUE * (0.5 + u() / 2)),
  },
  { name: "n = 1", n: [1], make: (n, u) => Float64Array.from({ length: n }, () => (u() - 0.5) * 10 ** (u() * 20 - 10)) },
  { name: "n = 2", n: [2], make: (n, u) => Float64Array.from({ length: n }, () => (u() - 0.3) * 10 ** (u() * 20 - 10)) },
  { name: "n = 3", n: [3], make: (n, u) => Float64Array.from({ length: n }, () => (u() - 0.3) * 10 ** (u() * 20 - 10)) },
];

const ALPHAS = [0.1, 0.01, 0.001, 1e-6];

const QS = [
  0, 1e-9, 1e-6, 0.001, 0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.45, 0.5, 0.55, 0.6, 2 / 3, 0.7, 0.75, 0.8, 0.9,
  0.95, 0.99, 0.999, 1 - 1e-6, 1 - 1e-12, 1,
];
function probabilities(u: () => number): number[] {
  return [...QS, ...mlm.DEFAULT_QUANTILES, ...Array.from({ length: 20 }, u)];
}

// ---------- exact reference: numpy 'linear' on a sorted copy ----------

function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** np.quantile(x, q) and the order statistics it interpolates (sorted: ascending, -0 before +0). */
function exactQuantile(sorted: Float64Array, q: number): { value: number; xj: number; xj1: number; f: number } {
  const last = sorted.length - 1;
  const vi = last * q;
  if (vi >= last) return { value: lerp(sorted[last], sorted[last], vi + 1), xj: sorted[last], xj1: sorted[last], f: 0 };
  const j = Math.floor(vi);
  const f = vi - j;
  return { value: lerp(sorted[j], sorted[j + 1], f), xj: sorted[j], xj1: sorted[j + 1], f };
}

// The stated bound: α((1−f)|x_j| + f|x_{j+1}|) + 2^-48 (|x_j| + |x_{j+1}|) + 2^-1071.
const SLACK_REL = 2 ** -48;
const SLACK_ABS = 2 ** -1071;

const worst = new Map<string, { ratio: number; checks: number }>();
function record(family: string, ratio: number): void {
  const w = worst.get(family) ?? { ratio: 0, checks: 0 };
  w.ratio = Math.max(w.ratio, ratio);
  w.checks++;
  worst.set(family, w);
}

/** Checks every probability against the bound; returns the worst |x̂ − x̃| / (α(...)). */
function checkBound(x: Float64Array, alpha: number, qs: number[], family: string, sketch?: QuantileSketch): number {
  const s = sketch ?? QuantileSketch.create(alpha).update(x);
  const sorted = Float64Array.from(x).sort();
  const est = s.quantiles(qs);
  let w = 0;
  for (let i = 0; i < qs.length; i++) {
    const { value, xj, xj1, f } = exactQuantile(sorted, qs[i]);
    const err = Math.abs(est[i] - value);
    const main = alpha * ((1 - f) * Math.abs(xj) + f * Math.abs(xj1));
    const slack = SLACK_REL * (Math.abs(xj) + Math.abs(xj1)) + SLACK_ABS;
    if (!(err <= main + slack)) {
      throw new Error(
        `${family}, alpha ${alpha}, q ${qs[i]}: estimate ${est[i]} exact ${value} (x_j ${xj}, x_j+1 ${xj1}, f ${f}): ` +
          `error ${err} > bound ${main} + ${slack}`,
      );
    }
    const ratio = main > 0 ? err / main : err > 0 ? Infinity : 0;
    w = Math.max(w, ratio);
  }
  record(`${family} @ alpha=${alpha}`, w);
  return w;
}

afterAll(() => {
  const rows = [...worst.entries()].map(([k, v]) => `  ${v.ratio.toFixed(4).padStart(8)}  (${v.checks} sketches)  ${k}`);
  console.log(`worst |estimate - exact| / (alpha((1-f)|x_j| + f|x_j+1|)) per family:\n${rows.join("\n")}`);
  console.log(`paths taken: ${JSON.stringify(sketchPaths)}`);
});

// ---------- the mapping ----------

describe("bucket mapping (kernels sketchKey / sketchRep)", () => {
  const key = (x: number, m: number): bigint => BigInt.asUintN(64, core().sketchKey(x, m));
  const rep = (x: number, m: number): number => core().sketchRep(core().sketchKey(x, m), m);

  test("m = ceil(log2(1/alpha)) - 1, clamped to [0, 52]", () => {
    const cases: [number, number][] = [
      [0.5, 0], [0.4, 1], [0.25, 1], [0.1, 3], [0.0625, 3], [0.01, 6], [0.001, 9], [1e-6, 19], [2 ** -52, 51],
      [2 ** -53, 52], [1e-300, 52], [Number.MIN_VALUE, 52],
    ];
    for (const [a, m] of cases) {
      expect(mantissaBits(a), String(a)).toBe(m);
      if (m < 52) expect(2 ** -(m + 1)).toBeLessThanOrEqual(a);
    }
  });

  test("keys are monotone in x over the whole double range (subnormals, -0 < +0)", () => {
    const u = rng(11);
    const vals: number[] = [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 2 ** -1022];
    for (let i = 0; i < 20000; i++) {
      const r = u();
      const v = r < 0.3 ? fromBits(BigInt(Math.floor(u() * 2 ** 31)) << 32n | BigInt(Math.floor(u() * 2 ** 32))) : r < 0.6
        ? Math.floor(u() * 2 ** 52) * Number.MIN_VALUE : 10 ** (u() * 600 - 300);
      if (Number.isFinite(v)) vals.push(u() < 0.5 ? -v : v);
    }
    const sorted = Float64Array.from(vals).sort();
    for (const m of [0, 3, 6, 9, 19, 51, 52]) {
      let prev = key(sorted[0], m);
      for (let i = 1; i < sorted.length; i++) {
        const k = key(sorted[i], m);
        if (k < prev) throw new Error(`m ${m}: key(${sorted[i]}) < key(${sorted[i - 1]})`);
        if (Object.is(sorted[i], 0) && Object.is(sorted[i - 1], -0)) expect(k).toBeGreaterThan(prev);
        prev = k;
      }
    }
  });

  test("every value is within relative 2^-(m+1) of its representative; zeros and short subnormals exact", () => {
    const u = rng(12);
    for (const m of [0, 1, 3, 6, 9, 19, 30, 51, 52]) {
      const lim = 2 ** -(m + 1);
      const xs = [...boundaries(3000, u, m), ...subnormals(3000, u), ...Array.from({ length: 2000 }, () => 10 ** (u() * 600 - 300))];
      for (const x of xs) {
        const r = rep(x, m);
        const err = Math.abs(r - x);
        if (!(err <= lim * Math.abs(x) * (1 + 2 ** -50) + 2 ** -1074)) throw new Error(`m ${m}: rep(${x}) = ${r}`);
        expect(Math.sign(r) || 0).toBe(Math.sign(x) || 0);
      }
      expect(Object.is(rep(0, m), 0)).toBe(true);
      expect(Object.is(rep(-0, m), -0)).toBe(true);
      // subnormals with <= m + 1 significant bits are exact
      for (let b = 0; b <= Math.min(m, 51); b++) {
        const v = (2 ** b + Math.floor(u() * 2 ** b)) * Number.MIN_VALUE;
        expect(rep(v, m)).toBe(v);
        expect(rep(-v, m)).toBe(-v);
      }
    }
  });

  test("2^m buckets per octave, boundaries exactly at 2^e(1 + k 2^-m)", () => {
    for (const m of [0, 3, 6, 9]) {
      const keys = new Set<bigint>();
      for (let i = 0; i < 2 ** (m + 3); i++) keys.add(key(1 + i * 2 ** -(m + 3), m));
      expect(keys.size).toBe(2 ** m);
      for (const e of [-1074 + m + 3, -1050, -1022, -3, 0, 7, 1000]) {
        for (let k = 0; k < 2 ** m; k += Math.max(1, 2 ** m / 8)) {
          const lo = 2 ** e * (1 + k * 2 ** -m);
          for (const s of [1, -1]) {
            expect(key(s * lo, m), `${s * lo}`).not.toBe(key(s * toward(lo), m));
            expect(key(s * lo, m)).toBe(key(s * away(lo), m));
          }
        }
      }
    }
  });

  test("an independent BigInt model of the mapping agrees with the kernel", () => {
    const MSB = 1n << 63n;
    const ABS = MSB - 1n;
    function model(x: number, m: number): bigint {
      const b = bits(x);
      const a = b & ABS;
      const M = BigInt(m);
      let idx: bigint;
      if (a >= 1n << 52n) idx = (a >> (52n - M)) + ((52n - M) << M);
      else if (a < 2n << M) idx = a;
      else {
        const q = BigInt(a.toString(2).length - 1) - M;
        idx = (q << M) + (a >> q);
      }
      const key = MSB | idx;
      return b & MSB ? ~key & ((1n << 64n) - 1n) : key;
    }
    const u = rng(13);
    for (const m of [0, 6, 19, 52]) {
      for (const x of [...boundaries(500, u, m), ...subnormals(500, u), 0, -0, Number.MAX_VALUE, -Number.MIN_VALUE]) {
        expect(key(x, m)).toBe(model(x, m));
      }
    }
  });
});

// ---------- the quantile bound ----------

describe("quantiles within alpha((1-f)|x_j| + f|x_j+1|) of np.quantile (+ rounding slack)", () => {
  for (const fam of FAMILIES) {
    for (const alpha of ALPHAS) {
      test(`${fam.name}, alpha ${alpha}`, () => {
        const u = rng(1000 + FAMILIES.indexOf(fam) * 17 + ALPHAS.indexOf(alpha));
        const m = mantissaBits(alpha);
        const trials = fam.n[0] <= 3 ? 300 : 1;
        for (let t = 0; t < trials; t++) {
          for (const n of fam.n) checkBound(fam.make(n, u, m), alpha, probabilities(u), fam.name);
        }
      });
    }
  }

  test("the exact reference equals scoreDistribution's quantiles", () => {
    const u = rng(5);
    for (const fam of FAMILIES) {
      if (fam.name.startsWith("near the largest") || fam.name.startsWith("mixed sign")) continue; // sums overflow there
      const x = fam.make(fam.n[0], u, 6);
      const qs = probabilities(u);
      const sorted = Float64Array.from(x).sort();
      const ref = qs.map((q) => exactQuantile(sorted, q).value);
      const sd = mlm.scoreDistribution(x, { quantiles: qs, onWarning: () => {} });
      expect(sd.quantiles.every((v, i) => v === ref[i]), fam.name).toBe(true);
    }
  });

  test("10^6 values (normal, lognormal): alpha 0.01 and 0.001", () => {
    const u = rng(77);
    const g = gauss(u);
    const normal = Float64Array.from({ length: 1e6 }, g);
    const lognormal = Float64Array.from({ length: 1e6 }, () => Math.exp(4 * g()));
    for (const alpha of [0.01, 0.001]) {
      checkBound(normal, alpha, probabilities(u), "normal, n = 10^6");
      checkBound(lognormal, alpha, probabilities(u), "lognormal (sigma 4), n = 10^6");
    }
  });

  test("q = 0 and q = 1 are the exact min and max; n, min, max exact", () => {
    const u = rng(8);
    for (const fam of FAMILIES) {
      const x = fam.make(fam.n[0], u, 3);
      const s = QuantileSketch.create(0.1).update(x);
      const sorted = Float64Array.from(x).sort();
      const [q0, q1] = s.quantiles([0, 1]);
      // (numpy's lerp turns a -0 minimum into +0 at q = 0 when n > 1: both sides do)
      expect(Object.is(q0, exactQuantile(sorted, 0).value), fam.name).toBe(true);
      expect(Object.is(q1, exactQuantile(sorted, 1).value), fam.name).toBe(true);
      expect(q0).toBe(sorted[0] + 0);
      expect(q1).toBe(sorted[sorted.length - 1] + 0);
      expect(Object.is(s.min, sorted[0])).toBe(true);
      expect(Object.is(s.max, sorted[sorted.length - 1])).toBe(true);
      expect(s.n).toBe(x.length);
    }
  });

  test("data with only zeros: quantiles bit-identical to numpy's (sign of zero included)", () => {
    const u = rng(9);
    for (let t = 0; t < 50; t++) {
      const x = Float64Array.from({ length: 1 + Math.floor(u() * 50) }, () => (u() < 0.5 ? -0 : 0));
      const sorted = Float64Array.from(x).sort();
      const qs = probabilities(u);
      const est = QuantileSketch.create(0.01).update(x).quantiles(qs);
      qs.forEach((q, i) => expect(Object.is(est[i], exactQuantile(sorted, q).value)).toBe(true));
    }
  });
});

// ---------- determinism ----------

/** Adds x to s through a random mix of batch sizes and input kinds. */
function feed(s: QuantileSketch, x: Float64Array, u: () => number): void {
  let i = 0;
  while (i < x.length) {
    const r = u();
    const len = Math.min(x.length - i, r < 0.4 ? 1 + Math.floor(u() * 50) : r < 0.8 ? 1 + Math.floor(u() * 5000) : 16384 + Math.floor(u() * 30000));
    const part = x.subarray(i, i + len);
    const kind = u();
    if (kind < 0.5) s.update(part);
    else if (kind < 0.7) s.update(Array.from(part));
    else if (kind < 0.85) {
      const h = mlm.allocFloat64(len);
      h.array.set(part);
      s.update(h);
      h.free();
    } else withArena(() => s.addArena(putF64(part), len));
    i += len;
  }
}

function shuffled(x: Float64Array, u: () => number): Float64Array {
  const y = Float64Array.from(x);
  for (let i = y.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    const t = y[i];
    y[i] = y[j];
    y[j] = t;
  }
  return y;
}

/** Merges sketches in a random binary tree. */
function mergeTree(parts: QuantileSketch[], u: () => number): QuantileSketch {
  const list = [...parts];
  while (list.length > 1) {
    const i = Math.floor(u() * list.length);
    const a = list.splice(i, 1)[0];
    const j = Math.floor(u() * list.length);
    list[j] = u() < 0.5 ? list[j].merge(a) : a.merge(list[j]);
  }
  return list[0];
}

describe("partition invariance: any batches, orders, input kinds and merge trees give the identical state", () => {
  const datasets: [string, (u: () => number) => Float64Array][] = [
    ["normal", (u) => Float64Array.from({ length: 60000 }, gauss(u))],
    ["zeros, subnormals, huge", (u) => Float64Array.from([...subnormals(20000, u), ...boundaries(20000, u, 6), 0, -0, -0])],
    ["heavy ties", (u) => Float64Array.from({ length: 50000 }, () => Math.floor(u() * 5) - 2)],
  ];
  // (alpha 2e-4: m = 12, octaves split over the directory, blocks measured first)
  for (const alpha of [0.01, 0.001, 2e-4, 1e-6]) {
    for (const [name, make] of datasets) {
      test(`${name}, alpha ${alpha}`, () => {
        const u = rng(31 + ALPHAS.indexOf(alpha));
        const x = make(u);
        const ref = QuantileSketch.create(alpha).update(x);
        const refJson = JSON.stringify(ref.toJSON());
        for (let trial = 0; trial < 4; trial++) {
          const y = shuffled(x, u);
          // split into k parts, each fed in random batches, merged in a random tree
          const k = 1 + Math.floor(u() * 6);
          const cuts = [0, ...Array.from({ length: k - 1 }, () => Math.floor(u() * y.length)).sort((a, b) => a - b), y.length];
          const parts = cuts.slice(1).map((e, i) => {
            const s = QuantileSketch.create(alpha);
            feed(s, y.subarray(cuts[i], e), u);
            return s;
          });
          const merged = mergeTree(parts, u);
          expect(merged.equals(ref)).toBe(true);
          expect(JSON.stringify(merged.toJSON())).toBe(refJson);
          expect(merged.quantiles(QS)).toEqual(ref.quantiles(QS));
        }
      });
    }
  }

  test("the dense, grown, sorted and buffered paths give the same state", () => {
    const u = rng(41);
    const before = { ...sketchPaths };
    // 2001 octaves in one batch: more blocks than a small batch's dense room -> sorted
    const octaves = Float64Array.from({ length: 2001 }, (_, i) => 2 ** (i - 1000) * (1 + u()));
    const a = QuantileSketch.create(0.01).update(octaves);
    const b = QuantileSketch.create(0.01);
    for (let i = 0; i < octaves.length; i += 500) b.update(octaves.slice(i, i + 500));
    expect(a.equals(b)).toBe(true);
    // 10^5 values over ~4000 octave blocks: the dense blocks grow in place
    const wide = Float64Array.from({ length: 100000 }, () => (u() < 0.5 ? -1 : 1) * 2 ** (Math.floor(u() * 2000) - 1000) * (1 + u()));
    const c = QuantileSketch.create(0.01).update(wide);
    const d = QuantileSketch.create(0.01);
    for (let i = 0; i < wide.length; i += 1000) d.update(wide.subarray(i, i + 1000));
    expect(c.equals(d)).toBe(true);
    // more than 2^14 subnormals in one batch: sorted; in small batches: dense with the spill
    const sub = subnormals(40000, u);
    const e = QuantileSketch.create(0.001).update(sub);
    const f = QuantileSketch.create(0.001);
    for (let i = 0; i < sub.length; i += 3000) f.update(sub.subarray(i, i + 3000));
    expect(e.equals(f)).toBe(true);
    // m = 12 (blocks of 1024 counters): measured, then dense, or sorted when they would not fit
    const g = Float64Array.from({ length: 50000 }, gauss(u));
    const h = QuantileSketch.create(2e-4).update(g);
    const i2 = QuantileSketch.create(2e-4);
    for (let i = 0; i < g.length; i += 7000) i2.update(g.subarray(i, i + 7000));
    expect(h.equals(i2)).toBe(true);
    expect(sketchPaths.measured).toBeGreaterThan(before.measured);
    expect(sketchPaths.sorted).toBeGreaterThan(before.sorted);
    expect(sketchPaths.grown).toBeGreaterThan(before.grown);
    expect(sketchPaths.dense).toBeGreaterThan(before.dense);
    expect(sketchPaths.drained).toBeGreaterThan(before.drained);
  });

  test("merge leaves the other sketch unchanged; merging a sketch into itself doubles it", () => {
    const u = rng(42);
    const x = Float64Array.from({ length: 5000 }, gauss(u));
    const a = QuantileSketch.create(0.01).update(x);
    const b = QuantileSketch.create(0.01).update(x.subarray(0, 100));
    const bJson = JSON.stringify(b.toJSON());
    a.merge(b);
    expect(JSON.stringify(b.toJSON())).toBe(bJson);
    const twice = QuantileSketch.create(0.01).update(x).update(x);
    const self = QuantileSketch.create(0.01).update(x);
    expect(self.merge(self).equals(twice)).toBe(true);
    expect(a.clone().equals(a)).toBe(true);
  });
});

// ---------- histogram ----------

/** numpy's np.histogram bin of v (the arithmetic of assembly/distribution.ts binOf). */
function binOf(v: number, edges: number[], first: number, delta: number, bins: number): number {
  let k = Math.trunc(((v - first) / delta) * bins);
  if (k === bins) k--;
  if (v < edges[k]) k--;
  else if (k !== bins - 1 && v >= edges[k + 1]) k++;
  return k;
}

describe("histogram", () => {
  const cases: [string, (u: () => number) => Float64Array][] = [
    ["normal", (u) => Float64Array.from({ length: 30000 }, gauss(u))],
    ["lognormal", (u) => Float64Array.from({ length: 30000 }, () => Math.exp(2 * gauss(u)()))],
    ["uniform", (u) => Float64Array.from({ length: 30000 }, u)],
    ["bucket boundaries", (u) => boundaries(20000, u, 6)],
    ["zeros", (u) => Float64Array.from({ length: 3000 }, () => (u() < 0.5 ? (u() < 0.5 ? -0 : 0) : u() - 0.5))],
    ["constant", () => new Float64Array(500).fill(7.25)],
    ["n = 1", () => Float64Array.of(-3)],
  ];
  for (const alpha of [0.1, 0.01, 0.001]) {
    for (const [name, make] of cases) {
      test(`${name}, alpha ${alpha}`, () => {
        const u = rng(51);
        const x = make(u);
        const n = x.length;
        const m = mantissaBits(alpha);
        const s = QuantileSketch.create(alpha).update(x);
        for (const bins of [1, 2, 10, 37, 1000]) {
          const h = s.histogram(bins);
          const exact = mlm.scoreDistribution(x, { bins, quantiles: [] }).histogram;
          // edges: exactly the exact path's
          expect(h.edges).toEqual(exact.edges);
          expect(h.counts.reduce((a, b) => a + b, 0)).toBe(n);
          // the reference binning reproduces the exact counts
          const first = s.min === s.max ? s.min - 0.5 : s.min;
          const last = s.min === s.max ? s.max + 0.5 : s.max;
          const delta = last - first;
          const refCounts = new Array(bins).fill(0);
          const model = new Array(bins).fill(0);
          const nearEdge = new Array(bins).fill(0); // values within relative alpha of edge i or i+1
          let moved = 0;
          for (const v of x) {
            const b = binOf(v, h.edges, first, delta, bins);
            refCounts[b]++;
            const r = Math.max(s.min, Math.min(s.max, core().sketchRep(core().sketchKey(v, m), m)));
            const br = binOf(r, h.edges, first, delta, bins);
            model[br]++;
            const tol = alpha * Math.abs(v) * (1 + 2 ** -40) + SLACK_ABS;
            for (let i = 0; i < bins; i++) {
              if (Math.abs(v - h.edges[i]) <= tol || Math.abs(v - h.edges[i + 1]) <= tol) nearEdge[i]++;
            }
            if (br !== b) {
              moved++;
              // an edge lies between v and its representative, within alpha|v| of v
              const lo = Math.min(v, r), hi = Math.max(v, r);
              const between = h.edges.filter((e) => e >= lo && e <= hi);
              expect(between.length, `${v} -> ${r}`).toBeGreaterThan(0);
              expect(Math.min(...between.map((e) => Math.abs(v - e)))).toBeLessThanOrEqual(tol);
            }
          }
          expect(refCounts).toEqual(exact.counts);
          // the sketch bins each bucket by its representative: exactly this model
          expect(h.counts).toEqual(model);
          for (let i = 0; i < bins; i++) expect(Math.abs(h.counts[i] - exact.counts[i])).toBeLessThanOrEqual(nearEdge[i]);
          if (bins === 10) record(`histogram (10 bins) values moved to another bin / n: ${name} @ alpha=${alpha}`, moved / n);
        }
      });
    }
  }

  test("docs example and errors match scoreDistribution", () => {
    const s = QuantileSketch.create(0.01).update([0.1, 0.4, 0.35, 0.8]);
    expect(s.histogram(4)).toEqual({ counts: [1, 2, 0, 1], edges: [0.1, 0.275, 0.45000000000000007, 0.625, 0.8] });
    const q = QuantileSketch.create(0.01).update([1, 2, 3, 4]).quantiles([0, 0.5, 1]);
    expect(q[0]).toBe(1);
    expect(q[2]).toBe(4);
    expect(Math.abs(q[1] - 2.5)).toBeLessThanOrEqual(0.01 * 2.5);
    const big = new Float64Array(10).fill(2 ** 60);
    const exactMsg = (() => {
      try {
        mlm.scoreDistribution(big, { bins: 10 });
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(() => QuantileSketch.create(0.01).update(big).histogram(10)).toThrow(exactMsg!);
    expect(() => s.histogram(0)).toThrow(/`bins` must be positive/);
    expect(() => s.histogram(2.5)).toThrow(TypeError);
    expect(() => QuantileSketch.create(0.01).histogram(3)).toThrow(/empty/);
    expect(() => QuantileSketch.create(0.01).update([-1.7e308, 1.7e308]).histogram(3)).toThrow(/too wide/);
  });
});

// ---------- JSON ----------

describe("toJSON / fromJSON", () => {
  const samples = (): QuantileSketch[] => {
    const u = rng(61);
    return [
      QuantileSketch.create(0.01),
      QuantileSketch.create(0.01).update([3]),
      QuantileSketch.create(0.5).update([-0]),
      QuantileSketch.create(0.1).update([-0, 0, 0]),
      QuantileSketch.create(0.1).update([0, -2]),
      QuantileSketch.create(1e-6).update(subnormals(300, u)),
      QuantileSketch.create(0.001).update(Float64Array.from({ length: 20000 }, gauss(u))),
      QuantileSketch.create(2 ** -60).update(boundaries(100, u, 52)),
      QuantileSketch.create(0.2).update([Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE]),
    ];
  };

  test("round trip: equal sketch, identical JSON text, same answers", () => {
    for (const s of samples()) {
      const text = JSON.stringify(s.toJSON());
      const t = QuantileSketch.fromJSON(JSON.parse(text));
      expect(t.equals(s)).toBe(true);
      expect(JSON.stringify(t.toJSON())).toBe(text);
      if (s.n > 0) {
        expect(t.quantiles(QS)).toEqual(s.quantiles(QS));
        expect(Object.is(t.min, s.min) && Object.is(t.max, s.max)).toBe(true);
      }
    }
  });

  test("counts beyond 2^32 (u64) survive", () => {
    const base = QuantileSketch.create(0.01).update([1.5]).toJSON();
    const counts = new BigUint64Array([2n ** 40n]);
    const obj = { ...base, n: 2 ** 40, counts: Buffer.from(counts.buffer).toString("base64") };
    const s = QuantileSketch.fromJSON(obj);
    expect(s.n).toBe(2 ** 40);
    expect(s.quantiles([0, 0.5, 1])).toEqual([1.5, 1.5, 1.5]);
    expect(JSON.stringify(s.toJSON())).toBe(JSON.stringify(obj));
  });

  const u64s = (b64: string): BigUint64Array => {
    const b = Buffer.from(b64, "base64");
    return new BigUint64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  };
  const b64 = (a: BigUint64Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");

  test("rejects malformed and tampered states with a clear Error", () => {
    const s = QuantileSketch.create(0.01).update([1, 2, 3, 50, -4, 0]);
    const good = s.toJSON();
    const keys = u64s(good.keys);
    const counts = u64s(good.counts);
    const swapped = keys.slice();
    [swapped[1], swapped[2]] = [swapped[2], swapped[1]];
    const bad: [string, unknown, RegExp][] = [
      ["not an object", 5, /expected an object/],
      ["null", null, /expected an object/],
      ["array", [good], /expected an object/],
      ["wrong format", { ...good, format: "ddsketch" }, /format/],
      ["wrong version", { ...good, version: 2 }, /unsupported version 2/],
      ["unknown field", { ...good, extra: 1 }, /unknown field 'extra'/],
      ["alpha 0", { ...good, relativeError: 0 }, /relativeError/],
      ["alpha 0.6", { ...good, relativeError: 0.6 }, /relativeError/],
      ["n not integer", { ...good, n: 5.5 }, /n must be/],
      ["n negative", { ...good, n: -1 }, /n must be/],
      ["counts do not sum to n", { ...good, n: good.n + 1 }, /sum to/],
      ["count zero", { ...good, counts: b64(Object.assign(counts.slice(), { 0: 0n })) }, /not in \[1, n\]/],
      ["unsorted keys", { ...good, keys: b64(swapped) }, /not strictly ascending/],
      ["duplicate key", { ...good, keys: b64(Object.assign(keys.slice(), { 1: keys[0] })) }, /not strictly ascending/],
      ["keys/counts lengths", { ...good, counts: b64(counts.slice(1)) }, /differ in length/],
      ["non-canonical base64", { ...good, keys: ` ${good.keys}` }, /base64/],
      ["not base64", { ...good, keys: "@@@@" }, /base64/],
      ["not whole u64", { ...good, keys: "AAAA" }, /8-byte/],
      ["min > max", { ...good, min: 60, max: 1 }, /min > max/],
      ["min not in first bucket", { ...good, min: -3 }, /min is not in the first bucket/],
      ["max not in last bucket", { ...good, max: 51 }, /max is not in the last bucket/],
      ["min not finite", { ...good, min: null }, /finite/],
      ["-0 written", { ...good, min: -0 }, /written as 0/],
      ["key outside key space", { ...good, keys: b64(Object.assign(keys.slice(), { [keys.length - 1]: 2n ** 64n - 1n })) }, /outside the key space/],
      ["empty with buckets", { ...good, n: 0 }, /empty sketch/],
      ["n = 1 with min != max", { ...QuantileSketch.create(0.5).update([1]).toJSON(), max: 1.1 }, /n = 1/],
    ];
    for (const [what, obj, msg] of bad) {
      expect(() => QuantileSketch.fromJSON(obj), what).toThrow(msg);
      expect(() => QuantileSketch.fromJSON(obj), what).toThrow(/^QuantileSketch.fromJSON: /);
    }
  });

  test("fuzz: 3000 random mutations each either round-trip exactly or throw", () => {
    const u = rng(71);
    const pool = samples().filter((s) => s.n > 0).map((s) => s.toJSON());
    const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const pick = <T,>(a: T[]): T => a[Math.floor(u() * a.length)];
    let accepted = 0;
    let rejected = 0;
    for (let t = 0; t < 3000; t++) {
      const src = pick(pool);
      const o: Record<string, unknown> = { ...src };
      const rounds = 1 + Math.floor(u() * 2);
      for (let r = 0; r < rounds; r++) {
        const field = pick(["n", "min", "max", "relativeError", "version", "keys", "counts", "format", "keys", "counts", "bytes", "bytes", "add", "delete"]);
        if (field === "add") o[pick(["x", "keys2", "__proto__x"])] = 1;
        else if (field === "delete") delete o[pick(Object.keys(o))];
        else if (field === "bytes") {
          // semantic tampering under canonical base64
          const which = pick(["keys", "counts"]) as "keys" | "counts";
          if (typeof o[which] !== "string" || Buffer.from(o[which] as string, "base64").length % 8 !== 0) continue;
          const a = u64s(o[which] as string);
          if (a.length === 0) continue;
          const i = Math.floor(u() * a.length);
          const op = u();
          if (op < 0.3) a[i] += 1n;
          else if (op < 0.5) a[i] -= 1n;
          else if (op < 0.7 && a.length > 1) [a[i], a[(i + 1) % a.length]] = [a[(i + 1) % a.length], a[i]];
          else a[i] ^= 1n << BigInt(Math.floor(u() * 64));
          a[i] = BigInt.asUintN(64, a[i]);
          o[which] = b64(a);
        } else if (typeof o[field] === "string") {
          const str = o[field] as string;
          const i = Math.floor(u() * Math.max(1, str.length));
          const op = u();
          o[field] = op < 0.5 ? str.slice(0, i) + pick([...B64]) + str.slice(i + 1) : op < 0.7 ? str.slice(0, i) + str.slice(i + 1)
            : op < 0.85 ? str + pick(["=", "==", "AAAA", " "]) : (o[field === "keys" ? "counts" : "keys"] ?? str);
        } else {
          const v = o[field] as number;
          o[field] = pick([0, -0, 1, -1, 2, 0.5, 0.25, 0.01, 0.0099, 1e308, -1e308, null, "1", NaN, Infinity,
            typeof v === "number" ? v + 1 : 3, typeof v === "number" ? v * (1 + 1e-9) : 4, typeof v === "number" ? -v : 5]);
        }
      }
      let s: QuantileSketch;
      try {
        s = QuantileSketch.fromJSON(o);
      } catch (e) {
        expect((e as Error).message).toMatch(/^QuantileSketch.fromJSON: /);
        rejected++;
        continue;
      }
      accepted++;
      // the same fields and values (a deleted and re-added field moves to the end)
      const canon = (v: object): string => JSON.stringify(Object.fromEntries(Object.entries(v).sort()));
      expect(canon(s.toJSON())).toBe(canon(o));
      if (s.n > 0) {
        const [lo, mid, hi] = s.quantiles([0, 0.5, 1]);
        expect(lo === s.min).toBe(true);
        expect(hi === s.max).toBe(true);
        expect(mid >= s.min && mid <= s.max).toBe(true);
        if (Number.isFinite(s.max - s.min)) expect(s.histogram(5).counts.reduce((a, b) => a + b, 0)).toBe(s.n);
      }
    }
    expect(rejected).toBeGreaterThan(1000);
    expect(accepted).toBeGreaterThan(50);
  });
});

// ---------- errors, atomicity, memory ----------

describe("errors and atomicity", () => {
  test("create validates alpha", () => {
    for (const a of [0, -0.1, 0.5000001, 1, NaN, Infinity, "0.1", null, undefined]) {
      expect(() => QuantileSketch.create(a as number), String(a)).toThrow(RangeError);
    }
    expect(() => QuantileSketch.create(0.5)).not.toThrow();
    expect(() => QuantileSketch.create(Number.MIN_VALUE)).not.toThrow();
  });

  test("merge needs the same alpha", () => {
    const a = QuantileSketch.create(0.01).update([1]);
    expect(() => a.merge(QuantileSketch.create(0.02).update([1]))).toThrow(/relative errors differ \(0.01 and 0.02\)/);
    expect(() => a.merge({} as QuantileSketch)).toThrow(TypeError);
  });

  test("non-finite values throw numpy/sklearn's message on every path and leave the sketch unchanged", () => {
    const u = rng(81);
    for (const n of [10, 20000]) {
      const s = QuantileSketch.create(0.01).update(Float64Array.from({ length: 100 }, u));
      const before = s.clone();
      for (const [bad, msg] of [[NaN, /Input contains NaN/], [Infinity, /infinity/], [-Infinity, /infinity/]] as const) {
        const x = Float64Array.from({ length: n }, u);
        x[Math.floor(n / 2)] = bad;
        expect(() => s.update(x)).toThrow(msg);
        expect(() => s.update(Array.from(x))).toThrow(msg);
        const h = mlm.allocFloat64(n);
        h.array.set(x);
        expect(() => s.update(h)).toThrow(msg);
        expect(() => withArena(() => s.addArena(putF64(x), n))).toThrow(msg);
        h.free();
        expect(s.equals(before)).toBe(true);
        expect(s.n).toBe(100);
      }
      // NaN is reported when both NaN and infinity are present
      const y = Float64Array.from({ length: n }, u);
      y[1] = Infinity;
      y[n - 1] = NaN;
      expect(() => s.update(y)).toThrow(/NaN/);
    }
    const s = QuantileSketch.create(0.01);
    expect(() => s.update([1, "a" as unknown as number])).toThrow(TypeError);
    expect(() => s.update(5 as unknown as number[])).toThrow(TypeError);
    expect(() => s.quantiles([1.5])).toThrow(/Quantiles must be in the range \[0, 1\]/);
    expect(() => s.quantiles([0.5])).toThrow(/empty/);
    expect(() => s.addArena(0, 1)).toThrow(/inside withArena/);
    expect(s.update([]).n).toBe(0);
    expect(s.quantiles.bind(s, [])).toThrow(/empty/);
  });
});

test("memory: repeated updates and queries leave the arena empty and the pages flat", () => {
  const u = rng(91);
  const big = Float64Array.from({ length: 200000 }, gauss(u));
  const s = QuantileSketch.create(0.01);
  const run = (): void => {
    s.update(big);
    for (let i = 0; i < 20; i++) s.update(big.subarray(i * 1000, i * 1000 + 1 + Math.floor(u() * 999)));
    s.update(Array.from(big.subarray(0, 500)));
    s.quantiles(QS);
    s.histogram(50);
    QuantileSketch.fromJSON(s.toJSON()).merge(s);
  };
  run();
  run();
  const pages = mlm.memoryStats().pages;
  for (let i = 0; i < 30; i++) run();
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  expect(s.bucketCount).toBeLessThan(3000);
  expect(s.sizeBytes).toBe(16 * s.bucketCount);
});
