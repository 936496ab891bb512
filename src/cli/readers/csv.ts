/// <reference types="node" />
/**
 * CSV and TSV: a hand-written scanner over decoded text pieces (see {@link LinePieces}).
 *
 * - RFC 4180: a header row; fields quoted with `"` may hold delimiters, line breaks and doubled
 *   quotes (`""`); CRLF or LF line ends; a UTF-8 BOM; blank lines (anywhere) are skipped; the last
 *   line may lack its newline. Strict where RFC 4180 is: a quote inside an unquoted field, or text
 *   after a closing quote, is an error (this is also what makes quote-aware splitting exact, see
 *   {@link splitCsv}); a lone CR (not before LF) is field content.
 * - Every row must have the header's number of fields (also past the last requested column).
 * - Numbers: a fast path parses plain decimals straight from the text ({@link fastDecimal},
 *   correctly rounded); quoted numbers, spaces around numbers, long significands and the rest go
 *   through {@link parseNumberText} (`Number()`'s rounding, Python-`float()`-or-stricter grammar).
 *
 * Errors name the 1-based physical line (the header is line 1; a quoted field's line breaks count)
 * and the column.
 * @module
 */
import { badInput, notNumberReason, quote } from "./errors.js";
import { NumberText, decimalBytes, fastEnd, lastNumberText, numberNeedsText, parseNumberText } from "./numbers.js";
import type { ByteSource } from "./source.js";
import { LinePieces, displayName } from "./source.js";
import type { TextInput } from "./input.js";
import type { BadInputWhere, BatchRequest, CellValues, ColumnBatch, ColumnType, TableReader } from "./types.js";
import { BadInputError, DEFAULT_BATCH_ROWS } from "./types.js";

const NL = 10;
const CR = 13;
const QUOTE = 34;

/** Slot kinds: what the scanner does with a field. */
const K_SKIP = 0; // not requested: only checked
const K_NUM = 1; // a number column (or a label/auto column decided numeric)
const K_STR = 2; // a string column (decided)
const K_RAW = 3; // a label/auto column before the first batch decided it: text kept

/** One requested column while batches are read. */
interface Slot {
  name: string;
  field: number;
  mode: ColumnType;
  kind: number;
  /** For label/auto columns: what the first batch decided. */
  decided: "number" | "string" | null;
  nums: Float64Array;
  strs: string[];
  /** Recent strings of this column by their bytes (labels repeat: no decoding, no new string). */
  cache: StringCache;
}

/**
 * Strings of a column's short unquoted fields, found by a hash of their bytes (computed while the
 * field is scanned) and checked byte by byte. Class labels repeat, so most fields cost no decoding
 * and no allocation; a column of mostly distinct values switches the cache off.
 */
class StringCache {
  private readonly map = new Map<number, { bytes: Uint8Array; str: string }>();
  private lookups = 0;
  private misses = 0;
  private off = false;

  get(b: Buffer, a: number, e: number, h: number, pt: PieceText): string {
    const len = e - a;
    if (this.off || len > 32) return pt.get(a, e);
    if (++this.lookups >= 65536) {
      if (this.misses > this.lookups / 4) this.off = true;
      this.lookups = this.misses = 0;
    }
    const hit = this.map.get(h);
    if (hit !== undefined && hit.bytes.length === len) {
      const hb = hit.bytes;
      let i = 0;
      while (i < len && hb[i] === b[a + i]) i++;
      if (i === len) return hit.str;
    }
    const str = pt.get(a, e);
    if (this.map.size < 4096) this.map.set(h, { bytes: Uint8Array.prototype.slice.call(b, a, e), str });
    this.misses++;
    return str;
  }
}

/** The result of reading the header. */
export interface CsvHeader {
  columns: string[];
  /** Bytes up to and including the header's line end (BOM and blank lines before it included). */
  endByte: number;
  /** The header's 1-based line. */
  line: number;
}

