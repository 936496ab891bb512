// Differential fuzzing against live scikit-learn: the Node half, shared by
// `npm run fuzz:sklearn` (scripts/fuzz-sklearn.mjs) and the short seeded CI
// suite (test/fuzz-sklearn.test.ts). Spawns ONE Python process running
// scripts/fuzz_sklearn.py, reads its binary frames as they stream in, replays
// each case through mlmetrics and keeps, per metric, the worst ULP distance
// and relative error, the exact-parity record and the error-message record.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { relError, ulpDistance } from "../test/fixture-lib.mjs";

export const REPO = fileURLToPath(new URL("../", import.meta.url));
export const PYTHON = fileURLToPath(new URL("../.venv/bin/python", import.meta.url));
export const SCRIPT = fileURLToPath(new URL("./fuzz_sklearn.py", import.meta.url));
export const hasVenv = () => existsSync(PYTHON);

/** Relative tolerance promised where bit-identity is not. */
export const RTOL = 1e-12;

/** Our result flattened to the named f64 arrays the Python side writes. */
function flatten(fn, r) {
  if (typeof r === "number") return { value: [r] };
  if (fn === "confusionMatrix") return { value: r.flat(), shape: [r.length, r[0]?.length ?? 0] };
  if (Array.isArray(r)) return { value: r.flat(Infinity) }; // one value per class (average: null); 2 × 2 matrices per label
  if (fn === "scoreDistribution") {
    return {
      count: [r.count], min: [r.min], max: [r.max], mean: [r.mean], std: [r.std],
      quantiles: Array.from(r.quantiles), counts: Array.from(r.histogram.counts), edges: Array.from(r.histogram.edges),
    };
  }
  const out = {};
  for (const [k, v] of Object.entries(r)) {
    if (v === null) continue; // precision_recall_fscore_support's support when averaged
    out[k] = typeof v === "number" ? [v] : Array.from(v);
  }
  return out;
}

function newRow() {
  return {
    cases: 0, weighted: 0, maxN: 0, values: 0, identical: 0, maxUlp: 0, maxRel: 0,
    exactCases: 0, exactViolations: 0, relViolations: 0, scaled: 0, condCases: 0, maxCond: 0,
    sklearnErrors: 0, errorsRaised: 0, messagesEqual: 0, failures: [],
  };
}

/**
 * Runs the fuzzer. Resolves with { rows: Map(fn → stats), cases, seconds }.
 * @param mlm the library (already initialised)
 * @param opts { seed, cases (per metric), maxN, metrics: string[], onCase(row, fn) }
 */
