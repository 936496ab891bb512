// The preview page's pure helpers (examples/preview/lib.js): cell parsing,
// columns, messages, the sample its worker hands to the shared guess
// (src/guess/guess.ts), and the copy-as-JSON / copy-as-Python text. The
// issue-18 files go through the page's own reader and the shared guess here.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { guessTable, matchClassColumns } from "../src/guess/guess.js";
import {
  ColumnBuilder,
  badCellMessage,
  emptyLabelMessage,
  headerNames,
  jsonText,
  parseCell,
  probabilityRangeMessage,
  probKindOf,
  pythonSnippet,
  sampleColumns,
  sampleIndices,
  unionClasses,
} from "../examples/preview/lib.js";

const FIX = fileURLToPath(new URL("./fixtures/browser/", import.meta.url));

function col(name: string, values: string[]) {
  const b = new ColumnBuilder(name);
  values.forEach((v, i) => b.push(v, i + 1, i + 2));
  return b.finish();
}

describe("parseCell", () => {
  test.each([
    ["1", 1],
    [" -2.5e-3 ", -0.0025],
    ["TRUE", 1],
    ["false", 0],
    ["Infinity", Infinity],
  ])("%j → %s", (s, v) => expect(parseCell(s)).toBe(v));
  test.each(["", "  ", "n/a", "NaN", "nan", "1,5", undefined])("%j is not a number", (s) => {
    expect(parseCell(s as string)).toBeUndefined();
  });
});

