// The preview page: file picker, drag-and-drop and samples → worker → dicts,
// threshold panel and charts. Every failure ends as an in-page message.
import { rocChart, prChart, histogramChart, scatterChart, ovrChart } from "./charts.js";
import { jsonText, pythonSnippet, probKindOf, THRESHOLD_PRED } from "./lib.js";
import { zipSync, strToU8 } from "fflate";
import classificationUrl from "../data/classification.csv?url";
import regressionUrl from "../data/regression.csv?url";
import anomalyUrl from "../data/anomaly.csv?url";

const SAMPLES = { classification: classificationUrl, regression: regressionUrl, anomaly: anomalyUrl };
// [role, label, guess key (src/guess/guess.ts Roles), optional]
const ROLES = {
  regression: [
    ["yTrue", "true value", "yTrue"],
    ["yPred", "prediction", "yPred"],
    ["weight", "sample weight", "weight", true],
  ],
  classification: [
    ["yTrue", "true label", "yTrue"],
    ["yPred", "predicted label", "yPred"],
    ["yProb", "probability / score", "yProb", true],
    ["weight", "sample weight", "weight", true],
  ],
  anomaly: [
    ["predictions", "outlier label (−1/1)", "prediction"],
    ["scores", "score", "score"],
  ],
};

const $ = (s) => document.querySelector(s);
const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
let parsed = null;
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
/** Class-dependent choices (positive class, per-class probability columns); undefined = the worker's default. */
let classChoice = { posLabel: undefined, probs: undefined };

function option(s, value, text) {
  const o = document.createElement("option");
  o.value = value;
  o.textContent = text;
  s.append(o);
}

function renderColumns() {
  const task = $("#task").value;
  const box = $("#columns");
  box.replaceChildren();
  $("#class-columns").replaceChildren();
  classChoice = { posLabel: undefined, probs: undefined };
  const guessed = parsed.guess.byTask[task] ?? {};
  const names = parsed.columns.map((c) => c.name);
  const taken = new Set();
  for (const [role, label, key, optional] of ROLES[task]) {
    const l = document.createElement("label");
    l.textContent = label + " ";
    const s = document.createElement("select");
    s.dataset.role = role;
    if (optional) option(s, "", "(none)");
    for (const name of names) option(s, name, name);
    if (role === "yPred") option(s, THRESHOLD_PRED, THRESHOLD_PRED);
    const g = typeof guessed[key] === "string" ? guessed[key] : undefined;
    let value = g ?? (role === "yPred" && guessed.yTrue && typeof guessed.yProb === "string" ? THRESHOLD_PRED : undefined);
    if (value === undefined) value = optional ? "" : (names.find((n) => !taken.has(n)) ?? names[0]);
    s.value = value;
    taken.add(value);
    s.dataset.guessed = g ?? "";
    s.addEventListener("change", () => {
      if (role === "yTrue" || role === "yPred") classChoice = { posLabel: undefined, probs: undefined };
      if (role === "yProb") $("#prob-kind").value = probKindOf(info(s.value));
      compute();
    });
    l.append(s);
    box.append(l);
    if (role === "yProb") {
      const k = document.createElement("select");
      k.id = "prob-kind";
      k.title = "probability: every value in [0, 1]; score: any real number (no log loss)";
      option(k, "probability", "is a probability");
      option(k, "score", "is a score");
      k.value = probKindOf(info(value));
      k.addEventListener("change", compute);
      l.append(k);
    }
  }
  const g = parsed.guess;
  const text = g.error
    ? `The shared guess (as mlmetrics eval) could not decide: ${g.error.replace(/: give --.*$/, "")}. Pick the task and the columns.`
    : `Guessed (the shared guess of mlmetrics eval; change any choice above): ${g.notes.join("; ")}.`;
  $("#guess").textContent = text;
}

const info = (name) => parsed?.columns.find((c) => c.name === name);

/** Positive class (binary) or one probability column per class (multiclass), from the worker's context. */
function renderClassColumns(ctx) {
  const box = $("#class-columns");
  box.replaceChildren();
  const yProb = document.querySelector('#columns select[data-role="yProb"]')?.closest("label");
  if (!ctx || $("#task").value !== "classification") {
    $("#mode").textContent = "";
    return;
  }
  const multi = ctx.mode === "multiclass";
  $("#mode").textContent = multi ? `multiclass: ${ctx.classes.length} classes` : `binary: classes ${ctx.classes.join(", ")}`;
  if (yProb) yProb.hidden = multi;
  const thr = document.querySelector(`#columns select[data-role="yPred"] option[value="${CSS.escape(THRESHOLD_PRED)}"]`);
  if (thr) thr.hidden = multi;
  if (!multi) {
    const l = document.createElement("label");
    l.textContent = "positive class ";
    const s = document.createElement("select");
    s.id = "pos-label";
    for (const c of ctx.classes) option(s, c, c);
    s.value = ctx.posLabel;
    s.addEventListener("change", () => {
      classChoice.posLabel = s.value;
      compute();
    });
    l.append(s);
    box.append(l);
    return;
  }
  ctx.classes.forEach((c, j) => {
    const l = document.createElement("label");
    l.textContent = `P(${c}) `;
    const s = document.createElement("select");
    s.dataset.class = c;
    option(s, "", "(none)");
    for (const col of parsed.columns) option(s, col.name, col.name);
    s.value = ctx.probColumns?.[j] ?? "";
    s.addEventListener("change", () => {
      classChoice.probs = [...box.querySelectorAll("select[data-class]")].map((x) => x.value);
      compute();
    });
    l.append(s);
    box.append(l);
  });
}

