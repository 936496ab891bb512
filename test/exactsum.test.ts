// Exact sums on the SIMD build (the scalar build: test/exactsum-scalar.test.ts).
import { exactSumSuite } from "./exactsum-cases.js";

exactSumSuite("simd");
