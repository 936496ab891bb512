// `npm test`: runs the vitest suites, then prints which tests were skipped and
// why, and a closing line "tests: N passed, N failed, N skipped".
// With MLMETRICS_STRICT=1 (set by .ci/run) any skipped test is a failure.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

if (!existsSync(new URL("../src/wasm/wasm-bytes.ts", import.meta.url))) {
  console.log("src/wasm/wasm-bytes.ts missing: building the WebAssembly core first (npm run asbuild)");
  const b = spawnSync("npm", ["run", "asbuild"], { stdio: "inherit" });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

const out = join(mkdtempSync(join(tmpdir(), "mlmetrics-test-")), "results.json");
const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...process.argv.slice(2)];
const r = spawnSync("npx", args, { stdio: "inherit" });

let passed = 0;
let failed = 0;
let skipped = 0;
const skippedNames = [];
if (existsSync(out)) {
  const res = JSON.parse(readFileSync(out, "utf8"));
  for (const file of res.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === "passed") passed++;
      else if (t.status === "failed") failed++;
      else {
        skipped++;
        skippedNames.push(`${t.ancestorTitles.join(" > ")} > ${t.title}`);
      }
    }
  }
}
if (skippedNames.length) {
  console.log(`\n!!! ${skipped} test(s) SKIPPED — see the reason printed by each suite above:`);
  for (const name of skippedNames.slice(0, 20)) console.log(`  - ${name}`);
  if (skippedNames.length > 20) console.log(`  … and ${skippedNames.length - 20} more`);
}
const strict = process.env.MLMETRICS_STRICT === "1";
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (strict && skipped > 0) {
  console.log("MLMETRICS_STRICT=1: skipped tests count as failures here.");
  process.exit(1);
}
process.exit(r.status === 0 && failed === 0 ? 0 : 1);
