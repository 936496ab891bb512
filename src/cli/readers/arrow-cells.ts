/// <reference types="node" />
/**
 * Arrow columns (from Arrow IPC, or from Parquet through parquet-wasm) into {@link CellValues}:
 * floats, integers (64-bit ones rounded to the nearest double, as `Number(bigint)` does) and
 * decimals (correctly rounded from their decimal text) become numbers; booleans stay booleans;
 * strings (plain, large, view or dictionary-encoded) become strings. Other types (timestamps,
 * dates, binary, lists, …) are refused with the type's name.
 *
 * Nulls: an error naming the row for `number` and `label` columns; in `auto` columns NaN (numbers)
 * or `""` (strings), and a boolean column with nulls in its first batch is read as strings.
 * @module
 */
import { DataType, Precision, Type, makeVector } from "apache-arrow";
import type { Data, Field, Vector } from "apache-arrow";
import { badInput } from "./errors.js";
import type { BadInputWhere, CellValues, ColumnType } from "./types.js";

/** What a column's Arrow type reads as. */
type Category = "float" | "int" | "bigint" | "decimal" | "bool" | "string" | "dictionary" | "generic-number" | "null";

function categorise(type: DataType): Category | null {
  switch (type.typeId) {
    case Type.Float:
      return (type as unknown as { precision: Precision }).precision === Precision.HALF ? "generic-number" : "float";
    case Type.Int: {
      const t = type as unknown as { bitWidth: number };
      return t.bitWidth === 64 ? "bigint" : "int";
    }
    case Type.Decimal:
      return "decimal";
    case Type.Bool:
      return "bool";
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return "string";
    case Type.Dictionary:
      return "dictionary";
    case Type.Null:
      return "null";
    default:
      return null;
  }
}

const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * 64-bit integers [from, to) as doubles, each as `Number(bigint)` rounds it. Values of magnitude
 * below 2⁵³ (all that label and count columns hold) are assembled from their two 32-bit halves,
 * exactly and without creating a BigInt (≈ 20× faster); larger ones go through `Number(bigint)`.
 */
export function int64ToNumbers(values: BigInt64Array | BigUint64Array, from: number, to: number): Float64Array {
  const n = to - from;
  const out = new Float64Array(n);
  if (!LITTLE) {
    for (let i = 0; i < n; i++) out[i] = Number(values[from + i]);
    return out;
  }
  const halves = new Int32Array(values.buffer, values.byteOffset + from * 8, n * 2);
  if (values instanceof BigInt64Array) {
    for (let i = 0; i < n; i++) {
      const hi = halves[2 * i + 1];
      out[i] = hi >= -0x200000 && hi < 0x200000 ? hi * 4294967296 + (halves[2 * i] >>> 0) : Number(values[from + i]);
    }
  } else {
    for (let i = 0; i < n; i++) {
      const hi = halves[2 * i + 1] >>> 0;
      out[i] = hi < 0x200000 ? hi * 4294967296 + (halves[2 * i] >>> 0) : Number(values[from + i]);
    }
  }
  return out;
}

/** The values a dictionary holds, converted once per dictionary. */
const dictionaryCache = new WeakMap<Vector, CellValues>();

/** One requested Arrow column: checks its type once, converts slices of its Data chunks. */
export class ArrowColumn {
  private readonly category: Category;
  /** For `auto` boolean columns: decided by the first batch (nulls → strings). */
  private boolAsStrings: boolean | null = null;

  /**
   * @param where the file and place for messages about the whole column
   */
  constructor(
    readonly name: string,
    readonly mode: ColumnType,
    readonly field: Field,
    where: BadInputWhere,
  ) {
    const type = field.type as DataType;
    let cat = categorise(type);
    if (cat === "dictionary") {
      const vt = (type as unknown as { dictionary: DataType }).dictionary;
      const inner = categorise(vt);
      if (inner === null || inner === "dictionary") cat = null;
    }
    if (cat === null) throw badInput({ ...where, column: name }, `unsupported column type ${String(type)} (numbers, booleans and strings can be read)`);
    if (mode === "number" && !(cat === "float" || cat === "int" || cat === "bigint" || cat === "decimal" || cat === "generic-number" || cat === "dictionary"))
      throw badInput({ ...where, column: name }, `not a numeric column (its type is ${String(type)})`);
    if (mode === "number" && cat === "dictionary") {
      const inner = categorise((type as unknown as { dictionary: DataType }).dictionary);
      if (inner === "string" || inner === "bool") throw badInput({ ...where, column: name }, `not a numeric column (its type is ${String(type)})`);
    }
    this.category = cat;
  }

