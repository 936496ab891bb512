/// <reference types="node" />
/**
 * Parquet through parquet-wasm (Rust's arrow-rs `parquet` crate compiled to WebAssembly; every
 * codec: snappy, gzip, brotli, zstd, lz4) and apache-arrow: each requested column of each row group
 * is decoded to Arrow (in chunks of `batchRows` rows) and converted by arrow-cells.ts. Batches never
 * span a row group. Errors name the row group, the row (in the group and in the file) and the
 * column; an unreadable file is "not a readable Parquet file (<parquet-wasm's reason>)".
 *
 * Why parquet-wasm (measured on a 10⁷-row file, 3 float64 columns + a string column, snappy, row
 * groups of 2²⁰ rows; see docs/cli-readers.md): it read the three columns in 1.2 s (4 columns:
 * 1.8 s), against 3.3 s (5.2 s) for hyparquet (pure JS) and 1.4 s (3.6 s) for @duckdb/node-api,
 * whose native binary weighs 70 MB in node_modules against parquet-wasm's 15 MB (3 builds of one
 * 4.9 MB .wasm; apache-arrow, needed for Arrow IPC anyway, converts its output).
 *
 * Memory: one row group's requested columns at a time, one column at a time through the
 * WebAssembly decoder (peak RSS ≈ 230 MiB with 2²⁰-row groups, ≈ 130 MiB with 2¹⁷-row groups).
 * @module
 */
import { openAsBlob } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import type { Data, Schema } from "apache-arrow";
import type { ParquetFile as ParquetFileT } from "parquet-wasm/node";
import { ArrowColumn } from "./arrow-cells.js";
import { groupRanges, sampleRows } from "./arrow.js";
import { badInput } from "./errors.js";
import type { BadInputWhere, BatchRequest, CellValues, ColumnBatch, OpenOptions, Split, TableReader } from "./types.js";
import { BadInputError, DEFAULT_BATCH_ROWS } from "./types.js";

type ParquetWasm = typeof import("parquet-wasm/node");
let wasm: Promise<ParquetWasm> | null = null;
/** parquet-wasm, loaded (and its WebAssembly compiled) on first use. */
function parquetWasm(): Promise<ParquetWasm> {
  return (wasm ??= import("parquet-wasm/node"));
}

/** A row-group range of a Parquet file (a split). */
export interface RowGroupRange {
  first: number;
  end: number;
  firstRow: number;
}

function reasonOf(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, " ").trim();
}

/** A Parquet file's metadata as the reader needs it. */
interface ParquetInfo {
  file: ParquetFileT;
  schema: Schema;
  rows: number[];
  bytes: number[];
  size: number;
}

async function openParquet(path: string, file: string): Promise<ParquetInfo> {
  const pw = await parquetWasm();
  let pf: ParquetFileT;
  let blob: Blob;
  try {
    blob = await openAsBlob(path);
  } catch (e) {
    throw badInput({ file }, reasonOf(e));
  }
  try {
    pf = await pw.ParquetFile.fromFile(blob);
  } catch (e) {
    throw badInput({ file }, `not a readable Parquet file (${reasonOf(e)})`);
  }
  const meta = pf.metadata();
  const rows: number[] = [];
  const bytes: number[] = [];
  for (let g = 0, ng = meta.numRowGroups(); g < ng; g++) {
    const rg = meta.rowGroup(g);
    rows.push(Number(rg.numRows()));
    bytes.push(Number(rg.compressedSize()));
    rg.free();
  }
  meta.free();
  let schema: Schema;
  try {
    schema = tableFromIPC(pf.schema().intoIPCStream()).schema;
  } catch (e) {
    throw badInput({ file }, `unreadable Parquet schema (${reasonOf(e)})`);
  }
  return { file: pf, schema, rows, bytes, size: blob.size };
}

/** A Parquet table (a file; stdin is spooled to a temporary file first by openTable). */
export class ParquetReader implements TableReader {
  readonly format = "parquet" as const;
  readonly rowsKnown = true;
  private read = 0;

  private constructor(
    private readonly info: ParquetInfo,
    private readonly file: string,
    private readonly range: RowGroupRange | undefined,
  ) {}

  /** Opens `path` (`file`: its name in messages), optionally only row groups [first, end). */
  static async open(path: string, file: string, range?: RowGroupRange): Promise<ParquetReader> {
    return new ParquetReader(await openParquet(path, file), file, range);
  }

