// `npm run bench:evaluators:rss`: peak resident memory of the evaluators fed
// n rows (default 1e8) in batches of 1e5, each case in its own Node process.
// The rows are generated batch by batch (never held whole), so the peak above
// the process's baseline (measured after init, before the first batch) is the
// evaluator's own memory: its state, the compute step, and one batch.
// Env: BENCH_N (1e8), BENCH_BATCH (1e5), BENCH_CASES (comma list of case names).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CASES = {
  regression: ["regression", {}],
  anomaly: ["anomaly", {}],
  "classification-bins": ["classification", { auc: { bins: 10000 } }],
  "classification-exact": ["classification", {}],
  "classification-exact-mlflow": ["classification", { preset: "mlflow" }],
  "distribution-sketch": ["distribution", { quantiles: { relativeError: 0.01 } }],
};

if (process.argv[2] === "--child") {
  const mlm = await import("../dist/index.js");
  await mlm.init();
  const [, , , name, nStr, bStr] = process.argv;
  const [task, options] = CASES[name];
  const N = Number(nStr), B = Number(bStr);
  let s = 0x9e3779b9 | 0;
  const u = () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const yt = new Float64Array(B), yp = new Float64Array(B), pr = new Float64Array(B);
  const batch = (m) => {
    for (let i = 0; i < m; i++) {
      const t = u() < 0.3 ? 1 : 0;
      const q = u();
      if (task === "regression") { yt[i] = 50 + 10 * u(); yp[i] = yt[i] + u() - 0.5; }
      else if (task === "anomaly") { pr[i] = u() * 4 - 2; yt[i] = pr[i] < -1.5 ? -1 : 1; }
      else if (task === "distribution") pr[i] = u() * 4 - 2;
      else { yt[i] = t; yp[i] = u() < 0.85 ? t : 1 - t; pr[i] = t ? Math.sqrt(q) : q * q; }
    }
    const sub = (a) => (m === B ? a : a.subarray(0, m));
    if (task === "regression") return { yTrue: sub(yt), yPred: sub(yp) };
    if (task === "anomaly") return { predictions: sub(yt), scores: sub(pr) };
    if (task === "distribution") return { scores: sub(pr) };
    return { yTrue: sub(yt), yPred: sub(yp), yProb: sub(pr) };
  };
  globalThis.gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const t0 = performance.now();
  const ev = mlm.createEvaluator(task, options);
  for (let a = 0; a < N; a += B) {
    ev.update(batch(Math.min(B, N - a)));
    if ((a / B) % 16 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  const peakUpdate = peak;
  const tUpdate = performance.now() - t0;
  const r = ev.compute();
  // the kernel's high-water mark of the resident set (getrusage maxrss), which also covers compute
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  const tAll = performance.now() - t0;
  const tCompute = performance.now() - t0 - tUpdate;
  let state = NaN;
  try {
    state = JSON.stringify(ev).length;
  } catch {
    // beyond V8's longest string (10^8 kept rows): no JSON state size
  }
  console.log(JSON.stringify({ name, base, peak, peakUpdate, tUpdate, tCompute, tAll, state, keys: Object.keys(r).length }));
  process.exit(0);
}

const N = Number(process.env.BENCH_N ?? 1e8);
const B = Number(process.env.BENCH_BATCH ?? 1e5);
const only = process.env.BENCH_CASES?.split(",");
const here = fileURLToPath(import.meta.url);
console.log(`\n## Evaluators' peak RSS, n = ${N.toExponential(0)} in batches of ${B.toExponential(0)}\n`);
console.log("| case | peak RSS above baseline | of which before compute | update time | compute time | total time | JSON state |");
console.log("|---|---|---|---|---|---|---|");
for (const name of Object.keys(CASES)) {
  if (only && !only.includes(name)) continue;
  // /usr/bin/time's max RSS would include the baseline too; the child measures both
  const r = spawnSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", here, "--child", name, String(N), String(B)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) {
    console.log(`| ${name} | failed (exit ${r.status}${r.signal ? ", " + r.signal : ""}) | | | | | |`);
    continue;
  }
  const o = JSON.parse(r.stdout.trim().split("\n").pop());
  const mib = (x) => `${(x / 2 ** 20).toFixed(0)} MiB`;
  const st = Number.isNaN(o.state ?? NaN) ? "too long for one string" : `${(o.state / 1024).toFixed(0)} KiB`;
  console.log(`| ${name} | ${mib(o.peak - o.base)} | ${mib(o.peakUpdate - o.base)} | ${(o.tUpdate / 1e3).toFixed(1)} s | ${(o.tCompute / 1e3).toFixed(2)} s | ${(o.tAll / 1e3).toFixed(1)} s | ${st} |`);
}
