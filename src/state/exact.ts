/**
 * Exact, order-independent sums for mergeable metric states.
 *
 * An {@link ExactSum} holds a superaccumulator: the exact value of a sum of
 * doubles (or of exact products of two or three doubles) as a fixed-point
 * integer, plus IEEE flags for infinities and NaN. The accumulator is kept in
 * canonical form, which is unique per value, so the same multiset of inputs
 * gives the same bytes however the rows were split into batches, ordered or
 * merged. {@link ExactSum.value} rounds the exact value once, correctly
 * (round-half-even).
 *
 * The kernels live in `assembly/exactsum.ts`; this module copies the
 * accumulator (0.5 KB narrow, 1.6 KB wide) into the WebAssembly arena, runs a
 * kernel on data already in module memory, normalises and copies it back, so
 * a state is plain JS data between calls.
 * @module
 */
import { getI32, getU8, MAX_SAMPLES, putF64, putU8, withArena, type Kernels } from "../wasm/core.js";

/**
 * Accumulator formats: `"narrow"` holds any sum of up to 2^64 doubles;
 * `"wide"` holds sums of exact products of up to three doubles (squares,
 * products, weighted squares), whose bits reach from 2^-3222 to 2^3072.
 * Sums of different formats never mix (merging them throws).
 * @example
 * ```ts
 * const f: ExactFormat = "wide";
 * ExactSum.empty(f).format; // "wide"
 * ```
 */
export type ExactFormat = "narrow" | "wide";

/**
 * Limb count and exponent of limb 0 of each format: limb j has weight
 * 2^(base + 32 j). The representable range is [-2^R, 2^R) with
 * R = base + 32 nl - 1 (narrow: R = 1101, wide: R = 3177).
 * @example
 * ```ts
 * EXACT_FORMATS.narrow; // { nl: 68, base: -1074 }
 * ```
 */
export const EXACT_FORMATS = {
  narrow: { nl: 68, base: -1074 },
  wide: { nl: 200, base: -3222 },
} as const satisfies Record<ExactFormat, { nl: number; base: number }>;

/**
 * Bytes of an accumulator of each format (16-byte header + 8 bytes per limb).
 * @example
 * ```ts
 * EXACT_BYTES.narrow; // 560
 * ```
 */
export const EXACT_BYTES = {
  narrow: 16 + 8 * EXACT_FORMATS.narrow.nl,
  wide: 16 + 8 * EXACT_FORMATS.wide.nl,
} as const satisfies Record<ExactFormat, number>;

/**
 * Flag bits of an accumulator: a +Infinity, a -Infinity or a NaN was added.
 * @example
 * ```ts
 * ExactSum.narrow().addNumber(Infinity).exact().flags === EXACT_FLAGS.POS_INF; // true
 * ```
 */
export const EXACT_FLAGS = { POS_INF: 1, NEG_INF: 2, NAN: 4 } as const;

/**
 * An exact value `int * 2^exp` (int odd, or 0 with exp 0: one form per value)
 * and the flag bits ({@link EXACT_FLAGS}), as returned by {@link ExactSum.exact}.
 * @example
 * ```ts
 * const { int, exp } = ExactSum.narrow().addNumbers([0.1]).exact();
 * roundScaled(int, exp); // 0.1
 * ```
 */
export interface ExactValue {
  int: bigint;
  exp: number;
  flags: number;
}

const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

function formatOf(b: Uint8Array): ExactFormat {
  return view(b).getInt32(0, true) === EXACT_FORMATS.narrow.nl ? "narrow" : "wide";
}

function emptyBytes(format: ExactFormat): Uint8Array {
  const { nl, base } = EXACT_FORMATS[format];
  const b = new Uint8Array(EXACT_BYTES[format]);
  const dv = view(b);
  dv.setInt32(0, nl, true);
  dv.setInt32(4, base, true);
  return b;
}

/** The raw integer I of a canonical accumulator (value = I * 2^base). */
function limbsInt(b: Uint8Array): bigint {
  const dv = view(b);
  const nl = dv.getInt32(0, true);
  const parts: string[] = [];
  for (let j = nl - 2; j >= 0; j--) parts.push(dv.getUint32(16 + 8 * j, true).toString(16).padStart(8, "0"));
  const top = dv.getBigInt64(16 + 8 * (nl - 1), true);
  return (top << BigInt(32 * (nl - 1))) + BigInt("0x" + parts.join(""));
}

