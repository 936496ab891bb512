// Differential fuzzing against live scikit-learn, short seeded version for CI
// (the full run is `npm run fuzz:sklearn`: 10,000 cases per metric, n up to 1e5).
// Needs the project's Python venv (`bash scripts/python-env.sh`, run by .ci/run);
// without it the suite is skipped with the reason printed (and MLMETRICS_STRICT=1
// turns that skip into a failure).
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
// @ts-expect-error: plain JS helper
import { RTOL, formatTable, hasVenv, runFuzz } from "../scripts/fuzz-lib.mjs";

const CASES = Number(process.env.MLMETRICS_FUZZ_CASES ?? 60);
const MAX_N = Number(process.env.MLMETRICS_FUZZ_MAX_N ?? 20_000);
const SEED = Number(process.env.MLMETRICS_FUZZ_SEED ?? 20260701);
const venv = hasVenv();
if (!venv) {
  console.log(
    "\n!!! test/fuzz-sklearn.test.ts SKIPPED: no Python venv at .venv — run `bash scripts/python-env.sh` " +
      "(scikit-learn 1.9.1) to enable differential fuzzing against scikit-learn.\n",
  );
}

interface Row {
  cases: number;
  maxUlp: number;
  maxRel: number;
  exactCases: number;
  exactViolations: number;
  relViolations: number;
  sklearnErrors: number;
  errorsRaised: number;
  messagesEqual: number;
  failures: string[];
}

describe.skipIf(!venv)(`fuzzing against live scikit-learn (seed ${SEED}, ${CASES} cases per metric, n ≤ ${MAX_N})`, () => {
  let rows: Map<string, Row>;
  beforeAll(async () => {
    await mlm.init();
    const res = await runFuzz(mlm, { seed: SEED, cases: CASES, maxN: MAX_N });
    rows = res.rows;
    console.log(`${res.cases} fuzz cases in ${res.seconds.toFixed(1)} s\n${formatTable(rows)}`);
  }, 300_000);

  test("every metric was fuzzed", () => {
    expect([...rows.keys()].length).toBeGreaterThanOrEqual(52);
    for (const r of rows.values()) expect(r.cases).toBe(CASES);
  });

  test("0 ULP for unweighted MSE, RMSE, MAE, R² (float64 and float32 input)", () => {
    for (const fn of ["meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "r2Score"]) {
      const r = rows.get(fn)!;
      expect(r.exactCases, fn).toBeGreaterThan(0);
      expect(r.exactViolations, `${fn}: ${r.failures.join("; ")}`).toBe(0);
    }
  });

  test("issue 17: 0 ULP wherever the case is counts and numpy-order sums (zero-one loss, hinge, likelihood ratios, auc, D² Brier, coverage, LRAP, ranking loss, multilabel ROC AUC and AP)", () => {
    for (const fn of [
      "zeroOneLoss", "hingeLoss", "classLikelihoodRatios", "auc", "d2BrierScore",
      "coverageError", "labelRankingAveragePrecisionScore", "labelRankingLoss",
      "rocAucScore/multilabel", "averagePrecisionScore/multilabel",
    ]) {
      const r = rows.get(fn)!;
      expect(r.exactCases, fn).toBeGreaterThan(0);
      expect(r.exactViolations, `${fn}: ${r.failures.join("; ")}`).toBe(0);
    }
  });

  test("multi-output regression: 0 ULP for every form but the log metrics (numpy's axis-0 order reproduced)", () => {
    const rowsMo = [...rows.keys()].filter((k) => k.endsWith("/multioutput") && !k.includes("LogError"));
    expect(rowsMo.length).toBe(10);
    for (const fn of rowsMo) {
      const r = rows.get(fn)!;
      expect(r.exactCases, fn).toBeGreaterThan(0);
      expect(r.exactViolations, `${fn}: ${r.failures.join("; ")}`).toBe(0);
    }
  });

  test("issue 17 multilabel: 0 ULP for the count-based metrics on indicator matrices (all but the BLAS-dot weighted counts)", () => {
    for (const fn of [
      "accuracyScore/multilabel", "zeroOneLoss/multilabel", "hammingLoss/multilabel", "precisionScore/multilabel", "recallScore/multilabel",
      "f1Score/multilabel", "fbetaScore/multilabel", "jaccardScore/multilabel", "precisionRecallFscoreSupport/multilabel",
      "multilabelConfusionMatrix/multilabel",
    ]) {
      const r = rows.get(fn)!;
      expect(r.exactCases, fn).toBeGreaterThan(0);
      expect(r.exactViolations, `${fn}: ${r.failures.join("; ")}`).toBe(0);
    }
  });

  test(`every value within ${RTOL} relative of scikit-learn`, () => {
    for (const [fn, r] of rows) expect(r.relViolations, `${fn}: ${r.failures.join("; ")}`).toBe(0);
  });

  test("where scikit-learn raises we raise, with scikit-learn's message", () => {
    for (const [fn, r] of rows) {
      expect(r.errorsRaised, `${fn}: ${r.failures.join("; ")}`).toBe(r.sklearnErrors);
      expect(r.messagesEqual, `${fn}: ${r.failures.join("; ")}`).toBe(r.sklearnErrors);
    }
  });

  test("no other failure (shapes, lengths, unexpected errors)", () => {
    for (const [fn, r] of rows) expect(r.failures, fn).toEqual([]);
  });
});
