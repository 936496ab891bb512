// TEMPORARY BigInt stand-in with the planned API of the exact superaccumulator
// (replaced by the WebAssembly-backed implementation on branch `exactsum`).
import { getF64 } from "../wasm/core.js";

const F = new Float64Array(1);
const U = new BigUint64Array(F.buffer);
/** x = int·2^exp exactly (finite x). */
function decompose(x: number): [bigint, number] {
  F[0] = x;
  const bits = U[0];
  const neg = bits >> 63n;
  const e = Number((bits >> 52n) & 0x7ffn);
  let m = bits & 0xfffffffffffffn;
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    m |= 1n << 52n;
    exp = e - 1075;
  }
  return [neg ? -m : m, exp];
}
const BASE = -3300;

export class ExactSum {
  int = 0n; // value = int · 2^BASE
  flags = 0;
  constructor(readonly wide: boolean) {}
  static narrow(): ExactSum { return new ExactSum(false); }
  static wide(): ExactSum { return new ExactSum(true); }
  private addExact(m: bigint, e: number): void { this.int += m << BigInt(e - BASE); }
  addNumber(x: number): this {
    if (Number.isNaN(x)) this.flags |= 4;
    else if (x === Infinity) this.flags |= 1;
    else if (x === -Infinity) this.flags |= 2;
    else { const [m, e] = decompose(x); this.addExact(m, e); }
    return this;
  }
  addArray(ptr: number, n: number): this { const a = getF64(ptr, n); for (let i = 0; i < n; i++) this.addNumber(a[i]); return this; }
  addSquares(ptr: number, n: number): this { const a = getF64(ptr, n); for (let i = 0; i < n; i++) this.addProd([a[i], a[i]]); return this; }
  addProducts(pa: number, pb: number, n: number): this { const a = getF64(pa, n), b = getF64(pb, n); for (let i = 0; i < n; i++) this.addProd([a[i], b[i]]); return this; }
  addWeightedSquares(pw: number, px: number, n: number): this { const w = getF64(pw, n), x = getF64(px, n); for (let i = 0; i < n; i++) this.addProd([w[i], x[i], x[i]]); return this; }
  private addProd(xs: number[]): void {
    let m = 1n; let e = 0;
    for (const x of xs) {
      if (!Number.isFinite(x)) { this.flags |= Number.isNaN(x) ? 4 : 8; return; }
      const [mm, ee] = decompose(x); m *= mm; e += ee;
    }
    this.addExact(m, e);
  }
  merge(o: ExactSum): this { this.int += o.int; this.flags |= o.flags; return this; }
  clone(): ExactSum { const c = new ExactSum(this.wide); c.int = this.int; c.flags = this.flags; return c; }
  isZero(): boolean { return this.int === 0n && this.flags === 0; }
  equals(o: ExactSum): boolean { return this.int === o.int && this.flags === o.flags; }
  exact(): { int: bigint; exp: number; flags: number } { return { int: this.int, exp: BASE, flags: this.flags }; }
  value(): number {
    if (this.flags & 4 || (this.flags & 3) === 3) return NaN;
    if (this.flags & 1) return Infinity;
    if (this.flags & 2) return -Infinity;
    return roundScaled(this.int, BASE);
  }
  toJSON(): string {
    let s = (this.int < 0n ? "-" : "") + "0x" + (this.int < 0n ? -this.int : this.int).toString(16) + "p" + BASE;
    if (this.flags & 1) s += ";+inf";
    if (this.flags & 2) s += ";-inf";
    if (this.flags & 4) s += ";nan";
    return s;
  }
  static fromJSON(s: string, wide = false): ExactSum {
    const m = /^(-?)0x([0-9a-f]+)p(-?\d+)((?:;(?:\+inf|-inf|nan))*)$/.exec(s);
    if (!m) throw new Error(`malformed exact sum '${s}'`);
    const r = new ExactSum(wide);
    const v = BigInt("0x" + m[2]) * (m[1] ? -1n : 1n);
    const e = Number(m[3]);
    r.int = e >= BASE ? v << BigInt(e - BASE) : v >> BigInt(BASE - e);
    if (m[4].includes("+inf")) r.flags |= 1;
    if (m[4].includes("-inf")) r.flags |= 2;
    if (m[4].includes("nan")) r.flags |= 4;
    return r;
  }
}

function bitLength(x: bigint): number { return x === 0n ? 0 : x.toString(2).length; }

/** Correctly rounded int·2^exp (ties to even). */
export function roundScaled(int: bigint, exp: number): number {
  if (int === 0n) return 0;
  const neg = int < 0n; let a = neg ? -int : int;
  const L = bitLength(a);
  // target: 53 significant bits, but not below 2^-1074
  let shift = L - 53;
  if (exp + shift < -1074) shift = -1074 - exp;
  if (shift > 0) {
    const q = a >> BigInt(shift); const r = a - (q << BigInt(shift)); const half = 1n << BigInt(shift - 1);
    a = q + (r > half || (r === half && (q & 1n) === 1n) ? 1n : 0n);
    exp += shift;
  }
  let v = Number(a) * 2 ** Math.max(exp, -1022);
  if (exp < -1022) v *= 2 ** (exp + 1022);
  return neg ? -v : v;
}

export function roundRatio(numInt: bigint, numExp: number, denInt: bigint, denExp: number): number {
  if (denInt === 0n) return numInt === 0n ? NaN : (numInt > 0n) === (denInt > 0n) ? Infinity : -Infinity;
  const neg = (numInt < 0n) !== (denInt < 0n);
  const a = numInt < 0n ? -numInt : numInt; const b = denInt < 0n ? -denInt : denInt;
  const k = Math.max(0, 1200 + bitLength(b) - bitLength(a));
  const q = (a << BigInt(k)) / b; const r = (a << BigInt(k)) - q * b;
  const sticky = r === 0n ? 0n : 1n;
  const v = roundScaled((q << 1n) | sticky, numExp - denExp - k - 1);
  return neg ? -v : v;
}
