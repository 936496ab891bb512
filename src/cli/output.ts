/**
 * What the command prints: a metric dict as JSON (exactly `JSON.stringify`
 * of the library's dict, with NaN and ±Infinity as the strings "NaN",
 * "Infinity", "-Infinity" so that the output stays valid JSON), as a table,
 * and the side-by-side comparison of two dicts.
 * @module
 */

/** A dict value as JSON: numbers as JSON.stringify writes them, non-finite ones as strings. */
export function jsonValue(v: unknown): unknown {
  if (typeof v !== "number") return v;
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "Infinity";
  if (v === -Infinity) return "-Infinity";
  return v;
}

/** The dict (or any JSON value) as JSON text, NaN and ±Infinity as strings. */
export function toJsonText(x: unknown, indent?: number): string {
  return JSON.stringify(x, (_k, v) => jsonValue(v), indent);
}

/** Reads a number back from JSON output ("NaN", "Infinity", "-Infinity" included). */
export function fromJsonValue(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (v === "NaN") return NaN;
  if (v === "Infinity") return Infinity;
  if (v === "-Infinity") return -Infinity;
  return undefined;
}

/** Right-aligned plain-text table. */
export function table(header: string[], rows: string[][]): string {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ").trimEnd();
  return [line(header), w.map((x) => "-".repeat(x)).join("  "), ...rows.map(line)].join("\n") + "\n";
}

/** A dict as a two-column table. */
export function dictTable(d: Record<string, unknown>): string {
  return table(
    ["metric", "value"],
    Object.entries(d).map(([k, v]) => [k, typeof v === "number" ? String(v) : JSON.stringify(v)]),
  );
}

/** The number of representable doubles between a and b (0 when equal; Infinity across NaN). */
export function ulpDistance(a: number, b: number): number {
  if (Object.is(a, b) || (a === b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  // map the bit patterns to a monotone integer line (negative numbers mirrored)
  const key = (x: bigint) => (x < 0n ? -(x & 0x7fffffffffffffffn) : x);
  const d = key(i[0]) - key(i[1]);
  return Number(d < 0n ? -d : d);
}

export interface CompareRow {
  key: string;
  a: number | undefined;
  b: number | undefined;
  abs: number;
  rel: number;
  ulp: number;
  ok: boolean;
}

/**
 * Key by key: both values, |a − b|, |a − b| / max(|a|, |b|), the ULP distance;
 * a row is ok when both have the key and the values are equal (NaN = NaN) or
 * within `rtol` relative.
 */
export function compareDicts(a: Record<string, unknown>, b: Record<string, unknown>, rtol: number): CompareRow[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.map((key) => {
    const x = key in a ? fromJsonValue(a[key]) : undefined;
    const y = key in b ? fromJsonValue(b[key]) : undefined;
    if (x === undefined || y === undefined) return { key, a: x, b: y, abs: NaN, rel: NaN, ulp: NaN, ok: false };
    const same = Object.is(x, y) || x === y || (Number.isNaN(x) && Number.isNaN(y));
    const abs = same ? 0 : Math.abs(x - y);
    const rel = same ? 0 : abs / Math.max(Math.abs(x), Math.abs(y));
    return { key, a: x, b: y, abs, rel, ulp: same ? 0 : ulpDistance(x, y), ok: same || rel <= rtol };
  });
}

/** The comparison as a table. */
export function compareTable(rows: CompareRow[], nameA: string, nameB: string): string {
  const f = (v: number | undefined) => (v === undefined ? "(missing)" : String(v));
  const g = (v: number) => (Number.isNaN(v) ? "–" : v === 0 ? "0" : v.toExponential(2));
  return table(
    ["key", nameA, nameB, "abs diff", "rel diff", "ULP", ""],
    rows.map((r) => [r.key, f(r.a), f(r.b), g(r.abs), g(r.rel), Number.isNaN(r.ulp) ? "–" : String(r.ulp), r.ok ? "" : "DIFFERS"]),
  );
}
