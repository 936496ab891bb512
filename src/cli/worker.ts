/**
 * The worker thread of `--threads N` (piscina): evaluates one part of the
 * file and returns its evaluator state as JSON (errors as data, so that the
 * main thread can report them with their exit code).
 * @module
 */
import { workerData } from "node:worker_threads";
import { init } from "../wasm/core.js";
import { evaluateSplit, type Plan, serialize } from "./evaluate.js";
import type { Split } from "./readers/index.js";

// Loaded while the main thread reads the head of the file: the core, and the
// Parquet decoder when the file is Parquet (the readers import the same module).
const ready = Promise.all([init(), (workerData as { format?: string } | undefined)?.format === "parquet" ? import("parquet-wasm/node") : undefined]);
ready.catch(() => {}); // reported by run(), not as an unhandled rejection

export default async function run(task: { split: Split; plan: Plan; file: string }): Promise<unknown> {
  try {
    await ready;
    return await evaluateSplit(task.split, task.plan, task.file);
  } catch (e) {
    return { error: serialize(e) };
  }
}