  /**
   * Rows [from, to) of a Data chunk. `where(i)` gives the place of the chunk's row i.
   */
  convert(data: Data, from: number, to: number, where: (i: number) => BadInputWhere): CellValues {
    const n = to - from;
    const nulls = data.nullCount > 0 ? this.nullRows(data, from, to) : null;
    if (nulls !== null && this.mode !== "auto") {
      const w = where(nulls[0]);
      w.column = this.name;
      throw badInput(w, `null (${this.mode === "number" ? "a number" : "a label"} is needed in every row)`);
    }
    switch (this.category) {
      case "float":
      case "int": {
        const values = data.values as ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> };
        const out = values instanceof Float64Array ? values.slice(from, to) : Float64Array.from(values.subarray(from, to));
        return this.numbers(out, nulls, from, where);
      }
      case "bigint": {
        const values = data.values as unknown as BigInt64Array | BigUint64Array;
        return this.numbers(int64ToNumbers(values, from, to), nulls, from, where);
      }
      case "decimal": {
        const out = new Float64Array(n);
        const t = data.type as unknown as { scale: number; bitWidth: number };
        const words = data.values as unknown as Uint32Array;
        const stride = (t.bitWidth ?? 128) / 32;
        for (let i = 0; i < n; i++) out[i] = decimalToNumber(words, (from + i) * stride, stride, t.scale);
        return this.numbers(out, nulls, from, where);
      }
      case "generic-number": {
        const out = new Float64Array(n);
        const v = makeVector(data);
        for (let i = 0; i < n; i++) out[i] = Number(v.get(from + i));
        return this.numbers(out, nulls, from, where);
      }
      case "bool": {
        const bits = data.values as Uint8Array;
        if (this.boolAsStrings === null) this.boolAsStrings = this.mode === "auto" && nulls !== null;
        if (nulls !== null && !this.boolAsStrings) {
          const w = where(nulls[0]);
          w.column = this.name;
          throw badInput(w, "null in a boolean column whose first batch had none");
        }
        const out: boolean[] = new Array<boolean>(n);
        const off = data.offset + from;
        for (let i = 0; i < n; i++) {
          const b = off + i;
          out[i] = (bits[b >> 3] & (1 << (b & 7))) !== 0;
        }
        if (this.boolAsStrings) {
          const s = out.map(String);
          if (nulls) for (const i of nulls) s[i - from] = "";
          return { kind: "string", values: s };
        }
        return { kind: "boolean", values: out };
      }
      case "string": {
        const out = utf8Strings(data, from, to);
        if (nulls) for (const i of nulls) out[i - from] = "";
        return { kind: "string", values: out };
      }
      case "dictionary": {
        const dict = data.dictionary as Vector;
        let cells = dictionaryCache.get(dict);
        if (cells === undefined) {
          const inner = new ArrowColumn(this.name, "auto", { type: dict.type } as Field, { file: "" });
          const parts: CellValues[] = dict.data.map((d) => inner.convert(d, 0, d.length, () => ({ file: "" })));
          cells = concatCells(parts);
          dictionaryCache.set(dict, cells);
        }
        const idx = data.values as unknown as ArrayLike<number | bigint>;
        if (cells.kind === "number") {
          const out = new Float64Array(n);
          for (let i = 0; i < n; i++) out[i] = cells.values[Number(idx[from + i])];
          if (nulls) for (const i of nulls) out[i - from] = NaN;
          return this.numbers(out, nulls, from, where);
        }
        if (this.mode === "number") throw badInput({ ...where(from), column: this.name }, `not a numeric column (its type is ${String(data.type)})`);
        const vals = cells.values as (string | boolean)[];
        const out = new Array<string>(n);
        for (let i = 0; i < n; i++) out[i] = String(vals[Number(idx[from + i])]);
        if (nulls) for (const i of nulls) out[i - from] = "";
        return { kind: "string", values: out };
      }
      case "null": {
        if (this.mode !== "auto") {
          const w = where(from);
          w.column = this.name;
          throw badInput(w, `null (${this.mode === "number" ? "a number" : "a label"} is needed in every row)`);
        }
        return { kind: "number", values: new Float64Array(n).fill(NaN) };
      }
    }
  }

  /** Numbers: nulls → NaN (auto only; the others threw), non-finite values refused unless auto. */
  private numbers(out: Float64Array, nulls: number[] | null, from: number, where: (i: number) => BadInputWhere): CellValues {
    if (nulls) for (const i of nulls) out[i - from] = NaN;
    if (this.mode !== "auto") {
      for (let i = 0; i < out.length; i++) {
        const x = out[i];
        if (x - x !== 0) {
          const w = where(from + i);
          w.column = this.name;
          throw badInput(w, `non-finite value ${x} (the metrics need finite numbers)`);
        }
      }
    }
    return { kind: "number", values: out };
  }

  /** The chunk rows in [from, to) that are null (ascending), or null when there are none. */
  private nullRows(data: Data, from: number, to: number): number[] | null {
    const bitmap = data.nullBitmap as Uint8Array | undefined;
    if (!bitmap || bitmap.length === 0) {
      // a null type, or a nullCount without a bitmap: every row null
      const all: number[] = [];
      for (let i = from; i < to; i++) all.push(i);
      return all.length ? all : null;
    }
    const out: number[] = [];
    const off = data.offset;
    for (let i = from; i < to; i++) {
      const b = off + i;
      if ((bitmap[b >> 3] & (1 << (b & 7))) === 0) out.push(i);
    }
    return out.length ? out : null;
  }
}

