/**
 * The fast path of the binary classification dicts (`classificationMetrics`,
 * both presets): each input is checked, converted and copied into module
 * memory once, and every metric comes from statistics shared in one arena:
 * one counting pass gives accuracy, precision, recall, F1 and the confusion
 * counts ({@link planBinaryCounts}); one sort of the scores gives ROC AUC and
 * average precision ({@link keyAreas}); the log-loss sum comes from the same
 * chunked pass ({@link logLossStream}). Each value has the bits of the
 * separate functions.
 *
 * It handles the common case — numeric or boolean labels (typed arrays,
 * `number[]`, `boolean[]`, zero-copy handles) with at most two values, no
 * weights, probabilities in [0, 1] — and returns `null` for anything unusual
 * or flagged (before emitting any warning); ./classification.ts then runs the
 * general path, which stays the reference and raises sklearn's errors in
 * sklearn's order. Tests compare the two bit for bit (test/fast-paths.test.ts).
 * @module
 */
import type { MetricDict } from "./keys.js";
import { countChunk, countResult, type FusedBinaryCounts, planBinaryCounts } from "../classification/counts.js";
import { binaryScore } from "../classification/metrics.js";
import { CANDIDATE_PREFIX } from "../input/labels.js";
import { CHUNK, chunkAt, chunkSource, newScan, scanChunk, scanResult, sourcePrefix } from "../input/stage.js";
import type { WarnOptions } from "../input/validate.js";
import { keyAreas } from "../ranking/curves.js";
import { logLossStream } from "../ranking/logloss.js";
import { allocF64, type Kernels, withArena } from "../wasm/core.js";
import { fastPaths } from "../wasm/fastpath.js";

/** The options of classificationMetrics this path reads. */
interface FastOptions extends WarnOptions {
  posLabel?: unknown;
  labels?: unknown;
  nClasses?: unknown;
}

interface Shared {
  c: FusedBinaryCounts;
  /** With probabilities: ROC AUC, average precision (NaN when not asked for), mean log loss. */
  auc?: number;
  ap?: number;
  logLoss?: number;
}

const absent = (v: unknown) => v === undefined || v === null;

/**
 * The unprefixed binary dict of `preset`, or `null` (the general path). `f`:
 * the input object; `o`: the checked options.
 */
export function binaryDictFast(f: Record<string, unknown>, o: FastOptions, preset: "compact" | "mlflow"): MetricDict | null {
  if (!fastPaths.enabled) return null;
  if (!absent(f.sampleWeight) || !absent(o.labels) || !absent(o.nClasses)) return null;
  const pl = o.posLabel;
  if (pl !== undefined && typeof pl !== "boolean" && !(typeof pl === "number" && Number.isFinite(pl))) return null;
  const posOpt = pl === undefined ? undefined : typeof pl === "boolean" ? (pl ? 1 : 0) : (pl as number);
  const hasProb = !absent(f.yProb);
  const s = withArena((k) => shared(k, f, preset, posOpt, hasProb));
  if (!s) return null;
  fastPaths.hits++;
  const { c } = s;
  // Warnings (zero division) in the general path's order: its keys' order.
  const wo: WarnOptions = o.onWarning ? { onWarning: o.onWarning } : {};
  let d: MetricDict;
  if (preset === "compact") {
    d = {
      accuracy: (c.tp + c.tn) / c.n,
      precision: binaryScore("precision", c, wo),
      recall: binaryScore("recall", c, wo),
      f1: binaryScore("f1", c, wo),
    };
    if (hasProb) {
      d.auc_roc = s.auc!;
      d.log_loss = s.logLoss!;
    }
  } else {
    d = {
      true_negatives: c.tn,
      false_positives: c.fp,
      false_negatives: c.fn,
      true_positives: c.tp,
      example_count: c.tp + c.fp + c.fn + c.tn,
      accuracy_score: (c.tp + c.tn) / c.n,
      recall_score: binaryScore("recall", c, wo),
      precision_score: binaryScore("precision", c, wo),
      f1_score: binaryScore("f1", c, wo),
    };
    if (hasProb) {
      d.log_loss = s.logLoss!;
      d.roc_auc = s.auc!;
      d.precision_recall_auc = s.ap!;
    }
  }
  return d;
}

