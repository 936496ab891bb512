/// <reference types="node" />
/**
 * CSV/TSV byte-range splits for parallel reading.
 *
 * A cut must fall at a record end, and a line break inside a quoted field is not one. In an
 * RFC 4180 file (which the reader enforces: quotes appear only around whole fields, doubled
 * inside) a byte is inside a quoted field exactly when an odd number of `"` bytes precede it. So
 * {@link splitCsv} reads the file once (bytes only, `indexOf` at memory speed; no parsing) and cuts
 * after the first `\n` past each target offset that has an even number of quotes before it. That is
 * exact for every valid file; in an invalid one the first stray quote lies inside a piece whose
 * start is still right, and that piece's reader reports it as the one-thread reader would.
 *
 * Rows of a piece are not counted in advance (that would mean parsing the file twice): a piece's
 * batches number their rows from 0 (`rowsKnown` is false) and the command offsets them once the
 * earlier pieces are done, if it needs to. Error messages still give the file's true line: on an
 * error, the lines before the piece are counted (once, only then).
 * @module
 */
import { open } from "node:fs/promises";
import { csvBatches, readCsvHeader, sampleBatch } from "./csv.js";
import type { CsvPassOptions } from "./csv.js";
import { FileRangeSource } from "./source.js";
import type { ByteSource } from "./source.js";
import type { BatchRequest, ColumnBatch, OpenOptions, Split, TableReader } from "./types.js";

/** Bytes read per block while splitting. */
const SCAN_BLOCK = 8 << 20;
/** The smallest piece worth a thread (smaller files give fewer pieces). */
export const MIN_PART_BYTES = 1 << 20;

/**
 * Cuts a CSV/TSV file into at most `parts` byte ranges of about equal size at record ends.
 * `minPartBytes` (default {@link MIN_PART_BYTES}) bounds the piece size from below.
 */
export async function splitCsv(path: string, parts: number, options: OpenOptions, delim: number, minPartBytes = MIN_PART_BYTES): Promise<Split[]> {
  const src = await FileRangeSource.open(path);
  let header;
  try {
    header = await readCsvHeader(src, path, delim);
  } finally {
    await src.close();
  }
  const fh = await open(path, "r");
  try {
    const size = (await fh.stat()).size;
    const body = size - header.endByte;
    const n = Math.max(1, Math.min(parts, Math.floor(body / Math.max(1, minPartBytes))));
    const targets: number[] = [];
    for (let k = 1; k < n; k++) targets.push(header.endByte + Math.floor((body * k) / n));
    const cuts = await cutPoints(fh, header.endByte, size, targets);
    const bounds = [header.endByte, ...cuts, size].filter((b, i, a) => i === 0 || b > a[i - 1]);
    const out: Split[] = [];
    for (let i = 0; i + 1 < bounds.length; i++)
      out.push({ kind: "csv-range", path, options, part: i, parts: bounds.length - 1, byteStart: bounds[i], byteEnd: bounds[i + 1] });
    if (out.length === 0) out.push({ kind: "csv-range", path, options, part: 0, parts: 1, byteStart: header.endByte, byteEnd: size });
    return out;
  } finally {
    await fh.close();
  }
}

/**
 * For each target offset (ascending), the position just after the first `\n` at or after it that
 * is outside quotes (the file's end when there is none). One sequential read from `from`.
 */
