// Arena for kernel inputs/outputs. The TS side allocates with arenaAlloc and
// calls arenaReset after every call; kernels never allocate. Pages grown stay
// in place, so an identical second call needs no new growth.

let base: usize = 0;
let top: usize = 0;

// Scratch for pairwise-summation partials: 40 levels x 16 sums.
export const SCRATCH: usize = memory.data(40 * 16 * 8, 16);

@inline function ensureBase(): void {
  if (base == 0) {
    base = (__heap_base + 15) & ~(<usize>15);
    top = base;
  }
}

/** Bump-allocates `bytes` (16-byte aligned). Returns 0 when memory cannot grow. */
export function arenaAlloc(bytes: usize): usize {
  ensureBase();
  const ptr = top;
  const end = (ptr + bytes + 15) & ~(<usize>15);
  if (end < ptr) return 0;
  const have = <usize>memory.size() << 16;
  if (end > have) {
    const need = <i32>((end - have + 0xffff) >>> 16);
    if (memory.grow(need) < 0) return 0;
  }
  top = end;
  return ptr;
}

/** Frees everything allocated since the module started. */
export function arenaReset(): void {
  ensureBase();
  top = base;
}

/** Bytes currently allocated (for leak tests). */
export function arenaUsed(): usize {
  ensureBase();
  return top - base;
}

/**
 * Pinned allocation for zero-copy inputs: only when the arena is empty; the
 * block sits below the arena, so arenaReset keeps it. Returns 0 on failure.
 */
export function pinAlloc(bytes: usize): usize {
  ensureBase();
  if (top != base) return 0;
  const p = arenaAlloc(bytes);
  if (p == 0) return 0;
  base = top;
  return p;
}

/** Releases pinned blocks from `ptr` upwards (the caller frees in LIFO order, arena empty). */
export function pinRelease(ptr: usize): void {
  ensureBase();
  base = ptr;
  top = ptr;
}
