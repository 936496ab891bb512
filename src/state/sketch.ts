/**
 * A mergeable, deterministic quantile sketch with a relative-error guarantee,
 * for streaming score distributions (`quantiles: { relativeError: α }`).
 *
 * **Mapping.** A finite double x falls into a bucket keyed by its sign, its
 * binary exponent and the top m mantissa bits, m = ⌈log₂(1/α)⌉ − 1 clamped to
 * [0, 52] (log-linear buckets, like HdrHistogram, with DDSketch's relative
 * guarantee). Every bucket [lo, hi] (its smallest and largest double)
 * satisfies (hi − lo)/lo < 2⁻ᵐ, and its representative r = 2·lo·hi/(lo + hi)
 * is within relative error (hi − lo)/(hi + lo) < 2⁻⁽ᵐ⁺¹⁾ ≤ α of every value
 * in it. Subnormals (|x| < 2⁻¹⁰²²) are renormalised into virtual octaves of
 * the same relative width, so they get the same guarantee; those with at most
 * m + 1 significant bits (every subnormal below 2⁻¹⁰⁷³⁺ᵐ) have one-value,
 * exact buckets. −0 and +0 have one exact bucket each (−0 ordered just below
 * +0, as in `scoreDistribution`). The mapping is monotone, so ranks are
 * preserved between buckets. n, min and max are tracked exactly.
 *
 * Why not DDSketch's logarithmic mapping: it needs about ln 2/ln((1+α)/(1−α))
 * ≈ 0.35/α buckets per octave where this one uses 2ᵐ ∈ [0.5/α, 1/α) (1.4–2.9×
 * more), but its keys come from a rounded logarithm: bucket edges are not
 * exact doubles and the bound needs slack. Here a key is a few integer
 * operations on the bits of x: exact edges, the same key on every engine.
 *
 * **Determinism.** Counts are exact integers (unweighted data), so the state
 * after any split into batches and any merge order is identical
 * (`equals`, identical `toJSON()`), on the SIMD and the scalar build.
 *
 * **Size.** Independent of n: at most 2ᵐ < 1/α buckets per binary octave of
 * |x| and sign touched by the data, so at most about
 * (1/α)·log₂(max|x| / smallest non-zero |x|) per sign (+ two for the zeros),
 * 16 bytes each. Normal data at α = 0.01: about 2,000 buckets (31 KB); at
 * α = 0.001: 12,000–16,000. Small updates (< 16,384 values) are buffered as
 * values (at most 128 KiB) and counted together.
 * @module
 */
import { checkArray, checkContainer, type NumericArray, ValueError } from "../input/validate.js";
import {
  alloc, allocF64, core, getF64, getU64, inArena, isWasmArray, type Kernels, MAX_SAMPLES, putBytes, putF64, putF64At, readF64,
  withArena,
} from "../wasm/core.js";

/** An equal-width histogram estimated from a sketch (the shape of `scoreDistribution`'s). */
export interface SketchHistogram {
  /** Estimated values per bin (integers summing to `n`). */
  counts: number[];
  /** `bins + 1` ascending bin edges, exactly `np.histogram(x, bins)`'s for the data's min and max. */
  edges: number[];
}

/** The serialized form of a {@link QuantileSketch} (see {@link QuantileSketch.toJSON}). */
export interface QuantileSketchJSON {
  /** Always `"mlmetrics.QuantileSketch"`. */
  format: typeof FORMAT;
  /** Format version, currently 1. */
  version: number;
  /** α. */
  relativeError: number;
  /** Number of values. */
  n: number;
  /** Smallest value (a zero is written as 0; its sign is its bucket's); null when n = 0. */
  min: number | null;
  /** Largest value; null when n = 0. */
  max: number | null;
  /** Bucket keys, ascending: base64 of little-endian u64. */
  keys: string;
  /** Values per bucket (≥ 1, summing to n): base64 of little-endian u64. */
  counts: string;
}

const FORMAT = "mlmetrics.QuantileSketch" as const;
const VERSION = 1;
const JSON_FIELDS = ["format", "version", "relativeError", "n", "min", "max", "keys", "counts"];

/**
 * How batches were counted since the module loaded (for tests: each path is
 * exercised): dense, dense after growing its blocks, blocks measured first
 * (large m), sorted (keys + radix sort), buffered small updates drained.
 * @internal
 */
export const sketchPaths = { dense: 0, grown: 0, measured: 0, sorted: 0, drained: 0 };

