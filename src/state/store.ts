/**
 * Kept rows for the metrics that need all the data (exact ROC AUC and average
 * precision, exact quantiles): typed columns grown in fixed-size blocks, so
 * that many small batches cost no more than one large one.
 * @module
 */
import { StateError, decodeF64, decodeU16, decodeU8, encodeArray } from "./encode.js";

/** Elements per block. */
const BLOCK = 1 << 16;
/** Values per base64 string of a column's JSON form. */
const JSON_CHUNK = 1 << 22;

type Ctor = Float64ArrayConstructor | Uint16ArrayConstructor | Uint8ArrayConstructor;
type Arr = Float64Array | Uint16Array | Uint8Array;

/** One growable typed column. */
export class Column<T extends Arr> {
  #blocks: T[] = [];
  #length = 0;
  constructor(readonly ctor: Ctor) {}

  get length(): number {
    return this.#length;
  }

  /** Appends `src[start, end)` (copied). */
  append(src: ArrayLike<number>, start = 0, end = src.length): void {
    let i = start;
    while (i < end) {
      let last = this.#blocks[this.#blocks.length - 1];
      const used = this.#length % BLOCK;
      if (!last || used === 0) {
        last = new this.ctor(BLOCK) as T;
        this.#blocks.push(last);
      }
      const take = Math.min(end - i, BLOCK - used);
      if (ArrayBuffer.isView(src)) last.set((src as unknown as T).subarray(i, i + take), used);
      else for (let j = 0; j < take; j++) last[used + j] = src[i + j];
      i += take;
      this.#length += take;
    }
  }

  /** Appends another column's values. */
  appendColumn(other: Column<T>): void {
    other.forEachBlock((b) => this.append(b));
  }

  /** Calls `fn` with each filled part of a block, in order. */
  forEachBlock(fn: (b: T, offset: number) => void): void {
    let off = 0;
    for (const b of this.#blocks) {
      const m = Math.min(BLOCK, this.#length - off);
      if (m <= 0) break;
      fn(b.subarray(0, m) as T, off);
      off += m;
    }
  }

  /** Copies the column into `dst` from `at` (e.g. a view of module memory). */
  copyTo(dst: T, at = 0): void {
    this.forEachBlock((b, off) => dst.set(b, at + off));
  }

  /** All values in one array. */
  toArray(): T {
    const out = new this.ctor(this.#length) as T;
    this.copyTo(out);
    return out;
  }

  /**
   * base64 of the little-endian values: one string, or, beyond 2²² values, an
   * array of strings of 2²² values each (a JavaScript string holds at most
   * about 5·10⁸ characters).
   */
  toJSON(): string | string[] {
    if (this.#length <= JSON_CHUNK) return encodeArray(this.toArray());
    const all = this.toArray();
    const out: string[] = [];
    for (let i = 0; i < this.#length; i += JSON_CHUNK) out.push(encodeArray(all.subarray(i, i + JSON_CHUNK)));
    return out;
  }

  static fromJSON<T extends Arr>(ctor: Ctor, s: unknown, what: string, length: number): Column<T> {
    const c = new Column<T>(ctor);
    const parts = Array.isArray(s) ? s : [s];
    if (Array.isArray(s) && s.length !== Math.ceil(length / JSON_CHUNK)) throw new StateError(`${what}: ${s.length} parts for ${length} values`);
    parts.forEach((p, i) => {
      const m = Array.isArray(s) ? Math.min(JSON_CHUNK, length - i * JSON_CHUNK) : length;
      const a = ctor === Float64Array ? decodeF64(p, what, m) : ctor === Uint16Array ? decodeU16(p, what, m) : decodeU8(p, what, m);
      c.append(a);
    });
    if (c.length !== length) throw new StateError(`${what}: ${c.length} values, expected ${length}`);
    return c;
  }
}
