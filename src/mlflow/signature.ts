/**
 * MLflow model signatures (`inputs` / `outputs` column specs) inferred from
 * JavaScript columns, in the exact JSON `mlflow.models.infer_signature(...)
 * .to_dict()` writes for a pandas DataFrame and Series.
 * @module
 */
import { ValueError } from "../input/validate.js";

/** MLflow column types this module produces. */
export type ColumnType = "double" | "float" | "long" | "integer" | "boolean" | "string";

/** One column spec, as in MLflow's `ColSpec.to_dict()`. */
export interface ColSpec {
  type: ColumnType;
  name?: string;
  required: boolean;
}

/** A model signature as MLflow stores it: `inputs` / `outputs` are JSON strings of {@link ColSpec} lists. */
export interface ModelSignature {
  inputs: string;
  outputs: string;
  params: null;
}

/** A column: a typed array, or a plain array of numbers, booleans or strings (null/undefined = missing). */
export type Column = ArrayLike<unknown>;

const CAST = "cast it to float64 first (e.g. Float64Array.from(values, Number))";

function isDecimalLike(v: object): boolean {
  const ctor = (v as { constructor?: { name?: string } }).constructor?.name ?? "";
  return (
    /^(Decimal|Big|BigNumber|Decimal128|Long)$/.test(ctor) ||
    (typeof (v as { toFixed?: unknown }).toFixed === "function" && !(v instanceof Number))
  );
}

function typedArrayType(col: ArrayBufferView, name: string): ColumnType | undefined {
  if (col instanceof Float64Array) return "double";
  if (col instanceof Float32Array) return "float";
  if (col instanceof Int8Array || col instanceof Int16Array || col instanceof Int32Array) return "integer";
  if (col instanceof Uint8Array || col instanceof Uint8ClampedArray || col instanceof Uint16Array) return "integer";
  if (col instanceof Uint32Array) return "long";
  if (typeof BigInt64Array !== "undefined" && (col instanceof BigInt64Array || col instanceof BigUint64Array)) {
    throw new ValueError(`inferSignature: column '${name}' is a ${col.constructor.name} (64-bit integers as BigInt); ${CAST}`);
  }
  return undefined;
}

/** Infers one column's MLflow type and whether it is required (no missing values). */
function inferColumn(col: Column, name: string): { type: ColumnType; required: boolean } {
  if (col === null || typeof col !== "object" || typeof (col as ArrayLike<unknown>).length !== "number") {
    throw new ValueError(`inferSignature: column '${name}' must be an array or typed array`);
  }
  if (ArrayBuffer.isView(col)) {
    const t = typedArrayType(col, name);
    if (t === undefined) throw new ValueError(`inferSignature: column '${name}' has an unsupported array type ${col.constructor.name}`);
    let required = true;
    if (t === "double" || t === "float") for (let i = 0; i < col.length; i++) if (Number.isNaN(col[i])) required = false;
    return { type: t, required };
  }
  let kind: "number" | "boolean" | "string" | undefined;
  let required = true;
  for (let i = 0; i < col.length; i++) {
    const v = col[i];
    if (v === null || v === undefined) {
      required = false;
      continue;
    }
    let k: "number" | "boolean" | "string";
    if (typeof v === "number") {
      k = "number";
      if (Number.isNaN(v)) required = false;
    } else if (typeof v === "boolean") k = "boolean";
    else if (typeof v === "string") k = "string";
    else if (typeof v === "bigint") {
      throw new ValueError(`inferSignature: column '${name}' holds BigInt values (row ${i}: ${v}n); ${CAST}`);
    } else if (typeof v === "object" && isDecimalLike(v)) {
      throw new ValueError(
        `inferSignature: column '${name}' holds decimal-like ${(v as object).constructor?.name ?? "object"} values (row ${i}); ${CAST}`,
      );
    } else {
      throw new ValueError(`inferSignature: column '${name}' holds an unsupported ${typeof v} value at row ${i}`);
    }
    if (kind === undefined) kind = k;
    else if (kind !== k) throw new ValueError(`inferSignature: column '${name}' mixes ${kind} and ${k} values (row ${i})`);
  }
  if (kind === undefined) throw new ValueError(`inferSignature: column '${name}' has no values to infer a type from`);
  // JS numbers are float64: MLflow "double" (schema enforcement accepts integer input for double columns).
  return { type: kind === "number" ? "double" : kind, required };
}

