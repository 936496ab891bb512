// `npm run bench:functions`: every public metric function of the README's API table at n = 10⁶ (BENCH_N)
// against scikit-learn in the same run (bench/sklearn_functions.py through .venv, on the same data
// files): regression, binary classification (labels and probabilities), multiclass (k = 10 classes,
// 70 % correct; probabilities as a flat n × 10 matrix), multilabel indicators (n × 20, flat with nLabels; scikit-learn gets the float64 n × 20 array), the 2-D ranking metrics (n / 10 rows × 10
// labels, 10⁶ values), score distribution, the metric dicts; weighted rows for one representative
// of each family. Ours: the public API on ordinary Float64Array inputs (validation and copy
// included), tinybench medians; scikit-learn: medians of adaptive repeats. Every result is consumed.
// BENCH_BEFORE=<path of another build's dist/index.js> adds a column for that build, measured in
// the same run (before → after); BENCH_ONLY=<regex> selects rows.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Bench } from "tinybench";
import * as mlm from "../dist/index.js";
import { jsRocAuc } from "./baselines.mjs";
import { loadData } from "./data.mjs";

const N = Number(process.env.BENCH_N ?? 1e6);
const K = 10;
const TIME = Number(process.env.BENCH_TIME ?? 400);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
await mlm.init();
const before = process.env.BENCH_BEFORE ? await import(pathToFileURL(process.env.BENCH_BEFORE).href) : null;
if (before) await before.init();
const d = loadData(N);
// extra arrays, seeded, written beside the other files for Python
const dir = `${ROOT}bench/data/n${N}/`;
let s = 12345;
const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
const mcTrue = Float64Array.from({ length: N }, () => Math.floor(u() * K));
const mcPred = Float64Array.from(mcTrue, (v) => (u() < 0.7 ? v : Math.floor(u() * K)));
// class probabilities: a random positive row with the true class boosted, divided by its sum
const mcProb = new Float64Array(N * K);
for (let i = 0; i < N; i++) {
  let t = 0;
  for (let j = 0; j < K; j++) t += mcProb[i * K + j] = u() + (j === mcTrue[i] ? 2 * u() : 0) + 1e-3;
  for (let j = 0; j < K; j++) mcProb[i * K + j] /= t;
}
const weights = Float64Array.from({ length: N }, () => 0.5 + u());
const posTrue = Float64Array.from(d.reg_true, (v) => Math.abs(v) + 0.5);
const posPred = Float64Array.from(d.reg_pred, (v) => Math.abs(v) + 0.5);
const rankTrue = Float64Array.from({ length: N }, () => (u() < 0.2 ? 1 : 0)); // (N / K) × K indicators
const anomPred = Float64Array.from(d.dist_scores, (v) => (v > 1.5 ? -1 : 1));
const extra = { mc_true: mcTrue, mc_pred: mcPred, mc_prob: mcProb, weights, pos_true: posTrue, pos_pred: posPred, rank_true: rankTrue, anom_pred: anomPred };
mkdirSync(dir, { recursive: true });
for (const [name, a] of Object.entries(extra)) {
  if (!existsSync(`${dir}${name}.f64`)) writeFileSync(`${dir}${name}.f64`, new Uint8Array(a.buffer));
}
// multi-output regression: n × 5 targets, flat row-major (nOutputs: 5), each output its own scale
const MO = 5;
const moTrue = new Float64Array(N * MO);
const moPred = new Float64Array(N * MO);
for (let i = 0; i < N * MO; i++) {
  const sc = 10 ** ((i % MO) - 2);
  moTrue[i] = sc * (u() * 4 - 2) + (i % MO);
  moPred[i] = moTrue[i] + sc * (u() - 0.5);
}
if (!existsSync(`${dir}mo_true.f64`)) {
  writeFileSync(`${dir}mo_true.f64`, new Uint8Array(moTrue.buffer));
  writeFileSync(`${dir}mo_pred.f64`, new Uint8Array(moPred.buffer));
}
const mo = { nOutputs: MO };
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
const dec = Float64Array.from(pr, (v) => v - 0.5);
const aucX = Float64Array.from(pr).sort();
const mcM = { nClasses: K };
const rk = { nLabels: K };
const warn = { onWarning: () => {} };
const w = { sampleWeight: weights };

