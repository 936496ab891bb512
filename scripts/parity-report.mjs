// `npm run parity`: replays every golden fixture through the built package and
// prints, per function, how many values are bit-identical to scikit-learn /
// numpy / MLflow and the worst relative error and ULP distance measured.
import * as mlm from "../dist/index.js";
import { FAMILIES, caseInputs, compare, decodeValue, loadFixtures } from "../test/fixture-lib.mjs";

await mlm.init();
const rows = new Map();
const row = (fn) => {
  if (!rows.has(fn)) rows.set(fn, { cases: 0, values: 0, identical: 0, maxRel: 0, maxUlp: 0, errors: 0, errorsOk: 0, failed: 0 });
  return rows.get(fn);
};

function run(c, family, label = c.fn) {
  const r = row(label);
  r.cases++;
  const { args, options } = family === "mlflow_evaluate" ? mlflowInputs(c) : caseInputs(c);
  const opts = { ...options, onWarning: () => {} };
  let value;
  let error;
  try {
    value = mlm[c.fn](...args, opts);
  } catch (e) {
    error = e;
  }
  const expectedError = c.error ?? c.expectedError?.message;
  if (expectedError !== undefined) {
    r.errors++;
    if (error) r.errorsOk++;
    else r.failed++;
    return;
  }
  if (error) {
    r.failed++;
    return;
  }
  const cmp = compare(value, decodeValue(c.expected), { exact: false });
  const ident = compare(value, decodeValue(c.expected), { exact: true });
  r.values += cmp.count;
  r.identical += ident.ok ? cmp.count : 0;
  r.maxRel = Math.max(r.maxRel, cmp.maxRel);
  r.maxUlp = Math.max(r.maxUlp, cmp.maxUlp);
  if (!cmp.ok) r.failed++;
}

function mlflowInputs(c) {
  const a = {};
  const special = ["NaN", "Infinity", "-Infinity"];
  for (const [k, v] of Object.entries(c.args[0])) {
    // string labels and n x k probability rows pass through; numbers become Float64Array
    const keep = Array.isArray(v) && v.some((x) => Array.isArray(x) || (typeof x === "string" && !special.includes(x)));
    a[k] = Array.isArray(v) && !keep ? Float64Array.from(v.map(Number)) : v;
  }
  return { args: [a], options: c.options };
}

for (const family of FAMILIES) {
  const f = loadFixtures(family);
  // (the multi-output and multilabel-indicator cases get rows of their own: the 1-D rows stay as they were)
  const suffix = { multioutput: " (multi-output)", multilabel: " (multilabel)" }[family] ?? "";
  if (f) for (const c of f.cases) run(c, family, `${c.fn}${suffix}`);
}
const mf = loadFixtures("mlflow_evaluate");
if (mf) {
  for (const c of [...mf.cases, ...mf.configCases, ...mf.errorCases, ...(mf.multiclassCases ?? [])]) {
    run(c, "mlflow_evaluate", `${c.fn} (preset 'mlflow' vs mlflow.evaluate)`);
  }
}

const fmt = (x) => (x === 0 ? "0" : x.toExponential(1));
console.log("| function | cases | values bit-identical | worst relative error | worst ULP | error cases raised | failures |");
console.log("|---|---|---|---|---|---|---|");
for (const [fn, r] of [...rows.entries()].sort()) {
  console.log(
    `| \`${fn}\` | ${r.cases} | ${r.identical}/${r.values} | ${fmt(r.maxRel)} | ${r.maxUlp} | ${r.errorsOk}/${r.errors} | ${r.failed} |`,
  );
}
const meta = loadFixtures("regression")?.meta;
console.log(`\nscikit-learn ${meta?.sklearn}, numpy ${meta?.numpy}, scipy ${meta?.scipy}; MLflow ${mf?.meta?.mlflow} (preset 'mlflow' rows include its fixtures).`);
