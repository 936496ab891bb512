// The fast-path suites again on the scalar build (no SIMD: the build loaded
// where WebAssembly SIMD is not supported): each fast path's scalar kernels
// must agree with the scalar general path bit for bit as well. (This file runs
// in its own process, so the environment variable only affects it.)
import { expect, test } from "vitest";
import * as mlm from "../src/index.js";

process.env.MLMETRICS_BUILD = "scalar";
await import("./fast-paths.test.js");
await import("./rank-paths.test.js");

test("the scalar build is the one loaded", async () => {
  await mlm.init();
  expect(mlm.wasmBuild()).toBe("scalar");
});