/** A piece's text, decoded once when a string field needs it. */
class PieceText {
  private str: string | null = null;
  private ascii = false;
  constructor(readonly b: Buffer) {}
  /** The UTF-8 text of bytes [a, e). */
  get(a: number, e: number): string {
    if (e === a) return "";
    if (this.str === null) {
      this.str = this.b.toString("utf8");
      this.ascii = this.str.length === this.b.length;
    }
    return this.ascii ? this.str.substring(a, e) : this.b.toString("utf8", a, e);
  }
}

const QUOTE_RE = /""/g;

/** Scanner state for one pass; fields and line are tracked here for the slow paths and messages. */
class Scanner {
  /** Current 1-based line (local to a split part: see CsvPassOptions.lineBase). */
  line = 1;
  /** Rows of the current batch filled so far. */
  rows = 0;
  /** Set when a piece ended inside a record: `scan` returned the record's start. */
  incomplete = false;
  /** The text of the last field read by `readField` (when asked for). */
  text = "";
  /** The current piece's text. */
  pt: PieceText = new PieceText(Buffer.alloc(0));
  readonly kinds: Uint8Array;
  readonly slotOf: Int32Array;
  /** 1 for label columns: an empty cell is an error. */
  readonly noEmpty: Uint8Array;

  constructor(
    readonly file: string,
    readonly delim: number,
    readonly names: readonly string[],
    readonly slots: Slot[],
    /** 0-based index of the first data row of this pass, or -1 when unknown (a split part). */
    readonly rowBase: number,
    /** Rows before this batch (in this pass). */
    public batchStart = 0,
  ) {
    this.kinds = new Uint8Array(names.length);
    this.slotOf = new Int32Array(names.length).fill(-1);
    this.noEmpty = new Uint8Array(names.length);
    for (let i = 0; i < slots.length; i++) {
      this.slotOf[slots[i].field] = i;
      this.kinds[slots[i].field] = slots[i].kind;
      this.noEmpty[slots[i].field] = slots[i].mode === "label" ? 1 : 0;
    }
  }

  where(field: number | undefined, line = this.line): BadInputWhere {
    const w: BadInputWhere = { file: this.file, line };
    if (this.rowBase >= 0) w.row = this.rowBase + this.batchStart + this.rows;
    if (field !== undefined && field < this.names.length) w.column = this.names[field];
    return w;
  }

  /**
   * Reads the field at `p` (quoted or not); returns the index of its terminator (a delimiter,
   * `\n`, or the `\r` of `\r\n`), or -1 when the piece ends inside a quoted field. With `want`,
   * sets `this.text` to the field's content (unquoted, `""` → `"`).
   */
  readField(b: Buffer, p: number, field: number, want: boolean): number {
    const d = this.delim;
    const n = b.length;
    if (b[p] !== QUOTE) {
      let q = p;
      for (; q < n; q++) {
        const c = b[q];
        if (c === d || c === NL) break;
        if (c === CR && b[q + 1] === NL) break;
        if (c === QUOTE)
          throw badInput(this.where(field), "a quote inside an unquoted field (RFC 4180: quote the whole field and double the quotes inside it)");
      }
      if (want) this.text = this.pt.get(p, q);
      return q;
    }
    // quoted: find the closing quote, skipping doubled ones
    let q = p + 1;
    let escaped = false;
    let nls = 0;
    for (;;) {
      const k = b.indexOf(QUOTE, q);
      if (k < 0) return -1;
      for (let j = b.indexOf(NL, q); j >= 0 && j < k; j = b.indexOf(NL, j + 1)) nls++;
      if (b[k + 1] === QUOTE) {
        escaped = true;
        q = k + 2;
        continue;
      }
      const after = k + 1;
      if (after >= n) return -1;
      const c = b[after];
      if (c !== d && c !== NL && !(c === CR && b[after + 1] === NL)) {
        const where = this.where(field, this.line + nls);
        const ch = this.pt.get(after, Math.min(n, after + 1));
        throw badInput(where, `unexpected ${JSON.stringify(ch)} after the closing quote of a quoted field`);
      }
      this.line += nls;
      if (want) {
        const inner = this.pt.get(p + 1, k);
        this.text = escaped ? inner.replace(QUOTE_RE, '"') : inner;
      }
      return after;
    }
  }

