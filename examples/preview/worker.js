// The preview's Web Worker: parses the CSV with papaparse (chunked, with
// progress), guesses the task and columns with the library's shared guess
// (guessTable, the one `mlmetrics eval` uses), checks the chosen columns and
// computes every number the page shows with mlmetrics, so that a 10^6-row
// file never blocks the page. A chosen column with a value its role cannot
// use ends in an error message and no numbers at all.
import Papa from "papaparse";
import {
  init,
  guessTable,
  matchClassColumns,
  regressionMetrics,
  classificationMetrics,
  classificationReport,
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
import { evaluate } from "mlmetrics/artifacts";
import {
  ColumnBuilder,
  MAX_CLASSES,
  THRESHOLD_PRED,
  badCellMessage,
  emptyLabelMessage,
  headerNames,
  probabilityRangeMessage,
  sampleColumns,
  sampleIndices,
  unionClasses,
} from "./lib.js";

const ready = init();
/** @type {Map<string, { values: Float64Array, codes: Int32Array | null, names: string[] | null, info: any }>} */
let columns = new Map();
let infos = [];
/** file line of each data row */
let lines = new Int32Array(0);
/** current binary selection, for the threshold slider */
let current = null;
/** the last valid selection's dict input and options, for the artifacts (null after an error) */
let evaluation = null;

const post = (msg, transfer) => self.postMessage(msg, transfer ?? []);
const fail = (message) => post({ type: "error", message });

class PageError extends Error {}

self.onmessage = async (e) => {
  const msg = e.data;
  try {
    await ready;
    if (msg.type === "parse") parse(msg.file, msg.name);
    else if (msg.type === "compute") compute(msg.selection);
    else if (msg.type === "threshold") post({ type: "threshold", ...atThreshold(msg.t) });
    else if (msg.type === "artifacts") await artifacts(msg.seq);
  } catch (err) {
    const message = err instanceof PageError ? err.message : `${err?.name ?? "Error"}: ${err?.message ?? err}`;
    // the classes and class-dependent choices known before the error, so that the page can offer to change them
    post({ type: "error", message, ...(msg.type === "compute" ? { context } : {}) });
  }
};

/** Classes, positive class and per-class probability columns of the current classification choice. */
let context = null;

function parse(file, name) {
  columns = new Map();
  infos = [];
  current = null;
  let builders = null;
  let line = 0;
  let row = 0;
  let rowLines = new Int32Array(1024);
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
        if (row === rowLines.length) {
          const g = new Int32Array(rowLines.length * 2);
          g.set(rowLines);
          rowLines = g;
        }
        rowLines[row] = line;
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
        lines = rowLines.slice(0, row);
        finishParse(name, builders, row);
      } catch (err) {
        fail(err instanceof PageError ? err.message : String(err?.message ?? err));
      }
    },
  });
}

/** The shared guess, for the file (task and roles) and for each task the user may switch to. */
function guess() {
  const sample = sampleColumns(infos);
  const one = (task) => {
    try {
      return guessTable(sample, {}, task, { allowMissingPred: true });
    } catch (err) {
      return { error: err?.message ?? String(err) };
    }
  };
  const g = one(undefined);
  return {
    task: g.task ?? null,
    roles: g.roles ?? {},
    notes: g.notes ?? [],
    error: g.error ?? null,
    byTask: Object.fromEntries(
      ["classification", "regression", "anomaly"].map((t) => {
        const r = g.task === t ? g : one(t);
        return [t, r.roles ?? {}];
      }),
    ),
  };
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
    const c = b.finish();
    columns.set(c.info.name, c);
    infos.push(c.info);
  }
  post({ type: "parsed", name, rows, columns: infos, guess: guess() });
}

// --- the chosen columns, checked for their role -----------------------------
function col(name, role) {
  if (!name) throw new PageError(`Pick a column for ${role}.`);
  const c = columns.get(name);
  if (!c) throw new PageError(`There is no column "${name}" in this file.`);
  return c;
}

