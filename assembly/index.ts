// Exported kernels. Every kernel takes pointers + lengths and writes to `out`.
export { arenaAlloc, arenaReset, arenaUsed } from "./memory";
export { sumF64 } from "./pairwise";
export { regressionStats } from "./regression";
export { sortF64, iota, absDiff } from "./sort";
