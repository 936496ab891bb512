// `npm start`: computes the three MLflow-ready metric dicts for the bundled
// example predictions in examples/data/ and prints them (both presets).
import { readFileSync } from "node:fs";
import { init, regressionMetrics, classificationMetrics, anomalyMetrics, createEvaluator, evaluatorFromJSON } from "../dist/index.js";

function readCsv(name) {
  const [header, ...lines] = readFileSync(new URL(`./data/${name}`, import.meta.url), "utf8").trim().split("\n");
  const cols = header.split(",");
  const out = Object.fromEntries(cols.map((c) => [c, new Float64Array(lines.length)]));
  lines.forEach((line, i) => line.split(",").forEach((v, j) => (out[cols[j]][i] = Number(v))));
  return out;
}

await init();
const warnings = [];
const onWarning = (m) => warnings.push(m);

const reg = readCsv("regression.csv");
const cls = readCsv("classification.csv");
const ano = readCsv("anomaly.csv");

const show = (title, dict) => console.log(`\n${title}\n${JSON.stringify(dict, null, 2)}`);
show(
  "regressionMetrics (compact) — examples/data/regression.csv",
  regressionMetrics({ yTrue: reg.daily_dbu, yPred: reg.predicted_dbu }, { onWarning }),
);
show(
  "regressionMetrics (preset: 'mlflow')",
  regressionMetrics({ yTrue: reg.daily_dbu, yPred: reg.predicted_dbu }, { preset: "mlflow", onWarning }),
);
show(
  "classificationMetrics (compact) — examples/data/classification.csv",
  classificationMetrics({ yTrue: cls.label, yPred: cls.predicted, yProb: cls.probability }, { onWarning }),
);
show(
  "classificationMetrics (preset: 'mlflow')",
  classificationMetrics(
    { yTrue: cls.label, yPred: cls.predicted, yProb: cls.probability },
    { preset: "mlflow", onWarning },
  ),
);
show(
  "anomalyMetrics (compact) — examples/data/anomaly.csv",
  anomalyMetrics({ predictions: ano.prediction, scores: ano.score }, { onWarning }),
);
// The same classification dict from an evaluator fed in batches of 100 rows by two "workers",
// whose JSON states are merged: the counts are exact and the sums exact, so any split gives the same bits.
const workers = [createEvaluator("classification", { preset: "mlflow" }), createEvaluator("classification", { preset: "mlflow" })];
for (let i = 0, b = 0; i < cls.label.length; i += 100, b++) {
  const s = (a) => a.subarray(i, i + 100);
  workers[b % 2].update({ yTrue: s(cls.label), yPred: s(cls.predicted), yProb: s(cls.probability) });
}
const merged = evaluatorFromJSON(JSON.stringify(workers[0])).merge(evaluatorFromJSON(JSON.stringify(workers[1])));
show("createEvaluator('classification', { preset: 'mlflow' }): two workers' states merged", merged.compute());
if (warnings.length) console.log(`\nwarnings:\n- ${warnings.join("\n- ")}`);
console.log("\nPass any of these objects to mlflow.log_metrics(...) or the runs/log-batch REST call.");
