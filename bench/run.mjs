// `npm run bench`: every metric family at four levels, n = 1e3 … 1e7:
//   js        hand-written JavaScript (bench/baselines.mjs)
//   api       our public API with ordinary Float64Array inputs (copy + validation included)
//   zerocopy  our public API on WasmFloat64Array handles (data already in module
//             memory: in-place validation scan + kernel, no copy)
//   copy      the copy-in limit: copying the family's inputs into module memory
//   read      the read limit: each input already in module memory read once by a
//             plain SIMD loop (readF64: four vector sums, no pairwise tree: the
//             cost of reading the data once in WebAssembly)
// `npm run bench:sklearn` (BENCH_SKLEARN=1) also runs scikit-learn/numpy on the
// same data files (bench/sklearn_bench.py) in the same run and prints ratios.
// Medians of tinybench samples; every result is consumed (sink).
// Env: BENCH_SIZES=1e3,1e6  BENCH_FAMILIES=roc_auc,f1  BENCH_TIME=ms per task.
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import { Bench } from "tinybench";
import * as mlm from "../dist/index.js";
import { core } from "../dist/wasm/core.js";
import { jsF1, jsLogLoss, jsRegression, jsRocAuc, jsScoreDistribution } from "./baselines.mjs";
import { DATA_DIR, loadData } from "./data.mjs";

await mlm.init();
const SIZES = (process.env.BENCH_SIZES ?? "1e3,1e4,1e5,1e6,1e7").split(",").map(Number);
const ONLY = process.env.BENCH_FAMILIES?.split(",");
const TIME = Number(process.env.BENCH_TIME ?? 300);
const SKLEARN = process.env.BENCH_SKLEARN === "1";

let sink = 0;
const use = (v) => {
  if (typeof v === "number") sink += v === v ? v : 1;
  else if (v && typeof v === "object") sink += Object.keys(v).length;
};

/** family → inputs used and the three callables. */
const FAMILIES = {
  regression: {
    inputs: ["reg_true", "reg_pred"],
    js: (d) => jsRegression(d.reg_true, d.reg_pred),
    api: (a, b) => mlm.regressionMetrics({ yTrue: a, yPred: b }),
  },
  roc_auc: {
    inputs: ["cls_true", "cls_prob"],
    js: (d) => jsRocAuc(d.cls_true, d.cls_prob),
    api: (a, b) => mlm.rocAucScore(a, b),
  },
  log_loss: {
    inputs: ["cls_true", "cls_prob"],
    js: (d) => jsLogLoss(d.cls_true, d.cls_prob),
    api: (a, b) => mlm.logLoss(a, b),
  },
  f1: {
    inputs: ["cls_true", "cls_pred"],
    js: (d) => jsF1(d.cls_true, d.cls_pred),
    api: (a, b) => mlm.f1Score(a, b),
  },
  distribution: {
    inputs: ["dist_scores"],
    js: (d) => jsScoreDistribution(d.dist_scores),
    api: (a) => mlm.scoreDistribution(a),
  },
  // issue 17 (no hand-written JS baseline: API vs scikit-learn only)
  zero_one_loss: { inputs: ["cls_true", "cls_pred"], api: (a, b) => mlm.zeroOneLoss(a, b) },
  hinge_loss: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.hingeLoss(a, b) },
  class_likelihood_ratios: { inputs: ["cls_true", "cls_pred"], api: (a, b) => mlm.classLikelihoodRatios(a, b) },
  // x: the probabilities sorted ascending (outside the timed region), y: the regression targets
  auc: { inputs: ["cls_prob", "reg_true"], prep: ([x, y]) => [Float64Array.from(x).sort(), y], api: (a, b) => mlm.auc(a, b) },
  d2_pinball: { inputs: ["reg_true", "reg_pred"], api: (a, b) => mlm.d2PinballScore(a, b) },
  d2_tweedie: { inputs: ["reg_true", "reg_pred"], api: (a, b) => mlm.d2TweedieScore(a, b, { power: 1.5 }) },
  d2_log_loss: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.d2LogLossScore(a, b) },
  d2_brier: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.d2BrierScore(a, b) },
  // 2-D ranking: the n values as n / 20 rows of k = 20 labels (indicator: the binary labels, scores: the probabilities)
  coverage_error: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.coverageError(a, b, { nLabels: 20 }) },
  lrap: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.labelRankingAveragePrecisionScore(a, b, { nLabels: 20 }) },
  label_ranking_loss: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.labelRankingLoss(a, b, { nLabels: 20 }) },
  dcg: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.dcgScore(a, b, { nLabels: 20 }) },
  ndcg: { inputs: ["cls_true", "cls_prob"], api: (a, b) => mlm.ndcgScore(a, b, { nLabels: 20 }) },
  // multilabel-indicator targets: n rows × k = 20 labels, column j = the n values rotated by 7919·j (built outside
  // the timed region; bench/sklearn_bench.py builds the same matrices)
  multilabel_roc_auc: { inputs: ["cls_true", "cls_prob"], prep: labels20, api: (a, b) => mlm.rocAucScore(a, b, { nLabels: 20 }) },
  multilabel_roc_auc_micro: {
    inputs: ["cls_true", "cls_prob"], prep: labels20, api: (a, b) => mlm.rocAucScore(a, b, { nLabels: 20, average: "micro" }),
  },
  multilabel_ap: { inputs: ["cls_true", "cls_prob"], prep: labels20, api: (a, b) => mlm.averagePrecisionScore(a, b, { nLabels: 20 }) },
  multilabel_ap_micro: {
    inputs: ["cls_true", "cls_prob"], prep: labels20, api: (a, b) => mlm.averagePrecisionScore(a, b, { nLabels: 20, average: "micro" }),
  },
};

