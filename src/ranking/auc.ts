/**
 * The generic trapezoid of scikit-learn `_ranking.py`: `auc(x, y)`, the area
 * under any curve given by its points, with sklearn's monotonicity check.
 * The `diffSigns` kernel scans np.diff(x); the `trapezoid` kernel writes
 * dx·(yᵢ₊₁ + yᵢ)/2 and sums the terms in numpy's pairwise order (np.trapezoid).
 * @module
 */
import { checkContainer, checkOptions, type NumericArray, ValueError, type WarnOptions } from "../input/validate.js";
import { alloc, putF64, WasmFloat64Array, withArena } from "../wasm/core.js";

/** The values as float64, NaN and infinities kept (sklearn's `auc` does not check them); numbers only. */
function numbers(x: unknown, arg: string): Float64Array {
  if (x instanceof WasmFloat64Array) return x.array;
  if (x instanceof Float64Array) return x; // (read only: copied once, into linear memory)
  if (ArrayBuffer.isView(x)) return Float64Array.from(x as unknown as ArrayLike<number>);
  const a = x as readonly unknown[];
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (typeof v !== "number") throw new TypeError(`${arg} must contain only numbers; found ${typeof v} at index ${i}`);
    out[i] = v;
  }
  return out;
}

const INT_VIEWS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];

function isIntInput(x: unknown, data: ArrayLike<number>): boolean {
  if (INT_VIEWS.some((T) => x instanceof T)) return true;
  if (!Array.isArray(x)) return false;
  for (let i = 0; i < data.length; i++) if (!Number.isInteger(data[i])) return false;
  return true;
}

/** numpy's shortest positional digits with at most 8 fractional digits (trim '.'). */
function positional(v: number): string {
  let s = Math.abs(v).toString();
  if (/e/.test(s)) s = Math.abs(v).toFixed(20).replace(/0+$/, "");
  let [ip, fp = ""] = s.split(".");
  if (fp.length > 8) {
    [ip, fp = ""] = Math.abs(v).toFixed(8).split(".");
    fp = fp.replace(/0+$/, "");
  }
  return `${v < 0 || Object.is(v, -0) ? "-" : ""}${ip}.${fp}`;
}

function scientific(v: number): [string, string, string] {
  let [m, e] = Math.abs(v).toExponential().split("e");
  if (m.replace(/^\d\.?/, "").length > 8) m = Math.abs(v).toExponential(8).split("e")[0].replace(/0+$/, "");
  if (!m.includes(".")) m += ".";
  const [ip, fp] = m.split(".");
  const exp = e.replace("+", "");
  const sign = exp.startsWith("-") ? "-" : "+";
  return [`${v < 0 ? "-" : ""}${ip}`, fp, `${sign}${exp.replace("-", "")}`];
}

/**
 * numpy's `str()` of a 1-D array (default print options: precision 8,
 * linewidth 75, summarised above 1000 elements with 3 edge items).
 */
