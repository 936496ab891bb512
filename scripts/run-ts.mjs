// Runs one TypeScript file with plain Node 20 (which has no TypeScript loader):
// the types are stripped with the typescript package (no type check; see
// `npm run typecheck:examples`) into a temporary .mjs next to the source, so
// that its relative imports and import.meta.url resolve as in the .ts file;
// the temporary file is removed when the process exits.
//   node scripts/run-ts.mjs examples/log-to-mlflow.ts
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const file = process.argv[2];
if (!file || !file.endsWith(".ts")) {
  console.error("usage: node scripts/run-ts.mjs <file.ts>");
  process.exit(2);
}
const src = resolve(file);
const out = join(dirname(src), `.${basename(src, ".ts")}.${process.pid}.mjs`);
const { outputText } = ts.transpileModule(readFileSync(src, "utf8"), {
  compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  fileName: src,
});
writeFileSync(out, outputText);
process.on("exit", () => rmSync(out, { force: true }));
await import(pathToFileURL(out).href);