  /** The error for a record whose field count differs from the header's (the fields are counted for the message). */
  private fieldCountError(b: Buffer, recStart: number, recLine: number): BadInputError {
    let count = 0;
    let p = recStart;
    const saveLine = this.line;
    this.line = recLine;
    for (;;) {
      const e = this.readField(b, p, this.names.length, false);
      count++;
      if (e < 0 || b[e] !== this.delim) break;
      p = e + 1;
    }
    this.line = saveLine;
    return badInput(this.where(undefined, recLine), `${count} field${count === 1 ? "" : "s"}, but the header has ${this.names.length}`);
  }

  /**
   * Scans records from `pos` until `maxRows` rows are filled or the piece ends; returns the
   * position reached. Sets `incomplete` (and returns the record's start) when the piece ends inside
   * a record.
   */
  scan(b: Buffer, pos: number, maxRows: number): number {
    const n = b.length;
    const d = this.delim;
    const nf = this.kinds.length;
    const kinds = this.kinds;
    const slotOf = this.slotOf;
    const slots = this.slots;
    let p = pos;
    let rows = this.rows;
    this.incomplete = false;
    while (rows < maxRows && p < n) {
      let c = b[p];
      if (c === NL) {
        p++;
        this.line++;
        continue;
      }
      if (c === CR && b[p + 1] === NL) {
        p += 2;
        this.line++;
        continue;
      }
      const recStart = p;
      const recLine = this.line;
      for (let f = 0; ; f++) {
        const k = kinds[f];
        let e: number;
        if (k === K_NUM) {
          const v = decimalBytes(b, p);
          e = fastEnd;
          let x = v;
          if (e >= 0 && numberNeedsText) x = Number(b.toString("latin1", p, e));
          if (e >= 0 && x - x === 0 && ((c = b[e]) === d || c === NL || (c === CR && b[e + 1] === NL))) {
            slots[slotOf[f]].nums[rows] = x;
          } else {
            this.rows = rows;
            e = this.slowNumber(b, p, f);
            if (e < 0) return this.suspend(recStart, recLine);
          }
        } else if (k === K_SKIP || k === K_STR) {
          e = p;
          c = b[e];
          if (c !== QUOTE) {
            let h = 0;
            while (c !== d && c !== NL && c !== CR && c !== QUOTE) {
              h = (Math.imul(h, 31) + c) | 0;
              c = b[++e];
            }
            if (c === QUOTE || (c === CR && b[e + 1] !== NL)) {
              this.rows = rows;
              e = this.readField(b, p, f, k === K_STR); // throws on the quote; a lone CR is content
            } else if (k === K_STR) this.text = this.slots[slotOf[f]].cache.get(b, p, e, h, this.pt);
          } else {
            this.rows = rows;
            e = this.readField(b, p, f, k === K_STR);
            if (e < 0) return this.suspend(recStart, recLine);
          }
          if (k === K_STR) {
            if (this.text.length === 0 && this.noEmpty[f] === 1) {
              this.rows = rows;
              throw this.emptyLabel(f);
            }
            slots[slotOf[f]].strs[rows] = this.text;
          }
        } else {
          // K_RAW: keep the text for the first batch's decision
          this.rows = rows;
          e = this.readField(b, p, f, true);
          if (e < 0) return this.suspend(recStart, recLine);
          if (this.text.length === 0 && this.noEmpty[f] === 1) throw this.emptyLabel(f);
          slots[slotOf[f]].strs[rows] = this.text;
        }
        // e: the field's terminator
        c = b[e];
        if (c === d) {
          if (f === nf - 1) {
            this.rows = rows;
            throw this.fieldCountError(b, recStart, recLine);
          }
          p = e + 1;
          continue;
        }
        if (f !== nf - 1) {
          this.rows = rows;
          throw this.fieldCountError(b, recStart, recLine);
        }
        p = c === NL ? e + 1 : e + 2;
        this.line++;
        rows++;
        break;
      }
    }
    this.rows = rows;
    return p;
  }

