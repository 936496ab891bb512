// The preview page's pure helpers (examples/preview/lib.js): cell parsing,
// columns, guesses, and the copy-as-JSON / copy-as-Python text.
import { describe, expect, test } from "vitest";
import {
  ColumnBuilder,
  badCellMessage,
  guessColumns,
  guessTask,
  headerNames,
  jsonText,
  parseCell,
  pythonSnippet,
  sampleIndices,
  THRESHOLD_PRED,
} from "../examples/preview/lib.js";

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
    expect(info).toMatchObject({ n: 5000, numeric: true, min: 0, max: 4999 / 4, allInteger: false, distinct: null });
  });

  test("records the first bad cell with its row and line", () => {
    const { info } = col("probability", ["0.1", "0.8", "0.7", "n/a", "x"]);
    expect(info.bad).toEqual({ row: 4, line: 5, text: "n/a" });
    expect(badCellMessage(info)).toBe(
      'Column "probability" has a non-numeric value "n/a" at row 4 (line 5 of the file). Every value in the chosen columns must be a number.',
    );
    expect(badCellMessage(col("y", ["1", ""]).info)).toMatch(/an empty cell at row 2 \(line 3/);
  });

  test("two-valued integer columns list their values", () => {
    expect(col("label", ["1", "0", "1"]).info).toMatchObject({ distinct: [0, 1], allInteger: true });
  });
});

test("headerNames: blanks and repeats", () => {
  expect(headerNames(["a", "", "a", " b "])).toEqual(["a", "column 2", "a_2", "b"]);
});

describe("guesses", () => {
  const cls = [col("label", ["0", "1", "1"]).info, col("predicted", ["0", "1", "0"]).info, col("probability", ["0.2", "0.9", "0.4"]).info];
  const reg = [col("daily_dbu", ["113.3", "115.9", "110.2"]).info, col("predicted_dbu", ["114.1", "107.8", "104.2"]).info];
  const ano = [col("prediction", ["1", "-1", "1"]).info, col("score", ["0.1", "-0.2", "0.05"]).info];

  test("task from names and values", () => {
    expect(guessTask(cls)).toBe("classification");
    expect(guessTask(reg)).toBe("regression");
    expect(guessTask(ano)).toBe("anomaly");
    expect(guessTask([col("y", ["0", "1"]).info, col("s", ["0.3", "0.6"]).info])).toBe("classification");
  });

  test("columns per task", () => {
    expect(guessColumns("classification", cls)).toEqual({ yTrue: "label", yPred: "predicted", yProb: "probability" });
    expect(guessColumns("regression", reg)).toEqual({ yTrue: "daily_dbu", yPred: "predicted_dbu" });
    expect(guessColumns("anomaly", ano)).toEqual({ predictions: "prediction", scores: "score" });
  });

  test("no predicted-label column: threshold the probability", () => {
    const cols = [col("is_fraud", ["0", "1"]).info, col("p", ["0.2", "0.7"]).info];
    expect(guessColumns("classification", cols)).toEqual({ yTrue: "is_fraud", yPred: THRESHOLD_PRED, yProb: "p" });
  });

  test("a probability column with a bad cell is still picked by its name (so the page reports the cell)", () => {
    const cols = [col("label", ["0", "1"]).info, col("predicted", ["0", "1"]).info, col("probability", ["0.2", "n/a"]).info];
    expect(guessColumns("classification", cols).yProb).toBe("probability");
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
