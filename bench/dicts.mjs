// `npm run bench:dicts`: the metric dicts and the label metrics around them at
// n = 10^6 (BENCH_N), ours (tinybench medians) against the reference each goal
// names — our own single metric, our dict from other input types, or
// scikit-learn / numpy computing the same values on the same bytes
// (bench/sklearn_dicts.py with the project's .venv, spawned in the same run).
// The whole measurement is repeated BENCH_RUNS times (default 5); the table
// gives each figure's median over the runs and its range [min–max].
// Needs `npm run build` (dist/) and `bash scripts/python-env.sh` (.venv).
// Env: BENCH_N=1e6  BENCH_RUNS=5  BENCH_ITER=15 (tinybench iterations per task)
//      BENCH_NO_PYTHON=1 (skip the scikit-learn / numpy rows)  BENCH_ONLY=compact,auc (our tasks)
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import { Bench } from "tinybench";
import * as mlm from "../dist/index.js";
import { alloc, putPlainArray, withArena } from "../dist/wasm/core.js";
import { loadData } from "./data.mjs";

await mlm.init();
const N = Number(process.env.BENCH_N ?? 1e6);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ITER = Number(process.env.BENCH_ITER ?? 15);
const PYTHON = process.env.BENCH_NO_PYTHON !== "1";
const ONLY = process.env.BENCH_ONLY?.split(","); // our tasks to run (debugging)

const d = loadData(N);
// Anomaly labels derived from the shared scores (10 % anomalies), written
// next to them so that numpy reads the same bytes.
const anomPath = new URL(`./data/n${N}/anom_pred.f64`, import.meta.url);
const anomPred = d.dist_scores.map((s) => (s < -1.2815515655446004 ? -1 : 1));
if (!existsSync(anomPath)) writeFileSync(anomPath, new Uint8Array(anomPred.buffer));

const yt = d.cls_true, yp = d.cls_pred, pr = d.cls_prob;
const ytA = Array.from(yt), ypA = Array.from(yp), prA = Array.from(pr);
const yti = Int32Array.from(yt), ypi = Int32Array.from(yp);
const ytu = Uint8Array.from(yt), ypu = Uint8Array.from(yp);
const ytb = Array.from(yt, (v) => v === 1), ypb = Array.from(yp, (v) => v === 1);
const rt = d.reg_true, rp = d.reg_pred;
const rtA = Array.from(rt), rpA = Array.from(rp);
const sc = d.dist_scores;
const convDst = new Float64Array(N);

let sink = 0;
const use = (v) => {
  if (typeof v === "number") sink += v === v ? v : 1;
  else if (v && typeof v === "object") sink += Object.keys(v).length;
};

const cm = (yTrue, yPred, yProb, o) => mlm.classificationMetrics({ yTrue, yPred, yProb }, o);
/** Our side: name → call. */
const TASKS = {
  auc: () => mlm.rocAucScore(yt, pr),
  compact: () => cm(yt, yp, pr),
  mlflow: () => cm(yt, yp, pr, { preset: "mlflow" }),
  compact_array: () => cm(ytA, ypA, prA),
  compact_i32: () => cm(yti, ypi, pr),
  compact_u8: () => cm(ytu, ypu, pr),
  compact_bool: () => cm(ytb, ypb, pr),
  f1_f64: () => mlm.f1Score(yt, yp),
  f1_i32: () => mlm.f1Score(yti, ypi),
  f1_u8: () => mlm.f1Score(ytu, ypu),
  confusion: () => mlm.confusionMatrix(yt, yp),
  accuracy: () => mlm.accuracyScore(yt, yp),
  reg_compact: () => mlm.regressionMetrics({ yTrue: rt, yPred: rp }),
  reg_mlflow: () => mlm.regressionMetrics({ yTrue: rt, yPred: rp }, { preset: "mlflow" }),
  reg_compact_array: () => mlm.regressionMetrics({ yTrue: rtA, yPred: rpA }),
  // the conversion floor: V8's own number[] → float64 copy of both inputs, no checks
  convert_2e6: () => {
    convDst.set(rtA);
    convDst.set(rpA);
    return convDst[N - 1];
  },
  anomaly: () => mlm.anomalyMetrics({ predictions: anomPred, scores: sc }),
  // the library's own conversion of plain arrays into module memory (checked loops): the floors of the rows above
  convert_bool_labels: () => withArena(() => putPlainArray(ytb, alloc(N * 8), true) && putPlainArray(ypb, alloc(N * 8), true)),
  convert_number_inputs: () =>
    withArena(() => putPlainArray(ytA, alloc(N * 8), true) && putPlainArray(ypA, alloc(N * 8), true) && putPlainArray(prA, alloc(N * 8), false)),
};
const SK_TASKS = ["sk_compact", "sk_mlflow", "sk_confusion", "sk_accuracy", "sk_regression", "sk_regression_mlflow", "np_anomaly"];

