/**
 * Ranking and probabilistic metrics for binary targets (scikit-learn
 * `sklearn.metrics._ranking` and the binary paths of `log_loss` /
 * `brier_score_loss` in `_classification`).
 *
 * Curves follow sklearn's `confusion_matrix_at_thresholds`: samples with zero
 * weight are dropped, scores are sorted in a stable descending order (ties keep
 * input order, as `argsort(stable=True, descending=True)`) by an LSD radix sort
 * (no comparison sort), one threshold is kept per distinct score, and true/false
 * positives are sequential cumulative sums like `np.cumsum`. Without weights
 * every count is an exact integer, so the order inside a run of ties cannot
 * matter: (score key, label) keys are radix-sorted without a payload (MSD, see
 * assembly/sort.ts) and walked once; `rocAucScore` fuses that walk with
 * drop_intermediate, the rates and the trapezoid terms. Every sum sklearn
 * takes with `np.sum` / `np.mean` / `np.average` (trapezoid areas, average
 * precision, mean losses, weight totals) uses numpy's pairwise summation order,
 * so float64 results are bit-identical to scikit-learn in the cases we measured.
 * @module
 */
import { composeAndSortThreaded, threadsFor } from "../wasm/threads.js";
import { type ClassLabel, type ClassLabelArray, encodeArray, hasStringLabels, labelCodec } from "../input/codec.js";
import { checkArray, type Checked, checkOptions, checkWeights, type LabelArray, type NumericArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { alloc, allocF64, copyF64, core, getF64, viewF64, type Kernels, putF64, readF64, SORT_HIST_BYTES, WasmFloat64Array, withArena } from "../wasm/core.js";
import { columnOr1d, curveTarget } from "./labelranking.js";

/** A class label: a number, or a boolean for boolean targets. */
export type Label = number | boolean;

/** Options of {@link rocAucScore}. */
export interface RocAucOptions extends WarnOptions {
  /** Per-sample weights; samples with weight 0 are ignored. */
  sampleWeight?: NumericArray;
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions extends WarnOptions {
  /**
   * The positive class: a number, a boolean or a string (for `string[]` labels,
   * where it is required). Default: `yTrue` must take values in {0, 1} or
   * {-1, 1} (or one of them) and 1 is positive; any other labels raise
   * sklearn's error. A label absent from `yTrue` (or a string with numeric
   * labels) is not an error: there are then no positives.
   */
  posLabel?: ClassLabel;
  /** Per-sample weights; samples with weight 0 are ignored. */
  sampleWeight?: NumericArray;
  /** Drop thresholds that are not corners of the curve. Default `true`. */
  dropIntermediate?: boolean;
}

/** Options of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurveOptions extends WarnOptions {
  /** The positive class (number, boolean or string); default as in {@link rocCurve}. */
  posLabel?: ClassLabel;
  /** Per-sample weights; samples with weight 0 are ignored. */
  sampleWeight?: NumericArray;
  /** Drop thresholds where the true-positive count does not change. Default `false`. */
  dropIntermediate?: boolean;
}

/** Options of {@link detCurve}. */
export interface DetCurveOptions extends WarnOptions {
  /**
   * The positive class: a number, a boolean or a string (for `string[]` labels).
   * Default: `yTrue` must take values in {0, 1} or {-1, 1} (or one of them) and
   * 1 is positive; any other labels raise sklearn's error. A label absent from
   * `yTrue` (or a string with numeric labels) is not an error: there are then
   * no positives.
   */
  posLabel?: ClassLabel;
  /** Per-sample weights; samples with weight 0 are ignored. */
  sampleWeight?: NumericArray;
  /** Drop thresholds where the true-positive count equals both neighbours'. Default `false`. */
  dropIntermediate?: boolean;
}

/** Options of {@link averagePrecisionScore}. */
export interface AveragePrecisionOptions extends WarnOptions {
  /** The positive class: a number, a boolean or a string (for `string[]` labels). Default `1`. */
  posLabel?: ClassLabel;
  /** Per-sample weights; samples with weight 0 are ignored. */
  sampleWeight?: NumericArray;
  /**
   * Multiclass `yTrue` with an n × k score matrix: `'macro'` (default),
   * `'weighted'`, `'micro'`, `'samples'` or null (one AP per class). Ignored for
   * binary `yTrue`, as in sklearn.
   */
  average?: "macro" | "weighted" | "micro" | "samples" | null;
  /** Columns per row when `yScore` is a flat row-major score matrix. */
  nClasses?: number;
}

/** Options of {@link logLoss}. */
export interface LogLossOptions extends WarnOptions {
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
  /**
   * All class labels (two). Needed when `yTrue` holds a single class; the
   * larger label is the one whose probability `yProb` gives.
   */
  labels?: LabelArray;
}

/** Options of {@link brierScoreLoss}. */
export interface BrierOptions extends WarnOptions {
  /** Per-sample weights. */
  sampleWeight?: NumericArray;
  /**
   * The positive class. Default: 1 when `yTrue` is in {0, 1} or {-1, 1}, else
   * the greater label; `string[]` labels need it (a string).
   */
  posLabel?: ClassLabel;
}

/** The result of {@link rocCurve}. */
export interface RocCurve {
  /** False positive rates, increasing, starting at 0. */
  fpr: number[];
  /** True positive rates, increasing, starting at 0. */
  tpr: number[];
  /** Decreasing thresholds; the first is `Infinity`. */
  thresholds: number[];
}

/** The result of {@link detCurve}. */
export interface DetCurve {
  /** False positive rates (false acceptance), decreasing. */
  fpr: number[];
  /** False negative rates (miss rate), increasing. */
  fnr: number[];
  /** Increasing thresholds; the last may be `Infinity` (every sample predicted negative). */
  thresholds: number[];
}

/** The result of {@link precisionRecallCurve}. */
export interface PrecisionRecallCurve {
  /** Precision per threshold, then a final 1. */
  precision: number[];
  /** Recall per threshold (decreasing), then a final 0. */
  recall: number[];
  /** Increasing thresholds (one fewer than precision/recall). */
  thresholds: number[];
}

// ---------------------------------------------------------------------------
// Labels and Python/numpy formatting for messages

export type Kind = "int" | "float" | "bool";

export interface Labels {
  data: ArrayLike<number>;
  n: number;
  kind: Kind;
  /** Pointer of the values in linear memory (checked inside withArena), see `Checked.ptr`. */
  ptr?: number;
  /** The caller's array (a WasmFloat64Array's view is re-read from it after memory growth). */
  src: unknown;
}

/** The values of a checked array, re-read from a zero-copy handle (its view may have been detached by growth). */
function valuesOf(l: { data: ArrayLike<number>; src: unknown }): ArrayLike<number> {
  return l.src instanceof WasmFloat64Array ? l.src.array : l.data;
}

export function readLabels(x: unknown, arg: string, inputName: string): Labels {
  const c = checkArray(x, { arg, inputName, allowBool: true });
  let kind: Kind = "int";
  if (x instanceof Float64Array || x instanceof Float32Array || x instanceof WasmFloat64Array) kind = "float";
  else if (Array.isArray(x)) {
    if (x.length > 0 && x.every((v) => typeof v === "boolean")) kind = "bool";
    else if (!x.every((v) => typeof v === "boolean" || Number.isInteger(v))) kind = "float";
  }
  return { data: c.data, n: c.n, kind, ptr: c.ptr, src: x };
}

export type TargetType = "binary" | "multiclass" | "continuous";

/**
 * {@link targetType} by a SIMD scan (`binaryLabels`) when the labels are in
 * linear memory and take at most two values; the general path otherwise.
 */
export function targetTypeFast(k: Kernels, y: Labels): { type: TargetType; classes: number[] } {
  if (y.ptr === undefined) return targetType(y);
  const out = allocF64(2);
  const flags = k.binaryLabels(y.ptr, y.n, out);
  if (flags & 12) return { type: "continuous", classes: [] };
  const count = flags & 3;
  if (count === 3) return targetType(y);
  const a = readF64(out, 0) + 0; // -0.0 → 0
  const b = readF64(out, 1) + 0;
  const classes = count === 0 ? [] : count === 1 ? [a] : a < b ? [a, b] : [b, a];
  return { type: "binary", classes };
}

/** sklearn's `type_of_target` for finite 1-D input, with the sorted classes. */
export function targetType(y: Labels): { type: TargetType; classes: number[] } {
  const d = valuesOf(y);
  // Two-slot fast path; a Set only once a third class appears.
  let a = NaN;
  let b = NaN;
  let seen: Set<number> | null = null;
  for (let i = 0; i < y.n; i++) {
    const v = d[i];
    // numpy casts to int64 and compares: fractions and |v| >= 2^63 are continuous.
    if (!Number.isInteger(v) || Math.abs(v) >= 9223372036854775808) {
      return { type: "continuous", classes: [] };
    }
    if (v === a || v === b) continue;
    if (seen) seen.add(v === 0 ? 0 : v);
    else if (a !== a) a = v === 0 ? 0 : v;
    else if (b !== b) b = v === 0 ? 0 : v;
    else seen = new Set([a, b, v === 0 ? 0 : v]);
  }
  const classes = seen ? [...seen] : [a, b].filter((v) => v === v);
  classes.sort((x, z) => x - z);
  return { type: classes.length > 2 ? "multiclass" : "binary", classes };
}

/** Python's `repr(float)`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  const digits = mant.replace("-", "").replace(".", "");
  const sign = x < 0 ? "-" : "";
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp >= 0) {
    const ip = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    return `${sign}${ip}.${digits.slice(exp + 1) || "0"}`;
  }
  return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
}

/** `str()` of one label of the given kind (numpy scalar / Python value). */
export function pyScalar(v: number, kind: Kind): string {
  if (kind === "bool") return v ? "True" : "False";
  if (kind === "float") return pyFloat(v);
  return Number.isInteger(v) ? String(v) : pyFloat(v);
}

/** A user-supplied label (`pos_label=...`): integers print as ints. */
export function pyLabel(v: Label): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  return Number.isInteger(v) ? String(v) : pyFloat(v);
}

