// The exact-sum suite (src/state/exact.ts, assembly/exactsum.ts), run once per
// WebAssembly build: test/exactsum.test.ts (SIMD) and test/exactsum-scalar.test.ts
// (scalar). Every result is checked against a BigInt reference (exact rationals
// of doubles: mantissa * 2^exp), rounding against IEEE arithmetic, Number(bigint)
// and an exact nearest-neighbour check.
import { beforeAll, describe, expect, test } from "vitest";
import { init, memoryStats, wasmBuild, allocFloat64 } from "../src/index.js";
import { alloc, core, putF64, putI32, withArena } from "../src/wasm/core.js";
import {
  ExactSum, roundScaled, roundRatio, EXACT_BYTES, EXACT_FORMATS, EXACT_FLAGS, type ExactFormat,
} from "../src/state/exact.js";

// ------------------------------------------------------------------ reference
const DV = new DataView(new ArrayBuffer(8));
/** x = m * 2^e exactly (m signed integer, e >= -1074). */
function decompose(x: number): [bigint, number] {
  DV.setFloat64(0, x);
  const b = DV.getBigUint64(0);
  const eb = Number((b >> 52n) & 0x7ffn);
  let m = b & 0xfffffffffffffn;
  if (eb) m |= 1n << 52n;
  return [b >> 63n ? -m : m, Math.max(eb, 1) - 1075];
}
function fromBits(b: bigint): number {
  DV.setBigUint64(0, b);
  return DV.getFloat64(0);
}
const pow2 = (k: number): number => (k >= -1022 ? fromBits(BigInt(k + 1023) << 52n) : fromBits(1n << BigInt(k + 1074)));
const nextUp = (x: number): number => {
  if (x === 0) return pow2(-1074);
  DV.setFloat64(0, x);
  const b = DV.getBigUint64(0);
  return fromBits(x > 0 ? b + 1n : b - 1n);
};
const nextDown = (x: number): number => -nextUp(-x);

/** Exact sum of terms m * 2^e, grouped by exponent. */
class Ref {
  #by = new Map<number, bigint>();
  flags = 0;
  add(m: bigint, e: number): void {
    if (m !== 0n) this.#by.set(e, (this.#by.get(e) ?? 0n) + m);
  }
  flag(x: number): void {
    this.flags |= x !== x ? 4 : x > 0 ? 1 : 2;
  }
  result(): { int: bigint; exp: number } {
    const keys = [...this.#by.keys()].sort((a, b) => a - b);
    if (!keys.length) return { int: 0n, exp: 0 };
    let int = 0n;
    for (const e of keys) int += this.#by.get(e)! << BigInt(e - keys[0]);
    return odd(int, keys[0]);
  }
}
function odd(int: bigint, exp: number): { int: bigint; exp: number } {
  if (int === 0n) return { int: 0n, exp: 0 };
  while ((int & 0xffffffffn) === 0n) { int >>= 32n; exp += 32; }
  while ((int & 1n) === 0n) { int >>= 1n; exp += 1; }
  return { int, exp };
}
const productFlag = (fs: number[]): number =>
  fs.some((f) => f !== f) || fs.some((f) => f === 0) ? 4 : fs.filter((f) => f < 0).length % 2 ? 2 : 1;

function refSum(xs: ArrayLike<number>): Ref {
  const r = new Ref();
  for (let i = 0; i < xs.length; i++) {
    if (Number.isFinite(xs[i])) r.add(...decompose(xs[i]));
    else r.flag(xs[i]);
  }
  return r;
}
function refProducts(...cols: ArrayLike<number>[]): Ref {
  const r = new Ref();
  for (let i = 0; i < cols[0].length; i++) {
    const fs = cols.map((c) => c[i]);
    if (!fs.every(Number.isFinite)) {
      r.flags |= productFlag(fs);
      continue;
    }
    let m = 1n, e = 0;
    for (const f of fs) {
      const [fm, fe] = decompose(f);
      m *= fm;
      e += fe;
    }
    r.add(m, e);
  }
  return r;
}

/** Shewchuk's msum (Python's math.fsum): an independent correctly rounded sum (no intermediate overflow). */
function fsum(xs: ArrayLike<number>): number {
  const partials: number[] = [];
  for (let k = 0; k < xs.length; k++) {
    let x = xs[k];
    let i = 0;
    for (let y of partials) {
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo) partials[i++] = lo;
      x = hi;
    }
    partials.length = i;
    partials.push(x);
  }
  let n = partials.length;
  let hi = 0;
  if (n > 0) {
    hi = partials[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = partials[--n];
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo) break;
    }
    if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
  }
  return hi;
}

// ----------------------------------------------------------------------- data
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normals(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  return out;
}
const uniform = (n: number, seed: number): Float64Array => { const r = rng(seed); return Float64Array.from({ length: n }, () => r()); };
/** Random signs, magnitudes log-uniform over [lo, hi] decades, full random mantissas. */
function mixed(n: number, seed: number, lo = -300, hi = 300): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => (r() < 0.5 ? -1 : 1) * (1 + r()) * 10 ** (lo + (hi - lo) * r()));
}
function cancellation(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i + 3 <= n; i += 3) {
    const big = (1 + r()) * 10 ** (250 + 50 * r());
    out[i] = big;
    out[i + 1] = (r() - 0.5) * 10 ** (-20 + 40 * r());
    out[i + 2] = -big;
  }
  return out;
}
function subnormals(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => {
    const m = BigInt(Math.floor(r() * 2 ** 26)) * BigInt(Math.floor(r() * 2 ** 26)) + BigInt(Math.floor(r() * 8));
    return (r() < 0.5 ? -1 : 1) * fromBits(m & 0xfffffffffffffn);
  });
}
function nearOverflow(n: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => (r() < 0.3 ? -1 : 1) * (r() < 0.5 ? 1.7976931348623157e308 * (0.5 + 0.5 * r()) : pow2(1013) * (1 + r())));
}
function shuffle<T>(a: T[], r: () => number): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
/** Values just inside and outside the SIMD safe ranges (2^+-480 for two factors, 2^+-300 for three). */
const EDGES = [480, -480, 300, -300].flatMap((k) => [pow2(k), nextUp(pow2(k)), nextDown(pow2(k))]);
function productData(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const special = [
    0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-200, -1e-200, 1e200, -1e200, 1e300, -1e300,
    1.7976931348623157e308, 1e-310, ...EDGES,
  ];
  return Float64Array.from({ length: n }, () => {
    const u = r();
    if (u < 0.1) return special[Math.floor(r() * special.length)] * (r() < 0.5 ? -1 : 1);
    if (u < 0.3) return (r() < 0.5 ? -1 : 1) * (1 + r()) * 10 ** (-320 + 630 * r());
    return (r() - 0.5) * 10 ** (-3 + 6 * r());
  });
}