/** Table rows: label, our task, reference (task), ratio orientation, goal. */
const ROWS = [
  { what: "compact dict (yProb Float64Array) vs rocAucScore alone", ours: "compact", ref: "auc", kind: "slower", goal: "≤ 1.25×" },
  { what: "compact dict vs scikit-learn (6 metrics)", ours: "compact", ref: "sk_compact", kind: "faster", goal: "≥ 20×" },
  { what: "'mlflow' dict vs compact dict", ours: "mlflow", ref: "compact", kind: "slower", goal: "≤ 1.4×" },
  { what: "'mlflow' dict vs scikit-learn (cm + 7 metrics)", ours: "mlflow", ref: "sk_mlflow", kind: "faster", goal: "–" },
  { what: "compact dict from number[] vs from Float64Array", ours: "compact_array", ref: "compact", kind: "slower", goal: "≤ 1.6×" },
  { what: "  the floor: converting 3×10⁶ JS values (our checked loops)", ours: "convert_number_inputs", ref: null, kind: "time", goal: "–" },
  { what: "  number[] dict vs (Float64Array dict + that conversion)", ours: "compact_array", ref: ["compact", "convert_number_inputs"], kind: "slower", goal: "report" },
  { what: "compact dict, Int32Array labels vs Float64Array labels", ours: "compact_i32", ref: "compact", kind: "slower", goal: "≤ 1.1×" },
  { what: "compact dict, Uint8Array labels vs Float64Array labels", ours: "compact_u8", ref: "compact", kind: "slower", goal: "≤ 1.1×" },
  { what: "compact dict, boolean[] labels vs Float64Array labels", ours: "compact_bool", ref: "compact", kind: "slower", goal: "≤ 1.1×" },
  { what: "  the floor: converting 2×10⁶ JS booleans (our loop)", ours: "convert_bool_labels", ref: null, kind: "time", goal: "–" },
  { what: "  boolean[] dict vs (Float64Array dict + that conversion)", ours: "compact_bool", ref: ["compact", "convert_bool_labels"], kind: "slower", goal: "report" },
  { what: "f1Score Int32Array vs Float64Array", ours: "f1_i32", ref: "f1_f64", kind: "slower", goal: "≈ 1×" },
  { what: "f1Score Uint8Array vs Float64Array", ours: "f1_u8", ref: "f1_f64", kind: "slower", goal: "≈ 1×" },
  { what: "confusionMatrix (binary) vs scikit-learn", ours: "confusion", ref: "sk_confusion", kind: "faster", goal: "≥ 50×" },
  { what: "confusionMatrix (binary) vs f1Score (the same counts)", ours: "confusion", ref: "f1_f64", kind: "slower", goal: "–" },
  { what: "accuracyScore vs scikit-learn", ours: "accuracy", ref: "sk_accuracy", kind: "faster", goal: "≥ 8×" },
  { what: "regressionMetrics 'mlflow' vs compact", ours: "reg_mlflow", ref: "reg_compact", kind: "slower", goal: "≤ 1.5×" },
  { what: "regressionMetrics compact vs scikit-learn (5 metrics)", ours: "reg_compact", ref: "sk_regression", kind: "faster", goal: "–" },
  { what: "regressionMetrics 'mlflow' vs scikit-learn (6 metrics)", ours: "reg_mlflow", ref: "sk_regression_mlflow", kind: "faster", goal: "–" },
  { what: "regressionMetrics compact from number[] vs Float64Array", ours: "reg_compact_array", ref: "reg_compact", kind: "slower", goal: "report" },
  { what: "  the floor: converting 2×10⁶ JS numbers (TypedArray#set)", ours: "convert_2e6", ref: null, kind: "time", goal: "–" },
  { what: "  number[] dict vs (Float64Array dict + conversion floor)", ours: "reg_compact_array", ref: ["reg_compact", "convert_2e6"], kind: "slower", goal: "report" },
  { what: "anomalyMetrics vs numpy (7 reductions)", ours: "anomaly", ref: "np_anomaly", kind: "faster", goal: "≥ 4×" },
];

