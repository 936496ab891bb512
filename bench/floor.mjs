// `npm run bench:floor`: where the zero-copy regressionMetrics time comes
// from, at n = 1e6 (BENCH_SIZES to change), on the regression data of the main
// benchmark, with the data already in module memory (no copy):
//   read2      yTrue and yPred each read once by a plain SIMD loop (readF64, the
//              read limit of the main benchmark: "reading both arrays once")
//   read1      the same over yTrue alone (what R²'s deviation pass must read again)
//   sum2       one numpy-order pairwise sum over each array (sumF64: np.sum's
//              bits; slower than a plain read by the tree and its leaves)
//   mape       the MAPE kernel alone: |e| / max(|y|, eps) summed (the correctly
//              rounded f64 division sets its pace; bit-identical MAPE needs it;
//              about 4.6 cycles per f64x2.div on Zen 4)
//   dict       the compact-dict kernel: sy, se2, sae, sape in one pass (walked
//              one lane pair at a time so that its 4 accumulators stay in
//              registers), then sum (y - ybar)^2 (ybar is only known after
//              the first pass)
//   zerocopy   the public regressionMetrics on the same handles
// The floor of any bit-identical compact-dict kernel is about mape + read1: the
// divisions cannot start earlier and the deviation pass cannot start before
// ybar is known. Tinybench medians; results are consumed.
import { Bench } from "tinybench";
import * as mlm from "../dist/index.js";
import { core } from "../dist/wasm/core.js";
import { loadData } from "./data.mjs";

await mlm.init();
const k = core();
const SIZES = (process.env.BENCH_SIZES ?? "1e6").split(",").map(Number);
// This machine's memory bandwidth drifts from minute to minute (a shared
// host): the tasks are therefore timed in ROUNDS short rounds, each a tinybench
// run of all five, and every ratio is formed within its round (same minute)
// before taking the median over rounds.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const NAMES = ["read2", "read1", "sum2", "mape", "dict", "zerocopy"];
let sink = 0;
const med = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
for (const n of SIZES) {
  const d = loadData(n);
  const yt = mlm.allocFloat64(n);
  const yp = mlm.allocFloat64(n);
  yt.array.set(d.reg_true);
  yp.array.set(d.reg_pred);
  const out = mlm.allocFloat64(16);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const bench = new Bench({ time: 150, iterations: 10, warmupTime: 50, warmupIterations: 5, throws: true });
    bench.add("read2", () => { sink += k.readF64(yt.ptr, n) + k.readF64(yp.ptr, n); });
    bench.add("read1", () => { sink += k.readF64(yt.ptr, n); });
    bench.add("sum2", () => { sink += k.sumF64(yt.ptr, n) + k.sumF64(yp.ptr, n); });
    bench.add("mape", () => { k.regressionStatsMode(yt.ptr, yp.ptr, n, 3, out.ptr); sink += out.array[5]; });
    bench.add("dict", () => { k.regressionStatsMode(yt.ptr, yp.ptr, n, 5, out.ptr); sink += out.array[7]; });
    bench.add("zerocopy", () => { sink += mlm.regressionMetrics({ yTrue: yt, yPred: yp }).mape; });
    await bench.run();
    rounds.push(Object.fromEntries(bench.tasks.map((x) => [x.name, x.result.latency.p50])));
  }
  const ms = (x) => med(rounds.map((t) => t[x]));
  const rel = (x) => rounds.map((t) => t[x] / t.read2);
  const fmtR = (v) => `${med(v).toFixed(2)}× (${Math.min(...v).toFixed(2)}–${Math.max(...v).toFixed(2)})`;
  console.log(`n = ${n}: ${ROUNDS} rounds; median ms, and the median (range) over rounds of each round's multiple of read2`);
  for (const x of NAMES) console.log(`  ${x.padEnd(9)} ${ms(x).toFixed(3).padStart(8)}  ${fmtR(rel(x))}`);
  const fl = rounds.map((t) => (t.mape + t.read1) / t.read2);
  console.log(`  floor ≈ mape + read1: ${fmtR(fl)} read2`);
  for (const h of [out, yp, yt]) h.free();
}
console.log(`(sink ${sink.toExponential(2)})`);
