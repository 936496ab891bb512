/// <reference types="node" />
/**
 * Arrow IPC through apache-arrow: the file format (`ARROW1` … footer; Feather v2) with random
 * access by record batch, and the stream format (also from stdin). Batches never span a record
 * batch; a record batch larger than `batchRows` is sliced. Errors name the record batch, the row
 * (in the batch and in the file) and the column.
 *
 * Compressed record batches (LZ4_FRAME, ZSTD: pyarrow's `write_feather` compresses with LZ4 by
 * default) are read with the codecs of ipc-codecs.ts.
 * @module
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { Message, RecordBatchReader } from "apache-arrow";
import type { RecordBatch, Schema } from "apache-arrow";
import { ArrowColumn } from "./arrow-cells.js";
import { badInput } from "./errors.js";
import { registerIpcCodecs } from "./ipc-codecs.js";
import type { ByteSource } from "./source.js";
import type { BadInputWhere, BatchRequest, CellValues, ColumnBatch, OpenOptions, Split, TableReader } from "./types.js";
import { BadInputError, DEFAULT_BATCH_ROWS } from "./types.js";

/** A record batch range of an Arrow IPC file (a split). */
export interface BatchRange {
  first: number;
  end: number;
  firstRow: number;
}

type AnyReader = RecordBatchReader & { readRecordBatch(i: number): Promise<RecordBatch | null> | RecordBatch | null };

