// One measured read (bench/readers.mjs runs each in its own process, for a clean peak RSS):
//   node bench/readers-run.mjs <readers index.js URL> <file> <columns,…> <mode> [threads]
// Prints JSON: rows, seconds, rows/s, peak RSS (MiB, sampled every batch and at the end).
import { Worker } from "node:worker_threads";

const [url, file, cols, mode, threadsArg] = process.argv.slice(2);
const columns = cols.split(",");
const types = Object.fromEntries(columns.map((c) => [c, mode]));
const threads = Number(threadsArg ?? 1);
const { openTable, splitTable } = await import(url);
let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const t0 = performance.now();
let rows = 0;
let check = 0;
if (threads <= 1) {
  const r = await openTable(file);
  for await (const b of r.batches({ columns, types, batchRows: 65536 })) {
    rows += b.n;
    const c = b.columns[columns[0]];
    if (c.kind === "number") check += c.values[0];
    sample();
  }
  await r.close();
} else {
  const splits = await splitTable(file, threads);
  const code = `
    const { parentPort, workerData } = require("node:worker_threads");
    (async () => {
      const { openSplit } = await import(workerData.url);
      const r = await openSplit(workerData.split);
      let rows = 0, check = 0;
      for await (const b of r.batches({ columns: workerData.columns, types: workerData.types, batchRows: 65536 })) {
        rows += b.n; const c = b.columns[workerData.columns[0]]; if (c.kind === "number") check += c.values[0];
      }
      await r.close();
      parentPort.postMessage({ rows, check });
    })().catch((e) => parentPort.postMessage({ error: e.message }));`;
  const timer = setInterval(sample, 20);
  const results = await Promise.all(
    splits.map(
      (split) =>
        new Promise((res, rej) => {
          const w = new Worker(code, { eval: true, workerData: { url, split, columns, types } });
          w.once("message", (m) => (m.error ? rej(new Error(m.error)) : res(m)));
          w.once("error", rej);
        }),
    ),
  );
  clearInterval(timer);
  for (const r of results) {
    rows += r.rows;
    check += r.check;
  }
}
sample();
const sec = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ rows, sec, rowsPerSec: rows / sec, peakMiB: peak / 2 ** 20, check }));