function pyList(values: ArrayLike<number>, kind: Kind): string {
  return `[${Array.from(values, (v) => pyScalar(v, kind)).join(", ")}]`;
}

function isNeg(v: number): boolean {
  return v < 0 || Object.is(v, -0);
}

/** numpy's shortest digits of |x| in positional form, at most `prec` fraction digits. */
function positional(x: number, prec: number): [string, string] {
  const a = Math.abs(x);
  const neg = x < 0 || Object.is(x, -0);
  let s = pyFloat(a);
  if (s.includes("e")) s = a.toFixed(Math.min(prec, 100));
  let [ip, fp = ""] = s.split(".");
  if (fp.length > prec) {
    [ip, fp = ""] = a.toFixed(prec).split(".");
  }
  fp = fp.replace(/0+$/, "");
  return [(neg ? "-" : "") + ip, fp];
}

/** numpy's `str(ndarray)` for a 1-D array (default print options). */
export function npArrayStr(values: ArrayLike<number>, kind: Kind): string {
  let vals = Array.from(values);
  const summarize = vals.length > 1000;
  if (summarize) vals = [...vals.slice(0, 3), ...vals.slice(-3)];
  let words: string[];
  if (kind === "bool") {
    words = vals.map((v) => (v ? "True" : "False"));
    const w = Math.max(...words.map((s) => s.length));
    words = words.map((s) => s.padStart(w));
  } else if (kind === "int") {
    words = vals.map((v) => String(v));
    const w = Math.max(...words.map((s) => s.length));
    words = words.map((s) => s.padStart(w));
  } else {
    const finite = vals.filter((v) => Number.isFinite(v));
    const nz = finite.filter((v) => v !== 0).map(Math.abs);
    const mx = nz.length ? Math.max(...nz) : 0;
    const mn = nz.length ? Math.min(...nz) : 0;
    const expMode = nz.length > 0 && (mx >= 1e8 || mn < 1e-4 || mx / mn > 1e3);
    let fmt: (v: number) => string;
    if (expMode) {
      const parts = finite.map((v) => {
        const e = Math.abs(v).toExponential();
        let [m, ex] = e.split("e");
        if (m.replace(".", "").length > 9) m = Number(Math.abs(v).toExponential(8).split("e")[0]).toString();
        const [mi, mf = ""] = m.split(".");
        return { mi: (isNeg(v) ? "-" : "") + mi, mf: mf.replace(/0+$/, ""), ex: Number(ex) };
      });
      const prec = Math.max(0, ...parts.map((p) => p.mf.length));
      const expSize = Math.max(2, ...parts.map((p) => String(Math.abs(p.ex)).length));
      const padL = Math.max(0, ...parts.map((p) => p.mi.length));
      fmt = (v) => {
        const [m, ex] = Math.abs(v).toExponential(prec).split("e");
        const e = Number(ex);
        const [mi, mf = ""] = m.split(".");
        const body = `${isNeg(v) ? "-" : ""}${mi}.${mf}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(expSize, "0")}`;
        return body.padStart(padL + 1 + prec + 2 + expSize);
      };
    } else {
      const parts = finite.map((v) => positional(v, 8));
      const padL = Math.max(0, ...parts.map((p) => p[0].length));
      const padR = Math.max(0, ...parts.map((p) => p[1].length));
      fmt = (v) => {
        const [ip, fp] = positional(v, padR);
        return `${ip.padStart(padL)}.${fp.padEnd(padR)}`;
      };
    }
    words = vals.map((v) => (Number.isFinite(v) ? fmt(v) : pyFloat(v)));
    const w = Math.max(...words.map((s) => s.length));
    words = words.map((s) => s.padStart(w));
  }
  if (summarize) words = [...words.slice(0, 3), "...", ...words.slice(3)];
  // numpy's line wrapping: linewidth 75 less the closing bracket, hanging indent of one space.
  let s = "";
  let line = "[";
  for (let i = 0; i < words.length; i++) {
    const last = i === words.length - 1;
    const word = words[i];
    if (line.length + word.length > 74 && line.length > 1) {
      s += line.trimEnd() + "\n";
      line = " " + word;
    } else {
      line += word;
    }
    if (!last) line += " ";
  }
  return s + line + "]";
}

