/**
 * The worker thread of `--threads N` (piscina): evaluates one part of the
 * file and returns its evaluator state as JSON (errors as data, so that the
 * main thread can report them with their exit code).
 * @module
 */
import { init } from "../wasm/core.js";
import { evaluateSplit, type Plan, serialize } from "./evaluate.js";
import type { Split } from "./readers/index.js";

export default async function run(task: { split: Split; plan: Plan; file: string }): Promise<unknown> {
  try {
    await init();
    return await evaluateSplit(task.split, task.plan, task.file);
  } catch (e) {
    return { error: serialize(e) };
  }
}
