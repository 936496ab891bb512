// Writes the small synthetic CSVs in examples/data/ (seeded; re-running gives
// the same files). They stand in for a model's test-set predictions.
import { writeFileSync } from "node:fs";

let seed = 20261126;
const rand = () => {
  // mulberry32
  seed |= 0;
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
const r6 = (x) => Number(x.toFixed(6));
const dir = new URL("../examples/data/", import.meta.url);

// Regression: daily cost forecast (DBU) vs actual.
let rows = ["daily_dbu,predicted_dbu"];
for (let i = 0; i < 500; i++) {
  const y = 120 + 30 * Math.sin(i / 20) + 8 * normal();
  rows.push(`${r6(y)},${r6(y + 5 * normal())}`);
}
writeFileSync(new URL("regression.csv", dir), rows.join("\n") + "\n");

// Binary classification: label, predicted label, P(label = 1).
rows = ["label,predicted,probability"];
for (let i = 0; i < 500; i++) {
  const y = rand() < 0.35 ? 1 : 0;
  const logit = (y ? 1.2 : -1.2) + 1.3 * normal();
  const p = 1 / (1 + Math.exp(-logit));
  rows.push(`${y},${p >= 0.5 ? 1 : 0},${r6(p)}`);
}
writeFileSync(new URL("classification.csv", dir), rows.join("\n") + "\n");

// Anomaly detection: IsolationForest-style prediction (-1/1) and decision_function score.
rows = ["prediction,score"];
for (let i = 0; i < 500; i++) {
  const anomalous = rand() < 0.05;
  const s = anomalous ? -0.05 - 0.1 * rand() : 0.02 + 0.12 * rand();
  rows.push(`${s < 0 ? -1 : 1},${r6(s)}`);
}
writeFileSync(new URL("anomaly.csv", dir), rows.join("\n") + "\n");
console.log("wrote examples/data/{regression,classification,anomaly}.csv");
