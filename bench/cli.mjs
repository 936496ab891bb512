// `npm run bench:cli`: the command end to end, file to dict, against pandas + scikit-learn on the
// same files (bench/cli_sklearn.py through .venv-bench, scripts/bench-env.sh), in one run:
//   - 10⁷ rows (BENCH_N), regression (y_true, y_pred) and binary classification with probabilities
//     (label, predicted, prob), as CSV and Parquet; `mlmetrics eval` with --threads 1 and 2;
//   - a 1,000-row file: wall time including Node's start-up;
//   - BENCH_BIG=1: a 10⁸-row classification CSV (several GB, generated once) with --auc-bins 10000,
//     and exact; peak RSS by /usr/bin/time.
// Our times are wall times of the whole process (Node start-up included); pandas + scikit-learn are
// timed in-process (Python's start-up excluded). Medians of BENCH_REPS (3) runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, writeSync, closeSync, statSync } from "node:fs";
import os from "node:os";
import { fileURLToPath } from "node:url";
import { loadData } from "./data.mjs";

const N = Number(process.env.BENCH_N ?? 1e7);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIR = `${ROOT}bench/data/cli-${N}/`;
const BIN = `${ROOT}bin/mlmetrics.js`;
const PY = `${ROOT}.venv-bench/bin/python`;
mkdirSync(DIR, { recursive: true });

/** Writes columns as CSV (numbers with String(x): shortest round-trip), in chunks. */
function writeCsv(path, cols, n) {
  if (existsSync(path)) return;
  const names = Object.keys(cols);
  const fd = openSync(`${path}.tmp`, "w");
  writeSync(fd, names.join(",") + "\n");
  for (let a = 0; a < n; a += 100000) {
    let s = "";
    for (let i = a; i < Math.min(n, a + 100000); i++) s += names.map((c) => String(cols[c](i))).join(",") + "\n";
    writeSync(fd, s);
  }
  closeSync(fd);
  spawnSync("mv", [`${path}.tmp`, path]);
}

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
}

