/**
 * The worker threads of the opt-in threads (`init({ threads: N })`): N − 1
 * workers instantiate the shared-memory build on the main thread's shared
 * `WebAssembly.Memory` and run kernels on request. Requests and completions
 * go through a small SharedArrayBuffer (one 128-byte slot per worker: state,
 * kernel index, up to 12 f64 arguments, the result), with `Atomics.wait` /
 * `Atomics.notify`, so a threaded call stays synchronous: the main thread
 * posts the workers' partitions, runs its own, then waits for the others
 * (`Atomics.wait` in Node and in workers; a spin on `Atomics.load` on a
 * browser's main thread, where blocking waits are not allowed).
 *
 * Workers never allocate: the main thread allocates every buffer and scratch
 * area before posting a job, so only the main thread grows the memory. This
 * module does not import the memory module (src/wasm/core.ts imports it).
 * @module
 */

/** Kernels a worker can run (indices are sent, not names). */
export const WORKER_KERNELS = [
  "parSum",
  "parSsdGather",
  "parCount",
  "parScatter",
  "parSortBuckets",
  "parSortRegions",
  "composeKeysCounted",
] as const;
export type WorkerKernel = (typeof WORKER_KERNELS)[number];

const SLOT_BYTES = 128;
const IDLE = 0;
const POSTED = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = 4;

// The worker's code, self-contained (no imports), run from a string so that no
// file has to be located: `new Worker(code, { eval: true })` in Node, a Blob
// URL in browsers.
const WORKER_SOURCE = /* worker source: runs in a Node worker or a Web Worker, never in the importing module */ `
"use strict";
function start(d, post) {
  let fail = "";
  const inst = new WebAssembly.Instance(d.module, { env: { memory: d.memory, abort() { fail = "abort"; throw new Error("mlmetrics: WebAssembly abort in a worker thread"); } } });
  const fns = d.names.map((n) => inst.exports[n]);
  const c = new Int32Array(d.ctrl), f = new Float64Array(d.ctrl);
  const si = d.slot * ${SLOT_BYTES / 4}, sf = d.slot * ${SLOT_BYTES / 8};
  post("ready");
  for (;;) {
    let s;
    while ((s = Atomics.load(c, si)) !== ${POSTED}) {
      if (s === ${EXIT}) return;
      Atomics.wait(c, si, s);
    }
    const argc = c[si + 2];
    const a = [];
    for (let i = 0; i < argc; i++) a.push(f[sf + 2 + i]);
    try {
      const r = fns[c[si + 1]](...a);
      f[sf + 15] = typeof r === "number" ? r : 0;
      Atomics.store(c, si, ${DONE});
    } catch (e) {
      Atomics.store(c, si, ${FAILED});
    }
    Atomics.notify(c, si);
  }
}
if (typeof process !== "undefined" && process.versions && process.versions.node && typeof require === "function") {
  const { parentPort, workerData } = require("node:worker_threads");
  start(workerData, (m) => parentPort.postMessage(m));
} else {
  self.onmessage = (e) => start(e.data, (m) => self.postMessage(m));
}
`;

interface Handle {
  terminate(): unknown;
}

interface NodeWorker extends Handle {
  unref(): void;
  once(event: "message" | "error", fn: (x: unknown) => void): void;
}
type NodeWorkerCtor = new (code: string, options: { eval: boolean; workerData: unknown }) => NodeWorker;

/** A started pool: the workers, their control slots, and how the main thread waits. */
export interface Pool {
  /** Threads in all (workers + the main thread). */
  readonly threads: number;
  /** Posts `kernel(...args)` to worker `w` (0-based); returns at once. */
  post(w: number, kernel: WorkerKernel, args: readonly number[]): void;
  /** Waits until worker `w` has finished its job; returns the kernel's result. */
  wait(w: number): number;
  /** Stops and terminates the workers. */
  close(): Promise<void>;
}