export function npArrayStr(values: ArrayLike<number>, integer: boolean): string {
  const n = values.length;
  const shown: number[] = n > 1000 ? [...Array.from({ length: 3 }, (_, i) => values[i]), ...Array.from({ length: 3 }, (_, i) => values[n - 3 + i])] : Array.from(values);
  let words: string[];
  if (integer) {
    const strs = shown.map((v) => String(v));
    const width = Math.max(...strs.map((s) => s.length));
    words = strs.map((s) => s.padStart(width));
  } else {
    const finite = shown.filter((v) => Number.isFinite(v)).map(Math.abs);
    const nonzero = finite.filter((v) => v !== 0);
    const maxV = finite.length ? Math.max(...finite) : 0;
    const minV = nonzero.length ? Math.min(...nonzero) : 0;
    const exp = maxV >= 1e8 || (nonzero.length > 0 && (minV < 1e-4 || maxV / minV > 1000));
    const special = (v: number) => (Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf");
    if (exp) {
      const parts = shown.map((v) => (Number.isFinite(v) ? scientific(v) : null));
      const fin = parts.filter((p): p is [string, string, string] => p !== null);
      const padL = Math.max(...fin.map((p) => p[0].length));
      const padR = Math.max(...fin.map((p) => p[1].length));
      const expW = Math.max(2, ...fin.map((p) => p[2].length - 1));
      const width = padL + 1 + padR + 2 + expW;
      words = shown.map((v, i) => {
        const p = parts[i];
        if (!p) return special(v).padStart(width);
        // (exponent form: the fraction is zero-padded to the common precision)
        return `${p[0].padStart(padL)}.${p[1].padEnd(padR, "0")}e${p[2][0]}${p[2].slice(1).padStart(expW, "0")}`;
      });
    } else {
      const parts = shown.map((v) => (Number.isFinite(v) ? positional(v).split(".") : null));
      const fin = parts.filter((p): p is string[] => p !== null);
      const padL = fin.length ? Math.max(...fin.map((p) => p[0].length)) : 0;
      const padR = fin.length ? Math.max(...fin.map((p) => p[1].length)) : 0;
      words = shown.map((v, i) => {
        const p = parts[i];
        if (!p) return special(v).padStart(padL + 1 + padR);
        return `${p[0].padStart(padL)}.${p[1].padEnd(padR)}`;
      });
    }
  }
  if (n > 1000) words.splice(3, 0, "...");
  let s = "";
  let line = " ";
  words.forEach((word, i) => {
    if (line.length + word.length > 74 && line.length > 1) {
      s += line.trimEnd() + "\n";
      line = " ";
    }
    line += word;
    if (i < words.length - 1) line += " ";
  });
  s += line;
  return "[" + s.slice(1) + "]";
}

/**
 * Area under a curve by the trapezoidal rule (sklearn `auc`): Σ (xᵢ₊₁ − xᵢ)·(yᵢ₊₁
 * + yᵢ)/2 in numpy's pairwise order, negated when x is decreasing. x must be
 * monotonic: otherwise `x is neither increasing nor decreasing : [...]` (numpy's
 * print of x); fewer than two points raise `At least 2 points are needed to
 * compute area under curve, but x.shape = 1`. Like sklearn, values are not
 * checked for NaN or infinity (they propagate). A plain array of integers
 * prints as numpy prints an integer array.
 * @example
 * ```ts
 * auc([1, 2, 3, 4], [0.5, 1.5, 2, 3]); // 5.25 (sklearn: 5.25)
 * auc([0, 0, 0.5, 1], [0, 0.5, 0.5, 1]); // 0.625 (sklearn: 0.625)
 * ```
 */
export function auc(x: NumericArray, y: NumericArray, options?: WarnOptions): number {
  checkOptions<WarnOptions>(options, "auc");
  const nx = checkContainer(x, "x");
  const ny = checkContainer(y, "y");
  if (nx !== ny) throw new ValueError(`Found input variables with inconsistent numbers of samples: [${nx}, ${ny}]`);
  const cx = { data: numbers(x, "x") };
  const cy = { data: numbers(y, "y") };
  if (nx < 2) throw new ValueError(`At least 2 points are needed to compute area under curve, but x.shape = ${nx}`);
  return withArena((k) => {
    const px = x instanceof WasmFloat64Array && !x.freed ? x.ptr : putF64(cx.data);
    const signs = k.diffSigns(px, nx);
    let direction = 1;
    if (signs & 1) {
      if (signs & 2) direction = -1;
      else throw new ValueError(`x is neither increasing nor decreasing : ${npArrayStr(cx.data, isIntInput(x, cx.data))}.`);
    }
    const py = y instanceof WasmFloat64Array && !y.freed ? y.ptr : putF64(cy.data);
    const area = k.trapezoid(px, py, nx, alloc(nx * 8));
    return direction * area;
  });
}