function runCli(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`mlmetrics ${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  return { ms, out: JSON.parse(r.stdout) };
}

const d = loadData(N);
const reg = `${DIR}reg.csv`, cls = `${DIR}cls.csv`;
writeCsv(reg, { y_true: (i) => d.reg_true[i], y_pred: (i) => d.reg_pred[i] }, N);
writeCsv(cls, { label: (i) => d.cls_true[i], predicted: (i) => d.cls_pred[i], prob: (i) => d.cls_prob[i] }, N);
const haveBench = existsSync(PY) || spawnSync("bash", [`${ROOT}scripts/bench-env.sh`], { stdio: "inherit" }).status === 0;
if (!haveBench) throw new Error("no .venv-bench (bash scripts/bench-env.sh)");
for (const f of [reg, cls]) {
  const pq = f.replace(/\.csv$/, ".parquet");
  if (!existsSync(pq)) {
    const py = `import pyarrow.csv as c, pyarrow.parquet as q; q.write_table(c.read_csv(${JSON.stringify(f)}), ${JSON.stringify(pq)}, row_group_size=1 << 20)`;
    if (spawnSync(PY, ["-c", py], { stdio: "inherit" }).status !== 0) throw new Error("writing Parquet failed");
  }
}

const FILES = [
  ["regression CSV", reg, "regression"],
  ["regression Parquet", reg.replace(".csv", ".parquet"), "regression"],
  ["classification CSV", cls, "classification"],
  ["classification Parquet", cls.replace(".csv", ".parquet"), "classification"],
];
const cols = { regression: ["--y-true", "y_true", "--y-pred", "y_pred"], classification: ["--y-true", "label", "--y-pred", "predicted", "--y-prob", "prob"] };
const ours = {};
const outs = {};
for (const [name, path, task] of FILES) {
  for (const threads of [1, 2]) {
    const t = [];
    for (let r = 0; r < REPS; r++) {
      const { ms, out } = runCli(["eval", path, "--task", task, ...cols[task], "--threads", String(threads), "-q"]);
      t.push(ms);
      outs[name] = out;
    }
    ours[`${name} t${threads}`] = { median: median(t), min: Math.min(...t), max: Math.max(...t) };
    console.error(`mlmetrics ${name.padEnd(24)} --threads ${threads}: ${t.map((x) => x.toFixed(0)).join(", ")} ms`);
  }
}
const sk = JSON.parse(
  spawnSync(PY, [`${ROOT}bench/cli_sklearn.py`], { input: JSON.stringify({ files: FILES, reps: REPS }), encoding: "utf8", stdio: ["pipe", "pipe", "inherit"], maxBuffer: 1 << 26 }).stdout,
);

// a 1,000-row file, start-up included
const small = `${DIR}small.csv`;
writeCsv(small, { label: (i) => d.cls_true[i], predicted: (i) => d.cls_pred[i], prob: (i) => d.cls_prob[i] }, 1000);
const smallT = [];
for (let r = 0; r < 7; r++) smallT.push(runCli(["eval", small, "-q"]).ms);

console.log(`\n## The command end to end, n = ${N.toExponential(0)} (${os.cpus()[0].model} × ${os.cpus().length}, Node ${process.version}, pandas ${sk.versions.pandas}, scikit-learn ${sk.versions["scikit-learn"]}, ${new Date().toISOString().slice(0, 10)})\n`);
console.log("| file | size | mlmetrics --threads 1 | --threads 2 | pandas + scikit-learn | ratio (t1) | ratio (t2) | t1 / t2 |");
console.log("|---|---|---|---|---|---|---|---|");
for (const [name, path] of FILES) {
  const a = ours[`${name} t1`], b = ours[`${name} t2`], s = sk.times[name];
  console.log(`| ${name} | ${(statSync(path).size / 2 ** 20).toFixed(0)} MiB | ${a.median.toFixed(0)} ms (${a.min.toFixed(0)}–${a.max.toFixed(0)}) | ${b.median.toFixed(0)} ms (${b.min.toFixed(0)}–${b.max.toFixed(0)}) | ${s.toFixed(0)} ms | ${(s / a.median).toFixed(2)}× | ${(s / b.median).toFixed(2)}× | ${(a.median / b.median).toFixed(2)}× |`);
}
let worst = 0;
for (const [name] of FILES) for (const [k, v] of Object.entries(sk.values[name])) worst = Math.max(worst, v === outs[name][k] ? 0 : Math.abs(outs[name][k] - v) / Math.abs(v));
console.log(`\nworst relative difference to pandas + scikit-learn: ${worst.toExponential(2)}`);
console.log(`1,000-row file, wall time with Node start-up: median ${median(smallT).toFixed(0)} ms (${Math.min(...smallT).toFixed(0)}–${Math.max(...smallT).toFixed(0)})`);

if (process.env.BENCH_BIG === "1") {
  const big = `${ROOT}bench/data/cli-big/cls-1e8.csv`;
  mkdirSync(`${ROOT}bench/data/cli-big/`, { recursive: true });
  let s = 0x2545f491;
  const u = () => ((s ^= s << 13), (s ^= s >>> 17), (s ^= s << 5), (s >>> 0) / 4294967296);
  const rows = [];
  if (!existsSync(big)) {
    // label, predicted, prob for 1e8 rows from a seeded generator (never held whole)
    const fd = openSync(`${big}.tmp`, "w");
    writeSync(fd, "label,predicted,prob\n");
    for (let a = 0; a < 1e8; a += 100000) {
      let t = "";
      for (let i = 0; i < 100000; i++) {
        const y = u() < 0.3 ? 1 : 0;
        const q = u();
        t += `${y},${u() < 0.85 ? y : 1 - y},${y ? Math.sqrt(q) : q * q}\n`;
      }
      writeSync(fd, t);
    }
    closeSync(fd);
    spawnSync("mv", [`${big}.tmp`, big]);
  }
  for (const extra of [["--auc-bins", "10000"], []]) {
    const t0 = performance.now();
    const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, BIN, "eval", big, "-q", "--threads", "1", ...extra], { encoding: "utf8" });
    const kb = Number(r.stderr.trim().split("\n").pop());
    rows.push(`| 10⁸-row CSV (${(statSync(big).size / 2 ** 30).toFixed(1)} GiB) ${extra.length ? "--auc-bins 10000" : "exact AUC"} | ${(kb / 1024).toFixed(0)} MiB | ${((performance.now() - t0) / 1000).toFixed(0)} s | exit ${r.status} |`);
  }
  console.log("\n| run | peak RSS (whole process) | wall time | |\n|---|---|---|---|\n" + rows.join("\n"));
}
