// Writes the preview page's fixtures of issue 18 into test/fixtures/browser/
// (seeded LCG, so the files are reproducible; they are kept in git). Run once:
//   node scripts/gen-preview-fixtures.mjs
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const DIR = fileURLToPath(new URL("../test/fixtures/browser/", import.meta.url));
let s = 20261203;
const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const clip = (v) => Math.min(1, Math.max(0, v));
const write = (name, header, rows) => writeFileSync(DIR + name, [header, ...rows.map((r) => r.join(","))].join("\n") + "\n");

// string labels and P(spam) (the first file)
write(
  "spam.csv",
  "actual,predicted,p_spam",
  Array.from({ length: 300 }, () => {
    const spam = rnd() < 0.3;
    const p = clip((spam ? 0.68 : 0.32) + (rnd() - 0.5) * 0.7).toFixed(3);
    return [spam ? "spam" : "ham", Number(p) >= 0.5 ? "spam" : "ham", p];
  }),
);

// multiclass 0/1/2 labels without probabilities (the second file)
write(
  "multiclass.csv",
  "y,yhat",
  Array.from({ length: 300 }, () => {
    const y = Math.floor(rnd() * 3);
    return [y, rnd() < 0.7 ? y : Math.floor(rnd() * 3)];
  }),
);

// one probability column per class, rows summing to 1 (the third file); yhat = argmax
function probRows(n, k, labelOf) {
  return Array.from({ length: n }, () => {
    const y = Math.floor(rnd() * k);
    const w = Array.from({ length: k }, (_, j) => rnd() + (j === y ? 0.9 : 0));
    const sum = w.reduce((a, b) => a + b, 0);
    const p = w.map((v) => Math.round((v / sum) * 1e4));
    p[k - 1] = 1e4 - p.slice(0, k - 1).reduce((a, b) => a + b, 0);
    const arg = p.indexOf(Math.max(...p));
    return { y: labelOf(y), yhat: labelOf(arg), p: p.map((v) => (v / 1e4).toFixed(4)) };
  });
}
write("multiclass-probs.csv", "y,yhat,prob_0,prob_1,prob_2,prob_3", probRows(400, 4, (c) => c).map((r) => [r.y, r.yhat, ...r.p]));

// string classes with <class>_proba columns (in another order than the classes) and sample weights
write(
  "animals.csv",
  "label,pred,dog_proba,cat_proba,eel_proba,weight",
  probRows(360, 3, (c) => ["cat", "dog", "eel"][c]).map((r) => [r.y, r.yhat, r.p[1], r.p[0], r.p[2], (0.5 + rnd() * 1.5).toFixed(2)]),
);

// booleans (true/false as pandas writes them) with a score
write(
  "booleans.csv",
  "is_fraud,predicted_fraud,score",
  Array.from({ length: 250 }, () => {
    const f = rnd() < 0.25;
    const p = clip((f ? 0.65 : 0.35) + (rnd() - 0.5) * 0.8).toFixed(2);
    return [f ? "True" : "False", Number(p) >= 0.5 ? "True" : "False", p];
  }),
);

// binary label,score rows (shared by the bad files below)
const binary = (n) =>
  Array.from({ length: n }, () => {
    const y = rnd() < 0.4 ? 1 : 0;
    return [y, clip((y ? 0.62 : 0.38) + (rnd() - 0.5) * 0.7).toFixed(2)];
  });
// `abc` in the score column on data row 2 (the fourth file)
const abc = binary(120);
abc[1][1] = "abc";
write("abc-score.csv", "label,score", abc);
// NaN in the chosen probability on data row 7
const nan = binary(80).map(([y, p]) => [y, Number(p) >= 0.5 ? 1 : 0, p]);
nan[6][2] = "NaN";
write("nan-prob.csv", "label,predicted,probability", nan);
// a probability of 1.7 on data row 31
const range = binary(200).map(([y, p]) => [y, Number(p) >= 0.5 ? 1 : 0, p]);
range[30][2] = "1.7";
write("prob-range.csv", "label,predicted,probability", range);
// bad values in a column that is not chosen: n/a in `age` (must not block)
write(
  "other-column-bad.csv",
  "label,predicted,probability,age",
  binary(150).map(([y, p], i) => [y, Number(p) >= 0.5 ? 1 : 0, p, i === 9 ? "n/a" : 20 + Math.floor(rnd() * 50)]),
);

// regression with a weight column
write(
  "regression-weighted.csv",
  "target,prediction,weight",
  Array.from({ length: 200 }, () => {
    const y = 40 + rnd() * 30;
    return [y.toFixed(3), (y + (rnd() - 0.5) * 8).toFixed(3), (0.2 + rnd() * 2).toFixed(2)];
  }),
);
