// Entry of the shared-memory build (build/mlmetrics.shared.wasm, asconfig
// target "shared"): every kernel of the release build plus the thread-safe
// kernels of parallel.ts, on an imported shared memory that the main thread
// and the worker threads of src/wasm/pool.ts instantiate the module on.
export * from "./index";
export * from "./parallel";