  private emptyLabel(f: number): BadInputError {
    return badInput(this.where(f), "empty cell (a label column needs a label in every row)");
  }

  private suspend(recStart: number, recLine: number): number {
    this.line = recLine;
    this.incomplete = true;
    return recStart;
  }

  /** A number field that the fast path did not take: returns its terminator (or -1: incomplete). */
  private slowNumber(b: Buffer, p: number, f: number): number {
    const fieldLine = this.line;
    const e = this.readField(b, p, f, true);
    if (e < 0) return -1;
    const slot = this.slots[this.slotOf[f]];
    const text = this.text;
    const v = parseNumberText(text);
    const t = lastNumberText;
    if (t === NumberText.Finite) {
      slot.nums[this.rows] = v;
      return e;
    }
    if (slot.mode === "auto" && t !== NumberText.NotANumber) {
      slot.nums[this.rows] = t === NumberText.Empty ? NaN : v;
      return e;
    }
    let reason = notNumberReason(text, t === NumberText.Empty ? "empty" : t === NumberText.NonFinite ? "nonfinite" : "nan");
    if (slot.decided === "number" && t === NumberText.NotANumber)
      reason += " (the column's first batch held only numbers, so it is read as numbers)";
    if (t === NumberText.Empty && slot.mode === "label") reason = "empty cell (a label column needs a label in every row)";
    throw badInput(this.where(f, fieldLine), reason);
  }
}

/** The header record as read from the start of the text, and where the data starts. */
interface HeaderRecord {
  names: string[];
  /** The piece holding the data's start, and the position there. */
  b: Buffer | null;
  p: number;
  /** The header's 1-based line. */
  headerLine: number;
  /** The line the data starts on. */
  line: number;
  /** Bytes from the start of the text to the data's start. */
  endByte: number;
}

/** Reads the BOM, blank lines and the header record (the first non-blank line) from the start of the text. */
async function readHeaderRecord(pieces: LinePieces, file: string, delim: number): Promise<HeaderRecord> {
  let b = await pieces.next();
  if (b === null) throw badInput({ file }, "empty file (no header line)");
  let p = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  let dropped = 0; // bytes before `b` (pieces dropped on the way)
  const sc = new Scanner(file, delim, [], [], -1);
  for (;;) {
    while (p < b.length && (b[p] === NL || (b[p] === CR && b[p + 1] === NL))) {
      p += b[p] === NL ? 1 : 2;
      sc.line++;
    }
    if (p >= b.length) {
      dropped += b.length;
      b = await pieces.next();
      if (b === null) throw badInput({ file }, "empty file (no header line)");
      p = 0;
      continue;
    }
    sc.pt = new PieceText(b);
    const headerLine = sc.line;
    const names: string[] = [];
    let q = p;
    for (;;) {
      const e = sc.readField(b, q, 0, true);
      if (e < 0) break;
      names.push(sc.text);
      const c = b[e];
      if (c === delim) {
        q = e + 1;
        continue;
      }
      q = c === NL ? e + 1 : e + 2;
      return { names, b, p: q, headerLine, line: sc.line + 1, endByte: dropped + q };
    }
    // a quoted name spans pieces: read on
    if (pieces.atEnd) throw badInput({ file, line: headerLine }, "unclosed quote in the header (the quoted field runs to the end of the file)");
    dropped += p;
    pieces.pushBack(b.subarray(p));
    b = (await pieces.next())!;
    p = 0;
    sc.line = headerLine;
  }
}