// ---------------------------------------------------------------------------
// Shared validation

export function lengthOf(x: unknown, arg: string): number {
  if (x instanceof WasmFloat64Array) return x.length;
  const bigint =
    (typeof BigInt64Array !== "undefined" && x instanceof BigInt64Array) ||
    (typeof BigUint64Array !== "undefined" && x instanceof BigUint64Array);
  if (Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView) && !bigint)) {
    return (x as ArrayLike<unknown>).length;
  }
  checkArray(x, { arg }); // throws the TypeError
  return 0;
}

function consistentLength(...lens: (number | undefined)[]): void {
  const l = lens.filter((v): v is number => v !== undefined);
  if (new Set(l).size > 1) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${l.join(", ")}]`);
  }
}

function checkLabelOption(v: unknown, name: string): Label | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "number" || typeof v === "boolean") return v;
  throw new TypeError(`${name} must be a number or a boolean, got ${typeof v}`);
}

function checkBool(v: unknown, name: string, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== "boolean") throw new TypeError(`${name} must be a boolean, got ${typeof v}`);
  return v;
}

function hasWeights(w: unknown): boolean {
  return w !== undefined && w !== null;
}

/** sklearn's `_check_pos_label_consistency` for pos_label=None. */
export function defaultPosLabel(classes: number[], kind: Kind): number {
  const ok =
    kind === "bool" ||
    (classes.length === 2 && classes[1] === 1 && (classes[0] === 0 || classes[0] === -1)) ||
    (classes.length === 1 && (classes[0] === 0 || classes[0] === -1 || classes[0] === 1));
  if (!ok) {
    throw new ValueError(
      `y_true takes value in {${classes.map((c) => pyScalar(c, kind)).join(", ")}} and pos_label is not ` +
        "specified: either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
    );
  }
  return 1;
}

export interface CurveInput {
  yTrue: Labels;
  score: ArrayLike<number>;
  n: number;
  pos: number;
  weight?: ArrayLike<number>;
  /** Pointers when the arrays were checked inside the current arena (read-only: never modified in place). */
  sPtr?: number;
  wPtr?: number;
  /** The scores' range when scanned in WebAssembly (with sPtr). */
  lo?: number;
  hi?: number;
}

/** `confusion_matrix_at_thresholds` validation, in sklearn's order. */
export function checkCurveInput(
  yTrue: unknown,
  yScore: unknown,
  posLabel: Label | undefined,
  sampleWeight: unknown,
  read?: { t: Labels; type: TargetType; classes: number[] },
  score?: Checked,
): CurveInput {
  const t = read?.t ?? readLabels(yTrue, "yTrue", "y_true");
  const { type, classes } = read ?? targetType(t);
  if (!(type === "binary" || (type === "multiclass" && posLabel !== undefined))) {
    throw new ValueError(`${type} format is not supported`);
  }
  const pos = posLabel === undefined ? defaultPosLabel(classes, t.kind) : Number(posLabel);
  consistentLength(
    t.n,
    lengthOf(yScore, "yScore"),
    hasWeights(sampleWeight) ? lengthOf(sampleWeight, "sampleWeight") : undefined,
  );
  const s = score ?? checkArray(yScore, { arg: "yScore", inputName: "" });
  const w = hasWeights(sampleWeight) ? checkWeights(sampleWeight, t.n) : undefined;
  return { yTrue: t, score: s.data, n: t.n, pos, weight: w?.data, sPtr: s.ptr, wPtr: w?.ptr, lo: s.min, hi: s.max };
}

/**
 * The labels of a binary threshold curve (rocCurve, precisionRecallCurve,
 * detCurve), as sklearn's `confusion_matrix_at_thresholds`: `string[]` labels
 * are coded as the indices of their sorted classes and need `posLabel` (else
 * sklearn's "pos_label is not specified" error, or "multiclass format is not
 * supported" for more than two classes); a string `posLabel` with numeric labels
 * (or one absent from `yTrue`) matches nothing, so there are no positives.
 */
function curveLabels(
  yTrue: unknown,
  posLabel: unknown,
  k?: Kernels,
): { y: unknown; pos: Label | undefined; read: { t: Labels; type: TargetType; classes: number[] } } {
  const posOpt = posLabel === null ? undefined : posLabel;
  if (posOpt !== undefined && typeof posOpt !== "number" && typeof posOpt !== "boolean" && typeof posOpt !== "string") {
    throw new TypeError(`posLabel must be a number, a boolean or a string, got ${typeof posOpt}`);
  }
  let y: unknown = yTrue;
  let pos: Label | undefined;
  if (hasStringLabels(yTrue)) {
    const codec = labelCodec([yTrue]);
    const names = codec.names ?? [];
    if (posOpt === undefined) {
      if (names.length > 2) throw new ValueError("multiclass format is not supported");
      throw new ValueError(
        `y_true takes value in {${names.map(pyStrRepr).join(", ")}} and pos_label is not specified: either make ` +
          "y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
      );
    }
    y = encodeArray(yTrue as ClassLabelArray, codec); // sorted class indices 0..k-1
    // (an absent string codes as -1; a number or boolean never equals a string)
    pos = typeof posOpt === "string" ? codec.code(posOpt) : NaN;
  } else {
    pos = typeof posOpt === "string" ? NaN : (posOpt as Label | undefined);
  }
  const t = readLabels(y, "yTrue", "y_true");
  return { y, pos, read: { t, ...(k ? targetTypeFast(k, t) : targetType(t)) } };
}

interface Counts {
  fps: number;
  tps: number;
  thr: number;
  m: number;
  /** roc_curve's drop_intermediate already applied (by the walk). */
  dropped?: boolean;
}

/**
 * Runs the threshold walk inside the caller's arena. Without `withThr` the
 * thresholds may be left out (`thr` is then 0). `lead` slots are left free
 * before the counts (the returned pointers include them).
 */
function thresholdCounts(k: Kernels, c: CurveInput, withThr = true, lead = 0, rocDrop = false): Counts {
  // Inputs already in the arena (or zero-copy handles) are read, never
  // modified: the indicator goes to its own buffer, and the weighted path
  // (which compacts in place) works on copies.
  let s = c.sPtr ?? putF64(c.score);
  if (!c.weight) return countsUnweighted(k as RankKernels, c, s, withThr || lead > 0, lead, rocDrop);
  const y = alloc(c.n * 8);
  k.labelIndicator(c.yTrue.ptr ?? putF64(c.yTrue.data), c.n, c.pos, y);
  let n = c.n;
  let w = 0;
  if (c.weight) {
    if (c.sPtr !== undefined) s = copyF64(c.sPtr, c.n);
    w = c.wPtr !== undefined ? copyF64(c.wPtr, c.n) : putF64(c.weight);
    n = k.dropZeroWeight(s, y, w, n);
  }
  // Sort -score ascending (stable): descending scores with ties in input
  // order, as sklearn's argsort(stable=True, descending=True). Reversing an
  // ascending sort would reverse the ties and change weighted cumulative sums.
  const keys = alloc(n * 8);
  k.negateInto(s, n, keys);
  const payload = alloc(n * 4);
  k.packPayload(y, n, payload);
  k.sortF64(keys, n, alloc(n * 8), payload, alloc(n * 4), alloc(SORT_HIST_BYTES));
  const fps = alloc((n + lead) * 8);
  const tps = alloc((n + lead) * 8);
  const thr = alloc((n + lead) * 8);
  const m = k.thresholdCounts(keys, payload, s, w, n, fps + lead * 8, tps + lead * 8, thr + lead * 8);
  return { fps, tps, thr, m };
}

/** The kernels of the unweighted key-only path (assembly/ranking.ts, sort.ts). */
type RankKernels = Kernels & {
  splitKeys(s: number, y: number, n: number, pos: number, keys: number, out: number): void;
  sortKeysU64(a: number, n: number, tmp: number, hist: number): number;
  keySortHistBytes(): number;
  composeKeys(s: number, y: number, n: number, pos: number, keys: number, info: number): number;
  walkComposed(keys: number, n: number, info: number, fps: number, tps: number, thr: number): number;
  walkComposedDesc(keys: number, n: number, info: number, fps: number, tps: number, thr: number): number;
  walkComposedRoc(keys: number, n: number, info: number, fps: number, tps: number, thr: number, desc: number): number;
  composeKeysCounted(
    s: number, y: number, n: number, pos: number, lo: number, hi: number, keys: number, info: number, hist: number,
  ): number;
  sortKeysCounted(a: number, n: number, top: number, tmp: number, hist: number): void;
  aucComposed(keys: number, n: number, np: number, work: number): number;
  aucApComposed(keys: number, n: number, np: number, work: number, ap: number): number;
  mergeCounts(
    kp: number, np: number, kn: number, nn: number, zero: number, fps: number, tps: number, thr: number,
  ): number;
};

/**
 * Unweighted counts by one key-only sort of (score key, label) pairs, or, when
 * the scores' keys vary in all 64 bits (no bit left for the label), by
 * {@link countsByLabel}. Every tps/fps is an exact integer count, so the result
 * is the same as the stable payload sort's cumulative sums.
 */
function countsUnweighted(k: RankKernels, c: CurveInput, s: number, withThr: boolean, lead = 0, rocDrop = false): Counts {
  const n = c.n;
  if (c.lo !== undefined && c.hi !== undefined && (c.lo > 0 || c.hi < 0) && n > 1) {
    // Scores of one sign, range known from the scan: the keys are composed with
    // their first radix digit counted in the same pass (composeKeysCounted);
    // no zero score, so no zero threshold's sign to recover.
    const keys = alloc(n * 8);
    const info = alloc(32);
    const hist = alloc(k.keySortHistBytes());
    const top = k.composeKeysCounted(s, c.yTrue.ptr ?? putF64(c.yTrue.data), n, c.pos, c.lo, c.hi, keys, info, hist);
    if (top >= 0) {
      k.sortKeysCounted(keys, n, top, alloc(n * 8), hist);
      const fps = alloc((n + lead) * 8);
      const tps = alloc((n + lead) * 8);
      const thr = withThr ? alloc((n + lead) * 8) : 0;
      const t = thr ? thr + lead * 8 : 0;
      if (rocDrop) return { fps, tps, thr, m: k.walkComposedRoc(keys, n, info, fps + lead * 8, tps + lead * 8, t, 1), dropped: true };
      const m = k.walkComposedDesc(keys, n, info, fps + lead * 8, tps + lead * 8, t);
      return { fps, tps, thr, m };
    }
  }
  const keys = alloc(n * 8);
  const info = alloc(24);
  if (!k.composeKeys(s, c.yTrue.ptr ?? putF64(c.yTrue.data), n, c.pos, keys, info)) return countsByLabel(k, c, s, lead);
  k.sortKeysU64(keys, n, alloc(n * 8), alloc(k.keySortHistBytes()));
  const fps = alloc((n + lead) * 8);
  const tps = alloc((n + lead) * 8);
  const thr = withThr ? alloc((n + lead) * 8) : 0;
  const t = thr ? thr + lead * 8 : 0;
  if (rocDrop) return { fps, tps, thr, m: k.walkComposedRoc(keys, n, info, fps + lead * 8, tps + lead * 8, t, 0), dropped: true };
  const m = k.walkComposed(keys, n, info, fps + lead * 8, tps + lead * 8, t);
  return { fps, tps, thr, m };
}

/**
 * Unweighted counts without a payload sort: the keys of the positives and of
 * the negatives are radix-sorted separately (keys only), then merged. Every
 * tps/fps is an exact integer count, so the result is the same as the stable
 * payload sort's cumulative sums, and each threshold is the run's score.
 */
function countsByLabel(k: RankKernels, c: CurveInput, s: number, lead = 0): Counts {
  const n = c.n;
  const keys = alloc(n * 8);
  const info = allocF64(3);
  k.splitKeys(s, c.yTrue.ptr ?? putF64(c.yTrue.data), n, c.pos, keys, info);
  const np = readF64(info, 0);
  const zero = readF64(info, 1);
  const tmp = alloc(n * 8);
  const hist = alloc(k.keySortHistBytes());
  const kp = k.sortKeysU64(keys, np, tmp, hist);
  const kn = k.sortKeysU64(keys + np * 8, n - np, tmp + np * 8, hist);
  const fps = alloc((n + lead) * 8);
  const tps = alloc((n + lead) * 8);
  const thr = alloc((n + lead) * 8);
  const m = k.mergeCounts(kp, np, kn, n - np, zero, fps + lead * 8, tps + lead * 8, thr + lead * 8);
  return { fps, tps, thr, m };
}

/**
 * rocAucScore's unweighted path in three kernels: compose (score key, label)
 * keys while counting their first radix digit, sort them (keys only), then
 * walk them once producing the trapezoid terms of the dropped-intermediate
 * curve (see aucComposed); the terms are summed in numpy's pairwise order, as
 * `trapezoid` does. `undefined` when this path does not apply (scores whose
 * keys vary in all 64 bits).
 */
function unweightedAuc(k: RankKernels, c: CurveInput, s: number, lo: number, hi: number): number | undefined {
  return keyAreas(k, c.yTrue.ptr ?? putF64(c.yTrue.data), s, c.n, c.pos, lo, hi, false)?.auc;
}

/**
 * ROC AUC — and with `withAp` average precision — of unweighted binary input
 * in the arena (labels `y`, scores `s` in [lo, hi], positives y == pos), from
 * one key-only sort: the walk of {@link unweightedAuc} also writes the
 * precision-recall step terms (aucApComposed), which are summed in numpy's
 * pairwise order and finished as {@link apInArena} finishes them, so both
 * values have the separate functions' bits. `undefined` when the path does not
 * apply (the keys vary in all 64 bits, or a single class): use
 * {@link aucInArena} / {@link apInArena} then. `ap` is NaN without `withAp`.
 * `scratch`: buffers from {@link areaScratch} for repeated calls (else allocated here).
 */
export function keyAreas(
  k: Kernels,
  y: number,
  s: number,
  n: number,
  pos: number,
  lo: number,
  hi: number,
  withAp: boolean,
  scratch?: AreaScratch,
): { auc: number; ap: number } | undefined {
  const rk = k as RankKernels;
  const b = scratch ?? areaScratch(k, n, withAp);
  const { keys, info, hist, work } = b;
  const pool = threadsFor(n);
  if (pool) {
    // init({ threads }): the same keys, composed and sorted on every thread
    if (composeAndSortThreaded(pool, s, y, n, pos, lo, hi, keys, info, work) < 0) return undefined;
  }
  const top = pool ? 0 : rk.composeKeysCounted(s, y, n, pos, lo, hi, keys, info, hist);
  if (top < 0) return undefined;
  const np = readF64(info, 3);
  if (np === 0 || np === n) return undefined;
  if (!pool) rk.sortKeysCounted(keys, n, top, work, hist);
  const apTerms = b.apTerms;
  const len = withAp ? rk.aucApComposed(keys, n, np, work, apTerms) : rk.aucComposed(keys, n, np, work);
  if (len < 0) return undefined;
  const auc = k.sumF64(work, len);
  if (!withAp) return { auc, ap: NaN };
  const m = readF64(apTerms, 0);
  const ap = -k.sumF64(apTerms + (n + 1 - m) * 8, m);
  return { auc, ap: ap > 0 ? ap : 0.0 }; // as apInArena
}

/** The buffers of {@link keyAreas} for n samples, allocated once for repeated calls (one-vs-rest columns). */
export interface AreaScratch {
  keys: number;
  info: number;
  hist: number;
  /** The sort's scratch, then aucComposed's pairs and terms (n * 16 bytes). */
  work: number;
  /** Average precision's n + 1 step terms (0 without). */
  apTerms: number;
}

/** Allocates {@link AreaScratch} for n samples in the arena. */
export function areaScratch(k: Kernels, n: number, withAp: boolean): AreaScratch {
  return {
    keys: alloc(n * 8),
    info: alloc(32),
    hist: alloc((k as RankKernels).keySortHistBytes()),
    work: alloc(n * 16),
    apTerms: withAp ? alloc((n + 1) * 8) : 0,
  };
}

/**
 * The binary ROC AUC of checked curve input inside the caller's arena, as
 * {@link binaryRocAucScore} computes it once the labels are known to hold two
 * classes: the key-only path when the scores' range is known and no weights
 * are given, else the general curve and scipy's trapezoid.
 */
function aucInArena(k: Kernels, c: CurveInput, o: WarnOptions, lo?: number, hi?: number): number {
  if (!c.weight && lo !== undefined && hi !== undefined && c.sPtr !== undefined) {
    const auc = unweightedAuc(k as RankKernels, c, c.sPtr, lo, hi);
    if (auc !== undefined) return auc;
  }
  const r = rocInArena(k, c, true, o, false); // the area needs no thresholds
  let direction = 1;
  const flags = k.diffFlags(r.fpr, r.len);
  if (flags & 1) {
    if (flags & 2) {
      throw new ValueError(
        `x is neither increasing nor decreasing : ${npArrayStr(getF64(r.fpr, r.len), "float")}.`,
      );
    }
    direction = -1;
  }
  const scratch = alloc(r.len * 8);
  return direction * k.trapezoid(r.fpr, r.tpr, r.len, scratch);
}

/** Binary average precision of checked curve input inside the caller's arena (the tail of averagePrecisionScore). */
export function apInArena(k: Kernels, c: CurveInput, o: WarnOptions): number {
  if (!c.weight && c.sPtr !== undefined && c.lo !== undefined && c.hi !== undefined) {
    // Unweighted, scores scanned in the arena: the step terms from one key-only sort (keyAreas).
    const areas = keyAreas(k, c.yTrue.ptr ?? putF64(c.yTrue.data), c.sPtr, c.n, c.pos, c.lo, c.hi, true);
    if (areas !== undefined) return areas.ap;
  }
  const r = prInArena(k, c, false, o, false); // the sum needs no thresholds
  const scratch = alloc((r.m + 1) * 8);
  const ap = -k.apSum(r.prec, r.rec, r.m + 1, scratch);
  return ap > 0 ? ap : 0.0; // Python's max(0.0, ap): -0.0 and NaN give 0.0
}

interface Roc {
  fpr: number;
  tpr: number;
  thr: number;
  len: number;
}

function rocInArena(k: Kernels, c: CurveInput, drop: boolean, options: WarnOptions, withThr = true): Roc {
  const cnt = thresholdCounts(k, c, withThr, 0, drop);
  let m = cnt.m;
  if (drop && m > 2 && !cnt.dropped) m = k.dropRocIntermediate(cnt.fps, cnt.tps, cnt.thr, m);
  const fpr = alloc((m + 1) * 8);
  const tpr = alloc((m + 1) * 8);
  const flags = k.rocRates(cnt.fps, cnt.tps, m, fpr, tpr);
  if (flags & 1) warn(options, "No negative samples in y_true, false positive value should be meaningless");
  if (flags & 2) warn(options, "No positive samples in y_true, true positive value should be meaningless");
  return { fpr, tpr, thr: cnt.thr, len: m + 1 };
}

export interface Pr {
  prec: number;
  rec: number;
  thr: number;
  m: number;
}

export function prInArena(k: Kernels, c: CurveInput, drop: boolean, options: WarnOptions, withThr = true): Pr {
  const cnt = thresholdCounts(k, c, withThr);
  let m = cnt.m;
  if (drop && m > 2) m = k.dropPrIntermediate(cnt.fps, cnt.tps, cnt.thr, m);
  const prec = alloc((m + 1) * 8);
  const rec = alloc((m + 1) * 8);
  if (k.prCurve(cnt.fps, cnt.tps, m, prec, rec)) {
    warn(options, "No positive class found in y_true, recall is set to one for all thresholds.");
  }
  return { prec, rec, thr: cnt.thr, m };
}

/**
 * A plain `number[]` with the values of `a` (reversed when `reverse`), each
 * value copied as is (-0.0 and NaN included). A seeded array whose length is
 * then set holds unboxed doubles, and one indexed loop fills it:
 * `Array.from` on a typed array goes through the iterator, ~10 times slower
 * at curve sizes (10⁶ points).
 */
export function numberArray(a: Float64Array, reverse = false, lead?: number): number[] {
  const n = a.length;
  const off = lead === undefined ? 0 : 1;
  const out: number[] = [0.5];
  out.length = n + off;
  if (lead !== undefined) out[0] = lead;
  if (reverse) for (let i = 0; i < n; i++) out[i + off] = a[n - 1 - i];
  else for (let i = 0; i < n; i++) out[i + off] = a[i];
  return out;
}

// ---------------------------------------------------------------------------
// Public metrics

/**
 * Receiver operating characteristic curve (sklearn `roc_curve`), binary.
 *
 * Scores are ranked in a stable descending order; each distinct score is a
 * threshold, with cumulative weighted false/true positives fps/tps
 * (sequential sums). `fpr = fps / fps[-1]`, `tpr = tps / tps[-1]`, and the
 * point (0, 0) is prepended at threshold `Infinity`. With `dropIntermediate`
 * (default) points where neither `np.diff(fps, 2)` nor `np.diff(tps, 2)` is
 * non-zero are removed (collinear points; the area is unchanged up to rounding).
 *
 * Edge cases: no negative samples → `fpr` all NaN and the warning `No negative
 * samples in y_true, false positive value should be meaningless` (likewise
 * `tpr` / `No positive samples ...`). A `posLabel` absent from `yTrue` is not
 * an error (sklearn): there are then no positives. Without `posLabel`, `yTrue`
 * must be in {0, 1} or {-1, 1}; with `posLabel`, multiclass `yTrue` is
 * treated one-vs-rest. `string[]` labels need `posLabel` (else sklearn's `y_true
 * takes value in {'cat', 'yak'} and pos_label is not specified: ...`). Samples
 * of weight 0 are dropped.
 * @example
 * ```ts
 * rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * // { fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], thresholds: [Infinity, 0.8, 0.4, 0.35, 0.1] }
 * // (sklearn: array([0. , 0. , 0.5, 0.5, 1. ]), array([0. , 0.5, 0.5, 1. , 1. ]), array([ inf, 0.8 , 0.4 , 0.35, 0.1 ]))
 * ```
 */
export function rocCurve(yTrue: ClassLabelArray, yScore: NumericArray, options?: RocCurveOptions): RocCurve {
  const o = checkOptions<RocCurveOptions>(options, "rocCurve");
  const drop = checkBool(o.dropIntermediate, "dropIntermediate", true);
  // 2-D targets: sklearn's type_of_target / column_or_1d errors (n × 1: the column)
  yTrue = curveTarget(yTrue);
  yScore = columnOr1d(yScore, "yScore");
  // One arena for validation and kernels: float arrays are copied once and scanned in WebAssembly.
  return withArena((k) => {
    const { y, pos, read } = curveLabels(yTrue, o.posLabel, k);
    const c = checkCurveInput(y, yScore, pos, o.sampleWeight, read);
    const r = rocInArena(k, c, drop, o);
    const thresholds = numberArray(viewF64(r.thr, r.len - 1), false, Infinity);
    return { fpr: numberArray(viewF64(r.fpr, r.len)), tpr: numberArray(viewF64(r.tpr, r.len)), thresholds };
  });
}

/** The binary path of {@link rocAucScore} (1-D scores, no `maxFpr`); string labels are coded first. */
export function binaryRocAucScore(yTrue: ClassLabelArray, yScore: NumericArray, options?: RocAucOptions): number {
  if (hasStringLabels(yTrue)) yTrue = encodeArray(yTrue, labelCodec([yTrue])) as NumericArray;
  const o = checkOptions<RocAucOptions>(options, "rocAucScore");
  // One arena for validation and kernels: each array is copied once and
  // scanned in WebAssembly (see scanArray) before any kernel runs.
  return withArena((k) => {
    const t = readLabels(yTrue, "yTrue", "y_true");
    const sc = checkArray(yScore, { arg: "yScore", inputName: "" });
    const { type, classes } = targetTypeFast(k, t);
    if (type === "multiclass") throw new ValueError("multi_class must be in ('ovo', 'ovr')");
    if (type === "continuous") throw new ValueError("continuous format is not supported");
    if (classes.length !== 2) {
      warn(o, "Only one class is present in y_true. ROC AUC score is not defined in that case.");
      return NaN;
    }
    // label_binarize(y_true, classes)[:, 0]: the greater label is positive, then
    // roc_curve with pos_label=None on {0, 1}.
    const c = checkCurveInput(yTrue, yScore, classes[1], o.sampleWeight, { t, type, classes }, sc);
    return aucInArena(k, c, o, sc.min, sc.max);
  });
}

/**
 * Precision-recall pairs for every threshold (sklearn `precision_recall_curve`), binary.
 *
 * With cumulative fps/tps as in {@link rocCurve}: `precision = tps / (tps + fps)`
 * (0 where `tps + fps == 0`), `recall = tps / tps[-1]`. Outputs are in
 * increasing-threshold order, and `precision` / `recall` end with 1 and 0, which
 * have no threshold. `dropIntermediate` (default `false`) keeps only the first
 * and last point of every run of equal `tps`.
 *
 * Edge cases: no positive samples → recall is 1 everywhere and the warning `No
 * positive class found in y_true, recall is set to one for all thresholds.`;
 * `posLabel` defaults as in {@link rocCurve}.
 * @example
 * ```ts
 * precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { precision: [0.5, 0.6666666666666666, 0.5, 1, 1], recall: [1, 1, 0.5, 0.5, 0], thresholds: [0.1, 0.35, 0.4, 0.8] }
 * // (sklearn: array([0.5, 0.66666667, 0.5, 1., 1.]), array([1., 1., 0.5, 0.5, 0.]), array([0.1, 0.35, 0.4, 0.8]))
 * ```
 */
export function precisionRecallCurve(
  yTrue: ClassLabelArray,
  yScore: NumericArray,
  options?: PrecisionRecallCurveOptions,
): PrecisionRecallCurve {
  const o = checkOptions<PrecisionRecallCurveOptions>(options, "precisionRecallCurve");
  const drop = checkBool(o.dropIntermediate, "dropIntermediate", false);
  yTrue = curveTarget(yTrue);
  yScore = columnOr1d(yScore, "yScore");
  return withArena((k) => {
    const { y, pos, read } = curveLabels(yTrue, o.posLabel, k);
    const c = checkCurveInput(y, yScore, pos, o.sampleWeight, read);
    const r = prInArena(k, c, drop, o);
    return {
      precision: numberArray(viewF64(r.prec, r.m + 1)),
      recall: numberArray(viewF64(r.rec, r.m + 1)),
      thresholds: numberArray(viewF64(r.thr, r.m), true),
    };
  });
}

/** Python's `repr()` of a str (quotes chosen and characters escaped as Python does). */
export function pyStrRepr(v: string): string {
  const quote = v.includes("'") && !v.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\" || ch === quote) out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || (c >= 0x7f && c <= 0xa0)) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * Detection error tradeoff curve (sklearn `det_curve`), binary.
 *
 * From the cumulative weighted false/true positives fps/tps of {@link rocCurve}
 * (stable descending sort, one threshold per distinct score, samples of weight 0
 * dropped), with the point fps = tps = 0 prepended at threshold `Infinity`:
 * `fpr = fps / fps[-1]` and `fnr = (tps[-1] − tps) / tps[-1]`. As in sklearn
 * (≥ 1.7), the curve keeps only the points from the last one with
 * `fps == 0` (`np.searchsorted(fps, 0, side='right') − 1`) to the first one
 * with `tps == tps[-1]` (`np.searchsorted(tps, tps[-1]) + 1`), and is returned
 * in increasing-threshold order: `fpr` decreasing, `fnr` increasing. The
 * threshold `Infinity` (fpr 0, fnr 1) therefore remains only when no finite
 * threshold reaches fpr 0. `dropIntermediate` (default `false`) removes the
 * points whose tps equals both neighbours' (horizontal runs of the curve).
 *
 * Edge cases: fewer or more than two distinct values in `yTrue` (counted before
 * zero weights are dropped) → `Only one class is present in y_true. Detection
 * error tradeoff curve is not defined in that case.` (sklearn's wording, also
 * for multiclass `yTrue` with a `posLabel`). Without `posLabel`, `yTrue` must be
 * in {0, 1} or {-1, 1}: `y_true takes value in {2, 5} and pos_label is not
 * specified: ...`. A `posLabel` absent from `yTrue`, or weights that leave no
 * positive (negative) mass, give NaN or ±Infinity rates (0/0, x/0), silently, as
 * sklearn (numpy's RuntimeWarning is not reproduced). `string[]` labels need a
 * `posLabel`. With negative weights the counts need not be monotonic; the slice
 * is then whatever numpy's binary search gives (reproduced exactly), possibly
 * empty.
 * @example
 * ```ts
 * detCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
 * // { fpr: [0.5, 0.5, 0], fnr: [0, 0.5, 0.5], thresholds: [0.35, 0.4, 0.8] }
 * // (sklearn: (array([0.5, 0.5, 0. ]), array([0. , 0.5, 0.5]), array([0.35, 0.4 , 0.8 ])))
 * detCurve(["a", "b", "b", "a"], [0.1, 0.2, 0.3, 0.4], { posLabel: "b" });
 * // { fpr: [0.5, 0.5, 0.5, 0], fnr: [0, 0.5, 1, 1], thresholds: [0.2, 0.3, 0.4, Infinity] }
 * // (sklearn: (array([0.5, 0.5, 0.5, 0. ]), array([0. , 0.5, 1. , 1. ]), array([0.2, 0.3, 0.4, inf])))
 * ```
 */
export function detCurve(yTrue: ClassLabelArray, yScore: NumericArray, options?: DetCurveOptions): DetCurve {
  const o = checkOptions<DetCurveOptions>(options, "detCurve");
  const drop = checkBool(o.dropIntermediate, "dropIntermediate", false);
  yTrue = curveTarget(yTrue);
  yScore = columnOr1d(yScore, "yScore");
  const { y, pos, read } = curveLabels(yTrue, o.posLabel);
  const c = checkCurveInput(y, yScore, pos, o.sampleWeight, read);
  // sklearn counts the distinct values of the whole y_true (zero weights included).
  if (read.classes.length !== 2) {
    throw new ValueError(
      "Only one class is present in y_true. Detection error tradeoff curve is not defined in that case.",
    );
  }
  return withArena((k) => {
    const cnt = thresholdCounts(k, c, true, 1);
    const len = cnt.m + 1;
    const fpr = alloc(len * 8);
    const fnr = alloc(len * 8);
    const thr = alloc(len * 8);
    const count = k.detCurve(cnt.fps, cnt.tps, cnt.thr, cnt.m, drop ? 1 : 0, fpr, fnr, thr);
    return {
      fpr: numberArray(viewF64(fpr, count)),
      fnr: numberArray(viewF64(fnr, count)),
      thresholds: numberArray(viewF64(thr, count)),
    };
  });
}

/** Mean (or weighted mean) of kernel terms, numpy.average style. */
function finishMean(k: Kernels, sum: number, n: number, w: number): number {
  if (w === 0) return sum / n;
  const scale = k.sumF64(w, n);
  if (scale === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return sum / scale;
}

export function probMinMax(p: ArrayLike<number>, n: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = p[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

export function logLossInArena(k: Kernels, yTrue: unknown, yProb: unknown, o: LogLossOptions): number {
  const p = checkArray(yProb, { arg: "yProb", inputName: "" });
  const [lo, hi] = p.min !== undefined && p.max !== undefined ? [p.min, p.max] : probMinMax(p.data, p.n);
  if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
  if (lo < 0) throw new ValueError(`y_prob contains values lower than 0: ${pyFloat(lo)}`);
  const weighted = hasWeights(o.sampleWeight);
  consistentLength(p.n, lengthOf(yTrue, "yTrue"), weighted ? lengthOf(o.sampleWeight, "sampleWeight") : undefined);
  const w = weighted ? checkWeights(o.sampleWeight, p.n) : undefined;

  // _one_hot_encoding_multiclass_target (LabelBinarizer).
  let classes: number[];
  let kind: Kind;
  const t = readLabels(yTrue, "yTrue", "y");
  if (o.labels !== undefined && o.labels !== null) {
    const L = readLabels(o.labels, "labels", "y");
    kind = L.kind;
    const lt = targetType(L);
    if (lt.type === "continuous") throw new ValueError(`Unknown label type: (${pyList(L.data, L.kind)},)`);
    classes = lt.classes;
    const given = Array.from(L.data);
    if (given.length !== classes.length || given.some((v, i) => v !== classes[i])) {
      warn(
        o,
        `Labels passed were ${pyList(given, kind)}. But this function assumes labels are ordered ` +
          `lexicographically. Pass the ordered labels=${pyList(classes, kind)} and ensure that the ` +
          "columns of y_prob correspond to this ordering.",
      );
    }
    const set = new Set(given);
    const missing = new Set<number>();
    const tv = valuesOf(t);
    for (let i = 0; i < t.n; i++) if (!set.has(tv[i])) missing.add(tv[i]);
    if (missing.size > 0) {
      const m = [...missing].sort((a, b) => a - b).map((v) => pyScalar(v, t.kind));
      throw new ValueError(
        `y_true contains values {${m.join(", ")}} not belonging to the passed labels ${pyList(given, kind)}.`,
      );
    }
    if (classes.length === 1) {
      throw new ValueError(
        `The labels array needs to contain at least two labels, got ${npArrayStr(classes, kind)}.`,
      );
    }
    if (classes.length !== 2) {
      throw new ValueError(
        "The number of classes in labels is different from that in y_prob. Classes found in " +
          `labels: ${npArrayStr(classes, kind)}`,
      );
    }
  } else {
    kind = t.kind;
    const tt = targetTypeFast(k, t);
    if (tt.type === "continuous") throw new ValueError(`Unknown label type: (${pyList(valuesOf(t), t.kind)},)`);
    classes = tt.classes;
    if (classes.length === 1) {
      throw new ValueError(
        `y_true contains only one label (${pyScalar(classes[0], kind)}). Please provide the list of all ` +
          "expected class labels explicitly through the labels argument.",
      );
    }
    if (classes.length !== 2) {
      throw new ValueError(
        `y_true and y_prob contain different number of classes: ${classes.length} vs 2. Please provide ` +
          "the true labels explicitly through the labels argument. Classes found in y_true: " +
          npArrayStr(classes, kind),
      );
    }
  }
  const pos = classes[1];
  const n = p.n;
  const y = alloc(n * 8);
  k.labelIndicator(t.ptr ?? putF64(t.data), n, pos, y);
  const pp = p.ptr ?? putF64(p.data);
  const wp = w ? w.ptr ?? putF64(w.data) : 0;
  const scratch = alloc(n * 8);
  return finishMean(k, k.logLossSum(y, pp, wp, n, scratch), n, wp);
}

/**
 * sklearn's `_validate_binary_probabilistic_prediction` (1-D `yProb`): the
 * checked labels, probabilities and weights and the positive label (a code).
 */
export function binaryProbTargets(
  yTrue: ClassLabelArray,
  yProb: NumericArray,
  o: { posLabel?: ClassLabel | null; sampleWeight?: NumericArray },
): { t: Labels; p: Checked; w?: Checked; pos: number } {
  // String labels: sorted class indices; a string posLabel is mapped (absent: -1,
  // never equal), a number or boolean never equals a string label.
  const codec = hasStringLabels(yTrue) ? labelCodec([yTrue]) : null;
  const rawPos = o.posLabel as unknown;
  const posLabel =
    codec && rawPos !== undefined && rawPos !== null
      ? typeof rawPos === "string"
        ? codec.code(rawPos)
        : (checkLabelOption(rawPos, "posLabel"), NaN)
      : checkLabelOption(rawPos, "posLabel");
  const p = checkArray(yProb, { arg: "yProb", inputName: "" });
  const t = readLabels(codec ? encodeArray(yTrue, codec) : yTrue, "yTrue", "");
  const weighted = hasWeights(o.sampleWeight);
  consistentLength(p.n, t.n, weighted ? lengthOf(o.sampleWeight, "sampleWeight") : undefined);
  const w = weighted ? checkWeights(o.sampleWeight, p.n) : undefined;
  // inside an arena the labels were staged: their two classes by the SIMD scan
  const { type, classes } = t.ptr !== undefined ? targetTypeFast(core(), t) : targetType(t);
  if (type !== "binary") {
    throw new ValueError(
      `The type of the target inferred from y_true is ${type} but should be binary according to the shape of y_prob.`,
    );
  }
  const [lo, hi] = p.min !== undefined && p.max !== undefined ? [p.min, p.max] : probMinMax(p.data, p.n);
  if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
  if (lo < 0) throw new ValueError(`y_prob contains values less than 0: ${pyFloat(lo)}`);
  let pos: number;
  if (posLabel !== undefined) pos = Number(posLabel);
  else if (codec) {
    throw new ValueError(
      `y_true takes value in {${(codec.names ?? []).map(pyStrRepr).join(", ")}} and pos_label is not specified: ` +
        "either make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
    );
  } else {
    try {
      pos = defaultPosLabel(classes, t.kind);
    } catch {
      pos = classes[classes.length - 1];
    }
  }
  return { t, p, w, pos };
}

/** The binary path of {@link brierScoreLoss} (1-D `yProb`). */
export function binaryBrierScoreLoss(yTrue: ClassLabelArray, yProb: NumericArray, options?: BrierOptions): number {
  const o = checkOptions<BrierOptions>(options, "brierScoreLoss");
  const { t, p, w, pos } = binaryProbTargets(yTrue, yProb, o);
  return withArena((k) => {
    const n = p.n;
    // zero-copy handles are copied from the handle (a view read earlier is detached when memory grows)
    const y = putF64(valuesOf(t));
    k.labelIndicator(y, n, pos, y);
    const pp = putF64(yProb instanceof WasmFloat64Array ? yProb : p.data);
    const wp = w ? putF64(o.sampleWeight instanceof WasmFloat64Array ? o.sampleWeight : w.data) : 0;
    const scratch = alloc(n * 8);
    return finishMean(k, k.brierSum(y, pp, wp, n, scratch), n, wp) * 0.5;
  });
}
