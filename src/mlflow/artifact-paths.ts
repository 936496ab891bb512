/**
 * Artifact paths, content types and MLflow's file formats for the artifact
 * methods of `MlflowClient` (no requests here).
 * @module
 */
import { ValueError } from "../input/validate.js";

/**
 * Checks a run-relative artifact path with the rules MLflow applies, before
 * any request: a non-empty string, `/` as the only separator, no `..`
 * segment, not absolute (`/x`, `C:\x`, `C:/x`), already normalised (no `.`
 * segment, no `//`, no trailing `/`: MLflow's `path_not_unique`), no `#`
 * (the server's `validate_path_is_safe`) and no control characters. Returns
 * the path.
 * @example
 * ```ts
 * checkArtifactPath("eval/confusion_matrix.svg"); // "eval/confusion_matrix.svg"
 * checkArtifactPath("../x.txt"); // throws ValueError
 * ```
 */
export function checkArtifactPath(path: unknown, what = "artifact path"): string {
  if (typeof path !== "string" || path === "") throw new ValueError(`Invalid ${what}: expected a non-empty string, got ${JSON.stringify(path)}`);
  const bad = (why: string) => new ValueError(`Invalid ${what}: '${path}' ${why}`);
  if (path.includes("\\")) throw bad("contains a backslash (use '/' as the separator)");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) throw bad("is absolute (artifact paths are relative to the run's artifact root)");
  if (path.split("/").includes("..")) throw bad("contains '..' (it must not leave the run's artifact root)");
  if (path.includes("#")) throw bad("contains '#', which MLflow's server rejects");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw bad("contains a control character");
  if (path.split("/").some((s) => s === "" || s === ".")) {
    throw bad("is not normalised (empty or '.' segment, or a trailing '/'; MLflow rejects names that resolve to other names)");
  }
  return path;
}

/**
 * The Content-Type MLflow's client sends for a file name (Python's `mimetypes`, octet-stream otherwise).
 * @example
 * ```ts
 * mimeType("roc_curve_plot.svg"); // "image/svg+xml"
 * ```
 */
export function mimeType(path: string): string {
  const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  const types: Record<string, string> = {
    svg: "image/svg+xml",
    png: "image/png",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    gif: "image/gif",
    json: "application/json",
    csv: "text/csv",
    txt: "text/plain",
    html: "text/html",
    yaml: "application/yaml",
    yml: "application/yaml",
  };
  return path.includes(".") ? (types[ext] ?? "application/octet-stream") : "application/octet-stream";
}

/** Python's `repr(float)` (shortest round-trip digits, Python's exponent form). */
function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return String(x === 0 && Object.is(x, -0) ? "-0" : x);
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(x);
}

function pyJsonString(s: string): string {
  // json.dumps with ensure_ascii=True: \", \\, \n, \r, \t, \b, \f, other controls and non-ASCII as \uXXXX
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i];
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (c < 0x20 || c > 0x7e) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += ch;
  }
  return out + '"';
}

/**
 * `json.dumps(value, indent=2, default=str)` as Python writes it (what
 * `mlflow.log_dict` stores for `.json` files): `": "` and `","` separators,
 * ASCII-only output with `\uXXXX` escapes, `NaN` / `Infinity` bare, integers
 * (every integral number below 1e16) without a fraction, other numbers in
 * Python's `repr`. JavaScript cannot tell `1.0` from `1`: both are written `1`.
 * @example
 * ```ts
 * pyJsonDumps({ a: [1, 0.5], b: "é" }); // '{\n  "a": [\n    1,\n    0.5\n  ],\n  "b": "\\u00e9"\n}'
 * ```
 */
export function pyJsonDumps(value: unknown, indent = 2, level = 0): string {
  const pad = " ".repeat(indent * (level + 1));
  const end = " ".repeat(indent * level);
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pyFloatRepr(value);
  if (typeof value === "string") return pyJsonString(value);
  if (typeof value === "bigint") return String(value);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const items = Array.from(value as ArrayLike<unknown>);
    if (items.length === 0) return "[]";
    return `[\n${items.map((v) => pad + pyJsonDumps(v, indent, level + 1)).join(",\n")}\n${end}]`;
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, v]) => `${pad}${pyJsonString(k)}: ${pyJsonDumps(v, indent, level + 1)}`).join(",\n")}\n${end}}`;
  }
  return pyJsonString(String(value));
}

/**
 * The server path of a run's artifact root from its `artifact_uri`, when the
 * tracking server proxies it (`mlflow-artifacts:/<exp>/<run>/artifacts`, or
 * `mlflow-artifacts://host:port/...`); `null` otherwise (a local path, `s3://`,
 * ...: the server was started with `--no-serve-artifacts` or the experiment
 * has its own artifact location).
 * @example
 * ```ts
 * proxiedArtifactRoot("mlflow-artifacts:/1/abc/artifacts"); // { host: null, path: "1/abc/artifacts" }
 * proxiedArtifactRoot("/tmp/mlruns/1/abc/artifacts"); // null
 * ```
 */
export function proxiedArtifactRoot(artifactUri: string): { host: string | null; path: string } | null {
  const m = /^mlflow-artifacts:(\/\/([^/]*))?(\/.*)?$/.exec(artifactUri);
  if (!m) return null;
  const host = m[2] ? m[2] : null;
  const path = (m[3] ?? "/").replace(/\/+/g, "/").replace(/^\/|\/$/g, "");
  return { host, path };
}
