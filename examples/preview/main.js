// The preview page: file picker, drag-and-drop and samples → worker → dicts,
// threshold panel and charts. Every failure ends as an in-page message.
import { rocChart, prChart, histogramChart, scatterChart } from "./charts.js";
import { jsonText, pythonSnippet, THRESHOLD_PRED } from "./lib.js";
import classificationUrl from "../data/classification.csv?url";
import regressionUrl from "../data/regression.csv?url";
import anomalyUrl from "../data/anomaly.csv?url";

const SAMPLES = { classification: classificationUrl, regression: regressionUrl, anomaly: anomalyUrl };
const ROLES = {
  regression: [
    ["yTrue", "true value"],
    ["yPred", "prediction"],
  ],
  classification: [
    ["yTrue", "true label"],
    ["yPred", "predicted label"],
    ["yProb", "probability / score"],
  ],
  anomaly: [
    ["predictions", "outlier label (−1/1)"],
    ["scores", "score"],
  ],
};

const $ = (s) => document.querySelector(s);
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let parsed = null;
let selection = null;
let thresholdBusy = false;
let thresholdQueued = null;
let lastDicts = null;

function setStatus(text, fraction) {
  $("#status-text").textContent = text;
  const p = $("#progress");
  p.hidden = fraction === undefined;
  if (fraction !== undefined) p.value = fraction;
}

function showMessage(text) {
  const m = $("#message");
  m.textContent = text;
  m.hidden = !text;
  if (text) {
    setStatus("");
    document.body.dataset.state = "error";
  }
}

window.addEventListener("error", (e) => showMessage(`Unexpected error: ${e.message}`));
window.addEventListener("unhandledrejection", (e) => showMessage(`Unexpected error: ${e.reason?.message ?? e.reason}`));
worker.addEventListener("error", (e) => {
  e.preventDefault();
  showMessage(`The worker failed: ${e.message || "could not load the worker script"}`);
});

function load(file, name) {
  showMessage("");
  document.body.dataset.state = "parsing";
  $("#setup").hidden = true;
  $("#results").hidden = true;
  parsed = null;
  setStatus(`Reading ${name}…`, 0);
  worker.postMessage({ type: "parse", file, name });
}