/** Reads the header from a fresh source of the whole text. */
export async function readCsvHeader(src: ByteSource, file: string, delim: number): Promise<CsvHeader> {
  const h = await readHeaderRecord(new LinePieces(src), file, delim);
  return { columns: h.names, endByte: h.endByte, line: h.headerLine };
}

/** Options of one CSV pass. */
export interface CsvPassOptions {
  file: string;
  delim: number;
  columns: readonly string[];
  /** Open the byte source of this pass (whole content, or a byte range). */
  open: () => Promise<ByteSource>;
  /** The source starts with the header (a whole file) or not (a byte range of a split). */
  withHeader: boolean;
  /** Lines before this pass's first line, for messages; a function when computed lazily (splits). */
  lineBase: () => Promise<number>;
  /** The 0-based file row of this pass's first row, or -1 when unknown (splits). */
  rowBase: number;
  /** Called with the active source (for bytesRead). */
  onSource?: (src: ByteSource) => void;
}

/** Checks a request against the header: the fields of the requested columns. */
export function resolveColumns(file: string, columns: readonly string[], requested: string[]): number[] {
  return requested.map((name) => {
    const i = columns.indexOf(name);
    if (i < 0) throw badInput({ file, column: name }, `no such column (the columns are ${columns.map((c) => JSON.stringify(c)).join(", ")})`);
    if (columns.indexOf(name, i + 1) >= 0) throw badInput({ file, column: name }, "the header names this column more than once");
    return i;
  });
}

/** One pass over CSV records: batches of the requested columns. */
export async function* csvBatches(opts: CsvPassOptions, request: BatchRequest): AsyncGenerator<ColumnBatch> {
  const batchRows = Math.max(1, Math.floor(request.batchRows ?? DEFAULT_BATCH_ROWS));
  const fields = resolveColumns(opts.file, opts.columns, request.columns);
  const slots: Slot[] = request.columns.map((name, i) => {
    const mode = request.types[name] ?? "auto";
    return { name, field: fields[i], mode, kind: mode === "number" ? K_NUM : K_RAW, decided: null, nums: new Float64Array(0), strs: [], cache: new StringCache() };
  });
  const src = await opts.open();
  opts.onSource?.(src);
  const sc = new Scanner(opts.file, opts.delim, opts.columns, slots, opts.rowBase);
  const pieces = new LinePieces(src);
  const alloc = () => {
    for (const sl of slots) {
      if (sl.kind === K_NUM) sl.nums = new Float64Array(batchRows);
      else sl.strs = new Array<string>(batchRows);
    }
  };
  try {
    let b: Buffer | null;
    let p = 0;
    if (opts.withHeader) {
      const h = await readHeaderRecord(pieces, opts.file, opts.delim);
      b = h.b;
      p = h.p;
      sc.line = h.line;
    } else b = await pieces.next();
    alloc();
    let start = 0;
    let first = true;
    const emit = (): ColumnBatch => {
      const n = sc.rows;
      const columns: Record<string, CellValues> = {};
      for (const sl of slots) {
        if (first && sl.kind === K_RAW) decide(sl, n);
        if (sl.kind === K_NUM) columns[sl.name] = { kind: "number", values: n === batchRows ? sl.nums : sl.nums.slice(0, n) };
        else columns[sl.name] = { kind: "string", values: n === batchRows ? sl.strs : sl.strs.slice(0, n) };
      }
      first = false;
      const b: ColumnBatch = { n, start: start + Math.max(0, opts.rowBase), columns };
      start += n;
      sc.batchStart = start;
      sc.rows = 0;
      return b;
    };
    while (b !== null) {
      sc.pt = new PieceText(b);
      p = sc.scan(b, p, batchRows);
      if (sc.rows === batchRows) {
        const b = emit();
        for (const sl of slots) sc.kinds[sl.field] = sl.kind;
        yield b;
        alloc();
      }
      if (sc.incomplete) {
        if (pieces.atEnd) throw badInput(sc.where(undefined), "unclosed quote (a quoted field that starts on this line runs to the end of the file)");
        pieces.pushBack(b.subarray(p));
        b = await pieces.next();
        p = 0;
        continue;
      }
      if (p >= b.length) {
        b = await pieces.next();
        p = 0;
      }
    }
    if (sc.rows > 0) yield emit();
  } catch (e) {
    if (e instanceof BadInputError && e.where.line !== undefined) {
      const base = await opts.lineBase();
      if (base !== 0) throw badInput({ ...e.where, line: e.where.line + base }, e.reason);
    }
    throw e;
  } finally {
    await src.close();
  }
}

