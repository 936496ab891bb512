// Faults: a trap inside WebAssembly must leave the module correct — the arena
// reset (withArena's finally), pages unchanged, every metric giving the same
// result as before. Two kinds of trap:
//  1. the release kernels called through the internal core API with
//     out-of-bounds pointers (at the start, and halfway through a kernel that
//     keeps state in globals);
//  2. a test-only build (assembly/testing.ts, compiled here in memory, never
//     shipped) with a kernel that executes `unreachable` mid-loop and one that
//     calls abort().
// (vitest gives each test file its own module graph: this file's instance is
// the test build; the release build's correctness is covered everywhere else.)
import asc from "assemblyscript/asc";
import { beforeAll, describe, expect, test } from "vitest";
import * as core from "../src/wasm/core.js";
import * as mlm from "../src/index.js";
import { METRICS, validInputs } from "./registry.js";

interface TestKernels extends core.Kernels {
  trapAfter(ptr: number, n: number, at: number): number;
  abortNow(): void;
}

let reference: unknown[];
const all = () => METRICS.map((m) => m.call(validInputs(m.kind, 300, 17), { onWarning: () => {} }));

beforeAll(async () => {
  const files: Record<string, Uint8Array | string> = {};
  const { error } = await asc.main(
    ["assembly/testing.ts", "--runtime", "stub", "--enable", "simd", "--initialMemory", "2", "-O3", "--outFile", "testing.wasm"],
    { writeFile: (name: string, contents: Uint8Array | string) => void (files[name] = contents), stdout: process.stdout, stderr: process.stderr },
  );
  if (error) throw error;
  await mlm.init(new WebAssembly.Module(files["testing.wasm"] as Uint8Array));
  reference = all();
}, 120_000);

function expectIntact(pages: number) {
  expect(mlm.memoryStats().arenaBytes).toBe(0);
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(all()).toEqual(reference);
}

describe("a trap inside WebAssembly leaves the next call correct", () => {
  test("out-of-bounds pointer at the start of a kernel (release kernels, internal API)", () => {
    const pages = mlm.memoryStats().pages;
    for (let i = 0; i < 100; i++) {
      expect(() =>
        core.withArena((k) => {
          core.alloc(1024);
          return k.sumF64(0xfffffff0 | 0, 1000);
        }),
      ).toThrow(WebAssembly.RuntimeError);
      expect(mlm.memoryStats().arenaBytes).toBe(0);
    }
    expectIntact(pages);
  });

  test("a kernel that keeps state in globals traps halfway (regressionStats on a pointer running off the end)", () => {
    const pages = mlm.memoryStats().pages;
    const n = 4096;
    for (let i = 0; i < 50; i++) {
      expect(() =>
        core.withArena((k) => {
          const yt = core.putF64(new Float64Array(n).fill(1e300));
          const end = k.memory.buffer.byteLength;
          // yPred starts 1000 values before the end of memory: the kernel reads 1000, then traps
          const out = core.allocF64(9);
          k.regressionStats(yt, end - 8 * 1000, 0, n, 1, out);
        }),
      ).toThrow(WebAssembly.RuntimeError);
    }
    expectIntact(pages);
  });

  test("`unreachable` mid-loop in the test build", () => {
    const k = core.core() as TestKernels;
    const pages = mlm.memoryStats().pages;
    for (let i = 0; i < 100; i++) {
      expect(() =>
        core.withArena(() => {
          const p = core.putF64(Float64Array.from({ length: 1000 }, (_, j) => j));
          return k.trapAfter(p, 1000, 500 + i);
        }),
      ).toThrow(/unreachable/);
      expect(mlm.memoryStats().arenaBytes).toBe(0);
    }
    // and the kernel itself is fine when it does not trap
    expect(core.withArena(() => k.trapAfter(core.putF64([1, 2, 3]), 3, -1))).toBe(6);
    expectIntact(pages);
  });

  test("abort() in the test build throws a readable Error and the module recovers", () => {
    const k = core.core() as TestKernels;
    const pages = mlm.memoryStats().pages;
    expect(() => core.withArena(() => k.abortNow())).toThrow(/mlmetrics: WebAssembly abort: test abort/);
    expectIntact(pages);
  });

  test("a trap between two metric calls inside one arena (nested withArena) still resets once", () => {
    const pages = mlm.memoryStats().pages;
    expect(() =>
      core.withArena((k) => {
        mlm.meanSquaredError([1, 2, 3], [1, 2, 4]); // nested: shares the arena
        expect(mlm.memoryStats().arenaBytes).toBeGreaterThan(0);
        return k.sumF64(0xfffffff0 | 0, 10);
      }),
    ).toThrow(WebAssembly.RuntimeError);
    expectIntact(pages);
  });
});
