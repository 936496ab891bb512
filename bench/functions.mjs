// `npm run bench:functions`: single public functions at n = 10⁶ (BENCH_N) against scikit-learn in the
// same run (bench/sklearn_functions.py through .venv, on the same data files): regression, binary
// classification (labels and probabilities), multiclass (k = 10 classes, 70 % correct), multilabel
// indicators (n × 20, flat Float64Array with nLabels; scikit-learn gets the float64 n × 20 array). Ours: the
// public API on ordinary Float64Array inputs (validation and copy included), tinybench medians;
// scikit-learn: medians of adaptive repeats. Every result is consumed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { Bench } from "tinybench";
import * as mlm from "../dist/index.js";
import { loadData } from "./data.mjs";

const N = Number(process.env.BENCH_N ?? 1e6);
const K = 10;
const TIME = Number(process.env.BENCH_TIME ?? 400);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
await mlm.init();
const d = loadData(N);
// multiclass labels, seeded, written beside the other files for Python
const dir = `${ROOT}bench/data/n${N}/`;
let s = 12345;
const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
const mcTrue = Float64Array.from({ length: N }, () => Math.floor(u() * K));
const mcPred = Float64Array.from(mcTrue, (v) => (u() < 0.7 ? v : Math.floor(u() * K)));
mkdirSync(dir, { recursive: true });
if (!existsSync(`${dir}mc_true.f64`)) {
  writeFileSync(`${dir}mc_true.f64`, new Uint8Array(mcTrue.buffer));
  writeFileSync(`${dir}mc_pred.f64`, new Uint8Array(mcPred.buffer));
}
// multilabel indicators: N rows × L labels (label frequencies 5 %..50 %, 10 % of the cells flipped), flat with nLabels
const L = 20;
const mlTrue = new Float64Array(N * L);
const mlPred = new Float64Array(N * L);
for (let i = 0; i < N * L; i++) {
  mlTrue[i] = u() < 0.05 + 0.45 * ((i % L) / (L - 1)) ? 1 : 0;
  mlPred[i] = u() < 0.1 ? 1 - mlTrue[i] : mlTrue[i];
}
if (!existsSync(`${dir}ml_true.u8`)) {
  writeFileSync(`${dir}ml_true.u8`, Uint8Array.from(mlTrue));
  writeFileSync(`${dir}ml_pred.u8`, Uint8Array.from(mlPred));
}
const ml = { nLabels: L, onWarning: () => {} };
const yt = d.cls_true, yp = d.cls_pred, pr = d.cls_prob, rt = d.reg_true, rp = d.reg_pred;
const warn = { onWarning: () => {} };

