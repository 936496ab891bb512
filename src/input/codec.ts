/**
 * Label codecs: string class labels as sorted class indices, numeric labels
 * passed through; the kind of a label array (for messages as Python prints them).
 * @module
 */
import { formatLabels, isFloatInput } from "./labels.js";
import { checkContainer, type LabelArray, ValueError } from "./validate.js";

/** A class label: number, boolean or string. */
export type ClassLabel = number | boolean | string;
/** Label arrays: numeric/boolean arrays, or `string[]`. */
export type ClassLabelArray = LabelArray | readonly string[];

/** True when `x` is an array holding strings. */
export function hasStringLabels(...xs: unknown[]): boolean {
  // An array of string labels starts with a string; a stray string among numbers is rejected by
  // the numeric validation with the index of the bad element.
  // `at`, not `x[0]`: see scanPlainFromNumber (src/input/validate.ts) — an
  // optimised keyed load that has seen number[] and boolean[] would make V8
  // box the caller's number[].
  return xs.some((x) => Array.isArray(x) && x.length > 0 && typeof x.at(0) === "string");
}

/** Maps string labels to sorted class indices; numbers pass through unchanged. */
export interface LabelCodec {
  /** String class names in sorted order (null: numeric labels). */
  names: string[] | null;
  /** Label → number stored in memory (string → index; unknown string → -1). */
  code(v: ClassLabel): number;
  /** Number in memory → the label as Python prints it (`str(label)`). */
  name(c: number): string;
  /** numpy `str()` of an array of labels (for messages). */
  list(cs: readonly number[]): string;
  /** Python `repr()` of one label (for messages). */
  repr(v: ClassLabel): string;
  /** Kind of the labels (names in reports). */
  kind: "string" | "int" | "float" | "bool";
}

export function pyFloatStr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return `${x}.0`;
  const s = String(x);
  const m = /^(-?[\d.]+)e([+-])(\d+)$/.exec(s);
  if (m) return `${m[1]}e${m[2]}${m[3].padStart(2, "0")}`;
  return s;
}

/** Builds the codec for the label arrays (and extra labels such as `labels`/`posLabel`). */
export function labelCodec(arrays: readonly unknown[], extra: readonly unknown[] = []): LabelCodec {
  // refuse huge lengths before the scans below iterate (RangeError, as checkContainer)
  arrays.forEach((a, i) => {
    if (Array.isArray(a)) checkContainer(a, i === 0 ? "yTrue" : "yPred");
  });
  if (hasStringLabels(...arrays)) {
    const set = new Set<string>();
    for (const a of arrays) {
      if (!Array.isArray(a)) continue;
      if (a.length > 0 && typeof a[0] !== "string") throw new ValueError("Mix of label input types (string and number)");
      for (let i = 0; i < a.length; i++) {
        const v = a[i];
        if (typeof v !== "string") {
          throw new TypeError(`string label arrays must contain only strings; found ${typeof v} at index ${i}`);
        }
        set.add(v);
      }
    }
    for (const v of extra) if (typeof v === "string") set.add(v);
    const names = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const index = new Map(names.map((s, i) => [s, i]));
    return {
      names,
      kind: "string",
      code: (v) => (typeof v === "string" ? (index.get(v) ?? -1) : -1),
      name: (c) => names[c] ?? String(c),
      list: (cs) => `[${cs.map((c) => `'${names[c]}'`).join(" ")}]`,
      repr: (v) => (typeof v === "string" ? `'${v}'` : String(v)),
    };
  }
  for (const v of extra) {
    if (typeof v === "string") {
      // A string label with numeric data can never match.
      break;
    }
  }
  const float = arrays.some((a) => isFloatInput(a) || (Array.isArray(a) && hasFraction(a)));
  const bool = arrays.every((a) => Array.isArray(a) && a.length > 0 && allBooleans(a));
  const kind = bool ? "bool" : float ? "float" : "int";
  return {
    names: null,
    kind,
    code: (v) => (typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" ? v : NaN),
    name: (c) => (kind === "bool" ? (c ? "True" : "False") : kind === "float" ? pyFloatStr(c) : String(c)),
    list: (cs) => formatLabels(cs, kind === "float"),
    repr: (v) => (typeof v === "boolean" ? (v ? "True" : "False") : typeof v === "string" ? `'${v}'` : String(v)),
  };
}

// The scans of labelCodec over plain arrays, one loop per kind of array (by
// the first element, read with `at`), so that no keyed load sees both
// number[] and boolean[] (see hasStringLabels).
function hasFraction(a: readonly unknown[]): boolean {
  return typeof a.at(0) === "boolean" ? fractionInBooleans(a) : fractionInNumbers(a);
}
function fractionInNumbers(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === "number" && !Number.isInteger(v)) return true;
  }
  return false;
}
function fractionInBooleans(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v === "number" && !Number.isInteger(v)) return true;
  }
  return false;
}
function allBooleans(a: readonly unknown[]): boolean {
  if (typeof a.at(0) !== "boolean") return false;
  for (let i = 1; i < a.length; i++) if (typeof a[i] !== "boolean") return false;
  return true;
}

/** Encodes one label array with the codec (strings → indices); numeric arrays pass through. */
export function encodeArray(x: unknown, codec: LabelCodec): unknown {
  if (codec.names === null || !Array.isArray(x)) return x;
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = codec.code(x[i] as string);
  return out;
}