/** A numeric role: every cell a number (no text, no NaN, no empty cell). */
function numeric(name, role) {
  const c = col(name, role);
  if (c.info.bad || c.info.empty) throw new PageError(badCellMessage(c.info, role));
  return c.values;
}

/** A probability: a number in [0, 1] on every row. */
function probability(name, role) {
  const v = numeric(name, role);
  for (let i = 0; i < v.length; i++) {
    if (!(v[i] >= 0 && v[i] <= 1)) throw new PageError(probabilityRangeMessage(name, v[i], { row: i + 1, line: lines[i] }));
  }
  return v;
}

/**
 * A label role: numbers (or true/false) when most cells are numbers — then
 * every cell must be one — else text labels (every cell as its text).
 * Returns the values the library takes, their kind and the sorted class names.
 */
function labels(name, role) {
  const c = col(name, role);
  const info = c.info;
  if (info.empty) throw new PageError(emptyLabelMessage(info, role));
  if (info.classes === null) {
    throw new PageError(`Column "${name}" has more than ${MAX_CLASSES} distinct values: too many for ${role}. Is it a label column?`);
  }
  if (info.kind === "string") {
    const values = new Array(info.n);
    for (let i = 0; i < info.n; i++) values[i] = c.names[c.codes[i]];
    return { values, kind: "string", classes: info.classes };
  }
  if (info.bad) throw new PageError(badCellMessage(info, `${role} (its other cells are numeric labels)`));
  return { values: c.values, kind: info.kind, classes: info.classes };
}

/** The label value the library takes for a class as the page shows it. */
function labelValue(text, kind) {
  if (kind === "string") return text;
  if (kind === "bool") return text === "True" ? 1 : 0;
  return Number(text);
}

function histogram(values, quantiles) {
  const d = scoreDistribution(values, { bins: 40, quantiles });
  return { ...d, quantileProbs: quantiles };
}

const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

function compute(sel) {
  evaluation = null;
  post({ type: "progress", phase: "computing", fraction: 0 });
  current = null;
  context = null;
  const warnings = [];
  const onWarning = (m) => warnings.push(m);
  const t0 = performance.now();
  let out;
  if (sel.task === "regression") out = computeRegression(sel, onWarning);
  else if (sel.task === "classification") out = computeClassification(sel, onWarning);
  else if (sel.task === "anomaly") out = computeAnomaly(sel, onWarning);
  else throw new PageError(`Unknown task "${sel.task}".`);
  post({ type: "result", task: sel.task, warnings: [...new Set(warnings)], ms: performance.now() - t0, ...out });
}

/** A column has one role at most: `roles` lists [column, role] pairs of the current choice. */
function oneRoleEach(roles) {
  const seen = new Map();
  for (const [name, role] of roles) {
    if (!name) continue;
    if (seen.has(name)) throw new PageError(`"${name}" is chosen as both ${seen.get(name)} and ${role}: a column can have one role only. Pick another column for ${role}.`);
    seen.set(name, role);
  }
}

/** Most classes the page shows (matrices, curves, report); more is not a label column. */
const MAX_SHOWN_CLASSES = 100;

function weightOf(sel) {
  return sel.weight ? numeric(sel.weight, "the sample weight") : undefined;
}

