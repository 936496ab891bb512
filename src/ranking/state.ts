/**
 * The classification evaluator's score statistics (batches with `yProb`):
 * exact log-loss sums per true class, and for ROC AUC / average precision
 * either the kept rows (exact mode: score, class id, weight) or per-class
 * histograms over [0, 1] (`auc: { bins }`, constant memory).
 *
 * Class ids are those of the evaluator's class table (src/state/classes.ts);
 * `merge` takes the map from the other state's ids to ours. Which log-loss
 * form a class needs (P(larger) is p or 1 − p, …) depends on the final class
 * set, so a batch computes every form that could still be needed; the form
 * finally used always holds every row of its class.
 * @module
 */
import { StateError, count, decodeF64, encodeArray, obj } from "../state/encode.js";
import { ExactSum } from "../state/exact.js";
import { Column } from "../state/store.js";
import { readMatrix } from "../input/matrix.js";
import { checkArray, checkConsistentLength, checkContainer, ValueError } from "../input/validate.js";
import { alloc, allocF64, core, getF64, getI32, type Kernels, putF64, putI32, readF64, withArena } from "../wasm/core.js";
import { pyFloat } from "./curves.js";

/** How ROC AUC and average precision are kept: all rows, or a histogram. */
export type AucMode = "exact" | { bins: number };

/** Log-loss forms of a binary row: q = p, 1 − p, 1 − (1 − p). */
export const FORM_P = 1;
export const FORM_1MP = 2;
export const FORM_1M1MP = 3;

/** One batch's labels as the score state needs them (pointers into the caller's arena). */
export interface ScoreBatch {
  n: number;
  /** True class id per row (f64; the batch's own table). */
  clsPtr: number;
  /** Weights (f64), 0 for none. */
  wPtr: number;
  /** Binary: the log-loss forms each batch class id needs. */
  forms(id: number): number[];
  /** Matrix: the columns whose log term each batch class id needs. */
  columns(id: number, k: number): number[];
  /** Matrix: refuse rows whose sum is not close to 1 (the dict computes ROC AUC). */
  rowSums: boolean;
  nClasses?: number;
  /** Classes of the batch (ids 0 … groups − 1). */
  groups: number;
}

const llKey = (id: number, f: number): string => `${id}:${f}`;

/** Score statistics of the rows with `yProb`. */
export class ScoreState {
  kind: "none" | "binary" | "matrix" = "none";
  /** Columns of the probability matrix. */
  k = 0;
  n = 0;
  weighted = false;
  /** Some matrix row did not sum to 1 within log_loss's tolerance (its warning). */
  notSumToOne = false;
  /** `id:form` (binary) or `id:column` (matrix) → exact Σ w·(−log clip(q)). */
  ll = new Map<string, ExactSum>();
  // exact mode
  scores = new Column<Float64Array>(Float64Array);
  /** Class ids: one byte each while they fit (9 bytes per unweighted binary row), two beyond. */
  cls: Column<Uint8Array | Uint16Array> = new Column<Uint8Array>(Uint8Array);
  w: Column<Float64Array> | null = null;
  // bins mode: group (binary: id; matrix: column * 65536 + id) → counts per bin / exact weight sums per bin
  counts = new Map<number, Float64Array>();
  wsum = new Map<number, Map<number, ExactSum>>();

  constructor(readonly mode: AucMode) {}

  get bins(): number {
    return this.mode === "exact" ? 0 : this.mode.bins;
  }

  /** A batch's statistics (checks yProb with the dict's messages). Inside the caller's arena. */
  static ofBatch(mode: AucMode, yProb: unknown, b: ScoreBatch, matrix: boolean): ScoreState {
    const s = new ScoreState(mode);
    s.kind = matrix ? "matrix" : "binary";
    s.weighted = b.wPtr !== 0;
    if (matrix) s.#matrixBatch(yProb, b);
    else s.#binaryBatch(yProb, b);
    return s;
  }

