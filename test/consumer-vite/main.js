// A consumer app: imports the package by name, as users do, and lets Vite
// bundle it. init() compiles the embedded bytes; the results go to #out.
import { init, regressionMetrics, classificationMetrics, rocAucScore } from "mlmetrics";
import { INPUT } from "./input.js";

const out = document.getElementById("out");
try {
  await init();
  out.textContent = JSON.stringify({
    regression: regressionMetrics(INPUT.regression),
    classification: classificationMetrics(INPUT.classification, { preset: "mlflow" }),
    auc: rocAucScore(INPUT.classification.yTrue, INPUT.classification.yProb),
  });
  out.dataset.state = "ok";
} catch (err) {
  out.textContent = `${err?.name}: ${err?.message}`;
  out.dataset.state = "error";
}
