// Generic invariances over the metric registry (sklearn's test_common.py in
// miniature; the property-based versions with many runs live in the
// reliability suites): sample-order invariance, number[] ≡ Float64Array,
// and symmetry where sklearn declares it.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { compare } from "./fixture-lib.mjs";
import { METRICS, rng, validInputs, weights } from "./registry.js";

beforeAll(async () => {
  await mlm.init();
});

function permute<T extends ArrayLike<number>>(arrays: T[], seed: number): Float64Array[] {
  const n = arrays[0].length;
  const r = rng(seed);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return arrays.map((a) => Float64Array.from(idx, (i) => a[i]));
}

/** Curves are ordered by threshold, so permuting samples must not change them either. */
describe.each(METRICS.map((m) => [m.name, m] as const))("%s", (_name, m) => {
  for (const n of [2, 9, 130, 1000]) {
    // (order-dependent metrics, e.g. `auc` over x, are not registered here)
    if (m.orderInvariant) test(`sample order does not matter (n=${n}, unweighted${m.weighted ? " and weighted" : ""})`, () => {
      const args = validInputs(m.kind, n, n);
      const a = m.call(args);
      const [pa, pb] = permute(args, 99);
      const b = m.call(args.length === 2 ? [pa, pb] : [pa]);
      const cmp = compare(b, a, { rtol: 1e-12 });
      expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
      if (m.weighted) {
        const w = weights(n);
        w[0] = 1;
        // (an error, e.g. d2TweedieScore's null deviance of 0 when one sample carries all the weight, must be the same error)
        const outcome = (f: () => unknown) => {
          try {
            return f();
          } catch (e) {
            return `error: ${(e as Error).message}`;
          }
        };
        const wa = outcome(() => m.call(args, { sampleWeight: w }));
        const perm = permute([...args, w], 7);
        const wb = outcome(() => m.call(perm.slice(0, -1), { sampleWeight: perm[perm.length - 1] }));
        const c2 = compare(wb, wa, { rtol: 1e-12 });
        expect(c2.ok, `${c2.path}: ${c2.detail}`).toBe(true);
      }
    });
  }

  test("number[] gives exactly the Float64Array result", () => {
    const args = validInputs(m.kind, 257, 3);
    const asArrays = args.map((a) => Array.from(a));
    expect(m.call(asArrays as unknown as Float64Array[])).toEqual(m.call(args));
  });

  if (m.symmetric) {
    test("symmetric: f(a, b) = f(b, a)", () => {
      const args = validInputs(m.kind, 300, 5);
      const cmp = compare(m.call([args[1], args[0]]), m.call(args), { rtol: 1e-12 });
      expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
    });
  }

  if (m.weighted) {
    test("all-ones sample weights equal no weights", () => {
      const args = validInputs(m.kind, 200, 8);
      const cmp = compare(m.call(args, { sampleWeight: new Float64Array(200).fill(1) }), m.call(args), { rtol: 1e-12 });
      expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
    });
  }
});
