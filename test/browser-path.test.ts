// The ESM build's browser path, checked statically (no browser needed): every
// import in src/ and dist/ is a relative `.js` file or @assemblyscript/loader,
// nothing from Node; the loader's ESM entry imports nothing; the "exports"
// map sends every condition to the one ESM build and exposes the .wasm.
// src/cli (and dist/cli) is the Node-only command line: it may import node:*
// and the package's dependencies, and nothing of the library reaches it (the
// dependency-cruiser rules of .dependency-cruiser.cjs, test/architecture.test.ts).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const ALLOWED_BARE = new Set(["@assemblyscript/loader"]);

function files(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith(ext) && !d.name.endsWith(".d.ts"))
    .map((d) => join(d.parentPath, d.name));
}

/** Static, dynamic and side-effect import specifiers, and re-exports (type-only ones excluded). */
export function specifiers(code: string): string[] {
  const out: string[] = [];
  const re = /^\s*(import|export)\s+(type\s)?[^;]*?from\s*["']([^"']+)["']|^\s*import\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/gm;
  for (const m of code.matchAll(re)) {
    if (m[2]) continue; // `import type … from` disappears from the build
    out.push(m[3] ?? m[4] ?? m[5]);
  }
  return out;
}

const isCli = (f: string) => /[\\/](src|dist)[\\/]cli[\\/]/.test(f);
// src/figures (the mlmetrics/artifacts entry) may also import the browser-compatible charting packages.
const isFigures = (f: string) => /[\\/](src|dist)[\\/]figures[\\/]/.test(f);
const FIGURES_BARE = new Set(["vega", "vega-lite"]);
const all = [...files(join(ROOT, "src"), ".ts"), ...files(join(ROOT, "dist"), ".js")];
const sources = all.filter((f) => !isCli(f));
const cliSources = all.filter(isCli);

describe("the ESM build imports nothing from Node", () => {
  test("there are files to check", () => {
    expect(sources.some((f) => f.endsWith("index.ts"))).toBe(true);
  });

  test.each(sources.map((f) => [relative(ROOT, f), f]))("%s", (_name, file) => {
    // The thread pool's worker code is a string run only inside a worker (src/wasm/pool.ts): its
    // Node branch (require("node:worker_threads")) never runs in the importing bundle.
    const code = readFileSync(file, "utf8").replace(/\/\* worker source:[^*]*\*\/\s*`[^`]*`/g, "``");
    for (const s of specifiers(code)) {
      if (s.startsWith(".")) expect(s, `relative import without .js in ${file}`).toMatch(/\.js$/);
      else expect(ALLOWED_BARE.has(s) || (isFigures(file) && FIGURES_BARE.has(s)), `bare import "${s}" in ${file}`).toBe(true);
    }
    expect(code).not.toMatch(/\brequire\s*\(|\bprocess\.(env|versions|cwd)|\bBuffer\.(from|alloc)|import\.meta\.url/);
  });

  test("the specifier scanner finds what it should", () => {
    expect(specifiers('import { a } from "./a.js";\nexport * from "node:fs";\nimport "x";\nawait import("y");\nimport type { T } from "z";')).toEqual([
      "./a.js",
      "node:fs",
      "x",
      "y",
    ]);
  });

  test("@assemblyscript/loader's ESM entry imports nothing", () => {
    const lpkg = JSON.parse(readFileSync(join(ROOT, "node_modules/@assemblyscript/loader/package.json"), "utf8"));
    const entry = lpkg.exports?.import ?? lpkg.module;
    expect(entry).toBe("./index.js");
    const code = readFileSync(join(ROOT, "node_modules/@assemblyscript/loader", entry), "utf8");
    expect(specifiers(code)).toEqual([]);
  });
});

describe("src/cli (Node-only) imports only node:*, its dependencies and relative files", () => {
  const deps = new Set(Object.keys(pkg.dependencies ?? {}));
  test.each(cliSources.map((f) => [relative(ROOT, f), f]))("%s", (_name, file) => {
    const code = readFileSync(file, "utf8");
    for (const s of specifiers(code)) {
      if (s.startsWith(".")) expect(s, `relative import without .js in ${file}`).toMatch(/\.js$/);
      else if (s.startsWith("node:")) continue;
      else {
        const name = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
        expect(deps.has(name), `"${s}" in ${file} is not a dependency in package.json`).toBe(true);
      }
    }
  });
});

describe('package.json "exports"', () => {
  test('"." gives types first, then one ESM build for every condition (browser, import, node, default)', () => {
    const dot = pkg.exports["."];
    expect(Object.keys(dot)[0]).toBe("types");
    expect(dot.types).toBe("./dist/index.d.ts");
    expect(dot.default).toBe("./dist/index.js");
    for (const cond of ["browser", "import", "node", "require", "module"]) {
      if (cond in dot) expect(dot[cond]).toBe("./dist/index.js");
    }
    expect(pkg.type).toBe("module");
  });

  test('"./artifacts" is the figures entry (types first, one ESM build), separate from "."', () => {
    const a = pkg.exports["./artifacts"];
    expect(Object.keys(a)[0]).toBe("types");
    expect(a.types).toBe("./dist/figures/index.d.ts");
    expect(a.default).toBe("./dist/figures/index.js");
    for (const dep of ["vega", "vega-lite", "@resvg/resvg-js"]) expect(pkg.dependencies[dep], dep).toBeDefined();
  });

  test('"./mlmetrics.wasm" points at the shipped file, which "files" publishes', () => {
    expect(pkg.exports["./mlmetrics.wasm"]).toBe("./build/mlmetrics.wasm");
    expect(pkg.files).toContain("build/mlmetrics.wasm");
  });
});