// -------------------------------------------------------------------- helpers
const sumOf = (xs: ArrayLike<number>, format: ExactFormat = "narrow"): ExactSum => ExactSum.empty(format).addNumbers(xs);
const squaresOf = (x: ArrayLike<number>): ExactSum => withArena(() => ExactSum.wide().addSquares(putF64(x), x.length));
const productsOf = (a: ArrayLike<number>, b: ArrayLike<number>): ExactSum =>
  withArena(() => ExactSum.wide().addProducts(putF64(a), putF64(b), a.length));
const wsqOf = (w: ArrayLike<number>, x: ArrayLike<number>): ExactSum =>
  withArena(() => ExactSum.wide().addWeightedSquares(putF64(w), putF64(x), w.length));

function expectRef(s: ExactSum, ref: Ref): void {
  const want = ref.result();
  const got = s.exact();
  expect(got.int).toBe(want.int);
  expect(got.exp).toBe(want.exp);
  expect(got.flags).toBe(ref.flags);
  const f = ref.flags;
  const v = f & 4 || (f & 3) === 3 ? NaN : f & 1 ? Infinity : f & 2 ? -Infinity : roundScaled(want.int, want.exp);
  expect(s.value()).toBe(v);
}

/** Exact check that r is the double nearest to N/D (ties to even), by comparing with its neighbours. */
function expectNearest(N: bigint, D: bigint, r: number): void {
  const S = 4000n;
  const dist = (x: number): bigint => {
    // |N/D - x| * D * 2^S, exactly; x = +-2^1024 stands for the overflow boundary
    const [m, e] = Math.abs(x) === Infinity ? [x > 0 ? 1n : -1n, 1024] : decompose(x);
    const a = (N << S) - D * (e + Number(S) >= 0 ? m << BigInt(e + Number(S)) : 0n);
    return a < 0n ? -a : a;
  };
  if (r === 0) {
    // |N/D| <= 2^-1075 (ties to even go to 0)
    const t = dist(Object.is(r, -0) ? -pow2(-1074) : pow2(-1074));
    expect(dist(0) <= t).toBe(true);
    return;
  }
  const up = r === 1.7976931348623157e308 ? Infinity : nextUp(r);
  const down = r === -1.7976931348623157e308 ? -Infinity : nextDown(r);
  if (Math.abs(r) === Infinity) {
    // beyond MAX + half an ulp (or at it: the even neighbour is 2^1024)
    const max = Math.sign(r) * 1.7976931348623157e308;
    expect(dist(r) <= dist(max)).toBe(true);
    return;
  }
  const dr = dist(r);
  const even = (decompose(r)[0] & 1n) === 0n;
  for (const nb of [up, down]) {
    const dn = dist(nb);
    expect(dr < dn || (dr === dn && even)).toBe(true);
  }
}

