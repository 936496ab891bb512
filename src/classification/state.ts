/**
 * The classification evaluator's label statistics: a contingency table of
 * (true class, predicted class) counts over classes discovered as batches
 * arrive, exact weight sums per cell when weighted, and the training side's
 * class counts. Every label metric of the dicts (accuracy, precision, recall,
 * F1 with every average, the confusion counts) is a function of this table.
 * @module
 */
import { ClassTable, type ClassValue } from "../state/classes.js";
import { StateError, count, obj } from "../state/encode.js";
import { ExactSum } from "../state/exact.js";
import { hasStringLabels, labelCodec } from "../input/codec.js";
import { checkTargets, isFloatInput } from "../input/labels.js";
import { checkArray, checkConsistentLength, checkContainer } from "../input/validate.js";
import { alloc, allocF64, core, getF64, getI32, putF64, withArena } from "../wasm/core.js";

/** A batch's labels as class ids of its own (sorted) table, in module memory (the caller's arena). */
export interface EncodedBatch {
  n: number;
  /** The batch's classes (ids = sorted order). */
  classes: ClassTable;
  /** Per-row ids (f64) of yTrue and yPred, and the weights (0: none). */
  tPtr: number;
  pPtr: number;
  wPtr: number;
  /** Some weight was non-zero. */
  nonzeroW: boolean;
}

function isBoolArray(x: unknown): boolean {
  return Array.isArray(x) && x.length > 0 && x.every((v) => typeof v === "boolean");
}

/** True when every given array is empty; checks containers and lengths first. */
function emptyBatch(yTrue: unknown, yPred: unknown, w: unknown): boolean {
  const lens = [checkContainer(yTrue, "yTrue"), checkContainer(yPred, "yPred")];
  if (w !== undefined && w !== null) lens.push(checkContainer(w, "sampleWeight"));
  if (lens.every((l) => l === 0)) return true;
  checkConsistentLength(...lens.map((n) => ({ data: [], n })));
  return false;
}

/**
 * Checks and encodes one batch (classificationMetrics' checks and messages,
 * except those about all the data: all-zero weights are allowed here). Call
 * inside `withArena`: the ids and weights stay in module memory.
 */
export function encodeBatch(yTrue: unknown, yPred: unknown, sampleWeight: unknown): EncodedBatch {
  const classes = new ClassTable();
  const w0 = sampleWeight === null ? undefined : sampleWeight;
  if (emptyBatch(yTrue, yPred, w0)) return { n: 0, classes, tPtr: 0, pPtr: 0, wPtr: 0, nonzeroW: false };
  let yt: unknown = yTrue;
  let yp: unknown = yPred;
  if (hasStringLabels(yTrue, yPred)) {
    const codec = labelCodec([yTrue, yPred]);
    classes.kind = "string";
    for (const name of codec.names!) classes.idOf(name);
    yt = Float64Array.from(yTrue as string[], (v) => codec.code(v));
    yp = Float64Array.from(yPred as string[], (v) => codec.code(v));
  } else {
    classes.kind = "number";
    classes.kinds.float = isFloatInput(yTrue) || isFloatInput(yPred);
    classes.kinds.bool = isBoolArray(yTrue) && isBoolArray(yPred);
  }
  const k = core();
  const tg = checkTargets(yt, yp, w0, { allowZeroWeights: true });
  const n = tg.yTrue.n;
  const labels = tg.labels;
  if (classes.kind === "number") for (const v of labels) classes.idOf(v + 0);
  const tPtr = alloc(n * 8);
  const pPtr = alloc(n * 8);
  if (labels.length <= 2) {
    // ids 0/1 by one comparison (one label: every id 0)
    const b = labels.length === 2 ? labels[1] : Infinity;
    k.encodeTwo(tg.pt, n, b, tPtr);
    k.encodeTwo(tg.pp, n, b, pPtr);
  } else {
    const lp = putF64(labels);
    k.encodeLabels(tg.pt, n, lp, labels.length, tPtr);
    k.encodeLabels(tg.pp, n, lp, labels.length, pPtr);
  }
  return { n, classes, tPtr, pPtr, wPtr: tg.weight ? tg.pw : 0, nonzeroW: tg.weight ? !!tg.weight.nonzero : true };
}

/** Cell key of (true id, predicted id). */
const key = (t: number, p: number): number => t * 65536 + p;