/** Wraps apache-arrow's errors (and those of its codecs) as BadInputErrors naming the file. */
export function arrowError(e: unknown, where: BadInputWhere): Error {
  if (e instanceof BadInputError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (/codec not found/i.test(msg)) return badInput(where, `compressed Arrow IPC data with a codec this reader lacks (${msg})`);
  return badInput(where, `not a readable Arrow IPC file (${msg})`);
}

async function isFileFormat(fh: FileHandle): Promise<boolean> {
  const magic = Buffer.alloc(6);
  await fh.read(magic, 0, 6, 0);
  return magic.toString("latin1") === "ARROW1";
}

/** An Arrow IPC table: a file (file or stream format) or stdin (stream format). */
export class ArrowReader implements TableReader {
  readonly format = "arrow" as const;
  readonly rowsKnown = true;
  private read = 0;
  private readonly handles: FileHandle[] = [];
  /** Stdin stream: record batches read ahead by `sample()`, replayed by `batches()`. */
  private buffered: RecordBatch[] = [];
  private consumed = false;

  private constructor(
    private readonly path: string | null,
    private readonly file: string,
    private readonly schema: Schema,
    readonly totalBytes: number | undefined,
    private readonly fileFormat: boolean,
    private readonly range: BatchRange | undefined,
    private readonly stream: AsyncIterator<RecordBatch> | null,
    private readonly src: ByteSource | null = null,
  ) {}

  get columns(): readonly string[] {
    return this.schema.fields.map((f) => f.name);
  }

  get bytesRead(): number {
    return this.src?.bytesRead ?? this.read;
  }

  /** Opens an Arrow IPC file (either format) at `path`; `file` names it in messages. */
  static async open(path: string, file: string, range?: BatchRange): Promise<ArrowReader> {
    registerIpcCodecs();
    const fh = await open(path, "r");
    try {
      const size = (await fh.stat()).size;
      const fileFormat = await isFileFormat(fh);
      const reader = await ArrowReader.reader(path, fh, fileFormat, file);
      return new ArrowReader(path, file, reader.schema, size, fileFormat, range, null);
    } finally {
      await fh.close();
    }
  }

  /** Reads the stream format from a byte source (stdin). */
  static async fromStream(file: string, src: ByteSource): Promise<ArrowReader> {
    registerIpcCodecs();
    const chunks: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const c = await src.next();
          return c === null ? { done: true, value: undefined } : { done: false, value: c };
        },
      }),
    };
    let reader: AnyReader;
    try {
      reader = (await RecordBatchReader.from(chunks)) as AnyReader;
      await reader.open();
    } catch (e) {
      throw arrowError(e, { file });
    }
    const it = reader[Symbol.asyncIterator]();
    return new ArrowReader(null, file, reader.schema, undefined, false, undefined, it, src);
  }

  private static async reader(path: string, fh: FileHandle | null, fileFormat: boolean, file: string): Promise<AnyReader> {
    try {
      const reader = (fileFormat ? await RecordBatchReader.from(fh ?? (await open(path, "r"))) : await RecordBatchReader.from(createReadStream(path))) as AnyReader;
      await reader.open();
      if (!reader.schema) throw new Error("no schema");
      return reader;
    } catch (e) {
      throw arrowError(e, { file });
    }
  }

  /** The record batches of one pass, with their index and first file row. */
  private async *recordBatches(track: boolean): AsyncGenerator<[RecordBatch, number]> {
    if (this.stream) {
      let i = 0;
      if (track) {
        if (this.consumed) throw new Error("stdin can be read only once");
        this.consumed = true;
        while (this.buffered.length) yield [this.buffered.shift()!, i++];
        for (let r = await this.stream.next(); !r.done; r = await this.stream.next()) yield [r.value, i++];
      } else {
        for (const b of this.buffered) yield [b, i++];
        for (let r = await this.stream.next(); !r.done; r = await this.stream.next()) {
          this.buffered.push(r.value);
          yield [r.value, i++];
        }
      }
      return;
    }
    const path = this.path!;
    if (this.fileFormat) {
      const fh = await open(path, "r");
      this.handles.push(fh);
      try {
        const reader = await ArrowReader.reader(path, fh, true, this.file);
        const end = this.range?.end ?? reader.numRecordBatches;
        for (let i = this.range?.first ?? 0; i < end; i++) {
          let b: RecordBatch | null;
          try {
            b = await reader.readRecordBatch(i);
          } catch (e) {
            throw arrowError(e, { file: this.file, recordBatch: i });
          }
          if (b === null) throw badInput({ file: this.file, recordBatch: i }, "missing record batch");
          if (track) this.read = Math.min(this.totalBytes ?? 0, this.read + b.data.byteLength);
          yield [b, i];
        }
      } finally {
        await fh.close().catch(() => {});
      }
      return;
    }
    const reader = await ArrowReader.reader(path, null, false, this.file);
    let i = 0;
    try {
      for await (const b of reader as AsyncIterable<RecordBatch>) {
        if (track) this.read = Math.min(this.totalBytes ?? 0, this.read + b.data.byteLength);
        yield [b, i++];
      }
    } catch (e) {
      throw arrowError(e, { file: this.file, recordBatch: i });
    }
  }

  private async *pass(track: boolean, request: BatchRequest, limit = Infinity): AsyncGenerator<ColumnBatch> {
    const file = this.file;
    const batchRows = Math.max(1, Math.floor(request.batchRows ?? DEFAULT_BATCH_ROWS));
    const cols = request.columns.map((name) => {
      const field = this.schema.fields.find((f) => f.name === name);
      if (!field)
        throw badInput({ file, column: name }, `no such column (the columns are ${this.columns.map((c) => JSON.stringify(c)).join(", ")})`);
      return new ArrowColumn(name, request.types[name] ?? "auto", field, { file });
    });
    let row = this.range?.firstRow ?? 0;
    let left = limit;
    for await (const [rb, index] of this.recordBatches(track)) {
      const vectors = request.columns.map((name) => rb.getChild(name)!);
      const chunkData = vectors.map((v) => v.data);
      // all columns of a record batch have one Data chunk each
      const n = rb.numRows;
      for (let from = 0; from < n && left > 0; from += batchRows) {
        const to = Math.min(n, from + batchRows, from + left);
        const columns: Record<string, CellValues> = {};
        for (let j = 0; j < cols.length; j++) {
          const base = row;
          columns[request.columns[j]] = cols[j].convert(chunkData[j][0], from, to, (i) => ({ file, recordBatch: index, rowInGroup: i, row: base + i }));
        }
        yield { n: to - from, start: row + from, columns };
        left -= to - from;
      }
      row += n;
      if (left <= 0) break;
    }
  }

  async sample(rows: number): Promise<ColumnBatch> {
    return sampleRows((req, limit) => this.pass(false, req, limit), this.columns, rows);
  }

  batches(request: BatchRequest): AsyncIterable<ColumnBatch> {
    return this.pass(true, request);
  }

  async close(): Promise<void> {
    for (const fh of this.handles.splice(0)) await fh.close().catch(() => {});
  }
}

/** A columnar reader's `sample`: the first `rows` rows of every column of an untracked pass, joined. */
export async function sampleRows(
  pass: (request: BatchRequest, limit: number) => AsyncIterable<ColumnBatch>,
  columns: readonly string[],
  rows: number,
): Promise<ColumnBatch> {
  const parts: ColumnBatch[] = [];
  for await (const b of pass({ columns: [...columns], types: {}, batchRows: Math.max(1, rows) }, rows)) parts.push(b);
  return joinBatches(parts, columns);
}

