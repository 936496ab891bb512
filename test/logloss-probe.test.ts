// The binary log loss fast path computes Math.log with a two-lane port of
// AssemblyScript's Math.log (assembly/logloss.ts): each lane is filed under
// the path Math.log takes for it (near-1 polynomial or table) and must get
// exactly Math.log's bits. A sum of terms (test/fast-paths.test.ts) would hide
// most one-ulp differences, so this test compiles a test-only entry
// (assembly/logloss-probe.ts, never shipped) with the release target's options
// and compares every term of the leaf with -Math.log of the clipped
// probability, bit for bit, on about 2.5 million doubles: every power of two and
// its neighbours, every table subinterval's edges for every exponent, the
// near-1 boundary, the clipping bounds, subnormals, 0, 1, and random doubles
// (uniform values, uniform bit patterns, values near 1).
import asc from "assemblyscript/asc";
import { beforeAll, describe, expect, test } from "vitest";
import { rng } from "./registry.js";

interface Probe {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  probe(yt: number, p: number, skip: number, n: number, a: number, b: number, pos: number, sizes: number, nSizes: number, out: number): number;
}

let P: Probe;

beforeAll(async () => {
  const files: Record<string, Uint8Array | string> = {};
  const { error } = await asc.main(
    [
      "assembly/logloss-probe.ts", "--runtime", "stub", "--enable", "simd", "--initialMemory", "2",
      "--optimizeLevel", "3", "--shrinkLevel", "0", "--noAssert", "--outFile", "probe.wasm",
    ],
    { writeFile: (name: string, contents: Uint8Array | string) => void (files[name] = contents), stdout: process.stdout, stderr: process.stderr },
  );
  if (error) throw error;
  const inst = await WebAssembly.instantiate(new WebAssembly.Module(files["probe.wasm"] as Uint8Array), {
    env: { abort: () => { throw new Error("abort"); } },
  });
  P = inst.exports as unknown as Probe;
}, 120_000);

const bits = new BigUint64Array(1);
const dbl = new Float64Array(bits.buffer);
const fromBits = (b: bigint) => ((bits[0] = b), dbl[0]);
const toBits = (x: number) => ((dbl[0] = x), bits[0]);

/** The probability values tried (each as q, the clipped operand of the log). */
function values(): number[] {
  const v: number[] = [];
  const add = (x: number) => {
    if (x >= 0 && x <= 1) v.push(x);
  };
  const around = (b: bigint, d: number) => {
    for (let k = -d; k <= d; k++) if (b + BigInt(k) >= 0n) add(fromBits(b + BigInt(k)));
  };
  const EPS = 2.220446049250313e-16;
  for (const x of [0, -0, 1, 0.5, EPS, EPS / 2, 2 * EPS, 1 - EPS, 1 - EPS / 2, 1 - 2 * EPS, 5e-324, 2 ** -1022, 0.9375]) add(x);
  around(toBits(EPS), 8);
  around(toBits(1 - EPS), 8);
  around(toBits(1), 8);
  // every power of two in [2^-1074, 1] and its neighbours
  for (let e = 0; e <= 1074; e++) around(toBits(2 ** -e), 3);
  // every table subinterval edge (i = (tmp >> 45) & 127, k = tmp >> 52,
  // tmp = bits - 0x3FE6000000000000) for exponents down to below EPS
  for (let k = -60n; k <= 0n; k++) {
    for (let i = 0n; i < 128n; i++) around(0x3fe6000000000000n + (k << 52n) + (i << 45n), 2);
  }
  // the near-1 path's lower bound 0x1.ep-1 (its upper bound is above 1)
  around(0x3fee000000000000n, 3000);
  // dense near 1: 1 - j ulp(0.5)
  for (let j = 1; j <= 200_000; j++) add(1 - j * 2 ** -54);
  const u = rng(2024);
  for (let j = 0; j < 600_000; j++) add(u());
  for (let j = 0; j < 600_000; j++) add(1 - u() * 0.07);
  for (let j = 0; j < 300_000; j++) add(0.9 + u() * 0.1);
  for (let j = 0; j < 600_000; j++) {
    // uniform bit patterns in [0, 1]
    const hi = Math.floor(u() * 0x3ff00001);
    const b = (BigInt(hi) << 32n) | BigInt(Math.floor(u() * 2 ** 32));
    add(fromBits(b > 0x3ff0000000000000n ? 0x3ff0000000000000n : b));
  }
  for (let j = 0; j < 200_000; j++) add(u() * 2 ** -Math.floor(u() * 60));
  return v;
}

