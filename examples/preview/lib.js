// Pure helpers of the preview page (no DOM, no worker globals), so that Node
// tests can check them directly: cell parsing, column building, task and
// column guesses, and the copy-as-JSON / copy-as-Python text.

/**
 * Parses one CSV cell as a number. `true`/`false` (any case) are 1/0, as
 * pandas writes booleans. Returns `undefined` for empty or non-numeric cells
 * (and for "nan": a missing value is not a number to score).
 * @param {string | undefined} s
 */
export function parseCell(s) {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === "") return undefined;
  const v = Number(t);
  if (!Number.isNaN(v)) return v;
  const l = t.toLowerCase();
  if (l === "true") return 1;
  if (l === "false") return 0;
  return undefined;
}

/** Accumulates one CSV column into a growing Float64Array and a few facts about it. */
export class ColumnBuilder {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    this.values = new Float64Array(1024);
    this.n = 0;
    /** first bad cell: data row (1-based), file line (1-based), raw text */
    this.bad = null;
    this.distinct = new Set();
    this.allInteger = true;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /**
   * @param {string | undefined} text the raw cell
   * @param {number} row data row, 1-based (the header is not a data row)
   * @param {number} line line of the file, 1-based
   */
  push(text, row, line) {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const v = parseCell(text);
    if (v === undefined) {
      if (this.bad === null) this.bad = { row, line, text: text ?? "" };
      this.values[this.n++] = NaN;
      return;
    }
    this.values[this.n++] = v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.allInteger && !Number.isInteger(v)) this.allInteger = false;
    if (this.distinct.size <= 3) this.distinct.add(v);
  }

  /** The finished column: values trimmed to length, and a summary without the values. */
  finish() {
    const values = this.values.slice(0, this.n);
    return {
      values,
      info: {
        name: this.name,
        n: this.n,
        bad: this.bad,
        numeric: this.bad === null,
        distinct: this.distinct.size <= 3 ? [...this.distinct].sort((a, b) => a - b) : null,
        allInteger: this.allInteger,
        min: this.min,
        max: this.max,
      },
    };
  }
}

/** The in-page message for a bad cell in a column the user picked. */
export function badCellMessage(info) {
  const b = info.bad;
  const what = b.text.trim() === "" ? "an empty cell" : `a non-numeric value "${b.text.slice(0, 40)}"`;
  return `Column "${info.name}" has ${what} at row ${b.row} (line ${b.line} of the file). Every value in the chosen columns must be a number.`;
}

/** Unique header names: blanks become "column N", repeats get a suffix. */
export function headerNames(fields) {
  const seen = new Map();
  return fields.map((raw, i) => {
    let name = String(raw ?? "").trim() || `column ${i + 1}`;
    const k = seen.get(name) ?? 0;
    seen.set(name, k + 1);
    if (k > 0) name = `${name}_${k + 1}`;
    return name;
  });
}

const NAME = {
  truth: /^(y_?true|y|label|labels|target|truth|ground_?truth|actual|class|observed|is_?fraud|outcome)$|true|actual|target|label|truth|observed/i,
  pred: /^(y_?pred|yhat|y_hat|prediction|predictions|predicted|pred|forecast)$|pred|forecast|yhat|estimate/i,
  prob: /^(y_?prob|y_?score|proba|probability|score|scores|p)$|prob|proba|score|confidence|likelihood|decision/i,
};

const isLabelLike = (c) => c.numeric && c.distinct !== null && c.distinct.length <= 2 && c.allInteger;
const isOutlierLabel = (c) => isLabelLike(c) && c.distinct.every((v) => v === -1 || v === 1) && c.distinct.includes(-1);
const isUnit = (c) => c.numeric && c.min >= 0 && c.max <= 1 && !c.allInteger;

/**
 * Guesses the task from the column names and values: sklearn outlier labels
 * (−1/1) with a score and no other label column → anomaly detection; a two-valued
 * integer column with a [0, 1] probability or a score column → binary
 * classification; otherwise regression.
 * @param {ReturnType<ColumnBuilder["finish"]>["info"][]} cols
 * @returns {"regression" | "classification" | "anomaly"}
 */