/** f64 elements copied in and counted per kernel call (a Float64Array is never copied whole). */
const CHUNK = 16384;
/** Most u32 counters the dense path may use in one batch (64 MiB; also at most 4 per value). */
const DENSE_MAX = 1 << 24;
/** Subnormal keys one dense batch may set aside (more: the batch is sorted instead). */
const SPILL_MAX = 1 << 14;
/** Updates smaller than this are buffered (as values) and counted together once this many wait. */
const BUFFER = 16384;
/** Pending batch pairs are merged into the state once they outnumber its buckets (and this). */
const FLUSH_MIN = 1 << 12;

/**
 * m for α: the smallest m ≥ 0 with 2⁻⁽ᵐ⁺¹⁾ ≤ α (α ≤ 2⁻⁵³: m = 52, every
 * bucket a single double).
 */
function mantissaBitsFor(alpha: number): number {
  let c = 1;
  while (c < 53 && 2 ** -c > alpha) c++;
  return c - 1;
}

function checkRelativeError(alpha: unknown, where: string): number {
  if (typeof alpha !== "number" || !(alpha > 0 && alpha <= 0.5)) {
    throw new RangeError(`${where}: relativeError must be a number in (0, 0.5], got ${String(alpha)}`);
  }
  return alpha;
}

function nonFinite(k: Kernels, ptr: number, n: number): ValueError {
  const out = alloc(16);
  return new ValueError(k.scanF64(ptr, n, out) === 2 ? "Input contains NaN." : "Input contains infinity or a value too large for dtype('float64').");
}

function tooMany(): RangeError {
  return new RangeError(`QuantileSketch: more than ${Number.MAX_SAFE_INTEGER} values cannot be counted exactly`);
}

/** The library's error for a Float64Array holding NaN or ±Infinity (NaN reported first, as sklearn). */
function nonFiniteIn(data: Float64Array): ValueError {
  for (let i = 0; i < data.length; i++) if (Number.isNaN(data[i])) return new ValueError("Input contains NaN.");
  return new ValueError("Input contains infinity or a value too large for dtype('float64').");
}

/** (key, count) pairs of one batch, in the arena. */
interface Pairs {
  keys: number;
  counts: number;
  len: number;
  n: number;
  min: number;
  max: number;
}

/** How to count a batch densely: room in u32 counters (first, largest); `measure`: count the blocks first. */
interface Plan {
  first: number;
  limit: number;
  measure: boolean;
}

/**
 * Dense-path plan for n values, or null to sort instead (a directory much
 * larger than the data). Blocks of all 2ᵐ counters of an octave (m ≤ 10)
 * start with room for 256 of them and grow; for larger m the directory also
 * splits octaves (blocks of 1024 counters) and a first pass counts the blocks
 * the batch needs (none of it is wasted when they would not fit).
 */
function densePlan(k: Kernels, m: number, n: number): Plan | null {
  const block = k.sketchBlockSize(m);
  const limit = Math.min(DENSE_MAX, Math.max(1 << 16, 4 * n));
  if (k.sketchDirBytes(m) > 16384 + 16 * n) return null;
  if (block === 2 ** m) {
    if (block * 32 > limit) return null;
    return { first: Math.min(limit, Math.max(1 << 16, 256 * block)), limit, measure: false };
  }
  return { first: 0, limit, measure: true };
}

/** The plan once `blocks` blocks are known to be needed, or null when they do not fit. */
function measured(k: Kernels, m: number, plan: Plan, blocks: number): Plan | null {
  sketchPaths.measured++;
  const need = Math.max(1, blocks) * k.sketchBlockSize(m);
  return need > plan.limit ? null : { first: need, limit: need, measure: false };
}

/** The dense blocks: the last arena allocation while counting, so they can grow in place. */
class Room {
  end: number;
  constructor(
    private k: Kernels,
    public bytes: number,
    private limit: number,
  ) {
    this.end = alloc(bytes) + bytes;
  }
  get start(): number {
    return this.end - this.bytes;
  }
  /** Doubles the room (up to the limit); false when it cannot. */
  grow(): boolean {
    const extra = Math.min(this.bytes, this.limit - this.bytes);
    if (extra <= 0 || alloc(extra) !== this.end) return false;
    this.k.sketchGrow(extra);
    sketchPaths.grown++;
    this.bytes += extra;
    this.end += extra;
    return true;
  }
}

/** sketchCount over len values at x, growing the room while it runs out. 0, 1 (not finite), 3/4: sort instead. */
function countGrowing(k: Kernels, x: number, len: number, room: Room): number {
  let rc = k.sketchCount(x, len);
  while (rc === 3 && room.grow()) {
    const pos = k.sketchPos();
    x += pos * 8;
    len -= pos;
    rc = k.sketchCount(x, len);
  }
  return rc;
}

