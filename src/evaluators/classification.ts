/**
 * The classification evaluator: label statistics (src/classification/state.ts)
 * and score statistics (src/ranking/state.ts) kept per batch; `compute`
 * builds the dict by running `classificationMetrics` on a small synthetic
 * data set with the same label structure — one row per (true, predicted)
 * cell, weighted by the cell's count (or exact weight sum) — so the keys,
 * the label rules, sklearn's warnings and errors are the dict function's own,
 * and every count-based metric is computed from exact cell totals. The
 * values that need the scores (ROC AUC, average precision, log loss) and the
 * unweighted counts are then set from the score statistics.
 * @module
 */
import { ClassTable, type ClassValue } from "../state/classes.js";
import { StateError, obj } from "../state/encode.js";
import { ExactSum } from "../state/exact.js";
import { ConfusionState, encodeBatch, TrainCounts } from "../classification/state.js";
import { classificationMetrics } from "../dicts/classification.js";
import type { MetricDict } from "../dicts/keys.js";
import { isMatrix } from "../input/matrix.js";
import { optionArray, ValueError, type WarnOptions } from "../input/validate.js";
import { averagePrecisionScore, rocAucScore } from "../ranking/metrics.js";
import { type ScoreBlocks, streamedBinaryRank } from "../ranking/streamed.js";
import { type AucMode, FORM_1M1MP, FORM_1MP, FORM_P, ScoreState } from "../ranking/state.js";
import { pairwiseSum } from "../input/labels.js";
import { alloc, core, getF64, putF64, SORT_HIST_BYTES, withArena } from "../wasm/core.js";
import { pick, presetOf, type PartSpec, type TaskPart } from "./part.js";

interface ClsOptions {
  preset: "compact" | "mlflow";
  posLabel?: ClassValue | boolean;
  labels?: (ClassValue | boolean)[];
  average?: "micro" | "macro" | "weighted";
  nClasses?: number;
  auc: AucMode;
}

const asValue = (v: ClassValue | boolean): ClassValue => (typeof v === "boolean" ? (v ? 1 : 0) : v);

function sortValues(vs: ClassValue[]): ClassValue[] {
  const u = [...new Set(vs)];
  return typeof u[0] === "string" ? u.sort((a, b) => ((a as string) < (b as string) ? -1 : 1)) : u.sort((a, b) => (a as number) - (b as number));
}

/**
 * The permutation (u32, in the arena) that orders the rows lexicographically
 * by the given f64 columns (most significant first): stable LSD passes of the
 * radix sort. A canonical row order makes the weighted curves' cumulative sums
 * independent of the order in which batches were merged.
 */
function canonicalOrder(cols: number[], n: number): number {
  const k = core();
  let perm = alloc(n * 4);
  let next = alloc(n * 4);
  k.iota(perm, n);
  const vals = alloc(n * 8), tmp = alloc(n * 8), idx = alloc(n * 4), idxTmp = alloc(n * 4), hist = alloc(SORT_HIST_BYTES);
  for (let c = cols.length - 1; c >= 0; c--) {
    k.gatherF64(cols[c], perm, n, vals);
    k.iota(idx, n);
    k.sortF64(vals, n, tmp, idx, idxTmp, hist);
    k.composeU32(perm, idx, n, next);
    [perm, next] = [next, perm];
  }
  return perm;
}

/**
 * Kept rows from which exact, unweighted binary ROC AUC and average precision
 * are computed by the streamed path (src/ranking/streamed.ts: no concatenated
 * copy, bounded memory, one sort for both) instead of concatenating the rows
 * and calling the one-shot functions.
 */
export const STREAMED_MIN_ROWS = 1 << 10;

class ClassificationPart implements TaskPart {
  conf = new ConfusionState();
  scores: ScoreState;
  train = new TrainCounts();
  /** Whether the rows came with yProb (undefined before the first row). */
  hasProb: boolean | undefined;
  /** Streamed ROC AUC and average precision of the current compute (one sort serves both). */
  #ranked: { pos: number; auc: number; ap: number } | null = null;

  constructor(readonly o: ClsOptions) {
    this.scores = new ScoreState(o.auc);
  }

  get rows(): number {
    return this.conf.n;
  }

