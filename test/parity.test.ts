// Golden parity: every case produced by real scikit-learn / numpy
// (scripts/gen_fixtures.py → test/fixtures/*.json) is replayed through the
// public API. Bit-identical where the case says `exact`, else ≤ 1e-12 relative;
// thrown messages and warnings must be sklearn's, word for word.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper shared with scripts/parity-report.mjs
import { FAMILIES, caseInputs, compare, decodeValue, loadFixtures } from "./fixture-lib.mjs";

beforeAll(async () => {
  await mlm.init();
});

interface FixtureCase {
  id: string;
  fn: string;
  args: unknown[];
  options?: Record<string, unknown>;
  expected?: unknown;
  error?: string;
  errorType?: string;
  warnings?: string[];
  exact?: boolean;
}

/**
 * Cases where numpy raises with its own internal wording and we deliberately
 * raise sklearn-style validation messages instead; the case must still throw.
 */
export const OWN_MESSAGES: Record<string, RegExp> = {
  // numpy: "zero-size array to reduction operation minimum which has no identity"
  "scoreDistribution/empty": /^Found array with 0 sample\(s\)/,
  // numpy: "autodetected range of [nan, nan] is not finite"
  "scoreDistribution/nan": /^Input contains NaN\.$/,
  // numpy: "autodetected range of [0.1, inf] is not finite"
  "scoreDistribution/inf": /^Input contains infinity/,
  // sklearn fails inside numpy: "operands could not be broadcast together ..."
  "rocCurve/empty": /^Found array with 0 sample\(s\)/,
  "precisionRecallCurve/empty": /^Found array with 0 sample\(s\)/,
  "detCurve/empty": /^Found array with 0 sample\(s\)/,
  // sklearn fails inside numpy: "index -1 is out of bounds for axis 0 with size 0"
  "averagePrecisionScore/empty": /^Found array with 0 sample\(s\)/,
  // sklearn fails inside numpy: "operands could not be broadcast together ..."
  "calibrationCurve/empty": /^Found array with 0 sample\(s\)/,
  // sklearn: "y_true takes value in {0.0, 1.0, nan} and pos_label is not specified: ..."
  "calibrationCurve/nan-yTrue": /^Input y_true contains NaN\.$/,
};

export function runCase(c: FixtureCase): { value?: unknown; error?: Error; warnings: string[] } {
  const fn = (mlm as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn];
  if (typeof fn !== "function") throw new Error(`mlmetrics does not export ${c.fn}`);
  const { args, options } = caseInputs(c);
  const warnings: string[] = [];
  const opts = { ...options, onWarning: (m: string) => warnings.push(m) };
  try {
    return { value: fn(...args, opts), warnings };
  } catch (error) {
    return { error: error as Error, warnings };
  }
}

for (const family of FAMILIES) {
  const file = loadFixtures(family);
  describe.skipIf(!file)(`parity with scikit-learn: ${family}`, () => {
    if (!file) return;
    const cases = file.cases as FixtureCase[];
    test("fixtures are stamped with the versions that produced them", () => {
      expect(file.meta.sklearn).toMatch(/^1\.9\./);
      expect(file.meta.numpy).toMatch(/^\d+\.\d+\.\d+/);
    });
    test.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
      const r = runCase(c);
      if (c.error !== undefined) {
        expect(r.error, `expected sklearn's error: ${c.error}`).toBeDefined();
        if (OWN_MESSAGES[c.id]) expect(r.error!.message).toMatch(OWN_MESSAGES[c.id]);
        else expect(r.error!.message).toBe(c.error);
        return;
      }
      if (r.error) throw r.error;
      const cmp = compare(r.value, decodeValue(c.expected), { exact: !!c.exact });
      expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
      expect(r.warnings).toEqual(c.warnings ?? []);
    });
  });
}