/** n × 20 row-major matrices from two length-n arrays: M[i, j] = x[(i + 7919·j) mod n]. */
function labels20(xs) {
  return xs.map((x) => {
    const n = x.length;
    const out = new Float64Array(n * 20);
    for (let i = 0; i < n; i++) for (let j = 0; j < 20; j++) out[i * 20 + j] = x[(i + 7919 * j) % n];
    return out;
  });
}

const results = [];
for (const n of SIZES) {
  const d = loadData(n);
  for (const [fam, F] of Object.entries(FAMILIES)) {
    if (ONLY && !ONLY.includes(fam)) continue;
    const big = n >= 1e6;
    const bench = new Bench({
      time: n >= 1e7 ? 0 : TIME,
      iterations: n >= 1e7 ? 5 : big ? 10 : 20,
      warmupTime: n >= 1e7 ? 0 : 100,
      warmupIterations: big ? 2 : 10,
      throws: true,
    });
    const raw = F.inputs.map((k) => d[k]);
    const args = F.prep ? F.prep(raw) : raw;
    // zero-copy inputs: handles filled once, outside the timed region
    const handles = args.map((x) => {
      const h = mlm.allocFloat64(x.length);
      h.array.set(x);
      return h;
    });
    if (F.js) bench.add("js", () => use(F.js(d)));
    bench.add("api", () => use(F.api(...args)));
    bench.add("zerocopy", () => use(F.api(...handles)));
    bench.add("copy", () => {
      for (let i = 0; i < handles.length; i++) handles[i].array.set(args[i]);
      use(handles[0].array[handles[0].length - 1]);
    });
    const k = core();
    bench.add("read", () => {
      let t = 0;
      for (const h of handles) t += k.readF64(h.ptr, h.length);
      use(t);
    });
    await bench.run();
    const row = { family: fam, n };
    for (const t of bench.tasks) row[t.name] = t.result.latency.p50;
    for (let i = handles.length - 1; i >= 0; i--) handles[i].free();
    results.push(row);
    console.error(
      `${fam.padEnd(12)} n=${String(n).padEnd(9)} js ${fmt(row.js)}  api ${fmt(row.api)}  zero-copy ${fmt(row.zerocopy)}  copy ${fmt(row.copy)}  read ${fmt(row.read)} ms`,
    );
  }
}

if (SKLEARN) {
  const py = new URL("../.venv/bin/python", import.meta.url).pathname;
  const r = spawnSync(py, [new URL("./sklearn_bench.py", import.meta.url).pathname], {
    input: JSON.stringify({ sizes: SIZES, families: [...new Set(results.map((r) => r.family))] }),
    encoding: "utf8",
    // OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some machines for old
    // OpenBLAS builds) slow a current numpy: unset both for this run only.
    env: Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k !== "OPENBLAS_CORETYPE" && k !== "OPENBLAS_L2_SIZE"),
    ),
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error("sklearn_bench.py failed");
  }
  const sk = JSON.parse(r.stdout);
  for (const row of results) row.sklearn = sk.times[`${row.family}:${row.n}`];
  var versions = sk.versions;
}

function fmt(ms) {
  return ms === undefined ? "–" : ms < 0.1 ? ms.toFixed(4) : ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}
function ratio(a, b) {
  if (a === undefined || b === undefined) return "–";
  const r = a / b;
  return `${r.toFixed(r < 10 ? 2 : 1)}×`;
}

const cpus = os.cpus();
const meta = {
  date: new Date().toISOString(),
  machine: `${cpus[0]?.model ?? "?"} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
  node: process.version,
  wasmBuild: mlm.wasmBuild(),
  loadavg: os.loadavg().map((x) => x.toFixed(2)).join(" "),
  ...(versions ?? {}),
};
const lines = [];
lines.push(`| family | n | hand-written JS | API (copy incl.) | zero-copy | copy-in limit | read limit | zero-copy / read |${SKLEARN ? " scikit-learn/numpy | API vs sklearn |" : ""} API vs JS |`);
lines.push(`|---|---|---|---|---|---|---|---|${SKLEARN ? "---|---|" : ""}---|`);
for (const r of results) {
  lines.push(
    `| ${r.family} | ${r.n.toExponential(0).replace("+", "")} | ${fmt(r.js)} | ${fmt(r.api)} | ${fmt(r.zerocopy)} | ${fmt(r.copy)} | ${fmt(r.read)} | ${ratio(r.zerocopy, r.read)} |` +
      (SKLEARN ? ` ${fmt(r.sklearn)} | ${ratio(r.sklearn, r.api)} |` : "") +
      ` ${ratio(r.js, r.api)} |`,
  );
}
console.log(Object.entries(meta).map(([k, v]) => `${k}: ${v}`).join("\n"));
console.log("times: medians in ms; ratios > 1× mean the API is faster\n");
console.log(lines.join("\n"));
console.log(`\n(sink ${sink.toPrecision(3)})`);
mkdirSync(DATA_DIR, { recursive: true });
writeFileSync(new URL("./results.json", DATA_DIR), JSON.stringify({ meta, results }, null, 1));