/** name → our call on library `m` (the Python side has the same names: bench/sklearn_functions.py). */
const calls = (m) => ({
  // regression
  mean_squared_error: () => m.meanSquaredError(rt, rp),
  "mean_squared_error weighted": () => m.meanSquaredError(rt, rp, w),
  root_mean_squared_error: () => m.rootMeanSquaredError(rt, rp),
  mean_absolute_error: () => m.meanAbsoluteError(rt, rp),
  mean_absolute_percentage_error: () => m.meanAbsolutePercentageError(rt, rp),
  r2_score: () => m.r2Score(rt, rp),
  "r2_score weighted": () => m.r2Score(rt, rp, w),
  explained_variance_score: () => m.explainedVarianceScore(rt, rp),
  max_error: () => m.maxError(rt, rp),
  median_absolute_error: () => m.medianAbsoluteError(rt, rp),
  mean_squared_log_error: () => m.meanSquaredLogError(posTrue, posPred),
  root_mean_squared_log_error: () => m.rootMeanSquaredLogError(posTrue, posPred),
  mean_pinball_loss: () => m.meanPinballLoss(rt, rp),
  d2_absolute_error_score: () => m.d2AbsoluteErrorScore(rt, rp),
  mean_poisson_deviance: () => m.meanPoissonDeviance(posTrue, posPred),
  mean_gamma_deviance: () => m.meanGammaDeviance(posTrue, posPred),
  "mean_tweedie_deviance power=1.5": () => m.meanTweedieDeviance(posTrue, posPred, { power: 1.5 }),
  d2_pinball_score: () => m.d2PinballScore(rt, rp),
  "d2_tweedie_score power=1.5": () => m.d2TweedieScore(posTrue, posPred, { power: 1.5 }),
  "n×5 mean_squared_error": () => m.meanSquaredError(moTrue, moPred, mo),
  "n×5 mean_absolute_error": () => m.meanAbsoluteError(moTrue, moPred, mo),
  "n×5 r2_score raw_values": () => m.r2Score(moTrue, moPred, { ...mo, multioutput: "raw_values" }),
  // binary labels
  accuracy_score: () => m.accuracyScore(yt, yp),
  "accuracy_score weighted": () => m.accuracyScore(yt, yp, w),
  precision_score: () => m.precisionScore(yt, yp),
  recall_score: () => m.recallScore(yt, yp),
  f1_score: () => m.f1Score(yt, yp),
  "f1_score weighted": () => m.f1Score(yt, yp, w),
  fbeta_score: () => m.fbetaScore(yt, yp, { beta: 0.5 }),
  precision_recall_fscore_support: () => m.precisionRecallFscoreSupport(yt, yp),
  jaccard_score: () => m.jaccardScore(yt, yp),
  multilabel_confusion_matrix: () => m.multilabelConfusionMatrix(yt, yp),
  hamming_loss: () => m.hammingLoss(yt, yp),
  zero_one_loss: () => m.zeroOneLoss(yt, yp),
  confusion_matrix: () => m.confusionMatrix(yt, yp),
  "confusion_matrix weighted": () => m.confusionMatrix(yt, yp, w),
  matthews_corrcoef: () => m.matthewsCorrcoef(yt, yp),
  cohen_kappa_score: () => m.cohenKappaScore(yt, yp),
  balanced_accuracy_score: () => m.balancedAccuracyScore(yt, yp),
  class_likelihood_ratios: () => m.classLikelihoodRatios(yt, yp),
  classification_report: () => m.classificationReport(yt, yp, warn),
  hinge_loss: () => m.hingeLoss(yt, dec),
  // binary scores / probabilities
  roc_auc_score: () => m.rocAucScore(yt, pr),
  "roc_auc_score weighted": () => m.rocAucScore(yt, pr, w),
  average_precision_score: () => m.averagePrecisionScore(yt, pr),
  roc_curve: () => m.rocCurve(yt, pr),
  precision_recall_curve: () => m.precisionRecallCurve(yt, pr),
  det_curve: () => m.detCurve(yt, pr),
  calibration_curve: () => m.calibrationCurve(yt, pr),
  log_loss: () => m.logLoss(yt, pr),
  "log_loss weighted": () => m.logLoss(yt, pr, w),
  brier_score_loss: () => m.brierScoreLoss(yt, pr),
  d2_log_loss_score: () => m.d2LogLossScore(yt, pr),
  d2_brier_score: () => m.d2BrierScore(yt, pr),
  auc: () => m.auc(aucX, rt),
  // multiclass, k = 10
  "k=10 accuracy_score": () => m.accuracyScore(mcTrue, mcPred),
  "k=10 precision_score macro": () => m.precisionScore(mcTrue, mcPred, { average: "macro" }),
  "k=10 recall_score micro": () => m.recallScore(mcTrue, mcPred, { average: "micro" }),
  "k=10 f1_score macro": () => m.f1Score(mcTrue, mcPred, { average: "macro" }),
  "k=10 f1_score weighted": () => m.f1Score(mcTrue, mcPred, { average: "weighted" }),
  "k=10 f1_score macro, sample weights": () => m.f1Score(mcTrue, mcPred, { average: "macro", ...w }),
  "k=10 fbeta_score macro": () => m.fbetaScore(mcTrue, mcPred, { beta: 0.5, average: "macro" }),
  "k=10 precision_recall_fscore_support": () => m.precisionRecallFscoreSupport(mcTrue, mcPred),
  "k=10 jaccard_score macro": () => m.jaccardScore(mcTrue, mcPred, { average: "macro" }),
  "k=10 multilabel_confusion_matrix": () => m.multilabelConfusionMatrix(mcTrue, mcPred),
  "k=10 confusion_matrix": () => m.confusionMatrix(mcTrue, mcPred),
  "k=10 matthews_corrcoef": () => m.matthewsCorrcoef(mcTrue, mcPred),
  "k=10 cohen_kappa_score": () => m.cohenKappaScore(mcTrue, mcPred),
  "k=10 balanced_accuracy_score": () => m.balancedAccuracyScore(mcTrue, mcPred),
  "k=10 hamming_loss": () => m.hammingLoss(mcTrue, mcPred),
  "k=10 zero_one_loss": () => m.zeroOneLoss(mcTrue, mcPred),
  "k=10 classification_report": () => m.classificationReport(mcTrue, mcPred, warn),
  "k=10 hinge_loss": () => m.hingeLoss(mcTrue, mcProb, mcM),
  "k=10 top_k_accuracy_score": () => m.topKAccuracyScore(mcTrue, mcProb, mcM),
  "k=10 roc_auc_score ovr": () => m.rocAucScore(mcTrue, mcProb, { multiClass: "ovr", ...mcM }),
  "k=10 average_precision_score": () => m.averagePrecisionScore(mcTrue, mcProb, mcM),
  "k=10 log_loss": () => m.logLoss(mcTrue, mcProb, mcM),
  "k=10 log_loss weighted": () => m.logLoss(mcTrue, mcProb, { ...mcM, ...w }),
  "k=10 brier_score_loss": () => m.brierScoreLoss(mcTrue, mcProb, mcM),
  "k=10 d2_log_loss_score": () => m.d2LogLossScore(mcTrue, mcProb, mcM),
  "k=10 d2_brier_score": () => m.d2BrierScore(mcTrue, mcProb, mcM),
  // multilabel indicators: n × 20, flat with nLabels
  "multilabel L=20 f1_score samples": () => m.f1Score(mlTrue, mlPred, { ...ml, average: "samples", zeroDivision: 0 }),
  "multilabel L=20 f1_score macro": () => m.f1Score(mlTrue, mlPred, { ...ml, average: "macro" }),
  "multilabel L=20 accuracy_score": () => m.accuracyScore(mlTrue, mlPred, ml),
  "multilabel L=20 hamming_loss": () => m.hammingLoss(mlTrue, mlPred, ml),
  "multilabel L=20 multilabel_confusion_matrix": () => m.multilabelConfusionMatrix(mlTrue, mlPred, ml),
  // 2-D ranking metrics: n / 10 rows × 10 labels
  "coverage_error (n/10 × 10)": () => m.coverageError(rankTrue, mcProb.subarray(0, N), rk),
  "label_ranking_average_precision_score (n/10 × 10)": () => m.labelRankingAveragePrecisionScore(rankTrue, mcProb.subarray(0, N), rk),
  "label_ranking_loss (n/10 × 10)": () => m.labelRankingLoss(rankTrue, mcProb.subarray(0, N), rk),
  "dcg_score (n/10 × 10)": () => m.dcgScore(rankTrue, mcProb.subarray(0, N), rk),
  "ndcg_score (n/10 × 10)": () => m.ndcgScore(rankTrue, mcProb.subarray(0, N), rk),
  // score distribution, dicts
  score_distribution: () => m.scoreDistribution(d.dist_scores),
  "regression dict (compact)": () => m.regressionMetrics({ yTrue: rt, yPred: rp }),
  "classification dict (compact, binary)": () => m.classificationMetrics({ yTrue: yt, yPred: yp, yProb: pr }),
  "k=10 classification dict (compact)": () => m.classificationMetrics({ yTrue: mcTrue, yPred: mcPred, yProb: mcProb }, { nClasses: K }),
  "anomaly dict": () => m.anomalyMetrics({ predictions: anomPred, scores: d.dist_scores }),
});
const CALLS = calls(mlm);
/** Hand-written JavaScript references (bench/baselines.mjs), printed against our call of the same name. */
const JS = { roc_auc_score: () => jsRocAuc(yt, pr) };
const BEFORE = before && calls(before);
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
const names = Object.keys(CALLS).filter((n) => !ONLY || ONLY.test(n));

