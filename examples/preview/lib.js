// Pure helpers of the preview page (no DOM, no worker globals), so that Node
// tests can check them directly: cell parsing, column building, the messages
// for unusable cells, the sample handed to the shared guess
// (src/guess/guess.ts, exported by the package as guessTable), and the
// copy-as-JSON / copy-as-Python text.

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

/** Distinct values a column may have and still be offered as a label column (and matched to probability columns). */
export const MAX_CLASSES = 1000;
/** Cells of each column kept (as typed values) for the shared guess, as `mlmetrics eval` samples 1000 rows. */
export const SAMPLE_ROWS = 1000;

const isNanText = (t) => /^[+-]?nan$/i.test(t);

/**
 * Accumulates one CSV column: its numbers in a growing Float64Array (NaN for
 * cells that are not numbers), the text of each cell as a code into the
 * column's distinct texts (while there are at most {@link MAX_CLASSES}; a
 * label column needs them), the first bad and the first empty cell with row
 * and line, and the first {@link SAMPLE_ROWS} cells as typed values for the
 * shared guess (src/guess/guess.ts).
 */
export class ColumnBuilder {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    this.values = new Float64Array(1024);
    this.codes = new Int32Array(1024);
    /** @type {Map<string, number> | null} distinct trimmed texts → code (null past MAX_CLASSES) */
    this.texts = new Map();
    this.n = 0;
    /** first non-numeric, non-empty cell: data row (1-based), file line (1-based), raw text */
    this.bad = null;
    /** first empty cell */
    this.empty = null;
    this.numbers = 0;
    this.booleans = 0;
    this.strings = 0;
    this.empties = 0;
    /** numbers in [0, 1] */
    this.unit = 0;
    this.allInteger = true;
    this.min = Infinity;
    this.max = -Infinity;
    /** @type {(number | string | boolean | null)[]} */
    this.sample = [];
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
      if (this.codes) {
        const g = new Int32Array(this.codes.length * 2);
        g.set(this.codes);
        this.codes = g;
      }
    }
    const t = text === undefined ? "" : text.trim();
    const i = this.n++;
    if (this.texts) {
      let c = -1;
      if (t !== "") {
        c = this.texts.get(t);
        if (c === undefined) {
          c = this.texts.size;
          this.texts.set(t, c);
          if (this.texts.size > MAX_CLASSES) {
            this.texts = null;
            this.codes = null;
          }
        }
      }
      if (this.codes) this.codes[i] = c;
    }
    const v = parseCell(t);
    if (v === undefined) {
      this.values[i] = NaN;
      if (t === "") {
        this.empties++;
        if (this.empty === null) this.empty = { row, line, text: text ?? "" };
        if (this.sample.length < SAMPLE_ROWS) this.sample.push(null);
      } else {
        this.strings++;
        if (this.bad === null) this.bad = { row, line, text: text ?? "" };
        if (this.sample.length < SAMPLE_ROWS) this.sample.push(t);
      }
      return;
    }
    this.values[i] = v;
    this.numbers++;
    if (v >= 0 && v <= 1) this.unit++;
    const c0 = t.charCodeAt(0) | 32;
    const bool = c0 === 116 || c0 === 102; // "true"/"false" (any case): no number starts with t or f
    if (bool) this.booleans++;
    if (this.sample.length < SAMPLE_ROWS) this.sample.push(bool ? v === 1 : v);
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.allInteger && !Number.isInteger(v)) this.allInteger = false;
  }

  /** The finished column: numbers and text codes trimmed to length, and a summary without the values. */
  finish() {
    const values = this.values.slice(0, this.n);
    const codes = this.codes ? this.codes.slice(0, this.n) : null;
    const names = this.texts ? [...this.texts.keys()] : null;
    const kind = this.strings * 2 > this.strings + this.numbers ? "string" : this.numbers > 0 && this.booleans === this.numbers ? "bool" : "number";
    let classes = null;
    if (names) {
      if (kind === "string") classes = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      else {
        const nums = [...new Set(names.map(parseCell).filter((v) => v !== undefined))].sort((a, b) => a - b);
        classes = nums.map((v) => labelText(v, kind));
      }
    }
    return {
      values,
      codes,
      names,
      info: {
        name: this.name,
        n: this.n,
        bad: this.bad,
        empty: this.empty,
        kind,
        numeric: this.bad === null && this.empty === null,
        counts: { numbers: this.numbers, booleans: this.booleans, strings: this.strings, empties: this.empties, unit: this.unit },
        /** distinct labels as the page shows them (sorted as the library sorts them), null past MAX_CLASSES */
        classes,
        allInteger: this.allInteger,
        min: this.min,
        max: this.max,
        sample: this.sample,
      },
    };
  }
}

/** A label as the page shows it (and as Python prints it: booleans True/False). */
export function labelText(v, kind) {
  if (kind === "bool") return v ? "True" : "False";
  return String(v);
}

/** Where a cell is: `row 4 (line 5 of the file)`. */
export const where = (cell) => `row ${cell.row} (line ${cell.line} of the file)`;

/**
 * The in-page message for a cell that the chosen role cannot use: an empty
 * cell, NaN, or text in a numeric role. `role` says what the column was chosen as.
 */
export function badCellMessage(info, role = "a number") {
  const b = info.bad && (!info.empty || info.bad.row < info.empty.row) ? info.bad : info.empty;
  const t = b.text.trim();
  const what = t === "" ? "an empty cell" : isNanText(t) ? `NaN ("${t}", a missing value)` : `a non-numeric value "${t.slice(0, 40)}"`;
  return `Column "${info.name}" has ${what} at ${where(b)}. It was chosen as ${role}, which must be a number on every row.`;
}

/** The message for an empty label cell. */
export function emptyLabelMessage(info, role) {
  return `Column "${info.name}" has an empty cell at ${where(info.empty)}. It was chosen as ${role}: every row needs a label.`;
}

/** The message for a probability outside [0, 1]. */
export function probabilityRangeMessage(name, value, cell) {
  return `Column "${name}" has the value ${value} at ${where(cell)}, outside [0, 1]: a probability must be between 0 and 1. If the column holds scores (any real number), choose "score" instead of "probability".`;
}

/**
 * How a binary probability column is read: "probability" (every value must be
 * in [0, 1]) when at least 90 % of its numbers are, else "score" (any real
 * number; log loss is then left out). A stray value outside [0, 1] in a
 * probability column is thus an error, not a silent switch to scores.
 */
export function probKindOf(info) {
  return info && info.counts.numbers > 0 && info.counts.unit >= 0.9 * info.counts.numbers ? "probability" : "score";
}

/** The shared guess's input: each column's name and its first {@link SAMPLE_ROWS} cells as typed values. */
export function sampleColumns(infos) {
  return infos.map((c) => ({ name: c.name, values: c.sample }));
}

/** Sorted union of two class lists (numbers numerically, text as the library sorts strings). */
export function unionClasses(a, b, kind) {
  const all = [...new Set([...(a ?? []), ...(b ?? [])])];
  if (kind === "string") return all.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  if (kind === "bool") return all.sort((x, y) => (x === "True" ? 1 : 0) - (y === "True" ? 1 : 0));
  return all.sort((x, y) => Number(x) - Number(y));
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
