/**
 * Classification losses of scikit-learn `_classification.py` that issue 17
 * adds: `zero_one_loss`, `hinge_loss` (binary and Crammer-Singer multiclass)
 * and `class_likelihood_ratios`.
 *
 * Hinge terms are computed by the `hingeBinarySum` / `hingeMultiSum` kernels
 * and reduced in numpy's pairwise order (`np.average`), so results are sklearn's
 * bits; the likelihood ratios are products and quotients of confusion-matrix
 * cells (sklearn's own arithmetic, in the same order).
 * @module
 */
import { type ClassLabel, type ClassLabelArray, encodeArray, labelCodec } from "../input/codec.js";
import { distinctValues } from "../input/labels.js";
import { isMatrix, readMatrix, type ProbMatrix } from "../input/matrix.js";
import {
  checkContainer,
  checkOptions,
  checkWeights,
  type NumericArray,
  optionArray,
  scanArray,
  ValueError,
  warn,
  type WarnOptions,
  ZeroDivisionError,
} from "../input/validate.js";
import { alloc, putF64, withArena } from "../wasm/core.js";
import { accuracyScore, confusionMatrix } from "./metrics.js";
import { columnOr1d, columnOptions, type IndicatorMatrix, matrixRoute, type MultilabelOptions, multilabelZeroOneLoss, targets1d } from "./multilabel.js";

/** Options of {@link zeroOneLoss}. */
export interface ZeroOneLossOptions extends WarnOptions {
  /** `false`: the (weighted) number of misclassifications instead of the fraction. */
  normalize?: boolean;
  sampleWeight?: NumericArray;
}

/**
 * Zero-one loss (sklearn `zero_one_loss`): 1 − accuracy, or with
 * `normalize: false` the (weighted) count of errors, Σw − Σw·[ŷ = y] (Σw in
 * numpy's pairwise order; n − hits without weights). Any number of classes,
 * string labels.
 * @example
 * ```ts
 * zeroOneLoss([1, 2, 3, 4], [2, 2, 3, 4]); // 0.25 (sklearn: 0.25)
 * zeroOneLoss([1, 2, 3, 4], [2, 2, 3, 4], { normalize: false }); // 1 (sklearn: 1.0)
 * ```
 */
export function zeroOneLoss(yTrue: ClassLabelArray | IndicatorMatrix, yPred: ClassLabelArray | IndicatorMatrix, options?: ZeroOneLossOptions & MultilabelOptions): number {
  const o = checkOptions<ZeroOneLossOptions & MultilabelOptions>(options, "zeroOneLoss");
  const route = matrixRoute(yTrue, yPred, o);
  if (route === "multilabel") return multilabelZeroOneLoss(yTrue, yPred, o);
  if (route) return zeroOneLoss(route.yTrue as ClassLabelArray, route.yPred as ClassLabelArray, columnOptions(o));
  const score = accuracyScore(yTrue, yPred, { normalize: o.normalize, sampleWeight: o.sampleWeight, onWarning: o.onWarning });
  if (o.normalize !== false) return 1 - score;
  if (o.sampleWeight !== undefined && o.sampleWeight !== null) {
    const w = o.sampleWeight;
    return withArena((k) => k.sumF64(putF64(w as ArrayLike<number>), (w as ArrayLike<number>).length)) - score;
  }
  return (yTrue as ArrayLike<unknown>).length - score;
}

/** Options of {@link hingeLoss}. */
export interface HingeLossOptions extends WarnOptions {
  /** All class labels (multiclass): columns of the decision matrix follow their sorted order. */
  labels?: readonly ClassLabel[] | NumericArray;
  sampleWeight?: NumericArray;
  /** Columns per row when `predDecision` is a flat row-major matrix. */
  nClasses?: number;
}

function pyShape(n: number, k?: number): string {
  return k === undefined ? `(${n},)` : `(${n}, ${k})`;
}

function rowsOf(x: unknown, nClasses: number | undefined): number {
  const total = checkContainer(x, "predDecision");
  return nClasses ? Math.floor(total / nClasses) : total;
}

