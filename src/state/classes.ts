/**
 * Classes discovered as batches arrive: each distinct label (number, boolean
 * as 0/1, or string) gets a permanent id in order of first appearance; the
 * sorted order (numpy's: numbers ascending, strings by code unit) is only
 * taken when a dict is computed. Merging maps another table's ids to ours.
 * @module
 */
import { StateError, obj } from "./encode.js";
import { ValueError } from "../input/validate.js";

/** A class value as kept: a number (booleans as 0/1) or a string. */
export type ClassValue = number | string;

/** How the label arrays looked, for the dict's messages (`[0 1]`, `[0. 1.]`, `[False True]`). */
export interface LabelKinds {
  /** Some label array was floating point (Float64Array, Float32Array, a WasmFloat64Array). */
  float: boolean;
  /** Every label array so far was `boolean[]`. */
  bool: boolean;
}

export class ClassTable {
  /** 'none' until a label is seen. */
  kind: "none" | "number" | "string" = "none";
  readonly kinds: LabelKinds = { float: false, bool: true };
  readonly values: ClassValue[] = [];
  readonly #index = new Map<ClassValue, number>();

  get size(): number {
    return this.values.length;
  }

  /** The id of `v`, added when new. */
  idOf(v: ClassValue): number {
    let id = this.#index.get(v);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(v);
      this.#index.set(v, id);
    }
    return id;
  }

  /** The id of `v`, or -1. */
  find(v: ClassValue): number {
    return this.#index.get(v) ?? -1;
  }

  /** Refuses a kind that cannot be mixed with what is there (sklearn: strings and numbers). */
  checkKind(kind: "number" | "string"): void {
    if (this.kind !== "none" && this.kind !== kind) throw new ValueError("Mix of label input types (string and number)");
  }

  /** Ids sorted by class value. */
  sortedIds(): number[] {
    const ids = this.values.map((_, i) => i);
    if (this.kind === "string") ids.sort((a, b) => ((this.values[a] as string) < (this.values[b] as string) ? -1 : 1));
    else ids.sort((a, b) => (this.values[a] as number) - (this.values[b] as number));
    return ids;
  }

  /** Adds another table's classes; returns the map from its ids to ours. */
  merge(other: ClassTable): number[] {
    if (other.kind !== "none") this.checkKind(other.kind);
    if (other.kind !== "none") {
      if (this.kind === "none") {
        this.kinds.bool = other.kinds.bool;
      } else this.kinds.bool &&= other.kinds.bool;
      this.kind = other.kind;
      this.kinds.float ||= other.kinds.float;
    }
    return other.values.map((v) => this.idOf(v));
  }

  toJSON(): Record<string, unknown> {
    return { kind: this.kind, float: this.kinds.float, bool: this.kinds.bool, values: [...this.values] };
  }

  static fromJSON(x: unknown, what: string): ClassTable {
    const o = obj(x, what);
    const t = new ClassTable();
    if (o.kind !== "none" && o.kind !== "number" && o.kind !== "string") throw new StateError(`${what}.kind: ${JSON.stringify(o.kind)}`);
    if (typeof o.float !== "boolean" || typeof o.bool !== "boolean") throw new StateError(`${what}: float/bool flags must be booleans`);
    if (!Array.isArray(o.values)) throw new StateError(`${what}.values: expected an array`);
    t.kind = o.kind;
    t.kinds.float = o.float;
    t.kinds.bool = o.bool;
    for (const v of o.values) {
      const ok = o.kind === "string" ? typeof v === "string" : typeof v === "number" && Number.isFinite(v);
      if (!ok || t.find(v) >= 0) throw new StateError(`${what}.values: ${JSON.stringify(v)} is not a valid distinct ${o.kind} label`);
      t.idOf(v);
    }
    if (o.kind === "none" && t.size > 0) throw new StateError(`${what}: labels without a kind`);
    return t;
  }
}
