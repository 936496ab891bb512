/**
 * Probability and score matrices: `number[][]` rows or a flat row-major array
 * with `nClasses`, flattened and checked as sklearn's `check_array` does.
 * @module
 */
import { checkContainer, type NumericArray, scanArray, ValueError } from "./validate.js";

/** Class probabilities: rows of `number[]`, or a flat row-major array (then pass `nClasses`). */
export type ProbMatrix = readonly (readonly number[] | NumericArray)[] | NumericArray;

/** True when `x` is a 2-D probability matrix (array of rows) or `nClasses` is given. */
export function isMatrix(x: unknown, nClasses?: number): boolean {
  return (Array.isArray(x) && x.length > 0 && typeof x[0] === "object" && x[0] !== null) || (nClasses !== undefined && nClasses !== null);
}

export interface Matrix {
  data: Float64Array;
  n: number;
  k: number;
  /** Where a flat typed input was staged in module memory (with `staged`): read it there. */
  ptr?: number;
}

/**
 * Flattens and checks a probability matrix (sklearn `check_array`: NaN, infinity, empty).
 * `staged`: the caller only reads the matrix, inside its arena — a flat input staged in
 * module memory by the scan is returned there (`ptr`) instead of copied again.
 */
export function readMatrix(x: unknown, nClasses: number | undefined, arg: string, staged = false): Matrix {
  if (nClasses !== undefined && nClasses !== null) {
    if (!Number.isInteger(nClasses) || nClasses < 1) throw new TypeError(`nClasses must be a positive integer, got ${String(nClasses)}`);
    const total = checkContainer(x, arg);
    if (total % nClasses !== 0) throw new ValueError(`${arg} has ${total} values, not a multiple of nClasses=${nClasses}`);
    const c = scanArray(x as ArrayLike<unknown>, { arg, inputName: "", allowEmpty: true });
    const n = total / nClasses;
    if (n === 0) throw new ValueError(`Found array with 0 sample(s) (shape=(0, ${nClasses})) while a minimum of 1 is required.`);
    if (staged && c.ptr !== undefined) return { data: c.data as Float64Array, n, k: nClasses, ptr: c.ptr };
    // a copy (typed arrays by memcpy: Float64Array.from iterates element by element)
    return { data: c.data instanceof Float64Array ? c.data.slice() : Float64Array.from(c.data), n, k: nClasses };
  }
  if (!Array.isArray(x)) throw new TypeError(`${arg} must be an array of rows or a flat array with nClasses`);
  const n = x.length;
  if (n === 0) throw new ValueError("Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required.");
  const k = checkContainer(x[0], `${arg}[0]`);
  const data = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const row = x[i];
    if (checkContainer(row, `${arg}[${i}]`) !== k) throw new ValueError(`${arg}: rows have different lengths (${k} and ${(row as ArrayLike<unknown>).length})`);
    const c = scanArray(row as ArrayLike<unknown>, { arg: `${arg}[${i}]`, inputName: "", allowEmpty: true });
    data.set(c.data, i * k);
  }
  return { data, n, k };
}