function computeRegression(sel, onWarning) {
  const yTrue = numeric(sel.yTrue, "the true value");
  const yPred = numeric(sel.yPred, "the prediction");
  oneRoleEach([[sel.yTrue, "the true value"], [sel.yPred, "the prediction"], [sel.weight, "the sample weight"]]);
  const sampleWeight = weightOf(sel);
  const input = { yTrue, yPred, ...(sampleWeight ? { sampleWeight } : {}) };
  const compact = regressionMetrics(input, { onWarning });
  evaluation = { task: "regression", input, options: {} };
  const mlflow = regressionMetrics(input, { preset: "mlflow", onWarning });
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

/** At most `max` points of a curve, ends included. */
function thin(xs, ys, max, reverse = false) {
  const idx = sampleIndices(xs.length, max);
  if (reverse) idx.reverse();
  return { x: idx.map((i) => xs[i]), y: idx.map((i) => ys[i]) };
}

function computeClassification(sel, onWarning) {
  const t = labels(sel.yTrue, "the true label");
  if (t.classes.length < 2) {
    throw new PageError(
      `Only one class (${t.classes[0]}) in column "${sel.yTrue}": precision, recall, ROC AUC and a confusion matrix need at least two classes among the true labels. Pick another label column or a file with both classes.`,
    );
  }
  const derived = !sel.yPred || sel.yPred === THRESHOLD_PRED;
  if (!derived) oneRoleEach([[sel.yTrue, "the true label"], [sel.yPred, "the predicted label"]]);
  const p = derived ? null : labels(sel.yPred, "the predicted label");
  let kind = t.kind;
  if (p && p.kind !== t.kind) {
    if (p.kind === "string" || t.kind === "string") {
      throw new PageError(
        `Column "${sel.yTrue}" has ${t.kind === "string" ? "text" : "numeric"} labels and column "${sel.yPred}" ${p.kind === "string" ? "text" : "numeric"} labels: the true and predicted labels must be of one kind.`,
      );
    }
    kind = "number"; // numbers and true/false: both 0/1 numbers
  }
  const classes = unionClasses(t.classes, p?.classes, kind);
  if (classes.length > MAX_SHOWN_CLASSES) {
    throw new PageError(
      `The label columns have ${classes.length} distinct values: more than the ${MAX_SHOWN_CLASSES} classes the preview shows. Are they label columns? (A regression target is not.)`,
    );
  }
  const sampleWeight = weightOf(sel);
  const w = sampleWeight ? { sampleWeight } : {};
  const common = { classes, kind, weighted: !!sampleWeight };
  if (classes.length > 2) return computeMulticlass(sel, t, p, classes, kind, w, onWarning, common);

  // binary: the positive class is the largest label (the library's rule for the 'mlflow' preset,
  // and the compact preset's 1 for 0/1, −1/1, true/false and two strings), unless one is chosen
  const posText = classes.includes(sel.posLabel) ? sel.posLabel : classes[1];
  const negText = classes.find((c) => c !== posText);
  context = { mode: "binary", classes, posLabel: posText };
  const pos = labelValue(posText, kind);
  const neg = labelValue(negText, kind);
  oneRoleEach([
    [sel.yTrue, "the true label"],
    [derived ? "" : sel.yPred, "the predicted label"],
    [sel.yProb, `the probability of ${posText}`],
    [sel.weight, "the sample weight"],
  ]);
  const isProb = sel.probKind !== "score";
  const score = sel.yProb
    ? isProb
      ? probability(sel.yProb, `the probability of ${posText}`)
      : numeric(sel.yProb, `the score of ${posText}`)
    : null;
  let yPred;
  const notes = [];
  if (derived) {
    if (!score) throw new PageError("Pick a predicted-label column, or a probability column to threshold at 0.5.");
    yPred = thresholded(score, 0.5, neg, pos, kind === "string");
    notes.push(`Predicted labels are ${posText} where ${sel.yProb} ≥ 0.5.`);
  } else yPred = p.values;
  if (score && !isProb) notes.push(`"${sel.yProb}" is used as a score: log loss needs probabilities and is left out of the dicts; ROC and PR use the score.`);
  const input = { yTrue: t.values, yPred, ...(score && isProb ? { yProb: score } : {}), ...w };
  const compact = classificationMetrics(input, { posLabel: pos, onWarning });
  evaluation = { task: "classification", input, options: { posLabel: pos } };
  const mlflow = classificationMetrics(input, { preset: "mlflow", posLabel: pos, onWarning });
  const report = reportOf(t.values, yPred, classes, kind, w, onWarning);
  const n = t.values.length;
  const isPos = new Float64Array(n);
  for (let i = 0; i < n; i++) isPos[i] = t.values[i] === pos ? 1 : 0;
  const charts = {};
  let threshold = null;
  if (score) {
    const roc = rocCurve(isPos, score, { ...w, onWarning });
    const pr = precisionRecallCurve(isPos, score, { ...w, onWarning });
    const rc = thin(roc.fpr, roc.tpr, 20000);
    const pc = thin(pr.recall, pr.precision, 20000, true); // recall ascending for the x axis
    charts.roc = { fpr: rc.x, tpr: rc.y, auc: rocAucScore(isPos, score, { ...w, onWarning }) };
    let prevalence = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const wi = sampleWeight ? sampleWeight[i] : 1;
      prevalence += isPos[i] * wi;
      total += wi;
    }
    charts.pr = { recall: pc.x, precision: pc.y, ap: averagePrecisionScore(isPos, score, { ...w, onWarning }), prevalence: prevalence / total };
    charts.scores = histogram(score, QUANTILES);
    const d = charts.scores;
    threshold = isProb
      ? { min: 0, max: 1, step: 0.001, value: 0.5 }
      : { min: d.min, max: d.max, step: (d.max - d.min) / 1000 || 1, value: d.quantiles[2] };
    current = { isPos, score, sampleWeight };
  }
  return { ...common, mode: "binary", posLabel: posText, negLabel: negText, dicts: { compact, mlflow }, report, charts, threshold, labels: [negText, posText], notes };
}

