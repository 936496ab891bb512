/**
 * Probability-matrix metrics (scikit-learn): multiclass `log_loss` and
 * `brier_score_loss`, `roc_auc_score` with `multi_class='ovr' | 'ovo'` and
 * with `max_fpr` (McClish-corrected partial AUC), and `top_k_accuracy_score`.
 *
 * Probabilities are `number[][]` (one row per sample) or a flat row-major
 * array with `{ nClasses }`. Per-sample terms are computed by kernels
 * (`multiLogLossSum`, `multiBrierSum`, `topKSum`; row sums in numpy's pairwise
 * order) and reduced with numpy's pairwise summation; one-vs-rest and
 * one-vs-one AUCs run the binary ROC kernels on columns / subsets extracted by
 * `ovrColumn` / `ovoSubset`.
 * @module
 */
import { type ClassLabel, type ClassLabelArray, encodeArray, type LabelCodec, labelCodec } from "../input/codec.js";
import { pairwiseSum } from "../input/labels.js";
import { isMatrix, type Matrix, type ProbMatrix, readMatrix } from "../input/matrix.js";
import { checkContainer, checkOptions, checkWeights, type LabelArray, type NumericArray, optionArray, scanArray, ValueError, warn, type WarnOptions, ZeroDivisionError } from "../input/validate.js";
import { areaScratch, binaryRocAucScore, keyAreas, type Labels, rocCurve } from "./curves.js";
import { alloc, getF64, type Kernels, putF64, readF64, withArena } from "../wasm/core.js";
import { McMode, mcProbFast } from "./mcfast.js";
import { columnOr1d } from "./labelranking.js";

/** The one-vs-rest transpose kernel (assembly/multiclass.ts). */
type OvrKernels = Kernels & { ovrColumns(P: number, n: number, k: number, cols: number, lohi: number): void };

