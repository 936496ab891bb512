/**
 * The finalisation shared by the set-wise metrics (precision, recall, F-beta,
 * Jaccard, support) of 1-D (./multiclass.ts) and multilabel-indicator
 * (./multilabel.ts) targets: options, sklearn's `_prf_divide` with its
 * warnings, `np.average` / `_nanaverage` in numpy's pairwise order, and the
 * number formatting of `classification_report`.
 * @module
 */
import { pyFloatStr } from "../input/codec.js";
import { pairwiseSum } from "../input/labels.js";
import { type NumericArray, ValueError, warn, type WarnOptions } from "../input/validate.js";
import type { ClassLabel } from "../input/codec.js";

/** `average` of the set-wise metrics. */
export type Average = "binary" | "micro" | "macro" | "weighted" | "samples" | null;

// ---------------------------------------------------------------------------
// zero_division and the set-wise statistics

/** `zeroDivision`: value for 0/0; `'warn'` gives 0.0 and a warning. */
export type ZeroDivisionOption = "warn" | 0 | 1 | number;

export function zeroDivisionValue(z: unknown, fn: string): number {
  if (z === undefined || z === "warn") return 0;
  if (typeof z === "number" && (z === 0 || z === 1 || Number.isNaN(z))) return z;
  throw new ValueError(
    `The 'zero_division' parameter of ${fn} must be a str among {'warn'} or a float among {0.0, 1.0, nan}. Got ${String(z)} instead.`,
  );
}

/** Options of the set-wise metrics (precision, recall, F-beta, Jaccard, support). */
export interface SetWiseOptions extends WarnOptions {
  /** `'binary'` (default for the scores), `'micro'`, `'macro'`, `'weighted'`, or `null` for per-class values. */
  average?: Average;
  /** Labels to include (and their order when `average` is null); others present are still counted by micro. */
  labels?: readonly ClassLabel[] | NumericArray;
  /** The positive class for `average: 'binary'` (default 1). */
  posLabel?: ClassLabel;
  /** Value for 0/0 (default `'warn'`). */
  zeroDivision?: ZeroDivisionOption;
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
}

/** Options of {@link fbetaScore} and {@link precisionRecallFscoreSupport}. */
export interface FbetaOptions extends SetWiseOptions {
  /** Weight of recall in the F-score (F1: 1). */
  beta?: number;
}


export const AVERAGES = new Set(["binary", "micro", "macro", "weighted", "samples"]);

export function checkAverage(avg: unknown, fn: string): Average {
  if (avg === null || (typeof avg === "string" && AVERAGES.has(avg))) return avg as Average;
  throw new ValueError(
    `The 'average' parameter of ${fn} must be a str among {'binary', 'macro', 'micro', 'samples', 'weighted'} or None. Got ${typeof avg === "string" ? `'${avg}'` : String(avg)} instead.`,
  );
}

export function pyAvg(avg: Average): string {
  return avg === null ? "None" : `'${avg}'`;
}


export type Metric = "precision" | "recall" | "f-score" | "jaccard";

export function prfDivide(
  num: number[],
  den: number[],
  metric: Metric,
  modifier: string,
  avg: Average,
  warnFor: readonly Metric[],
  o: SetWiseOptions,
  fn: string,
): number[] {
  const z = zeroDivisionValue(o.zeroDivision, fn);
  let masked = false;
  const out = num.map((v, i) => {
    if (den[i] !== 0) return v / den[i];
    masked = true;
    return z;
  });
  if (masked && (o.zeroDivision ?? "warn") === "warn" && warnFor.includes(metric)) warnPrf(o, metric, modifier, avg, out.length);
  return out;
}

/** sklearn's `_warn_prf`: the UndefinedMetricWarning of a 0/0 among `size` results. */
export function warnPrf(o: WarnOptions, metric: Metric, modifier: string, avg: Average, size: number): void {
  const start = `${metric.charAt(0).toUpperCase()}${metric.slice(1)} is`;
  const axis0 = avg === "samples" ? "label" : "sample";
  const axis1 = avg === "samples" ? "sample" : "label";
  const where = size === 1 ? "due to" : `in ${axis1}s with`;
  warn(
    o,
    `${start} ill-defined and being set to 0.0 ${where} no ${modifier} ${axis0}s. Use \`zero_division\` parameter to control this behavior.`,
  );
}

/** numpy `np.average(a, weights=w)`: pairwise Σa·w / pairwise Σw (ZeroDivision when Σw = 0). */
export function npAverage(a: number[], w?: number[]): number {
  if (!w) return pairwiseSum(a) / a.length;
  const scl = pairwiseSum(w);
  if (scl === 0) throw new RangeError("zero weights");
  return pairwiseSum(a.map((v, i) => v * w[i])) / scl;
}

/** sklearn's `_nanaverage`: NaNs ignored; all-zero weights fall back to the plain mean. */
export function nanAverage(a: number[], w?: number[]): number {
  if (a.length === 0) return NaN;
  if (a.every((v) => Number.isNaN(v))) return NaN;
  if (!w) {
    const cnt = a.filter((v) => !Number.isNaN(v)).length;
    return pairwiseSum(a.map((v) => (Number.isNaN(v) ? 0 : v))) / cnt;
  }
  const keep = a.map((v) => !Number.isNaN(v));
  const aa = a.filter((_, i) => keep[i]);
  const ww = w.filter((_, i) => keep[i]);
  try {
    return npAverage(aa, ww);
  } catch {
    return npAverage(aa);
  }
}

/** The result of {@link precisionRecallFscoreSupport}. */
export interface PrecisionRecallFscoreSupport<T> {
  precision: T;
  recall: T;
  fscore: T;
  /** Per-class (weighted) support; null when averaged. */
  support: number[] | null;
}


