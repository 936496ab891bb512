// uPlot charts of the preview: ROC, precision-recall, score and residual
// histograms with quantile markers, predicted-vs-true scatter.
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

const BLUE = "#2563eb";
const ORANGE = "#ea580c";
const GREY = "#9ca3af";
const fmt = (v, d = 4) => (Number.isFinite(v) ? Number(v.toFixed(d)).toString() : String(v));

/** A titled card holding one chart; `data` attributes carry exact values for tests. */
function card(parent, id, title, data = {}) {
  const el = document.createElement("figure");
  el.className = "card chart";
  el.id = id;
  for (const [k, v] of Object.entries(data)) el.dataset[k] = String(v);
  const h = document.createElement("figcaption");
  h.textContent = title;
  el.append(h);
  parent.append(el);
  return el;
}

function size(el) {
  const w = Math.max(260, Math.min(560, el.clientWidth - 34)); // card padding + border
  return { width: w, height: Math.round(w * 0.62) };
}

const unitScale = { time: false, range: [0, 1] };

function line(parent, id, title, x, y, opts) {
  const el = card(parent, id, title, opts.data);
  const plot = new uPlot(
    {
      ...size(el),
      scales: { x: unitScale, y: unitScale },
      axes: [{ label: opts.xLabel }, { label: opts.yLabel }],
      series: [
        { label: opts.xLabel, value: (u, v) => fmt(v) },
        { label: opts.label, stroke: BLUE, width: 2, fill: "rgba(37,99,235,0.08)", paths: opts.paths, value: (u, v) => fmt(v) },
        { label: opts.baselineLabel, stroke: GREY, dash: [6, 6], width: 1, points: { show: false }, value: () => "" },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
    },
    [x, y, opts.baseline],
    el,
  );
  return plot;
}

/** ROC curve with the chance diagonal; AUC in the legend. */
export function rocChart(parent, roc) {
  return line(parent, "chart-roc", "ROC curve", roc.fpr, roc.tpr, {
    xLabel: "false positive rate",
    yLabel: "true positive rate",
    label: `ROC (AUC = ${fmt(roc.auc)})`,
    baselineLabel: "chance",
    baseline: roc.fpr,
    data: { auc: roc.auc },
  });
}

/** Precision-recall curve (step-wise, as average precision integrates it); AP in the legend. */
export function prChart(parent, pr) {
  return line(parent, "chart-pr", "Precision-recall curve", pr.recall, pr.precision, {
    xLabel: "recall",
    yLabel: "precision",
    label: `PR (AP = ${fmt(pr.ap)})`,
    baselineLabel: `prevalence ${fmt(pr.prevalence, 3)}`,
    baseline: pr.recall.map(() => pr.prevalence),
    paths: uPlot.paths.stepped({ align: -1 }),
    data: { ap: pr.ap },
  });
}

/** Histogram bars (from `scoreDistribution`) with the quantiles drawn as dashed lines. */
export function histogramChart(parent, id, title, d, xLabel) {
  const { counts, edges } = d.histogram;
  const centers = counts.map((_, i) => (edges[i] + edges[i + 1]) / 2);
  const el = card(parent, id, title, { min: d.min, max: d.max, mean: d.mean, std: d.std });
  const qs = d.quantileProbs.map((p, i) => ({ p, v: d.quantiles[i] }));
  const drawQuantiles = (u) => {
    const { ctx, bbox } = u;
    ctx.save();
    ctx.strokeStyle = ORANGE;
    ctx.fillStyle = ORANGE;
    ctx.lineWidth = devicePixelRatio;
    ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
    qs.forEach(({ p, v }, i) => {
      const x = u.valToPos(v, "x", true);
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      ctx.fillText(`q${Math.round(p * 100)}`, x + 3 * devicePixelRatio, bbox.top + (12 + 12 * (i % 2)) * devicePixelRatio);
    });
    ctx.restore();
  };
  const width = edges.length > 1 ? edges[1] - edges[0] : 1;
  new uPlot(
    {
      ...size(el),
      scales: {
        x: { time: false, range: [edges[0] - width / 2, edges[edges.length - 1] + width / 2] },
        y: { range: (u, lo, hi) => [0, Math.max(1, hi) * 1.08] },
      },
      axes: [{ label: xLabel }, { label: "count" }],
      series: [
        { label: xLabel, value: (u, v) => fmt(v) },
        { label: "count", stroke: BLUE, fill: "rgba(37,99,235,0.35)", paths: uPlot.paths.bars({ size: [0.95, Infinity] }), points: { show: false } },
      ],
      hooks: { draw: [drawQuantiles] },
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
    },
    [centers, counts],
    el,
  );
  const list = document.createElement("p");
  list.className = "quantiles";
  list.innerHTML = qs
    .map(({ p, v }) => `<span data-q="${p}" data-value="${v}">q${Math.round(p * 100)} = ${fmt(v)}</span>`)
    .join(" · ") + ` · mean = ${fmt(d.mean)} · std = ${fmt(d.std)}`;
  el.append(list);
}

/** Predicted vs true (a deterministic sample of at most 4000 points) with the y = x line. */
export function scatterChart(parent, s) {
  const el = card(parent, "chart-scatter", `Predicted vs true (${s.shown.toLocaleString()} of ${s.n.toLocaleString()} points)`, {
    shown: s.shown,
    n: s.n,
  });
  const lo = Math.min(s.x[0], Math.min(...s.y));
  const hi = Math.max(s.x[s.x.length - 1], Math.max(...s.y));
  new uPlot(
    {
      ...size(el),
      scales: { x: { time: false, range: [lo, hi] }, y: { range: [lo, hi] } },
      axes: [{ label: "true value" }, { label: "predicted" }],
      series: [
        { label: "true", value: (u, v) => fmt(v) },
        { label: "predicted", stroke: BLUE, fill: "rgba(37,99,235,0.5)", paths: () => null, points: { show: true, size: 4, width: 0 }, value: (u, v) => fmt(v) },
        { label: "y = x", stroke: GREY, dash: [6, 6], width: 1, points: { show: false }, value: () => "" },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { live: false },
    },
    [s.x, s.y, s.x],
    el,
  );
}

const PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#9333ea", "#dc2626", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"];

/**
 * One-vs-rest curves of a multiclass file, one line per class (uPlot's
 * faceted mode: each class has its own x values). `kind` "roc": x = FPR,
 * y = TPR, with AUC per class; "pr": x = recall, y = precision (step-wise),
 * with AP per class. The per-class values are listed under the chart with
 * their exact values in data attributes.
 */
export function ovrChart(parent, id, title, curves, kind) {
  const roc = kind === "roc";
  const el = card(parent, id, title);
  const facets = [
    { scale: "x", auto: false },
    { scale: "y", auto: false },
  ];
  const series = [{}].concat(
    curves.map((c, i) => ({
      label: `${c.cls} (${roc ? "AUC" : "AP"} = ${fmt(roc ? c.auc : c.ap)})`,
      stroke: PALETTE[i % PALETTE.length],
      width: 2,
      facets,
      paths: roc ? uPlot.paths.linear() : uPlot.paths.stepped({ align: -1 }),
      points: { show: false },
    })),
  );
  const data = [null].concat(curves.map((c) => [c.x, c.y]));
  if (roc) {
    series.push({ label: "chance", stroke: GREY, dash: [6, 6], width: 1, facets, paths: uPlot.paths.linear(), points: { show: false } });
    data.push([[0, 1], [0, 1]]);
  }
  new uPlot(
    {
      ...size(el),
      mode: 2,
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: roc ? "false positive rate" : "recall" }, { label: roc ? "true positive rate" : "precision" }],
      series,
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      legend: { live: false },
    },
    data,
    el,
  );
  const list = document.createElement("p");
  list.className = "quantiles";
  const key = roc ? "auc" : "ap";
  list.innerHTML = curves
    .map((c) => `<span data-class="${String(c.cls).replace(/"/g, "&quot;")}" data-${key}="${c[key]}">${String(c.cls).replace(/</g, "&lt;")}: ${roc ? "AUC" : "AP"} = ${fmt(c[key])}</span>`)
    .join(" · ");
  el.append(list);
}
