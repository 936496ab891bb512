// The preview's Web Worker: parses the CSV with papaparse (chunked, with
// progress) and computes every number the page shows with mlmetrics, so that
// a 10^6-row file never blocks the page.
import Papa from "papaparse";
import {
  init,
  regressionMetrics,
  classificationMetrics,
  anomalyMetrics,
  scoreDistribution,
  rocCurve,
  rocAucScore,
  precisionRecallCurve,
  averagePrecisionScore,
  confusionMatrix,
  precisionScore,
  recallScore,
  f1Score,
} from "mlmetrics";
import { ColumnBuilder, badCellMessage, guessColumns, guessTask, headerNames, sampleIndices, THRESHOLD_PRED } from "./lib.js";

const ready = init();
/** @type {Map<string, Float64Array>} */
let columns = new Map();
let infos = [];
/** current classification selection, for the threshold slider */
let current = null;

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);
const fail = (message) => post({ type: "error", message });

class PageError extends Error {}

self.onmessage = async (e) => {
  const msg = e.data;
  try {
    await ready;
    if (msg.type === "parse") parse(msg.file, msg.name);
    else if (msg.type === "compute") compute(msg.task, msg.columns);
    else if (msg.type === "threshold") post({ type: "threshold", ...atThreshold(msg.t) });
  } catch (err) {
    fail(err instanceof PageError ? err.message : `${err?.name ?? "Error"}: ${err?.message ?? err}`);
  }
};

function parse(file, name) {
  columns = new Map();
  infos = [];
  current = null;
  let builders = null;
  let line = 0;
  let row = 0;
  let aborted = false;
  const size = file.size || 1;
  post({ type: "progress", phase: "parsing", fraction: 0 });
  Papa.parse(file, {
    skipEmptyLines: false,
    chunkSize: 1 << 20,
    chunk(results, parser) {
      for (const fields of results.data) {
        line++;
        if (fields.length === 1 && fields[0].trim() === "") continue; // blank line
        if (builders === null) {
          builders = headerNames(fields).map((n) => new ColumnBuilder(n));
          continue;
        }
        row++;
        for (let j = 0; j < builders.length; j++) builders[j].push(fields[j], row, line);
      }
      post({ type: "progress", phase: "parsing", fraction: Math.min(1, results.meta.cursor / size) });
      if (aborted) parser.abort();
    },
    error(err) {
      aborted = true;
      fail(`Could not read "${name}": ${err?.message ?? err}`);
    },
    complete() {
      if (aborted) return;
      try {
        finishParse(name, builders, row);
      } catch (err) {
        fail(err instanceof PageError ? err.message : String(err?.message ?? err));
      }
    },
  });
}

function finishParse(name, builders, rows) {
  if (builders === null || builders.length === 0) {
    throw new PageError(`"${name}" has no columns: the file is empty. Expected a CSV with a header row, e.g. "label,probability".`);
  }
  if (rows === 0) {
    throw new PageError(`"${name}" has a header (${builders.map((b) => b.name).join(", ")}) but no data rows.`);
  }
  if (builders.length < 2) {
    throw new PageError(
      `"${name}" has only one column ("${builders[0].name}"). A preview needs at least two: the true value or label, and a prediction or score. Is the delimiter a comma, tab, semicolon or pipe?`,
    );
  }
  for (const b of builders) {
    const { values, info } = b.finish();
    columns.set(info.name, values);
    infos.push(info);
  }
  if (!infos.some((c) => c.numeric)) {
    const c = infos[0];
    throw new PageError(`"${name}" has no numeric column. ${badCellMessage(c)}`);
  }
  const task = guessTask(infos);
  post({
    type: "parsed",
    name,
    rows,
    columns: infos,
    guess: {
      task,
      columns: {
        regression: guessColumns("regression", infos),
        classification: guessColumns("classification", infos),
        anomaly: guessColumns("anomaly", infos),
      },
    },
  });
}

function column(name, role) {
  if (!name) throw new PageError(`Pick a column for ${role}.`);
  const values = columns.get(name);
  if (!values) throw new PageError(`There is no column "${name}" in this file.`);
  const info = infos.find((c) => c.name === name);
  if (!info.numeric) throw new PageError(badCellMessage(info));
  return values;
}