/** prfs's option checks (before any pass over the data); returns beta. */
export function prfsBeta(o: FbetaOptions, fn: string): number {
  zeroDivisionValue(o.zeroDivision, fn);
  const beta = o.beta ?? 1;
  if (typeof beta !== "number" || !(beta >= 0)) {
    throw new ValueError(`The 'beta' parameter of ${fn} must be a float in the range [0.0, inf]. Got ${String(beta)} instead.`);
  }
  return beta;
}

/** prfs from counts already made (one counting pass serves every `average`). */
export function prfsFrom(s: { tp: number[]; fp: number[]; fn: number[] }, o: FbetaOptions, avg: Average, warnFor: readonly Metric[], fn: string, beta: number): PrecisionRecallFscoreSupport<number | number[]> {
  let tp = s.tp;
  let pred = s.tp.map((v, i) => v + s.fp[i]);
  let tru = s.tp.map((v, i) => v + s.fn[i]);
  if (avg === "micro") {
    tp = [pairwiseSum(tp)];
    pred = [pairwiseSum(pred)];
    tru = [pairwiseSum(tru)];
  }
  const beta2 = beta * beta;
  const precision = prfDivide(tp, pred, "precision", "predicted", avg, warnFor, o, fn);
  const recall = prfDivide(tp, tru, "recall", "true", avg, warnFor, o, fn);
  let fscore: number[];
  if (beta === Infinity) fscore = recall;
  else if (beta === 0) fscore = precision;
  else {
    const den = tru.map((v, i) => beta2 * v + pred[i]);
    fscore = prfDivide(tp.map((v) => (1 + beta2) * v), den, "f-score", "true nor predicted", avg, warnFor, o, fn);
  }
  if (avg === null) return { precision, recall, fscore, support: tru };
  const w = avg === "weighted" ? tru : undefined;
  return { precision: nanAverage(precision, w), recall: nanAverage(recall, w), fscore: nanAverage(fscore, w), support: null };
}

export const ALL: readonly Metric[] = ["precision", "recall", "f-score"];

export function pyNum(x: number): string {
  if (Number.isNaN(x)) return "nan";
  return pyFloatStr(x);
}


/** Options of {@link classificationReport}. */
export interface ClassificationReportOptions extends WarnOptions {
  labels?: readonly ClassLabel[] | NumericArray;
  /** Display names for the labels (same length as the labels). */
  targetNames?: readonly string[];
  sampleWeight?: NumericArray;
  /** Digits of the text form (default 2). */
  digits?: number;
  /** `true`: the dict form; default the text form. */
  outputDict?: boolean;
  zeroDivision?: ZeroDivisionOption;
}

/** One row of the dict form of {@link classificationReport}. */
export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** Python's `format(x, '.{d}f')` (round-half-even on the exact binary value). */
export function pyFixed(x: number, d: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const s = x.toFixed(d);
  // toFixed rounds exact ties away from zero; Python rounds them to even.
  const exact = Math.abs(x).toFixed(Math.min(100, d + 60));
  const dot = exact.indexOf(".");
  const tail = exact.slice(dot + 1 + d);
  if (tail.length > 0 && tail[0] === "5" && /^50*$/.test(tail)) {
    const kept = exact.slice(0, dot + 1 + d).replace(/\.$/, "");
    const lastDigit = Number(kept[kept.length - 1] === "." ? kept[kept.length - 2] : kept[kept.length - 1]);
    if (lastDigit % 2 === 0) return (x < 0 ? "-" : "") + (d === 0 ? kept.replace(".", "") : kept);
  }
  return s;
}

export function pyStr(x: number, integral: boolean): string {
  return integral ? String(x) : pyNum(x);
}


/**
 * classification_report's dict or text form from its rows: `names` / p / r / f
 * / s per label (zipped to the shorter), then the average rows in order
 * (`'accuracy'` printed as sklearn prints it). `intSupport`: supports print as
 * integers (numpy int64), else as floats.
 */
export function renderReport(
  names: string[],
  p: number[],
  r: number[],
  f: number[],
  s: number[],
  avgs: [string, ReportRow][],
  digits: number,
  intSupport: boolean,
  outputDict: boolean,
): string | Record<string, ReportRow | number> {
  const rows = Math.min(names.length, p.length);
  if (outputDict) {
    const d: Record<string, ReportRow | number> = {};
    for (let i = 0; i < rows; i++) d[names[i]] = { precision: p[i], recall: r[i], "f1-score": f[i], support: s[i] };
    for (const [h, row] of avgs) d[h] = h === "accuracy" ? row.precision : row;
    return d;
  }
  if (names.length === 0) throw new ValueError("max() arg is an empty sequence");
  const width = Math.max(...names.map((n) => n.length), "weighted avg".length, digits);
  const head = ["precision", "recall", "f1-score", "support"];
  let report = " ".repeat(width) + " " + head.map((h) => " " + h.padStart(9)).join("") + "\n\n";
  const num = (x: number) => " " + pyFixed(x, digits).padStart(9);
  for (let i = 0; i < rows; i++) {
    report += names[i].padStart(width) + " " + num(p[i]) + num(r[i]) + num(f[i]) + " " + pyStr(s[i], intSupport).padStart(9) + "\n";
  }
  report += "\n";
  for (const [h, row] of avgs) {
    if (h === "accuracy") {
      report += h.padStart(width) + " " + " " + "".padStart(9) + " " + "".padStart(9) + num(row["f1-score"]) + " " + pyStr(row.support, intSupport).padStart(9) + "\n";
    } else {
      report += h.padStart(width) + " " + num(row.precision) + num(row.recall) + num(row["f1-score"]) + " " + pyStr(row.support, intSupport).padStart(9) + "\n";
    }
  }
  return report;
}