/** name → our call (the Python side has the same names: bench/sklearn_functions.py). */
const CALLS = {
  mean_squared_error: () => mlm.meanSquaredError(rt, rp),
  root_mean_squared_error: () => mlm.rootMeanSquaredError(rt, rp),
  mean_absolute_error: () => mlm.meanAbsoluteError(rt, rp),
  mean_absolute_percentage_error: () => mlm.meanAbsolutePercentageError(rt, rp),
  r2_score: () => mlm.r2Score(rt, rp),
  explained_variance_score: () => mlm.explainedVarianceScore(rt, rp),
  max_error: () => mlm.maxError(rt, rp),
  median_absolute_error: () => mlm.medianAbsoluteError(rt, rp),
  mean_pinball_loss: () => mlm.meanPinballLoss(rt, rp),
  "regression dict (compact)": () => mlm.regressionMetrics({ yTrue: rt, yPred: rp }),
  accuracy_score: () => mlm.accuracyScore(yt, yp),
  precision_score: () => mlm.precisionScore(yt, yp),
  recall_score: () => mlm.recallScore(yt, yp),
  f1_score: () => mlm.f1Score(yt, yp),
  jaccard_score: () => mlm.jaccardScore(yt, yp),
  hamming_loss: () => mlm.hammingLoss(yt, yp),
  confusion_matrix: () => mlm.confusionMatrix(yt, yp),
  matthews_corrcoef: () => mlm.matthewsCorrcoef(yt, yp),
  cohen_kappa_score: () => mlm.cohenKappaScore(yt, yp),
  balanced_accuracy_score: () => mlm.balancedAccuracyScore(yt, yp),
  roc_auc_score: () => mlm.rocAucScore(yt, pr),
  average_precision_score: () => mlm.averagePrecisionScore(yt, pr),
  roc_curve: () => mlm.rocCurve(yt, pr),
  precision_recall_curve: () => mlm.precisionRecallCurve(yt, pr),
  log_loss: () => mlm.logLoss(yt, pr),
  brier_score_loss: () => mlm.brierScoreLoss(yt, pr),
  "k=10 accuracy_score": () => mlm.accuracyScore(mcTrue, mcPred),
  "k=10 f1_score macro": () => mlm.f1Score(mcTrue, mcPred, { average: "macro" }),
  "k=10 f1_score weighted": () => mlm.f1Score(mcTrue, mcPred, { average: "weighted" }),
  "k=10 jaccard_score macro": () => mlm.jaccardScore(mcTrue, mcPred, { average: "macro" }),
  "k=10 confusion_matrix": () => mlm.confusionMatrix(mcTrue, mcPred),
  "k=10 matthews_corrcoef": () => mlm.matthewsCorrcoef(mcTrue, mcPred),
  "k=10 cohen_kappa_score": () => mlm.cohenKappaScore(mcTrue, mcPred),
  "k=10 balanced_accuracy_score": () => mlm.balancedAccuracyScore(mcTrue, mcPred),
  "k=10 hamming_loss": () => mlm.hammingLoss(mcTrue, mcPred),
  "k=10 classification_report": () => mlm.classificationReport(mcTrue, mcPred, warn),
  "multilabel L=20 f1_score samples": () => mlm.f1Score(mlTrue, mlPred, { ...ml, average: "samples", zeroDivision: 0 }),
  "multilabel L=20 f1_score macro": () => mlm.f1Score(mlTrue, mlPred, { ...ml, average: "macro" }),
  "multilabel L=20 accuracy_score": () => mlm.accuracyScore(mlTrue, mlPred, ml),
  "multilabel L=20 hamming_loss": () => mlm.hammingLoss(mlTrue, mlPred, ml),
  "multilabel L=20 multilabel_confusion_matrix": () => mlm.multilabelConfusionMatrix(mlTrue, mlPred, ml),
};
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const names = Object.keys(CALLS).filter((n) => !ONLY || ONLY.test(n));

let sink = 0;
const ours = {};
for (const name of names) {
  const bench = new Bench({ time: TIME, warmupTime: 100 });
  bench.add(name, () => {
    const v = CALLS[name]();
    sink += typeof v === "number" ? v : 1;
  });
  await bench.run();
  const t = bench.tasks[0].result;
  ours[name] = t.latency?.p50 ?? t.median ?? t.mean;
}
const py = spawnSync(`${ROOT}.venv/bin/python`, [`${ROOT}bench/sklearn_functions.py`], {
  input: JSON.stringify({ n: N, names }),
  encoding: "utf8",
  stdio: ["pipe", "pipe", "inherit"],
  maxBuffer: 1 << 24,
});
if (py.status !== 0) throw new Error("bench/sklearn_functions.py failed (bash scripts/python-env.sh)");
const sk = JSON.parse(py.stdout);
console.log(`\n## Single functions at n = ${N.toExponential(0)} (${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, scikit-learn ${sk.versions.sklearn}, numpy ${sk.versions.numpy}, load ${os.loadavg()[0].toFixed(2)}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log("| function | ours (ms) | scikit-learn (ms) | ratio |");
console.log("|---|---|---|---|");
for (const name of names) {
  const a = ours[name], b = sk.times[name];
  console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${(b / a).toFixed(1)}× |`);
}
if (sink === 0.5) console.log("");