function histogram(values, quantiles) {
  const d = scoreDistribution(values, { bins: 40, quantiles });
  return { ...d, quantileProbs: quantiles };
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

function compute(task, sel) {
  post({ type: "progress", phase: "computing", fraction: 0 });
  const warnings = [];
  const onWarning = (m) => warnings.push(m);
  const t0 = performance.now();
  let out;
  if (task === "regression") out = computeRegression(sel, onWarning);
  else if (task === "classification") out = computeClassification(sel, onWarning);
  else if (task === "anomaly") out = computeAnomaly(sel, onWarning);
  else throw new PageError(`Unknown task "${task}".`);
  post({ type: "result", task, warnings: [...new Set(warnings)], ms: performance.now() - t0, ...out });
}

function computeRegression(sel, onWarning) {
  const yTrue = column(sel.yTrue, "the true value");
  const yPred = column(sel.yPred, "the prediction");
  const compact = regressionMetrics({ yTrue, yPred }, { onWarning });
  const mlflow = regressionMetrics({ yTrue, yPred }, { preset: "mlflow", onWarning });
  const n = yTrue.length;
  const residuals = new Float64Array(n);
  for (let i = 0; i < n; i++) residuals[i] = yTrue[i] - yPred[i];
  const idx = sampleIndices(n, 4000).sort((a, b) => yTrue[a] - yTrue[b]);
  return {
    dicts: { compact, mlflow },
    charts: {
      scatter: { x: idx.map((i) => yTrue[i]), y: idx.map((i) => yPred[i]), n, shown: idx.length },
      residuals: histogram(residuals, QUANTILES),
    },
  };
}

function labelsOf(values, name) {
  const set = new Set();
  for (let i = 0; i < values.length && set.size <= 2; i++) set.add(values[i]);
  const labels = [...set].sort((a, b) => a - b);
  if (labels.length === 1) {
    throw new PageError(
      `Only one class (${labels[0]}) in column "${name}": ROC AUC, precision-recall and a confusion matrix need both classes. Pick another label column or a file with both classes.`,
    );
  }
  if (labels.length > 2) {
    throw new PageError(`Column "${name}" has more than two distinct values (${labels.join(", ")}, …): the preview covers binary classification.`);
  }
  return labels;
}

function computeClassification(sel, onWarning) {
  const yTrue = column(sel.yTrue, "the true label");
  const [neg, pos] = labelsOf(yTrue, sel.yTrue);
  const yProb = sel.yProb ? column(sel.yProb, "the probability or score") : null;
  let yPred;
  let derived = false;
  if (!sel.yPred || sel.yPred === THRESHOLD_PRED) {
    if (!yProb) throw new PageError("Pick a predicted-label column, or a probability column to threshold at 0.5.");
    yPred = thresholded(yProb, 0.5, neg, pos);
    derived = true;
  } else {
    yPred = column(sel.yPred, "the predicted label");
  }
  const notes = [];
  if (derived) notes.push(`Predicted labels are ${sel.yProb} ≥ 0.5.`);
  const unit = yProb !== null && yProb.every((v) => v >= 0 && v <= 1);
  if (yProb && !unit) notes.push(`"${sel.yProb}" has values outside [0, 1], so it is treated as a score: log loss is left out of the dicts.`);
  const input = { yTrue, yPred, ...(unit ? { yProb } : {}) };
  const compact = classificationMetrics(input, { posLabel: pos, onWarning });
  const mlflow = classificationMetrics(input, { preset: "mlflow", posLabel: pos, onWarning });
  const charts = {};
  let threshold = null;
  if (yProb) {
    const isPos = new Float64Array(yTrue.length);
    for (let i = 0; i < yTrue.length; i++) isPos[i] = yTrue[i] === pos ? 1 : 0;
    const roc = rocCurve(isPos, yProb, { onWarning });
    const pr = precisionRecallCurve(isPos, yProb, { onWarning });
    const ri = sampleIndices(roc.fpr.length, 20000);
    const pi = sampleIndices(pr.recall.length, 20000).reverse(); // recall ascending for the x axis
    charts.roc = { fpr: ri.map((i) => roc.fpr[i]), tpr: ri.map((i) => roc.tpr[i]), auc: rocAucScore(isPos, yProb, { onWarning }) };
    charts.pr = {
      recall: pi.map((i) => pr.recall[i]),
      precision: pi.map((i) => pr.precision[i]),
      ap: averagePrecisionScore(isPos, yProb, { onWarning }),
      prevalence: isPos.reduce((a, b) => a + b, 0) / isPos.length,
    };
    charts.scores = histogram(yProb, QUANTILES);
    const d = charts.scores;
    threshold = unit
      ? { min: 0, max: 1, step: 0.001, value: 0.5 }
      : { min: d.min, max: d.max, step: (d.max - d.min) / 1000 || 1, value: d.quantiles[2] };
  }
  current = { yTrue, yProb, neg, pos };
  return { dicts: { compact, mlflow }, charts, threshold, labels: [neg, pos], notes };
}

function thresholded(score, t, neg, pos) {
  const out = new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) out[i] = score[i] >= t ? pos : neg;
  return out;
}

/** Confusion matrix and P/R/F1 with predictions `score >= t` (sklearn's convention). */
function atThreshold(t) {
  if (!current || !current.yProb) throw new PageError("The threshold needs a probability or score column.");
  const { yTrue, yProb, neg, pos } = current;
  const yPred = thresholded(yProb, t, neg, pos);
  const opts = { posLabel: pos, zeroDivision: 0 };
  return {
    t,
    labels: [neg, pos],
    matrix: confusionMatrix(yTrue, yPred, { labels: [neg, pos] }),
    precision: precisionScore(yTrue, yPred, opts),
    recall: recallScore(yTrue, yPred, opts),
    f1: f1Score(yTrue, yPred, opts),
  };
}

function computeAnomaly(sel, onWarning) {
  const predictions = column(sel.predictions, "the outlier prediction (−1/1)");
  const scores = column(sel.scores, "the score");
  const compact = anomalyMetrics({ predictions, scores }, { onWarning });
  return {
    dicts: { compact, mlflow: null },
    notes: ["No 'mlflow' preset for anomaly detection: mlflow.evaluate has no anomaly-detection evaluator."],
    charts: { scores: histogram(scores, QUANTILES) },
  };
}