/** Strings of a Utf8 chunk: one decode of the bytes when they are ASCII, else one per string. */
function utf8Strings(data: Data, from: number, to: number): string[] {
  const n = to - from;
  const out = new Array<string>(n);
  if (data.typeId !== Type.Utf8) {
    const v = makeVector(data);
    for (let i = 0; i < n; i++) out[i] = (v.get(from + i) as string | null) ?? "";
    return out;
  }
  const offsets = data.valueOffsets as Int32Array;
  const bytes = data.values as Uint8Array;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const a = offsets[from];
  const b = offsets[to];
  const all = buf.toString("utf8", a, b);
  if (all.length === b - a) {
    for (let i = 0; i < n; i++) out[i] = all.substring(offsets[from + i] - a, offsets[from + i + 1] - a);
  } else {
    for (let i = 0; i < n; i++) out[i] = buf.toString("utf8", offsets[from + i], offsets[from + i + 1]);
  }
  return out;
}

/** A decimal (little-endian two's complement words, `scale` digits after the point) → the nearest double. */
export function decimalToNumber(words: Uint32Array, at: number, stride: number, scale: number): number {
  let v = 0n;
  for (let k = stride - 1; k >= 0; k--) v = (v << 32n) | BigInt(words[at + k]);
  const bits = BigInt(stride * 32);
  if (words[at + stride - 1] & 0x80000000) v -= 1n << bits;
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  } else if (scale < 0) digits += "0".repeat(-scale);
  return Number(`${neg ? "-" : ""}${digits}`);
}

function concatCells(parts: CellValues[]): CellValues {
  if (parts.length === 1) return parts[0];
  const kind = parts[0]?.kind ?? "string";
  if (kind === "number") {
    const total = parts.reduce((s, p) => s + p.values.length, 0);
    const out = new Float64Array(total);
    let o = 0;
    for (const p of parts) {
      out.set(p.values as Float64Array, o);
      o += p.values.length;
    }
    return { kind: "number", values: out };
  }
  const all: unknown[] = [];
  for (const p of parts) for (const v of p.values as ArrayLike<unknown> as unknown[]) all.push(v);
  return kind === "boolean" ? { kind: "boolean", values: all as boolean[] } : { kind: "string", values: all as string[] };
}
