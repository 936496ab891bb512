/**
 * `sklearn.calibration.calibration_curve`: the fraction of positives and the
 * mean predicted probability per bin of `yProb` (a reliability diagram).
 * @module
 */
import { type ClassLabel, encodeArray, hasStringLabels, labelCodec } from "../input/codec.js";
import { checkArray, checkContainer, checkOptions, ValueError } from "../input/validate.js";
import { alloc, allocF64, copyF64, getF64, MAX_SAMPLES, putF64, withArena } from "../wasm/core.js";
import { defaultPosLabel, type Kind, npArrayStr, pyFloat, pyStrRepr, readLabels } from "./curves.js";
import { columnOr1d } from "./labelranking.js";

/** Options of {@link calibrationCurve}. */
export interface CalibrationCurveOptions {
  /**
   * The positive class (number, boolean or string). Default: `yTrue` must take
   * values in {0, 1} or {-1, 1} (or one of them) and 1 is positive, else
   * sklearn's "pos_label is not specified" error. A label absent from `yTrue`
   * is not an error: every fraction of positives is then 0.
   */
  posLabel?: ClassLabel;
  /** Number of bins of [0, 1] (an integer ≥ 1). Default 5. Empty bins are left out of the result. */
  nBins?: number;
  /**
   * `'uniform'` (default): bins of equal width, edges `np.linspace(0, 1, nBins + 1)`;
   * `'quantile'`: edges at the `np.percentile` of `yProb` at `np.linspace(0, 1, nBins + 1) * 100`
   * (bins with about the same number of samples).
   */
  strategy?: "uniform" | "quantile";
}

/** The result of {@link calibrationCurve}: one entry per non-empty bin, in bin order. */
export interface CalibrationCurve {
  /** Fraction of samples of the positive class in each bin (sklearn's `prob_true`). */
  probTrue: number[];
  /** Mean predicted probability in each bin (sklearn's `prob_pred`). */
  probPred: number[];
}

/** Python's repr of an option value, for sklearn's InvalidParameterError messages. */
function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (typeof v === "string") return pyStrRepr(v);
  return String(typeof v);
}

function checkNBins(v: unknown): number {
  if (v === undefined) return 5;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new ValueError(`The 'n_bins' parameter of calibration_curve must be an int in the range [1, inf). Got ${pyRepr(v)} instead.`);
  }
  if (v > MAX_SAMPLES) throw new RangeError(`nBins=${v}; mlmetrics accepts at most ${MAX_SAMPLES} bins`);
  return v;
}

function checkStrategy(v: unknown): "uniform" | "quantile" {
  if (v === undefined) return "uniform";
  if (v !== "uniform" && v !== "quantile") {
    throw new ValueError(
      `The 'strategy' parameter of calibration_curve must be a str among {'quantile', 'uniform'}. Got ${pyRepr(v)} instead.`,
    );
  }
  return v;
}

/** The distinct values of finite labels, ascending (-0 as 0); the two-slot fast path of targetType. */
function uniqueValues(d: ArrayLike<number>, n: number): number[] {
  let a = NaN;
  let b = NaN;
  let seen: Set<number> | null = null;
  for (let i = 0; i < n; i++) {
    const v = d[i] + 0;
    if (v === a || v === b) continue;
    if (seen) seen.add(v);
    else if (a !== a) a = v;
    else if (b !== b) b = v;
    else seen = new Set([a, b, v]);
  }
  const out = seen ? [...seen] : [a, b].filter((v) => v === v);
  return out.sort((x, z) => x - z);
}

/** np.linspace(0, 1, nBins + 1): i · (1 / nBins), the last edge exactly 1. */
function linspace01(nBins: number): number[] {
  const step = 1 / nBins;
  const out = Array.from({ length: nBins + 1 }, (_, i) => i * step + 0);
  out[nBins] = 1;
  return out;
}

/**
 * True and predicted probabilities for a calibration curve, as scikit-learn's
 * `sklearn.calibration.calibration_curve(y_true, y_prob, pos_label=...,
 * n_bins=..., strategy=...)`.
 *
 * The bin of a probability p is the number of inner bin edges strictly below
 * it (`np.searchsorted(bins[1:-1], p)`, so a probability on an edge falls in
 * the lower bin); per bin the probabilities are summed in sample order (as
 * `np.bincount` with weights, a plain sequential sum) and the positives and
 * samples counted, all in one WebAssembly pass. `probTrue` = positives / count
 * and `probPred` = sum / count for the non-empty bins. With `strategy:
 * 'quantile'` the edges are `np.percentile(yProb, linspace(0, 1, nBins + 1) *
 * 100)` (method 'linear', numpy's arithmetic). Results are bit-identical to
 * scikit-learn 1.9.
 *
 * Errors, in sklearn's order and words: `nBins` not an integer ≥ 1 or an
 * unknown `strategy` (sklearn's InvalidParameterError text); lengths that
 * differ; labels other than {0, 1} / {-1, 1} without `posLabel`; `y_prob has
 * values outside [0, 1].` (also for ±Infinity); more than two labels
 * (`Only binary classification is supported. Provided labels [0 1 2].`).
 * Deviations, where sklearn does not raise a meaningful error: NaN in `yProb`
 * (sklearn returns NaN in the last bin) and NaN in `yTrue` throw `Input … contains NaN.`;
 * empty input throws sklearn's usual `Found array with 0 sample(s)` (sklearn fails inside numpy).
 *
 * @example
 * ```ts
 * calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { nBins: 3 });
 * // { probTrue: [0, 0.5, 1], probPred: [0.2, 0.525, 0.85] }   (sklearn's docstring example)
 * ```
 */