function selection() {
  const task = $("#task").value;
  const sel = { task };
  for (const s of document.querySelectorAll("#columns select[data-role]")) sel[s.dataset.role] = s.value;
  if (task === "classification") {
    sel.probKind = $("#prob-kind")?.value ?? "probability";
    if (classChoice.posLabel !== undefined) sel.posLabel = classChoice.posLabel;
    if (classChoice.probs !== undefined) sel.probs = classChoice.probs;
  }
  return sel;
}

function compute() {
  selection_ = selection();
  showMessage("");
  hideResults();
  document.body.dataset.state = "computing";
  setStatus("Computing metrics…", 0);
  worker.postMessage({ type: "compute", selection: selection_ });
}
let selection_ = null;

/** No number, dict or plot is left on the page while the choice is being computed or is invalid. */
function hideResults() {
  $("#results").hidden = true;
  lastDicts = null;
  for (const id of ["#charts", "#cm-counts", "#cm-normalized", "#report"]) $(id).replaceChildren();
  for (const b of document.querySelectorAll(".dict table")) b.replaceChildren();
  $("#confusion").replaceChildren();
  artifactSeq++; // a reply still on its way is dropped
  artifactFiles = null;
  $("#artifacts-list").replaceChildren();
  $("#artifacts-zip").disabled = true;
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

const fmt = (v) => (Number.isInteger(v) ? v.toLocaleString() : Number.isFinite(v) ? v.toPrecision(4).replace(/\.?0+$/, "") : String(v));

function renderThreshold(r) {
  $("#threshold-value").textContent = Number(r.t.toPrecision(6)).toString();
  const [[tn, fp], [fn, tp]] = r.matrix;
  const max = Math.max(tn, fp, fn, tp, 1);
  const cell = (v, name) =>
    `<td data-cell="${name}" data-value="${v}" class="${v / max > 0.55 ? "dark" : ""}" style="--heat:${(v / max).toFixed(3)}"><b>${fmt(v)}</b><small>${name.toUpperCase()}</small></td>`;
  const [neg, pos] = lastResult.labels.map(escapeHtml);
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

function escapeHtml(t) {
  return String(t).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
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

/** A k × k matrix as a heat-map table; each cell carries its exact value. */
function matrixTable(table, classes, m, normalized) {
  const max = Math.max(1e-300, ...m.flat());
  const head = `<tr><th></th>${classes.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const rows = m
    .map(
      (row, i) =>
        `<tr><th>${escapeHtml(classes[i])}</th>${row
          .map((v) => {
            const h = v / max;
            const text = normalized ? v.toFixed(3) : fmt(v);
            return `<td data-value="${v}" class="${h > 0.55 ? "dark" : ""}" style="--heat:${h.toFixed(3)}">${text}</td>`;
          })
          .join("")}</tr>`,
    )
    .join("");
  table.innerHTML = head + rows;
}

/** classificationReport's dict as a table: one row per class, then accuracy and the averages. */
function reportTable(report, classes) {
  const t = $("#report");
  const cols = ["precision", "recall", "f1-score", "support"];
  let html = `<tr><th></th>${cols.map((c) => `<th>${c}</th>`).join("")}</tr>`;
  const keys = [...classes, ...Object.keys(report).filter((k) => !classes.includes(k))];
  for (const k of keys) {
    const row = report[k];
    if (row === undefined) continue;
    if (typeof row === "number") {
      html += `<tr data-row="${escapeHtml(k)}"><td>${escapeHtml(k)}</td><td></td><td></td><td data-col="f1-score" data-value="${row}">${row.toFixed(4)}</td><td></td></tr>`;
      continue;
    }
    html += `<tr data-row="${escapeHtml(k)}"><td>${escapeHtml(k)}</td>${cols
      .map((c) => `<td data-col="${c}" data-value="${row[c]}">${c === "support" ? fmt(row[c]) : row[c].toFixed(4)}</td>`)
      .join("")}</tr>`;
  }
  t.innerHTML = html;
}

let lastResult = null;

function renderResult(r) {
  lastResult = r;
  lastDicts = r.dicts;
  renderDict("compact", r.dicts.compact);
  renderDict("mlflow", r.dicts.mlflow, r.notes?.find((n) => n.includes("preset")) ?? "");
  const notes = (r.notes ?? []).filter((n) => !n.includes("'mlflow' preset"));
  if (r.weighted) notes.push(`Weighted by "${selection_.weight}".`);
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
    $("#pos-label-text").textContent = String(r.posLabel);
    requestThreshold(Number(s.value));
  }
  const multi = r.mode === "multiclass";
  $("#multiclass-panel").hidden = !multi;
  if (multi) {
    matrixTable($("#cm-counts"), r.classes, r.matrix, false);
    matrixTable($("#cm-normalized"), r.classes, r.normalized, true);
  }
  $("#report-panel").hidden = !r.report;
  if (r.report) reportTable(r.report, r.classes);
  if (r.charts.roc) rocChart(charts, r.charts.roc);
  if (r.charts.pr) prChart(charts, r.charts.pr);
  if (r.charts.ovrRoc) ovrChart(charts, "chart-roc-ovr", "ROC curves, one vs rest", r.charts.ovrRoc, "roc");
  if (r.charts.ovrPr) ovrChart(charts, "chart-pr-ovr", "Precision-recall curves, one vs rest", r.charts.ovrPr, "pr");
  if (r.charts.scores) histogramChart(charts, "chart-scores", "Score histogram", r.charts.scores, selection_.yProb || selection_.scores);
  if (r.charts.scatter) scatterChart(charts, r.charts.scatter);
  if (r.charts.residuals) histogramChart(charts, "chart-residuals", "Residuals (true − predicted)", r.charts.residuals, "residual");
  setStatus(`${parsed.rows.toLocaleString()} rows · ${parsed.name} · computed in ${r.ms.toFixed(0)} ms`);
  requestArtifacts();
  document.body.dataset.state = "ready";
}

// --- artifacts: SVG from the worker, PNG drawn here, a zip of all -----------
let artifactSeq = 0;
/** name → { data, width, height } of the artifacts on show */
let artifactFiles = null;

function requestArtifacts() {
  artifactFiles = null;
  $("#artifacts-list").replaceChildren();
  $("#artifacts-zip").disabled = true;
  $("#artifacts-status").textContent = "Drawing the artifacts…";
  $("#artifacts-panel").dataset.state = "drawing";
  worker.postMessage({ type: "artifacts", seq: ++artifactSeq });
}

function download(name, blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** An SVG figure as PNG (white background, `scale` × its size), drawn on a canvas. */
async function svgToPng(svg, width, height, scale = 2) {
  const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function renderArtifacts(m) {
  if (m.seq !== artifactSeq) return; // a later selection is being drawn
  const list = $("#artifacts-list");
  list.replaceChildren();
  artifactFiles = m.files;
  const panel = $("#artifacts-panel");
  if (!m.files) {
    $("#artifacts-status").textContent = "";
    panel.dataset.state = "none";
    return;
  }
  for (const [name, f] of Object.entries(m.files)) {
    const li = document.createElement("li");
    li.dataset.name = name;
    const svg = name.endsWith(".svg");
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.download = name;
    b.textContent = svg ? "SVG" : "CSV";
    b.addEventListener("click", () => download(name, new Blob([f.data], { type: svg ? "image/svg+xml" : "text/csv" })));
    li.append(`${name.replace(/\.(svg|csv)$/, "")} `, b);
    if (svg) {
      const p = document.createElement("button");
      p.type = "button";
      p.dataset.download = name.replace(/\.svg$/, ".png");
      p.textContent = "PNG";
      p.addEventListener("click", async () => download(p.dataset.download, await svgToPng(f.data, f.width, f.height)));
      li.append(" ", p);
    }
    list.append(li);
  }
  $("#artifacts-zip").disabled = false;
  $("#artifacts-status").textContent = `${Object.keys(m.files).length} files, drawn in ${m.ms.toFixed(0)} ms`;
  panel.dataset.state = "ready";
}

$("#artifacts-zip").addEventListener("click", async () => {
  if (!artifactFiles) return;
  const entries = {};
  for (const [name, f] of Object.entries(artifactFiles)) {
    entries[name] = strToU8(f.data);
    if (name.endsWith(".svg")) entries[name.replace(/\.svg$/, ".png")] = new Uint8Array(await (await svgToPng(f.data, f.width, f.height)).arrayBuffer());
  }
  download(`${(parsed?.name ?? "predictions").replace(/\.[^.]*$/, "")}-artifacts.zip`, new Blob([zipSync(entries)], { type: "application/zip" }));
});

worker.onmessage = (e) => {
  const m = e.data;
  if (m.type === "progress") {
    setStatus(m.phase === "parsing" ? `Parsing… ${Math.round(m.fraction * 100)}%` : "Computing metrics…", m.fraction);
  } else if (m.type === "parsed") {
    parsed = m;
    $("#setup").hidden = false;
    $("#task").value = m.guess.task ?? "classification";
    renderColumns();
    compute();
  } else if (m.type === "result") {
    if (m.task === "classification") renderClassColumns(m);
    else renderClassColumns(null);
    renderResult(m);
  } else if (m.type === "artifacts") {
    renderArtifacts(m);
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
    thresholdQueued = null;
    if (m.context !== undefined) renderClassColumns(m.context);
    hideResults();
    showMessage(m.message);
  }
};