function python() {
  const py = new URL("../.venv/bin/python", import.meta.url).pathname;
  const r = spawnSync(py, [new URL("./sklearn_dicts.py", import.meta.url).pathname], {
    input: JSON.stringify({ n: N, tasks: SK_TASKS }),
    encoding: "utf8",
    env: process.env, // as it is (this host's BLAS variables included)
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error("sklearn_dicts.py failed (run `bash scripts/python-env.sh` first)");
  }
  return JSON.parse(r.stdout);
}

const runs = [];
let versions = {};
for (let run = 0; run < RUNS; run++) {
  const bench = new Bench({ time: 0, iterations: ITER, warmupTime: 0, warmupIterations: 3, throws: true });
  for (const [name, f] of Object.entries(TASKS)) if (!ONLY || ONLY.includes(name)) bench.add(name, () => use(f()));
  await bench.run();
  const t = {};
  for (const task of bench.tasks) t[task.name] = task.result.latency.p50;
  if (PYTHON) {
    const sk = python();
    Object.assign(t, sk.times);
    versions = sk.versions;
  }
  runs.push(t);
  console.error(`run ${run + 1}/${RUNS}: ` + Object.entries(t).map(([k, v]) => `${k} ${fmt(v)}`).join(", "));
}

function fmt(ms) {
  return ms === undefined ? "–" : ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}
function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const refTime = (t, ref) => (Array.isArray(ref) ? ref.reduce((s, r) => s + t[r], 0) : t[ref]);
function stat(values, f) {
  const v = values.filter((x) => x !== undefined && !Number.isNaN(x));
  if (v.length === 0) return "–";
  return `${f(median(v))} [${f(Math.min(...v))}–${f(Math.max(...v))}]`;
}
const x = (r) => `${r.toFixed(r < 10 ? 2 : 1)}×`;

const cpus = os.cpus();
console.log(`n = ${N}, ${RUNS} runs × ${ITER} iterations per task; medians over the runs [min–max]`);
console.log(`machine: ${cpus[0]?.model ?? "?"} × ${cpus.length}, Node ${process.version}, wasm ${mlm.wasmBuild()}, load ${os.loadavg().map((v) => v.toFixed(2)).join(" ")}`);
if (PYTHON) console.log(Object.entries(versions).map(([k, v]) => `${k} ${v}`).join(", "));
console.log("ratio: ours / reference for 'slower' rows (lower is better), reference / ours for the scikit-learn rows (higher is better)\n");
console.log("| figure | ours (ms) | reference (ms) | ratio | goal |");
console.log("|---|---|---|---|---|");
for (const row of ROWS) {
  const ours = runs.map((t) => t[row.ours]);
  if (row.kind === "time") {
    console.log(`| ${row.what} | ${stat(ours, fmt)} | – | – | ${row.goal} |`);
    continue;
  }
  const ref = runs.map((t) => refTime(t, row.ref));
  if (ref.some((v) => v === undefined || Number.isNaN(v))) continue; // no Python
  const ratio = runs.map((t) => (row.kind === "faster" ? refTime(t, row.ref) / t[row.ours] : t[row.ours] / refTime(t, row.ref)));
  console.log(`| ${row.what} | ${stat(ours, fmt)} | ${stat(ref, fmt)} | ${stat(ratio, x)} | ${row.goal} |`);
}
console.log(`\n(sink ${sink.toPrecision(3)})`);
