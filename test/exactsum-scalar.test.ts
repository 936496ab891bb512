// Exact sums on the scalar build (no SIMD): the same suite, the same results.
// vitest runs each file in its own process, so init() here loads the scalar build.
import { exactSumSuite } from "./exactsum-cases.js";

exactSumSuite("scalar");
