/**
 * `mlmetrics log`'s artifacts: the figures and tables `mlflow.evaluate` logs
 * (src/figures), drawn from the file's chosen columns read again into arrays.
 * The metrics stay the streamed evaluator's; only the artifacts come from here.
 * @module
 */
import type { EvaluateOptions } from "../figures/evaluate.js";
import { joinBatches } from "./readers/arrow.js";
import { type ColumnBatch, type OpenOptions, openTable, type TableFormat } from "./readers/index.js";
import { type FileConfig, type Plan, toBatch } from "./evaluate.js";

/** Files with more rows are logged without artifacts (the arrays would be held whole). */
export const ARTIFACT_MAX_ROWS = 10_000_000;

/** File name → content of every artifact of the plan's task for the whole file. */
export async function fileArtifacts(cfg: FileConfig, plan: Plan, png: boolean): Promise<Record<string, string | Uint8Array>> {
  const open: OpenOptions = { format: cfg.inputFormat as TableFormat | undefined, delimiter: cfg.delimiter };
  const reader = await openTable(cfg.file, open);
  const columns = Object.keys(plan.types);
  const parts: ColumnBatch[] = [];
  try {
    for await (const b of reader.batches({ columns, types: plan.types, batchRows: 1 << 16 })) parts.push(b);
  } finally {
    await reader.close();
  }
  const batch = toBatch(joinBatches(parts, columns), plan);
  const { evaluate } = await import("../figures/evaluate.js");
  // the dict's options (preset, prefix, average, posLabel, nClasses); the evaluator-only `auc` is not one
  const { auc: _bins, ...dictOptions } = plan.options as Record<string, unknown>;
  const options: EvaluateOptions = { ...(dictOptions as EvaluateOptions), format: png ? "png" : "svg", onWarning: () => {} };
  const ev = await evaluate(plan.task, batch as never, options);
  const out: Record<string, string | Uint8Array> = {};
  for (const [file, a] of Object.entries(ev.artifacts)) out[file] = a.data;
  return out;
}