export function guessTask(cols) {
  const labels = cols.filter(isLabelLike);
  const scores = cols.filter((c) => c.numeric && !isLabelLike(c));
  const outlier = labels.filter(isOutlierLabel);
  if (outlier.length > 0 && labels.length === outlier.length && scores.length > 0) return "anomaly";
  if (labels.length > 0 && (cols.some(isUnit) || scores.some((c) => NAME.prob.test(c.name)))) return "classification";
  if (labels.length >= 2 && labels.some((c) => NAME.truth.test(c.name))) return "classification";
  return "regression";
}

function pick(cols, tests, exclude) {
  for (const t of tests) {
    const c = cols.find((c) => !exclude.includes(c.name) && t(c));
    if (c) return c.name;
  }
  return null;
}

/**
 * Guesses the columns of a task: a telling name first (even when the column
 * has a bad cell, so that the page reports it), then the values. Returns
 * names, or null where nothing fits. For classification `yPred` may be `THRESHOLD_PRED`
 * when no predicted-label column exists.
 */
export function guessColumns(task, cols) {
  const named = (re) => (c) => re.test(c.name);
  const num = (c) => c.numeric;
  if (task === "regression") {
    const yTrue = pick(cols, [(c) => named(NAME.truth)(c) && !named(NAME.pred)(c), num], []);
    const yPred = pick(cols, [named(NAME.pred), num], [yTrue]);
    return { yTrue, yPred };
  }
  if (task === "classification") {
    const yTrue = pick(
      cols,
      [(c) => isLabelLike(c) && named(NAME.truth)(c) && !named(NAME.pred)(c), (c) => isLabelLike(c) && !named(NAME.pred)(c), isLabelLike],
      [],
    );
    const yPred =
      pick(cols, [(c) => isLabelLike(c) && named(NAME.pred)(c), isLabelLike], [yTrue]) ?? THRESHOLD_PRED;
    const yProb = pick(
      cols,
      [(c) => isUnit(c) && named(NAME.prob)(c), (c) => !isLabelLike(c) && named(NAME.prob)(c), isUnit],
      [yTrue, yPred],
    );
    return { yTrue, yPred, yProb };
  }
  const predictions = pick(cols, [(c) => isOutlierLabel(c) && named(NAME.pred)(c), isOutlierLabel, isLabelLike], []);
  const scores = pick(cols, [(c) => !isLabelLike(c) && named(NAME.prob)(c), (c) => num(c) && !isLabelLike(c)], [predictions]);
  return { predictions, scores };
}

/** Pseudo column: predicted label = probability ≥ threshold. */
export const THRESHOLD_PRED = "(probability ≥ 0.5)";

/** A number as Python source: repr-compatible, NaN/±inf as float(...). */
export function pyNumber(v) {
  if (Number.isNaN(v)) return 'float("nan")';
  if (v === Infinity) return 'float("inf")';
  if (v === -Infinity) return 'float("-inf")';
  return String(v);
}

/** `mlflow.log_metrics({...})` for a metric dict. */
export function pythonSnippet(dict) {
  const lines = Object.entries(dict).map(([k, v]) => `    ${JSON.stringify(k)}: ${pyNumber(v)},`);
  return `mlflow.log_metrics({\n${lines.join("\n")}\n})`;
}

/**
 * The dict as JSON text. NaN and ±Infinity are written as Python's json
 * module writes them (NaN, Infinity, -Infinity), which `json.loads` reads back.
 */
export function jsonText(dict) {
  const lines = Object.entries(dict).map(([k, v]) => `  ${JSON.stringify(k)}: ${String(v)}`);
  return `{\n${lines.join(",\n")}\n}`;
}

/** Up to `max` evenly spaced indices of 0..n-1, always including the first and last. */
export function sampleIndices(n, max) {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const out = new Array(max);
  for (let i = 0; i < max; i++) out[i] = Math.round((i * (n - 1)) / (max - 1));
  return out;
}