export function runFuzz(mlm, { seed = 1, cases = 10000, maxN = 100000, metrics = [], start = 0, onProgress } = {}) {
  const rows = new Map();
  const t0 = Date.now();
  let total = 0;
  const args = [SCRIPT, "--seed", String(seed), "--cases", String(cases), "--max-n", String(maxN), "--start", String(start)];
  if (metrics.length) args.push("--metrics", metrics.join(","));
  const py = spawn(PYTHON, args, { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  py.stderr.on("data", (d) => (stderr += d));

  const chunks = [];
  let have = 0;
  let buf = Buffer.alloc(0);
  let need = 4;
  let header = null;
  let pos = 0;

  const onFrame = (h, payload) => {
    const row = rows.get(h.fn) ?? rows.set(h.fn, newRow()).get(h.fn);
    row.cases++;
    total++;
    let off = 0;
    const positional = [];
    const options = { ...h.options, onWarning: () => {} };
    for (const [k, v] of Object.entries(options)) if (v === "NaN") options[k] = NaN; // (JSON has no NaN)
    const expected = {};
    let n = 0;
    for (const [kind, key, len] of h.arrays) {
      const a = new Float64Array(payload.buffer.slice(payload.byteOffset + off * 8, payload.byteOffset + (off + len) * 8));
      off += len;
      if (kind === "arg") {
        positional[key] = h.dtypes[key] === "f32" ? Float32Array.from(a) : a;
        n = Math.max(n, len);
      } else if (kind === "sampleWeight") options.sampleWeight = a;
      else expected[key] = a;
    }
    row.maxN = Math.max(row.maxN, n);
    if (h.weighted) row.weighted++;
    const where = `seed ${seed} ${h.fn} case ${h.case} (n=${n}${h.weighted ? ", weighted" : ""})`;
    const fail = (msg) => {
      if (row.failures.length < 5) row.failures.push(`${where}: ${msg}`);
    };
    let ours;
    let err;
    try {
      ours = mlm[h.call ?? h.fn](...positional, options);
    } catch (e) {
      err = e;
    }
    if (h.error !== undefined) {
      row.sklearnErrors++;
      if (!err) return fail(`sklearn raised ${h.errorType}(${JSON.stringify(h.error)}), we returned ${JSON.stringify(ours)}`);
      row.errorsRaised++;
      if (err.message === h.error) row.messagesEqual++;
      else fail(`message ${JSON.stringify(err.message)} != sklearn's ${JSON.stringify(h.error)}`);
      return;
    }
    if (err) return fail(`we raised ${err.name}: ${err.message}; sklearn returned a value`);
    const flat = flatten(h.fn, ours);
    if (h.shape && JSON.stringify(flat.shape) !== JSON.stringify(h.shape)) {
      return fail(`shape ${JSON.stringify(flat.shape)} != ${JSON.stringify(h.shape)}`);
    }
    if (h.exact) row.exactCases++;
    let caseUlp = 0;
    let caseRel = 0;
    let caseCond = 0; // |ours - sklearn| / scale, for metrics whose terms cancel (h.scale)
    if (h.scale !== undefined) row.scaled++;
    for (const [k, e] of Object.entries(expected)) {
      const a = flat[k];
      if (!a || a.length !== e.length) return fail(`${k}: length ${a?.length} != ${e.length}`);
      for (let i = 0; i < e.length; i++) {
        row.values++;
        const ulp = ulpDistance(a[i], e[i]);
        const rel = relError(a[i], e[i]);
        if (ulp === 0 || (a[i] === 0 && e[i] === 0)) row.identical++;
        else {
          caseUlp = Math.max(caseUlp, ulp);
          caseRel = Math.max(caseRel, rel);
          // (a scale per value when the header carries an array: the multi-output raw values)
          const cond = h.scale !== undefined ? Math.abs(a[i] - e[i]) / (Array.isArray(h.scale) ? h.scale[i] : h.scale) : Infinity;
          if (h.scale !== undefined) caseCond = Math.max(caseCond, cond);
          if (rel > RTOL && !(cond <= RTOL)) {
            fail(`${k}[${i}] = ${a[i]} vs sklearn ${e[i]} (rel ${rel.toExponential(2)}, ${ulp} ulp` +
              (h.scale !== undefined ? `, ${cond.toExponential(2)} of the condition scale)` : ")"));
          }
        }
      }
    }
    row.maxUlp = Math.max(row.maxUlp, caseUlp);
    row.maxRel = Math.max(row.maxRel, caseRel);
    if (h.exact && caseUlp > 0) row.exactViolations++;
    row.maxCond = Math.max(row.maxCond, caseCond);
    if (caseRel > RTOL) {
      // within RTOL of the condition scale: counted apart, not a violation
      if (h.scale !== undefined && caseCond <= RTOL) row.condCases++;
      else row.relViolations++;
    }
  };

  return new Promise((resolve, reject) => {
    py.stdout.on("data", (chunk) => {
      chunks.push(chunk);
      have += chunk.length;
      if (buf.length - pos + have < need) return;
      buf = Buffer.concat([buf.subarray(pos), ...chunks]);
      pos = 0;
      chunks.length = 0;
      have = 0;
      try {
        for (;;) {
          if (!header) {
            if (buf.length - pos < 4) break;
            const hl = buf.readUInt32LE(pos);
            if (buf.length - pos < 4 + hl) { need = 4 + hl; break; }
            header = JSON.parse(buf.toString("utf8", pos + 4, pos + 4 + hl));
            pos += 4 + hl;
            need = header.arrays.reduce((s, a) => s + a[2], 0) * 8;
          }
          if (buf.length - pos < need) break;
          onFrame(header, buf.subarray(pos, pos + need));
          pos += need;
          header = null;
          need = 4;
          if (onProgress && total % 1000 === 0) onProgress(total, rows);
        }
      } catch (e) {
        py.kill();
        reject(e);
      }
    });
    py.on("error", reject);
    py.on("close", (code) => {
      if (code !== 0) reject(new Error(`fuzz_sklearn.py exited with ${code}:\n${stderr}`));
      else if (header || buf.length - pos + have > 0) reject(new Error("truncated frame stream"));
      else resolve({ rows, cases: total, seconds: (Date.now() - t0) / 1000 });
    });
  });
}

/** A Markdown table of the results. */
export function formatTable(rows) {
  const lines = [
    "| function | cases (weighted) | largest n | values bit-identical | worst ULP | worst relative error | exact-parity cases (0 ULP target) | cases > 1e-12 rel | of which ≤ 1e-12 × condition scale (worst) | sklearn errors raised / same message |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const [fn, r] of rows) {
    lines.push(
      `| \`${fn}\` | ${r.cases} (${r.weighted}) | ${r.maxN} | ${r.identical}/${r.values} | ${r.maxUlp} | ` +
        `${r.maxRel === 0 ? "0" : r.maxRel.toExponential(1)} | ` +
        `${r.exactCases ? `${r.exactCases - r.exactViolations}/${r.exactCases}` : "–"} | ${r.relViolations + r.condCases} | ` +
        `${r.scaled ? `${r.condCases} (${r.maxCond === 0 ? "0" : r.maxCond.toExponential(1)})` : "–"} | ` +
        `${r.sklearnErrors ? `${r.errorsRaised}/${r.sklearnErrors} / ${r.messagesEqual}` : "–"} |`,
    );
  }
  return lines.join("\n");
}