  /** The label list of the dict and whether it is final. */
  #list(batchClasses: ClassTable): { list: ClassValue[]; union: ClassValue[] } {
    const union = sortValues([...this.conf.classes.values, ...batchClasses.values]);
    return { list: this.o.labels ? sortValues(this.o.labels.map(asValue)) : union, union };
  }

  update(b: Record<string, unknown>): void {
    const prob = b.yProb !== undefined && b.yProb !== null;
    // one arena for the batch: each input is checked and copied in once
    const [enc, part, sp] = withArena(() => {
      const enc = encodeBatch(b.yTrue, b.yPred, b.sampleWeight);
      if (enc.n > 0) this.conf.classes.checkKind(enc.classes.kind as "number" | "string");
      const part = ConfusionState.ofBatch(enc);
      if (enc.n > 0 && this.hasProb !== undefined && this.hasProb !== prob) {
        throw new ValueError(prob ? "yProb given in this batch but not in earlier ones: give it in every batch or in none" : "yProb missing in this batch but given in earlier ones: give it in every batch or in none");
      }
      let sp: ScoreState | undefined;
      if (prob) {
        const matrix = isMatrix(b.yProb, this.o.nClasses);
        const { list, union } = this.#list(enc.classes);
        const value = (id: number) => enc.classes.values[id];
        sp = ScoreState.ofBatch(this.o.auc, b.yProb, {
          n: enc.n,
          clsPtr: enc.tPtr,
          wPtr: enc.wPtr,
          groups: enc.classes.size,
          nClasses: this.o.nClasses,
          rowSums: this.o.preset === "compact" || this.o.average !== "micro",
          forms: (id) => this.#forms(value(id), list, union),
          columns: (id, k) => {
            const known = this.o.labels !== undefined || union.length === k;
            if (!known) return Array.from({ length: k }, (_, j) => j);
            const j = list.indexOf(value(id));
            return j < 0 ? [] : [j];
          },
        }, matrix);
        if (this.scores.kind !== "none" && (this.scores.kind !== sp.kind || (sp.kind === "matrix" && sp.k !== this.scores.k))) {
          this.scores.merge(sp, []); // throws the shape error
        }
      }
      return [enc, part, sp] as const;
    });
    // commit
    const map = this.conf.merge(part);
    if (sp && enc.n > 0) this.scores.merge(sp, map);
    if (enc.n > 0) this.hasProb = prob;
  }

  /** The log-loss forms rows of class `v` may need (binary). */
  #forms(v: ClassValue, list: ClassValue[], union: ClassValue[]): number[] {
    const o = this.o;
    if (o.preset === "compact") {
      if (union.length !== 2) return [FORM_P, FORM_1MP];
      return v === union[1] ? [FORM_P] : [FORM_1MP];
    }
    const known = o.labels !== undefined || union.length === 2;
    if (!known || list.length !== 2) return o.posLabel === undefined ? [FORM_P, FORM_1MP] : [FORM_P, FORM_1MP, FORM_1M1MP];
    const pos = o.posLabel === undefined ? list[1] : asValue(o.posLabel);
    if (pos === list[0]) return v === list[1] ? [FORM_1MP] : [FORM_1M1MP];
    return v === list[1] ? [FORM_P] : [FORM_1MP];
  }

  updateTrain(b: Record<string, unknown>): void {
    this.train.merge(TrainCounts.ofBatch(b.yTrue));
  }

  merge(other: TaskPart): void {
    const x = other as ClassificationPart;
    this.train.merge(x.train);
    if (x.conf.n === 0) return;
    if (this.conf.n > 0 && this.hasProb !== x.hasProb) throw new ValueError("merge: one evaluator's rows have yProb, the other's do not");
    if (this.conf.n > 0) this.conf.classes.checkKind(x.conf.classes.kind as "number" | "string");
    if (this.scores.kind !== "none" && x.scores.kind !== "none" && (this.scores.kind !== x.scores.kind || this.scores.k !== x.scores.k)) {
      this.scores.merge(x.scores, []); // throws the shape error
    }
    const map = this.conf.merge(x.conf);
    this.scores.merge(x.scores, map);
    this.hasProb = x.hasProb;
  }

  compute(w: WarnOptions): MetricDict {
    this.#ranked = null;
    const o = this.o;
    const conf = this.conf;
    const values = conf.classes.values;
    const cells = conf.cells();
    const kinds = conf.classes.kinds;
    const mk = (vs: ClassValue[]): unknown =>
      conf.classes.kind === "string" ? vs : kinds.bool ? vs.map((v) => v !== 0) : kinds.float ? Float64Array.from(vs as number[]) : vs;
    const input: Record<string, unknown> = {
      yTrue: mk(cells.map((c) => values[c[0]])),
      yPred: mk(cells.map((c) => values[c[1]])),
      sampleWeight: Float64Array.from(cells, (c) => c[3]),
    };
    const matrix = this.scores.kind === "matrix";
    if (this.hasProb) {
      const k = this.scores.k;
      if (!matrix) input.yProb = new Float64Array(cells.length).fill(0.5);
      else {
        const rows = cells.map(() => new Array<number>(k).fill(1 / k));
        if (this.scores.notSumToOne && rows.length) rows[0] = rows[0].map((v) => v * (1 + 1e-6));
        input.yProb = o.nClasses !== undefined ? Float64Array.from(rows.flat()) : rows;
      }
    }
    if (this.train.n > 0) {
      const t = this.train.classes;
      input.train = { yTrue: t.kind === "string" ? [...t.values] : t.kinds.bool ? t.values.map((v) => v !== 0) : t.kinds.float ? Float64Array.from(t.values as number[]) : [...t.values] };
    }
    const opts = { preset: o.preset, posLabel: o.posLabel, labels: o.labels, average: o.average, nClasses: o.nClasses, onWarning: w.onWarning };
    const d = classificationMetrics(input as never, opts as never);
    // the values that need more than the cells
    const union = sortValues(values);
    const list = o.labels ? sortValues(o.labels.map(asValue)) : union;
    const multiclass = list.length > 2 || matrix;
    const trueCounts = conf.trueCounts();
    const inTrue = sortValues([...trueCounts.keys()].map((id) => values[id]));
    const id = (v: ClassValue) => conf.classes.find(v);
    const quiet = { onWarning: () => {} };
    if (!multiclass) {
      const pos = o.preset === "mlflow" ? (o.posLabel === undefined ? list[1] : asValue(o.posLabel)) : inTrue[inTrue.length - 1];
      if (o.preset === "mlflow") {
        let tp = 0, fp = 0, fn = 0;
        const pid = id(pos);
        for (const [t, p, c] of cells) {
          if (t === pid && p === pid) tp += c;
          else if (p === pid) fp += c;
          else if (t === pid) fn += c;
        }
        Object.assign(d, { true_negatives: conf.n - tp - fp - fn, false_positives: fp, false_negatives: fn, true_positives: tp, example_count: conf.n });
      }
      if ("log_loss" in d) d.log_loss = this.#binaryLogLoss(o.preset === "mlflow" ? list : inTrue, pos);
      if ("auc_roc" in d) d.auc_roc = this.#binaryRank("auc", id(pos), quiet);
      if ("roc_auc" in d) d.roc_auc = this.#binaryRank("auc", id(pos), quiet);
      if ("precision_recall_auc" in d) d.precision_recall_auc = this.#binaryRank("ap", id(pos), quiet);
      if ("positive_class_ratio" in d) {
        const pl = o.posLabel ?? 1;
        d.positive_class_ratio = this.train.countOf(asValue(pl)) / this.train.n;
      }
    } else {
      if ("example_count" in d) d.example_count = conf.n;
      if ("log_loss" in d) d.log_loss = this.#matrixLogLoss(list);
      const auc = "auc_roc" in d ? "auc_roc" : "roc_auc" in d ? "roc_auc" : null;
      if (auc) d[auc] = this.#matrixAuc(o.preset === "compact" ? list : inTrue, o.preset === "compact", quiet);
    }
    if ("training_samples" in d) d.training_samples = this.train.n;
    return d;
  }

  /** Σw, exact, rounded once (the row count when unweighted). */
  #weightTotal(): number {
    if (!this.conf.weighted) return this.conf.n;
    const s = ExactSum.narrow();
    for (const v of this.conf.wsum.values()) s.merge(v);
    return s.value();
  }

  #binaryLogLoss(classes: ClassValue[], pos: ClassValue): number {
    // rows of the larger label take P(larger); that is yProb when pos is the larger label, else 1 − yProb
    const [small, large] = [classes[0], classes[classes.length - 1]];
    const flip = pos === small && classes.length === 2 && this.o.preset === "mlflow";
    const sum = ExactSum.narrow();
    for (const [tid] of this.conf.trueCounts()) {
      const v = this.conf.classes.values[tid];
      const f = v === large ? (flip ? FORM_1MP : FORM_P) : flip ? FORM_1M1MP : FORM_1MP;
      const s = this.scores.llSum(tid, f);
      if (!s) throw new StateError(`log-loss terms of class ${String(v)} (form ${f}) are missing`);
      sum.merge(s);
    }
    return sum.value() / this.#weightTotal();
  }

  #matrixLogLoss(list: ClassValue[]): number {
    const sum = ExactSum.narrow();
    for (const [tid] of this.conf.trueCounts()) {
      const j = list.indexOf(this.conf.classes.values[tid]);
      const s = this.scores.llSum(tid, j);
      if (!s) throw new StateError(`log-loss terms of class ${String(this.conf.classes.values[tid])} (column ${j}) are missing`);
      sum.merge(s);
    }
    return sum.value() / this.#weightTotal();
  }

  /** Binary ROC AUC or average precision with class id `pos` positive. */
  #binaryRank(what: "auc" | "ap", pos: number, quiet: WarnOptions): number {
    const sc = this.scores;
    if (sc.mode === "exact" && sc.w === null && sc.n >= STREAMED_MIN_ROWS) {
      if (this.#ranked?.pos !== pos) this.#ranked = { pos, ...streamedBinaryRank(this.#blocks(), pos) };
      return what === "auc" ? this.#ranked.auc : this.#ranked.ap;
    }
    let ind: Float64Array, s: Float64Array, wt: Float64Array | undefined;
    if (sc.mode === "exact") {
      ({ ind, s, wt } = this.#keptRows(pos));
    } else {
      // one row per (class, bin): the bin index as the score, the count (or weight sum) as the weight
      const rows: [number, number, number][] = [];
      for (const [g, c] of sc.counts) {
        const wm = sc.wsum.get(g);
        c.forEach((cnt, bin) => {
          if (cnt > 0) rows.push([bin, g === pos ? 1 : 0, sc.weighted ? wm!.get(bin)!.value() : cnt]);
        });
      }
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      ind = Float64Array.from(rows, (r) => r[1]);
      s = Float64Array.from(rows, (r) => r[0]);
      wt = Float64Array.from(rows, (r) => r[2]);
    }
    const opts = { ...quiet, sampleWeight: wt };
    return what === "auc" ? rocAucScore(ind, s, opts) : averagePrecisionScore(ind, s, { ...opts, posLabel: 1 });
  }

  /** The kept rows (exact mode) block by block: the score and class-id columns grow in step, so their blocks align. */
  #blocks(): ScoreBlocks {
    const sc = this.scores;
    const cls: (Uint8Array | Uint16Array)[] = [];
    sc.cls.forEachBlock((b) => cls.push(b));
    return {
      n: sc.n,
      forEachBlock(fn) {
        let i = 0;
        sc.scores.forEachBlock((s, off) => fn(s, cls[i++], off));
      },
    };
  }

  /** The kept rows (exact mode) with the indicator of class id `pos`, in a canonical order when weighted. */
  #keptRows(pos: number): { ind: Float64Array; s: Float64Array; wt?: Float64Array } {
    const sc = this.scores;
    const n = sc.n;
    let s: Float64Array = sc.scores.toArray();
    let ind: Float64Array = new Float64Array(n);
    sc.cls.forEachBlock((b, off) => {
      for (let i = 0; i < b.length; i++) ind[off + i] = b[i] === pos ? 1 : 0;
    });
    let wt: Float64Array | undefined = sc.w?.toArray();
    if (wt) [s, ind, wt] = reorder([s, wt], [s, ind, wt], n);
    return { ind, s, wt };
  }

  #matrixAuc(classes: ClassValue[], withLabels: boolean, quiet: WarnOptions): number {
    const sc = this.scores;
    const K = sc.k;
    const avg = this.o.average ?? "weighted";
    const col = (id: number) => classes.indexOf(this.conf.classes.values[id]);
    if (sc.mode === "exact") {
      const n = sc.n;
      let P: Float64Array = sc.scores.toArray();
      const colOf = this.conf.classes.values.map((_, id) => col(id));
      let y: Float64Array = new Float64Array(n);
      sc.cls.forEachBlock((b, off) => {
        for (let i = 0; i < b.length; i++) y[off + i] = colOf[b[i]];
      });
      let wt: Float64Array | undefined = sc.w?.toArray();
      if (wt) {
        const cols = Array.from({ length: K }, (_, j) => Float64Array.from({ length: n }, (_, i) => P[i * K + j]));
        const out = reorder([...cols, wt, y], [...cols, wt, y], n);
        P = new Float64Array(n * K);
        for (let j = 0; j < K; j++) for (let i = 0; i < n; i++) P[i * K + j] = out[j][i];
        wt = out[K];
        y = out[K + 1];
      }
      return rocAucScore(y, P, {
        ...quiet,
        multiClass: "ovr",
        average: avg,
        nClasses: K,
        sampleWeight: wt,
        ...(withLabels ? { labels: classes.map((_, j) => j) } : {}),
      }) as number;
    }
    // bins: per column j, positives are the rows of class classes[j]
    const weightOf = (g: number, bin: number, cnt: number) => (sc.weighted ? sc.wsum.get(g)!.get(bin)!.value() : cnt);
    const perClass: number[] = [];
    const micro: [number, number, number][] = [];
    for (let j = 0; j < K; j++) {
      const rows: [number, number, number][] = [];
      for (const [g, c] of sc.counts) {
        if (g >>> 16 !== j) continue;
        const isPos = col(g & 0xffff) === j ? 1 : 0;
        c.forEach((cnt, bin) => {
          if (cnt > 0) rows.push([bin, isPos, weightOf(g, bin, cnt)]);
        });
      }
      rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      micro.push(...rows);
      perClass.push(rocAucScore(Float64Array.from(rows, (r) => r[1]), Float64Array.from(rows, (r) => r[0]), { ...quiet, sampleWeight: Float64Array.from(rows, (r) => r[2]) }));
    }
    if (avg === "micro") {
      micro.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      return rocAucScore(Float64Array.from(micro, (r) => r[1]), Float64Array.from(micro, (r) => r[0]), { ...quiet, sampleWeight: Float64Array.from(micro, (r) => r[2]) });
    }
    if (avg === "weighted") {
      const support = classes.map((v) => this.#classWeight(this.conf.classes.find(v)));
      if (Math.abs(support.reduce((a, b) => a + b, 0)) <= 1e-8) return 0;
      const sc2 = perClass.map((s, i) => (support[i] === 0 ? 0 : s));
      return pairwiseSum(sc2.map((s, i) => s * support[i])) / pairwiseSum(support);
    }
    return pairwiseSum(perClass) / perClass.length;
  }

  /** Exact Σw of the rows whose true class is `id`, rounded. */
  #classWeight(id: number): number {
    if (id < 0) return 0;
    const s = ExactSum.narrow();
    for (const [key, c] of this.conf.counts) {
      if (Math.floor(key / 65536) !== id) continue;
      if (this.conf.weighted) s.merge(this.conf.wsum.get(key)!);
      else s.addNumber(c);
    }
    return s.value();
  }

  aucErrorBound(): number {
    const sc = this.scores;
    if (sc.mode === "exact") return 0;
    if (this.conf.n === 0 || sc.kind === "none") return NaN;
    const values = this.conf.classes.values;
    const union = sortValues(values);
    const list = this.o.labels ? sortValues(this.o.labels.map(asValue)) : union;
    const weightOf = (g: number, bin: number, cnt: number) => (sc.weighted ? sc.wsum.get(g)!.get(bin)!.value() : cnt);
    // ½ Σ_b P_b N_b / (P N) for positives of class `pos` in column j
    const bound = (j: number, pos: (g: number) => boolean): number => {
      const B = sc.bins;
      const Pb = new Float64Array(B), Nb = new Float64Array(B);
      for (const [g, c] of sc.counts) {
        if (g >>> 16 !== j) continue;
        const a = pos(g & 0xffff) ? Pb : Nb;
        c.forEach((cnt, bin) => {
          if (cnt > 0) a[bin] += weightOf(g, bin, cnt);
        });
      }
      let num = 0, P = 0, N = 0;
      for (let b = 0; b < B; b++) {
        num += Pb[b] * Nb[b];
        P += Pb[b];
        N += Nb[b];
      }
      return (0.5 * num) / (P * N);
    };
    if (sc.kind === "binary") {
      const inTrue = sortValues([...this.conf.trueCounts().keys()].map((id) => values[id]));
      const pos = this.o.preset === "mlflow" ? (this.o.posLabel === undefined ? list[1] : asValue(this.o.posLabel)) : inTrue[inTrue.length - 1];
      return bound(0, (id) => values[id] === pos);
    }
    const classes = this.o.preset === "compact" ? list : sortValues([...this.conf.trueCounts().keys()].map((id) => values[id]));
    const per = classes.map((v, j) => bound(j, (id) => values[id] === v));
    // the bound of an average is at most the largest of the bounds (classes without positives or negatives have none)
    const finite = per.filter((b) => !Number.isNaN(b));
    return finite.length ? Math.max(...finite) : NaN;
  }

  toJSON(): unknown {
    return {
      hasProb: this.hasProb ?? null,
      labels: this.conf.toJSON(),
      scores: this.scores.toJSON(),
      train: this.train.toJSON(),
    };
  }

  static fromJSON(o: ClsOptions, x: unknown): ClassificationPart {
    const s = obj(x, "state");
    const p = new ClassificationPart(o);
    p.conf = ConfusionState.fromJSON(s.labels, "state.labels");
    p.scores = ScoreState.fromJSON(s.scores, o.auc, p.conf.classes.size, "state.scores");
    p.train = TrainCounts.fromJSON(s.train, "state.train");
    if (s.hasProb !== null && typeof s.hasProb !== "boolean") throw new StateError("state.hasProb: expected a boolean or null");
    p.hasProb = (s.hasProb as boolean | null) ?? undefined;
    if ((p.hasProb === undefined) !== (p.conf.n === 0)) throw new StateError("state: hasProb contradicts the row count");
    if (p.hasProb ? p.scores.n !== p.conf.n : p.scores.kind !== "none") throw new StateError("state: the score rows contradict the label rows");
    return p;
  }
}