function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const s = String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]}e${m[2]}${m[3].padStart(2, "0")}` : s;
}

function pyListRepr(values: readonly ClassLabel[]): string {
  return `[${values.map((v) => (typeof v === "string" ? `'${v}'` : typeof v === "boolean" ? (v ? "True" : "False") : String(v))).join(", ")}]`;
}

function lengthCheck(lens: number[]): void {
  if (new Set(lens).size > 1) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
  }
}

function hasW(w: unknown): boolean {
  return w !== undefined && w !== null;
}

/** Distinct sorted codes of a label array (numbers; strings already encoded). */
function distinctCodes(y: ArrayLike<number>): number[] {
  // small non-negative integer codes (the common case): a presence table, ascending by construction
  const DENSE = 1024;
  const mark = new Uint8Array(DENSE);
  let i = 0;
  for (; i < y.length; i++) {
    const v = y[i];
    if (!(v >= 0 && v < DENSE && Number.isInteger(v))) break;
    mark[v] = 1;
  }
  if (i === y.length) {
    const out: number[] = [];
    for (let j = 0; j < DENSE; j++) if (mark[j]) out.push(j);
    return out;
  }
  return [...new Set(Array.from(y))].sort((a, b) => a - b);
}

interface ProbTargets {
  P: Matrix;
  y: Float64Array;
  classes: number[];
  codec: LabelCodec;
  weight?: ArrayLike<number>;
}

/** sklearn's `_validate_multiclass_probabilistic_prediction` (after `check_array`). */
export function validateMulticlassProb(
  yTrue: unknown,
  P: Matrix,
  sampleWeight: unknown,
  labelsOpt: readonly ClassLabel[] | undefined,
  o: WarnOptions,
  lowerWord: "lower" | "less",
): ProbTargets {
  return withArena((k) => {
    const pp = putF64(P.data);
    const out = alloc(16);
    const bad = k.probRowCheck(pp, P.n, P.k, 1, out);
    const [lo, hi] = getF64(out, 2);
    if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
    if (lo < 0) throw new ValueError(`y_prob contains values ${lowerWord} than 0: ${pyFloat(lo)}`);
    const nt = checkContainer(yTrue, "yTrue");
    lengthCheck(hasW(sampleWeight) ? [P.n, nt, checkContainer(sampleWeight, "sampleWeight")] : [P.n, nt]);
    const weight = hasW(sampleWeight) ? checkWeights(sampleWeight, P.n).data : undefined;
    const codec = labelCodec([yTrue], labelsOpt ?? []);
    const yc = encodeArray(yTrue, codec);
    const t = scanArray(yc as ArrayLike<unknown>, { arg: "yTrue", inputName: "y", allowBool: true });
    const y = Float64Array.from(t.data);
    let classes: number[];
    if (labelsOpt) {
      const given = labelsOpt.map((v) => codec.code(v));
      classes = [...new Set(given)].sort((a, b) => a - b);
      if (given.some((v, i) => v !== classes[i]) || given.length !== classes.length) {
        const sorted = classes.map((c) => (codec.names ? codec.names[c] : c));
        warn(
          o,
          `Labels passed were ${pyListRepr(labelsOpt)}. But this function assumes labels are ordered lexicographically. ` +
            `Pass the ordered labels=${pyListRepr(sorted)} and ensure that the columns of y_prob correspond to this ordering.`,
        );
      }
      const set = new Set(given);
      const missing = distinctCodes(y).filter((v) => !set.has(v));
      if (missing.length > 0) {
        // set(y_true) of an ndarray holds numpy scalars: {np.int64(3)}; of a list: {3}.
        const typed = ArrayBuffer.isView(yTrue);
        const float = yTrue instanceof Float64Array || yTrue instanceof Float32Array;
        const names = missing.map((c) =>
          codec.names ? `'${codec.names[c]}'` : typed ? (float ? `np.float64(${pyFloat(c)})` : `np.int64(${c})`) : String(c),
        );
        throw new ValueError(`y_true contains values {${names.join(", ")}} not belonging to the passed labels ${pyListRepr(labelsOpt)}.`);
      }
      if (classes.length === 1) throw new ValueError(`The labels array needs to contain at least two labels, got ${codec.list(classes)}.`);
    } else {
      classes = distinctCodes(y);
      if (classes.length === 1) {
        throw new ValueError(
          `y_true contains only one label (${codec.name(classes[0])}). Please provide the list of all expected class labels explicitly through the labels argument.`,
        );
      }
    }
    if (bad > 0) warn(o, "The y_prob values do not sum to one. Make sure to pass probabilities.");
    if (classes.length !== P.k) {
      if (!labelsOpt) {
        throw new ValueError(
          `y_true and y_prob contain different number of classes: ${classes.length} vs ${P.k}. Please provide the true labels explicitly through the labels argument. Classes found in y_true: ${codec.list(classes)}`,
        );
      }
      throw new ValueError(`The number of classes in labels is different from that in y_prob. Classes found in labels: ${codec.list(classes)}`);
    }
    return { P, y, classes, codec, weight };
  });
}

/** Class index of every sample (kernel `encodeLabels`), in the caller's arena. */
export function encodeIndices(k: Kernels, y: ArrayLike<number>, classes: number[]): number {
  const n = y.length;
  const py = putF64(y);
  const out = alloc(n * 8);
  k.encodeLabels(py, n, putF64(classes), classes.length, out);
  return out;
}

function average(k: Kernels, s: number, n: number, w: number): number {
  if (!w) return s / n;
  const sw = k.sumF64(w, n);
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return s / sw;
}

/** Options of the multiclass probability losses. */
export interface MulticlassProbOptions extends WarnOptions {
  sampleWeight?: NumericArray;
  /** All class labels (sorted); columns of the matrix follow this order. */
  labels?: readonly ClassLabel[] | NumericArray;
  /** Columns per row when `yProb` is a flat row-major array. */
  nClasses?: number;
}

/**
 * Multiclass log loss (sklearn `log_loss` with an n × k matrix): mean of
 * −log(clip(P[i, yᵢ], ε, 1 − ε)), ε = 2.220446049250313e-16; rows are not
 * renormalised, rows not summing to 1 warn `The y_prob values do not sum to
 * one. Make sure to pass probabilities.`
 * @example
 * ```ts
 * multiclassLogLoss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]); // 0.21616187468057912
 * ```
 */
export function multiclassLogLoss(yTrue: ClassLabelArray, yProb: ProbMatrix, options?: MulticlassProbOptions): number {
  const o = checkOptions<MulticlassProbOptions>(options, "logLoss");
  const fast = mcProbFast(yTrue, yProb, o, McMode.LOG_LOSS);
  if (fast) return fast.sum / fast.n;
  const P = readMatrix(yProb, o.nClasses, "yProb");
  const labels = o.labels ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const v = validateMulticlassProb(yTrue, P, o.sampleWeight, labels, o, "lower");
  return withArena((k) => {
    const yi = encodeIndices(k, v.y, v.classes);
    const w = v.weight ? putF64(v.weight) : 0;
    const s = k.multiLogLossSum(putF64(P.data), P.n, P.k, yi, w, alloc(P.n * 8));
    return average(k, s, P.n, w);
  });
}

/** Options of {@link multiclassBrierScoreLoss}. */
export interface MulticlassBrierOptions extends MulticlassProbOptions {
  /** Halve the score (sklearn `scale_by_half`); default: only for 2 columns. */
  scaleByHalf?: boolean | "auto";
}

/**
 * Multiclass Brier score (sklearn `brier_score_loss` with an n × k matrix):
 * mean over samples of Σⱼ (onehotᵢⱼ − Pᵢⱼ)² (row sums in numpy's pairwise
 * order), halved when k < 3 unless `scaleByHalf` says otherwise.
 * @example
 * ```ts
 * multiclassBrierScoreLoss([0, 1, 2], [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8]]); // 0.08666666666666667 (sklearn: 0.08666666666666667)
 * ```
 */
export function multiclassBrierScoreLoss(yTrue: ClassLabelArray, yProb: ProbMatrix, options?: MulticlassBrierOptions): number {
  const o = checkOptions<MulticlassBrierOptions>(options, "brierScoreLoss");
  const fast = mcProbFast(yTrue, yProb, o, McMode.BRIER);
  if (fast) {
    const b = fast.sum / fast.n;
    return (o.scaleByHalf === undefined || o.scaleByHalf === "auto" ? false : o.scaleByHalf) ? b * 0.5 : b;
  }
  const P = readMatrix(yProb, o.nClasses, "yProb");
  const labels = o.labels ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const v = validateMulticlassProb(yTrue, P, o.sampleWeight, labels, o, "lower");
  const half = o.scaleByHalf === undefined || o.scaleByHalf === "auto" ? P.k < 3 : o.scaleByHalf;
  return withArena((k) => {
    const yi = encodeIndices(k, v.y, v.classes);
    const w = v.weight ? putF64(v.weight) : 0;
    const s = k.multiBrierSum(putF64(P.data), P.n, P.k, yi, w, alloc(P.k * 8), alloc(P.n * 8));
    const b = average(k, s, P.n, w);
    return half ? b * 0.5 : b;
  });
}

/** Options of {@link multiclassRocAucScore}. */
export interface MulticlassRocAucOptions extends WarnOptions {
  sampleWeight?: NumericArray;
  /** `'ovr'` (one-vs-rest) or `'ovo'` (one-vs-one, Hand & Till); required for multiclass. */
  multiClass?: "ovr" | "ovo" | "raise";
  /** `'macro'` (default), `'weighted'`, `'micro'` (ovr only) or null (per class, ovr). */
  average?: "macro" | "weighted" | "micro" | null;
  /** Class labels in column order (sorted); default: the labels in yTrue. */
  labels?: readonly ClassLabel[] | NumericArray;
  /** Partial AUC up to this false-positive rate (binary only), McClish-corrected. */
  maxFpr?: number | null;
  /** Columns per row when `yScore` is a flat row-major array. */
  nClasses?: number;
}

/**
 * Binary ROC AUC with `maxFpr` (sklearn `_binary_roc_auc_score`): the ROC curve
 * is cut at `maxFpr` with one linearly interpolated point (numpy `interp`), the
 * partial area (trapezoids, pairwise sum) is standardised by McClish:
 * 0.5·(1 + (A − maxFpr²/2) / (maxFpr − maxFpr²/2)).
 */
export function partialRocAuc(yTrue: LabelArray, yScore: NumericArray, maxFpr: number, o: WarnOptions & { sampleWeight?: NumericArray }): number {
  if (typeof maxFpr !== "number" || !(maxFpr > 0 && maxFpr <= 1)) {
    throw new ValueError(`The 'max_fpr' parameter of roc_auc_score must be a float in the range (0.0, 1.0] or None. Got ${String(maxFpr)} instead.`);
  }
  const base = { sampleWeight: o.sampleWeight, onWarning: o.onWarning };
  if (maxFpr === 1) return binaryRocAucScore(yTrue, yScore, base);
  // Validation, one-class NaN and label binarisation as the full AUC.
  let oneClass = false;
  binaryRocAucScore(yTrue, yScore, {
    ...base,
    onWarning: (m) => {
      if (m.startsWith("Only one class")) oneClass = true;
      warn(o, m);
    },
  });
  if (oneClass) return NaN;
  const t = Array.from(yTrue as ArrayLike<number | boolean>, Number);
  // A loop, not Math.max(...t): spreading 10^6 arguments overflows the call stack.
  let pos = -Infinity;
  for (const v of t) if (v > pos) pos = v;
  const yb = Float64Array.from(t, (v) => (v === pos ? 1 : 0));
  const r = rocCurve(yb, yScore, { sampleWeight: o.sampleWeight, onWarning: () => {} });
  const fpr = r.fpr;
  const tpr = r.tpr;
  // np.searchsorted(fpr, max_fpr, 'right')
  let stop = 0;
  while (stop < fpr.length && fpr[stop] <= maxFpr) stop++;
  // No negative mass (fpr all NaN): numpy's searchsorted gives 0, leaving `auc` a single point.
  if (stop === 0) throw new ValueError("At least 2 points are needed to compute area under curve, but x.shape = 1");
  const x0 = fpr[stop - 1], x1 = fpr[stop], y0 = tpr[stop - 1], y1 = tpr[stop];
  let yi: number;
  if (maxFpr === x0) yi = y0;
  else {
    const slope = (y1 - y0) / (x1 - x0);
    yi = slope * (maxFpr - x0) + y0;
    if (Number.isNaN(yi)) {
      yi = slope * (maxFpr - x1) + y1;
      if (Number.isNaN(yi) && y0 === y1) yi = y0;
    }
  }
  const xs = [...fpr.slice(0, stop), maxFpr];
  const ys = [...tpr.slice(0, stop), yi];
  const area = withArena((k) => k.trapezoid(putF64(xs), putF64(ys), xs.length, alloc(xs.length * 8)));
  const minArea = 0.5 * maxFpr ** 2;
  const maxArea = maxFpr;
  return 0.5 * (1 + (area - minArea) / (maxArea - minArea));
}

/**
 * `yTrue` of the multiclass ranking metrics as class codes (strings → indices of
 * the codec's sorted names; numbers kept), checked; non-integer numbers are
 * sklearn's "continuous format is not supported".
 */
function codedLabels(yTrue: ClassLabelArray, codec: LabelCodec): Float64Array {
  const yc = encodeArray(yTrue, codec);
  const t = scanArray(
    (Array.isArray(yc) || ArrayBuffer.isView(yc) ? yc : (checkContainer(yc, "yTrue"), yc)) as ArrayLike<unknown>,
    { arg: "yTrue", inputName: "y_true", allowBool: true, allowEmpty: true },
  );
  const y = Float64Array.from(t.data);
  if (codec.names === null && y.some((v) => !Number.isInteger(v))) throw new ValueError("continuous format is not supported");
  return y;
}

/**
 * Multiclass ROC AUC (sklearn `roc_auc_score` with an n × k score matrix):
 * `multiClass: 'ovr'` averages the binary AUC of each class against the rest
 * (`'macro'`, `'weighted'` by class support, `'micro'` over the raveled
 * indicator matrix, or null for per-class values); `'ovo'` averages the
 * pairwise Hand & Till AUCs over pairs of classes present (`'weighted'` by
 * pair prevalence). Rows must sum to 1 (numpy `allclose`).
 * @example
 * ```ts
 * multiclassRocAucScore([0, 1, 2, 2], [[0.8, 0.1, 0.1], [0.3, 0.5, 0.2], [0.2, 0.2, 0.6], [0.1, 0.5, 0.4]], { multiClass: "ovr" });
 * // 0.9444444444444445 (sklearn: 0.9444444444444445)
 * ```
 */
export function multiclassRocAucScore(yTrue: ClassLabelArray, yScore: ProbMatrix, options?: MulticlassRocAucOptions): number | number[] {
  const o = checkOptions<MulticlassRocAucOptions>(options, "rocAucScore");
  const labelsOpt = o.labels ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const codec = labelCodec([yTrue], labelsOpt ?? []);
  const y = codedLabels(yTrue, codec);
  const S = readMatrix(yScore, o.nClasses, "yScore");
  if (o.maxFpr !== undefined && o.maxFpr !== null && o.maxFpr !== 1) {
    throw new ValueError(
      `Partial AUC computation not available in multiclass setting, 'max_fpr' must be set to \`None\`, received \`max_fpr=${String(o.maxFpr)}\` instead`,
    );
  }
  const multiClass = o.multiClass ?? "raise";
  if (multiClass === "raise") throw new ValueError("multi_class must be in ('ovo', 'ovr')");
  // One arena from here on: the matrix is copied in once, for the row check and the kernels.
  return withArena((k) => {
    const ps = putF64(S.data);
    const bad = k.probRowCheck(ps, S.n, S.k, 0, alloc(16));
    if (bad > 0) {
      throw new ValueError(
        "Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes",
      );
    }
    const avg = o.average === undefined ? "macro" : o.average;
    const opts = multiClass === "ovr" ? ["micro", "macro", "weighted", null] : ["macro", "weighted", null];
    if (!opts.includes(avg)) {
      throw new ValueError(
        `average must be one of (${multiClass === "ovr" ? "'micro', " : ""}'macro', 'weighted', None) for multiclass problems`,
      );
    }
    if (multiClass !== "ovr" && multiClass !== "ovo") {
      throw new ValueError(`multi_class='${String(multiClass)}' is not supported for multiclass ROC AUC, multi_class must be in ('ovo', 'ovr')`);
    }
    if (avg === null && multiClass === "ovo") throw new ValueError("average=None is not implemented for multi_class='ovo'.");
    let classes: number[];
    if (labelsOpt) {
      const given = labelsOpt.map((v) => codec.code(v));
      classes = [...new Set(given)].sort((a, b) => a - b);
      if (classes.length !== given.length) throw new ValueError("Parameter 'labels' must be unique");
      if (given.some((v, i) => v !== classes[i])) throw new ValueError("Parameter 'labels' must be ordered");
      if (classes.length !== S.k) {
        throw new ValueError(`Number of given labels, ${classes.length}, not equal to the number of columns in 'y_score', ${S.k}`);
      }
      const set = new Set(classes);
      if (y.some((v) => !set.has(v))) throw new ValueError("'y_true' contains labels not in parameter 'labels'");
    } else {
      classes = distinctCodes(y);
      if (classes.length !== S.k) {
        throw new ValueError("Number of classes in y_true not equal to the number of columns in 'y_score'");
      }
    }
    lengthCheck(hasW(o.sampleWeight) ? [y.length, S.n, checkContainer(o.sampleWeight, "sampleWeight")] : [y.length, S.n]);
    if (multiClass === "ovo") {
      if (hasW(o.sampleWeight)) {
        throw new ValueError(
          "sample_weight is not supported for multiclass one-vs-one ROC AUC, 'sample_weight' must be None in this case.",
        );
      }
      return ovo(y, S, classes, avg === "weighted", o, ps);
    }
    return ovr(y, S, classes, avg as "macro" | "weighted" | "micro" | null, o, undefined, ps);
  });
}