async function cutPoints(fh: import("node:fs/promises").FileHandle, from: number, size: number, targets: number[]): Promise<number[]> {
  const cuts: number[] = [];
  if (targets.length === 0) return cuts;
  const buf = Buffer.allocUnsafe(SCAN_BLOCK);
  let odd = false; // quote parity at the block's start
  let t = 0; // index of the current target
  for (let b0 = from; b0 < size && t < targets.length; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(SCAN_BLOCK, size - b0), b0);
    if (bytesRead === 0) break;
    const block = buf.subarray(0, bytesRead);
    // the quotes of this block, in order
    const quotes: number[] = [];
    for (let k = block.indexOf(34); k >= 0; k = block.indexOf(34, k + 1)) quotes.push(k);
    let qi = 0; // quotes before position `at` (within the block)
    let parity: boolean = odd;
    const advance = (at: number) => {
      while (qi < quotes.length && quotes[qi] < at) {
        qi++;
        parity = !parity;
      }
    };
    while (t < targets.length) {
      const rel = Math.max(0, targets[t] - 1 - b0); // a '\n' at rel → cut at rel + 1 ≥ target
      if (rel >= bytesRead) break;
      let cut = -1;
      for (let q = block.indexOf(10, rel); q >= 0; q = block.indexOf(10, q + 1)) {
        advance(q);
        if (!parity) {
          cut = b0 + q + 1;
          break;
        }
      }
      if (cut < 0) break; // no cut in this block: go on in the next one
      cuts.push(cut);
      t++;
      while (t < targets.length && targets[t] < cut + 1) targets[t] = cut + 1;
    }
    advance(bytesRead);
    odd = parity;
    // a target left unresolved in this block continues from the next block's start
    if (t < targets.length && targets[t] - 1 < b0 + bytesRead) targets[t] = b0 + bytesRead + 1;
    b0 += bytesRead;
  }
  while (cuts.length < targets.length) cuts.push(size);
  return cuts;
}

/** Counts `\n` bytes in [0, end) of a file (the lines before a piece, for an error message). */
export async function countLines(path: string, end: number): Promise<number> {
  const src = await FileRangeSource.open(path, 0, end, SCAN_BLOCK);
  let lines = 0;
  try {
    for (let c = await src.next(); c !== null; c = await src.next()) {
      const b = c as Buffer;
      for (let k = b.indexOf(10); k >= 0; k = b.indexOf(10, k + 1)) lines++;
    }
  } finally {
    await src.close();
  }
  return lines;
}

/** One byte range of a CSV/TSV file (a {@link Split} of kind `csv-range`). */
export class CsvRangeReader implements TableReader {
  readonly rowsKnown = false;
  readonly format: "csv" | "tsv";
  private active: ByteSource | null = null;
  private lineBase: Promise<number> | null = null;

  private constructor(
    private readonly split: Extract<Split, { kind: "csv-range" }>,
    readonly columns: readonly string[],
    private readonly delim: number,
    format: "csv" | "tsv",
  ) {
    this.format = format;
  }

  /** Opens the piece: reads the header from the file's start. */
  static async open(split: Extract<Split, { kind: "csv-range" }>, delim: number, format: "csv" | "tsv"): Promise<CsvRangeReader> {
    const src = await FileRangeSource.open(split.path);
    try {
      const h = await readCsvHeader(src, split.path, delim);
      return new CsvRangeReader(split, h.columns, delim, format);
    } finally {
      await src.close();
    }
  }

  get totalBytes(): number {
    return this.split.byteEnd - this.split.byteStart;
  }

  get bytesRead(): number {
    return this.active?.bytesRead ?? 0;
  }

  private pass(track: boolean): CsvPassOptions {
    const { path, byteStart, byteEnd } = this.split;
    return {
      file: path,
      delim: this.delim,
      columns: this.columns,
      open: () => FileRangeSource.open(path, byteStart, byteEnd),
      withHeader: false,
      lineBase: () => (this.lineBase ??= countLines(path, byteStart)),
      rowBase: -1,
      onSource: track ? (s) => (this.active = s) : undefined,
    };
  }

  async sample(rows: number): Promise<ColumnBatch> {
    return sampleBatch(this.pass(false), this.columns, rows);
  }

  batches(request: BatchRequest): AsyncIterable<ColumnBatch> {
    return csvBatches(this.pass(true), request);
  }

  async close(): Promise<void> {
    await this.active?.close();
  }
}