/** The columns `out` reordered by the canonical order of the `keys` columns (weighted exact rows). */
function reorder(keys: Float64Array[], out: Float64Array[], n: number): Float64Array<ArrayBuffer>[] {
  return withArena((k) => {
    const ptrs = keys.map((c) => putF64(c));
    const perm = canonicalOrder(ptrs, n);
    const tmp = alloc(n * 8);
    return out.map((c) => {
      k.gatherF64(putF64(c), perm, n, tmp);
      return getF64(tmp, n) as Float64Array<ArrayBuffer>;
    });
  });
}

function aucModeOf(x: unknown): AucMode {
  if (x === undefined || x === "exact") return "exact";
  const b = (x as { bins?: unknown })?.bins;
  if (typeof x === "object" && x !== null && Object.keys(x).length === 1 && typeof b === "number" && Number.isInteger(b) && b >= 2 && b <= 1 << 20) return { bins: b };
  throw new TypeError(`auc must be 'exact' or { bins: n } with an integer n in [2, ${1 << 20}], got ${JSON.stringify(x)}`);
}

export const CLASSIFICATION: PartSpec = {
  options(o) {
    const n = pick(o, ["preset", "prefix", "posLabel", "labels", "average", "nClasses", "auc"], "classification");
    presetOf(n);
    if (n.prefix !== undefined && typeof n.prefix !== "string") throw new TypeError("prefix must be a string");
    if (n.posLabel !== undefined && !["number", "boolean", "string"].includes(typeof n.posLabel)) {
      throw new TypeError(`posLabel must be a number, a boolean or a string, got ${typeof n.posLabel}`);
    }
    if (n.labels !== undefined) n.labels = optionArray(n.labels, "labels");
    if (n.average !== undefined && !["micro", "macro", "weighted"].includes(n.average as string)) {
      throw new ValueError(`average must be 'micro', 'macro' or 'weighted', got ${JSON.stringify(n.average)}`);
    }
    if (n.nClasses !== undefined && !(Number.isInteger(n.nClasses) && (n.nClasses as number) >= 1)) {
      throw new TypeError(`nClasses must be a positive integer, got ${String(n.nClasses)}`);
    }
    n.auc = aucModeOf(n.auc);
    return n;
  },
  create: (o) => new ClassificationPart(clsOptions(o)),
  fromJSON: (o, s) => ClassificationPart.fromJSON(clsOptions(o), s),
};

function clsOptions(o: Record<string, unknown>): ClsOptions {
  return {
    preset: presetOf(o),
    posLabel: o.posLabel as ClsOptions["posLabel"],
    labels: o.labels as ClsOptions["labels"],
    average: o.average as ClsOptions["average"],
    nClasses: o.nClasses as number | undefined,
    auc: aucModeOf(o.auc),
  };
}

