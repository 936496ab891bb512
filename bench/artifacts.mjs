// `npm run bench:artifacts`: what drawing the artifacts costs beyond the metrics, for a 10⁶-row binary
// evaluation with probabilities (preset 'mlflow'): evaluate() (metrics + five SVG figures) minus
// classificationMetrics() alone, on the same arrays, in one process. Wall time and this process's CPU
// time (user + system; on a shared machine the other jobs inflate wall time, not CPU time). Also the
// SVG sizes and, with BENCH_PNG=1, the PNG variant. Medians and ranges of BENCH_REPS (7) runs.
import os from "node:os";
import * as mlm from "../dist/index.js";
import { evaluate } from "../dist/figures/index.js";

const N = Number(process.env.BENCH_N ?? 1e6);
const REPS = Number(process.env.BENCH_REPS ?? 7);
await mlm.init();
let s = 9;
const u = () => (s = (s * 16807) % 2147483647) / 2147483647;
const yTrue = Float64Array.from({ length: N }, () => (u() < 0.3 ? 1 : 0));
const yProb = Float64Array.from(yTrue, (v) => Math.min(1, Math.max(0, 0.35 * v + 0.65 * u())));
const yPred = Float64Array.from(yProb, (p) => (p >= 0.5 ? 1 : 0));
const d = { yTrue, yPred, yProb };
const cpuMs = (c) => (c.user + c.system) / 1000;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const range = (a) => `${Math.min(...a).toFixed(0)}–${Math.max(...a).toFixed(0)}`;

for (const format of process.env.BENCH_PNG === "1" ? ["svg", "png"] : ["svg"]) {
  for (let k = 0; k < 2; k++) await evaluate("classification", d, { preset: "mlflow", format }); // warm-up
  const wall = [], cpu = [], metricsWall = [];
  let sizes;
  for (let r = 0; r < REPS; r++) {
    const c0 = process.cpuUsage(), t0 = performance.now();
    mlm.classificationMetrics(d, { preset: "mlflow" });
    const c1 = process.cpuUsage(), t1 = performance.now();
    const ev = await evaluate("classification", d, { preset: "mlflow", format });
    const c2 = process.cpuUsage(), t2 = performance.now();
    metricsWall.push(t1 - t0);
    wall.push(t2 - t1 - (t1 - t0));
    cpu.push(cpuMs(c2) - cpuMs(c1) - (cpuMs(c1) - cpuMs(c0)));
    sizes = Object.entries(ev.artifacts).map(([n, a]) => `${n} ${(a.data.length / 1024).toFixed(0)} KiB`);
  }
  console.log(
    `n = ${N}, ${format}, ${os.cpus().length} × ${os.cpus()[0].model}, load ${os.loadavg()[0].toFixed(2)}: ` +
      `metrics ${median(metricsWall).toFixed(0)} ms; artifacts beyond the metrics: wall ${median(wall).toFixed(0)} ms (${range(wall)}), ` +
      `CPU ${median(cpu).toFixed(0)} ms (${range(cpu)})`,
  );
  console.log(`  ${sizes.join(", ")}`);
}