/** classificationReport's dict, keyed by the class names the page shows. */
function reportOf(yTrue, yPred, classes, kind, w, onWarning) {
  return classificationReport(yTrue, yPred, {
    outputDict: true,
    labels: classes.map((c) => labelValue(c, kind)),
    targetNames: classes,
    ...w,
    onWarning,
  });
}

function computeMulticlass(sel, t, p, classes, kind, w, onWarning, common) {
  if (!p) throw new PageError(`"${sel.yTrue}" has ${classes.length} classes: a multiclass preview needs a predicted-label column.`);
  const k = classes.length;
  const n = t.values.length;
  const notes = [];
  // per-class probability columns: as chosen, else matched to the classes by name (the shared guess's rule)
  const chosen = Array.isArray(sel.probs)
    ? sel.probs
    : matchClassColumns([...columns.keys()], classes, [sel.yTrue, sel.yPred, sel.weight].filter(Boolean));
  const given = classes.map((_, j) => chosen[j] || "");
  context = { mode: "multiclass", classes, probColumns: given };
  let probCols = null;
  oneRoleEach([
    [sel.yTrue, "the true label"],
    [sel.yPred, "the predicted label"],
    ...given.map((c, j) => [c, `the probability of class ${classes[j]}`]),
    [sel.weight, "the sample weight"],
  ]);
  if (given.every((c) => c)) {
    probCols = given.map((c, j) => probability(c, `the probability of class ${classes[j]}`));
  } else if (given.some((c) => c)) {
    notes.push(`Probabilities need one column per class; none chosen for ${classes.filter((_, j) => !given[j]).join(", ")}: the dicts leave out AUC and log loss.`);
  }
  let flat = null;
  if (probCols) {
    flat = new Float64Array(n * k);
    for (let j = 0; j < k; j++) {
      const c = probCols[j];
      for (let i = 0; i < n; i++) flat[i * k + j] = c[i];
    }
  }
  const input = { yTrue: t.values, yPred: p.values, ...(flat ? { yProb: flat } : {}), ...w };
  const o = { onWarning, ...(flat ? { nClasses: k } : {}) };
  const compact = classificationMetrics(input, o);
  evaluation = { task: "classification", input, options: flat ? { nClasses: k } : {} };
  const mlflow = classificationMetrics(input, { ...o, preset: "mlflow" });
  const matrix = confusionMatrix(t.values, p.values, { ...w, onWarning });
  const normalized = confusionMatrix(t.values, p.values, { ...w, normalize: "true", onWarning });
  const report = reportOf(t.values, p.values, classes, kind, w, onWarning);
  const charts = {};
  if (probCols) {
    const roc = [];
    const pr = [];
    for (let j = 0; j < k; j++) {
      const v = labelValue(classes[j], kind);
      const isPos = new Float64Array(n);
      let positives = 0;
      for (let i = 0; i < n; i++) if (t.values[i] === v) (isPos[i] = 1), positives++;
      if (positives === 0 || positives === n) {
        notes.push(`Class ${classes[j]} is ${positives === 0 ? "never" : "always"} the true label: no one-vs-rest curve for it.`);
        continue;
      }
      const rc = rocCurve(isPos, probCols[j], { ...w, onWarning });
      const pc = precisionRecallCurve(isPos, probCols[j], { ...w, onWarning });
      const r = thin(rc.fpr, rc.tpr, 4000);
      const q = thin(pc.recall, pc.precision, 4000, true);
      roc.push({ cls: classes[j], x: r.x, y: r.y, auc: rocAucScore(isPos, probCols[j], { ...w, onWarning }) });
      pr.push({ cls: classes[j], x: q.x, y: q.y, ap: averagePrecisionScore(isPos, probCols[j], { ...w, onWarning }) });
    }
    charts.ovrRoc = roc;
    charts.ovrPr = pr;
  }
  return { ...common, mode: "multiclass", probColumns: probCols ? given : null, dicts: { compact, mlflow }, matrix, normalized, report, charts, notes };
}