/** The first batch decides a label/auto column: numbers when every cell reads as one, else strings. */
function decide(sl: Slot, n: number): void {
  const strs = sl.strs;
  const nums = new Float64Array(sl.nums.length > n ? sl.nums.length : Math.max(n, strs.length));
  let numeric = true;
  for (let i = 0; i < n && numeric; i++) {
    const v = parseNumberText(strs[i]);
    const t = lastNumberText;
    if (t === NumberText.Finite) nums[i] = v;
    else if (sl.mode === "auto" && t !== NumberText.NotANumber) nums[i] = t === NumberText.Empty ? NaN : v;
    else numeric = false;
  }
  if (numeric) {
    sl.kind = K_NUM;
    sl.decided = "number";
    sl.nums = nums;
  } else {
    sl.kind = K_STR;
    sl.decided = "string";
  }
}

/** A CSV/TSV table (a whole file or stdin, plain or gzip). */
export class CsvReader implements TableReader {
  readonly format: "csv" | "tsv";
  readonly rowsKnown = true;
  private active: ByteSource | null = null;

  constructor(
    private readonly input: TextInput,
    readonly columns: readonly string[],
    private readonly delim: number,
    format: "csv" | "tsv",
  ) {
    this.format = format;
  }

  /** Opens a text input as CSV/TSV: reads the header. */
  static async open(input: TextInput, delim: number, format: "csv" | "tsv"): Promise<CsvReader> {
    const src = await input.open(false);
    try {
      const h = await readCsvHeader(src, input.path, delim);
      return new CsvReader(input, h.columns, delim, format);
    } finally {
      await src.close();
    }
  }

  get totalBytes(): number | undefined {
    return this.input.size;
  }

  get bytesRead(): number {
    return this.active?.bytesRead ?? 0;
  }

  private pass(final: boolean): CsvPassOptions {
    return {
      file: this.input.path,
      delim: this.delim,
      columns: this.columns,
      open: () => this.input.open(final),
      withHeader: true,
      lineBase: async () => 0,
      rowBase: 0,
      onSource: final ? (s) => (this.active = s) : undefined,
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

/** The first `rows` rows of every column of a pass (a reader's `sample`), without reading further. */
export async function sampleBatch(pass: Parameters<typeof csvBatches>[0], columns: readonly string[], rows: number): Promise<ColumnBatch> {
  const it = csvBatches(pass, { columns: [...columns], types: {}, batchRows: Math.max(1, rows) });
  try {
    const r = await it.next();
    return r.done ? emptyBatch(columns) : r.value;
  } finally {
    await it.return(undefined);
  }
}

/** A batch with no rows (auto columns of a header-only file are empty strings columns). */
export function emptyBatch(columns: readonly string[]): ColumnBatch {
  const out: Record<string, CellValues> = {};
  for (const c of columns) out[c] = { kind: "string", values: [] };
  return { n: 0, start: 0, columns: out };
}

/** The delimiter's char code, checked. */
export function delimiterCode(delimiter: string | undefined, format: "csv" | "tsv", file: string): number {
  const d = delimiter ?? (format === "tsv" ? "\t" : ",");
  if (d.length !== 1 || d.charCodeAt(0) > 127 || d === '"' || d === "\n" || d === "\r")
    throw badInput({ file }, `the delimiter must be one ASCII character other than a quote or a line break, not ${JSON.stringify(d)}`);
  return d.charCodeAt(0);
}

export { displayName, quote };
