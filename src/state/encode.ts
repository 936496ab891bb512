/**
 * What every evaluator state shares: the error a malformed state raises,
 * exact numbers in JSON, and large typed arrays as base64 of their
 * little-endian bytes (so that 10⁷ kept scores stay compact).
 * @module
 */

/** A serialised evaluator state that is malformed, from another version, or contradicts itself. */
export class StateError extends Error {
  override name = "StateError";
}

/** The `format` tag and the `version` every evaluator state carries. */
export const STATE_FORMAT = "mlmetrics-evaluator";
export const STATE_VERSION = 1;

const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type Bytes = Uint8Array;
function bytesOf(a: ArrayBufferView): Bytes {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (LITTLE || (a as Uint8Array).BYTES_PER_ELEMENT === 1) return b;
  const w = (a as Float64Array).BYTES_PER_ELEMENT;
  const out = new Uint8Array(b.length);
  for (let i = 0; i < b.length; i += w) for (let j = 0; j < w; j++) out[i + j] = b[i + w - 1 - j];
  return out;
}

interface NodeBuffer {
  from(b: ArrayBufferView | string, enc?: string): { toString(enc: string): string; buffer: ArrayBuffer; byteOffset: number; length: number };
}
const NodeBuf = (globalThis as { Buffer?: NodeBuffer }).Buffer;

function toBase64(b: Bytes): string {
  if (NodeBuf) return NodeBuf.from(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as unknown as ArrayBufferView).toString("base64");
  let s = "";
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;
function fromBase64(s: unknown, what: string): Bytes {
  // raw bytes: a state that crossed a thread boundary by structured clone ({@link withRawArrays})
  if (s instanceof Uint8Array) return s.byteOffset === 0 && s.byteLength === s.buffer.byteLength ? s : s.slice();
  if (typeof s !== "string" || s.length % 4 !== 0) throw new StateError(`${what}: not base64`);
  if (NodeBuf) {
    // Node's decoder skips characters outside the alphabet and stops at "=", so a string is
    // strict base64 exactly when it decodes to 3/4 of its length (less the padding) and has no
    // "-" or "_" (base64url, which Node also accepts). Cheaper than a regular expression on
    // strings of 10⁸ characters.
    if (s.includes("-") || s.includes("_")) throw new StateError(`${what}: not base64`);
    const b = NodeBuf.from(s, "base64");
    const pad = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
    if (b.length !== (s.length / 4) * 3 - pad) throw new StateError(`${what}: not base64`);
    return new Uint8Array(b.buffer, b.byteOffset, b.length).slice();
  }
  if (!B64.test(s)) throw new StateError(`${what}: not base64`);
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let RAW = false;

/**
 * Runs `fn` (typically `() => evaluator.toJSON()`) with {@link encodeArray}
 * giving a copy of the little-endian bytes (a `Uint8Array`) instead of base64:
 * a state object for `postMessage` / structured clone between threads of one
 * process, where base64 would only cost time. The decoders accept both forms;
 * such an object is not JSON (`JSON.stringify` would not round-trip it).
 * @internal
 */
export function withRawArrays<T>(fn: () => T): T {
  const prev = RAW;
  RAW = true;
  try {
    return fn();
  } finally {
    RAW = prev;
  }
}

/** A typed array as base64 of its little-endian bytes. */
export function encodeArray(a: Float64Array | Int32Array | Uint8Array | Uint16Array): string {
  if (RAW) return bytesOf(a).slice() as unknown as string;
  return toBase64(bytesOf(a));
}

function typed<T>(s: unknown, what: string, size: number, make: (b: ArrayBuffer) => T, length?: number): T {
  const b = fromBase64(s, what);
  if (b.length % size !== 0) throw new StateError(`${what}: ${b.length} bytes is not a whole number of ${size}-byte values`);
  if (length !== undefined && b.length !== length * size) {
    throw new StateError(`${what}: ${b.length / size} values, expected ${length}`);
  }
  if (!LITTLE && size > 1) {
    for (let i = 0; i < b.length; i += size) b.subarray(i, i + size).reverse();
  }
  return make(b.buffer as ArrayBuffer);
}

/** Decodes {@link encodeArray}'s Float64Array (optionally of a known length). */
export function decodeF64(s: unknown, what: string, length?: number): Float64Array {
  return typed(s, what, 8, (b) => new Float64Array(b), length);
}
/** Decodes {@link encodeArray}'s Uint8Array. */
export function decodeU8(s: unknown, what: string, length?: number): Uint8Array {
  return typed(s, what, 1, (b) => new Uint8Array(b), length);
}
/** Decodes {@link encodeArray}'s Uint16Array. */
export function decodeU16(s: unknown, what: string, length?: number): Uint16Array {
  return typed(s, what, 2, (b) => new Uint16Array(b), length);
}

/** A plain object field of a state (StateError otherwise). */
export function obj(x: unknown, what: string): Record<string, unknown> {
  if (x === null || typeof x !== "object" || Array.isArray(x)) throw new StateError(`${what}: expected an object`);
  return x as Record<string, unknown>;
}

/** A non-negative integer count of a state. */
export function count(x: unknown, what: string): number {
  if (typeof x !== "number" || !Number.isSafeInteger(x) || x < 0) throw new StateError(`${what}: expected a non-negative integer, got ${String(x)}`);
  return x;
}

/** A number of a state; JSON has no NaN/±Infinity, so those travel as the strings "NaN", "Infinity", "-Infinity" (and -0 as "-0"). */
export function num(x: unknown, what: string): number {
  if (typeof x === "number" && Number.isFinite(x)) return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  if (x === "-0") return -0;
  throw new StateError(`${what}: expected a number, got ${JSON.stringify(x)}`);
}

/** The JSON form of a number read back by {@link num}. */
export function numJSON(x: number): number | string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x;
}