/** Why threads are unavailable here, or null when they are available. */
export function threadsUnavailable(): string | null {
  const g = globalThis as {
    SharedArrayBuffer?: unknown;
    crossOriginIsolated?: boolean;
    process?: { versions?: { node?: string } };
    Worker?: unknown;
    window?: unknown;
  };
  if (typeof g.SharedArrayBuffer !== "function" || typeof Atomics === "undefined") {
    return "SharedArrayBuffer is not available (in a browser the page must be cross-origin isolated: " +
      "Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)";
  }
  if (g.process?.versions?.node) return null;
  if (g.crossOriginIsolated === false) {
    return "the page is not cross-origin isolated (Cross-Origin-Opener-Policy: same-origin and " +
      "Cross-Origin-Embedder-Policy: require-corp are needed for shared WebAssembly memory)";
  }
  if (typeof g.Worker !== "function") return "Web Workers are not available";
  return null;
}

/** Starts `threads − 1` workers on `module` and the shared `memory`. */
export async function startPool(module: WebAssembly.Module, memory: WebAssembly.Memory, threads: number): Promise<Pool> {
  const nw = threads - 1;
  const ctrl = new SharedArrayBuffer(SLOT_BYTES * Math.max(1, nw));
  const c = new Int32Array(ctrl);
  const f = new Float64Array(ctrl);
  const names = WORKER_KERNELS as readonly string[];
  const isNode = !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
  const handles: Handle[] = [];
  const ready: Promise<void>[] = [];
  if (isNode) {
    // A computed specifier: no Node types in the library build, and bundlers
    // for browsers leave it alone.
    const spec = "node:worker_threads";
    const { Worker } = (await import(/* @vite-ignore */ spec)) as { Worker: NodeWorkerCtor };
    for (let w = 0; w < nw; w++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, memory, ctrl, slot: w, names } });
      // Not kept alive by its workers: a program that never calls close() still exits.
      worker.unref();
      handles.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once("message", () => resolve());
          worker.once("error", reject);
        }),
      );
    }
  } else {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
    for (let w = 0; w < nw; w++) {
      const worker = new Worker(url);
      handles.push(worker);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.onmessage = () => resolve();
          worker.onerror = (e) => reject(new Error(`mlmetrics: a worker thread failed to start: ${e.message}`));
        }),
      );
      worker.postMessage({ module, memory, ctrl, slot: w, names });
    }
    URL.revokeObjectURL(url);
  }
  try {
    await Promise.all(ready);
  } catch (err) {
    for (const h of handles) h.terminate();
    throw err;
  }
  // A browser's main thread may not block in Atomics.wait: it spins instead.
  const canBlock = isNode || typeof (globalThis as { window?: unknown }).window === "undefined";
  let closed = false;
  return {
    threads,
    post(w, kernel, args) {
      if (closed) throw new Error("mlmetrics: the worker threads have been closed");
      const si = w * (SLOT_BYTES / 4);
      const sf = w * (SLOT_BYTES / 8);
      c[si + 1] = names.indexOf(kernel);
      c[si + 2] = args.length;
      for (let i = 0; i < args.length; i++) f[sf + 2 + i] = args[i];
      Atomics.store(c, si, POSTED);
      Atomics.notify(c, si);
    },
    wait(w) {
      const si = w * (SLOT_BYTES / 4);
      let s: number;
      while ((s = Atomics.load(c, si)) === POSTED) {
        if (canBlock) Atomics.wait(c, si, POSTED);
      }
      Atomics.store(c, si, IDLE);
      if (s === FAILED) throw new Error("mlmetrics: a kernel failed in a worker thread");
      return f[w * (SLOT_BYTES / 8) + 15];
    },
    async close() {
      if (closed) return;
      closed = true;
      for (let w = 0; w < nw; w++) {
        Atomics.store(c, w * (SLOT_BYTES / 4), EXIT);
        Atomics.notify(c, w * (SLOT_BYTES / 4));
      }
      await Promise.all(handles.map((h) => h.terminate()));
    },
  };
}
