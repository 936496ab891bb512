// `node bench/exactsum.mjs` after `npm run build` (MLMETRICS_BUILD=scalar for
// the scalar build; BENCH_SIZES=1e6,1e7 by default): ns per element of the
// exact-sum kernels, called directly on data already in module memory (pinned
// WasmFloat64Arrays, no copy), against a plain SIMD read (readF64) and numpy's
// pairwise sum (sumF64) of the same data. Minimum and median of REPS runs per
// kernel (this host is shared: the minimum is the undisturbed speed, the median
// shows the load); results are consumed. Data:
//   normals    N(0,1)                                  (typical)
//   uniform    U[0,1)                                  (typical weights)
//   mixed      random signs, magnitudes 1e-300..1e300  (adversarial: every value in its own binade range)
//   mixed30    random signs, magnitudes 1e-30..1e30    (wide but within the SIMD range of products)
import { init, allocFloat64, wasmBuild } from "../dist/index.js";
import { core } from "../dist/wasm/core.js";

await init();
const k = core();
const SIZES = (process.env.BENCH_SIZES ?? "1e6,1e7").split(",").map(Number);
const REPS = Number(process.env.BENCH_REPS ?? 7);

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const gens = {
  normals: (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()),
  normals2: (r) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r()),
  uniform: (r) => r(),
  mixed: (r) => (r() < 0.5 ? -1 : 1) * (1 + r()) * 10 ** (-300 + 600 * r()),
  mixed30: (r) => (r() < 0.5 ? -1 : 1) * (1 + r()) * 10 ** (-30 + 60 * r()),
};

const acc = allocFloat64(1616 / 8);
const NARROW = [68, -1074];
const WIDE = [200, -3222];
let sink = 0;

function time(fn) {
  const t = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = process.hrtime.bigint();
    sink += fn() ?? 0;
    t.push(Number(process.hrtime.bigint() - t0));
  }
  t.sort((a, b) => a - b);
  return [t[0], t[t.length >> 1]];
}
const per = ([lo, med], n) => `${(lo / n).toFixed(3).padStart(8)} ${(med / n).toFixed(3).padStart(8)}`;

console.log(`build: ${wasmBuild()}, node ${process.version}, median of ${REPS}`);
for (let n of SIZES) {
  const data = {};
  for (const [name, g] of Object.entries(gens)) {
    const r = rng(name.length * 7919 + n);
    const h = allocFloat64(n);
    const a = h.array;
    for (let i = 0; i < n; i++) a[i] = g(r);
    data[name] = h;
  }
  const rows = [];
  const run = (label, fmt, fn) => {
    // warm up: V8 runs WebAssembly in its baseline tier (Liftoff) first and tiers up to
    // TurboFan after some work; a kernel call cannot tier up while it runs
    const nn = n;
    n = 4096;
    for (let i = 0; i < 200; i++) { k.exactInit(acc.ptr, fmt[0], fmt[1]); fn(); }
    n = nn;
    const ns = time(() => {
      k.exactInit(acc.ptr, fmt[0], fmt[1]);
      fn();
      k.exactNormalize(acc.ptr);
    });
    rows.push([label, per(ns, n)]);
  };
  for (let i = 0; i < 200; i++) { k.readF64(data.normals.ptr, 4096); k.sumF64(data.normals.ptr, 4096); }
  rows.push(["readF64 normals (plain SIMD read)", per(time(() => k.readF64(data.normals.ptr, n)), n)]);
  rows.push(["sumF64 normals (numpy pairwise sum)", per(time(() => k.sumF64(data.normals.ptr, n)), n)]);
  for (const d of ["normals", "uniform", "mixed30", "mixed"]) run(`exactAddArray ${d}`, NARROW, () => k.exactAddArray(acc.ptr, data[d].ptr, n));
  for (const d of ["normals", "uniform", "mixed30", "mixed"]) run(`exactAddSquares ${d}`, WIDE, () => k.exactAddSquares(acc.ptr, data[d].ptr, n));
  run("exactAddProducts normals x uniform", WIDE, () => k.exactAddProducts(acc.ptr, data.normals.ptr, data.uniform.ptr, n));
  run("exactAddProducts normals x normals", WIDE, () => k.exactAddProducts(acc.ptr, data.normals.ptr, data.normals2.ptr, n));
  run("exactAddProducts mixed30 x normals", WIDE, () => k.exactAddProducts(acc.ptr, data.mixed30.ptr, data.normals.ptr, n));
  run("exactAddProducts mixed x mixed", WIDE, () => k.exactAddProducts(acc.ptr, data.mixed.ptr, data.mixed.ptr, n));
  run("exactAddWeightedSquares normals w, normals x", WIDE, () => k.exactAddWeightedSquares(acc.ptr, data.normals2.ptr, data.normals.ptr, n));
  run("exactAddWeightedSquares uniform w, normals x", WIDE, () => k.exactAddWeightedSquares(acc.ptr, data.uniform.ptr, data.normals.ptr, n));
  run("exactAddWeightedSquares normals w, mixed30 x", WIDE, () => k.exactAddWeightedSquares(acc.ptr, data.normals.ptr, data.mixed30.ptr, n));
  run("exactAddWeightedSquares mixed w, mixed x", WIDE, () => k.exactAddWeightedSquares(acc.ptr, data.mixed.ptr, data.mixed.ptr, n));
  console.log(`\nn = ${n.toExponential(0)}                                        ns/element: min   median`);
  for (const [label, v] of rows) console.log(`  ${label.padEnd(48)} ${v}`);
  for (const h of Object.values(data).reverse()) h.free();
}
acc.free();
if (sink === 0.5) console.log(sink);