function pyStr(s: string): string {
  // json.dumps(ensure_ascii=True): DEL and non-ASCII as \uXXXX (UTF-16 units, like Python).
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

function pyJson(list: readonly ColSpec[]): string {
  // json.dumps defaults: ", " and ": " separators.
  const one = (c: ColSpec) =>
    `{"type": ${pyStr(c.type)}${c.name === undefined ? "" : `, "name": ${pyStr(c.name)}`}, "required": ${c.required}}`;
  return `[${list.map(one).join(", ")}]`;
}

function specs(cols: Record<string, Column>, what: string): ColSpec[] {
  const entries = Object.entries(cols);
  if (entries.length === 0) throw new ValueError(`inferSignature: ${what} has no columns`);
  const n = entries[0]![1]?.length;
  return entries.map(([name, col]) => {
    const { type, required } = inferColumn(col, name);
    if (col.length !== n) throw new ValueError(`inferSignature: ${what} columns differ in length (${entries[0]![0]}: ${n}, ${name}: ${col.length})`);
    return { type, name, required };
  });
}

function rowsToColumns(rows: readonly unknown[]): Record<string, unknown[]> {
  const cols: Record<string, unknown[]> = {};
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object" || Array.isArray(r)) throw new ValueError(`inferSignature: row ${i} must be an object of column → value`);
    for (const k of Object.keys(r)) cols[k] ??= new Array<unknown>(rows.length).fill(undefined);
  });
  rows.forEach((r, i) => {
    for (const [k, v] of Object.entries(r as object)) cols[k]![i] = v;
  });
  return cols;
}

/**
 * MLflow's model signature for a model that takes `columns` (an object of
 * column name → array, or an array of row objects) and returns `predictions`
 * (one array → an unnamed output, or an object of named output columns).
 * Types: `Float64Array` and plain numbers → `double`, `Float32Array` → `float`,
 * `Int8/16/32Array`, `Uint8/16Array` → `integer`, `Uint32Array` → `long`,
 * booleans → `boolean`, strings → `string`. A column with null/undefined (or
 * NaN in a float column) gets `required: false`, as pandas-based inference
 * does. BigInt values, `BigInt64Array` and decimal-like objects (Decimal.js,
 * big.js, …) are rejected with a message to cast to float64. The output is
 * what Python's `infer_signature(df, pd.Series(pred)).to_dict()` gives for
 * the same data (`inputs`/`outputs` are JSON strings).
 * @example
 * ```ts
 * inferSignature({ daily_dbu: Float64Array.of(1.5, 2), region: ["eu", "us"] }, Float64Array.of(1.4, 2.1));
 * // { inputs: '[{"type": "double", "name": "daily_dbu", "required": true}, {"type": "string", "name": "region", "required": true}]',
 * //   outputs: '[{"type": "double", "required": true}]', params: null }
 * ```
 */
export function inferSignature(
  columns: Readonly<Record<string, Column>> | readonly Readonly<Record<string, unknown>>[],
  predictions: Column | Readonly<Record<string, Column>>,
): ModelSignature {
  if (columns === null || typeof columns !== "object") throw new ValueError("inferSignature: columns must be an object of arrays or an array of rows");
  const inCols = Array.isArray(columns) ? rowsToColumns(columns) : (columns as Record<string, Column>);
  const inputs = specs(inCols, "columns");
  let outputs: ColSpec[];
  if (predictions !== null && typeof predictions === "object" && !ArrayBuffer.isView(predictions) && !Array.isArray(predictions)) {
    outputs = specs(predictions as Record<string, Column>, "predictions");
  } else {
    const { type, required } = inferColumn(predictions as Column, "predictions");
    outputs = [{ type, required }];
  }
  const rows = inputs.length ? (Object.values(inCols)[0]?.length ?? 0) : 0;
  const outLen = ArrayBuffer.isView(predictions) || Array.isArray(predictions)
    ? (predictions as Column).length
    : Object.values(predictions as Record<string, Column>)[0]!.length;
  if (rows !== outLen) throw new ValueError(`inferSignature: ${rows} input rows but ${outLen} predictions`);
  return { inputs: pyJson(inputs), outputs: pyJson(outputs), params: null };
}