/** A binary ranking metric on one indicator column (binary ROC AUC or AP). */
type BinaryMetric = (y: Float64Array, s: Float64Array, o: WarnOptions & { sampleWeight?: NumericArray }) => number;

function ovr(
  y: Float64Array,
  S: Matrix,
  classes: number[],
  avg: "macro" | "weighted" | "micro" | null,
  o: WarnOptions & { sampleWeight?: NumericArray },
  metric: BinaryMetric = binaryRocAucScore as BinaryMetric,
  /** S.data already in the caller's arena. */
  psIn?: number,
): number | number[] {
  const n = S.n;
  const w = hasW(o.sampleWeight) ? Float64Array.from(o.sampleWeight as ArrayLike<number>) : undefined;
  const sub = { onWarning: o.onWarning };
  if (avg === "micro") {
    // Ravel the indicator matrix and the scores row-major; repeat the weights.
    const cols = withArena((k) => {
      const yi = encodeIndices(k, y, classes);
      const ind = new Float64Array(n * S.k);
      const ps = putF64(S.data);
      const out = alloc(n * 8);
      const io = alloc(n * 8);
      for (let c = 0; c < S.k; c++) {
        k.ovrColumn(ps, n, S.k, yi, c, out, io);
        const col = getF64(io, n);
        for (let i = 0; i < n; i++) ind[i * S.k + c] = col[i];
      }
      return ind;
    });
    const rw = w ? Float64Array.from({ length: n * S.k }, (_, j) => w[Math.floor(j / S.k)]) : undefined;
    return metric(cols, S.data, { sampleWeight: rw, onWarning: o.onWarning });
  }
  const scores: number[] = [];
  const support: number[] = [];
  if (avg === "weighted") {
    // np.sum(y_true * w[:, None], axis=0): a sequential sum per column (the
    // other columns add exact zeros). No weight validation here: sklearn has none.
    const col = new Map(classes.map((c, j) => [c, j]));
    for (let c = 0; c < S.k; c++) support.push(0);
    for (let i = 0; i < n; i++) {
      const j = col.get(y[i]);
      if (j !== undefined) support[j] += w ? w[i] : 1;
    }
    // _average_binary_score returns 0 before any per-class score when
    // np.isclose(sum(average_weight), 0) (e.g. all weights zero).
    if (Math.abs(support.reduce((a, b) => a + b, 0)) <= 1e-8) return 0;
  }
  withArena((k) => {
    const yi = encodeIndices(k, y, classes);
    const ps = psIn ?? putF64(S.data);
    const out = alloc(n * 8);
    const io = alloc(n * 8);
    // Unweighted ROC AUC: the columns transposed once, then each class's area
    // from one key-only sort of its column with the label y == c composed in
    // (keyAreas, as binaryRocAucScore's unweighted path), in buffers reused
    // across classes. A column keyAreas declines (one class present, or keys
    // spanning all 64 bits) goes through the binary metric below.
    const fast = !w && metric === (binaryRocAucScore as BinaryMetric) && n > 1;
    const cols = fast ? alloc(n * S.k * 8) : 0;
    const lohi = fast ? alloc(S.k * 16) : 0;
    const scratch = fast ? areaScratch(k, n, false) : undefined;
    if (fast) (k as OvrKernels).ovrColumns(ps, n, S.k, cols, lohi);
    for (let c = 0; c < S.k; c++) {
      if (fast) {
        const a = keyAreas(k, yi, cols + c * n * 8, n, c, readF64(lohi, 2 * c), readF64(lohi, 2 * c + 1), false, scratch);
        if (a !== undefined) {
          scores.push(a.auc);
          continue;
        }
      }
      k.ovrColumn(ps, n, S.k, yi, c, out, io);
      const col = getF64(io, n);
      scores.push(metric(col, getF64(out, n), { sampleWeight: w, onWarning: sub.onWarning ?? ((m) => warn(o, m)) }));
    }
  });
  if (avg === null) return scores;
  if (avg === "weighted") {
    const sc = scores.map((s, i) => (support[i] === 0 ? 0 : s));
    return pw(sc.map((s, i) => s * support[i])) / pw(support);
  }
  return pw(scores) / scores.length;
}

