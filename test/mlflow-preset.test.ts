// preset: 'mlflow' against REAL mlflow.models.evaluate output
// (scripts/gen_mlflow_fixtures.py → test/fixtures/mlflow_evaluate.json).
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { compare, decodeValue, loadFixtures } from "./fixture-lib.mjs";

beforeAll(async () => {
  await mlm.init();
});

interface MlflowCase {
  id: string;
  fn: "regressionMetrics" | "classificationMetrics";
  args: [Record<string, unknown>];
  options: Record<string, unknown>;
  expected?: Record<string, unknown>;
  expectedError?: { type: string; message: string };
}

const file = loadFixtures("mlflow_evaluate");
const hasStrings = (c: MlflowCase) => JSON.stringify(c.args).includes('"') && /"(yTrue|yPred)":\[[^\]]*"/.test(JSON.stringify(c.args));
/** String class labels arrive with the multiclass issue (#5); these cases are excluded by name. */
const STRING_LABEL_CASES = ["bin_no_yes_prob", "bin_no_yes_noprob", "bin_yes_no_inverted_prob", "bin_no_yes_pos_label_no_noprob"];

function inputs(c: MlflowCase) {
  const a = c.args[0];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) out[k] = Array.isArray(v) ? Float64Array.from(v.map(Number)) : v;
  return out;
}

describe.skipIf(!file)("preset 'mlflow' equals mlflow.models.evaluate", () => {
  const all: MlflowCase[] = [...file.cases, ...file.configCases];
  const runnable = all.filter((c) => !hasStrings(c));
  test("the only excluded cases are the string-label ones", () => {
    expect(all.filter(hasStrings).map((c) => c.id).sort()).toEqual([...STRING_LABEL_CASES].sort());
    expect(file.meta.mlflow).toMatch(/^3\./);
  });
  test.each(runnable.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const fn = mlm[c.fn] as (i: unknown, o: unknown) => Record<string, number>;
    const got = fn(inputs(c), { ...c.options, onWarning: () => {} });
    const cmp = compare(got, decodeValue(c.expected), { rtol: 1e-12 });
    expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
  });
  test.each((file.errorCases as MlflowCase[]).map((c) => [c.id, c] as const))("error: %s", (_id, c) => {
    const fn = mlm[c.fn] as (i: unknown, o: unknown) => Record<string, number>;
    expect(() => fn(inputs(c), c.options)).toThrow(c.expectedError!.message);
  });
});