/** Canonical bytes of int * 2^exp (exp >= base; the caller checked the range). */
function encode(format: ExactFormat, int: bigint, exp: number, flags: number): Uint8Array {
  const { nl, base } = EXACT_FORMATS[format];
  const b = emptyBytes(format);
  const dv = view(b);
  dv.setInt32(8, flags, true);
  let v = int << BigInt(exp - base);
  for (let j = 0; j < nl - 1; j++) {
    dv.setUint32(16 + 8 * j, Number(v & 0xffffffffn), true);
    v >>= 32n;
  }
  dv.setBigInt64(16 + 8 * (nl - 1), v, true);
  return b;
}

/** Throws unless the top limb fits in i32 (the value lies in the format's range [-2^R, 2^R)). */
function checkRange(b: Uint8Array): void {
  const dv = view(b);
  const nl = dv.getInt32(0, true);
  const lo = dv.getInt32(16 + 8 * (nl - 1), true);
  const hi = dv.getInt32(20 + 8 * (nl - 1), true);
  if (hi !== lo >> 31) {
    const { base } = EXACT_FORMATS[formatOf(b)];
    throw new RangeError(`mlmetrics: exact sum outside the range of the ${formatOf(b)} format (|value| >= 2^${base + 32 * nl - 1})`);
  }
}

function checkCount(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 0 || n > MAX_SAMPLES) {
    throw new RangeError(`ExactSum.${what}: n must be an integer in [0, ${MAX_SAMPLES}], got ${n}`);
  }
}

function checkPtr(what: string, ...ptrs: number[]): void {
  for (const p of ptrs) {
    if (!Number.isInteger(p) || p < 0) throw new RangeError(`ExactSum.${what}: pointer must be a non-negative integer, got ${p}`);
  }
}

function bitLength(a: bigint): number {
  const h = a.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0], 16)));
}

function trailingZeros(a: bigint): number {
  return bitLength(a & -a) - 1;
}

const F64 = new DataView(new ArrayBuffer(8));

/** m * 2^e for m <= 2^53 that is a double (or beyond the largest double: +-Infinity). */
function compose(m: bigint, e: number, neg: boolean): number {
  if (m === 0n) return neg ? -0 : 0;
  let L = bitLength(m);
  if (L > 53) {
    m >>= BigInt(L - 53); // only m = 2^53 after rounding up: exact
    e += L - 53;
    L = 53;
  }
  const top = e + L - 1;
  if (top > 1023) return neg ? -Infinity : Infinity;
  let bits = top >= -1022
    ? (BigInt(top + 1023) << 52n) | ((m << BigInt(53 - L)) & 0xfffffffffffffn)
    : m << BigInt(e + 1074); // subnormal: e >= -1074 here
  if (neg) bits |= 1n << 63n;
  F64.setBigUint64(0, bits);
  return F64.getFloat64(0);
}

/**
 * The double nearest to `int * 2^exp` (round-half-even), with subnormal
 * results and overflow to +-Infinity as IEEE 754 rounds them; a negative value
 * that rounds to zero gives -0, an exact zero +0.
 *
 * @param int any integer
 * @param exp a safe integer
 * @example
 * ```ts
 * roundScaled(3n, -1); // 1.5
 * roundScaled((1n << 53n) + 1n, 0); // 9007199254740992 (tie: to even)
 * roundScaled(1n, -1075); // 0 (half of the smallest subnormal: to even)
 * roundScaled(1n, 1024); // Infinity
 * ```
 */
export function roundScaled(int: bigint, exp: number): number {
  if (typeof int !== "bigint") throw new TypeError(`roundScaled: int must be a bigint, got ${typeof int}`);
  if (!Number.isSafeInteger(exp)) throw new TypeError(`roundScaled: exp must be a safe integer, got ${exp}`);
  if (int === 0n) return 0;
  const neg = int < 0n;
  const a = neg ? -int : int;
  const L = bitLength(a);
  const top = exp + L - 1;
  if (top > 1024) return neg ? -Infinity : Infinity;
  if (top < -1076) return neg ? -0 : 0; // below half of 2^-1074
  const sh = Math.max(L - 53, -1074 - exp); // keep <= 53 bits, none below 2^-1074
  if (sh <= 0) return compose(a, exp, neg);
  const S = BigInt(sh);
  let m = a >> S;
  const rem = a - (m << S);
  const half = 1n << (S - 1n);
  if (rem > half || (rem === half && (m & 1n) === 1n)) m += 1n;
  return compose(m, exp + sh, neg);
}

