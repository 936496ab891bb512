// `node bench/threads-probe.mjs`: how much two worker threads can gain on this machine, for two
// kinds of work: streaming through 32 MB of memory (memory-bound, like decoding and copying
// columns) and a register-only loop (compute-bound). Explains the --threads 2 figures of
// bench/cli.mjs: a 2-vCPU VM can have two cores but not twice the memory bandwidth.
import { Worker, isMainThread, workerData } from "node:worker_threads";

const JOBS = {
  memory: () => {
    let x = 0;
    const a = new Float64Array(1 << 22);
    for (let r = 0; r < 40; r++) for (let i = 0; i < a.length; i++) { a[i] = a[i] * 0.5 + i; x += a[i]; }
    return x;
  },
  compute: () => {
    let x = 0;
    for (let i = 0; i < 1e8; i++) x = (x * 1.0000001 + i) % 1e9;
    return x;
  },
};

if (isMainThread) {
  for (const kind of Object.keys(JOBS)) {
    let t = performance.now();
    JOBS[kind]();
    const one = performance.now() - t;
    t = performance.now();
    await Promise.all([0, 1].map(() => new Promise((res) => new Worker(new URL(import.meta.url), { workerData: kind }).on("exit", res))));
    const two = performance.now() - t;
    console.log(`${kind}-bound: one job ${one.toFixed(0)} ms, two jobs on two threads ${two.toFixed(0)} ms: ${((2 * one) / two).toFixed(2)}× the throughput`);
  }
} else JOBS[workerData]();
