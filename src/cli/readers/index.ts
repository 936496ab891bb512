/// <reference types="node" />
/**
 * The table readers of the `mlmetrics` command: {@link openTable}, {@link splitTable},
 * {@link openSplit}. See types.ts for the interface and docs/cli-readers.md for the design
 * (formats, number grammar, splitting, the choice of libraries, measured speeds).
 *
 * Format: the `format` option, else the extension (`.csv`, `.tsv`, `.csv.gz`, `.tsv.gz`, `.jsonl`,
 * `.ndjson` (also `.gz`), `.parquet`, `.arrow`, `.feather`, `.ipc`, `.arrows`), else sniffed from
 * the content: gzip magic bytes (always honoured, whatever the format says), `PAR1` (Parquet),
 * `ARROW1` (Arrow IPC file), the `0xFFFFFFFF` continuation marker (Arrow IPC stream), `{`
 * (JSON Lines), otherwise text: TSV when the first line has a tab and no comma, else CSV.
 *
 * Stdin (`-`): sniffed the same way. Parquet and the Arrow IPC *file* format need random access
 * (their footer is at the end), so stdin in those formats is first copied to a temporary file
 * (deleted on `close()`); text formats and the Arrow stream format are streamed.
 * @module
 */
import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CsvReader, delimiterCode } from "./csv.js";
import { badInput } from "./errors.js";
import { fileInput, stdinInput } from "./input.js";
import type { TextInput } from "./input.js";
import { StdinInput, isGzip } from "./source.js";
import type { ByteSource } from "./source.js";
import type { OpenOptions, Split, TableFormat, TableReader } from "./types.js";
import { JsonlReader } from "./jsonl.js";
import { CsvRangeReader, splitCsv } from "./csv-split.js";

// Parquet and Arrow (apache-arrow, parquet-wasm) are loaded on first use: a CSV run never pays for them.
const parquet = () => import("./parquet.js");
const arrow = () => import("./arrow.js");

export * from "./types.js";

const FORMATS: readonly TableFormat[] = ["csv", "tsv", "jsonl", "parquet", "arrow"];

/** The format implied by a file name, or undefined. */
export function formatFromName(path: string): TableFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".tsv") || name.endsWith(".tab")) return "tsv";
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  if (name.endsWith(".parquet") || name.endsWith(".pq")) return "parquet";
  if (name.endsWith(".arrow") || name.endsWith(".feather") || name.endsWith(".ipc") || name.endsWith(".arrows")) return "arrow";
  return undefined;
}

/** The format of some content from its first bytes (already decompressed), or undefined for plain text. */
export function sniffFormat(head: Uint8Array): TableFormat | undefined {
  const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, 64)).toString("latin1");
  if (ascii.startsWith("PAR1")) return "parquet";
  if (ascii.startsWith("ARROW1")) return "arrow";
  if (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return "arrow";
  const text = ascii.replace(/^\ufeff|^\xef\xbb\xbf/, "").trimStart();
  if (text.startsWith("{")) return "jsonl";
  return undefined;
}

/** CSV or TSV from the first line: TSV when it has a tab and no comma. */
export function sniffDelimited(firstLine: string): "csv" | "tsv" {
  return firstLine.includes("\t") && !firstLine.includes(",") ? "tsv" : "csv";
}

/** Reads up to `n` bytes from the start of a source (the source is consumed). */
async function head(src: ByteSource, n: number): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  while (total < n) {
    const c = await src.next();
    if (c === null) break;
    parts.push(c);
    total += c.length;
  }
  return Buffer.concat(parts, total);
}

function checkFormat(format: string | undefined, file: string): TableFormat | undefined {
  if (format === undefined) return undefined;
  if (!FORMATS.includes(format as TableFormat)) throw badInput({ file }, `unknown format ${JSON.stringify(format)} (one of ${FORMATS.join(", ")})`);
  return format as TableFormat;
}

/** The format of a text input: the option, the name, or sniffed from its first 64 KiB. */
async function textFormat(input: TextInput, given: TableFormat | undefined, file: string): Promise<TableFormat> {
  if (given) return given;
  const byName = input.path === "-" ? undefined : formatFromName(input.path);
  if (byName) return byName;
  const src = await input.open(false);
  let h: Uint8Array;
  try {
    h = await head(src, 1 << 16);
  } finally {
    await src.close();
  }
  const f = sniffFormat(h);
  if (f === "parquet" || f === "arrow") {
    if (input.gzip) throw badInput({ file }, `a gzip-compressed ${f === "parquet" ? "Parquet" : "Arrow"} file is not supported (decompress it first)`);
    return f;
  }
  if (f) return f;
  const text = Buffer.from(h.buffer, h.byteOffset, h.length).toString("utf8");
  const nl = text.indexOf("\n");
  return sniffDelimited(nl < 0 ? text : text.slice(0, nl));
}

/**
 * Opens a table for reading (`"-"`: stdin). Reads the header (CSV/TSV), the first object (JSON
 * Lines) or the schema (Parquet, Arrow). Errors: a {@link BadInputError} naming the file (missing
 * file, empty file, unreadable Parquet/Arrow, bad gzip).
 */