  #binaryBatch(yProb: unknown, b: ScoreBatch): void {
    const m = checkContainer(yProb, "yScore");
    checkConsistentLength(...[b.n, m, ...(b.wPtr ? [b.n] : [])].map((n) => ({ data: [], n })));
    this.n = b.n;
    if (b.n === 0) return;
    withArena((k) => {
      const p = checkArray(yProb, { arg: "yScore", inputName: "" });
      const pp = p.ptr ?? putF64(p.data);
      const mm = allocF64(2);
      k.minMax(pp, b.n, mm);
      const lo = readF64(mm, 0), hi = readF64(mm, 1);
      if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
      if (lo < 0) throw new ValueError(`y_prob contains values lower than 0: ${pyFloat(lo)}`);
      const n = b.n;
      const groups = Math.max(1, b.groups);
      const cp = b.clsPtr;
      const wp = b.wPtr;
      // log-loss terms: one form per class (two classes known) in one SIMD pass, else one call per form
      const want = Array.from({ length: groups }, (_, id) => b.forms(id));
      if (groups === 2 && want[1].length === 1 && want[0].length === 1 && want[1][0] === FORM_P && want[0][0] === FORM_1MP) {
        const outPos = alloc(n * 8), outNeg = alloc(n * 8), cnt1 = alloc(16);
        k.binaryLogTerms(cp, pp, wp, n, 1, 0, outPos, outNeg, cnt1);
        const np = getI32(cnt1, 1)[0];
        this.#addLL(llKey(1, FORM_P), outPos, np);
        this.#addLL(llKey(0, FORM_1MP), outNeg, n - np);
      } else if (groups === 2 && want[0].length === 1 && want[1].length === 1 && want[0][0] === FORM_P && want[1][0] === FORM_1MP) {
        const outPos = alloc(n * 8), outNeg = alloc(n * 8), cnt1 = alloc(16);
        k.binaryLogTerms(cp, pp, wp, n, 0, 1, outPos, outNeg, cnt1);
        const np = getI32(cnt1, 1)[0];
        this.#addLL(llKey(0, FORM_P), outPos, np);
        this.#addLL(llKey(1, FORM_1MP), outNeg, n - np);
      } else this.#logForms(k, pp, wp, n, cp, groups, b);
      if (this.mode === "exact") this.#keep(getF64(pp, n), b);
      else this.#bin(pp, n, cp, wp, 0, groups);
    });
  }

  /** The log-loss terms of every form a class may need, one kernel call per form. */
  #logForms(k: Kernels, pp: number, wp: number, n: number, cp: number, groups: number, b: ScoreBatch): void {
    {
      const outs = alloc(groups * n * 8);
      const cnt = alloc(groups * 4);
      for (const f of [FORM_P, FORM_1MP, FORM_1M1MP]) {
        const want = Array.from({ length: groups }, (_, id) => (b.forms(id).includes(f) ? f : 0));
        if (want.every((v) => v === 0)) continue;
        k.logTerms(pp, wp, n, cp, putI32(want), groups, outs, cnt);
        const c = getI32(cnt, groups);
        for (let id = 0; id < groups; id++) {
          if (want[id]) this.#addLL(llKey(id, f), outs + id * n * 8, c[id]);
        }
      }
    }
  }

  #matrixBatch(yProb: unknown, b: ScoreBatch): void {
    if (b.n === 0 && checkContainer(yProb, "yProb") === 0) return;
    const P = readMatrix(yProb, b.nClasses, "yProb");
    checkConsistentLength(...[P.n, b.n, ...(b.wPtr ? [b.n] : [])].map((n) => ({ data: [], n })));
    this.k = P.k;
    this.n = P.n;
    const n = P.n, K = P.k;
    withArena((k) => {
      const pp = putF64(P.data);
      const out = alloc(16);
      const bad = k.probRowCheck(pp, n, K, 1, out);
      const [lo, hi] = getF64(out, 2);
      if (hi > 1) throw new ValueError(`y_prob contains values greater than 1: ${pyFloat(hi)}`);
      if (lo < 0) throw new ValueError(`y_prob contains values lower than 0: ${pyFloat(lo)}`);
      if (b.rowSums && k.probRowCheck(pp, n, K, 0, out) > 0) {
        throw new ValueError("Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes");
      }
      this.notSumToOne = bad > 0;
      const groups = Math.max(1, b.groups);
      const cp = b.clsPtr;
      const wp = b.wPtr;
      const cls = getF64(cp, n);
      const outs = alloc(groups * n * 8);
      const cnt = alloc(groups * 4);
      const need = Array.from({ length: groups }, (_, id) => b.columns(id, K));
      const single = need.every((c) => c.length <= 1);
      if (single) {
        // one column per class: each row's term at its class's column
        const colOf = need.map((c) => c[0] ?? -1);
        const cols = new Float64Array(n);
        const keep = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          cols[i] = colOf[cls[i]];
          keep[i] = cols[i] < 0 ? groups : cls[i];
        }
        if (keep.some((g) => g === groups)) {
          // rows of a class with no column: grouped apart and dropped
          const outs2 = alloc((groups + 1) * n * 8);
          const cnt2 = alloc((groups + 1) * 4);
          k.multiLogTerms(pp, n, K, -1, putF64(cols.map((c) => Math.max(c, 0))), wp, putF64(keep), groups + 1, outs2, cnt2);
          const c = getI32(cnt2, groups + 1);
          for (let id = 0; id < groups; id++) if (need[id].length) this.#addLL(llKey(id, need[id][0]), outs2 + id * n * 8, c[id]);
        } else {
          k.multiLogTerms(pp, n, K, -1, putF64(cols), wp, cp, groups, outs, cnt);
          const c = getI32(cnt, groups);
          for (let id = 0; id < groups; id++) if (need[id].length) this.#addLL(llKey(id, need[id][0]), outs + id * n * 8, c[id]);
        }
      } else {
        for (let j = 0; j < K; j++) {
          k.multiLogTerms(pp, n, K, j, 0, wp, cp, groups, outs, cnt);
          const c = getI32(cnt, groups);
          for (let id = 0; id < groups; id++) if (need[id].includes(j)) this.#addLL(llKey(id, j), outs + id * n * 8, c[id]);
        }
      }
      if (this.mode === "exact") this.#keep(P.data, b);
      else {
        const col = alloc(n * 8);
        const ind = alloc(n * 8);
        for (let j = 0; j < K; j++) {
          k.ovrColumn(pp, n, K, cp, j, col, ind);
          this.#bin(col, n, cp, wp, j * 65536, groups);
        }
      }
    });
  }

  #addLL(key: string, ptr: number, n: number): void {
    if (n === 0 && this.ll.has(key)) return;
    const cur = this.ll.get(key) ?? ExactSum.narrow();
    cur.addArray(ptr, n);
    this.ll.set(key, cur);
  }

  /** Keeps the batch's rows (copied out of module memory). */
  #keep(scores: Float64Array, b: ScoreBatch): void {
    this.scores.append(scores);
    const ids = getF64(b.clsPtr, b.n);
    const narrow = b.groups > 256 ? new Uint16Array(b.n) : new Uint8Array(b.n);
    narrow.set(ids);
    this.#appendIds(narrow, b.groups - 1);
    if (b.wPtr) {
      this.w = new Column<Float64Array>(Float64Array);
      this.w.append(getF64(b.wPtr, b.n));
    }
  }

  /** Appends class ids (none above `max`), widening the column to two bytes per id when one exceeds 255. */
  #appendIds(ids: Uint8Array | Uint16Array, max: number): void {
    if (max > 255 && this.cls.ctor === Uint8Array) {
      const wide = new Column<Uint16Array>(Uint16Array);
      this.cls.forEachBlock((b) => wide.append(b));
      this.cls = wide;
    }
    this.cls.append(ids);
  }

  /** Histogram of the scores at `p` by (group base + class id, bin). Inside withArena. */
  #bin(p: number, n: number, cp: number, wp: number, base: number, groups: number): void {
    const k = core();
    const B = this.bins;
    const g = alloc(n * 8);
    k.binIndex(p, n, B, cp, g);
    const offsets = alloc((groups * B + 1) * 4);
    const grouped = alloc(n * 8);
    k.groupValues(g, wp || p, n, groups * B, offsets, grouped);
    const off = getI32(offsets, groups * B + 1);
    for (let id = 0; id < groups; id++) {
      let counts: Float64Array | undefined;
      for (let bin = 0; bin < B; bin++) {
        const a = off[id * B + bin], e = off[id * B + bin + 1];
        if (e === a) continue;
        counts ??= this.#countsOf(base + id);
        counts[bin] += e - a;
        if (wp) {
          const m = this.wsum.get(base + id) ?? new Map<number, ExactSum>();
          this.wsum.set(base + id, m);
          m.set(bin, (m.get(bin) ?? ExactSum.narrow()).addArray(grouped + a * 8, e - a));
        }
      }
    }
  }

  #countsOf(group: number): Float64Array {
    let c = this.counts.get(group);
    if (!c) {
      c = new Float64Array(this.bins);
      this.counts.set(group, c);
    }
    return c;
  }

  /** Adds another state's rows; `map` takes its class ids to ours. */
  merge(other: ScoreState, map: readonly number[]): void {
    if (other.kind === "none") return;
    if (this.kind !== "none" && (this.kind !== other.kind || this.k !== other.k)) {
      throw new ValueError(
        this.kind !== other.kind
          ? "yProb must have the same shape in every batch: 1-D probabilities and a probability matrix cannot be mixed"
          : `yProb must have the same number of columns in every batch: ${this.k} and ${other.k}`,
      );
    }
    this.kind = other.kind;
    this.k = other.k;
    for (const [key, v] of other.ll) {
      const [id, f] = key.split(":").map(Number);
      const k2 = llKey(map[id], f);
      const cur = this.ll.get(k2);
      if (cur) cur.merge(v);
      else this.ll.set(k2, v.clone());
    }
    if (this.mode === "exact") {
      this.scores.appendColumn(other.scores);
      const identity = map.every((v, i) => v === i);
      let top = 0;
      for (const v of map) top = Math.max(top, v);
      other.cls.forEachBlock((blk) => {
        if (identity) return this.#appendIds(blk, top);
        const out = top > 255 ? new Uint16Array(blk.length) : new Uint8Array(blk.length);
        for (let i = 0; i < blk.length; i++) out[i] = map[blk[i]];
        this.#appendIds(out, top);
      });
      if (other.w || this.w) {
        if (!this.w) {
          this.w = new Column<Float64Array>(Float64Array);
          this.w.append(new Float64Array(this.n).fill(1));
        }
        if (other.w) this.w.appendColumn(other.w);
        else this.w.append(new Float64Array(other.n).fill(1));
      }
    } else {
      const remap = (g: number) => (g & ~0xffff) + map[g & 0xffff];
      // weight sums for this state's (unweighted) counts first, when weighted rows arrive
      if (other.weighted && !this.weighted) this.#weightFromCounts();
      for (const [g, c] of other.counts) {
        const mine = this.#countsOf(remap(g));
        for (let i = 0; i < c.length; i++) mine[i] += c[i];
      }
      for (const [g, m] of other.wsum) {
        const mine = this.wsum.get(remap(g)) ?? new Map<number, ExactSum>();
        this.wsum.set(remap(g), mine);
        for (const [bin, v] of m) {
          const cur = mine.get(bin);
          if (cur) cur.merge(v);
          else mine.set(bin, v.clone());
        }
      }
      if (this.weighted && !other.weighted) {
        for (const [g, c] of other.counts) {
          const mine = this.wsum.get(remap(g)) ?? new Map<number, ExactSum>();
          this.wsum.set(remap(g), mine);
          c.forEach((v, bin) => {
            if (v > 0) mine.set(bin, (mine.get(bin) ?? ExactSum.narrow()).addNumber(v));
          });
        }
      }
    }
    this.weighted ||= other.weighted;
    this.notSumToOne ||= other.notSumToOne;
    this.n += other.n;
  }

  /** Turns this (unweighted) histogram's counts into weight sums before weighted rows arrive. */
  #weightFromCounts(): void {
    for (const [g, c] of this.counts) {
      const m = new Map<number, ExactSum>();
      c.forEach((v, bin) => {
        if (v > 0) m.set(bin, ExactSum.narrow().addNumber(v));
      });
      this.wsum.set(g, m);
    }
  }

  /** The rounded log-loss sum of class `id` in form (binary) or column (matrix) `f`; 0 when nothing was added. */
  llSum(id: number, f: number): ExactSum | undefined {
    return this.ll.get(llKey(id, f));
  }

  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = {
      kind: this.kind,
      k: this.k,
      n: this.n,
      weighted: this.weighted,
      notSumToOne: this.notSumToOne,
      ll: [...this.ll].map(([key, v]) => [...key.split(":").map(Number), v.toJSON()]),
    };
    if (this.mode === "exact") {
      o.scores = this.scores.toJSON();
      o.cls = this.cls.toJSON();
      o.clsBytes = this.cls.ctor === Uint8Array ? 1 : 2;
      if (this.w) o.w = this.w.toJSON();
    } else {
      o.counts = [...this.counts].map(([g, c]) => [g, encodeArray(c)]);
      o.wsum = [...this.wsum].flatMap(([g, m]) => [...m].map(([bin, v]) => [g, bin, v.toJSON()]));
    }
    return o;
  }

  static fromJSON(x: unknown, mode: AucMode, classes: number, what: string): ScoreState {
    const o = obj(x, what);
    const s = new ScoreState(mode);
    if (o.kind !== "none" && o.kind !== "binary" && o.kind !== "matrix") throw new StateError(`${what}.kind: ${JSON.stringify(o.kind)}`);
    s.kind = o.kind;
    s.k = count(o.k, `${what}.k`);
    s.n = count(o.n, `${what}.n`);
    if (typeof o.weighted !== "boolean" || typeof o.notSumToOne !== "boolean") throw new StateError(`${what}: flags must be booleans`);
    s.weighted = o.weighted;
    s.notSumToOne = o.notSumToOne;
    if ((s.kind === "matrix") !== s.k > 0) throw new StateError(`${what}: k contradicts kind`);
    if (!Array.isArray(o.ll)) throw new StateError(`${what}.ll: expected an array`);
    for (const e of o.ll) {
      if (!Array.isArray(e) || e.length !== 3) throw new StateError(`${what}.ll: malformed entry`);
      const id = count(e[0], `${what}.ll`), f = count(e[1], `${what}.ll`);
      if (id >= classes || (s.kind === "binary" ? f < 1 || f > 3 : f >= s.k)) throw new StateError(`${what}.ll: entry ${JSON.stringify(e.slice(0, 2))} does not fit`);
      try {
        s.ll.set(llKey(id, f), ExactSum.fromJSON(e[2] as string, "narrow"));
      } catch (err) {
        throw new StateError(`${what}.ll: ${(err as Error).message}`);
      }
    }
    const width = s.kind === "matrix" ? s.k : 1;
    if (mode === "exact") {
      s.scores = Column.fromJSON(Float64Array, o.scores, `${what}.scores`, s.n * width);
      if (o.clsBytes !== 1 && o.clsBytes !== 2) throw new StateError(`${what}.clsBytes: 1 or 2 expected`);
      s.cls = o.clsBytes === 2 ? Column.fromJSON(Uint16Array, o.cls, `${what}.cls`, s.n) : Column.fromJSON(Uint8Array, o.cls, `${what}.cls`, s.n);
      if (o.w !== undefined) s.w = Column.fromJSON(Float64Array, o.w, `${what}.w`, s.n);
      if (!!s.w !== s.weighted) throw new StateError(`${what}: weights contradict the weighted flag`);
      let bad = false;
      s.cls.forEachBlock((b) => {
        for (let i = 0; i < b.length; i++) if (b[i] >= classes) bad = true;
      });
      s.scores.forEachBlock((b) => {
        for (let i = 0; i < b.length; i++) if (!(b[i] >= 0 && b[i] <= 1)) bad = true;
      });
      if (bad) throw new StateError(`${what}: kept rows out of range`);
    } else {
      if (!Array.isArray(o.counts) || !Array.isArray(o.wsum)) throw new StateError(`${what}: counts/wsum expected`);
      let total = 0;
      for (const e of o.counts) {
        if (!Array.isArray(e) || e.length !== 2) throw new StateError(`${what}.counts: malformed entry`);
        const g = count(e[0], `${what}.counts`);
        if ((g & 0xffff) >= classes || g >>> 16 >= width) throw new StateError(`${what}.counts: group ${g} does not fit`);
        const c = decodeF64(e[1], `${what}.counts`, mode.bins);
        for (const v of c) {
          if (!Number.isSafeInteger(v) || v < 0) throw new StateError(`${what}.counts: not a count`);
          total += v;
        }
        s.counts.set(g, c);
      }
      if (total !== s.n * width) throw new StateError(`${what}: the histogram counts ${total} rows, the state says ${s.n}`);
      for (const e of o.wsum) {
        if (!Array.isArray(e) || e.length !== 3) throw new StateError(`${what}.wsum: malformed entry`);
        const g = count(e[0], `${what}.wsum`), bin = count(e[1], `${what}.wsum`);
        if (!s.counts.get(g)?.[bin]) throw new StateError(`${what}.wsum: a weight sum without rows`);
        const m = s.wsum.get(g) ?? new Map<number, ExactSum>();
        s.wsum.set(g, m);
        try {
          m.set(bin, ExactSum.fromJSON(e[2] as string, "narrow"));
        } catch (err) {
          throw new StateError(`${what}.wsum: ${(err as Error).message}`);
        }
      }
    }
    return s;
  }
}

