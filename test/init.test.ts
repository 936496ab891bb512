// init(): required before use, idempotent, safe to call concurrently.
// (vitest runs each file in its own module graph, so this module is fresh.)
import { expect, test, vi } from "vitest";
import * as mlm from "../src/index.js";
import { wasmBase64 } from "../src/wasm/wasm-bytes.js";

const wasmBytes = Buffer.from(wasmBase64, "base64").byteLength;

test("calling a metric before init() throws an Error that says to call init()", () => {
  expect(mlm.isReady()).toBe(false);
  expect(() => mlm.meanSquaredError([1, 2], [1, 3])).toThrow(/await init\(\)/);
});

test("100 concurrent init() calls create one instance", async () => {
  const compile = vi.spyOn(WebAssembly, "compile");
  const instantiate = vi.spyOn(WebAssembly, "instantiate");
  const calls = Array.from({ length: 100 }, () => mlm.init());
  await Promise.all(calls);
  // (vitest itself compiles an unrelated module concurrently: count only ours)
  const ours = compile.mock.calls.filter((c) => (c[0] as Uint8Array).byteLength === wasmBytes);
  expect(ours).toHaveLength(1);
  expect(instantiate).toHaveBeenCalledTimes(1);
  expect(mlm.isReady()).toBe(true);
  const pages = mlm.memoryStats().pages;
  await mlm.init();
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(instantiate).toHaveBeenCalledTimes(1);
  // sklearn's docstring example: mean_squared_error([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) == 0.375
  expect(mlm.meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8])).toBe(0.375);
});