export async function openTable(path: string, options: OpenOptions = {}): Promise<TableReader> {
  const file = path;
  const given = checkFormat(options.format, file);
  if (path === "-") return openStdin(options, given);
  const input = await fileInput(path);
  // the option, else the name, else the content (a .csv that is really Parquet is read as CSV: the name wins)
  const format = given ?? formatFromName(path) ?? (await textFormat(input, undefined, file));
  if (format === "parquet" || format === "arrow") {
    if (input.gzip) throw badInput({ file }, `a gzip-compressed ${format === "parquet" ? "Parquet" : "Arrow"} file is not supported (decompress it first)`);
    return format === "parquet" ? (await parquet()).ParquetReader.open(path, path) : (await arrow()).ArrowReader.open(path, path);
  }
  return openText(input, format, options);
}

async function openText(input: TextInput, format: TableFormat, options: OpenOptions): Promise<TableReader> {
  if (format === "jsonl") return JsonlReader.open(input);
  const f = format as "csv" | "tsv";
  return CsvReader.open(input, delimiterCode(options.delimiter, f, input.path), f);
}

async function openStdin(options: OpenOptions, given: TableFormat | undefined): Promise<TableReader> {
  const stdin = new StdinInput();
  const probe = stdin.openReplay();
  const raw = await head(probe, 4);
  const gzip = isGzip(raw);
  const input = stdinInput(stdin, gzip);
  let format = given;
  const src = await input.open(false);
  const h = await head(src, 1 << 16);
  const sniffed = sniffFormat(h);
  if (format === undefined) {
    if (sniffed) format = sniffed;
    else {
      const text = Buffer.from(h.buffer, h.byteOffset, h.length).toString("utf8");
      const nl = text.indexOf("\n");
      format = sniffDelimited(nl < 0 ? text : text.slice(0, nl));
    }
  }
  if (format === "parquet" || format === "arrow") {
    if (gzip) throw badInput({ file: "-" }, "gzip-compressed Parquet/Arrow is not supported (decompress it first)");
    const rest = stdin.openFinal();
    // Arrow stream format: streamed; Parquet and the Arrow file format: spooled to a temporary file
    const isArrowFile = Buffer.from(h.buffer, h.byteOffset, Math.min(6, h.length)).toString("latin1") === "ARROW1";
    if (format === "arrow" && !isArrowFile) return (await arrow()).ArrowReader.fromStream("-", rest);
    const spool = await spoolToTemp(rest);
    const reader = format === "parquet" ? await (await parquet()).ParquetReader.open(spool.path, "-") : await (await arrow()).ArrowReader.open(spool.path, "-");
    return withCleanup(reader, spool.remove);
  }
  return openText(input, format, options);
}

/** Copies a source to a new temporary file. */
async function spoolToTemp(src: ByteSource): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "mlmetrics-stdin-"));
  const path = join(dir, "stdin");
  const fh = await open(path, "w");
  try {
    for (let c = await src.next(); c !== null; c = await src.next()) await fh.write(c);
  } finally {
    await fh.close();
  }
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

function withCleanup(reader: TableReader, cleanup: () => Promise<void>): TableReader {
  const close = reader.close.bind(reader);
  return Object.assign(reader, {
    close: async () => {
      try {
        await close();
      } finally {
        await cleanup();
      }
    },
  });
}

/**
 * Splits a file into `parts` (at most) independent pieces for worker threads, in order, covering
 * every row exactly once: Parquet by row groups, Arrow IPC files by record batches, CSV/TSV by byte
 * ranges cut at record ends (quote-aware: see csv-split.ts). Gzip, stdin, JSON Lines and the Arrow
 * stream format give one piece (`kind: "whole"`).
 */
export async function splitTable(path: string, parts: number, options: OpenOptions = {}): Promise<Split[]> {
  const n = Math.max(1, Math.floor(parts));
  const whole: Split[] = [{ kind: "whole", path, options, part: 0, parts: 1 }];
  if (path === "-" || n === 1) return whole;
  const given = checkFormat(options.format, path);
  const input = await fileInput(path);
  const format = given ?? formatFromName(path) ?? (await textFormat(input, undefined, path));
  if (input.gzip) return whole;
  if (format === "parquet") return (await parquet()).splitParquet(path, n, options);
  if (format === "arrow") return (await arrow()).splitArrow(path, n, options);
  if (format === "csv" || format === "tsv") {
    const f = format;
    return splitCsv(path, n, { ...options, format: f }, delimiterCode(options.delimiter, f, path));
  }
  return whole;
}

/** Opens one piece of {@link splitTable} (in any thread). */
export async function openSplit(split: Split): Promise<TableReader> {
  switch (split.kind) {
    case "whole":
      return openTable(split.path, split.options);
    case "csv-range": {
      const f = split.options.format === "tsv" ? "tsv" : "csv";
      return CsvRangeReader.open(split, delimiterCode(split.options.delimiter, f, split.path), f);
    }
    case "parquet-row-groups":
      return (await parquet()).ParquetReader.open(split.path, split.path, { first: split.first, end: split.end, firstRow: split.firstRow });
    case "arrow-batches":
      return (await arrow()).ArrowReader.open(split.path, split.path, { first: split.first, end: split.end, firstRow: split.firstRow });
  }
}


