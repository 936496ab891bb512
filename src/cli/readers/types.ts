/**
 * The table readers' interface: a predictions file (CSV, TSV, gzip, JSON Lines, Parquet, Arrow IPC)
 * streamed as column batches, and the one error type for bad input.
 *
 * The command (`mlmetrics …`) is written against these types; the readers live beside them
 * (csv.ts, jsonl.ts, parquet.ts, arrow.ts) and are opened through `openTable` / `splitTable` /
 * `openSplit` (index.ts).
 * @module
 */

/** The values of one column in one batch. */
export type CellValues =
  /** Every cell a finite number (for columns read as `"auto"`: also NaN for an empty/null cell, and ±Infinity). */
  | { kind: "number"; values: Float64Array }
  | { kind: "string"; values: string[] }
  | { kind: "boolean"; values: boolean[] };

/** Consecutive rows of the requested columns. */
export interface ColumnBatch {
  /** Rows in this batch. */
  n: number;
  /**
   * Index (0-based, data rows only) of the batch's first row in the file. For a CSV/TSV split
   * (a byte range, see {@link Split}) the rows before the range are not counted in advance: there
   * `start` counts from the range's first row ({@link TableReader.rowsKnown} is false) and error
   * messages name the file's true line numbers instead.
   */
  start: number;
  /** The requested columns, by name. */
  columns: Record<string, CellValues>;
}

/**
 * How to read a column:
 * - `"number"`: every cell must be a finite number; anything else (text, an empty cell, a null, NaN,
 *   ±Infinity, a boolean) is a {@link BadInputError}.
 * - `"label"`: class labels. Typed sources (Parquet, Arrow, JSON) keep their type: numbers (finite),
 *   booleans, strings; in CSV/TSV a column is numbers when every cell of the first batch is a finite
 *   number, else strings. The first batch decides and the rest is held to it (a later cell that
 *   breaks the decision is a BadInputError). Empty cells / nulls are errors; in CSV an empty cell of a
 *   string column is the label `""`. A JSON column that mixes numbers and strings becomes strings
 *   (`String(x)` of each number).
 * - `"auto"`: as `"label"` but lenient, like pandas' type guessing: empty cells and nulls are NaN in
 *   number columns and `""` in string columns, `nan`/`inf` text is accepted as NaN/±Infinity, and a
 *   boolean column with nulls becomes strings (`"true"`, `"false"`, `""`). {@link TableReader.sample}
 *   reads every column this way.
 */
export type ColumnType = "number" | "label" | "auto";

/** Where bad input was found: the file and as much of line / row group / row / column as is known. */
export interface BadInputWhere {
  /** The file name as given to `openTable` (`"-"`: stdin, shown as `<stdin>`). */
  file: string;
  /** 1-based physical line of a text file (CSV/TSV/JSONL); the CSV header is line 1. */
  line?: number;
  /** 0-based Parquet row group (or Arrow record batch, in `recordBatch`). */
  rowGroup?: number;
  /** 0-based Arrow IPC record batch. */
  recordBatch?: number;
  /** 0-based data row index in the file, when known. */
  row?: number;
  /** 0-based row within the row group / record batch. */
  rowInGroup?: number;
  /** The column, when the problem is one cell or one column. */
  column?: string;
}

/**
 * Bad input: a malformed file, a missing column, or a cell that does not fit its column type. The
 * message is complete and names the file and the place, e.g.
 * `data.csv: line 7, column "y_pred": not a number: "abc"`. The command exits with code 2 on it.
 */
export class BadInputError extends Error {
  override readonly name = "BadInputError";
  /**
   * @param message the complete message (file, place and reason)
   * @param where the file and place
   * @param reason the message without the file and place (to rebuild it for another place)
   */
  constructor(
    message: string,
    readonly where: BadInputWhere,
    readonly reason: string = message,
  ) {
    super(message);
  }
}

/** What {@link TableReader.batches} reads. */
export interface BatchRequest {
  /** The columns to read, by name (each must exist in the file). */
  columns: string[];
  /** How to read each requested column (missing ones: `"auto"`). */
  types: Record<string, ColumnType>;
  /** Rows per batch (default {@link DEFAULT_BATCH_ROWS}); the last batch may be shorter, and Parquet/Arrow batches never span a row group / record batch. */
  batchRows?: number;
}

/** The default rows per batch. */
export const DEFAULT_BATCH_ROWS = 65536;

/** A table being read. Not safe for concurrent iteration: one `batches()` at a time. */
export interface TableReader {
  /** The format that is being read (after sniffing). */
  readonly format: TableFormat;
  /** The file's column names, in order (JSON Lines: the keys of the first object). */
  readonly columns: readonly string[];
  /** Size in bytes when known (files; not stdin). Gzip: the compressed size. */
  readonly totalBytes: number | undefined;
  /** Bytes consumed so far (gzip: compressed bytes), for a progress bar. */
  readonly bytesRead: number;
  /** Whether batch `start` indices count from the file's first row (false only for CSV/TSV byte-range splits). */
  readonly rowsKnown: boolean;
  /** The first `rows` rows (fewer if the file is shorter) of every column, read as `"auto"`. */
  sample(rows: number): Promise<ColumnBatch>;
  /**
   * All rows of the requested columns in batches of about `batchRows` rows. Throws (while iterating)
   * a {@link BadInputError} on the first bad cell or malformed row; batches already yielded are then
   * to be discarded (the command reports the error, never a partial result). Stdin can be iterated once.
   */
  batches(request: BatchRequest): AsyncIterable<ColumnBatch>;
  /** Releases the file (and a stdin spool file). */
  close(): Promise<void>;
}

/** The formats: CSV and TSV (optionally gzip-compressed: detected by the magic bytes), JSON Lines, Parquet, Arrow IPC (file or stream format). */
export type TableFormat = "csv" | "tsv" | "jsonl" | "parquet" | "arrow";

/** Options of {@link openTable} and {@link splitTable}. */
export interface OpenOptions {
  /** The format; default: from the extension, else sniffed from the content. Gzip is always detected by its magic bytes. */
  format?: TableFormat;
  /** CSV field delimiter (one ASCII character; default `,` for CSV, tab for TSV). */
  delimiter?: string;
}

/**
 * An independent piece of a file for a worker thread: plain data (structured-clonable), opened with
 * `openSplit`. The pieces of one `splitTable` call cover every row exactly once, in order.
 */
export type Split =
  /** The whole file (gzip, stdin, JSON Lines, Arrow stream, a small file, or `parts` = 1). */
  | { kind: "whole"; path: string; options: OpenOptions; part: number; parts: number }
  /** CSV/TSV bytes [byteStart, byteEnd) cut at record ends (quote-aware); the header is read from the file's start. */
  | { kind: "csv-range"; path: string; options: OpenOptions; part: number; parts: number; byteStart: number; byteEnd: number }
  /** Parquet row groups [first, end), whose first row is the file's row `firstRow`. */
  | { kind: "parquet-row-groups"; path: string; options: OpenOptions; part: number; parts: number; first: number; end: number; firstRow: number }
  /** Arrow IPC file record batches [first, end), whose first row is the file's row `firstRow`. */
  | { kind: "arrow-batches"; path: string; options: OpenOptions; part: number; parts: number; first: number; end: number; firstRow: number };