/** Contingency counts of the label pairs (and weight sums), with the classes. */
export class ConfusionState {
  classes = new ClassTable();
  n = 0;
  /** Some batch had weights: every cell then has a weight sum. */
  weighted = false;
  nonzeroW = false;
  /** key(t, p) → unweighted count. */
  counts = new Map<number, number>();
  /** key(t, p) → exact weight sum (weighted only). */
  wsum = new Map<number, ExactSum>();

  /** A batch's state (nothing is kept of the caller's arrays). Inside the arena of {@link encodeBatch}. */
  static ofBatch(b: EncodedBatch): ConfusionState {
    const s = new ConfusionState();
    s.classes = b.classes;
    s.n = b.n;
    s.nonzeroW = b.nonzeroW;
    if (b.n === 0) return s;
    const K = b.classes.size;
    withArena((k) => {
      const tp = b.tPtr;
      const pp = b.pPtr;
      const cells = allocF64(K * K);
      k.cellCounts(tp, pp, b.n, K, cells);
      const c = getF64(cells, K * K);
      for (let i = 0; i < K * K; i++) if (c[i] > 0) s.counts.set(key(Math.floor(i / K), i % K), c[i]);
      if (b.wPtr) {
        s.weighted = true;
        const g = alloc(b.n * 8);
        k.cellIndex(tp, pp, b.n, K, g);
        const offsets = alloc((K * K + 1) * 4);
        const grouped = alloc(b.n * 8);
        k.groupValues(g, b.wPtr, b.n, K * K, offsets, grouped);
        const off = getI32(offsets, K * K + 1);
        for (let i = 0; i < K * K; i++) {
          if (off[i + 1] > off[i]) s.wsum.set(key(Math.floor(i / K), i % K), ExactSum.narrow().addArray(grouped + off[i] * 8, off[i + 1] - off[i]));
        }
      }
    });
    return s;
  }

  #makeWeighted(): void {
    if (this.weighted) return;
    this.weighted = true;
    for (const [c, v] of this.counts) this.wsum.set(c, ExactSum.narrow().addNumber(v));
  }

  /** Adds another state's rows; returns the map of its class ids to ours. */
  merge(other: ConfusionState): number[] {
    const map = this.classes.merge(other.classes);
    if (other.weighted) this.#makeWeighted();
    for (const [c, v] of other.counts) {
      const k2 = key(map[Math.floor(c / 65536)], map[c % 65536]);
      this.counts.set(k2, (this.counts.get(k2) ?? 0) + v);
      if (this.weighted) {
        const add = other.weighted ? other.wsum.get(c)! : ExactSum.narrow().addNumber(v);
        const cur = this.wsum.get(k2);
        if (cur) cur.merge(add);
        else this.wsum.set(k2, add.clone());
      }
    }
    this.n += other.n;
    this.nonzeroW ||= other.nonzeroW;
    return map;
  }

  /** Cells as [true id, predicted id, count, weight sum (the count when unweighted)], sorted by class order. */
  cells(): [number, number, number, number][] {
    const order = this.classes.sortedIds();
    const rank = new Map(order.map((id, i) => [id, i]));
    const out: [number, number, number, number][] = [];
    for (const [c, v] of this.counts) {
      const t = Math.floor(c / 65536), p = c % 65536;
      out.push([t, p, v, this.weighted ? this.wsum.get(c)!.value() : v]);
    }
    out.sort((a, b) => rank.get(a[0])! - rank.get(b[0])! || rank.get(a[1])! - rank.get(b[1])!);
    return out;
  }

  /** Rows whose true label is each class id (unweighted). */
  trueCounts(): Map<number, number> {
    const m = new Map<number, number>();
    for (const [c, v] of this.counts) {
      const t = Math.floor(c / 65536);
      m.set(t, (m.get(t) ?? 0) + v);
    }
    return m;
  }

  toJSON(): Record<string, unknown> {
    const cells = [...this.counts].map(([c, v]) => [Math.floor(c / 65536), c % 65536, v, ...(this.weighted ? [this.wsum.get(c)!.toJSON()] : [])]);
    return { classes: this.classes.toJSON(), n: this.n, weighted: this.weighted, nonzeroW: this.nonzeroW, cells };
  }

  static fromJSON(x: unknown, what: string): ConfusionState {
    const o = obj(x, what);
    const s = new ConfusionState();
    s.classes = ClassTable.fromJSON(o.classes, `${what}.classes`);
    s.n = count(o.n, `${what}.n`);
    if (typeof o.weighted !== "boolean" || typeof o.nonzeroW !== "boolean") throw new StateError(`${what}: weighted/nonzeroW must be booleans`);
    s.weighted = o.weighted;
    s.nonzeroW = o.nonzeroW;
    if (!Array.isArray(o.cells)) throw new StateError(`${what}.cells: expected an array`);
    let total = 0;
    for (const c of o.cells) {
      if (!Array.isArray(c) || c.length !== (s.weighted ? 4 : 3)) throw new StateError(`${what}.cells: malformed cell ${JSON.stringify(c)}`);
      const t = count(c[0], `${what}.cells`), p = count(c[1], `${what}.cells`), v = count(c[2], `${what}.cells`);
      if (t >= s.classes.size || p >= s.classes.size || v === 0 || s.counts.has(key(t, p))) {
        throw new StateError(`${what}.cells: cell ${JSON.stringify(c)} does not fit the classes`);
      }
      s.counts.set(key(t, p), v);
      if (s.weighted) {
        try {
          s.wsum.set(key(t, p), ExactSum.fromJSON(c[3] as string, "narrow"));
        } catch (e) {
          throw new StateError(`${what}.cells: ${(e as Error).message}`);
        }
      }
      total += v;
    }
    if (total !== s.n) throw new StateError(`${what}: the cells count ${total} rows, the state says ${s.n}`);
    const used = new Set<number>();
    for (const c of s.counts.keys()) used.add(Math.floor(c / 65536)).add(c % 65536);
    if (used.size !== s.classes.size) throw new StateError(`${what}: classes without rows`);
    if (s.n > 0 && !s.weighted && !s.nonzeroW) throw new StateError(`${what}: unweighted rows count as non-zero weights`);
    return s;
  }
}

