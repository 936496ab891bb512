/**
 * From a predictions file to an evaluator: guess (or take) the task and the
 * columns from a sample, then stream the file's batches through the
 * evaluator — on one thread, or on worker threads over independent parts of
 * the file whose states are merged (the same bits: evaluators are
 * partition-invariant).
 * @module
 */
import { statSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { createEvaluator, type Evaluator, type EvaluatorOptions, type EvaluatorState, evaluatorFromJSON } from "../evaluators/evaluator.js";
import { guessTable, type Roles, type SampleColumn } from "../guess/guess.js";
import { ValueError } from "../input/validate.js";
import { withRawArrays } from "../state/encode.js";
import { BadInputError, type CellValues, type ColumnBatch, formatFromName, type OpenOptions, openSplit, openTable, splitTable, type Split, type TableFormat, type TableReader } from "./readers/index.js";
import { MIN_PART_BYTES } from "./readers/csv-split.js";
import { Progress, type ProgressSink } from "./progress.js";
import { UsageError } from "./args.js";

type Task = "regression" | "classification" | "anomaly";

/** What the command line says about the file and the dict. */
export interface FileConfig {
  file: string;
  task?: Task;
  roles: Roles;
  posLabel?: string;
  average?: "micro" | "macro" | "weighted";
  preset?: "compact" | "mlflow";
  prefix?: string;
  aucBins?: number;
  inputFormat?: string;
  delimiter?: string;
}

/** The task, the columns and how to read them, decided once (on the main thread). */
export interface Plan {
  task: Task;
  roles: Roles;
  types: Record<string, "number" | "label">;
  /** Multiclass probability columns: the class of each, in order. */
  probClasses?: string[];
  options: EvaluatorOptions;
  notes: string[];
}

function sampleColumns(b: ColumnBatch): SampleColumn[] {
  return Object.entries(b.columns).map(([name, c]) => ({ name, values: Array.from(c.values as ArrayLike<number | string | boolean>) }));
}

function rolesColumns(r: Roles): string[] {
  return [r.yTrue, r.yPred, ...(Array.isArray(r.yProb) ? r.yProb : r.yProb ? [r.yProb] : []), r.prediction, r.score, r.weight].filter(
    (c): c is string => typeof c === "string",
  );
}

/** Decides the plan from the reader's sample (names and values) and the command line. */
export async function makePlan(reader: TableReader, cfg: FileConfig): Promise<Plan> {
  for (const c of rolesColumns(cfg.roles)) {
    if (!reader.columns.includes(c)) {
      throw new BadInputError(`${cfg.file}: no column '${c}' (columns: ${reader.columns.join(", ")})`, { file: cfg.file, column: c });
    }
  }
  const sample = await reader.sample(1000);
  const explicit = cfg.task !== undefined && (cfg.task === "anomaly" ? cfg.roles.prediction && cfg.roles.score : cfg.roles.yTrue && cfg.roles.yPred);
  let task: Task;
  let roles: Roles;
  let probClasses: string[] | undefined;
  let notes: string[] = [];
  if (explicit) {
    task = cfg.task!;
    roles = { ...cfg.roles };
  } else {
    try {
      const g = guessTable(sampleColumns(sample), cfg.roles, cfg.task);
      ({ task, roles, probClasses, notes } = g);
    } catch (e) {
      throw new BadInputError(`${cfg.file}: ${(e as Error).message}`, { file: cfg.file });
    }
  }
  const types: Record<string, "number" | "label"> = {};
  if (task === "anomaly") {
    types[roles.prediction!] = "number";
    types[roles.score!] = "number";
  } else if (task === "regression") {
    types[roles.yTrue!] = "number";
    types[roles.yPred!] = "number";
  } else {
    types[roles.yTrue!] = "label";
    types[roles.yPred!] = "label";
    for (const c of Array.isArray(roles.yProb) ? roles.yProb : roles.yProb ? [roles.yProb] : []) types[c] = "number";
  }
  if (roles.weight) types[roles.weight] = "number";
  const options: EvaluatorOptions = {};
  if (task !== "anomaly" && cfg.preset) options.preset = cfg.preset;
  if (cfg.prefix !== undefined) options.prefix = cfg.prefix;
  if (task === "classification") {
    if (cfg.average) options.average = cfg.average;
    if (cfg.aucBins !== undefined) options.auc = { bins: cfg.aucBins };
    if (Array.isArray(roles.yProb)) options.nClasses = roles.yProb.length;
    if (cfg.posLabel !== undefined) options.posLabel = posLabelValue(cfg.posLabel, sample.columns[roles.yTrue!]);
  } else if (cfg.aucBins !== undefined || cfg.posLabel !== undefined || cfg.average !== undefined) {
    throw new UsageError(`--auc-bins, --pos-label and --average apply to classification, not ${task}`);
  }
  return { task, roles, types, probClasses, options, notes };
}

/** --pos-label as the labels are: a number for numeric labels, a boolean for booleans, else the text. */
function posLabelValue(text: string, labels: CellValues | undefined): number | boolean | string {
  if (labels?.kind === "number" && text.trim() !== "" && Number.isFinite(Number(text))) return Number(text);
  if (labels?.kind === "boolean" && (text === "true" || text === "false" || text === "True" || text === "False")) return text.toLowerCase() === "true";
  return text;
}

function values(c: CellValues): Float64Array | string[] | boolean[] {
  return c.values;
}

/** One file batch as the evaluator's batch. */
export function toBatch(b: ColumnBatch, plan: Plan): Record<string, unknown> {
  const r = plan.roles;
  const col = (name: string) => values(b.columns[name]);
  const w = r.weight ? { sampleWeight: col(r.weight) } : {};
  if (plan.task === "anomaly") return { predictions: col(r.prediction!), scores: col(r.score!) };
  if (plan.task === "regression") return { yTrue: col(r.yTrue!), yPred: col(r.yPred!), ...w };
  const out: Record<string, unknown> = { yTrue: col(r.yTrue!), yPred: col(r.yPred!), ...w };
  if (Array.isArray(r.yProb)) {
    const k = r.yProb.length;
    const cols = r.yProb.map((c) => b.columns[c].values as Float64Array);
    const flat = new Float64Array(b.n * k);
    for (let j = 0; j < k; j++) for (let i = 0; i < b.n; i++) flat[i * k + j] = cols[j][i];
    out.yProb = flat;
  } else if (r.yProb) out.yProb = col(r.yProb);
  return out;
}

/** Names the first row of a batch whose probability is outside [0, 1] (the evaluator's message has no row). */
function locate(b: ColumnBatch, plan: Plan, file: string, e: Error): BadInputError {
  const probs = Array.isArray(plan.roles.yProb) ? plan.roles.yProb : plan.roles.yProb ? [plan.roles.yProb] : [];
  for (const c of probs) {
    const v = b.columns[c]?.values;
    if (!(v instanceof Float64Array)) continue;
    const i = v.findIndex((x) => !(x >= 0 && x <= 1));
    if (i >= 0) return new BadInputError(`${file}: row ${b.start + i + 1}, column '${c}': ${e.message}`, { file, row: b.start + i + 1, column: c });
  }
  return new BadInputError(`${file}: rows ${b.start + 1}–${b.start + b.n}: ${e.message}`, { file, row: b.start + 1 });
}

/** Streams the reader's batches into the evaluator. */
export async function feed(ev: Evaluator, reader: TableReader, plan: Plan, file: string, progress?: Progress, train = false): Promise<number> {
  const columns = train ? trainColumns(plan) : Object.keys(plan.types);
  let rows = 0;
  for await (const b of reader.batches({ columns, types: plan.types, batchRows: 1 << 16 })) {
    const batch = toBatch(b, plan);
    try {
      if (train) ev.updateTrain(plan.task === "regression" ? { yTrue: batch.yTrue, yPred: batch.yPred } : { yTrue: batch.yTrue });
      else ev.update(batch);
    } catch (e) {
      if (e instanceof ValueError || e instanceof TypeError) throw locate(b, plan, file, e);
      throw e;
    }
    rows += b.n;
    progress?.update(rows, reader.bytesRead);
  }
  return rows;
}

function trainColumns(plan: Plan): string[] {
  if (plan.task === "regression") return [plan.roles.yTrue!, plan.roles.yPred!];
  if (plan.task === "classification") return [plan.roles.yTrue!];
  throw new UsageError("--train applies to regression and classification");
}

export interface Io {
  stderr: ProgressSink;
  quiet: boolean;
  threads: number;
  /** Receives the metrics' warnings (sklearn's words); shown even with --quiet. */
  onWarning?: (message: string) => void;
}

/** The evaluator of a whole file (and of its training side), the plan, and the rows read. */
export async function evaluateFile(cfg: FileConfig, io: Io, train?: string): Promise<{ ev: Evaluator; plan: Plan; rows: number }> {
  // worker threads start (and load their modules) while this thread reads the head of the file
  const pool = io.threads > 1 && splittable(cfg.file) ? await startPool(io.threads, (cfg.inputFormat as TableFormat | undefined) ?? formatFromName(cfg.file)) : undefined;
  try {
    return await evaluateWith(cfg, io, pool, train);
  } finally {
    await pool?.destroy();
  }
}

async function evaluateWith(cfg: FileConfig, io: Io, pool: PiscinaPool | undefined, train?: string): Promise<{ ev: Evaluator; plan: Plan; rows: number }> {
  const open: OpenOptions = { format: cfg.inputFormat as TableFormat | undefined, delimiter: cfg.delimiter };
  const reader = await openTable(cfg.file, open);
  let plan: Plan;
  try {
    plan = await makePlan(reader, cfg);
  } catch (e) {
    await reader.close();
    throw e;
  }
  if (!io.quiet) for (const n of plan.notes) io.stderr.write(`mlmetrics: ${n}\n`);
  let ev: Evaluator;
  let rows = 0;
  const parts = pool ? await splitTable(cfg.file, io.threads, open) : [];
  if (parts.length > 1) {
    await reader.close();
    ({ ev, rows } = await evaluateParts(pool!, parts, plan, cfg.file, io));
  } else {
    ev = createEvaluator(plan.task, { ...plan.options, onWarning: io.onWarning });
    const progress = new Progress(io.stderr, !io.quiet && !!io.stderr.isTTY, reader.totalBytes);
    try {
      rows = await feed(ev, reader, plan, cfg.file, progress);
    } finally {
      progress.done();
      await reader.close();
    }
  }
  if (rows === 0) throw new BadInputError(`${cfg.file}: no data rows`, { file: cfg.file });
  if (train) {
    const tr = await openTable(train, open);
    try {
      for (const c of trainColumns(plan)) {
        if (!tr.columns.includes(c)) throw new BadInputError(`${train}: no column '${c}' (columns: ${tr.columns.join(", ")})`, { file: train, column: c });
      }
      await feed(ev, tr, plan, train, undefined, true);
    } finally {
      await tr.close();
    }
  }
  return { ev, plan, rows };
}

/** Worth worker threads: a file (not stdin, not gzip) of at least two parts' worth of bytes. */
function splittable(file: string): boolean {
  if (file === "-" || /\.gz$/i.test(file)) return false;
  try {
    return statSync(file).size >= 2 * MIN_PART_BYTES;
  } catch {
    return false; // openTable reports it
  }
}

type PiscinaPool = InstanceType<typeof import("piscina").Piscina>;

/** A pool of `threads` workers, started now; `format` tells them which reader to load ahead. */
async function startPool(threads: number, format: TableFormat | undefined): Promise<PiscinaPool> {
  const { Piscina } = await import("piscina");
  return new Piscina({
    filename: fileURLToPath(new URL("./worker.js", import.meta.url)),
    minThreads: threads,
    maxThreads: threads,
    workerData: { format },
  });
}

/** The parts of a file on the pool's worker threads; their states merged in part order. */
async function evaluateParts(pool: PiscinaPool, parts: Split[], plan: Plan, file: string, io: Io): Promise<{ ev: Evaluator; rows: number }> {
  const results = await Promise.all(parts.map((split) => pool.run({ split, plan, file }) as Promise<{ state: EvaluatorState; rows: number; warnings: string[] } | { error: SerializedError }>));
  let ev: Evaluator | undefined;
  let rows = 0;
  const seen = new Set<string>();
  for (const r of results) {
    if ("error" in r) throw revive(r.error);
    for (const w of r.warnings) {
      if (seen.has(w)) continue;
      seen.add(w);
      (io.onWarning ?? console.warn)(w);
    }
    const part = evaluatorFromJSON(r.state, { onWarning: io.onWarning });
    ev = ev ? ev.merge(part) : part;
    rows += r.rows;
  }
  return { ev: ev!, rows };
}

export interface SerializedError {
  name: string;
  message: string;
  where?: BadInputError["where"];
}

/** An error as a worker sends it back. */
export function serialize(e: unknown): SerializedError {
  const err = e as Error & { where?: BadInputError["where"] };
  return { name: err?.name ?? "Error", message: err?.message ?? String(e), where: err?.where };
}

function revive(s: SerializedError): Error {
  if (s.name === "BadInputError") return new BadInputError(s.message, s.where ?? { file: "" });
  if (s.name === "ValueError") return new ValueError(s.message);
  const e = new Error(s.message);
  e.name = s.name;
  return e;
}

/** A worker's part: the evaluator state of one split of the file. */
export async function evaluateSplit(split: Split, plan: Plan, file: string): Promise<{ state: EvaluatorState; rows: number; warnings: string[] }> {
  const reader = await openSplit(split);
  try {
    const warnings: string[] = [];
    const ev = createEvaluator(plan.task, { ...plan.options, onWarning: (m) => warnings.push(m) });
    const rows = await feed(ev, reader, plan, file);
    return { state: withRawArrays(() => ev.toJSON()), rows, warnings };
  } finally {
    await reader.close();
  }
}

/** The default thread count: the cores. */
export function defaultThreads(): number {
  return cpus().length || 1;
}