function thresholded(score, t, neg, pos, strings = false) {
  const out = strings ? new Array(score.length) : new Float64Array(score.length);
  for (let i = 0; i < score.length; i++) out[i] = score[i] >= t ? pos : neg;
  return out;
}

/** Confusion matrix and P/R/F1 with predictions `score >= t` (sklearn's convention), on 0/1 = negative/positive. */
function atThreshold(t) {
  if (!current) throw new PageError("The threshold needs a probability or score column.");
  const { isPos, score, sampleWeight } = current;
  const yPred = thresholded(score, t, 0, 1);
  const o = { posLabel: 1, zeroDivision: 0, ...(sampleWeight ? { sampleWeight } : {}) };
  return {
    t,
    matrix: confusionMatrix(isPos, yPred, { labels: [0, 1], ...(sampleWeight ? { sampleWeight } : {}) }),
    precision: precisionScore(isPos, yPred, o),
    recall: recallScore(isPos, yPred, o),
    f1: f1Score(isPos, yPred, o),
  };
}

function computeAnomaly(sel, onWarning) {
  oneRoleEach([[sel.predictions, "the outlier prediction"], [sel.scores, "the score"]]);
  const predictions = numeric(sel.predictions, "the outlier prediction (−1/1)");
  const scores = numeric(sel.scores, "the score");
  const compact = anomalyMetrics({ predictions, scores }, { onWarning });
  evaluation = { task: "anomaly", input: { predictions, scores }, options: {} };
  return {
    dicts: { compact, mlflow: null },
    notes: ["No 'mlflow' preset for anomaly detection: mlflow.evaluate has no anomaly-detection evaluator."],
    charts: { scores: histogram(scores, QUANTILES) },
  };
}

/** The artifacts of the last valid selection (SVG figures, per_class_metrics.csv), by mlmetrics/artifacts' evaluate. */
async function artifacts(seq) {
  if (!evaluation) return post({ type: "artifacts", seq, files: null });
  const t0 = performance.now();
  const ev = await evaluate(evaluation.task, evaluation.input, { ...evaluation.options, onWarning: () => {} });
  const files = Object.fromEntries(Object.entries(ev.artifacts).map(([name, a]) => [name, { data: a.data, width: a.width, height: a.height }]));
  post({ type: "artifacts", seq, files, ms: performance.now() - t0 });
}