// --- inputs: picker, drag-and-drop, samples --------------------------------
$("#file").addEventListener("change", (e) => {
  const f = e.target.files?.[0];
  if (f) load(f, f.name);
  e.target.value = "";
});
const drop = $("#drop");
drop.addEventListener("dragover", (e) => {
  e.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {
  e.preventDefault();
  drop.classList.remove("over");
  const f = e.dataTransfer?.files?.[0];
  if (f) load(f, f.name);
  else showMessage("Nothing to read: drop a CSV file.");
});
for (const b of document.querySelectorAll("button.sample")) {
  b.addEventListener("click", async () => {
    const name = `${b.dataset.sample}.csv`;
    try {
      const res = await fetch(SAMPLES[b.dataset.sample]);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      load(await res.blob(), name);
    } catch (err) {
      showMessage(`Could not load the sample ${name}: ${err.message}`);
    }
  });
}

// --- task and columns ------------------------------------------------------
function renderColumns() {
  const task = $("#task").value;
  const box = $("#columns");
  box.replaceChildren();
  const guess = parsed.guess.columns[task];
  for (const [role, label] of ROLES[task]) {
    const l = document.createElement("label");
    l.textContent = label + " ";
    const s = document.createElement("select");
    s.dataset.role = role;
    const opts = parsed.columns.map((c) => c.name);
    if (role === "yProb") opts.unshift("");
    if (role === "yPred") opts.push(THRESHOLD_PRED);
    for (const name of opts) {
      const o = document.createElement("option");
      o.value = name;
      o.textContent = name === "" ? "(none)" : name;
      s.append(o);
    }
    s.value = guess[role] ?? (role === "yProb" ? "" : opts[0]);
    s.addEventListener("change", compute);
    l.append(s);
    box.append(l);
  }
}

function compute() {
  const task = $("#task").value;
  selection = Object.fromEntries([...document.querySelectorAll("#columns select")].map((s) => [s.dataset.role, s.value]));
  showMessage("");
  $("#results").hidden = true;
  document.body.dataset.state = "computing";
  setStatus("Computing metrics…", 0);
  worker.postMessage({ type: "compute", task, columns: selection });
}
$("#task").addEventListener("change", () => {
  renderColumns();
  compute();
});

// --- results ---------------------------------------------------------------
function renderDict(preset, dict, note) {
  const box = document.querySelector(`.dict[data-preset="${preset}"]`);
  const table = box.querySelector("table");
  table.replaceChildren();
  box.querySelector(".buttons").hidden = !dict;
  box.querySelector("details").hidden = !dict;
  if (!dict) {
    table.innerHTML = `<tr><td class="muted note">${note}</td></tr>`;
    return;
  }
  for (const [k, v] of Object.entries(dict)) {
    const tr = document.createElement("tr");
    tr.dataset.key = k;
    tr.dataset.value = String(v);
    const td1 = document.createElement("td");
    td1.textContent = k;
    const td2 = document.createElement("td");
    td2.textContent = Number.isInteger(v) ? String(v) : Number.isFinite(v) ? v.toPrecision(6).replace(/\.?0+$/, "") : String(v);
    td2.title = String(v);
    tr.append(td1, td2);
    table.append(tr);
  }
  box.querySelector(".python").textContent = pythonSnippet(dict);
}

document.querySelector("#results").addEventListener("click", async (e) => {
  const b = e.target.closest("button[data-copy]");
  if (!b || !lastDicts) return;
  const dict = lastDicts[b.closest(".dict").dataset.preset];
  const text = b.dataset.copy === "json" ? jsonText(dict) : pythonSnippet(dict);
  try {
    await navigator.clipboard.writeText(text);
    flash(b, "copied ✓");
  } catch {
    flash(b, "copy blocked: select the text below");
    b.closest(".dict").querySelector("details").open = true;
  }
});
function flash(b, text) {
  const old = b.dataset.label ?? b.textContent;
  b.dataset.label = old;
  b.textContent = text;
  setTimeout(() => (b.textContent = old), 1500);
}

function renderThreshold(r) {
  $("#threshold-value").textContent = Number(r.t.toPrecision(6)).toString();
  const [[tn, fp], [fn, tp]] = r.matrix;
  const max = Math.max(tn, fp, fn, tp, 1);
  const cell = (v, name) =>
    `<td data-cell="${name}" class="${v / max > 0.55 ? "dark" : ""}" style="--heat:${(v / max).toFixed(3)}"><b>${v.toLocaleString()}</b><small>${name.toUpperCase()}</small></td>`;
  const [neg, pos] = r.labels;
  $("#confusion").innerHTML =
    `<tr><th></th><th>predicted ${neg}</th><th>predicted ${pos}</th></tr>` +
    `<tr><th>true ${neg}</th>${cell(tn, "tn")}${cell(fp, "fp")}</tr>` +
    `<tr><th>true ${pos}</th>${cell(fn, "fn")}${cell(tp, "tp")}</tr>`;
  for (const k of ["precision", "recall", "f1"]) {
    const el = $(`#${k}`);
    el.textContent = r[k].toFixed(4);
    el.dataset.value = String(r[k]);
  }
  $("#threshold-panel").dataset.t = String(r.t);
}

function requestThreshold(t) {
  if (thresholdBusy) {
    thresholdQueued = t;
    return;
  }
  thresholdBusy = true;
  worker.postMessage({ type: "threshold", t });
}
$("#threshold").addEventListener("input", (e) => requestThreshold(Number(e.target.value)));

function renderResult(r) {
  lastDicts = r.dicts;
  renderDict("compact", r.dicts.compact);
  renderDict("mlflow", r.dicts.mlflow, r.notes?.find((n) => n.includes("preset")) ?? "");
  const notes = (r.notes ?? []).filter((n) => !n.includes("'mlflow' preset"));
  const text = parsed.columns.filter((c) => !c.numeric).map((c) => `"${c.name}" (first at row ${c.bad.row})`);
  if (text.length) notes.push(`Columns with non-numeric values: ${text.join(", ")}.`);
  $("#notes").textContent = notes.join(" ");
  $("#warnings").textContent = r.warnings.length ? `Warnings (as sklearn would warn): ${r.warnings.join(" · ")}` : "";
  const charts = $("#charts");
  charts.replaceChildren();
  $("#results").hidden = false;
  const tp = $("#threshold-panel");
  tp.hidden = !r.threshold;
  if (r.threshold) {
    const s = $("#threshold");
    Object.assign(s, { min: r.threshold.min, max: r.threshold.max, step: r.threshold.step });
    s.value = r.threshold.value;
    $("#pos-label").textContent = String(r.labels[1]);
    requestThreshold(Number(s.value));
  }
  if (r.charts.roc) rocChart(charts, r.charts.roc);
  if (r.charts.pr) prChart(charts, r.charts.pr);
  if (r.charts.scores) histogramChart(charts, "chart-scores", "Score histogram", r.charts.scores, selection.yProb ?? selection.scores);
  if (r.charts.scatter) scatterChart(charts, r.charts.scatter);
  if (r.charts.residuals) histogramChart(charts, "chart-residuals", "Residuals (true − predicted)", r.charts.residuals, "residual");
  setStatus(`${parsed.rows.toLocaleString()} rows · ${parsed.name} · computed in ${r.ms.toFixed(0)} ms`);
  document.body.dataset.state = "ready";
}

worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === "progress") {
    setStatus(m.phase === "parsing" ? `Parsing… ${Math.round(m.fraction * 100)}%` : "Computing metrics…", m.fraction);
  } else if (m.type === "parsed") {
    parsed = m;
    $("#setup").hidden = false;
    $("#task").value = m.guess.task;
    renderColumns();
    compute();
  } else if (m.type === "result") {
    renderResult(m);
  } else if (m.type === "threshold") {
    thresholdBusy = false;
    renderThreshold(m);
    if (thresholdQueued !== null) {
      const t = thresholdQueued;
      thresholdQueued = null;
      requestThreshold(t);
    }
  } else if (m.type === "error") {
    thresholdBusy = false;
    showMessage(m.message);
  }
};
