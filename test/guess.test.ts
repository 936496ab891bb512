// The shared guess of task and columns (src/guess/guess.ts): a table of
// header/value patterns, including the files the preview page got wrong
// (issue 18) and the command line's defaults.
import { describe, expect, test } from "vitest";
import { GuessError, guessTable, type SampleColumn } from "../src/guess/guess.js";

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Columns from a spec: name → generator of the i-th value. */
function table(n: number, spec: Record<string, (i: number, r: () => number) => number | string | boolean>): SampleColumn[] {
  const r = rng(7);
  const cols = Object.keys(spec).map((name) => ({ name, values: [] as (number | string | boolean)[] }));
  for (let i = 0; i < n; i++) cols.forEach((c) => c.values.push(spec[c.name](i, r)));
  return cols;
}

const bin = (_i: number, r: () => number) => (r() < 0.4 ? 1 : 0);
const prob = (_i: number, r: () => number) => r();
const cont = (_i: number, r: () => number) => 50 + r() * 10;

const CASES: [string, SampleColumn[], ReturnType<typeof guessTable>["task"], Record<string, unknown>][] = [
  ["string labels with a probability (issue 18)", table(300, { actual: (i, r) => (r() < 0.3 ? "spam" : "ham"), predicted: (i, r) => (r() < 0.3 ? "spam" : "ham"), p_spam: prob }), "classification", { yTrue: "actual", yPred: "predicted", yProb: "p_spam" }],
  ["multiclass integers are labels, not a regression target (issue 18)", table(300, { y: (i, r) => Math.floor(r() * 3), yhat: (i, r) => Math.floor(r() * 3) }), "classification", { yTrue: "y", yPred: "yhat" }],
  ["one probability column per class (issue 18)", table(300, { y: (i) => i % 4, yhat: (i, r) => Math.floor(r() * 4), prob_0: prob, prob_1: prob, prob_2: prob, prob_3: prob }), "classification", { yTrue: "y", yPred: "yhat", yProb: ["prob_0", "prob_1", "prob_2", "prob_3"] }],
  ["<class>_proba columns with string classes", table(300, { label: (i) => ["cat", "dog", "eel"][i % 3], pred: (i) => ["cat", "dog", "eel"][(i * 7) % 3], dog_proba: prob, cat_proba: prob, eel_proba: prob }), "classification", { yTrue: "label", yPred: "pred", yProb: ["cat_proba", "dog_proba", "eel_proba"] }],
  ["binary 0/1 with a probability and weights", table(300, { y_true: bin, y_pred: bin, y_prob: prob, sample_weight: (i, r) => r() * 2 }), "classification", { yTrue: "y_true", yPred: "y_pred", yProb: "y_prob", weight: "sample_weight" }],
  ["booleans", table(200, { is_fraud: (i, r) => r() < 0.1, predicted_fraud: (i, r) => r() < 0.1, score: prob }), "classification", { yTrue: "is_fraud", yPred: "predicted_fraud", yProb: "score" }],
  ["regression by names", table(300, { daily_dbu: cont, predicted_dbu: cont }), "regression", { yTrue: "daily_dbu", yPred: "predicted_dbu" }],
  ["regression: target/prediction", table(300, { target: cont, prediction: cont, weight: (i, r) => r() }), "regression", { yTrue: "target", yPred: "prediction", weight: "weight" }],
  ["regression with unknown names: first two continuous columns", table(300, { a: cont, b: cont }), "regression", { yTrue: "a", yPred: "b" }],
  ["regression: integer counts with many values are a target", table(300, { sales: (i, r) => Math.floor(r() * 10000), forecast: (i, r) => Math.floor(r() * 10000) }), "regression", { yTrue: "sales", yPred: "forecast" }],
  ["anomaly: -1/1 predictions and scores", table(300, { prediction: (i, r) => (r() < 0.05 ? -1 : 1), score: (i, r) => r() * 2 - 1 }), "anomaly", { prediction: "prediction", score: "score" }],
  ["anomaly: other names", table(300, { is_outlier: (i, r) => (r() < 0.05 ? -1 : 1), decision_function: (i, r) => r() * 2 - 1 }), "anomaly", { prediction: "is_outlier", score: "decision_function" }],
];