let sink = 0;
async function time(fn, name) {
  // at least 400 ms and 10 calls (tinybench's default minimum of 64 calls would take minutes on the slow rows)
  const bench = new Bench({ time: TIME, warmupTime: 100, iterations: 10 });
  bench.add(name, () => {
    const v = fn();
    sink += typeof v === "number" ? v : 1;
  });
  await bench.run();
  const t = bench.tasks[0].result;
  return t.latency?.p50 ?? t.median ?? t.mean;
}
const ours = {};
const prev = {};
for (const name of names) {
  if (BEFORE) prev[name] = await time(BEFORE[name], name);
  ours[name] = await time(CALLS[name], name);
  console.error(`ours ${name.padEnd(52)} ${BEFORE ? `${prev[name].toFixed(2).padStart(9)} → ` : ""}${ours[name].toFixed(2).padStart(9)} ms`);
}
const js = {};
for (const name of names.filter((n) => JS[n])) js[name] = await time(JS[name], `${name} (JS)`);
const loadOurs = os.loadavg()[0];
const py = spawnSync(`${ROOT}.venv/bin/python`, [`${ROOT}bench/sklearn_functions.py`], {
  input: JSON.stringify({ n: N, k: K, names }),
  encoding: "utf8",
  stdio: ["pipe", "pipe", "inherit"],
  maxBuffer: 1 << 24,
});
if (py.status !== 0) throw new Error("bench/sklearn_functions.py failed (bash scripts/python-env.sh)");
const sk = JSON.parse(py.stdout);
console.log(`\n## Single functions at n = ${N.toExponential(0)} (${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}, scikit-learn ${sk.versions.sklearn}, numpy ${sk.versions.numpy}, load ${loadOurs.toFixed(2)} after ours, ${os.loadavg()[0].toFixed(2)} after scikit-learn, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)\n`);
if (BEFORE) {
  console.log("| function | before (ms) | ours (ms) | scikit-learn (ms) | before ratio | ratio |");
  console.log("|---|---|---|---|---|---|");
} else {
  console.log("| function | ours (ms) | scikit-learn (ms) | ratio |");
  console.log("|---|---|---|---|");
}
for (const name of names) {
  const a = ours[name], b = sk.times[name];
  const r = (x) => `${(b / x).toFixed(1)}×`;
  if (BEFORE) console.log(`| ${name} | ${prev[name].toFixed(2)} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${r(prev[name])} | ${r(a)} |`);
  else console.log(`| ${name} | ${a.toFixed(2)} | ${b.toFixed(2)} | ${r(a)} |`);
}
for (const name of Object.keys(js)) {
  console.log(`\n${name} vs hand-written JavaScript (bench/baselines.mjs): ours ${ours[name].toFixed(2)} ms, JS ${js[name].toFixed(2)} ms, ${(js[name] / ours[name]).toFixed(1)}×`);
}
if (sink === 0.5) console.log("");
