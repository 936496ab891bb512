// Shared by the vitest parity suite and scripts/parity-report.mjs: decodes the
// golden fixtures written by scripts/gen_fixtures.py and compares results.
import { readFileSync, existsSync } from "node:fs";

export const FIXTURE_DIR = new URL("./fixtures/", import.meta.url);
export const FAMILIES = [
  "regression", "classification", "ranking", "distribution", "dicts", "errors",
  "multiclass", "multiclass_ranking", "regression_extra", "det_curve", "multiclass_extra",
  "curve_strings", "fuzz_found", "multiclass_ap", "calibration", "missing_fns", "label_ranking",
  "multioutput", "multilabel_ranking", "multilabel",
];

/** Loads one fixture file (null when absent). */
export function loadFixtures(family) {
  const url = new URL(`${family}.json`, FIXTURE_DIR);
  if (!existsSync(url)) return null;
  return JSON.parse(readFileSync(url, "utf8"));
}

export function decodeNum(x) {
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  return x;
}

/** Decodes an expected value: numbers, non-finite strings, arrays, objects. */
export function decodeValue(v) {
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object") {
    const out = {};
    for (const [k, val] of Object.entries(v)) out[k] = decodeValue(val);
    return out;
  }
  return decodeNum(v);
}

function rawArray(a) {
  if (a && typeof a === "object" && !Array.isArray(a) && "b64f64" in a) {
    const buf = Buffer.from(a.b64f64, "base64");
    const out = new Float64Array(buf.length / 8);
    new Uint8Array(out.buffer).set(buf);
    return out;
  }
  return a.map(decodeNum);
}

/** Builds the array the library gets for a fixture dtype. */
export function asDtype(a, dtype) {
  const v = rawArray(a);
  switch (dtype) {
    case "float64":
      return Float64Array.from(v);
    case "float32":
      return Float32Array.from(v);
    case "int32":
      return Int32Array.from(v);
    case "bool":
      return Array.from(v, (x) => x === true || x === 1);
    case "list":
      return Array.from(v);
    case "matrix":
      return Array.from(v, (row) => row.map(decodeNum));
    default:
      throw new Error(`unknown fixture dtype ${dtype}`);
  }
}

function decodeArg(a, dtype) {
  if (dtype && typeof dtype === "object") {
    // an object argument (the metric dicts) with per-field dtypes
    const out = {};
    for (const [k, v] of Object.entries(a)) {
      const isArr = Array.isArray(v) || (v && typeof v === "object" && "b64f64" in v);
      out[k] = isArr ? asDtype(v, dtype[k] ?? "float64") : decodeArg(v, dtype);
    }
    return out;
  }
  if (dtype === null || dtype === undefined) {
    if (a && typeof a === "object" && !Array.isArray(a)) {
      // an object argument (the metric dicts): decode its arrays as float64
      const out = {};
      for (const [k, v] of Object.entries(a)) {
        out[k] =
          Array.isArray(v) || (v && typeof v === "object" && "b64f64" in v)
            ? Float64Array.from(rawArray(v))
            : v && typeof v === "object"
              ? decodeArg(v, null)
              : decodeNum(v);
      }
      return out;
    }
    return decodeValue(a);
  }
  return asDtype(a, dtype);
}

/** The positional arguments and options for a case, as the library takes them. */
export function caseInputs(c) {
  const argDtypes = c.argDtypes ?? c.args.map(() => c.dtype ?? null);
  const args = c.args.map((a, i) => decodeArg(a, argDtypes[i]));
  const options = {};
  for (const [k, v] of Object.entries(c.options ?? {})) {
    const dt = c.optionDtypes?.[k];
    if (dt) options[k] = asDtype(v, dt);
    else if (k === "sampleWeight" && v !== null) options[k] = asDtype(v, "float64");
    else options[k] = decodeValue(v);
  }
  return { args, options };
}

/** Units in the last place between two doubles (0 when identical; Infinity for NaN vs number). */
export function ulpDistance(a, b) {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  const buf = new DataView(new ArrayBuffer(16));
  buf.setFloat64(0, a);
  buf.setFloat64(8, b);
  const toOrdered = (hi, lo) => {
    let x = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
    if (x & (1n << 63n)) x = -(x & ((1n << 63n) - 1n));
    return x;
  };
  const ia = toOrdered(buf.getUint32(0), buf.getUint32(4));
  const ib = toOrdered(buf.getUint32(8), buf.getUint32(12));
  const d = ia > ib ? ia - ib : ib - ia;
  return Number(d);
}

/** Relative error |a − b| / |b| (absolute when b = 0; 0 for equal non-finite values). */
export function relError(a, b) {
  if (Number.isNaN(b) || Number.isNaN(a)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}

/**
 * Compares actual vs expected recursively; returns { ok, maxRel, maxUlp, path, count }.
 * `exact`: every number must be bit-identical (0 ULP). Else each must be within `rtol`
 * relative error (absolute error ≤ `atol` when the expected value is 0).
 */
export function compare(actual, expected, { exact = false, rtol = 1e-12, atol = 1e-15 } = {}) {
  const res = { ok: true, maxRel: 0, maxUlp: 0, path: "", count: 0, detail: "" };
  const visit = (a, e, path) => {
    if (e === null || typeof e === "string") {
      // null (e.g. averaged support) and strings (text reports) must be equal
      if (a !== e && !(e === null && a === undefined)) {
        res.ok = false;
        res.path ||= path;
        res.detail ||= `${JSON.stringify(a)?.slice(0, 200)} != ${JSON.stringify(e).slice(0, 200)}`;
      }
      return;
    }
    if (Array.isArray(e)) {
      const arr = a && typeof a === "object" && "length" in a ? Array.from(a) : null;
      if (!arr || arr.length !== e.length) {
        res.ok = false;
        res.path ||= path;
        res.detail ||= `length ${arr ? arr.length : typeof a} != ${e.length}`;
        return;
      }
      e.forEach((x, i) => visit(arr[i], x, `${path}[${i}]`));
      return;
    }
    if (e !== null && typeof e === "object") {
      if (!a || typeof a !== "object") {
        res.ok = false;
        res.path ||= path;
        res.detail ||= `not an object`;
        return;
      }
      for (const k of Object.keys(e)) visit(a[k], e[k], `${path}.${k}`);
      const extra = Object.keys(a).filter((k) => !(k in e));
      if (extra.length) {
        res.ok = false;
        res.path ||= path;
        res.detail ||= `unexpected keys ${extra.join(",")}`;
      }
      return;
    }
    res.count++;
    if (typeof a !== "number") {
      res.ok = false;
      res.path ||= path;
      res.detail ||= `${typeof a} != number`;
      return;
    }
    const rel = relError(a, e);
    const ulp = ulpDistance(a, e);
    res.maxRel = Math.max(res.maxRel, rel);
    res.maxUlp = Math.max(res.maxUlp, ulp);
    const good = exact ? ulp === 0 : e === 0 ? Math.abs(a) <= atol : rel <= rtol;
    if (!good && res.ok) {
      res.ok = false;
      res.path = path;
      res.detail = `${a} != ${e} (rel ${rel}, ${ulp} ulp)`;
    }
  };
  visit(actual, expected, "");
  return res;
}
