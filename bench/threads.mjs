// `node bench/threads.mjs`: one thread vs `init({ threads: 2 })` for
// rocAucScore and scoreDistribution (Float64Array input; the data of
// bench/streamed-auc.mjs: 30 % positives, sqrt(u) vs u^2). Each repetition
// times the one-thread path and the threaded path of the same shared-memory
// instance back to back (the size threshold switched between them), checks
// that the results are bit-identical, and the default (non-shared) build is
// timed in a child process. Prints median and range per size, and the load.
// Env: BENCH_N (comma list, default 1e6,1e7), BENCH_REPS (7), BENCH_THREADS (2).
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { transpileSrc } from "../scripts/load-src.mjs";

const sizes = (process.env.BENCH_N ?? "1e6,1e7").split(",").map(Number);
const reps = Number(process.env.BENCH_REPS ?? 7);
const threads = Number(process.env.BENCH_THREADS ?? 2);
const child = process.argv[2] === "--default";

const url = transpileSrc();
const m = await import(url);
const th = await import(url.replace(/index\.js$/, "wasm/threads.js"));
await m.init(child ? {} : { threads });

function data(n) {
  let s = 0x9e3779b9 | 0;
  const u = () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const y = new Float64Array(n), sc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = u() < 0.3 ? 1 : 0;
    y[i] = t;
    sc[i] = t ? Math.sqrt(u()) : u() * u();
  }
  return { y, sc };
}
const CALLS = {
  rocAucScore: (d) => m.rocAucScore(d.y, d.sc),
  scoreDistribution: (d) => m.scoreDistribution(d.sc),
};
const key = (v) => JSON.stringify(v, (_, x) => (Object.is(x, -0) ? "-0" : x));
const time = (f) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};
const stats = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return { med: s[s.length >> 1], lo: s[0], hi: s[s.length - 1] };
};
const fmt = (s) => `${s.med.toFixed(0)} ms [${s.lo.toFixed(0)}–${s.hi.toFixed(0)}]`;

const results = {};
for (const n of sizes) {
  const d = data(n);
  for (const [name, f] of Object.entries(CALLS)) {
    const one = [], two = [];
    let identical = true;
    f(d); // warm-up
    for (let r = 0; r < reps; r++) {
      th.threadSettings.min = Infinity;
      const [t1, r1] = time(() => f(d));
      th.threadSettings.min = th.THREAD_MIN;
      const [t2, r2] = child ? [t1, r1] : time(() => f(d));
      one.push(t1); two.push(t2);
      identical &&= key(r1) === key(r2);
    }
    results[`${name} ${n}`] = { one: stats(one), two: stats(two), identical, value: key(f(d)).slice(0, 60) };
  }
}
if (child) {
  process.stdout.write(JSON.stringify(results));
} else {
  const ref = JSON.parse(spawnSync(process.execPath, [new URL(import.meta.url).pathname, "--default"], { encoding: "utf8", env: process.env }).stdout);
  console.log(`threads: ${m.threadCount()} (of ${threads} asked), reps ${reps}, load ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  for (const [k, r] of Object.entries(results)) {
    const dflt = ref[k];
    console.log(
      `${k.padEnd(28)} default build ${fmt(dflt.one)} | shared, 1 thread ${fmt(r.one)} | ${threads} threads ${fmt(r.two)} | ` +
        `speedup ${(r.one.med / r.two.med).toFixed(2)}× (vs default build ${(dflt.one.med / r.two.med).toFixed(2)}×) | ` +
        `bit-identical ${r.identical && dflt.value === r.value}`,
    );
  }
  await m.closeThreads();
}
