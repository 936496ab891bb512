/**
 * JSON Lines: one JSON object per line (blank lines skipped; CRLF and a UTF-8 BOM accepted). The
 * columns are the keys of the first object; later objects may have more keys (ignored) but a
 * requested key that is missing or `null` is an error naming the line (except for `"auto"`
 * columns). Values: numbers, strings, booleans (see values.ts for the column rules).
 * @module
 */
import { badInput } from "./errors.js";
import type { TextInput } from "./input.js";
import { LinePieces } from "./source.js";
import type { ByteSource } from "./source.js";
import type { BadInputWhere, BatchRequest, CellValues, ColumnBatch, TableReader } from "./types.js";
import { DEFAULT_BATCH_ROWS } from "./types.js";
import { ValueColumn } from "./values.js";

/** Parses one line; a BadInputError unless it is a JSON object. */
function parseLine(text: string, file: string, line: number): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw badInput({ file, line }, `not valid JSON (${(e as Error).message})`);
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw badInput({ file, line }, "not a JSON object (each line must be one object)");
  return v as Record<string, unknown>;
}

/** Lines of the text: calls `each(text, line)` for every non-blank line. */
async function* lines(src: ByteSource): AsyncGenerator<[string, number]> {
  const pieces = new LinePieces(src);
  let line = 0;
  let first = true;
  for (let b = await pieces.next(); b !== null; b = await pieces.next()) {
    const s = b.toString("utf8");
    let p = first && s.charCodeAt(0) === 0xfeff ? 1 : 0;
    first = false;
    const n = s.length;
    while (p < n) {
      const e = s.indexOf("\n", p);
      line++;
      // blank (or whitespace-only) lines are skipped
      let a = p;
      while (a < e && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9 || s.charCodeAt(a) === 13)) a++;
      if (a < e) yield [s.substring(a, e), line];
      p = e + 1;
    }
  }
}

/** A JSON Lines table (a file or stdin, plain or gzip). */
export class JsonlReader implements TableReader {
  readonly format = "jsonl" as const;
  readonly rowsKnown = true;
  private active: ByteSource | null = null;

  private constructor(
    private readonly input: TextInput,
    readonly columns: readonly string[],
  ) {}

  /** Opens a text input as JSON Lines: the keys of the first object are the columns. */
  static async open(input: TextInput): Promise<JsonlReader> {
    const src = await input.open(false);
    try {
      for await (const [text, line] of lines(src)) return new JsonlReader(input, Object.keys(parseLine(text, input.path, line)));
    } finally {
      await src.close();
    }
    throw badInput({ file: input.path }, "empty file (no JSON object)");
  }

  get totalBytes(): number | undefined {
    return this.input.size;
  }

  get bytesRead(): number {
    return this.active?.bytesRead ?? 0;
  }

  async sample(rows: number): Promise<ColumnBatch> {
    const it = this.pass(false, { columns: [...this.columns], types: {}, batchRows: Math.max(1, rows) });
    try {
      const r = await it.next();
      if (!r.done) return r.value;
    } finally {
      await it.return(undefined);
    }
    const columns: Record<string, CellValues> = {};
    for (const c of this.columns) columns[c] = { kind: "string", values: [] };
    return { n: 0, start: 0, columns };
  }

  batches(request: BatchRequest): AsyncIterable<ColumnBatch> {
    return this.pass(true, request);
  }

  private async *pass(final: boolean, request: BatchRequest): AsyncGenerator<ColumnBatch> {
    const file = this.input.path;
    for (const name of request.columns)
      if (!this.columns.includes(name))
        throw badInput({ file, column: name }, `no such key in the first object (its keys are ${this.columns.map((c) => JSON.stringify(c)).join(", ")})`);
    const batchRows = Math.max(1, Math.floor(request.batchRows ?? DEFAULT_BATCH_ROWS));
    const cols = request.columns.map((name) => new ValueColumn(name, request.types[name] ?? "auto", batchRows));
    const names = request.columns;
    const src = await this.input.open(final);
    if (final) this.active = src;
    let n = 0;
    let start = 0;
    let line = 0;
    const where = (): BadInputWhere => ({ file, line, row: start + n });
    const emit = (): ColumnBatch => {
      const columns: Record<string, CellValues> = {};
      for (let j = 0; j < cols.length; j++) columns[names[j]] = cols[j].emit(n);
      const b = { n, start, columns };
      start += n;
      n = 0;
      return b;
    };
    try {
      for await (const [text, ln] of lines(src)) {
        line = ln;
        const obj = parseLine(text, file, ln);
        for (let j = 0; j < cols.length; j++) {
          let v = obj[names[j]];
          // an inherited property (a key like "constructor" that the object lacks) is missing
          if (v !== null && (typeof v === "object" || typeof v === "function") && !Object.hasOwn(obj, names[j])) v = undefined;
          cols[j].set(n, v, where);
        }
        if (++n === batchRows) yield emit();
      }
      if (n > 0) yield emit();
    } finally {
      await src.close();
    }
  }

  async close(): Promise<void> {
    await this.active?.close();
  }
}
