import * as mlm from "../dist/index.js";
import { loadData } from "./data.mjs";
await mlm.init();
const N = 1e6; const d = loadData(N);
const yt = d.cls_true, yp = d.cls_pred, pr = d.cls_prob;
const ytA = Array.from(yt), ypA = Array.from(yp), prA = Array.from(pr);
const ytb = Array.from(yt, (v) => v === 1), ypb = Array.from(yp, (v) => v === 1);
const rtA = Array.from(d.reg_true), rpA = Array.from(d.reg_pred);
const convDst = new Float64Array(N);
const t = () => { const a = process.cpuUsage(); convDst.set(rtA); const b = process.cpuUsage(a); return ((b.user + b.system) / 1000).toFixed(2); };
const cm = (yTrue, yPred, yProb, o) => mlm.classificationMetrics({ yTrue, yPred, yProb }, o);
const TASKS = {
  compact: () => cm(yt, yp, pr),
  mlflow: () => cm(yt, yp, pr, { preset: "mlflow" }),
  compact_array: () => cm(ytA, ypA, prA),
  compact_bool: () => cm(ytb, ypb, pr),
  reg_compact_array: () => mlm.regressionMetrics({ yTrue: rtA, yPred: rpA }),
  convert: () => { convDst.set(rtA); convDst.set(rpA); },
};
const name = process.argv[2];
const pre = [t(), t(), t()];
for (let i = 0; i < 10; i++) TASKS[name]();
console.log(name.padEnd(20), "pre", pre.join(" "), "post", t(), t(), t());
