/**
 * Typed values (JSON values) into column batches, with the {@link ColumnType} rules: `number`
 * (finite numbers only), `label` (numbers, booleans or strings, decided by the first batch and held
 * to; a mix of numbers and strings is strings), `auto` (as `label`, with nulls as NaN / `""`).
 * Used by the JSON Lines reader; the Arrow/Parquet readers apply the same rules per Arrow type.
 * @module
 */
import { badInput, quote } from "./errors.js";
import type { BadInputWhere, CellValues, ColumnType } from "./types.js";

/** A JSON value's description for a message: `"abc" (a string)`, `true (a boolean)`, `null`. */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "missing";
  if (typeof v === "string") return `${quote(v)} (a string)`;
  if (typeof v === "boolean") return `${v} (a boolean)`;
  if (typeof v === "number") return String(v);
  return Array.isArray(v) ? "an array" : "an object";
}

/** One requested column of typed values, filled row by row, emitted per batch. */
export class ValueColumn {
  /** What the first batch decided (label/auto), or "number" from the start. */
  decided: "number" | "string" | "boolean" | null;
  private nums: Float64Array;
  private raw: unknown[];
  private strs: string[];
  private bools: boolean[];

  constructor(
    readonly name: string,
    readonly mode: ColumnType,
    private readonly size: number,
  ) {
    this.decided = mode === "number" ? "number" : null;
    this.nums = new Float64Array(0);
    this.raw = [];
    this.strs = [];
    this.bools = [];
    this.alloc();
  }

  private alloc(): void {
    if (this.decided === "number") this.nums = new Float64Array(this.size);
    else if (this.decided === "string") this.strs = new Array<string>(this.size);
    else if (this.decided === "boolean") this.bools = new Array<boolean>(this.size);
    else this.raw = new Array<unknown>(this.size);
  }

  /** Stores row `i`'s value `v`; `where` gives the place for an error. */
  set(i: number, v: unknown, where: () => BadInputWhere): void {
    const d = this.decided;
    if (d === "number") {
      if (typeof v === "number" && Number.isFinite(v)) this.nums[i] = v;
      else if (this.mode === "auto" && (v === null || v === undefined)) this.nums[i] = NaN;
      else if (this.mode === "auto" && typeof v === "number") this.nums[i] = v;
      else throw this.error(v, where, "a number");
    } else if (d === "string") {
      if (typeof v === "string") this.strs[i] = v;
      else if (typeof v === "number" && (Number.isFinite(v) || this.mode === "auto")) this.strs[i] = String(v);
      else if (typeof v === "boolean") this.strs[i] = String(v);
      else if (this.mode === "auto" && (v === null || v === undefined)) this.strs[i] = "";
      else throw this.error(v, where, "a label");
    } else if (d === "boolean") {
      if (typeof v === "boolean") this.bools[i] = v;
      else throw this.error(v, where, "a boolean");
    } else {
      // before the decision: reject what no decision can take
      if (v === null || v === undefined) {
        if (this.mode !== "auto") throw this.error(v, where, "a label");
      } else if (typeof v === "object") throw this.error(v, where, "a label");
      else if (typeof v === "number" && !Number.isFinite(v) && this.mode !== "auto") throw this.error(v, where, "a label");
      this.raw[i] = v;
    }
  }

  private error(v: unknown, where: () => BadInputWhere, wanted: string): Error {
    const w = where();
    w.column = this.name;
    if (v === undefined) return badInput(w, `missing (${wanted} is needed in every row)`);
    if (v === null) return badInput(w, `null (${wanted} is needed in every row)`);
    if (typeof v === "number") return badInput(w, `non-finite value ${v} (the metrics need finite numbers)`);
    const held = this.mode !== "number" && this.decided !== null ? ` (the column's first batch held only ${this.decided}s, so it is read as ${this.decided}s)` : "";
    const what = wanted === "a number" ? "not a number" : wanted === "a boolean" ? "not a boolean" : "not a label";
    return badInput(w, `${what}: ${describe(v)}${held}`);
  }

  /** The first `n` rows as cell values; the first call decides a label/auto column. */
  emit(n: number): CellValues {
    if (this.decided === null) this.decide(n);
    let out: CellValues;
    if (this.decided === "number") out = { kind: "number", values: n === this.size ? this.nums : this.nums.slice(0, n) };
    else if (this.decided === "boolean") out = { kind: "boolean", values: n === this.size ? this.bools : this.bools.slice(0, n) };
    else out = { kind: "string", values: n === this.size ? this.strs : this.strs.slice(0, n) };
    this.alloc();
    return out;
  }

  private decide(n: number): void {
    const raw = this.raw;
    let nums = 0;
    let bools = 0;
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const v = raw[i];
      if (typeof v === "number") nums++;
      else if (typeof v === "boolean") bools++;
      else if (v === null || v === undefined) nulls++;
    }
    if (n > 0 && nums + nulls === n && nums > 0) {
      this.decided = "number";
      this.nums = new Float64Array(this.size);
      for (let i = 0; i < n; i++) this.nums[i] = typeof raw[i] === "number" ? (raw[i] as number) : NaN;
    } else if (n > 0 && bools === n) {
      this.decided = "boolean";
      this.bools = raw.slice(0, n) as boolean[];
      this.bools.length = this.size;
    } else {
      this.decided = "string";
      this.strs = new Array<string>(this.size);
      for (let i = 0; i < n; i++) {
        const v = raw[i];
        this.strs[i] = v === null || v === undefined ? "" : String(v);
      }
    }
    this.raw = [];
  }
}
