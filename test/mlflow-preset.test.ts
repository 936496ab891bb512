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
function inputs(c: MlflowCase) {
  const a = c.args[0];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    if (!Array.isArray(v)) out[k] = v;
    else if (v.some((x) => typeof x === "string" && !["NaN", "Infinity", "-Infinity"].includes(x))) out[k] = v; // string labels
    else if (v.some((x) => Array.isArray(x))) out[k] = v; // n x k probabilities
    else out[k] = Float64Array.from(v.map(Number));
  }
  return out;
}

describe.skipIf(!file)("preset 'mlflow' equals mlflow.models.evaluate", () => {
  const all: MlflowCase[] = [...file.cases, ...file.configCases, ...(file.multiclassCases ?? [])];
  test("string-label and multiclass cases are included", () => {
    expect(all.some((c) => JSON.stringify(c.args).includes('"yes"'))).toBe(true);
    expect((file.multiclassCases ?? []).length).toBeGreaterThan(0);
    expect(file.meta.mlflow).toMatch(/^3\./);
  });
  test.each(all.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const fn = mlm[c.fn] as (i: unknown, o: unknown) => Record<string, number>;
    const got = fn(inputs(c), { ...c.options, onWarning: () => {} });
    const cmp = compare(got, decodeValue(c.expected), { rtol: 1e-12 });
    expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
  });
  // the same MLflow cases with yProb as a flat row-major Float64Array and { nClasses }
  const withRows = (file.multiclassCases ?? []).filter((c: MlflowCase) => Array.isArray((c.args[0].yProb as unknown[])?.[0]));
  test("multiclass cases with probabilities exist (for the flat-yProb variant)", () => {
    expect(withRows.length).toBeGreaterThan(0);
  });
  test.each(withRows.map((c: MlflowCase) => [c.id, c] as const))("flat yProb + nClasses: %s", (_id, c) => {
    const rows = c.args[0].yProb as number[][];
    const flat = Float64Array.from(rows.flat().map(Number));
    const got = mlm.classificationMetrics(
      { ...inputs(c), yProb: flat } as never,
      { ...c.options, nClasses: rows[0].length, onWarning: () => {} },
    );
    const cmp = compare(got, decodeValue(c.expected), { rtol: 1e-12 });
    expect(cmp.ok, `${cmp.path}: ${cmp.detail}`).toBe(true);
  });
  test.each((file.errorCases as MlflowCase[]).map((c) => [c.id, c] as const))("error: %s", (_id, c) => {
    const fn = mlm[c.fn] as (i: unknown, o: unknown) => Record<string, number>;
    expect(() => fn(inputs(c), c.options)).toThrow(c.expectedError!.message);
  });
});