function npScalar(c: number, codec: ReturnType<typeof labelCodec>, float: boolean): string {
  if (codec.names) return `np.str_('${codec.names[c]}')`;
  if (float) return `np.float64(${codec.name(c).replace(/^(-?\d+)$/, "$1.0")})`;
  return `np.int64(${c})`;
}

/**
 * Average hinge loss (sklearn `hinge_loss`). Binary (at most two labels in
 * `labels` or yTrue): yTrue is mapped to ±1 (the larger label +1, as
 * sklearn's `LabelBinarizer(neg_label=-1)`; a single label gives −1) and the
 * loss is mean(max(1 − y·d, 0)). Multiclass (Crammer-Singer): `predDecision`
 * is n × k (rows or flat with `nClasses`), margin = d[i, yᵢ] − max_{j≠yᵢ}
 * d[i, j], loss mean(max(1 − margin, 0)). Weighted by `sampleWeight`
 * (`np.average`, pairwise sums). sklearn's shape errors word for word.
 * @example
 * ```ts
 * hingeLoss([-1, 1, 1], [-2.18, 2.36, 0.09]); // 0.30333333333333334 (sklearn: 0.30333333333333334)
 * hingeLoss([0, 2, 3], [[1.27, 0.034, -0.68, -1.40], [-1.45, -0.58, -0.38, -0.17], [-2.36, -0.79, -0.27, 0.24]], { labels: [0, 1, 2, 3] });
 * // 0.5666666666666667 (sklearn: 0.5666666666666667)
 * ```
 */
