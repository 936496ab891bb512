// The multi-output suite again on the scalar build (no SIMD): the scalar column-sum loop
// must give sklearn's bits too (the docstring outputs) and agree with the streamed fast
// path. (This file runs in its own process, so the environment variable only affects it.)
import { expect, test } from "vitest";
import * as mlm from "../src/index.js";

process.env.MLMETRICS_BUILD = "scalar";
await import("./multioutput.test.js");

test("the scalar build is the one loaded", async () => {
  await mlm.init();
  expect(mlm.wasmBuild()).toBe("scalar");
});
