// The layout of src/ (issue 13): no import cycles, imports point down the layers
// named in .dependency-cruiser.cjs. dependency-cruiser does the checking.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;

function cruise(args: string[]): { summary: { violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } } {
  const r = spawnSync("npx", ["--no-install", "depcruise", ...args, "--output-type", "json"], { cwd: ROOT, encoding: "utf8" });
  expect(r.stdout.length, r.stderr).toBeGreaterThan(0);
  return JSON.parse(r.stdout);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("architecture (dependency-cruiser, .dependency-cruiser.cjs)", () => {
  test("src/ has no import cycle and no import that points up a layer", () => {
    const res = cruise(["src"]);
    expect(res.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
    // every source file was looked at (wasm-bytes.ts is generated, and cruised too when present)
    expect(res.summary.totalCruised).toBeGreaterThanOrEqual(tsFiles(join(ROOT, "src")).length);
  });

  test("src/index.ts's import graph never reaches src/cli, and only src/cli imports Node built-ins", () => {
    const res = cruise(["src"]) as unknown as {
      modules: { source: string; dependencies: { resolved: string; dependencyTypes: string[] }[] }[];
    };
    const deps = new Map(res.modules.map((m) => [m.source, m.dependencies]));
    const seen = new Set<string>();
    const stack = ["src/index.ts"];
    while (stack.length) {
      const m = stack.pop()!;
      if (seen.has(m)) continue;
      seen.add(m);
      for (const d of deps.get(m) ?? []) if (d.resolved.startsWith("src/")) stack.push(d.resolved);
    }
    expect(seen.size).toBeGreaterThan(20);
    expect([...seen].filter((m) => m.startsWith("src/cli/"))).toEqual([]);
    const core = res.modules.filter((m) => !m.source.startsWith("src/cli/") && m.dependencies.some((d) => d.dependencyTypes.includes("core")));
    expect(core.map((m) => m.source)).toEqual([]);
    // the readers exist and are cruised
    expect(res.modules.some((m) => m.source === "src/cli/readers/index.ts")).toBe(true);
  });

  test("the rules that keep src/cli on top are in .dependency-cruiser.cjs", () => {
    const text = readFileSync(join(ROOT, ".dependency-cruiser.cjs"), "utf8");
    for (const rule of ["only-cli-imports-cli", "the-index-never-reaches-cli", "node-builtins-only-in-cli", "npm-packages-only-in-cli"]) expect(text).toContain(rule);
  });

  test("the check finds a cycle when there is one (fixture a.ts ↔ b.ts)", () => {
    const res = cruise(["test/fixtures/arch-cycle"]);
    const cyc = res.summary.violations.filter((v) => v.rule.name === "no-circular");
    expect(cyc.length).toBeGreaterThan(0);
  });

  test("assembly/index.ts exports every kernel name once (AssemblyScript would silently keep one of two)", () => {
    const text = readFileSync(join(ROOT, "assembly", "index.ts"), "utf8");
    const names = [...text.matchAll(/export \{([^}]*)\} from/g)].flatMap((m) => m[1].split(",").map((x) => x.trim()).filter(Boolean));
    expect(names.length).toBeGreaterThan(50);
    expect(names.filter((x, i) => names.indexOf(x) !== i)).toEqual([]);
  });

  test("one folder per layer: the family folders hold their metrics", () => {
    for (const d of ["wasm", "input", "state", "regression", "classification", "ranking", "distribution", "dicts", "evaluators", "mlflow", "cli"]) {
      expect(tsFiles(join(ROOT, "src", d)).length, d).toBeGreaterThan(0);
    }
    // nothing but the public index at the top level
    expect(readdirSync(join(ROOT, "src")).filter((f) => f.endsWith(".ts"))).toEqual(["index.ts"]);
  });
});
