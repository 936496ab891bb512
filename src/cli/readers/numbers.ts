/**
 * Number text → double, exactly as `Number(text)` rounds it, for a stricter grammar.
 *
 * Accepted (a subset of what Python's `float()` accepts): optional surrounding spaces/tabs, then
 * `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?` — e.g. `1e-3`, `-0`, `+1.5`, `.5`,
 * `5.`. Recognised but non-finite: `inf`, `infinity`, `nan` (any case, optional sign) and literals
 * that overflow (`1e400`). Everything else (`abc`, `1.2.3`, `0x10`, `1_000`, `1,5`, `Infinity` in
 * other spellings, an empty cell) is not a number.
 *
 * The value is correctly rounded: {@link fastDecimal} handles the common case (an integer
 * significand below 2^53 and a decimal exponent within ±22: one exact multiplication or division,
 * Clinger's fast path) and everything else is handed to `Number()`, which V8 rounds correctly,
 * after the grammar was checked here.
 * @module
 */

/** 10^0 … 10^22: every one exactly representable as a double. */
const POW10 = new Float64Array(23);
for (let i = 0, p = 1; i < 23; i++, p *= 10) POW10[i] = p;
const TWO53 = 9007199254740992;

/**
 * Set by {@link fastDecimal} and {@link decimalBytes}: the index just after the number read, or -1
 * when the text there is not a plain decimal (the caller then takes the general path).
 */
export let fastEnd = -1;
/**
 * Set by {@link decimalBytes}: the number is a valid decimal but its value was not decided here
 * (more than 19 significant digits, an exponent beyond ±22 after scaling, or within 2⁻⁹⁶ of a
 * rounding midpoint): the caller hands the text to `Number()`.
 */
export let numberNeedsText = false;

const SPLIT = 134217729; // 2^27 + 1, Veltkamp's splitter
const TWO_M96 = 1.262177448353619e-29; // 2^-96
/** 10^k split into high and low halves of 26 bits (Veltkamp), for exact products. */
const POW10_HI = new Float64Array(23);
const POW10_LO = new Float64Array(23);
for (let i = 0; i < 23; i++) {
  const c = SPLIT * POW10[i];
  POW10_HI[i] = c - (c - POW10[i]);
  POW10_LO[i] = POW10[i] - POW10_HI[i];
}

/**
 * The correctly rounded value of (m·10^r + t)·10^exp for m < 10^15, 1 ≤ r ≤ 4, t < 10^r and
 * |exp| ≤ 22, in double-double arithmetic (error < 2⁻¹⁰⁰ relative), or NaN when the result lies
 * within 2⁻⁹⁶ (relative) of a rounding boundary and only an exact method can tell.
 */
function doubleDouble(m: number, r: number, t: number, exp: number): number {
  // M = m·10^r + t exactly, as hi + lo (TwoProduct by Veltkamp splitting, then TwoSum)
  const P = POW10[r];
  const p = m * P;
  let c = SPLIT * m;
  const mh = c - (c - m);
  const pe = mh * P - p + (m - mh) * P; // 10^r < 2^14 needs no split
  const s = p + t;
  const bv = s - p;
  const lo0 = pe + (p - (s - bv) + (t - bv));
  const hi = s + lo0;
  const lo = lo0 - (hi - s);
  if (exp === 0) return checked(hi, lo);
  const k = exp > 0 ? exp : -exp;
  const Q = POW10[k];
  const qh = POW10_HI[k];
  const ql = POW10_LO[k];
  if (exp > 0) {
    const x = hi * Q;
    c = SPLIT * hi;
    const hh = c - (c - hi);
    const hl = hi - hh;
    const l2 = hh * qh - x + hh * ql + hl * qh + hl * ql + lo * Q;
    const H = x + l2;
    return checked(H, l2 - (H - x));
  }
  const q = hi / Q;
  c = SPLIT * q;
  const q1 = c - (c - q);
  const q2 = q - q1;
  const pp = q * Q;
  const ppe = q1 * qh - pp + q1 * ql + q2 * qh + q2 * ql;
  const qq = (hi - pp - ppe + lo) / Q;
  const H = q + qq;
  return checked(H, qq - (H - q));
}

/** H when every value within 2⁻⁹⁶·|H| of H + L rounds to H, else NaN. */
function checked(H: number, L: number): number {
  const eps = (H < 0 ? -H : H) * TWO_M96;
  return H + (L - eps) === H && H + (L + eps) === H ? H : NaN;
}

/**
 * Reads a plain decimal number (no spaces, no quotes) from bytes at `b[p]`: sets {@link fastEnd}
 * (-1: not a plain decimal there) and {@link numberNeedsText}, and returns the correctly rounded
 * value (when `numberNeedsText` is false). Up to 15 significant digits (or a significand below
 * 2^53) with |exp| ≤ 22: Clinger's fast path (one exact operation); up to 19 digits:
 * {@link doubleDouble}; more digits or larger exponents: `Number()` on the text.
 */
