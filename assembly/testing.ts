// Test-only build (never shipped): the release kernels plus two that fail on
// purpose, so that test/faults.test.ts can check a trap inside WebAssembly.
// Built in memory by that test with `asc assembly/testing.ts`.
export * from "./index";

/** Sums n f64 at ptr, then executes `unreachable` (a trap) once i reaches `at`. */
export function trapAfter(ptr: usize, n: i32, at: i32): f64 {
  let s: f64 = 0;
  for (let i = 0; i < n; i++) {
    if (i == at) unreachable();
    s += load<f64>(ptr + (<usize>i << 3));
  }
  return s;
}

/** Calls AssemblyScript's abort() (the host's env.abort throws). */
export function abortNow(): void {
  abort("test abort");
}
