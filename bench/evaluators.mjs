// `npm run bench:evaluators`: the evaluators fed n rows in batches (default
// n = 1e7 in batches of 1e5), timed end to end (every update plus compute),
// against scikit-learn / numpy computing the same dict on the whole arrays in
// memory (bench/sklearn_evaluators.py, same data files, same run).
// Env: BENCH_N (1e7), BENCH_BATCH (1e5), BENCH_REPS (3), BENCH_SKLEARN=0 to skip Python.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import os from "node:os";
import * as mlm from "../dist/index.js";
import { loadData } from "./data.mjs";

await mlm.init();
const N = Number(process.env.BENCH_N ?? 1e7);
const BATCH = Number(process.env.BENCH_BATCH ?? 1e5);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const d = loadData(N);
const pred = Float64Array.from(d.dist_scores, (s) => (s < -1.5 ? -1 : 1));

const CASES = [
  ["regression", "regression", {}, (a, b) => ({ yTrue: d.reg_true.subarray(a, b), yPred: d.reg_pred.subarray(a, b) })],
  ["anomaly", "anomaly", {}, (a, b) => ({ predictions: pred.subarray(a, b), scores: d.dist_scores.subarray(a, b) })],
  ["classification", "classification", {}, (a, b) => ({ yTrue: d.cls_true.subarray(a, b), yPred: d.cls_pred.subarray(a, b), yProb: d.cls_prob.subarray(a, b) })],
  ["classification (auc bins 10000)", "classification", { auc: { bins: 10000 } }, (a, b) => ({ yTrue: d.cls_true.subarray(a, b), yPred: d.cls_pred.subarray(a, b), yProb: d.cls_prob.subarray(a, b) })],
];

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
}

const ours = {};
const results = {};
for (const [name, task, options, batch] of CASES) {
  const t = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const ev = mlm.createEvaluator(task, options);
    for (let a = 0; a < N; a += BATCH) ev.update(batch(a, Math.min(N, a + BATCH)));
    results[name] = ev.compute();
    t.push(performance.now() - t0);
  }
  ours[name] = { median: median(t), min: Math.min(...t), max: Math.max(...t) };
  console.error(`ours    ${name.padEnd(32)} ${ours[name].median.toFixed(1)} ms (${t.map((x) => x.toFixed(0)).join(", ")})`);
}

let sk = null;
if (process.env.BENCH_SKLEARN !== "0") {
  const py = new URL("../.venv/bin/python", import.meta.url).pathname;
  if (!existsSync(py)) console.error("no .venv: run `bash scripts/python-env.sh` (npm run bench:evaluators does) — scikit-learn skipped");
  else {
    const r = spawnSync(py, [new URL("./sklearn_evaluators.py", import.meta.url).pathname], {
      input: JSON.stringify({ n: N, reps: REPS }),
      encoding: "utf8",
      stdio: ["pipe", "pipe", "inherit"],
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) throw new Error("sklearn_evaluators.py failed");
    sk = JSON.parse(r.stdout);
  }
}

console.log(`\n## Evaluators, n = ${N.toExponential(0)} in batches of ${BATCH.toExponential(0)} (${os.cpus()[0].model}, Node ${process.version}${sk ? `, scikit-learn ${sk.versions["scikit-learn"]}, numpy ${sk.versions.numpy}` : ""}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log("| evaluator | ours (median of " + REPS + ", range) | scikit-learn/numpy on the whole arrays | ratio | goal |");
console.log("|---|---|---|---|---|");
const GOALS = { regression: "≥ 2×", anomaly: "≥ 2×", classification: "≥ 8×", "classification (auc bins 10000)": "–" };
for (const [name] of CASES) {
  const o = ours[name];
  const ref = sk ? sk.times[name.startsWith("classification") ? "classification" : name] : undefined;
  const ratio = ref ? `${(ref / o.median).toFixed(2)}×` : "–";
  console.log(`| ${name} | ${o.median.toFixed(0)} ms (${o.min.toFixed(0)}–${o.max.toFixed(0)}) | ${ref ? ref.toFixed(0) + " ms" : "–"} | ${ratio} | ${GOALS[name]} |`);
}
if (sk) {
  // the values: within 1e-12 relative of scikit-learn's on the same rows (AUC bins: approximate)
  const worst = {};
  for (const [name] of CASES) {
    const ref = sk.values[name.startsWith("classification") ? "classification" : name];
    let w = 0;
    for (const [k, v] of Object.entries(ref)) if (!(name.includes("bins") && k === "auc_roc")) w = Math.max(w, v === results[name][k] ? 0 : Math.abs(results[name][k] - v) / Math.abs(v));
    worst[name] = w;
  }
  console.log(`\nworst relative difference to scikit-learn (AUC bins excluded): ${JSON.stringify(worst)}`);
}