/** Several batches as one (sample() over record batches smaller than the sample). */
export function joinBatches(parts: ColumnBatch[], names: readonly string[]): ColumnBatch {
  if (parts.length === 1) return parts[0];
  const columns: Record<string, CellValues> = {};
  const n = parts.reduce((s, b) => s + b.n, 0);
  for (const name of names) {
    const cells = parts.map((p) => p.columns[name]);
    const kind = cells[0]?.kind ?? "string";
    if (kind === "number" && cells.every((c) => c.kind === "number")) {
      const out = new Float64Array(n);
      let o = 0;
      for (const c of cells) {
        out.set(c.values as Float64Array, o);
        o += c.values.length;
      }
      columns[name] = { kind: "number", values: out };
    } else if (kind === "boolean" && cells.every((c) => c.kind === "boolean")) {
      columns[name] = { kind: "boolean", values: cells.flatMap((c) => c.values as boolean[]) };
    } else {
      columns[name] = { kind: "string", values: cells.flatMap((c) => Array.from(c.values as ArrayLike<unknown>, (v) => (typeof v === "number" && Number.isNaN(v) ? "" : String(v)))) };
    }
  }
  return { n, start: parts[0]?.start ?? 0, columns };
}

/**
 * Splits an Arrow IPC file into runs of consecutive record batches of about equal byte size; the
 * stream format (no footer) gives one piece. Row counts come from the batches' metadata only.
 */
export async function splitArrow(path: string, parts: number, options: OpenOptions): Promise<Split[]> {
  registerIpcCodecs();
  const fh = await open(path, "r");
  try {
    if (!(await isFileFormat(fh))) return [{ kind: "whole", path, options, part: 0, parts: 1 }];
    const reader = await ArrowReader["reader"](path, fh, true, path);
    const footer = reader.footer!;
    const nb = footer.numRecordBatches;
    const rows: number[] = [];
    const bytes: number[] = [];
    for (let i = 0; i < nb; i++) {
      const block = footer.getRecordBatch(i)!;
      rows.push(await batchRows(fh, Number(block.offset), block.metaDataLength, path, i));
      bytes.push(Number(block.bodyLength) + block.metaDataLength);
    }
    return groupRanges(bytes, rows, parts).map(([first, end, firstRow], part, all) => ({
      kind: "arrow-batches",
      path,
      options,
      part,
      parts: all.length,
      first,
      end,
      firstRow,
    }));
  } finally {
    await fh.close();
  }
}

/** The row count of the record batch whose message starts at `offset`. */
async function batchRows(fh: FileHandle, offset: number, length: number, file: string, index: number): Promise<number> {
  const buf = Buffer.alloc(length);
  await fh.read(buf, 0, length, offset);
  let at = 0;
  if (buf.readInt32LE(0) === -1) at = 4;
  const len = buf.readInt32LE(at);
  try {
    const msg = Message.decode(buf.subarray(at + 4, at + 4 + len));
    return Number((msg.header() as unknown as { length: number | bigint }).length);
  } catch (e) {
    throw arrowError(e, { file, recordBatch: index });
  }
}

/**
 * Consecutive groups of items (record batches, row groups) of about equal weight: at most `parts`
 * groups, none empty. Returns [first, end, firstRow] per group.
 */
export function groupRanges(weights: number[], rows: number[], parts: number): [number, number, number][] {
  const n = weights.length;
  const k = Math.max(1, Math.min(parts, n));
  const total = weights.reduce((a, b) => a + b, 0);
  const out: [number, number, number][] = [];
  let first = 0;
  let row = 0;
  let acc = 0;
  let firstRow = 0;
  for (let i = 0; i < n; i++) {
    acc += weights[i];
    row += rows[i];
    const groupsLeft = k - out.length;
    const itemsLeft = n - i - 1;
    // close the group when its share is reached (or the remaining items are just enough for the remaining groups)
    if (groupsLeft > 1 && (acc >= (total * (out.length + 1)) / k || itemsLeft === groupsLeft - 1)) {
      out.push([first, i + 1, firstRow]);
      first = i + 1;
      firstRow = row;
    }
  }
  if (first < n || out.length === 0) out.push([first, n, firstRow]);
  return out;
}