const withCell = (cols: SampleColumn[], name: string, i: number, v: number | string) =>
  cols.map((c) => (c.name === name ? { ...c, values: c.values.map((x, j) => (j === i ? v : x)) } : c));

/** Cases of the preview page (issue 18), which lets binary classification go without predicted labels. */
const PAGE_CASES: [string, SampleColumn[], ReturnType<typeof guessTable>["task"], Record<string, unknown>][] = [
  ["label,score with `abc` in one score cell: the score is still the probability (the page reports the cell)", withCell(table(300, { label: bin, score: prob }), "score", 1, "abc"), "classification", { yTrue: "label", yProb: "score" }],
  ["a NaN among the probabilities", withCell(table(300, { label: bin, predicted: bin, probability: prob }), "probability", 6, Number.NaN), "classification", { yTrue: "label", yPred: "predicted", yProb: "probability" }],
  ["a named probability with one value outside [0, 1] is still chosen", withCell(table(300, { label: bin, predicted: bin, probability: prob }), "probability", 30, 1.7), "classification", { yTrue: "label", yPred: "predicted", yProb: "probability" }],
  ["a label column of 1s alone is one class, not anomaly predictions", table(50, { label: () => 1, probability: prob }), "classification", { yTrue: "label", yProb: "probability" }],
  ["a stray label string in a numeric label column keeps it a label column", withCell(table(300, { y: (i) => i % 3, yhat: (i) => (i * 5) % 3 }), "y", 4, "x"), "classification", { yTrue: "y", yPred: "yhat" }],
];

describe("guessTable: header and value patterns", () => {
  test.each(PAGE_CASES)("%s (allowMissingPred)", (_name, cols, task, roles) => {
    const g = guessTable(cols, {}, undefined, { allowMissingPred: true });
    expect(g.task).toBe(task);
    expect(g.roles).toEqual(roles);
    const used = Object.values(g.roles).flat();
    expect(new Set(used).size).toBe(used.length);
  });

  test("decision scores far outside [0, 1] are not taken as a probability by name", () => {
    const g = guessTable(table(300, { label: bin, predicted: bin, score: (i, r) => r() * 8 - 4 }));
    expect(g.roles).toEqual({ yTrue: "label", yPred: "predicted" });
  });

  test.each(CASES)("%s", (_name, cols, task, roles) => {
    const g = guessTable(cols);
    expect(g.task).toBe(task);
    expect(g.roles).toEqual(roles);
    // never the same column for two roles
    const used = Object.values(g.roles).flat();
    expect(new Set(used).size).toBe(used.length);
    expect(g.notes.length).toBeGreaterThan(0);
  });

  test("the multiclass probability columns come in class order, with their classes", () => {
    const g = guessTable(CASES[3][1]);
    expect(g.probClasses).toEqual(["cat", "dog", "eel"]);
  });

  test("roles given by the user are kept and never reused; the task can be forced", () => {
    const cols = table(300, { y: bin, yhat: bin, p: prob, q: prob });
    expect(guessTable(cols, { yProb: "q" }).roles).toEqual({ yTrue: "y", yPred: "yhat", yProb: "q" });
    const reg = guessTable(table(300, { y: cont, yhat: cont }), {}, "regression");
    expect(reg.roles).toEqual({ yTrue: "y", yPred: "yhat" });
    expect(guessTable(table(300, { y: bin, yhat: bin }), {}, "regression").task).toBe("regression");
  });

  test("a label column without predictions, or no usable column, is a GuessError naming the option to give", () => {
    expect(() => guessTable(table(100, { label: bin, score: prob }))).toThrow(GuessError);
    expect(() => guessTable(table(100, { label: bin, score: prob }))).toThrow(/--y-pred/);
    expect(() => guessTable(table(100, { name: (i) => `row${i}` }))).toThrow(/--/);
    expect(() => guessTable(table(100, { prediction: (i, r) => (r() < 0.1 ? -1 : 1) }), {}, "anomaly")).toThrow(/--score/);
  });
});
