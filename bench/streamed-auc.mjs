// `node --expose-gc bench/streamed-auc.mjs`: time of the exact binary ROC AUC +
// average precision over kept rows held in 65,536-row blocks (as the
// classification evaluator keeps them): the streamed path
// (src/ranking/streamed.ts) against concatenating the rows and calling the
// one-shot rocAucScore + averagePrecisionScore (the evaluator's other path).
// Env: BENCH_N (comma list, default 1e6,1e7), BENCH_BUDGET (rows per batch),
// BENCH_PATHS (streamed,oneshot; oneshot-auc: ROC AUC alone, the compact
// preset's need), BENCH_REPS (3).
import * as mlm from "../dist/index.js";
import { streamedBinaryRank } from "../dist/ranking/streamed.js";

await mlm.init();
const BLOCK = 1 << 16;
const sizes = (process.env.BENCH_N ?? "1e6,1e7").split(",").map(Number);
const paths = (process.env.BENCH_PATHS ?? "streamed,oneshot").split(",");
const reps = Number(process.env.BENCH_REPS ?? 3);
const budget = process.env.BENCH_BUDGET ? Number(process.env.BENCH_BUDGET) : undefined;
const split = process.env.BENCH_SPLIT ? Number(process.env.BENCH_SPLIT) : undefined;

function rows(n) {
  // the data of bench/evaluators-rss.mjs: 30 % positives, sqrt(u) vs u^2
  let s = 0x9e3779b9 | 0;
  const u = () => {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const sb = [], cb = [];
  for (let a = 0; a < n; a += BLOCK) {
    const m = Math.min(BLOCK, n - a);
    const sc = new Float64Array(m), c = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      const t = u() < 0.3 ? 1 : 0;
      const q = u();
      c[i] = t;
      sc[i] = t ? Math.sqrt(q) : q * q;
    }
    sb.push(sc); cb.push(c);
  }
  return { n, forEachBlock(fn) { let off = 0; sb.forEach((b, i) => { fn(b, cb[i], off); off += b.length; }); }, sb, cb };
}

const rss = () => process.memoryUsage().rss;
for (const n of sizes) {
  const r = rows(n);
  for (const path of paths) {
    let best = Infinity, res, plan;
    for (let k = 0; k < reps; k++) {
      globalThis.gc?.();
      const t0 = performance.now();
      if (path === "streamed") {
        res = streamedBinaryRank(r, 1, { budget, split, onPlan: (p) => (plan = p) });
      } else {
        // the evaluator's concatenate-and-call path (#keptRows + #binaryRank)
        const s = new Float64Array(n), cls = new Uint8Array(n);
        let off = 0;
        r.sb.forEach((b, i) => { s.set(b, off); cls.set(r.cb[i], off); off += b.length; });
        const ind = Float64Array.from(cls, (c) => (c === 1 ? 1 : 0));
        const q = { onWarning() {} };
        res = { auc: mlm.rocAucScore(ind, s, q) };
        if (path === "oneshot") res.ap = mlm.averagePrecisionScore(ind, s, { ...q, posLabel: 1 });
      }
      best = Math.min(best, performance.now() - t0);
    }
    console.log(JSON.stringify({ n, path, nsPerRow: +((best * 1e6) / n).toFixed(1), ms: +best.toFixed(0), ...res, plan, wasmMiB: +(mlm.memoryStats().pages / 16).toFixed(0), rssMiB: +(rss() / 2 ** 20).toFixed(0) }));
  }
}