/**
 * The double nearest to `(numInt * 2^numExp) / (denInt * 2^denExp)`
 * (round-half-even, subnormals and overflow as IEEE 754). A zero denominator
 * gives NaN for a zero numerator, else +-Infinity (the sign of the numerator);
 * a zero numerator gives +0.
 *
 * Used for ratios formed exactly with BigInt, e.g. a variance
 * `(n * sum(x^2) - sum(x)^2) / n^2` from exact sums.
 * @example
 * ```ts
 * roundRatio(1n, 0, 3n, 0); // 0.3333333333333333
 * roundRatio(10n, -1, 4n, 0); // 1.25
 * ```
 */
export function roundRatio(numInt: bigint, numExp: number, denInt: bigint, denExp: number): number {
  if (typeof numInt !== "bigint" || typeof denInt !== "bigint") throw new TypeError("roundRatio: numInt and denInt must be bigints");
  if (!Number.isSafeInteger(numExp) || !Number.isSafeInteger(denExp)) throw new TypeError("roundRatio: exponents must be safe integers");
  if (denInt === 0n) return numInt === 0n ? NaN : numInt > 0n ? Infinity : -Infinity;
  if (numInt === 0n) return 0;
  const neg = (numInt < 0n) !== (denInt < 0n);
  const N = numInt < 0n ? -numInt : numInt;
  const D = denInt < 0n ? -denInt : denInt;
  // Q = floor(N 2^s / D) has >= 55 bits, so rounding to 53 bits (or to 2^-1074)
  // drops >= 2 bits of 2Q + sticky: the sticky bit decides ties as the true quotient would.
  const s = 55 + bitLength(D) - bitLength(N);
  const n2 = s >= 0 ? N << BigInt(s) : N;
  const d2 = s >= 0 ? D : D << BigInt(-s);
  const q = n2 / d2;
  const sticky = n2 % d2 === 0n ? 0n : 1n;
  const v = roundScaled(2n * q + sticky, numExp - denExp - s - 1);
  return neg ? -v : v;
}

const JSON_RE = /^(-?)0x([0-9a-f]+)p(0|-?[1-9][0-9]*)((?:;\+inf)?)((?:;-inf)?)((?:;nan)?)$/;

/**
 * An exact sum: a canonical superaccumulator held as bytes in JS.
 *
 * Guarantee: the state after adding a multiset of values is the same bytes
 * (and {@link ExactSum.toJSON} the same string) whatever the order, the
 * batches, or the tree of {@link ExactSum.merge} calls; {@link ExactSum.value}
 * is the correctly rounded double of the exact sum, with IEEE semantics for
 * infinities and NaN.
 *
 * The `add*` methods that take pointers run a kernel on data already in
 * module memory (call them inside `withArena`, or on a pinned
 * `WasmFloat64Array`); `addNumber` and `addNumbers` copy their input in.
 * @example
 * ```ts
 * await init();
 * const s = ExactSum.narrow().addNumbers([1e300, 1, -1e300]);
 * s.value(); // 1
 * const t = ExactSum.narrow().addNumber(1).merge(ExactSum.narrow().addNumbers([1e300, -1e300]));
 * t.equals(s); // true
 * s.toJSON(); // "0x1p0"
 * ```
 */
export class ExactSum {
  #b: Uint8Array;

  private constructor(bytes: Uint8Array) {
    this.#b = bytes;
  }

  /**
   * An empty sum of doubles (format `"narrow"`).
   * @example
   * ```ts
   * ExactSum.narrow().value(); // 0
   * ```
   */
  static narrow(): ExactSum {
    return new ExactSum(emptyBytes("narrow"));
  }

  /**
   * An empty sum for exact products (format `"wide"`): {@link addSquares},
   * {@link addProducts} and {@link addWeightedSquares} need it; plain values
   * can be added too.
   * @example
   * ```ts
   * ExactSum.wide().addNumbers([0.1]).value(); // 0.1
   * ```
   */
  static wide(): ExactSum {
    return new ExactSum(emptyBytes("wide"));
  }

  /**
   * An empty sum of the given format.
   * @example
   * ```ts
   * ExactSum.empty("wide").format; // "wide"
   * ```
   */
  static empty(format: ExactFormat): ExactSum {
    if (format !== "narrow" && format !== "wide") throw new TypeError(`ExactSum: unknown format ${String(format)}`);
    return new ExactSum(emptyBytes(format));
  }

