// The CLI readers' benchmark: rows/s and peak RSS per format at 10⁶ and 10⁷ rows (3 float columns;
// and + a string label column), one and two threads for CSV, against pandas.read_csv (and pyarrow's
// CSV and Parquet readers) on the same files.
//   node bench/readers.mjs                 # sizes 1e6,1e7; needs .venv-bench for the baselines
//   BENCH_SIZES=1e6 node bench/readers.mjs
// Data: bench/readers-data.mjs (text formats) and bench/readers_data.py (Parquet, Arrow), written
// once to bench/data/readers/. Results: bench/data/readers/results.json and a Markdown table.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transpileSrc } from "../scripts/load-src.mjs";
import { makeReadersData, READERS_DIR } from "./readers-data.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? "1e6,1e7").split(",").map(Number);
const url = new URL("cli/readers/index.js", transpileSrc()).href;
const py = `${ROOT}.venv-bench/bin/python`;
const hasPy = spawnSync("bash", [`${ROOT}scripts/bench-env.sh`], { stdio: "inherit" }).status === 0 && existsSync(py);

const NUM = ["y_true", "y_pred", "score"];
const LAB = [...NUM, "label"];
const results = [];
for (const n of sizes) {
  const dir = await makeReadersData(n);
  if (hasPy) execFileSync(py, [`${ROOT}bench/readers_data.py`, dir], { stdio: "inherit" });
  const runs = [
    ["csv", "num.csv", NUM, "number", 1],
    ["csv (2 threads)", "num.csv", NUM, "number", 2],
    ["csv + label", "lab.csv", LAB, "label", 1],
    ["csv + label (2 threads)", "lab.csv", LAB, "label", 2],
    ["tsv", "num.tsv", NUM, "number", 1],
    ["csv.gz", "num.csv.gz", NUM, "number", 1],
    ["jsonl", "num.jsonl", NUM, "number", 1],
    ["jsonl + label", "lab.jsonl", LAB, "label", 1],
    ["parquet (snappy)", "num.parquet", NUM, "number", 1],
    ["parquet (snappy, 2 threads)", "num.parquet", NUM, "number", 2],
    ["parquet + label", "lab.parquet", LAB, "label", 1],
    ["parquet (zstd)", "num.zstd.parquet", NUM, "number", 1],
    ["arrow file", "num.arrow", NUM, "number", 1],
    ["arrow file + label", "lab.arrow", LAB, "label", 1],
    ["arrow stream", "num.arrows", NUM, "number", 1],
  ];
  for (const [name, f, cols, mode, threads] of runs) {
    if (!existsSync(dir + f)) continue;
    const out = execFileSync(process.execPath, [`${ROOT}bench/readers-run.mjs`, url, dir + f, cols.join(","), mode, String(threads)], { encoding: "utf8" });
    const r = { n, name, ...JSON.parse(out) };
    results.push(r);
    console.log(`${n.toExponential(0)} ${name.padEnd(28)} ${r.sec.toFixed(2).padStart(6)} s ${(r.rowsPerSec / 1e6).toFixed(2).padStart(6)} M rows/s  peak RSS ${r.peakMiB.toFixed(0)} MiB`);
  }
  if (hasPy) {
    for (const [name, f, how] of [
      ["pandas.read_csv", "num.csv", "pandas"],
      ["pandas.read_csv + label", "lab.csv", "pandas"],
      ["pyarrow.csv.read_csv", "num.csv", "pyarrow-csv"],
      ["pyarrow.parquet.read_table", "num.parquet", "pyarrow-parquet"],
    ]) {
      const code = `
import sys, time, resource
path, how = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if how == "pandas":
    import pandas as pd; df = pd.read_csv(path); n = len(df)
elif how == "pyarrow-csv":
    import pyarrow.csv as c; n = c.read_csv(path).num_rows
else:
    import pyarrow.parquet as pq; n = pq.read_table(path).num_rows
dt = time.perf_counter() - t
print(n, dt, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)`;
      const [rows, sec, rss] = execFileSync(py, ["-c", code, dir + f, how], { encoding: "utf8" }).trim().split(" ").map(Number);
      const r = { n, name, rows, sec, rowsPerSec: rows / sec, peakMiB: rss };
      results.push(r);
      console.log(`${n.toExponential(0)} ${name.padEnd(28)} ${sec.toFixed(2).padStart(6)} s ${(r.rowsPerSec / 1e6).toFixed(2).padStart(6)} M rows/s  peak RSS ${rss.toFixed(0)} MiB`);
    }
  }
}
writeFileSync(new URL("results.json", READERS_DIR), JSON.stringify(results, null, 2));
console.log("\n| rows | reader | s | M rows/s | peak RSS MiB |\n|---|---|---|---|---|");
for (const r of results) console.log(`| ${r.n.toExponential(0)} | ${r.name} | ${r.sec.toFixed(2)} | ${(r.rowsPerSec / 1e6).toFixed(2)} | ${r.peakMiB.toFixed(0)} |`);