  get columns(): readonly string[] {
    return this.info.schema.fields.map((f) => f.name);
  }

  /** The file size (a split: its row groups' compressed bytes). */
  get totalBytes(): number {
    if (!this.range) return this.info.size;
    return this.info.bytes.slice(this.range.first, this.range.end).reduce((a, b) => a + b, 0);
  }

  get bytesRead(): number {
    return this.read;
  }

  private async *pass(track: boolean, request: BatchRequest, limit = Infinity): AsyncGenerator<ColumnBatch> {
    const file = this.file;
    const batchRows = Math.max(1, Math.floor(request.batchRows ?? DEFAULT_BATCH_ROWS));
    const cols = request.columns.map((name) => {
      const field = this.info.schema.fields.find((f) => f.name === name);
      if (!field)
        throw badInput({ file, column: name }, `no such column (the columns are ${this.columns.map((c) => JSON.stringify(c)).join(", ")})`);
      return new ArrowColumn(name, request.types[name] ?? "auto", field, { file });
    });
    const { rows } = this.info;
    const first = this.range?.first ?? 0;
    const end = this.range?.end ?? rows.length;
    let groupRow = this.range?.firstRow ?? 0;
    let left = limit;
    for (let g = first; g < end && left > 0; g++) {
      const n = Math.min(rows[g], left);
      // each column of the row group, decoded to Arrow chunks of batchRows rows
      const chunks: (readonly Data[])[] = [];
      for (const name of request.columns) {
        let bytes: Uint8Array;
        try {
          const t = await this.info.file.read({ rowGroups: [g], columns: [name], batchSize: batchRows, limit: n });
          bytes = t.intoIPCStream();
        } catch (e) {
          throw badInput({ file, rowGroup: g, column: name }, `unreadable column data (${reasonOf(e)})`);
        }
        const col = tableFromIPC(bytes).getChildAt(0);
        chunks.push(col ? col.data : []);
      }
      // walk the columns' chunks together (their boundaries normally coincide)
      const at = chunks.map(() => [0, 0]); // [chunk index, offset in chunk] per column
      for (let done = 0; done < n; ) {
        let len = Math.min(batchRows, n - done);
        for (let j = 0; j < chunks.length; j++) {
          const d = chunks[j][at[j][0]];
          if (!d) throw badInput({ file, rowGroup: g, column: request.columns[j] }, "fewer values than the row group's rows");
          len = Math.min(len, d.length - at[j][1]);
        }
        const columns: Record<string, CellValues> = {};
        const base = groupRow;
        for (let j = 0; j < cols.length; j++) {
          const [ci, off] = at[j];
          const d = chunks[j][ci];
          const first = done - off; // the group row of the chunk's row 0
          const where = (i: number): BadInputWhere => ({ file, rowGroup: g, rowInGroup: first + i, row: base + first + i });
          columns[request.columns[j]] = cols[j].convert(d, off, off + len, where);
          at[j][1] += len;
          if (at[j][1] === d.length) at[j] = [ci + 1, 0];
        }
        yield { n: len, start: groupRow + done, columns };
        done += len;
      }
      if (track) this.read += this.info.bytes[g];
      groupRow += rows[g];
      left -= n;
    }
    if (track && left > 0) this.read = this.totalBytes; // the footer and page headers too
  }

  async sample(rows: number): Promise<ColumnBatch> {
    return sampleRows((req, limit) => this.pass(false, req, limit), this.columns, rows);
  }

  batches(request: BatchRequest): AsyncIterable<ColumnBatch> {
    return this.pass(true, request);
  }

  async close(): Promise<void> {
    try {
      this.info.file.free();
    } catch {
      /* already freed */
    }
  }
}

/** Splits a Parquet file into runs of consecutive row groups of about equal compressed size. */
export async function splitParquet(path: string, parts: number, options: OpenOptions): Promise<Split[]> {
  const info = await openParquet(path, path);
  try {
    if (info.rows.length === 0) return [{ kind: "whole", path, options, part: 0, parts: 1 }];
    return groupRanges(info.bytes, info.rows, parts).map(([first, end, firstRow], part, all) => ({
      kind: "parquet-row-groups",
      path,
      options,
      part,
      parts: all.length,
      first,
      end,
      firstRow,
    }));
  } finally {
    info.file.free();
  }
}

export { BadInputError };