export function decimalBytes(b: Uint8Array, p: number): number {
  let c = b[p];
  let neg = false;
  if (c === 45 /* - */) {
    neg = true;
    c = b[++p];
  } else if (c === 43 /* + */) c = b[++p];
  const p0 = p;
  // leading zeros (integer part, then fraction part while nothing significant was seen)
  while (c === 48) c = b[++p];
  let m = 0; // the first 15 significant digits
  let t = 0; // significant digits 16..19
  let sig = 0; // significant digits
  let exp = 0;
  let dot = false;
  if (c === 46 /* . */ && p > p0) {
    dot = true;
    c = b[++p];
    while (c === 48) {
      exp--;
      c = b[++p];
    }
  } else if (c === 46) {
    dot = true;
    c = b[++p];
    while (c === 48) {
      exp--;
      c = b[++p];
    }
  }
  // significant digits: the first 15 into m
  for (;;) {
    while (c >= 48 && c <= 57 && sig < 15) {
      m = m * 10 + (c - 48);
      sig++;
      if (dot) exp--;
      c = b[++p];
    }
    if (sig === 15) break;
    if (c === 46 && !dot) {
      dot = true;
      c = b[++p];
      continue;
    }
    break;
  }
  // the rest: up to 19 digits into t, more only counted
  if (sig === 15) {
    for (;;) {
      while (c >= 48 && c <= 57) {
        if (sig < 19) t = t * 10 + (c - 48);
        else if (!dot) exp++;
        sig++;
        if (dot && sig <= 19) exp--;
        c = b[++p];
      }
      if (c === 46 && !dot) {
        dot = true;
        c = b[++p];
        continue;
      }
      break;
    }
  }
  if (p === p0 || (p === p0 + 1 && dot)) {
    fastEnd = -1; // no digit
    return 0;
  }
  if (c === 101 || c === 69 /* e E */) {
    c = b[++p];
    let eneg = false;
    if (c === 45) {
      eneg = true;
      c = b[++p];
    } else if (c === 43) c = b[++p];
    let e = 0;
    let ed = 0;
    while (c >= 48 && c <= 57) {
      if (e < 100000) e = e * 10 + (c - 48);
      ed++;
      c = b[++p];
    }
    if (ed === 0) {
      fastEnd = -1;
      return 0;
    }
    exp += eneg ? -e : e;
  }
  fastEnd = p;
  // value = M · 10^exp, M = the first min(sig, 19) significant digits (more: not decided here)
  if (sig > 19 || exp > 22 || exp < -22) {
    numberNeedsText = true;
    return 0;
  }
  let v: number;
  if (sig <= 15) v = exp === 0 ? m : exp > 0 ? m * POW10[exp] : m / POW10[-exp];
  else {
    const r = sig - 15;
    const P = POW10[r];
    const M = m * P + t;
    if (M < 9007199254740992) v = exp === 0 ? M : exp > 0 ? M * POW10[exp] : M / POW10[-exp];
    else {
      v = doubleDouble(m, r, t, exp);
      if (v !== v) {
        numberNeedsText = true;
        return 0;
      }
    }
  }
  numberNeedsText = false;
  return neg ? -v : v;
}

const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const NONFINITE = /^[+-]?(?:inf|infinity|nan)$/i;

/** How a cell's text reads as a number (the values of {@link lastNumberText}). */
export const NumberText = {
  /** A finite number (the value is returned). */
  Finite: 0,
  /** A number that is NaN or ±Infinity (`nan`, `-inf`, `1e400`). */
  NonFinite: 1,
  /** Empty (or only spaces and tabs). */
  Empty: 2,
  /** Anything else. */
  NotANumber: 3,
} as const;
export type NumberText = (typeof NumberText)[keyof typeof NumberText];

/** Set by {@link parseNumberText}: what the text was. */
export let lastNumberText: NumberText = NumberText.Finite;

/**
 * The general parser: trims spaces and tabs, checks the grammar of the module doc, returns the
 * value (`Number(text)`'s) and sets {@link lastNumberText}. Returns NaN unless the text is a number.
 */
export function parseNumberText(text: string): number {
  let t = text;
  const c0 = t.charCodeAt(0);
  const c1 = t.charCodeAt(t.length - 1);
  if (c0 === 32 || c0 === 9 || c1 === 32 || c1 === 9) t = t.replace(/^[ \t]+|[ \t]+$/g, "");
  if (t.length === 0) {
    lastNumberText = NumberText.Empty;
    return NaN;
  }
  if (DECIMAL.test(t)) {
    const x = Number(t);
    lastNumberText = Number.isFinite(x) ? NumberText.Finite : NumberText.NonFinite;
    return x;
  }
  if (NONFINITE.test(t)) {
    lastNumberText = NumberText.NonFinite;
    return /nan$/i.test(t) ? NaN : t.charCodeAt(0) === 45 ? -Infinity : Infinity;
  }
  lastNumberText = NumberText.NotANumber;
  return NaN;
}
