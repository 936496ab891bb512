// Loads the library from the current src/ (not a possibly stale dist/) in
// plain Node: every src/**/*.ts is transpiled (types stripped, no type check)
// into a fresh temporary folder, whose index.js is returned. Used where vitest
// cannot help: worker_threads and the fuzz:sklearn command line.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function* tsFiles(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* tsFiles(p);
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) yield p;
  }
}

// inside the repository's node_modules, so that the package imports resolve
function freshDir() {
  const cache = fileURLToPath(new URL("../node_modules/.cache/", import.meta.url));
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, "mlmetrics-src-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Transpiles src/ into a temporary folder; returns the file URL of its index.js. */
export function transpileSrc(outDir = freshDir()) {
  if (!existsSync(join(SRC, "wasm", "wasm-bytes.ts"))) {
    throw new Error("src/wasm/wasm-bytes.ts is missing: run `npm run asbuild` first");
  }
  for (const file of tsFiles(SRC)) {
    const out = join(outDir, relative(SRC, file)).replace(/\.ts$/, ".js");
    mkdirSync(dirname(out), { recursive: true });
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      fileName: file,
    });
    writeFileSync(out, outputText);
  }
  writeFileSync(join(outDir, "package.json"), '{"type":"module"}\n');
  return pathToFileURL(join(outDir, "index.js")).href;
}