const SIZES = [128, 127, 1, 2, 3, 7, 8, 9, 64, 65, 100, 126, 13, 128, 128, 33];

function run(t: Float64Array, p: Float64Array, skip: Uint8Array, a: number, b: number, pos: number) {
  const n = t.length;
  const bytes = n * 17 + SIZES.length * 4 + 64;
  const base = P.reserve(bytes);
  const mem = P.memory.buffer;
  const pt = base, pp = base + n * 8, ps = base + n * 16;
  const psz = (ps + n + 15) & ~15, out = psz + SIZES.length * 4;
  new Float64Array(mem, pt, n).set(t);
  new Float64Array(mem, pp, n).set(p);
  new Uint8Array(mem, ps, n).set(skip);
  new Int32Array(mem, psz, SIZES.length).set(SIZES);
  const bad = P.probe(pt, pp, ps, n, a, b, pos, psz, SIZES.length, out);
  const [first, flagged] = new Int32Array(P.memory.buffer, out, 2);
  return { bad, first: first >= 0 ? { t: t[first], p: p[first] } : null, flagged };
}

describe("vectorised log in the logLoss leaf: Math.log's bits, term by term", () => {
  const v = values();

  test.each([[0, 1], [-1, 1], [2, 5]])("labels %d, %d: every term identical (%#)", (a, b) => {
    expect(v.length).toBeGreaterThan(2_500_000);
    const u = rng(a * 31 + b);
    const n = v.length;
    const t = new Float64Array(n), p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // half the values as P(positive) of a positive, half as 1 - P of a
      // negative (the leaf then computes 1 - p itself)
      if (u() < 0.5) { t[i] = b; p[i] = v[i]; }
      else { t[i] = a; p[i] = 1 - v[i]; }
    }
    // and the values themselves on the negative side (q = 1 - v)
    const r1 = run(t, p, new Uint8Array(n), a, b, b);
    expect(r1).toEqual({ bad: 0, first: null, flagged: 0 });
    t.fill(a);
    const r2 = run(t, Float64Array.from(v), new Uint8Array(n), a, b, b);
    expect(r2).toEqual({ bad: 0, first: null, flagged: 0 });
  });

  test("invalid elements are flagged, read nothing out of bounds, and leave the other terms exact", () => {
    const u = rng(7);
    const n = 300_000;
    const t = new Float64Array(n), p = new Float64Array(n), skip = new Uint8Array(n);
    const junk = [NaN, -NaN, Infinity, -Infinity, 1.5, -0.25, 1e308, -1e-300, fromBits(0x7ff0000000000001n), fromBits(0xfff8000000000000n)];
    for (let i = 0; i < n; i++) {
      t[i] = u() < 0.3 ? 1 : 0;
      p[i] = v[Math.floor(u() * v.length)];
      if (u() < 0.02) {
        skip[i] = 1;
        if (u() < 0.5) p[i] = junk[Math.floor(u() * junk.length)];
        else t[i] = [2, NaN, 0.5, Infinity][Math.floor(u() * 4)];
      }
    }
    const r = run(t, p, skip, 0, 1, 1);
    expect(r).toEqual({ bad: 0, first: null, flagged: 1 });
    // one invalid element per leaf position: each is flagged on its own
    for (const at of [0, 1, 2, 7, 8, 63, 126, 127]) {
      const tt = new Float64Array(128).fill(1), pp = new Float64Array(128).fill(0.75), sk = new Uint8Array(128);
      pp[at] = NaN; sk[at] = 1;
      expect(run(tt, pp, sk, 0, 1, 1).flagged).toBe(1);
      pp[at] = 0.75; tt[at] = 3;
      expect(run(tt, pp, sk, 0, 1, 1).flagged).toBe(1);
    }
  });
});
