import * as mlm from "../dist/index.js";
await mlm.init();
const n = 1e6;
let s = 12345;
const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const yt = new Float64Array(n), yp = new Float64Array(n), pr = new Float64Array(n);
for (let i = 0; i < n; i++) { pr[i] = rnd(); yt[i] = rnd() < pr[i] ? 1 : 0; yp[i] = pr[i] > 0.5 ? 1 : 0; }
const rt = new Float64Array(n), rp = new Float64Array(n);
for (let i = 0; i < n; i++) { rt[i] = rnd() * 10 + 1; rp[i] = rt[i] + rnd() - 0.5; }
const preds = new Float64Array(n), scores = new Float64Array(n);
for (let i = 0; i < n; i++) { scores[i] = rnd() * 2 - 1; preds[i] = scores[i] < -0.8 ? -1 : 1; }
function time(name, f, reps = 15) {
  f(); f();
  const t = [];
  for (let r = 0; r < reps; r++) { const a = performance.now(); f(); t.push(performance.now() - a); }
  t.sort((a, b) => a - b);
  console.log(name.padEnd(48), t[reps >> 1].toFixed(2), "ms");
  return t[reps >> 1];
}
const w = (m) => m;
time("classificationMetrics compact yProb", () => mlm.classificationMetrics({ yTrue: yt, yPred: yp, yProb: pr }));
time("rocAucScore", () => mlm.rocAucScore(yt, pr));
time("classificationMetrics mlflow yProb", () => mlm.classificationMetrics({ yTrue: yt, yPred: yp, yProb: pr }, { preset: "mlflow" }));
const ytA = Array.from(yt), ypA = Array.from(yp), prA = Array.from(pr);
time("classificationMetrics compact number[]", () => mlm.classificationMetrics({ yTrue: ytA, yPred: ypA, yProb: prA }));
const yti = Int32Array.from(yt), ypi = Int32Array.from(yp), ytu = Uint8Array.from(yt), ypu = Uint8Array.from(yp);
const ytb = Array.from(yt, (v) => v === 1), ypb = Array.from(yp, (v) => v === 1);
time("classificationMetrics compact Int32 labels", () => mlm.classificationMetrics({ yTrue: yti, yPred: ypi, yProb: pr }));
time("classificationMetrics compact Uint8 labels", () => mlm.classificationMetrics({ yTrue: ytu, yPred: ypu, yProb: pr }));
time("classificationMetrics compact boolean[] labels", () => mlm.classificationMetrics({ yTrue: ytb, yPred: ypb, yProb: pr }));
time("f1Score f64 / int32 / uint8", () => mlm.f1Score(yt, yp));
time("f1Score int32", () => mlm.f1Score(yti, ypi));
time("f1Score uint8", () => mlm.f1Score(ytu, ypu));
time("confusionMatrix binary", () => mlm.confusionMatrix(yt, yp));
time("accuracyScore", () => mlm.accuracyScore(yt, yp));
time("regressionMetrics compact", () => mlm.regressionMetrics({ yTrue: rt, yPred: rp }));
time("regressionMetrics mlflow", () => mlm.regressionMetrics({ yTrue: rt, yPred: rp }, { preset: "mlflow" }));
const rtA = Array.from(rt), rpA = Array.from(rp);
time("regressionMetrics compact number[]", () => mlm.regressionMetrics({ yTrue: rtA, yPred: rpA }));
time("anomalyMetrics", () => mlm.anomalyMetrics({ predictions: preds, scores }));
const predsA = Array.from(preds), scoresA = Array.from(scores);
time("anomalyMetrics number[]", () => mlm.anomalyMetrics({ predictions: predsA, scores: scoresA }));
time("scoreDistribution", () => mlm.scoreDistribution(scores));