export function hingeLoss(yTrue: ClassLabelArray | IndicatorMatrix, predDecision: ProbMatrix | NumericArray, options?: HingeLossOptions): number {
  const o = checkOptions<HingeLossOptions>(options, "hingeLoss");
  const matrix = isMatrix(predDecision, o.nClasses);
  const nt = checkContainer(yTrue, "yTrue");
  const np = matrix ? (Array.isArray(predDecision) && !o.nClasses ? predDecision.length : rowsOf(predDecision, o.nClasses)) : checkContainer(predDecision, "predDecision");
  const hasW = o.sampleWeight !== undefined && o.sampleWeight !== null;
  const lens = hasW ? [nt, np, checkContainer(o.sampleWeight, "sampleWeight")] : [nt, np];
  if (new Set(lens).size > 1) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${lens.join(", ")}]`);
  const labels = o.labels !== undefined && o.labels !== null ? optionArray<ClassLabel>(o.labels, "labels") : undefined;
  const float = yTrue instanceof Float64Array || yTrue instanceof Float32Array;
  // one arena: typed inputs are copied and scanned once, in WebAssembly, and read in place
  return withArena((k) => {
    const D = matrix
      ? readMatrix(predDecision, o.nClasses, "predDecision", true)
      : (() => {
          const c = scanArray(predDecision as ArrayLike<unknown>, { arg: "predDecision", inputName: "" });
          return { data: c.data, n: c.n, k: 0, ptr: c.ptr };
        })();
    // sklearn's column_or_1d(y_true), after check_array(pred_decision)
    const y1 = columnOr1d(yTrue, "yTrue") as ClassLabelArray;
    const codec = labelCodec([y1], labels ?? []);
    const yc = codec.names ? encodeArray(y1, codec) : y1;
    const ys = scanArray(yc as ArrayLike<unknown>, { arg: "yTrue", inputName: "y_true", allowBool: true });
    const weight = hasW ? checkWeights(o.sampleWeight, nt, true) : undefined;
    const n = ys.n;
    const py = ys.ptr ?? putF64(ys.data);
    const yClasses = distinctValues(py, n).values;
    const classes = labels ? [...new Set(labels.map((v) => codec.code(v)))].sort((a, b) => a - b) : yClasses;
    const w = weight ? (weight.ptr ?? putF64(weight.data)) : 0;
    const pd = D.ptr ?? putF64(D.data);
    let s: number;
    if (classes.length > 2) {
      if (!matrix) {
        throw new ValueError(
          "The shape of pred_decision cannot be 1d arraywith a multiclass target. pred_decision shape must be (n_samples, n_classes), " +
            `that is (${n}, ${classes.length}). Got: ${pyShape(D.n)}`,
        );
      }
      if (classes.length !== D.k) {
        if (!labels) throw new ValueError("Please include all labels in y_true or pass labels as third argument");
        throw new ValueError(
          "The shape of pred_decision is not consistent with the number of classes. With a multiclass target, pred_decision shape must be " +
            `(n_samples, n_classes), that is (${n}, ${classes.length}). Got: ${pyShape(D.n, D.k)}`,
        );
      }
      const yi = alloc(n * 8);
      if (k.encodeLabels(py, n, putF64(classes), classes.length, yi) > 0) {
        const set = new Set(classes);
        const unseen = yClasses.filter((c) => !set.has(c));
        throw new ValueError(`y contains previously unseen labels: [${unseen.map((c) => npScalar(c, codec, float)).join(", ")}]`);
      }
      s = k.hingeMultiSum(pd, n, D.k, yi, w, alloc(n * 8));
    } else {
      if (matrix && D.k !== 1) throw new ValueError(`y should be a 1d array, got an array of shape ${pyShape(D.n, D.k)} instead.`);
      // LabelBinarizer(neg_label=-1) fitted on y_true: +1 for the larger of two labels,
      // for the first of three or more (column 0), none for a single label.
      const pos = yClasses.length === 2 ? yClasses[1] : yClasses.length > 2 ? yClasses[0] : NaN;
      const ind = alloc(n * 8);
      k.labelIndicator(py, n, pos, ind);
      s = k.hingeBinarySum(ind, pd, w, n, alloc(n * 8));
    }
    if (!w) return s / n;
    const sw = k.sumF64(w, n);
    if (sw === 0) throw new ZeroDivisionError("Weights sum to zero, can't be normalized");
    return s / sw;
  });
}

/** Values for undefined likelihood ratios (sklearn `replace_undefined_by`). */
export type ReplaceUndefinedBy = number | { "LR+": number; "LR-": number };

/** Options of {@link classLikelihoodRatios}. */
export interface ClassLikelihoodRatiosOptions extends WarnOptions {
  /** The two labels [negative, positive] (default: the sorted labels present). */
  labels?: readonly ClassLabel[] | NumericArray;
  sampleWeight?: NumericArray;
  /** NaN (default), 1.0 (both ratios 1), or `{ "LR+": ≥ 1 or NaN, "LR-": in [0, 1] or NaN }`. */
  replaceUndefinedBy?: ReplaceUndefinedBy;
}

function pyFloatRepr(x: unknown): string {
  if (typeof x !== "number") return typeof x === "string" ? `'${x}'` : String(x);
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? `${x}.0` : String(x);
}

const SUPPRESS = "To suppress this warning or turn it into an error, see Python's `warnings` module and `warnings.catch_warnings()`.";

/**
 * Binary likelihood ratios (sklearn `class_likelihood_ratios`): returns
 * [LR+, LR−] with LR+ = (tp·(tn + fp)) / (fp·(tp + fn)) and
 * LR− = (fn·(tn + fp)) / (tn·(tp + fn)) from the (weighted) confusion matrix.
 * fp = 0 or tn = 0 (or no positive sample): sklearn's warnings and NaN, or the
 * values of `replaceUndefinedBy`. More than two labels raise `class_likelihood_ratios
 * only supports binary classification problems, got targets of type: multiclass`.
 * @example
 * ```ts
 * classLikelihoodRatios([0, 1, 0, 1, 0], [1, 1, 0, 0, 0]); // [1.5, 0.75] (sklearn: (1.5, 0.75))
 * ```
 */
export function classLikelihoodRatios(
  yTrue: ClassLabelArray | IndicatorMatrix,
  yPred: ClassLabelArray | IndicatorMatrix,
  options?: ClassLikelihoodRatiosOptions,
): [number, number] {
  const o = checkOptions<ClassLikelihoodRatiosOptions>(options, "classLikelihoodRatios");
  let r: unknown = o.replaceUndefinedBy ?? NaN;
  const isDict = typeof r === "object" && r !== null && !Array.isArray(r);
  if (!isDict && !(typeof r === "number" && (r === 1 || Number.isNaN(r)))) {
    throw new ValueError(
      `The 'replace_undefined_by' parameter of class_likelihood_ratios must be a float among {1.0, nan} or an instance of 'dict'. Got ${pyFloatRepr(r)} instead.`,
    );
  }
  const col = targets1d(yTrue, yPred, o, "class_likelihood_ratios only supports binary classification problems, got targets of type: multilabel-indicator");
  if (col) return classLikelihoodRatios(col.yTrue as ClassLabelArray, col.yPred as ClassLabelArray, columnOptions(o));
  const captured: string[] = [];
  const cm0 = confusionMatrix(yTrue, yPred, { sampleWeight: o.sampleWeight, onWarning: (m: string) => captured.push(m) } as never);
  if (cm0.length > 2) {
    throw new ValueError("class_likelihood_ratios only supports binary classification problems, got targets of type: multiclass");
  }
  if (r === 1) r = { "LR+": 1.0, "LR-": 1.0 };
  let lrPosWanted = NaN;
  let lrNegWanted = NaN;
  const replaceNaN = typeof r === "number";
  if (typeof r === "object" && r !== null) {
    const d = r as Record<string, unknown>;
    const repr = `{${Object.entries(d).map(([key, v]) => `'${key}': ${pyFloatRepr(v)}`).join(", ")}}`;
    const msg =
      "The dictionary passed as `replace_undefined_by` needs to be in the form `{'LR+': `value_1`, 'LR-': `value_2`}` where the value for " +
      "`LR+` ranges from `1.0` to `np.inf` or is `np.nan` and the value for `LR-` ranges from `0.0` to `1.0` or is `np.nan`; " +
      `got \`${repr}\`.`;
    if (!("LR+" in d) || !("LR-" in d)) throw new ValueError(msg);
    const p = d["LR+"];
    const q = d["LR-"];
    if (typeof p !== "number" || p < 1 || typeof q !== "number" || q < 0 || q > 1) throw new ValueError(msg);
    lrPosWanted = p;
    lrNegWanted = q;
  }
  let cm = cm0;
  if (o.labels !== undefined && o.labels !== null) {
    cm = confusionMatrix(yTrue, yPred, { sampleWeight: o.sampleWeight, labels: o.labels, onWarning: o.onWarning } as never);
  } else {
    for (const m of captured) warn(o, m);
  }
  const cells = cm.flat();
  if (cells.length < 4) throw new ValueError(`not enough values to unpack (expected 4, got ${cells.length})`);
  if (cells.length > 4) throw new ValueError("too many values to unpack (expected 4)");
  const [tn, fp, fn, tp] = cells;
  const supportPos = tp + fn;
  const supportNeg = tn + fp;
  let lrPos: number;
  let lrNeg: number;
  if (supportPos === 0) {
    warn(
      o,
      "No samples of the positive class are present in `y_true`. `positive_likelihood_ratio` and `negative_likelihood_ratio` are both set to " +
        "`np.nan`. Use the `replace_undefined_by` param to control this behavior. " +
        SUPPRESS,
    );
  }
  if (fp === 0) {
    const begin =
      tp === 0 ? "No samples were predicted for the positive class and `positive_likelihood_ratio` is " : "`positive_likelihood_ratio` is ill-defined and ";
    // sklearn's message stops here (the rest of its sentence is a separate statement)
    warn(o, begin + "set to `np.nan`. Use the `replace_undefined_by` param to ");
    lrPos = replaceNaN ? NaN : lrPosWanted;
  } else {
    lrPos = (tp * supportNeg) / (fp * supportPos);
  }
  if (tn === 0) {
    warn(o, "`negative_likelihood_ratio` is ill-defined and set to `np.nan`. Use the `replace_undefined_by` param to control this behavior. " + SUPPRESS);
    lrNeg = replaceNaN ? NaN : lrNegWanted;
  } else {
    lrNeg = (fn * supportNeg) / (tn * supportPos);
  }
  return [lrPos, lrNeg];
}