// ---- base64 of little-endian bytes (wasm memory and the typed arrays here are little-endian) ----

function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(s);
}

function fromBase64(s: string, what: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new Error(`QuantileSketch.fromJSON: ${what} is not valid base64`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  // atob forgives whitespace and missing padding: only the canonical text is accepted.
  if (toBase64(out) !== s) throw new Error(`QuantileSketch.fromJSON: ${what} is not canonical base64`);
  if (out.length % 8 !== 0) throw new Error(`QuantileSketch.fromJSON: ${what} does not hold whole 8-byte values`);
  return out;
}

/**
 * A constant-memory, mergeable, deterministic quantile sketch with relative
 * error α (see the module notes for the bucket mapping).
 *
 * **Guarantee.** For a probability q, with h = q·(n − 1), j = ⌊h⌋, f = h − j
 * and x₍ⱼ₎ the sorted data, the exact numpy value is x̃ = lerp(x₍ⱼ₎, x₍ⱼ₊₁₎, f)
 * (`np.quantile(x, q, method='linear')`, what `scoreDistribution` returns) and
 * the estimate x̂ of {@link QuantileSketch.quantiles} satisfies
 *
 *   |x̂ − x̃| ≤ α·((1 − f)·|x₍ⱼ₎| + f·|x₍ⱼ₊₁₎|) + 2⁻⁴⁸·(|x₍ⱼ₎| + |x₍ⱼ₊₁₎|) + 2⁻¹⁰⁷¹.
 *
 * The estimate interpolates, with numpy's own `_lerp` arithmetic, the
 * representatives of the buckets holding ranks j and j + 1 (each within
 * relative α of x₍ⱼ₎ resp. x₍ⱼ₊₁₎); the last two terms are rounding slack:
 * about a dozen ulps of the two neighbours (the representative's three
 * roundings and the two lerps), and eight subnormal ulps. The tests observe
 * |x̂ − x̃| / (α·(...)) up to 2^-(m+1)/α (≤ 1, e.g. 0.977 at α = 0.001) and never
 * need the slack. Ranks 0 and n − 1 are the exact min and max, so q = 0 and
 * q = 1 are exact; `n`, `min`, `max` are exact. (When x₍ⱼ₊₁₎ − x₍ⱼ₎
 * overflows, which needs values beyond ±2¹⁰²³ of both signs, numpy's lerp is
 * not finite and the bound says nothing.)
 *
 * @example
 * ```ts
 * const s = QuantileSketch.create(0.01);
 * s.update(batch1);
 * s.update(batch2);
 * const t = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(otherWorker.toJSON())));
 * s.merge(t);
 * s.quantiles([0.05, 0.5, 0.95]); // each within 1% (relative) of np.quantile over all the data
 * s.histogram(10);                 // { edges, counts } like np.histogram(all, 10), up to values within 1% of an edge
 * ```
 */
export class QuantileSketch {
  readonly #alpha: number;
  readonly #m: number;
  #keys: BigUint64Array = new BigUint64Array(0);
  #counts: Float64Array = new Float64Array(0);
  #n = 0;
  #min = Infinity;
  #max = -Infinity;
  /** Batches not yet merged into #keys/#counts (see #absorb). */
  #pending: { keys: BigUint64Array; counts: Float64Array }[] = [];
  #pendingLen = 0;
  /** Values of small updates not yet counted (see #buffer); n, min and max include them. */
  #buf = new Float64Array(0);
  #bufLen = 0;

  private constructor(alpha: number) {
    this.#alpha = alpha;
    this.#m = mantissaBitsFor(alpha);
  }

  /**
   * An empty sketch with relative error `relativeError` = α ∈ (0, 0.5]
   * (RangeError otherwise).
   * @example
   * ```ts
   * const s = QuantileSketch.create(0.01); // quantiles within 1% relative error
   * ```
   */
  static create(relativeError: number): QuantileSketch {
    return new QuantileSketch(checkRelativeError(relativeError, "QuantileSketch.create"));
  }

  /** α, as given to {@link QuantileSketch.create}. */
  get relativeError(): number {
    return this.#alpha;
  }

  /** m: mantissa bits per bucket key (2^m buckets per binary octave). */
  get mantissaBits(): number {
    return this.#m;
  }

  /** Number of values added (exact). */
  get n(): number {
    return this.#n;
  }

  /** Smallest value added (exact; +Infinity when empty). */
  get min(): number {
    return this.#min;
  }

  /** Largest value added (exact; −Infinity when empty). */
  get max(): number {
    return this.#max;
  }

  /** Number of non-empty buckets. */
  get bucketCount(): number {
    this.#settle();
    return this.#keys.length;
  }

  /** Bytes of the bucket arrays (16 per bucket: a u64 key and an f64 count). */
  get sizeBytes(): number {
    this.#settle();
    return this.#keys.byteLength + this.#counts.byteLength;
  }

  /**
   * Adds values (any numeric array, or a zero-copy `WasmFloat64Array`).
   * NaN/±Infinity are rejected like `scoreDistribution` does (ValueError
   * `Input contains NaN.`), leaving the sketch unchanged. A Float64Array is
   * streamed through a 128 KiB buffer (never copied whole). Returns `this`.
   * @example
   * ```ts
   * QuantileSketch.create(0.01).update([0.1, 0.4, 0.35, 0.8]).n; // 4
   * ```
   */
  update(values: NumericArray): this {
    const n = checkContainer(values, "values");
    if (n === 0) return this;
    if (n < BUFFER && !isWasmArray(values)) {
      this.#buffer(values);
      return this;
    }
    withArena((k) => {
      let p: Pairs | null;
      if (values instanceof Float64Array) {
        p = this.#batchF64(k, values);
      } else {
        const x = checkArray(values, { arg: "values", inputName: "", allowEmpty: true });
        p = this.#batchPtr(k, x.ptr ?? putF64(x.data), x.n);
      }
      if (p) this.#absorb(p, true);
    });
    return this;
  }

  /** A small batch: checked, then copied to the value buffer (drained as one batch once full). */
  #buffer(values: NumericArray): void {
    // Float arrays are checked in WebAssembly (copy + SIMD scan, min and max
    // with -0 below +0); other arrays in TypeScript.
    const x = withArena(() => checkArray(values, { arg: "values", inputName: "", allowEmpty: true }));
    const data = x.data;
    const n = x.n;
    const total = this.#n + n;
    if (!Number.isSafeInteger(total)) throw tooMany();
    let min = this.#min;
    let max = this.#max;
    if (x.min !== undefined && x.max !== undefined) {
      min = Math.min(min, x.min);
      max = Math.max(max, x.max);
    } else {
      for (let i = 0; i < n; i++) {
        const v = data[i];
        if (!(v > min)) min = Math.min(min, v);
        if (!(v < max)) max = Math.max(max, v);
      }
    }
    if (this.#bufLen + n > BUFFER) {
      // counted together with the buffered values, as one batch of more than BUFFER
      const len = this.#bufLen;
      sketchPaths.drained++;
      withArena((k) => {
        const ptr = alloc((len + n) * 8);
        putF64At(this.#buf, 0, len, ptr);
        putF64At(data instanceof Float64Array ? data : Float64Array.from(data), 0, n, ptr + len * 8);
        this.#absorb(this.#batchPtr(k, ptr, len + n), false);
      });
      this.#bufLen = 0;
      this.#n = total;
      this.#min = min;
      this.#max = max;
      return;
    }
    if (this.#buf.length < this.#bufLen + n) {
      const grown = new Float64Array(Math.min(BUFFER, Math.max(2 * this.#buf.length, this.#bufLen + n, 256)));
      grown.set(this.#buf.subarray(0, this.#bufLen));
      this.#buf = grown;
    }
    this.#buf.set(data, this.#bufLen);
    this.#bufLen += n;
    this.#n = total;
    this.#min = min;
    this.#max = max;
  }

  /** Counts the buffered values into the state (n, min, max already include them). */
  #drain(): void {
    if (this.#bufLen === 0) return;
    const len = this.#bufLen;
    sketchPaths.drained++;
    withArena((k) => {
      this.#absorb(this.#batchPtr(k, putF64(this.#buf.subarray(0, len)), len), false);
    });
    this.#bufLen = 0;
  }

  /** Buffered values and pending batches merged: the canonical state. */
  #settle(): void {
    this.#drain();
    this.#flush();
  }

  /**
   * Adds `n` f64 already in module memory at byte offset `ptr` (for callers
   * inside `withArena` that staged the data themselves). Throws a ValueError
   * on non-finite values (sketch unchanged). Returns `this`.
   */
  addArena(ptr: number, n: number): this {
    if (!inArena()) throw new Error("QuantileSketch.addArena must be called inside withArena");
    if (!Number.isInteger(n) || n < 0 || n > MAX_SAMPLES) {
      throw new RangeError(`QuantileSketch.addArena: n must be an integer in [0, ${MAX_SAMPLES}], got ${n}`);
    }
    withArena((k) => {
      if (n > 0) this.#absorb(this.#batchPtr(k, ptr, n), true);
    });
    return this;
  }

  /**
   * Merges `other` into this sketch (`other` is unchanged). Both must have the
   * same α (an Error otherwise). The result is identical to a sketch fed all
   * values of both (in any order, any batches). Merging a sketch into itself
   * doubles every count. Returns `this`.
   * @example
   * ```ts
   * a.merge(b).equals(QuantileSketch.create(0.01).update([...xa, ...xb])); // true
   * ```
   */
  merge(other: QuantileSketch): this {
    if (!(other instanceof QuantileSketch)) throw new TypeError("QuantileSketch.merge: other must be a QuantileSketch");
    if (other.#alpha !== this.#alpha) {
      throw new Error(
        `QuantileSketch.merge: relative errors differ (${this.#alpha} and ${other.#alpha}); only sketches created with the same relativeError can be merged`,
      );
    }
    if (other.#n === 0) return this;
    other.#settle();
    const total = this.#n + other.#n;
    if (!Number.isSafeInteger(total)) throw tooMany();
    this.#n = total;
    this.#min = Math.min(this.#min, other.#min);
    this.#max = Math.max(this.#max, other.#max);
    this.#pending.push({ keys: other.#keys.slice(), counts: other.#counts.slice() });
    this.#pendingLen += other.#keys.length;
    if (this.#pendingLen >= Math.max(this.#keys.length, FLUSH_MIN)) this.#flush();
    return this;
  }

  /**
   * Estimates of `np.quantile(x, qs, method='linear')` over all values added,
   * each within the bound stated on the class (relative error α of the two
   * order statistics it interpolates). `qs` in [0, 1] (ValueError otherwise,
   * numpy's message); an empty sketch throws.
   * @example
   * ```ts
   * QuantileSketch.create(0.01).update([1, 2, 3, 4]).quantiles([0, 0.5, 1]); // [1, ≈2.5, 4]
   * ```
   */
  quantiles(qs: readonly number[] | Float64Array | Float32Array): number[] {
    if (!Array.isArray(qs) && !(qs instanceof Float64Array) && !(qs instanceof Float32Array)) {
      throw new TypeError("quantiles must be an array of numbers in [0, 1]");
    }
    const a = qs as ArrayLike<unknown>;
    if (!(a.length <= MAX_SAMPLES)) throw new RangeError(`quantiles has ${a.length} elements; at most ${MAX_SAMPLES}`);
    const q = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (typeof v !== "number") throw new TypeError(`quantiles must contain only numbers; found ${typeof v} at index ${i}`);
      if (!(v >= 0 && v <= 1)) throw new ValueError("Quantiles must be in the range [0, 1]");
      q[i] = v;
    }
    this.#checkNotEmpty("quantiles");
    if (q.length === 0) return [];
    this.#settle();
    return withArena((k) => {
      const nb = this.#keys.length;
      const keys = putBytes(this.#keys);
      const counts = putF64(this.#counts);
      const qp = putF64(q);
      const cum = alloc(nb * 8);
      const out = allocF64(q.length);
      k.sketchQuantiles(keys, counts, nb, this.#m, this.#n, this.#min, this.#max, qp, q.length, cum, out);
      return Array.from(getF64(out, q.length));
    });
  }

  /**
   * Estimate of `np.histogram(x, bins)` over all values added: the edges are
   * exactly numpy's (and `scoreDistribution`'s) for the exact min and max;
   * each bucket's count goes to the bin holding its representative (clamped
   * to [min, max]). A value x and its representative r are within relative
   * α, so a value is counted in another bin than numpy's only if a bin edge e
   * lies between x and r, i.e. |x − e| ≤ α·|x|: only values within relative α
   * of an edge can move (to a neighbouring bin, or further when bins are
   * narrower than α·|x|). Counts sum to n. Errors as `scoreDistribution`
   * (`bins` a positive integer; "Too many bins" when the edges collapse);
   * an empty sketch throws.
   * @example
   * ```ts
   * QuantileSketch.create(0.01).update([0.1, 0.4, 0.35, 0.8]).histogram(4);
   * // { counts: [1, 2, 0, 1], edges: [0.1, 0.275, 0.45000000000000007, 0.625, 0.8] }
   * ```
   */
  histogram(bins: number): SketchHistogram {
    if (typeof bins !== "number" || !Number.isInteger(bins)) {
      throw new TypeError("`bins` must be an integer, a string, or an array");
    }
    if (bins < 1) throw new ValueError("`bins` must be positive, when an integer");
    if (bins > MAX_SAMPLES) throw new RangeError(`bins=${bins}; mlmetrics accepts at most ${MAX_SAMPLES} bins`);
    this.#checkNotEmpty("histogram");
    this.#settle();
    return withArena((k) => {
      const min = this.#min;
      const max = this.#max;
      const edges = allocF64(bins + 1);
      const rc = k.distHistogram(0, 0, bins, min, max, edges, alloc(bins * 4));
      if (rc === 1) throw new ValueError(`Too many bins for data range. Cannot create ${bins} finite-sized bins.`);
      if (rc === 2) {
        throw new ValueError(
          `autodetected range of [${min}, ${max}] is too wide: max - min overflows float64, so no finite bin edges exist`,
        );
      }
      const nb = this.#keys.length;
      const out = allocF64(bins);
      k.sketchHistogram(putBytes(this.#keys), putF64(this.#counts), nb, this.#m, min, max, bins, edges, out);
      return { counts: Array.from(getF64(out, bins)), edges: Array.from(getF64(edges, bins + 1)) };
    });
  }

  /**
   * True when `other` has the same α and the identical state (n, min, max
   * including the sign of a zero, buckets and counts).
   */
  equals(other: QuantileSketch): boolean {
    if (!(other instanceof QuantileSketch)) return false;
    if (other.#alpha !== this.#alpha || other.#n !== this.#n) return false;
    if (!Object.is(other.#min, this.#min) || !Object.is(other.#max, this.#max)) return false;
    this.#settle();
    other.#settle();
    const a = this.#keys, b = other.#keys;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] || this.#counts[i] !== other.#counts[i]) return false;
    return true;
  }

  /** An independent copy. */
  clone(): QuantileSketch {
    this.#settle();
    const s = new QuantileSketch(this.#alpha);
    s.#keys = this.#keys.slice();
    s.#counts = this.#counts.slice();
    s.#n = this.#n;
    s.#min = this.#min;
    s.#max = this.#max;
    return s;
  }

  /**
   * The state as a plain JSON-able object (format version 1): α, n, min, max
   * and the buckets as base64 of little-endian u64 arrays (keys ascending,
   * counts). Equal sketches give identical objects.
   * @example
   * ```ts
   * const text = JSON.stringify(s.toJSON());
   * QuantileSketch.fromJSON(JSON.parse(text)).equals(s); // true
   * ```
   */
  toJSON(): QuantileSketchJSON {
    this.#settle();
    const counts = new BigUint64Array(this.#counts.length);
    for (let i = 0; i < counts.length; i++) counts[i] = BigInt(this.#counts[i]);
    const empty = this.#n === 0;
    return {
      format: FORMAT,
      version: VERSION,
      relativeError: this.#alpha,
      n: this.#n,
      min: empty ? null : this.#min === 0 ? 0 : this.#min,
      max: empty ? null : this.#max === 0 ? 0 : this.#max,
      keys: toBase64(new Uint8Array(this.#keys.buffer, this.#keys.byteOffset, this.#keys.byteLength)),
      counts: toBase64(new Uint8Array(counts.buffer)),
    };
  }

  /**
   * Rebuilds a sketch from {@link QuantileSketch.toJSON}'s object. Rejects,
   * with an Error saying what is wrong, anything no sketch could have written:
   * another format or version, unknown fields, α outside (0, 0.5], non-canonical
   * base64, keys not strictly ascending or outside the key space, counts < 1
   * or not summing to n, min/max not finite, min > max, min not in the first
   * bucket or max not in the last. Requires `init()`.
   */
  static fromJSON(obj: unknown): QuantileSketch {
    function fail(msg: string): never {
      throw new Error(`QuantileSketch.fromJSON: ${msg}`);
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) fail("expected an object");
    const o = obj as Record<string, unknown>;
    for (const f of Object.keys(o)) if (!JSON_FIELDS.includes(f)) fail(`unknown field '${f}'`);
    if (o.format !== FORMAT) fail(`format must be '${FORMAT}'`);
    if (o.version !== VERSION) fail(`unsupported version ${String(o.version)} (this library reads version ${VERSION})`);
    if (typeof o.relativeError !== "number" || !(o.relativeError > 0 && o.relativeError <= 0.5)) {
      fail("relativeError must be a number in (0, 0.5]");
    }
    const s = new QuantileSketch(o.relativeError as number);
    const n = o.n;
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) fail("n must be a non-negative safe integer");
    if (typeof o.keys !== "string" || typeof o.counts !== "string") fail("keys and counts must be base64 strings");
    const kb = fromBase64(o.keys as string, "keys");
    const cb = fromBase64(o.counts as string, "counts");
    if (kb.length !== cb.length) fail("keys and counts differ in length");
    const keys = new BigUint64Array(kb.buffer, 0, kb.length / 8);
    const cu = new BigUint64Array(cb.buffer, 0, cb.length / 8);
    const nb = keys.length;
    if (n === 0) {
      if (nb !== 0 || o.min !== null || o.max !== null) fail("an empty sketch has no buckets and null min/max");
      return s;
    }
    if (nb === 0) fail("n > 0 but no buckets");
    let { min, max } = o;
    if (typeof min !== "number" || typeof max !== "number" || !Number.isFinite(min) || !Number.isFinite(max)) {
      fail("min and max must be finite numbers");
    }
    if (Object.is(min, -0) || Object.is(max, -0)) fail("a zero min/max is written as 0");
    if ((min as number) > (max as number)) fail("min > max");
    const counts = new Float64Array(nb);
    let sum = 0;
    for (let i = 0; i < nb; i++) {
      const c = cu[i];
      if (c < 1n || c > BigInt(n)) fail(`count ${c} at bucket ${i} is not in [1, n]`);
      counts[i] = Number(c);
      sum += counts[i];
      if (sum > n) fail("counts sum to more than n");
      if (i > 0 && !(keys[i] > keys[i - 1])) fail(`keys are not strictly ascending at bucket ${i}`);
    }
    if (sum !== n) fail(`counts sum to ${sum}, not n = ${n}`);
    const k = core();
    const m = s.#m;
    // (an i64 export returns a signed bigint)
    const key = (x: number): bigint => BigInt.asUintN(64, k.sketchKey(x, m));
    if (keys[0] < key(-Number.MAX_VALUE) || keys[nb - 1] > key(Number.MAX_VALUE)) fail("a key is outside the key space");
    // The sign of a zero min (max) is its bucket's.
    if (min === 0 && keys[0] === key(-0)) min = -0;
    if (max === 0 && keys[nb - 1] === key(-0)) max = -0;
    if (key(min as number) !== keys[0]) fail("min is not in the first bucket");
    if (key(max as number) !== keys[nb - 1]) fail("max is not in the last bucket");
    if (n === 1 && !Object.is(min, max)) fail("n = 1 but min != max");
    s.#keys = keys.slice();
    s.#counts = counts;
    s.#n = n as number;
    s.#min = min as number;
    s.#max = max as number;
    return s;
  }

  #checkNotEmpty(what: string): void {
    if (this.#n === 0) throw new ValueError(`QuantileSketch.${what}: the sketch is empty (no values added)`);
  }

  /** A Float64Array streamed in chunks: dense counting, or keys + radix sort. */
  #batchF64(k: Kernels, data: Float64Array): Pairs | null {
    const n = data.length;
    if (n === 0) return null;
    const m = this.#m;
    const buf = alloc(Math.min(n, CHUNK) * 8);
    let plan = densePlan(k, m, n);
    if (plan?.measure) {
      const bits = allocF64(k.sketchDirBytes(m) >> 8);
      let blocks = 0;
      for (let i = 0; i < n; i += CHUNK) {
        const e = Math.min(n, i + CHUNK);
        putF64At(data, i, e, buf);
        blocks += k.sketchBlocksNeeded(buf, e - i, m, bits);
      }
      plan = measured(k, m, plan, blocks);
    }
    if (plan) {
      const room = this.#begin(k, n, plan);
      let rc = 0;
      for (let i = 0; i < n && rc === 0; i += CHUNK) {
        const e = Math.min(n, i + CHUNK);
        putF64At(data, i, e, buf);
        rc = countGrowing(k, buf, e - i, room);
      }
      if (rc === 1) throw nonFiniteIn(data);
      if (rc === 0) return this.#emit(k, n);
    }
    const keys = alloc(n * 8);
    const mm = this.#minMax();
    for (let i = 0; i < n; i += CHUNK) {
      const e = Math.min(n, i + CHUNK);
      putF64At(data, i, e, buf);
      if (k.sketchKeys(buf, e - i, m, keys + i * 8, mm) !== 0) throw nonFiniteIn(data);
    }
    return this.#sorted(k, keys, n, mm);
  }

  /** n f64 already in module memory. */
  #batchPtr(k: Kernels, ptr: number, n: number): Pairs {
    const m = this.#m;
    let plan = densePlan(k, m, n);
    if (plan?.measure) plan = measured(k, m, plan, k.sketchBlocksNeeded(ptr, n, m, allocF64(k.sketchDirBytes(m) >> 8)));
    if (plan) {
      const rc = countGrowing(k, ptr, n, this.#begin(k, n, plan));
      if (rc === 1) throw nonFinite(k, ptr, n);
      if (rc === 0) return this.#emit(k, n);
    }
    const keys = alloc(n * 8);
    const mm = this.#minMax();
    if (k.sketchKeys(ptr, n, m, keys, mm) !== 0) throw nonFinite(k, ptr, n);
    return this.#sorted(k, keys, n, mm);
  }

  #begin(k: Kernels, n: number, plan: Plan): Room {
    const m = this.#m;
    const dir = alloc(k.sketchDirBytes(m));
    const spillCap = Math.min(n, SPILL_MAX);
    const spill = alloc(spillCap * 8);
    const room = new Room(k, plan.first * 4, plan.limit * 4);
    k.sketchBegin(m, dir, room.start, room.bytes, spill, spillCap);
    return room;
  }

  #minMax(): number {
    const mm = allocF64(2);
    putF64At(new Float64Array([Infinity, -Infinity]), 0, 2, mm);
    return mm;
  }

  #emit(k: Kernels, n: number): Pairs {
    sketchPaths.dense++;
    const cap = Math.min(n, k.sketchUsed());
    const keys = alloc(cap * 8);
    const counts = alloc(cap * 8);
    const mm = alloc(16);
    const spill = Math.min(n, SPILL_MAX);
    const len = k.sketchEmit(keys, counts, mm, alloc(spill * 8), alloc(k.keySortHistBytes()));
    return { keys, counts, len, n, min: readF64(mm, 0), max: readF64(mm, 1) };
  }

  #sorted(k: Kernels, keys: number, n: number, mm: number): Pairs {
    sketchPaths.sorted++;
    k.sortKeysU64(keys, n, alloc(n * 8), alloc(k.keySortHistBytes()));
    const counts = alloc(n * 8);
    const len = k.sketchRuns(keys, n, counts);
    return { keys, counts, len, n, min: readF64(mm, 0), max: readF64(mm, 1) };
  }

  /**
   * Adds a batch's pairs (all checks done first: atomic). They wait as a
   * pending run until the pending pairs outnumber the state's buckets, then
   * all are merged (amortised O(1) copies per pair; queries merge first).
   */
  #absorb(p: Pairs, count: boolean): void {
    if (count) {
      const total = this.#n + p.n;
      if (!Number.isSafeInteger(total)) throw tooMany();
      this.#n = total;
      this.#min = Math.min(this.#min, p.min);
      this.#max = Math.max(this.#max, p.max);
    }
    if (this.#keys.length === 0 && this.#pending.length === 0) {
      this.#keys = getU64(p.keys, p.len);
      this.#counts = getF64(p.counts, p.len);
      return;
    }
    this.#pending.push({ keys: getU64(p.keys, p.len), counts: getF64(p.counts, p.len) });
    this.#pendingLen += p.len;
    if (this.#pendingLen >= Math.max(this.#keys.length, FLUSH_MIN)) this.#flush();
  }

  /** Merges the pending runs into the state (pairwise, in wasm). */
  #flush(): void {
    if (this.#pending.length === 0) return;
    withArena((k) => {
      let runs = [{ keys: this.#keys, counts: this.#counts }, ...this.#pending].map((r) => ({
        keys: putBytes(r.keys),
        counts: putF64(r.counts),
        len: r.keys.length,
      }));
      while (runs.length > 1) {
        const next: typeof runs = [];
        for (let i = 0; i + 1 < runs.length; i += 2) {
          const a = runs[i], b = runs[i + 1];
          const ok = alloc((a.len + b.len) * 8);
          const oc = alloc((a.len + b.len) * 8);
          const len = k.sketchMerge(a.keys, a.counts, a.len, b.keys, b.counts, b.len, ok, oc);
          next.push({ keys: ok, counts: oc, len });
        }
        if (runs.length % 2 === 1) next.push(runs[runs.length - 1]);
        runs = next;
      }
      this.#keys = getU64(runs[0].keys, runs[0].len);
      this.#counts = getF64(runs[0].counts, runs[0].len);
    });
    this.#pending = [];
    this.#pendingLen = 0;
  }
}
