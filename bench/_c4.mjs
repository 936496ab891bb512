import * as mlm from "../dist/index.js";
import { loadData } from "./data.mjs";
await mlm.init();
const N = 1e6;
const d = loadData(N);
const sc = d.dist_scores;
const anomPred = d.dist_scores.map((s) => (s < -1.2815515655446004 ? -1 : 1));
const yt = d.cls_true, yp = d.cls_pred, pr = d.cls_prob;
const ytA = Array.from(yt), ypA = Array.from(yp), prA = Array.from(pr);
const ytb = Array.from(yt, (v) => v === 1), ypb = Array.from(yp, (v) => v === 1);
const rt = d.reg_true, rp = d.reg_pred;
const rtA = Array.from(rt), rpA = Array.from(rp);
const convDst = new Float64Array(N);
function cpu(f, reps = 5) { const t = []; for (let r = 0; r < reps; r++) { const x = process.cpuUsage(); f(); const y = process.cpuUsage(x); t.push((y.user + y.system) / 1000); } t.sort((x, y) => x - y); return `cpu min ${t[0].toFixed(2)} med ${t[reps >> 1].toFixed(2)}`; }
console.log("start", cpu(() => convDst.set(rtA)));
const cm = (yTrue, yPred, yProb, o) => mlm.classificationMetrics({ yTrue, yPred, yProb }, o);
const steps = {
  compact_array: () => cm(ytA, ypA, prA),
  compact_bool: () => cm(ytb, ypb, pr),
  reg_compact_array: () => mlm.regressionMetrics({ yTrue: rtA, yPred: rpA }),
  anomaly: () => mlm.anomalyMetrics({ predictions: anomPred, scores: sc }),
  f1: () => mlm.f1Score(yt, yp),
};
for (const [k, f] of Object.entries(steps)) { for (let i = 0; i < 5; i++) f(); console.log("after", k, cpu(() => convDst.set(rtA))); }