describe("ColumnBuilder", () => {
  test("grows past its first buffer and keeps every value", () => {
    const values = Array.from({ length: 5000 }, (_, i) => String(i / 4));
    const { values: v, info } = col("x", values);
    expect(v.length).toBe(5000);
    expect(v[4999]).toBe(4999 / 4);
    expect(info).toMatchObject({ n: 5000, numeric: true, min: 0, max: 4999 / 4, allInteger: false, classes: null });
  });

  test("records the first bad cell with its row and line", () => {
    const { info } = col("probability", ["0.1", "0.8", "0.7", "n/a", "x"]);
    expect(info.bad).toEqual({ row: 4, line: 5, text: "n/a" });
    expect(badCellMessage(info, "the probability of 1")).toBe(
      'Column "probability" has a non-numeric value "n/a" at row 4 (line 5 of the file). It was chosen as the probability of 1, which must be a number on every row.',
    );
    expect(badCellMessage(col("y", ["1", ""]).info)).toMatch(/an empty cell at row 2 \(line 3/);
    expect(badCellMessage(col("p", ["0.1", "NaN"]).info)).toMatch(/has NaN \("NaN", a missing value\) at row 2 \(line 3/);
    expect(emptyLabelMessage(col("label", ["a", " "]).info, "the true label")).toMatch(/empty cell at row 2 \(line 3 of the file\)\. It was chosen as the true label/);
    expect(probabilityRangeMessage("p", 1.7, { row: 31, line: 32 })).toMatch(/^Column "p" has the value 1\.7 at row 31 \(line 32 of the file\), outside \[0, 1\]/);
  });

  test("kinds and classes: numbers, booleans (True/False), strings; sorted as the library sorts labels", () => {
    expect(col("label", ["1", "0", "1"]).info).toMatchObject({ kind: "number", classes: ["0", "1"], allInteger: true });
    expect(col("y", ["10", "9", "2"]).info.classes).toEqual(["2", "9", "10"]);
    expect(col("f", ["True", "false", "TRUE"]).info).toMatchObject({ kind: "bool", classes: ["False", "True"], numeric: true });
    expect(col("f", ["True", "false"]).info.sample).toEqual([true, false]);
    const s = col("animal", ["dog", "cat", "Eel", "dog"]);
    expect(s.info).toMatchObject({ kind: "string", classes: ["Eel", "cat", "dog"], numeric: false });
    expect(Array.from(s.codes!, (c) => s.names![c])).toEqual(["dog", "cat", "Eel", "dog"]);
    expect(unionClasses(["1", "10"], ["2"], "number")).toEqual(["1", "2", "10"]);
    expect(unionClasses(["ham"], ["spam", "ham"], "string")).toEqual(["ham", "spam"]);
    expect(unionClasses(["True"], ["False"], "bool")).toEqual(["False", "True"]);
  });

  test("a continuous column drops its texts (no label classes) past MAX_CLASSES distinct values", () => {
    const { info, codes } = col("x", Array.from({ length: 3000 }, (_, i) => String(i / 7)));
    expect(info.classes).toBeNull();
    expect(codes).toBeNull();
  });

  test("probability or score: probability when at least 90 % of the numbers are in [0, 1]", () => {
    expect(probKindOf(col("p", ["0.1", "0.9", "1.7", ...Array(20).fill("0.5")]).info)).toBe("probability");
    expect(probKindOf(col("s", ["-2.1", "0.9", "3.5", "1.2"]).info)).toBe("score");
  });
});

test("headerNames: blanks and repeats", () => {
  expect(headerNames(["a", "", "a", " b "])).toEqual(["a", "column 2", "a_2", "b"]);
});

/** A fixture through the page's reader (ColumnBuilder; the files have no quotes) into the shared guess. */
function pageGuess(file: string) {
  const [header, ...lines] = readFileSync(FIX + file, "utf8").trimEnd().split("\n");
  const builders = headerNames(header.split(",")).map((n) => new ColumnBuilder(n));
  lines.forEach((l, i) => l.split(",").forEach((v, j) => builders[j].push(v, i + 1, i + 2)));
  const infos = builders.map((b) => b.finish().info);
  return guessTable(sampleColumns(infos), {}, undefined, { allowMissingPred: true });
}

describe("the page's guess: files through its reader and the shared guess (issue 18)", () => {
  test.each([
    ["spam.csv", "classification", { yTrue: "actual", yPred: "predicted", yProb: "p_spam" }],
    ["multiclass.csv", "classification", { yTrue: "y", yPred: "yhat" }],
    ["multiclass-probs.csv", "classification", { yTrue: "y", yPred: "yhat", yProb: ["prob_0", "prob_1", "prob_2", "prob_3"] }],
    ["abc-score.csv", "classification", { yTrue: "label", yProb: "score" }],
    ["animals.csv", "classification", { yTrue: "label", yPred: "pred", yProb: ["cat_proba", "dog_proba", "eel_proba"], weight: "weight" }],
    ["booleans.csv", "classification", { yTrue: "is_fraud", yPred: "predicted_fraud", yProb: "score" }],
    ["nan-prob.csv", "classification", { yTrue: "label", yPred: "predicted", yProb: "probability" }],
    ["prob-range.csv", "classification", { yTrue: "label", yPred: "predicted", yProb: "probability" }],
    ["other-column-bad.csv", "classification", { yTrue: "label", yPred: "predicted", yProb: "probability" }],
    ["one-class.csv", "classification", { yTrue: "label", yProb: "probability" }],
    ["binary.csv", "classification", { yTrue: "y_true", yPred: "y_pred", yProb: "y_score" }],
    ["../../../examples/data/regression.csv", "regression", { yTrue: "daily_dbu", yPred: "predicted_dbu" }],
    ["../../../examples/data/anomaly.csv", "anomaly", { prediction: "prediction", score: "score" }],
  ])("%s → %s %j", (file, task, roles) => {
    const g = pageGuess(file);
    expect(g.task).toBe(task);
    expect(g.roles).toEqual(roles);
    const used = Object.values(g.roles).flat();
    expect(new Set(used).size).toBe(used.length);
  });

  test("per-class probability columns are matched to the classes by name", () => {
    expect(matchClassColumns(["label", "pred", "dog_proba", "cat_proba", "eel_proba"], ["cat", "dog", "eel"])).toEqual(["cat_proba", "dog_proba", "eel_proba"]);
    expect(matchClassColumns(["y", "p_0", "P 1", "2_prob"], ["0", "1", "2", "3"])).toEqual(["p_0", "P 1", "2_prob", null]);
    expect(matchClassColumns(["y", "prob_a"], ["a"], ["prob_a"])).toEqual([null]);
  });
});

describe("copy text", () => {
  const dict = { accuracy: 0.75, test_samples: 4, avg_normal_score: NaN, big: 1e21, tiny: 1e-7 };

  test("Python: mlflow.log_metrics with Python literals", () => {
    expect(pythonSnippet(dict)).toBe(
      'mlflow.log_metrics({\n    "accuracy": 0.75,\n    "test_samples": 4,\n    "avg_normal_score": float("nan"),\n    "big": 1e+21,\n    "tiny": 1e-7,\n})',
    );
  });

  test("JSON: round-trips exactly, NaN written as Python's json module writes it", () => {
    const text = jsonText(dict);
    expect(text).toContain('"avg_normal_score": NaN');
    const back = JSON.parse(text.replace("NaN", "null"));
    expect(back.accuracy).toBe(0.75);
    expect(back.tiny).toBe(1e-7);
  });
});

test("sampleIndices: evenly spaced, ends included", () => {
  expect(sampleIndices(5, 10)).toEqual([0, 1, 2, 3, 4]);
  const s = sampleIndices(1_000_000, 4000);
  expect(s.length).toBe(4000);
  expect(s[0]).toBe(0);
  expect(s[3999]).toBe(999_999);
});