  /**
   * The accumulator format.
   * @example
   * ```ts
   * ExactSum.narrow().format; // "narrow"
   * ```
   */
  get format(): ExactFormat {
    return formatOf(this.#b);
  }

  /**
   * The flag bits ({@link EXACT_FLAGS}): which non-finite values were added.
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([Infinity, NaN]).flags; // 5
   * ```
   */
  get flags(): number {
    return view(this.#b).getInt32(8, true);
  }

  #run(fn: (k: Kernels, acc: number) => void): this {
    const len = this.#b.length;
    const out = withArena((k) => {
      const acc = putU8(this.#b);
      fn(k, acc);
      k.exactNormalize(acc);
      return getU8(acc, len);
    });
    checkRange(out);
    this.#b = out;
    return this;
  }

  #needWide(what: string): void {
    if (this.format !== "wide") throw new TypeError(`ExactSum.${what} needs a wide sum (ExactSum.wide()), this one is narrow`);
  }

  /**
   * Adds the `n` doubles at byte offset `ptr` of module memory, exactly.
   * @returns this
   * @example
   * ```ts
   * withArena(() => s.addArray(putF64(values), values.length));
   * ```
   */
  addArray(ptr: number, n: number): this {
    checkCount("addArray", n);
    checkPtr("addArray", ptr);
    return this.#run((k, acc) => k.exactAddArray(acc, ptr, n));
  }

  /**
   * Adds the exact squares of the `n` doubles at `ptr` (wide sums only).
   * @returns this
   * @example
   * ```ts
   * withArena(() => ExactSum.wide().addSquares(putF64([0.1, 3]), 2).value()); // 9.01 (0.1^2 exactly, + 9, rounded once)
   * ```
   */
  addSquares(ptr: number, n: number): this {
    this.#needWide("addSquares");
    checkCount("addSquares", n);
    checkPtr("addSquares", ptr);
    return this.#run((k, acc) => k.exactAddSquares(acc, ptr, n));
  }

  /**
   * Adds the exact products `a_i * b_i` of the `n` doubles at `pa` and `pb` (wide sums only).
   * @returns this
   * @example
   * ```ts
   * withArena(() => ExactSum.wide().addProducts(putF64([1e300, 2]), putF64([1e300, 3]), 2)); // 1e600 + 6 exactly
   * ```
   */
  addProducts(pa: number, pb: number, n: number): this {
    this.#needWide("addProducts");
    checkCount("addProducts", n);
    checkPtr("addProducts", pa, pb);
    return this.#run((k, acc) => k.exactAddProducts(acc, pa, pb, n));
  }

  /**
   * Adds the exact `w_i * x_i^2` of the `n` doubles at `pw` and `px` (wide sums only).
   * @returns this
   * @example
   * ```ts
   * withArena(() => ExactSum.wide().addWeightedSquares(putF64([0.5]), putF64([3]), 1).value()); // 4.5
   * ```
   */
  addWeightedSquares(pw: number, px: number, n: number): this {
    this.#needWide("addWeightedSquares");
    checkCount("addWeightedSquares", n);
    checkPtr("addWeightedSquares", pw, px);
    return this.#run((k, acc) => k.exactAddWeightedSquares(acc, pw, px, n));
  }

  /**
   * Adds one number exactly (copies it into module memory).
   * @returns this
   * @example
   * ```ts
   * ExactSum.narrow().addNumber(0.1).addNumber(0.2).value(); // 0.30000000000000004 (0.1 + 0.2 rounded once)
   * ```
   */
  addNumber(x: number): this {
    if (typeof x !== "number") throw new TypeError(`ExactSum.addNumber: expected a number, got ${typeof x}`);
    return withArena(() => this.addArray(putF64([x]), 1));
  }

  /**
   * Adds every number of `values` exactly (copies them into module memory).
   * @returns this
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([1e16, 1, -1e16]).value(); // 1
   * ```
   */
  addNumbers(values: ArrayLike<number>): this {
    checkCount("addNumbers", values.length);
    return withArena(() => this.addArray(putF64(values), values.length));
  }

  /**
   * Adds `x_i` (n doubles at `px`) into `sums[groups_i]` (n i32 at `pg`), all
   * sums of one format: e.g. weighted confusion-matrix cells. Throws a
   * RangeError (and changes nothing) when a group is outside [0, sums.length).
   * @example
   * ```ts
   * const cells = [ExactSum.narrow(), ExactSum.narrow()];
   * withArena(() => ExactSum.addGrouped(cells, putI32([0, 1, 0]), putF64([0.5, 2, 0.25]), 3));
   * cells[0].value(); // 0.75
   * ```
   */
  static addGrouped(sums: readonly ExactSum[], pg: number, px: number, n: number): void {
    checkCount("addGrouped", n);
    checkPtr("addGrouped", pg, px);
    if (sums.length === 0) {
      if (n > 0) throw new RangeError("ExactSum.addGrouped: no sums to add into");
      return;
    }
    const format = sums[0].format;
    for (const s of sums) {
      if (s.format !== format) throw new TypeError("ExactSum.addGrouped: all sums must have the same format");
    }
    const size = EXACT_BYTES[format];
    const all = new Uint8Array(size * sums.length);
    sums.forEach((s, i) => all.set(s.#b, i * size));
    const out = withArena((k) => {
      const p = putU8(all);
      const bad = k.exactAddGrouped(p, size, sums.length, pg, px, n);
      if (bad >= 0) {
        throw new RangeError(`ExactSum.addGrouped: groups[${bad}] = ${getI32(pg + 4 * bad, 1)[0]} is outside [0, ${sums.length})`);
      }
      for (let i = 0; i < sums.length; i++) k.exactNormalize(p + i * size);
      return getU8(p, all.length);
    });
    const parts = sums.map((_, i) => out.slice(i * size, (i + 1) * size));
    parts.forEach(checkRange);
    sums.forEach((s, i) => (s.#b = parts[i]));
  }

  /**
   * Adds `other` (same format) into this sum, exactly; `other` is unchanged.
   * Merging is associative and commutative down to the bytes.
   * @returns this
   * @example
   * ```ts
   * a.clone().merge(b).equals(b.clone().merge(a)); // true
   * ```
   */
  merge(other: ExactSum): this {
    if (!(other instanceof ExactSum)) throw new TypeError("ExactSum.merge: expected an ExactSum");
    if (other.format !== this.format) throw new TypeError(`ExactSum.merge: cannot merge a ${other.format} sum into a ${this.format} sum`);
    const src = other.#b;
    return this.#run((k, acc) => {
      if (k.exactMerge(acc, putU8(src)) !== 0) throw new Error("ExactSum.merge: format mismatch");
    });
  }

  /**
   * An independent copy.
   * @example
   * ```ts
   * const c = s.clone(); c.addNumber(1); // s unchanged
   * ```
   */
  clone(): ExactSum {
    return new ExactSum(this.#b.slice());
  }

  /**
   * True when the exact value is 0 and no infinity or NaN was added.
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([0.1, -0.1]).isZero(); // true
   * ```
   */
  isZero(): boolean {
    const b = this.#b;
    for (let i = 8; i < b.length; i++) if (b[i] !== 0) return false;
    return true;
  }

  /**
   * The correctly rounded double of the exact sum (round-half-even). NaN when
   * a NaN was added or both infinities were; else +-Infinity when one was; an
   * exact zero is +0.
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([0.1, 0.2, 0.3]).value(); // 0.6 (a plain left-to-right sum gives 0.6000000000000001)
   * ```
   */
  value(): number {
    const f = this.flags;
    if (f & EXACT_FLAGS.NAN || (f & 3) === 3) return NaN;
    if (f & EXACT_FLAGS.POS_INF) return Infinity;
    if (f & EXACT_FLAGS.NEG_INF) return -Infinity;
    return roundScaled(limbsInt(this.#b), EXACT_FORMATS[this.format].base);
  }

  /**
   * The exact value as `int * 2^exp` (int odd, or 0 with exp 0) and the flag bits.
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([0.75]).exact(); // { int: 3n, exp: -2, flags: 0 }
   * ```
   */
  exact(): ExactValue {
    const int = limbsInt(this.#b);
    const flags = this.flags;
    if (int === 0n) return { int: 0n, exp: 0, flags };
    const tz = trailingZeros(int);
    return { int: int >> BigInt(tz), exp: EXACT_FORMATS[this.format].base + tz, flags };
  }

  /**
   * True when both sums have the same format, exact value and flags (identical canonical bytes).
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([1, 2]).equals(ExactSum.narrow().addNumbers([2, 1])); // true
   * ```
   */
  equals(other: ExactSum): boolean {
    const a = this.#b;
    const b = other.#b;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  /**
   * A copy of the canonical accumulator bytes (header and limbs, little-endian).
   * @example
   * ```ts
   * ExactSum.narrow().bytes().length; // 560
   * ```
   */
  bytes(): Uint8Array {
    return this.#b.slice();
  }

  /**
   * The exact state as text: `"[-]0x<hex>p<exp>"` (hex mantissa odd, value =
   * mantissa * 2^exp; zero is `"0x0p0"`) followed by `";+inf"`, `";-inf"`,
   * `";nan"` for the flags that are set, in that order.
   * @example
   * ```ts
   * ExactSum.narrow().addNumbers([-0.75, Infinity]).toJSON(); // "-0x3p-2;+inf"
   * ```
   */
  toJSON(): string {
    const { int, exp, flags } = this.exact();
    let s = int === 0n ? "0x0p0" : `${int < 0n ? "-" : ""}0x${(int < 0n ? -int : int).toString(16)}p${exp}`;
    if (flags & EXACT_FLAGS.POS_INF) s += ";+inf";
    if (flags & EXACT_FLAGS.NEG_INF) s += ";-inf";
    if (flags & EXACT_FLAGS.NAN) s += ";nan";
    return s;
  }

  /**
   * Parses the text of {@link ExactSum.toJSON} into a sum of the given format
   * (`"narrow"` unless told). Only the canonical text is accepted (lower-case
   * hex without leading zeros, odd mantissa, no `+` or leading zeros in the
   * exponent, flags in order), and the value must be representable in the
   * format: its lowest bit at or above 2^base and the value in [-2^R, 2^R).
   * Anything else throws an Error (a RangeError for a value out of range).
   * The round trip gives identical canonical bytes.
   * @example
   * ```ts
   * ExactSum.fromJSON("-0x3p-2;+inf").value(); // Infinity
   * ExactSum.fromJSON(s.toJSON(), s.format).equals(s); // true
   * ExactSum.fromJSON("0x2p0"); // throws: the mantissa must be odd
   * ```
   */
  static fromJSON(s: string, format: ExactFormat = "narrow"): ExactSum {
    if (format !== "narrow" && format !== "wide") throw new TypeError(`ExactSum.fromJSON: unknown format ${String(format)}`);
    if (typeof s !== "string") throw new TypeError(`ExactSum.fromJSON: expected a string, got ${typeof s}`);
    const { nl, base } = EXACT_FORMATS[format];
    const R = base + 32 * nl - 1;
    const show = s.length > 40 ? JSON.stringify(s.slice(0, 40)) + "..." : JSON.stringify(s);
    if (s.length > 8 * nl + 40) throw new Error(`ExactSum.fromJSON: text too long for a ${format} sum (${s.length} characters)`);
    const m = JSON_RE.exec(s);
    if (!m) throw new Error(`ExactSum.fromJSON: malformed exact value ${show} (expected "[-]0x<hex>p<exponent>[;+inf][;-inf][;nan]")`);
    const [, sign, hex, expText, pinf, ninf, nan] = m;
    const flags = (pinf ? EXACT_FLAGS.POS_INF : 0) | (ninf ? EXACT_FLAGS.NEG_INF : 0) | (nan ? EXACT_FLAGS.NAN : 0);
    if (hex === "0") {
      if (sign || expText !== "0") throw new Error(`ExactSum.fromJSON: zero must be written 0x0p0, got ${show}`);
      return new ExactSum(encode(format, 0n, base, flags));
    }
    if (hex[0] === "0") throw new Error(`ExactSum.fromJSON: leading zeros in the mantissa of ${show}`);
    if ((parseInt(hex[hex.length - 1], 16) & 1) === 0) throw new Error(`ExactSum.fromJSON: the mantissa of ${show} must be odd`);
    const exp = Number(expText);
    if (exp < base) throw new RangeError(`ExactSum.fromJSON: ${show} has bits below 2^${base}, the lowest bit of a ${format} sum`);
    const bits = (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
    if (bits + exp > R && !(sign === "-" && hex === "1" && exp === R)) {
      throw new RangeError(`ExactSum.fromJSON: ${show} is outside the range of a ${format} sum [-2^${R}, 2^${R})`);
    }
    const int = sign === "-" ? -BigInt("0x" + hex) : BigInt("0x" + hex);
    return new ExactSum(encode(format, int, exp, flags));
  }
}