/**
 * The shared statistics, or null. One chunked pass ({@link chunkSource}):
 * each chunk of yTrue, yPred and yProb is copied or converted in (a handle is
 * read in place) and, while hot, counted
 * ({@link countChunk}), scanned ({@link scanChunk}) and summed into the log
 * loss ({@link logLossStream}); yTrue and yProb stay whole for the sort
 * ({@link keyAreas}). Accuracy is (tp + tn) / n: with at most two labels (and
 * the positive one among them, or a single label) yTrue == yPred exactly when
 * both are positive or both negative, and the counts are exact.
 */
function shared(
  k: Kernels,
  f: Record<string, unknown>,
  preset: "compact" | "mlflow",
  posOpt: number | undefined,
  hasProb: boolean,
): Shared | null {
  const yt = chunkSource(f.yTrue, true, hasProb);
  const yp = yt && chunkSource(f.yPred, true, false);
  const pr = yp && hasProb ? chunkSource(f.yProb, false, true) : null;
  if (!yt || !yp || (hasProb && !pr)) return null;
  const n = yt.n;
  if (n === 0 || yp.n !== n || (pr && pr.n !== n)) return null;
  const plan = planBinaryCounts(sourcePrefix(yt, CANDIDATE_PREFIX), sourcePrefix(yp, CANDIDATE_PREFIX), (labels) => {
    if (preset === "compact") {
      // precision/recall/F1: pos_label must be a label when there are two
      const pos = posOpt ?? 1;
      return !labels.includes(pos) && labels.length >= 2 ? null : pos;
    }
    // MLflow: two labels; the positive one is the larger (log_loss's P(larger
    // label) is then yProb itself); any other choice takes the general path.
    if (labels.length !== 2) return null;
    return posOpt === undefined || posOpt === labels[1] ? labels[1] : null;
  });
  if (!plan) return null;
  // One class in yTrue with probabilities: ROC AUC's warning and NaN (and log
  // loss's error in 'compact'): the general path.
  if (pr && plan.trueLabels.length !== 2) return null;
  const [a, b] = plan.trueLabels;
  const counts = allocF64(4);
  const scan = pr ? newScan() : 0;
  // Log loss: P(the larger label of yTrue).
  const ll = pr ? logLossStream(k, yt.ptr, pr.ptr, n, a, b) : null;
  for (let i = 0; i < n; i += CHUNK) {
    const e = Math.min(n, i + CHUNK);
    const t = chunkAt(yt, i, e);
    const q = chunkAt(yp, i, e);
    if (t === null || q === null) return null;
    countChunk(k, plan, t, q, e - i, counts);
    if (pr) {
      const r = chunkAt(pr, i, e);
      if (r === null) return null;
      scanChunk(k, r, e - i, scan);
      ll!.advance(e);
    }
  }
  const c = countResult(plan, counts, n);
  if (!c) return null;
  if (!pr) return { c };
  const p = scanResult(scan);
  if (!p.finite || !(p.min >= 0 && p.max <= 1)) return null;
  const logLoss = ll!.finish();
  if (logLoss === null) return null;
  // ROC AUC: positives are yTrue == its larger label ('compact'), or == the
  // positive label, which is then the same ('mlflow'); so is average
  // precision's pos_label.
  // One sort for both areas. The keys of probabilities in [0, 1] always fit
  // (keyAreas gives up only for wider ranges or a single class, both excluded).
  const areas = keyAreas(k, yt.ptr, pr.ptr, n, b, p.min, p.max, preset === "mlflow");
  if (!areas) return null;
  return { c, logLoss, ...areas };
}