function pw(a: number[]): number {
  return pairwiseSum(a);
}

function ovo(y: Float64Array, S: Matrix, classes: number[], weighted: boolean, o: MulticlassRocAucOptions, psIn?: number): number {
  const n = S.n;
  const pairs: number[] = [];
  const prevalence: number[] = [];
  withArena((k) => {
    const yi = encodeIndices(k, y, classes);
    const present = distinctCodes(getF64(yi, n));
    const ps = psIn ?? putF64(S.data);
    const ya = alloc(n * 8), sa = alloc(n * 8), yb = alloc(n * 8), sb = alloc(n * 8);
    for (let i = 0; i < present.length; i++) {
      for (let j = i + 1; j < present.length; j++) {
        const a = present[i], b = present[j];
        const m = k.ovoSubset(ps, n, S.k, yi, a, b, ya, sa, yb, sb);
        if (weighted) prevalence.push(m / n);
        const onWarning = (msg: string) => warn(o, msg);
        const sA = binaryRocAucScore(getF64(ya, m), getF64(sa, m), { onWarning });
        const sB = binaryRocAucScore(getF64(yb, m), getF64(sb, m), { onWarning });
        pairs.push((sA + sB) / 2);
      }
    }
  });
  if (!weighted) return pw(pairs) / pairs.length; // (one class present: no pairs, NaN as np.average([]))
  // np.average(pair_scores, weights=prevalence): with no pairs the weights sum to zero.
  if (pairs.length === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return pw(pairs.map((s, i) => s * prevalence[i])) / pw(prevalence);
}

/** Options of {@link averagePrecisionScore} with an n × k score matrix. */
export interface MulticlassAveragePrecisionOptions extends WarnOptions {
  sampleWeight?: NumericArray;
  /** `'macro'` (default), `'weighted'`, `'micro'`, `'samples'` or null (one value per class). */
  average?: "macro" | "weighted" | "micro" | "samples" | null;
  /** Columns per row when `yScore` is a flat row-major array. */
  nClasses?: number;
}

/**
 * `average_precision_score` with multiclass `yTrue` and an n × k score matrix,
 * after the caller's label checks (`y`: the labels as numbers or string codes,
 * `classes`: their sorted distinct values, more than two; `posLabel` 1): `yTrue`
 * is binarized over its present labels (k must equal their number), then each
 * column's binary AP is averaged as `_average_binary_score` does (`'samples'`:
 * per-row AP, which for a one-hot row is 1 / the number of scores ≥ the true
 * class's score, averaged with the sample weights).
 */
export function multiclassAveragePrecision(
  y: Float64Array,
  classes: number[],
  yScore: ProbMatrix,
  o: MulticlassAveragePrecisionOptions,
  binaryAp: BinaryMetric,
): number | number[] {
  const S = readMatrix(yScore, o.nClasses, "yScore");
  if (S.k !== classes.length || S.n !== y.length) {
    throw new ValueError(
      "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains multiple classes. " +
        `Got \`y_score.shape=(${S.n}, ${S.k})\`.`,
    );
  }
  const w = hasW(o.sampleWeight)
    ? scanArray(o.sampleWeight as ArrayLike<unknown>, { arg: "sampleWeight", inputName: "sample_weight" }).data
    : undefined;
  if (w && w.length !== S.n) {
    throw new ValueError(`Found input variables with inconsistent numbers of samples: [${S.n}, ${S.n}, ${w.length}]`);
  }
  const avg = o.average === undefined ? "macro" : o.average;
  if (avg !== "samples") {
    return ovr(y, S, classes, avg, { sampleWeight: w as NumericArray | undefined, onWarning: o.onWarning }, binaryAp);
  }
  // 'samples': one positive per row, so the row's AP is tp / (tp + fp) at the true class's score.
  const col = new Map(classes.map((c, j) => [c, j]));
  const ap = new Array<number>(S.n);
  for (let i = 0; i < S.n; i++) {
    const base = i * S.k;
    const st = S.data[base + col.get(y[i])!];
    let count = 0;
    for (let j = 0; j < S.k; j++) if (S.data[base + j] >= st) count++;
    ap[i] = 1 / count;
  }
  if (!w) return pairwiseSum(ap) / S.n;
  const sw = pairwiseSum(Array.from(w));
  if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
  return pairwiseSum(ap.map((a, i) => a * w[i])) / sw;
}

/** Options of {@link topKAccuracyScore}. */
export interface TopKOptions extends WarnOptions {
  /** Number of most likely outcomes considered (default 2). */
  k?: number;
  /** `true` (default): the (weighted) fraction; `false`: the (weighted) count. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
  /** All class labels (sorted), in column order. */
  labels?: readonly ClassLabel[] | NumericArray;
  /** Columns per row when `yScore` is a flat row-major array. */
  nClasses?: number;
}

/**
 * Top-k accuracy (sklearn `top_k_accuracy_score`): a sample counts when its
 * true class is among the k highest scores (ties ranked as numpy's stable
 * argsort reversed: the later column first). Binary targets take 1-D scores.
 * @example
 * ```ts
 * topKAccuracyScore([0, 1, 2, 2], [[0.5, 0.2, 0.2], [0.3, 0.4, 0.2], [0.2, 0.4, 0.3], [0.7, 0.2, 0.1]], { k: 2 }); // 0.75
 * ```
 */
export function topKAccuracyScore(yTrue: ClassLabelArray, yScore: ProbMatrix, options?: TopKOptions): number {
  const o = checkOptions<TopKOptions>(options, "topKAccuracyScore");
  const kk = o.k ?? 2;
  if (!Number.isInteger(kk) || kk < 1) {
    throw new ValueError(`The 'k' parameter of top_k_accuracy_score must be an int in the range [1, inf). Got ${String(kk)} instead.`);
  }
  yTrue = columnOr1d(yTrue, "yTrue"); // sklearn's column_or_1d(y_true)
  if (o.nClasses !== undefined && kk < o.nClasses) {
    // class indices and a flat score matrix: one fused pass (no warning possible: k < n_classes)
    const fast = mcProbFast(yTrue, yScore, o, McMode.TOP_K, kk);
    if (fast) return o.normalize === false ? fast.sum : fast.sum / fast.n;
  }
  const labelsOpt = o.labels ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const codec = labelCodec([yTrue], labelsOpt ?? []);
  const t = scanArray(encodeArray(yTrue, codec) as ArrayLike<unknown>, { arg: "yTrue", inputName: "", allowBool: true });
  const y = Float64Array.from(t.data);
  if (codec.names === null && y.some((v) => !Number.isInteger(v))) {
    throw new ValueError("y type must be 'binary' or 'multiclass', got 'continuous' instead.");
  }
  const present = distinctCodes(y);
  let type = present.length <= 2 ? "binary" : "multiclass";
  if (type === "binary" && labelsOpt && labelsOpt.length > 2) type = "multiclass";
  const twoD = isMatrix(yScore, o.nClasses);
  let S: Matrix;
  if (type === "binary" && !twoD) {
    const c = scanArray(yScore as ArrayLike<unknown>, { arg: "yScore", inputName: "" });
    S = { data: Float64Array.from(c.data), n: c.n, k: 1 };
  } else {
    if (!twoD) {
      throw new ValueError(
        `\`y_score\` needs to be of shape \`(n_samples, n_classes)\`, since \`y_true\` contains multiple classes. Got \`y_score.shape=(${(yScore as ArrayLike<number>).length},)\`.`,
      );
    }
    S = readMatrix(yScore, o.nClasses, "yScore");
    if (type === "binary" && S.k !== 1) {
      throw new ValueError(
        `\`y_true\` is binary while y_score is 2d with ${S.k} classes. If \`y_true\` does not contain all the labels, \`labels\` must be provided.`,
      );
    }
  }
  lengthCheck(hasW(o.sampleWeight) ? [y.length, S.n, checkContainer(o.sampleWeight, "sampleWeight")] : [y.length, S.n]);
  const nScoreClasses = S.k === 1 ? 2 : S.k;
  let classes: number[];
  if (!labelsOpt) {
    classes = present;
    if (classes.length !== nScoreClasses) {
      throw new ValueError(
        `Number of classes in 'y_true' (${classes.length}) not equal to the number of classes in 'y_score' (${nScoreClasses}).You can provide a list of all known classes by assigning it to the \`labels\` parameter.`,
      );
    }
  } else {
    const given = labelsOpt.map((v) => codec.code(v));
    classes = [...new Set(given)].sort((a, b) => a - b);
    if (classes.length !== given.length) throw new ValueError("Parameter 'labels' must be unique.");
    if (given.some((v, i) => v !== classes[i])) throw new ValueError("Parameter 'labels' must be ordered.");
    if (classes.length !== nScoreClasses) {
      throw new ValueError(`Number of given labels (${classes.length}) not equal to the number of classes in 'y_score' (${nScoreClasses}).`);
    }
    const set = new Set(classes);
    if (y.some((v) => !set.has(v))) throw new ValueError("'y_true' contains labels not in parameter 'labels'.");
  }
  if (kk >= classes.length) {
    warn(o, `'k' (${kk}) greater than or equal to 'n_classes' (${classes.length}) will result in a perfect score and is therefore meaningless.`);
  }
  // top_k_accuracy_score only checks the length of sample_weight (no
  // _check_sample_weight): all-zero weights give np.average's ZeroDivisionError
  // when normalizing and 0 from np.dot otherwise. (Non-finite weights are still refused.)
  const w = hasW(o.sampleWeight)
    ? scanArray(o.sampleWeight as ArrayLike<unknown>, { arg: "sampleWeight", inputName: "sample_weight" }).data
    : undefined;
  return withArena((k) => {
    const n = S.n;
    const yi = encodeIndices(k, y, classes);
    const wp = w ? putF64(w) : 0;
    let s: number;
    if (S.k === 1) {
      // Binary: k == 1 thresholds the scores; k ≥ 2 counts every sample.
      let P: Float64Array;
      if (kk === 1) {
        let lo = Infinity, hi = -Infinity;
        for (const v of S.data) { if (v < lo) lo = v; if (v > hi) hi = v; }
        const thr = lo >= 0 && hi <= 1 ? 0.5 : 0;
        // Rows [thr, score]: column 1 wins only when score > thr (ties go to column... 0 by rank below).
        P = new Float64Array(2 * n);
        for (let i = 0; i < n; i++) { P[2 * i] = S.data[i] > thr ? 0 : 1; P[2 * i + 1] = S.data[i] > thr ? 1 : 0; }
      } else {
        P = new Float64Array(2 * n).fill(0.5);
      }
      s = k.topKSum(putF64(P), n, 2, yi, kk === 1 ? 1 : 2, wp, alloc(n * 8));
    } else {
      s = k.topKSum(putF64(S.data), n, S.k, yi, kk, wp, alloc(n * 8));
    }
    if (o.normalize === false) return s;
    return average(k, s, n, wp);
  });
}