export function calibrationCurve(
  yTrue: readonly ClassLabel[] | ArrayLike<number> | readonly boolean[],
  yProb: ArrayLike<number>,
  options?: CalibrationCurveOptions,
): CalibrationCurve {
  const o = checkOptions<CalibrationCurveOptions>(options, "calibrationCurve");
  // sklearn's column_or_1d of both (n × 1: the column)
  yTrue = columnOr1d(yTrue, "yTrue");
  yProb = columnOr1d(yProb, "yProb");
  checkContainer(yTrue, "yTrue");
  checkContainer(yProb, "yProb");
  const nBins = checkNBins(o.nBins);
  const strategy = checkStrategy(o.strategy);
  const posOpt = o.posLabel === null ? undefined : o.posLabel;
  if (posOpt !== undefined && typeof posOpt !== "number" && typeof posOpt !== "boolean" && typeof posOpt !== "string") {
    throw new TypeError(`posLabel must be a number, a boolean or a string, got ${typeof posOpt}`);
  }
  return withArena((k) => {
    // y_true: string labels are coded as the indices of their sorted classes.
    let names: string[] | null = null;
    let y: unknown = yTrue;
    let pos: number | undefined;
    if (hasStringLabels(yTrue)) {
      const codec = labelCodec([yTrue]);
      names = codec.names ?? [];
      y = encodeArray(yTrue, codec);
      if (posOpt !== undefined) pos = typeof posOpt === "string" ? codec.code(posOpt) : NaN;
    } else if (posOpt !== undefined) {
      pos = typeof posOpt === "string" ? NaN : Number(posOpt);
    }
    const t = readLabels(y, "yTrue", "y_true");
    const nProb = checkContainer(yProb, "yProb");
    if (t.n !== nProb) {
      throw new ValueError(`Found input variables with inconsistent numbers of samples: [${t.n}, ${nProb}]`);
    }
    const classes = names ? names.map((_, i) => i) : uniqueValues(t.data, t.n);
    const kind: Kind = t.kind;
    if (pos === undefined) {
      if (names) {
        throw new ValueError(
          `y_true takes value in {${names.map(pyStrRepr).join(", ")}} and pos_label is not specified: either make ` +
            "y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
        );
      }
      pos = defaultPosLabel(classes, kind);
    }
    let p;
    try {
      p = checkArray(yProb, { arg: "yProb", inputName: "y_prob" });
    } catch (e) {
      if (e instanceof ValueError && /infinity/.test(e.message)) throw new ValueError("y_prob has values outside [0, 1].");
      throw e;
    }
    const n = p.n;
    const pp = p.ptr ?? putF64(p.data);
    let lo = p.min;
    let hi = p.max;
    if (lo === undefined || hi === undefined) {
      const mm = allocF64(2);
      k.minMax(pp, n, mm);
      [lo, hi] = getF64(mm, 2);
    }
    if (lo < 0 || hi > 1) throw new ValueError("y_prob has values outside [0, 1].");
    if (classes.length > 2) {
      const shown = names ? `[${names.map(pyStrRepr).join(" ")}]` : npArrayStr(classes, kind);
      throw new ValueError(`Only binary classification is supported. Provided labels ${shown}.`);
    }
    let bins: number[];
    if (strategy === "uniform") {
      bins = linspace01(nBins);
    } else {
      // np.percentile: q = (linspace · 100) / 100, then np.quantile's 'linear' method.
      const q = linspace01(nBins).map((v) => (v * 100) / 100);
      const qp = putF64(q);
      const out = allocF64(q.length);
      k.distQuantiles(copyF64(pp, n), n, qp, q.length, alloc(n * 8), alloc(k.quantileWorkBytes(q.length)), out);
      bins = Array.from(getF64(out, q.length));
    }
    const inner = bins.slice(1, -1);
    const sums = allocF64(nBins);
    const trues = allocF64(nBins);
    const totals = allocF64(nBins);
    const yp = t.ptr ?? putF64(t.data);
    k.calibrationBins(pp, yp, n, pos, putF64(inner), inner.length, sums, trues, totals);
    const s = getF64(sums, nBins);
    const tr = getF64(trues, nBins);
    const tot = getF64(totals, nBins);
    const probTrue: number[] = [];
    const probPred: number[] = [];
    for (let b = 0; b < nBins; b++) {
      if (tot[b] === 0) continue;
      probTrue.push(tr[b] / tot[b]);
      probPred.push(s[b] / tot[b]);
    }
    return { probTrue, probPred };
  });
}