// ---------------------------------------------------------------------- suite
export function exactSumSuite(build: "simd" | "scalar"): void {
  beforeAll(async () => {
    await init(undefined, { build });
  });

  test(`the ${build} build is loaded`, () => {
    expect(wasmBuild()).toBe(build);
  });

  describe("sums of doubles against the BigInt reference", () => {
    const sets: [string, Float64Array][] = [
      ["normals 10^5", normals(100_000, 1)],
      ["uniform [0,1) 10^5", uniform(100_000, 2)],
      ["mixed 1e-300..1e300, random signs", mixed(50_000, 3)],
      ["mixed 1e-30..1e30", mixed(50_000, 4, -30, 30)],
      ["heavy cancellation", cancellation(30_000, 5)],
      ["subnormals", subnormals(5_000, 6)],
      ["near overflow (sum beyond MAX)", nearOverflow(5_000, 7)],
      ["zeros and negative zeros", Float64Array.from({ length: 1000 }, (_, i) => (i % 3 ? -0 : 0))],
      ["negative zeros only", new Float64Array(777).fill(-0)],
    ];
    for (const [name, xs] of sets) {
      test(name, () => {
        const ref = refSum(xs);
        const s = sumOf(xs);
        expectRef(s, ref);
        // the same exact value in a wide accumulator
        const w = sumOf(xs, "wide");
        expect(w.exact()).toEqual(s.exact());
        expect(w.value()).toBe(s.value());
      });
    }

    test("values agree with an independent correctly rounded sum (Shewchuk's msum)", () => {
      for (const xs of [normals(20_000, 11), uniform(20_000, 12), mixed(20_000, 13, -300, 300), cancellation(20_000, 14)]) {
        expect(sumOf(xs).value()).toBe(fsum(xs));
      }
    });

    test("near-overflow values that cancel give the exact finite result", () => {
      const M = 1.7976931348623157e308;
      const xs = [M, M, M, -M, -M, -M, 1, pow2(1013), -pow2(1013), 0.5];
      expect(sumOf(xs).value()).toBe(1.5);
      expect(sumOf([M, M, -M]).value()).toBe(M);
      expect(sumOf([M, M]).value()).toBe(Infinity);
      expect(sumOf([-M, -M]).value()).toBe(-Infinity);
      // MAX + half an ulp rounds to Infinity (ties to even), MAX + a bit less does not
      expect(sumOf([M, pow2(970)]).value()).toBe(Infinity);
      expect(sumOf([M, pow2(969)]).value()).toBe(M);
      expect(sumOf([M, pow2(970), -pow2(-1074)]).value()).toBe(M);
    });

    test("large n = 10^6 (normals and mixed)", () => {
      for (const xs of [normals(1_000_000, 21), mixed(1_000_000, 22)]) expectRef(sumOf(xs), refSum(xs));
    });

    test("tiny n and block boundaries", () => {
      const r = rng(31);
      for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 127, 128, 129, 255, 256, 257, 258, 259, 511, 512, 513, 767, 768, 769, 1023, 1025, 2049]) {
        for (const gen of [normals, mixed, subnormals, productData]) {
          const xs = gen(n, Math.floor(r() * 1e9));
          expectRef(sumOf(xs), refSum(xs));
        }
      }
      expect(Object.is(sumOf([]).value(), 0)).toBe(true);
      expect(Object.is(sumOf([-0]).value(), 0)).toBe(true);
      expect(Object.is(sumOf([-1, 1]).value(), 0)).toBe(true);
    });

    test("one outlier per block: tiny, huge, subnormal, non-finite rows inside typical blocks", () => {
      const r = rng(41);
      for (const odd of [1e-200, 1e-30, 5e-324, 1e300, pow2(1013), -pow2(1013), nextDown(pow2(1013)), 1.7976931348623157e308, Infinity, -Infinity, NaN]) {
        for (const n of [256, 300, 1000]) {
          const xs = normals(n, Math.floor(r() * 1e9));
          xs[Math.floor(r() * n)] = odd;
          expectRef(sumOf(xs), refSum(xs));
        }
      }
    });

    test("worst cases of the extraction bounds: full blocks at the top of a binade, remainders at the largest size", () => {
      const r = rng(45);
      for (const sign of [-1, 1]) {
        for (const E of [0, -1000, 900, -1021]) {
          // 256 values just below 2^(E+1) with bits down to 2^(E-45), odd total: the level-1 sum needs all 53 bits
          for (const n of [256, 512, 255]) {
            const c = Array.from({ length: n }, () => 1 + Math.floor(r() * 2 ** 20));
            if (c.reduce((a, b) => a + b, 0) % 2 === 0) c[0]++;
            const xs = c.map((ci) => sign * (2 - ci * 2 ** -45) * 2 ** E);
            expectRef(sumOf(xs), refSum(xs));
          }
        }
        // one value pins level 1 (k = 9); 255 values leave level-1 remainders near -2^(k-53) with bits down to 2^(k-99)
        const ys = [1.5, ...Array.from({ length: 255 }, () => 63 * 2 ** -44 + (1 + 2 * Math.floor(r() * 2 ** 20)) * 2 ** -90)];
        expectRef(sumOf(ys.map((y) => sign * y)), refSum(ys.map((y) => sign * y)));
      }
    });

    test("adding one number at a time equals adding the array", () => {
      const xs = mixed(600, 51);
      const one = ExactSum.narrow();
      for (const x of xs) one.addNumber(x);
      expect(one.equals(sumOf(xs))).toBe(true);
    });

    test("data in a pinned WasmFloat64Array: addArray outside withArena leaves the arena empty", () => {
      const xs = normals(3000, 52);
      const h = allocFloat64(xs.length);
      try {
        h.array.set(xs);
        const s = ExactSum.narrow().addArray(h.ptr, xs.length);
        expect(s.equals(sumOf(xs))).toBe(true);
        expect(memoryStats().arenaBytes).toBe(0);
      } finally {
        h.free();
      }
    });
  });

  describe("exact squares, products and weighted squares", () => {
    test("squares against the BigInt reference (typical, mixed, out of the SIMD range, overflowing)", () => {
      const r = rng(61);
      for (const xs of [normals(50_000, 62), uniform(20_000, 63), productData(20_000, 64), mixed(10_000, 65), subnormals(3_000, 66), nearOverflow(2_000, 67)]) {
        expectRef(squaresOf(xs), refProducts(xs, xs));
      }
      for (const n of [0, 1, 2, 3, 7, 255, 256, 257, 513]) {
        const xs = productData(n, Math.floor(r() * 1e9));
        expectRef(squaresOf(xs), refProducts(xs, xs));
      }
      // a square beyond MAX is exact in the wide sum; its rounded value is +Infinity
      const big = squaresOf([1e300]);
      expect(big.value()).toBe(Infinity);
      expectRef(big, refProducts([1e300], [1e300]));
      expectRef(squaresOf([1e300, 1e-300]), refProducts([1e300, 1e-300], [1e300, 1e-300]));
    });

    test("products against the BigInt reference", () => {
      const r = rng(71);
      const pairs: [Float64Array, Float64Array][] = [
        [normals(50_000, 72), normals(50_000, 73)],
        [uniform(20_000, 74), normals(20_000, 75)],
        [productData(20_000, 76), productData(20_000, 77)],
        [mixed(10_000, 78), mixed(10_000, 79)],
        [subnormals(2_000, 80), mixed(2_000, 81, 200, 308)],
        [nearOverflow(2_000, 82), nearOverflow(2_000, 83)],
      ];
      for (const [a, b] of pairs) expectRef(productsOf(a, b), refProducts(a, b));
      for (const n of [0, 1, 2, 3, 7, 255, 256, 257, 513]) {
        const a = productData(n, Math.floor(r() * 1e9));
        const b = productData(n, Math.floor(r() * 1e9));
        expectRef(productsOf(a, b), refProducts(a, b));
      }
      // 1e300 * 1e300 - 1e300 * 1e300 + 1e-300 * 1e-300: exact cancellation, a tiny exact remainder
      const s = productsOf([1e300, 1e300, 1e-300], [1e300, -1e300, 1e-300]);
      expectRef(s, refProducts([1e300, 1e300, 1e-300], [1e300, -1e300, 1e-300]));
      expect(s.value()).toBe(0); // 1e-600 rounds to zero
      expect(s.isZero()).toBe(false);
    });

    test("weighted squares against the BigInt reference", () => {
      const r = rng(91);
      const pairs: [Float64Array, Float64Array][] = [
        [uniform(50_000, 92), normals(50_000, 93)],
        [normals(20_000, 94), normals(20_000, 95)],
        [productData(20_000, 96), productData(20_000, 97)],
        [mixed(10_000, 98, -200, 200), mixed(10_000, 99, -200, 200)],
        [mixed(5_000, 100), mixed(5_000, 101)],
        [subnormals(2_000, 102), nearOverflow(2_000, 103)],
        [nearOverflow(2_000, 104), nearOverflow(2_000, 105)],
        [Float64Array.from({ length: 3000 }, (_, i) => 1 + (i % 3)), normals(3000, 106)],
      ];
      for (const [w, x] of pairs) expectRef(wsqOf(w, x), refProducts(w, x, x));
      for (const n of [0, 1, 2, 3, 7, 255, 256, 257, 513]) {
        const w = productData(n, Math.floor(r() * 1e9));
        const x = productData(n, Math.floor(r() * 1e9));
        expectRef(wsqOf(w, x), refProducts(w, x, x));
      }
      // the largest and smallest three-factor products
      const M = 1.7976931348623157e308;
      expectRef(wsqOf([M, -M, 5e-324], [M, M, 5e-324]), refProducts([M, -M, 5e-324], [M, M, 5e-324], [M, M, 5e-324]));
    });

    test("one out-of-range row per block, at every position class", () => {
      const r = rng(111);
      for (const odd of [...EDGES, 1e-200, 1e200, 5e-324, 1e300, -1e-310]) {
        const n = 260;
        const a = normals(n, Math.floor(r() * 1e9));
        const b = normals(n, Math.floor(r() * 1e9));
        const i = Math.floor(r() * n);
        a[i] = odd;
        expectRef(squaresOf(a), refProducts(a, a));
        expectRef(productsOf(a, b), refProducts(a, b));
        expectRef(productsOf(b, a), refProducts(b, a));
        expectRef(wsqOf(a, b), refProducts(a, b, b));
        expectRef(wsqOf(b, a), refProducts(b, a, a));
      }
    });

    test("bad counts and pointers are rejected before any kernel runs", () => {
      const s = ExactSum.narrow().addNumbers([1]);
      for (const n of [-1, 1.5, NaN, 2 ** 27 + 1]) expect(() => s.addArray(0, n)).toThrow(RangeError);
      expect(() => s.addArray(-8, 1)).toThrow(RangeError);
      expect(() => ExactSum.wide().addProducts(0, 0.5, 1)).toThrow(RangeError);
      expect(() => s.addNumber("1" as unknown as number)).toThrow(TypeError);
      expect(s.value()).toBe(1);
    });

    test("the wide format is required for products", () => {
      withArena(() => {
        const p = putF64([1, 2]);
        expect(() => ExactSum.narrow().addSquares(p, 2)).toThrow(/wide/);
        expect(() => ExactSum.narrow().addProducts(p, p, 2)).toThrow(/wide/);
        expect(() => ExactSum.narrow().addWeightedSquares(p, p, 2)).toThrow(/wide/);
      });
    });

    test("a variance formed exactly: (n sum x^2 - (sum x)^2) / n^2 with roundRatio", () => {
      const xs = [1e8 + 0.1, 1e8 + 0.2, 1e8 + 0.3, 1e8 + 0.4];
      const s1 = sumOf(xs).exact();
      const s2 = squaresOf(xs).exact();
      const n = BigInt(xs.length);
      // common exponent e = min(2 * s1.exp, s2.exp)
      const e = Math.min(2 * s1.exp, s2.exp);
      const num = n * (s2.int << BigInt(s2.exp - e)) - ((s1.int * s1.int) << BigInt(2 * s1.exp - e));
      const v = roundRatio(num, e, n * n, 0);
      // reference: exact rationals of the same doubles
      const fr = xs.map(decompose);
      const eMin = Math.min(...fr.map(([, fe]) => fe));
      const ints = fr.map(([m, fe]) => m << BigInt(fe - eMin));
      const S1 = ints.reduce((a, b) => a + b, 0n);
      const S2 = ints.reduce((a, b) => a + b * b, 0n);
      expect(v).toBe(roundRatio(n * S2 - S1 * S1, 2 * eMin, n * n, 0));
      expect(Math.abs(v - 0.0125)).toBeLessThan(1e-8);
    });
  });

  describe("partition invariance: byte-identical canonical states", () => {
    function randomTreeMerge(parts: ExactSum[], r: () => number): ExactSum {
      const live = [...parts];
      while (live.length > 1) {
        const i = Math.floor(r() * live.length);
        let j = Math.floor(r() * (live.length - 1));
        if (j >= i) j++;
        const [a, b] = r() < 0.5 ? [live[i], live[j]] : [live[j], live[i]];
        a.merge(b);
        live.splice(live.indexOf(b), 1);
      }
      return live[0];
    }
    function splits(n: number, r: () => number): number[] {
      const cuts = [0];
      while (cuts[cuts.length - 1] < n) cuts.push(Math.min(n, cuts[cuts.length - 1] + Math.floor(r() * r() * 700)));
      return cuts;
    }

    test("sums: random splits, shuffled orders, random merge trees", () => {
      const r = rng(201);
      for (let trial = 0; trial < 25; trial++) {
        const n = Math.floor(r() * 4000);
        const gen = [normals, mixed, cancellation, subnormals, productData, nearOverflow][trial % 6];
        const xs = Array.from(gen(n, Math.floor(r() * 1e9)));
        if (trial % 5 === 4) xs.push(Infinity, NaN, -Infinity);
        const ref = sumOf(xs, trial % 2 ? "wide" : "narrow");
        const ys = shuffle([...xs], r);
        const cuts = splits(ys.length, r);
        const parts = cuts.slice(1).map((c, k) => sumOf(ys.slice(cuts[k], c), ref.format));
        parts.push(ExactSum.empty(ref.format));
        const merged = randomTreeMerge(parts, r);
        expect(merged.bytes()).toEqual(ref.bytes());
        expect(merged.toJSON()).toBe(ref.toJSON());
        expect(merged.equals(ref)).toBe(true);
      }
    });

    test("products, squares and weighted squares: random splits, shuffled rows, random merge trees", () => {
      const r = rng(202);
      for (let trial = 0; trial < 12; trial++) {
        const n = 1 + Math.floor(r() * 3000);
        const a = Array.from(trial % 2 ? productData(n, trial) : normals(n, trial));
        const b = Array.from(trial % 3 ? normals(n, 1000 + trial) : productData(n, 1000 + trial));
        const rows = shuffle(a.map((v, i) => i), r);
        const A = rows.map((i) => a[i]);
        const Bv = rows.map((i) => b[i]);
        const cuts = splits(n, r);
        for (const kind of ["sq", "prod", "wsq"] as const) {
          const f = (x: number[], y: number[]): ExactSum => (kind === "sq" ? squaresOf(x) : kind === "prod" ? productsOf(x, y) : wsqOf(x, y));
          const ref = f(a, b);
          const parts = cuts.slice(1).map((c, k) => f(A.slice(cuts[k], c), Bv.slice(cuts[k], c)));
          const merged = randomTreeMerge(parts, r);
          expect(merged.toJSON()).toBe(ref.toJSON());
          expect(merged.equals(ref)).toBe(true);
        }
      }
    });

    test("the same value reached in different ways has the same bytes", () => {
      const a = sumOf([0.5, 0.25]);
      const b = sumOf([1, -0.25]);
      const c = ExactSum.fromJSON("0x3p-2");
      expect(a.bytes()).toEqual(b.bytes());
      expect(a.bytes()).toEqual(c.bytes());
      const w1 = squaresOf([3]);
      const w2 = sumOf([4, 5], "wide");
      expect(w1.bytes()).toEqual(w2.bytes());
    });
  });

  describe("infinities and NaN", () => {
    test("IEEE semantics of value()", () => {
      expect(sumOf([1, Infinity]).value()).toBe(Infinity);
      expect(sumOf([1, -Infinity, -Infinity]).value()).toBe(-Infinity);
      expect(sumOf([Infinity, -Infinity]).value()).toBeNaN();
      expect(sumOf([NaN, 1]).value()).toBeNaN();
      expect(sumOf([Infinity, NaN]).value()).toBeNaN();
      expect(sumOf([Infinity, 1]).flags).toBe(EXACT_FLAGS.POS_INF);
      // the finite part is kept exactly next to the flags
      const s = sumOf([0.75, Infinity, -0.5]);
      expect(s.exact()).toEqual({ int: 1n, exp: -2, flags: 1 });
      expect(s.toJSON()).toBe("0x1p-2;+inf");
      expect(s.isZero()).toBe(false);
      expect(sumOf([Infinity]).merge(sumOf([-Infinity])).value()).toBeNaN();
      expect(sumOf([Infinity]).merge(sumOf([-Infinity])).toJSON()).toBe("0x0p0;+inf;-inf");
    });

    test("products: inf * 0 is NaN, inf * finite keeps the sign, float underflow does not turn inf into NaN", () => {
      expect(squaresOf([Infinity]).value()).toBe(Infinity);
      expect(squaresOf([-Infinity]).value()).toBe(Infinity);
      expect(squaresOf([NaN]).value()).toBeNaN();
      expect(productsOf([Infinity], [0]).value()).toBeNaN();
      expect(productsOf([-0], [-Infinity]).value()).toBeNaN();
      expect(productsOf([Infinity], [-2]).value()).toBe(-Infinity);
      expect(productsOf([-Infinity], [-1e-300]).value()).toBe(Infinity);
      expect(wsqOf([0], [Infinity]).value()).toBeNaN();
      expect(wsqOf([-1], [Infinity]).value()).toBe(-Infinity);
      expect(wsqOf([Infinity], [1e-200]).value()).toBe(Infinity); // 1e-200^2 underflows as a double, not exactly
      expect(wsqOf([Infinity], [-0]).value()).toBeNaN();
      expect(wsqOf([-Infinity, 1], [2, 3]).exact()).toEqual({ int: 9n, exp: 0, flags: 2 });
      expect(productsOf([Infinity, 2], [1, -Infinity]).value()).toBeNaN();
      // flags inside otherwise typical blocks
      const a = normals(1000, 301);
      const b = normals(1000, 302);
      a[500] = Infinity;
      b[17] = NaN;
      expectRef(productsOf(a, b), refProducts(a, b));
      expectRef(wsqOf(b, a), refProducts(b, a, a));
      expectRef(squaresOf(a), refProducts(a, a));
    });
  });

  describe("JSON", () => {
    test("round trip: identical canonical bytes and text", () => {
      const r = rng(401);
      const states: ExactSum[] = [
        ExactSum.narrow(), ExactSum.wide(), sumOf([-0.75]), sumOf([Infinity, NaN, -Infinity]),
        sumOf([1.7976931348623157e308, 1.7976931348623157e308]), sumOf([5e-324]), sumOf([-5e-324]),
        squaresOf([5e-324]), wsqOf([1.7976931348623157e308], [1.7976931348623157e308]),
      ];
      for (let i = 0; i < 40; i++) states.push(sumOf(mixed(1 + Math.floor(r() * 50), i), i % 2 ? "wide" : "narrow"));
      for (let i = 0; i < 20; i++) states.push(productsOf(productData(30, i), productData(30, 100 + i)));
      for (const s of states) {
        const t = s.toJSON();
        expect(t).toMatch(/^-?0x[0-9a-f]+p-?[0-9]+(;\+inf)?(;-inf)?(;nan)?$/);
        const back = ExactSum.fromJSON(t, s.format);
        expect(back.bytes()).toEqual(s.bytes());
        expect(back.toJSON()).toBe(t);
        expect(JSON.parse(JSON.stringify({ s }))).toEqual({ s: t });
      }
      expect(ExactSum.narrow().toJSON()).toBe("0x0p0");
      expect(sumOf([-0.75, Infinity]).toJSON()).toBe("-0x3p-2;+inf");
      expect(squaresOf([5e-324]).toJSON()).toBe("0x1p-2148");
    });

    test("format range: accepted at the edges, rejected beyond", () => {
      for (const format of ["narrow", "wide"] as const) {
        const { nl, base } = EXACT_FORMATS[format];
        const R = base + 32 * nl - 1;
        for (const ok of [`0x1p${base}`, `-0x1p${base}`, `0x1p${R - 1}`, `-0x1p${R}`, `0x${"f".repeat(Math.floor((R - base) / 4))}p${base}`]) {
          expect(ExactSum.fromJSON(ok, format).toJSON()).toBe(ok);
        }
        for (const bad of [`0x1p${base - 1}`, `0x1p${R}`, `0x3p${R - 1}`, `-0x3p${R - 1}`, `0x1p99999999999999999999`, `0x1p-99999999999`]) {
          expect(() => ExactSum.fromJSON(bad, format)).toThrow(RangeError);
        }
      }
      expect(() => ExactSum.fromJSON("0x1p-2148", "narrow")).toThrow(/below/);
      expect(ExactSum.fromJSON("0x1p-2148", "wide").value()).toBe(0);
    });

    test("malformed text is rejected with a clear Error", () => {
      const bad = [
        "", " 0x1p0", "0x1p0 ", "0x1P0", "0X1p0", "0x1", "0xp0", "0x1p", "1p0", "0x1p+1", "0x1p01", "0x1p-0",
        "0x0p1", "-0x0p0", "0x00p0", "0x01p0", "0x2p0", "0xAp0", "0x1.8p0", "+0x1p0", "--0x1p0", "0x1p0;", "0x1p0;inf",
        "0x1p0;-inf;+inf", "0x1p0;nan;+inf", "0x1p0;+inf;+inf", "0x1p0;NaN", "0x1p0\n", "0x1p0;+inf ", "0xgp0", "0x1e3",
        "Infinity", "NaN", "null", "1", "0x1p1e3", "0x1p٣",
        "0x" + "1".repeat(2000) + "p0",
      ];
      for (const s of bad) expect(() => ExactSum.fromJSON(s), JSON.stringify(s)).toThrow(Error);
      expect(() => ExactSum.fromJSON("0x2p0")).toThrow(/odd/);
      expect(() => ExactSum.fromJSON("0x1q0")).toThrow(/malformed/);
      expect(() => ExactSum.fromJSON(42 as unknown as string)).toThrow(TypeError);
      expect(() => ExactSum.fromJSON("0x1p0", "huge" as ExactFormat)).toThrow(TypeError);
    });

    test("fuzz: mutated texts either round-trip exactly or throw", () => {
      const r = rng(402);
      const seeds = [
        sumOf(mixed(20, 1)).toJSON(), sumOf([-0.75, Infinity, NaN]).toJSON(), "0x0p0", "0x1p0;-inf",
        sumOf(normals(100, 2)).toJSON(), productsOf(productData(10, 3), productData(10, 4)).toJSON(),
      ];
      const alphabet = "0123456789abcdefxp-+;infa AFXP.\n";
      let accepted = 0;
      let rejected = 0;
      for (let i = 0; i < 600; i++) {
        let s = seeds[i % seeds.length];
        const edits = 1 + Math.floor(r() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(r() * (s.length + 1));
          const c = alphabet[Math.floor(r() * alphabet.length)];
          const op = r();
          s = op < 0.4 ? s.slice(0, at) + c + s.slice(at + 1) : op < 0.7 ? s.slice(0, at) + c + s.slice(at) : s.slice(0, at) + s.slice(at + 1);
        }
        for (const format of ["narrow", "wide"] as const) {
          let parsed: ExactSum | null = null;
          try {
            parsed = ExactSum.fromJSON(s, format);
          } catch (err) {
            expect(err).toBeInstanceOf(Error);
            rejected++;
          }
          if (parsed) {
            accepted++;
            expect(parsed.toJSON()).toBe(s);
            expect(parsed.format).toBe(format);
          }
        }
      }
      expect(accepted).toBeGreaterThan(20);
      expect(rejected).toBeGreaterThan(200);
    });

    test("merging beyond the format's range throws a RangeError and leaves the state unchanged", () => {
      const a = ExactSum.fromJSON("0x1p1100");
      const before = a.toJSON();
      expect(() => a.merge(a.clone())).toThrow(RangeError);
      expect(a.toJSON()).toBe(before);
      expect(ExactSum.fromJSON("-0x1p1100").merge(ExactSum.fromJSON("-0x1p1100")).toJSON()).toBe("-0x1p1101");
      expect(() => ExactSum.fromJSON("-0x1p1101").addNumber(-1)).toThrow(RangeError);
      expect(() => sumOf([1]).merge(ExactSum.wide())).toThrow(TypeError);
    });
  });

  describe("roundScaled and roundRatio", () => {
    /** Random finite non-zero doubles with exponents in [lo, hi]. */
    function doubles(n: number, r: () => number, lo: number, hi: number): number[] {
      return Array.from({ length: n }, () => {
        const e = lo + Math.floor(r() * (hi - lo + 1));
        const m = (BigInt(Math.floor(r() * 2 ** 26)) << 26n) | BigInt(Math.floor(r() * 2 ** 26));
        const bits = e <= -1023 ? m & 0xfffffffffffffn : (BigInt(e + 1023) << 52n) | (m & 0xfffffffffffffn);
        return (r() < 0.5 ? -1 : 1) * (fromBits(bits) || 5e-324);
      });
    }

    test("roundScaled agrees with IEEE products (subnormal results and overflow included)", () => {
      const r = rng(501);
      for (let i = 0; i < 20_000; i++) {
        // a quarter of the products land in the subnormal range, a quarter near overflow
        const [x] = doubles(1, r, -1074, 1023);
        const ex = Math.floor(Math.log2(Math.abs(x)));
        const target = i % 4 === 0 ? -1130 + Math.floor(r() * 115) : i % 4 === 1 ? 1015 + Math.floor(r() * 15) : null;
        const ey = target === null ? -1074 + Math.floor(r() * 2098) : target - ex;
        if (ey < -1074 || ey > 1023) continue;
        const [y] = doubles(1, r, ey, ey);
        const [mx, fx] = decompose(x);
        const [my, fy] = decompose(y);
        expect(roundScaled(mx * my, fx + fy)).toBe(x * y);
      }
    });

    test("roundRatio agrees with IEEE division (subnormal results and overflow included)", () => {
      const r = rng(502);
      const a = doubles(20_000, r, -1074, 1023);
      const b = doubles(20_000, r, -1074, 1023);
      for (let i = 0; i < a.length; i++) {
        const [ma, ea] = decompose(a[i]);
        const [mb, eb] = decompose(b[i]);
        expect(roundRatio(ma, ea, mb, eb)).toBe(a[i] / b[i]);
      }
      expect(roundRatio(1n, 0, 0n, 0)).toBe(Infinity);
      expect(roundRatio(-1n, 0, 0n, 0)).toBe(-Infinity);
      expect(roundRatio(0n, 0, 0n, 0)).toBeNaN();
      expect(Object.is(roundRatio(0n, 5, -3n, 0), 0)).toBe(true);
      expect(roundRatio(1n, 0, 3n, 0)).toBe(1 / 3);
      expect(roundRatio(-10n, -1, 4n, 0)).toBe(-1.25);
    });

    test("roundScaled of large integers agrees with Number(bigint) (correctly rounded by the spec)", () => {
      const r = rng(503);
      for (let i = 0; i < 3000; i++) {
        const bits = 1 + Math.floor(r() * 1100);
        let v = 1n;
        for (let k = 1; k < bits; k++) v = (v << 1n) | (r() < 0.5 ? 0n : 1n);
        if (i % 3 === 0) v = (v >> 60n << 60n) | (1n << 59n); // exact ties
        if (i % 2) v = -v;
        const e = Math.floor(r() * 40);
        expect(roundScaled(v, e)).toBe(Number(v << BigInt(e)));
      }
      const T = 2n ** 53n;
      expect(roundScaled(T + 1n, 0)).toBe(2 ** 53); // tie to even (down)
      expect(roundScaled(T + 3n, 0)).toBe(2 ** 53 + 4); // tie to even (up)
      expect(roundScaled((2n ** 54n - 1n), 970)).toBe(Infinity); // MAX + half ulp: tie, MAX is odd
      expect(roundScaled((2n ** 55n - 3n), 969)).toBe(1.7976931348623157e308); // just below
      expect(roundScaled(1n, 1023)).toBe(2 ** 1023);
      expect(roundScaled(1n, 1024)).toBe(Infinity);
      expect(roundScaled(-1n, 5000)).toBe(-Infinity);
    });

    test("subnormal ties and underflow", () => {
      const tiny = pow2(-1074);
      expect(roundScaled(1n, -1074)).toBe(tiny);
      expect(roundScaled(1n, -1075)).toBe(0); // half: to even 0
      expect(roundScaled(3n, -1075)).toBe(2 * tiny); // 1.5 ulp: to even 2
      expect(roundScaled(5n, -1075)).toBe(2 * tiny); // 2.5 ulp: to even 2
      expect(roundScaled(3n, -1076)).toBe(tiny); // 0.75 ulp
      expect(roundScaled((1n << 200n) + 1n, -1275)).toBe(tiny); // just above half
      expect(Object.is(roundScaled(-1n, -1075), -0)).toBe(true);
      expect(Object.is(roundScaled(-1n, -5000), -0)).toBe(true);
      expect(Object.is(roundScaled(0n, 7), 0)).toBe(true);
      for (let k = 0; k < 3000; k++) {
        // (2k+1) * 2^-1075 vs IEEE: (2k+1) * 2^-1025 is exact, times 2^-50 rounds once
        expect(roundScaled(BigInt(2 * k + 1), -1075)).toBe((2 * k + 1) * pow2(-1025) * pow2(-50));
      }
    });

    test("nearest-neighbour check for big quotients and scaled integers", () => {
      const r = rng(504);
      const big = (bits: number): bigint => {
        let v = 1n;
        for (let k = 1; k < bits; k++) v = (v << 1n) | (r() < 0.5 ? 0n : 1n);
        return v;
      };
      for (let i = 0; i < 400; i++) {
        const N = big(1 + Math.floor(r() * 400)) * (r() < 0.5 ? -1n : 1n);
        const D = big(1 + Math.floor(r() * 400));
        const shift = Math.floor(r() * 2400) - 1200;
        const v = roundRatio(N, shift, D, 0);
        if (shift >= 0) expectNearest(N << BigInt(shift), D, v);
        else expectNearest(N, D << BigInt(-shift), v);
        const w = roundScaled(N, shift);
        if (shift >= 0) expect(w).toBe(Number(N << BigInt(shift)));
        else expectNearest(N, 1n << BigInt(-shift), w);
      }
    });

    test("bad arguments throw", () => {
      expect(() => roundScaled(1 as unknown as bigint, 0)).toThrow(TypeError);
      expect(() => roundScaled(1n, 0.5)).toThrow(TypeError);
      expect(() => roundRatio(1n, 0, 1n, NaN)).toThrow(TypeError);
    });
  });

  describe("grouped sums (weighted confusion-matrix cells)", () => {
    test("each cell equals the exact sum of its rows", () => {
      const r = rng(601);
      const k = 7;
      const n = 5000;
      const x = mixed(n, 602, -50, 50);
      const g = Int32Array.from({ length: n }, () => Math.floor(r() * k));
      x[10] = Infinity;
      x[20] = -0;
      const cells = Array.from({ length: k }, () => ExactSum.narrow());
      withArena(() => ExactSum.addGrouped(cells, putI32(g), putF64(x), n));
      for (let c = 0; c < k; c++) {
        const mine = Array.from(x).filter((_, i) => g[i] === c);
        expect(cells[c].equals(sumOf(mine))).toBe(true);
        expectRef(cells[c], refSum(mine));
      }
      // a second batch adds on top
      withArena(() => ExactSum.addGrouped(cells, putI32(g), putF64(x), n));
      expect(cells[3].equals(sumOf(Array.from(x).filter((_, i) => g[i] === 3)).merge(sumOf(Array.from(x).filter((_, i) => g[i] === 3))))).toBe(true);
    });

    test("an invalid group throws and changes nothing", () => {
      const cells = [sumOf([1]), sumOf([2])];
      const before = cells.map((c) => c.toJSON());
      for (const bad of [-1, 2, 1 << 30]) {
        expect(() => withArena(() => ExactSum.addGrouped(cells, putI32([0, 1, bad]), putF64([1, 1, 1]), 3))).toThrow(/groups\[2\]/);
        expect(cells.map((c) => c.toJSON())).toEqual(before);
      }
      expect(() => withArena(() => ExactSum.addGrouped([sumOf([1]), ExactSum.wide()], putI32([0]), putF64([1]), 1))).toThrow(TypeError);
    });
  });

  describe("kernels directly", () => {
    const mem = (): DataView => new DataView(core().memory.buffer);

    test("carries are propagated inside a kernel when pending reaches the bound", () => {
      const xs = mixed(20_000, 701);
      const ref = sumOf(xs);
      const got = withArena((k) => {
        const acc = alloc(EXACT_BYTES.narrow);
        k.exactInit(acc, 68, -1074);
        mem().setInt32(acc + 12, 2 ** 30 - 5, true); // pretend 2^30 - 5 units are pending
        const px = putF64(xs);
        k.exactAddArray(acc, px, xs.length);
        const pending = mem().getInt32(acc + 12, true);
        k.exactNormalize(acc);
        return { pending, json: ExactSum.fromJSON(ref.toJSON()).bytes().slice(16), bytes: new Uint8Array(core().memory.buffer.slice(acc + 16, acc + EXACT_BYTES.narrow)) };
      });
      expect(got.pending).toBeLessThan(2 ** 20); // a carry happened on the way
      expect(got.bytes).toEqual(got.json);
    });

    test("exactAddGrouped propagates carries when a cell's pending count reaches the bound", () => {
      withArena((k) => {
        const cells = alloc(2 * EXACT_BYTES.narrow);
        k.exactInit(cells, 68, -1074);
        k.exactInit(cells + EXACT_BYTES.narrow, 68, -1074);
        mem().setBigInt64(cells + 16, (1n << 40n) + 3n, true); // not canonical
        mem().setInt32(cells + 12, 2 ** 30, true);
        expect(k.exactAddGrouped(cells, EXACT_BYTES.narrow, 2, putI32([0, 1]), putF64([pow2(-1074), 1]), 2)).toBe(-1);
        const dv = mem();
        expect(dv.getInt32(cells + 12, true)).toBe(0); // normalised
        expect(dv.getBigInt64(cells + 16, true)).toBe(4n);
        expect(dv.getBigInt64(cells + 24, true)).toBe(256n);
        expect(dv.getInt32(cells + EXACT_BYTES.narrow + 12, true)).toBe(1);
        expect(k.exactAddGrouped(cells, EXACT_BYTES.narrow, 2, putI32([1, 2]), putF64([1, 1]), 2)).toBe(1);
      });
    });

    test("exactMerge normalises a source with pending units; formats must match", () => {
      withArena((k) => {
        const a = alloc(EXACT_BYTES.narrow);
        const b = alloc(EXACT_BYTES.narrow);
        const w = alloc(EXACT_BYTES.wide);
        k.exactInit(a, 68, -1074);
        k.exactInit(b, 68, -1074);
        k.exactInit(w, 200, -3222);
        // b holds 2^40 * 2^-1074 + (-1) * 2^(32 - 1074) in a non-canonical form
        mem().setBigInt64(b + 16, 1n << 40n, true);
        mem().setBigInt64(b + 24, -1n, true);
        mem().setInt32(b + 12, 3, true);
        expect(k.exactMerge(a, b)).toBe(0);
        const dv = mem();
        expect(dv.getBigInt64(a + 16, true)).toBe(0n);
        expect(dv.getBigInt64(a + 24, true)).toBe(255n);
        expect(dv.getInt32(a + 12, true)).toBe(0);
        expect(k.exactMerge(a, w)).toBe(-1);
        expect(k.exactBytes(68)).toBe(EXACT_BYTES.narrow);
        expect(k.exactBytes(200)).toBe(EXACT_BYTES.wide);
      });
    });
  });

  test("memory: thousands of calls do not grow memory and leave the arena empty", () => {
    const xs = mixed(5000, 801);
    const ys = normals(5000, 802);
    const run = (n: number): void => {
      const s = ExactSum.narrow().addNumbers(xs.subarray(0, n));
      const w = withArena(() => {
        const px = putF64(xs.subarray(0, n));
        const py = putF64(ys.subarray(0, n));
        return ExactSum.wide().addSquares(px, n).addProducts(px, py, n).addWeightedSquares(py, px, n);
      });
      s.merge(sumOf([1]));
      w.merge(ExactSum.wide());
      const cells = [ExactSum.narrow(), ExactSum.narrow()];
      withArena(() => ExactSum.addGrouped(cells, putI32(Array.from({ length: n }, (_, i) => i & 1)), putF64(xs.subarray(0, n)), n));
      ExactSum.fromJSON(s.toJSON()).value();
    };
    run(5000);
    const pages = memoryStats().pages;
    for (let i = 0; i < 2000; i++) run((i * 37) % 5000);
    expect(memoryStats().pages).toBe(pages);
    expect(memoryStats().arenaBytes).toBe(0);
  });
}