/** Training-side labels (the dict's `train.yTrue`): counts per class value. */
export class TrainCounts {
  classes = new ClassTable();
  counts: number[] = [];
  n = 0;

  /** Adds a batch of training labels (numbers, booleans or strings). */
  static ofBatch(yTrue: unknown): TrainCounts {
    const s = new TrainCounts();
    const n = checkContainer(yTrue, "train.yTrue");
    if (n === 0) return s;
    let values: ArrayLike<ClassValue>;
    if (hasStringLabels(yTrue)) {
      labelCodec([yTrue]);
      s.classes.kind = "string";
      values = yTrue as string[];
    } else {
      s.classes.kind = "number";
      s.classes.kinds.float = isFloatInput(yTrue);
      s.classes.kinds.bool = isBoolArray(yTrue);
      values = checkArray(yTrue, { arg: "train.yTrue", inputName: "y_true", allowBool: true }).data;
    }
    for (let i = 0; i < n; i++) {
      const id = s.classes.idOf(typeof values[i] === "number" ? (values[i] as number) + 0 : values[i]);
      s.counts[id] = (s.counts[id] ?? 0) + 1;
    }
    s.n = n;
    return s;
  }

  merge(other: TrainCounts): void {
    const map = this.classes.merge(other.classes);
    other.counts.forEach((v, i) => (this.counts[map[i]] = (this.counts[map[i]] ?? 0) + v));
    this.n += other.n;
  }

  /** Rows whose label equals `v`. */
  countOf(v: ClassValue): number {
    const id = this.classes.find(v);
    return id < 0 ? 0 : this.counts[id];
  }

  toJSON(): Record<string, unknown> {
    return { classes: this.classes.toJSON(), counts: [...this.counts], n: this.n };
  }

  static fromJSON(x: unknown, what: string): TrainCounts {
    const o = obj(x, what);
    const s = new TrainCounts();
    s.classes = ClassTable.fromJSON(o.classes, `${what}.classes`);
    s.n = count(o.n, `${what}.n`);
    if (!Array.isArray(o.counts) || o.counts.length !== s.classes.size) throw new StateError(`${what}.counts: one count per class expected`);
    s.counts = o.counts.map((v, i) => count(v, `${what}.counts[${i}]`));
    if (s.counts.reduce((a, b) => a + b, 0) !== s.n || s.counts.some((v) => v === 0)) throw new StateError(`${what}: counts contradict n`);
    return s;
  }
}
