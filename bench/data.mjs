// Benchmark data: deterministic (seeded) float64 arrays written once to
// bench/data/n<N>/<name>.f64 (raw little-endian), read by both the JS
// benchmark and bench/sklearn_bench.py, so every library sees the same bytes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";

export const DATA_DIR = new URL("./data/", import.meta.url);

/** xoshiro128** (32-bit words) → uniform [0, 1) with 53 random bits. */
function rng(seed) {
  let a = (seed ^ 0x9e3779b9) | 1, b = Math.imul(seed, 0x85ebca6b) | 1, c = 0xc2b2ae35, d = 0x27d4eb2f;
  const next = () => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d; c ^= t; d = rotl(d, 11);
    return r;
  };
  for (let i = 0; i < 16; i++) next();
  return () => ((next() >>> 5) * 67108864 + (next() >>> 6)) / 9007199254740992;
}
function rotl(x, k) {
  return (x << k) | (x >>> (32 - k));
}

function gauss(u) {
  let spare = null;
  return () => {
    if (spare !== null) { const s = spare; spare = null; return s; }
    let x, y, r;
    do { x = 2 * u() - 1; y = 2 * u() - 1; r = x * x + y * y; } while (r >= 1 || r === 0);
    const f = Math.sqrt(-2 * Math.log(r) / r);
    spare = y * f;
    return x * f;
  };
}

/** The arrays of one size. Regression: y ~ 50 + 10 N(0,1), ŷ = y + N(0,1).
 * Binary labels (30 % positive), predictions (85 % correct), probabilities
 * (a logistic of a noisy margin, continuous: nearly all distinct), anomaly
 * scores (N(0,1)). */
function generate(n) {
  const u = rng(12345 + n);
  const g = gauss(u);
  const a = {
    reg_true: new Float64Array(n),
    reg_pred: new Float64Array(n),
    cls_true: new Float64Array(n),
    cls_pred: new Float64Array(n),
    cls_prob: new Float64Array(n),
    dist_scores: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const y = 50 + 10 * g();
    a.reg_true[i] = y;
    a.reg_pred[i] = y + g();
    const t = u() < 0.3 ? 1 : 0;
    a.cls_true[i] = t;
    a.cls_pred[i] = u() < 0.85 ? t : 1 - t;
    a.cls_prob[i] = 1 / (1 + Math.exp(-(1.5 * (2 * t - 1) + 1.5 * g())));
    a.dist_scores[i] = g();
  }
  return a;
}

export const NAMES = ["reg_true", "reg_pred", "cls_true", "cls_pred", "cls_prob", "dist_scores"];

/** Loads (generating once) the arrays of size n. */
export function loadData(n) {
  const dir = new URL(`./n${n}/`, DATA_DIR);
  if (!NAMES.every((k) => existsSync(new URL(`${k}.f64`, dir)))) {
    mkdirSync(dir, { recursive: true });
    const a = generate(n);
    for (const k of NAMES) writeFileSync(new URL(`${k}.f64`, dir), new Uint8Array(a[k].buffer));
  }
  const out = {};
  for (const k of NAMES) {
    const b = readFileSync(new URL(`${k}.f64`, dir));
    const f = new Float64Array(n);
    new Uint8Array(f.buffer).set(b);
    out[k] = f;
  }
  return out;
}
