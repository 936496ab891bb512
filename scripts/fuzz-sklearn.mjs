// `npm run fuzz:sklearn`: differential fuzzing of every metric against live
// scikit-learn (see scripts/fuzz_sklearn.py for the case generators).
// Options: --seed N (1), --cases N per metric (10000), --max-n N (100000),
//          --metrics a,b (all), --start i (first case index, to replay a case).
// Prints a Markdown table; exits 1 when a target is missed (0 ULP for
// unweighted float64/float32 MSE, RMSE, MAE, R²; ≤ 1e-12 relative elsewhere;
// sklearn's errors raised with sklearn's message).
import { parseArgs } from "node:util";
import { transpileSrc } from "./load-src.mjs";
import { formatTable, hasVenv, runFuzz } from "./fuzz-lib.mjs";

const { values } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    cases: { type: "string", default: "10000" },
    "max-n": { type: "string", default: "100000" },
    metrics: { type: "string", default: "" },
    start: { type: "string", default: "0" },
  },
});
if (!hasVenv()) {
  console.error("no .venv: run `bash scripts/python-env.sh` first");
  process.exit(2);
}
const mlm = await import(transpileSrc());
await mlm.init();
const opts = {
  seed: Number(values.seed),
  cases: Number(values.cases),
  maxN: Number(values["max-n"]),
  start: Number(values.start),
  metrics: values.metrics ? values.metrics.split(",") : [],
  onProgress: (n) => process.stderr.write(`\r${n} cases…`),
};
console.log(`fuzz:sklearn seed=${opts.seed} cases/metric=${opts.cases} sizes 1..${opts.maxN}`);
const { rows, cases, seconds } = await runFuzz(mlm, opts);
process.stderr.write("\n");
console.log(formatTable(rows));
console.log(`\n${cases} cases in ${seconds.toFixed(1)} s`);
let bad = 0;
for (const [fn, r] of rows) {
  const missed = r.exactViolations + r.relViolations + (r.sklearnErrors - r.messagesEqual);
  if (missed || r.failures.length) {
    bad++;
    console.log(`\n${fn}: ${missed} target(s) missed; first failures:`);
    for (const f of r.failures) console.log(`  - ${f}`);
  }
}
process.exit(bad ? 1 : 0);
