// The CLI's table readers (src/cli/readers): every format gives the same values for the same
// table, CSV's RFC 4180 corners, every bad-input message, splits that cover every row once, stdin.
// Test files are written into a temporary folder (Parquet with parquet-wasm, Arrow with
// apache-arrow); the compressed Arrow IPC fixtures come from scripts/gen_reader_fixtures.py.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { Bool, Dictionary, Float64, Int32, Int64, RecordBatchStreamWriter, Table, Utf8, makeTable, tableFromArrays, tableToIPC, vectorFromArray } from "apache-arrow";
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { transpileSrc } from "../scripts/load-src.mjs";
import { BadInputError, openSplit, openTable, splitTable } from "../src/cli/readers/index.js";
import type { CellValues, ColumnType, TableReader } from "../src/cli/readers/index.js";
import { splitCsv } from "../src/cli/readers/csv-split.js";
import { decimalBytes, fastEnd, numberNeedsText } from "../src/cli/readers/numbers.js";
import { int64ToNumbers } from "../src/cli/readers/arrow-cells.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/readers/", import.meta.url));
let dir: string;
const at = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlmetrics-readers-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** All rows of the requested columns, concatenated, with the batches' starts and sizes. */
async function readAll(r: TableReader, columns: string[], types: Record<string, ColumnType> = {}, batchRows?: number) {
  const out: Record<string, { kind: string; values: unknown[] }> = {};
  const starts: number[] = [];
  const sizes: number[] = [];
  for await (const b of r.batches({ columns, types, batchRows })) {
    starts.push(b.start);
    sizes.push(b.n);
    for (const c of columns) {
      const cell = b.columns[c];
      expect(cell.values.length).toBe(b.n);
      const o = (out[c] ??= { kind: cell.kind, values: [] });
      expect(cell.kind).toBe(o.kind);
      for (const v of cell.values as ArrayLike<unknown>) o.values.push(v);
    }
  }
  return { columns: out, starts, sizes };
}

async function readFile(path: string, columns: string[], types: Record<string, ColumnType> = {}, batchRows?: number, options = {}) {
  const r = await openTable(path, options);
  try {
    return await readAll(r, columns, types, batchRows);
  } finally {
    await r.close();
  }
}

/** The BadInputError that reading (opening included) throws. */
async function badInput(path: string, columns: string[], types: Record<string, ColumnType> = {}, batchRows?: number, options = {}): Promise<BadInputError> {
  try {
    await readFile(path, columns, types, batchRows, options);
  } catch (e) {
    expect(e).toBeInstanceOf(BadInputError);
    return e as BadInputError;
  }
  throw new Error(`no error reading ${path}`);
}

/** Equal doubles, bit for bit (-0 and NaN included). */
function expectSameNumbers(a: unknown[], b: number[]) {
  expect(a.length).toBe(b.length);
  const bad = a.findIndex((x, i) => !Object.is(x, b[i]));
  expect(bad, bad >= 0 ? `row ${bad}: ${a[bad]} vs ${b[bad]}` : "").toBe(-1);
}

function csvField(s: string): string {
  return /[",\n\r\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// ---------------------------------------------------------------------------------------------
// one table in every format

const N = 3000;
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}
const u = rng(7);
// numbers of every magnitude, written shortest (String) and with many digits
const texts: string[] = [];
for (let i = 0; i < N; i++) {
  const x = (u() - 0.5) * 10 ** Math.floor(u() * 40 - 20) + (i % 7 === 0 ? Math.floor(u() * 100) : 0);
  texts.push([String(x), x.toPrecision(17), x.toPrecision(19), x.toExponential(20), x.toPrecision(21), String(-0)][i % 6]);
}
const A = texts.map(Number); // Number(text): the reference the text formats must reproduce
const B = Array.from({ length: N }, (_, i) => i % 3); // integer labels
const WORDS = ["cat", "dog", 'say "hi"', "x,y", "multi\nline", "café", "tab\there", " space ", "ü∑😀"];
const L = Array.from({ length: N }, (_, i) => WORDS[(i * 7) % WORDS.length]);
const F = Array.from({ length: N }, (_, i) => i % 4 === 1);

function writeTextFormats() {
  const csv = ["a,b,label", ...texts.map((t, i) => `${t},${B[i]},${csvField(L[i])}`)].join("\n") + "\n";
  writeFileSync(at("t.csv"), csv);
  writeFileSync(at("t.csv.gz"), gzipSync(csv));
  const tsvField = (s: string) => (/["\t\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(at("t.tsv"), ["a\tb\tlabel", ...texts.map((t, i) => `${t}\t${B[i]}\t${tsvField(L[i])}`)].join("\r\n") + "\r\n");
  writeFileSync(at("t.jsonl"), texts.map((t, i) => `{"a":${t},"b":${B[i]},"label":${JSON.stringify(L[i])},"f":${F[i]}}`).join("\n") + "\n");
  writeFileSync(at("t.ndjson.gz"), gzipSync(readFileSync(at("t.jsonl"))));
}

function arrowTable(): Table {
  return makeTable({
    a: vectorFromArray(A, new Float64()).data[0],
    b: vectorFromArray(BigInt64Array.from(B.map(BigInt)), new Int64()).data[0],
    label: vectorFromArray(L, new Dictionary(new Utf8(), new Int32())).data[0],
    f: vectorFromArray(F, new Bool()).data[0],
  });
}

function writeParquetFile(path: string, t: Table, rowGroup: number, compression = Compression.SNAPPY) {
  const props = new WriterPropertiesBuilder().setMaxRowGroupSize(rowGroup).setCompression(compression).build();
  writeFileSync(path, writeParquet(WasmTable.fromIPCStream(tableToIPC(t, "stream")), props));
}

function writeArrowFiles() {
  const t = arrowTable();
  // several record batches: re-chunk by slicing
  const batches = [];
  for (let i = 0; i < N; i += 700) batches.push(...t.slice(i, Math.min(N, i + 700)).batches);
  const chunked = new Table(batches);
  writeFileSync(at("t.arrow"), tableToIPC(chunked, "file"));
  writeFileSync(at("t.arrows"), tableToIPC(chunked, "stream"));
  writeParquetFile(at("t.parquet"), t, 1000);
  writeParquetFile(at("t.zstd.parquet"), t, 512, Compression.ZSTD);
}

describe("the same table in every format", () => {
  beforeAll(() => {
    writeTextFormats();
    writeArrowFiles();
  });

  const files = ["t.csv", "t.csv.gz", "t.tsv", "t.jsonl", "t.ndjson.gz", "t.parquet", "t.zstd.parquet", "t.arrow", "t.arrows"];
  test.each(files)("%s: bit-identical numbers, identical strings", async (name) => {
    const r = await openTable(at(name));
    expect(r.columns.slice(0, 3)).toEqual(["a", "b", "label"]);
    const got = await readAll(r, ["a", "b", "label"], { a: "number", b: "label", label: "label" }, 1024);
    await r.close();
    expect(got.columns.a.kind).toBe("number");
    expectSameNumbers(got.columns.a.values, A);
    expect(got.columns.b.kind).toBe("number");
    expectSameNumbers(got.columns.b.values, B);
    expect(got.columns.label).toEqual({ kind: "string", values: L });
    // batches: consecutive, global starts
    let s = 0;
    got.starts.forEach((st, i) => {
      expect(st).toBe(s);
      s += got.sizes[i];
    });
    expect(s).toBe(N);
  });

  test.each(["t.jsonl", "t.parquet", "t.arrow", "t.arrows"])("%s: booleans stay booleans", async (name) => {
    const got = await readFile(at(name), ["f"], { f: "label" });
    expect(got.columns.f).toEqual({ kind: "boolean", values: F });
  });

  test.each(files)("%s: sample() gives the first rows of every column", async (name) => {
    const r = await openTable(at(name));
    const s = await r.sample(10);
    await r.close();
    expect(s.n).toBe(10);
    expect(s.start).toBe(0);
    expectSameNumbers(Array.from(s.columns.a.values as Float64Array), A.slice(0, 10));
    expect(s.columns.label.values).toEqual(L.slice(0, 10));
  });

  test("progress: bytesRead reaches totalBytes for files", async () => {
    for (const name of ["t.csv", "t.csv.gz", "t.parquet"]) {
      const r = await openTable(at(name));
      await readAll(r, ["a"]);
      expect(r.totalBytes).toBe(readFileSync(at(name)).length);
      expect(r.bytesRead).toBe(r.totalBytes);
      await r.close();
    }
  });

  test("compressed Arrow IPC (LZ4 frames, ZSTD; written by pyarrow) reads like the uncompressed", async () => {
    const n = 1000;
    const score = Array.from({ length: n }, (_, i) => Math.round((0.1 * i - 3.7) * 1e6) / 1e6 / 3);
    for (const f of ["small-lz4.feather", "small-zstd.arrow"]) {
      const got = await readFile(join(FIXTURES, f), ["y_true", "score", "label", "flag"], {}, 256);
      expectSameNumbers(got.columns.y_true.values, Array.from({ length: n }, (_, i) => i % 3));
      expectSameNumbers(got.columns.score.values, score);
      expect(got.columns.label.values).toEqual(Array.from({ length: n }, (_, i) => ["cat", "dog", "bird"][i % 3]));
      expect(got.columns.flag).toEqual({ kind: "boolean", values: Array.from({ length: n }, (_, i) => i % 2 === 0) });
    }
  });
});

// ---------------------------------------------------------------------------------------------
// numbers

describe("number text", () => {
  test("the fast paths round exactly as Number() does (random and near-midpoint decimals)", () => {
    const r = rng(11);
    let decided = 0;
    const check = (s: string) => {
      const v = decimalBytes(Buffer.from(`${s},`), 0);
      expect(fastEnd).toBe(s.length);
      if (!numberNeedsText) {
        decided++;
        if (!Object.is(v, Number(s))) expect(v, s).toBe(Number(s));
      }
    };
    for (let i = 0; i < 20000; i++) {
      const x = (r() - 0.5) * 10 ** Math.floor(r() * 44 - 22);
      for (const s of [String(x), x.toPrecision(16), x.toPrecision(17), x.toPrecision(18), x.toPrecision(19)]) check(s);
      // decimal midpoints between adjacent doubles (exact, ≤ 19 digits) and their neighbours
      const k = BigInt(Math.floor(r() * 2 ** 52)) + (1n << 52n);
      const mid = ((2n * k + 1n) << BigInt(Math.floor(r() * 8))).toString();
      if (mid.length <= 19) for (const s of [mid, `${mid.slice(0, -1)}${(Number(mid.at(-1)) + 1) % 10}`]) check(s);
    }
    expect(decided).toBeGreaterThan(70000);
  });

  test("accepted spellings and their values", async () => {
    const cells = ["1e-3", "-0", "+1.5", ".5", "5.", "1E+05", " 7 ", '"2.5"', "0000012", "1.7976931348623157e308", "5e-324", "123456789012345678901234567890"];
    writeFileSync(at("n.csv"), `x\n${cells.join("\n")}\n`);
    const got = await readFile(at("n.csv"), ["x"], { x: "number" });
    expectSameNumbers(got.columns.x.values, [0.001, -0, 1.5, 0.5, 5, 1e5, 7, 2.5, 12, 1.7976931348623157e308, 5e-324, 1.2345678901234568e29]);
  });

  test.each([
    ["abc", 'not a number: "abc"'],
    ["1.2.3", 'not a number: "1.2.3"'],
    ["0x10", 'not a number: "0x10"'],
    ["1_000", 'not a number: "1_000"'],
    ["1,5", "3 fields, but the header has 2"],
    ["Infinity", 'non-finite value "Infinity" (the metrics need finite numbers)'],
    ["infinite", 'not a number: "infinite"'],
    ["nan", 'non-finite value "nan" (the metrics need finite numbers)'],
    ["-inf", 'non-finite value "-inf" (the metrics need finite numbers)'],
    ["1e400", 'non-finite value "1e400" (the metrics need finite numbers)'],
    ["", "empty cell (a number column needs a number in every row)"],
    ['""', "empty cell (a number column needs a number in every row)"],
  ])("a number column refuses %j", async (cell, reason) => {
    writeFileSync(at("bad.csv"), `x,y\n1,0\n${cell},0\n3,0\n`);
    const e = await badInput(at("bad.csv"), ["x"], { x: "number" });
    const place = reason.includes("fields") ? "line 3" : 'line 3, column "x"';
    expect(e.message).toBe(`${at("bad.csv")}: ${place}: ${reason}`);
    expect(e.where.line).toBe(3);
    if (!reason.includes("fields")) expect(e.where.column).toBe("x");
  });
});

// ---------------------------------------------------------------------------------------------
// CSV

describe("CSV and TSV", () => {
  test("RFC 4180 quoting, CRLF, a BOM, blank lines, no final newline", async () => {
    const text = '\ufeffid,"te,xt",v\r\n1,"a ""quoted"" word",1.5\r\n\r\n2,"two\r\nlines, and a comma",2\n3,,3\n4,"",4';
    writeFileSync(at("q.csv"), text);
    const r = await openTable(at("q.csv"));
    expect(r.columns).toEqual(["id", "te,xt", "v"]);
    const got = await readAll(r, ["id", "te,xt", "v"], { id: "label", "te,xt": "auto", v: "number" });
    expect(got.columns.id.values).toEqual([1, 2, 3, 4]);
    expect(got.columns["te,xt"].values).toEqual(['a "quoted" word', "two\r\nlines, and a comma", "", ""]);
    expect(got.columns.v.values).toEqual([1.5, 2, 3, 4]);
  });

  test("a huge quoted field spanning many read chunks", async () => {
    const big = "x".repeat(3_000_000) + "\n" + '"'.repeat(10) + "y".repeat(1_500_000);
    writeFileSync(at("huge.csv"), `a,b\n1,${csvField(big)}\n2,small\n`);
    const got = await readFile(at("huge.csv"), ["a", "b"], { a: "number", b: "label" });
    expect(got.columns.a.values).toEqual([1, 2]);
    expect((got.columns.b.values[0] as string).length).toBe(big.length);
    expect(got.columns.b.values[0] === big).toBe(true);
    // and a line number after it is right
    writeFileSync(at("huge2.csv"), `a,b\n1,${csvField(big)}\nx,small\n`);
    const e = await badInput(at("huge2.csv"), ["a", "b"], { a: "number" });
    expect(e.message).toBe(`${at("huge2.csv")}: line 4, column "a": not a number: "x"`);
  });

  test("TSV by extension, by format option, and sniffed; another delimiter", async () => {
    writeFileSync(at("d.tsv"), "a\tb\n1\t2\n");
    writeFileSync(at("d.txt"), "a\tb\n1\t2\n");
    writeFileSync(at("d.semi"), "a;b\n1;2\n");
    for (const [f, o] of [["d.tsv", {}], ["d.txt", {}], ["d.txt", { format: "tsv" }], ["d.semi", { format: "csv", delimiter: ";" }]] as const) {
      const got = await readFile(at(f), ["a", "b"], {}, undefined, o);
      expect(got.columns.b.values).toEqual([2]);
    }
  });

  test("label columns: numbers when the first batch is all numbers, else strings; held to", async () => {
    writeFileSync(at("l.csv"), "y,z\n1,1\n2,a\n3,2\n1,b\n");
    const got = await readFile(at("l.csv"), ["y", "z"], { y: "label", z: "label" });
    expect(got.columns.y).toEqual({ kind: "number", values: [1, 2, 3, 1] });
    expect(got.columns.z).toEqual({ kind: "string", values: ["1", "a", "2", "b"] });
    const e = await badInput(at("l.csv"), ["z"], { z: "label" }, 1);
    expect(e.message).toBe(`${at("l.csv")}: line 3, column "z": not a number: "a" (the column's first batch held only numbers, so it is read as numbers)`);
    writeFileSync(at("l2.csv"), "y\ncat\n\ndog\n");
    // a blank line is skipped (pandas does the same); an empty quoted label is an error
    expect((await readFile(at("l2.csv"), ["y"], { y: "label" })).columns.y.values).toEqual(["cat", "dog"]);
    writeFileSync(at("l3.csv"), 'y,x\ncat,1\n"",2\n');
    expect((await badInput(at("l3.csv"), ["y"], { y: "label" })).message).toBe(`${at("l3.csv")}: line 3, column "y": empty cell (a label column needs a label in every row)`);
  });

  test("auto columns: empty cells and nan are NaN in number columns", async () => {
    writeFileSync(at("au.csv"), "a,b\n1,x\n,\nnan,z\n");
    const got = await readFile(at("au.csv"), ["a", "b"]);
    expectSameNumbers(got.columns.a.values, [1, NaN, NaN]);
    expect(got.columns.b.values).toEqual(["x", "", "z"]);
  });

  test.each([
    ["a,b\n1,2\n3\n", ["a"], "line 3: 1 field, but the header has 2"],
    ["a,b\n1,2\n3,4,5\n", ["a"], "line 3: 3 fields, but the header has 2"],
    ['a,b\n1,"2\n3,4\n', ["a"], "line 2: unclosed quote (a quoted field that starts on this line runs to the end of the file)"],
    ['a,b\n1,2\n3,x"y\n', ["a"], 'line 3, column "b": a quote inside an unquoted field (RFC 4180: quote the whole field and double the quotes inside it)'],
    ['a,b\n1,"x"y\n', ["a"], 'line 2, column "b": unexpected "y" after the closing quote of a quoted field'],
    ['a,b\n1,"x\n\ny"z\n', ["a"], 'line 4, column "b": unexpected "z" after the closing quote of a quoted field'],
    ['a,b\n1,"x\ny"\nq,2\n', ["a"], 'line 4, column "a": not a number: "q"'],
    ["a,b\n1,2\n", ["c"], 'column "c": no such column (the columns are "a", "b")'],
    ["a,a\n1,2\n", ["a"], 'column "a": the header names this column more than once'],
    ["", ["a"], "empty file (no header line)"],
    ["\n\n", ["a"], "empty file (no header line)"],
  ])("malformed CSV %j", async (text, cols, reason) => {
    writeFileSync(at("m.csv"), text);
    const e = await badInput(at("m.csv"), cols, { a: "number" });
    expect(e.message).toBe(`${at("m.csv")}: ${reason}`);
  });

  test("bad input never yields a partial result silently: the error comes before the iterator ends", async () => {
    const rows = Array.from({ length: 100000 }, (_, i) => `${i},${i}`);
    rows[99990] = "1,oops";
    writeFileSync(at("late.csv"), `a,b\n${rows.join("\n")}\n`);
    const e = await badInput(at("late.csv"), ["a", "b"], { a: "number", b: "number" });
    expect(e.message).toBe(`${at("late.csv")}: line 99992, column "b": not a number: "oops"`);
    expect(e.where.row).toBe(99990);
  });

  test("a missing file", async () => {
    await expect(openTable(at("nope.csv"))).rejects.toThrow(`${at("nope.csv")}: no such file`);
  });
});

// ---------------------------------------------------------------------------------------------
// JSON Lines

describe("JSON Lines", () => {
  test("numbers, strings, booleans; blank lines skipped; extra keys ignored", async () => {
    writeFileSync(at("j.jsonl"), '{"y":1,"s":"a","b":true}\n\n{"y":2.5,"s":"b","b":false,"extra":[1]}\r\n');
    const got = await readFile(at("j.jsonl"), ["y", "s", "b"], { y: "number", s: "label", b: "label" });
    expect(got.columns).toEqual({ y: { kind: "number", values: [1, 2.5] }, s: { kind: "string", values: ["a", "b"] }, b: { kind: "boolean", values: [true, false] } });
  });

  test("mixed numbers and strings in a label column are strings", async () => {
    writeFileSync(at("mix.jsonl"), '{"y":1}\n{"y":"a"}\n');
    expect((await readFile(at("mix.jsonl"), ["y"], { y: "label" })).columns.y).toEqual({ kind: "string", values: ["1", "a"] });
  });

  test.each([
    ['{"y":1}\n{"z":2}\n', { y: "number" }, 'line 2, column "y": missing (a number is needed in every row)'],
    ['{"y":1}\n{"y":null}\n', { y: "label" }, 'line 2, column "y": null (a label is needed in every row)'],
    ['{"y":1}\n{"y":"2"}\n', { y: "number" }, 'line 2, column "y": not a number: "2" (a string)'],
    ['{"y":1}\n{"y":true}\n', { y: "number" }, 'line 2, column "y": not a number: true (a boolean)'],
    ['{"y":1}\n{"y":1e400}\n', { y: "number" }, 'line 2, column "y": non-finite value Infinity (the metrics need finite numbers)'],
    ['{"y":1}\n{"y":[1]}\n', { y: "label" }, 'line 2, column "y": not a label: an array'],
    ['{"y":1}\n{"y":1,}\n', { y: "number" }, /^line 2: not valid JSON \(/],
    ['{"y":1}\n[1]\n', { y: "number" }, "line 2: not a JSON object (each line must be one object)"],
    ['{"y":1}\n', { q: "number" }, 'column "q": no such key in the first object (its keys are "y")'],
  ] as const)("bad JSON Lines %j", async (text, types, reason) => {
    writeFileSync(at("bad.jsonl"), text);
    const e = await badInput(at("bad.jsonl"), Object.keys(types), types as Record<string, ColumnType>);
    if (typeof reason === "string") expect(e.message).toBe(`${at("bad.jsonl")}: ${reason}`);
    else expect(e.message.slice(at("bad.jsonl").length + 2)).toMatch(reason);
  });

  test("a later batch that breaks the first batch's decision", async () => {
    writeFileSync(at("held.jsonl"), '{"y":1}\n{"y":2}\n{"y":"cat"}\n');
    const e = await badInput(at("held.jsonl"), ["y"], { y: "label" }, 2);
    expect(e.message).toBe(`${at("held.jsonl")}: line 3, column "y": not a number: "cat" (a string) (the column's first batch held only numbers, so it is read as numbers)`);
  });
});

// ---------------------------------------------------------------------------------------------
// Parquet and Arrow: types, nulls, bad files

describe("Parquet and Arrow IPC", () => {
  beforeAll(() => {
    const n = 10;
    const t = tableFromArrays({
      x: Float64Array.from({ length: n }, (_, i) => i / 4),
      s: ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
    });
    const withNull = makeTable({
      x: vectorFromArray([0, 1, 2, 3, null, 5, 6, 7, 8, 9], new Float64()).data[0],
      s: vectorFromArray(["a", "b", null, "d", "e", "f", "g", "h", "i", "j"], new Utf8()).data[0],
      f: vectorFromArray([true, false, true, null, true, false, true, false, true, false], new Bool()).data[0],
      nan: vectorFromArray([0, 1, 2, 3, 4, 5, 6, NaN, 8, 9], new Float64()).data[0],
    });
    writeParquetFile(at("ok.parquet"), t, 4);
    writeParquetFile(at("null.parquet"), withNull, 4);
    // Arrow: record batches of 4, 4, 2 rows
    const batches = [0, 4, 8].flatMap((s) => withNull.slice(s, Math.min(n, s + 4)).batches);
    writeFileSync(at("null.arrow"), tableToIPC(new Table(batches), "file"));
    writeFileSync(at("null.arrows"), tableToIPC(new Table(batches), "stream"));
    writeFileSync(at("notparquet.parquet"), "a,b\n1,2\n");
    writeFileSync(at("notarrow.arrow"), "ARROW1 but not really an arrow file at all");
  });

  test("a null in a number / label column names the row group (record batch) and row", async () => {
    expect((await badInput(at("null.parquet"), ["x"], { x: "number" })).message).toBe(
      `${at("null.parquet")}: row group 1, row 0 (file row 4), column "x": null (a number is needed in every row)`,
    );
    const e = await badInput(at("null.parquet"), ["s"], { s: "label" });
    expect(e.message).toBe(`${at("null.parquet")}: row group 0, row 2 (file row 2), column "s": null (a label is needed in every row)`);
    expect(e.where).toMatchObject({ rowGroup: 0, rowInGroup: 2, row: 2, column: "s" });
    for (const f of ["null.arrow", "null.arrows"])
      expect((await badInput(at(f), ["x"], { x: "number" })).message).toBe(`${at(f)}: record batch 1, row 0 (file row 4), column "x": null (a number is needed in every row)`);
    expect((await badInput(at("null.arrow"), ["nan"], { nan: "number" })).message).toBe(
      `${at("null.arrow")}: record batch 1, row 3 (file row 7), column "nan": non-finite value NaN (the metrics need finite numbers)`,
    );
  });

  test("auto columns: nulls are NaN / empty strings; a boolean column with nulls becomes strings", async () => {
    const got = await readFile(at("null.parquet"), ["x", "s", "f"], {}, 100);
    expectSameNumbers(got.columns.x.values, [0, 1, 2, 3, NaN, 5, 6, 7, 8, 9]);
    expect(got.columns.s.values[2]).toBe("");
    expect(got.columns.f).toEqual({ kind: "string", values: ["true", "false", "true", "", "true", "false", "true", "false", "true", "false"] });
  });

  test("a string column is not numbers; unreadable files say so", async () => {
    expect((await badInput(at("ok.parquet"), ["s"], { s: "number" })).message).toBe(`${at("ok.parquet")}: column "s": not a numeric column (its type is Dictionary<Int32, Utf8>)`);
    const e = await badInput(at("notparquet.parquet"), ["a"]);
    expect(e.message.startsWith(`${at("notparquet.parquet")}: not a readable Parquet file (`)).toBe(true);
    const e2 = await badInput(at("notarrow.arrow"), ["a"]);
    expect(e2.message.startsWith(`${at("notarrow.arrow")}: not a readable Arrow IPC file (`)).toBe(true);
    expect((await badInput(at("ok.parquet"), ["q"])).message).toBe(`${at("ok.parquet")}: column "q": no such column (the columns are "x", "s")`);
  });

  test("Parquet batches never span a row group", async () => {
    const got = await readFile(at("ok.parquet"), ["x"], {}, 3);
    expect(got.sizes).toEqual([3, 1, 3, 1, 2]);
    expect(got.starts).toEqual([0, 3, 4, 7, 8]);
  });
});

// ---------------------------------------------------------------------------------------------
// splits

/** Concatenated values of all parts, each opened separately (as worker threads would). */
async function readSplits(path: string, parts: number, columns: string[], types: Record<string, ColumnType>, minPartBytes?: number) {
  const splits = minPartBytes === undefined ? await splitTable(path, parts) : await splitCsv(path, parts, {}, 44, minPartBytes);
  const out: Record<string, unknown[]> = Object.fromEntries(columns.map((c) => [c, []]));
  for (const s of splits) {
    const r = await openSplit(structuredClone(s));
    const got = await readAll(r, columns, types, 7);
    await r.close();
    for (const c of columns) out[c].push(...got.columns[c].values);
  }
  return { splits, out };
}

describe("splits for worker threads", () => {
  const rows = 400;
  const val = (i: number) => (i * 1.25 - 17) / 3;
  const lab = (i: number) => (i % 5 === 0 ? `multi\n"line"\n${i}` : i % 3 === 0 ? `comma,${i}` : `w${i}`);
  beforeAll(() => {
    const lines = ["v,label,w"];
    for (let i = 0; i < rows; i++) lines.push(`${val(i)},${csvField(lab(i))},${i}`);
    writeFileSync(at("s.csv"), lines.join("\n") + "\n");
    const t = tableFromArrays({ v: Float64Array.from({ length: rows }, (_, i) => val(i)), w: Float64Array.from({ length: rows }, (_, i) => i) });
    writeParquetFile(at("s.parquet"), t, 37);
    const batches = [];
    for (let i = 0; i < rows; i += 45) batches.push(...t.slice(i, Math.min(rows, i + 45)).batches);
    writeFileSync(at("s.arrow"), tableToIPC(new Table(batches), "file"));
  });

  test("CSV byte ranges cut at record ends (never inside a quoted line break), for every part count", async () => {
    const expected = Array.from({ length: rows }, (_, i) => lab(i));
    const size = readFileSync(at("s.csv")).length;
    for (let parts = 2; parts <= 60; parts += 3) {
      const { splits, out } = await readSplits(at("s.csv"), parts, ["v", "label", "w"], { v: "number", label: "label", w: "number" }, 1);
      expect(splits.length).toBe(parts);
      // contiguous ranges covering the body
      for (let i = 1; i < splits.length; i++) expect((splits[i] as { byteStart: number }).byteStart).toBe((splits[i - 1] as { byteEnd: number }).byteEnd);
      expect((splits.at(-1) as { byteEnd: number }).byteEnd).toBe(size);
      expect(out.label).toEqual(expected);
      expectSameNumbers(out.v, Array.from({ length: rows }, (_, i) => val(i)));
      expectSameNumbers(out.w, Array.from({ length: rows }, (_, i) => i));
    }
  });

  test("a split part's errors give the file's true line", async () => {
    const lines = ["a,b"];
    for (let i = 0; i < 2000; i++) lines.push(i % 10 === 0 ? `${i},"two\nlines"` : `${i},x`);
    lines[1801] = "oops,x";
    writeFileSync(at("se.csv"), lines.join("\n") + "\n");
    const splits = await splitCsv(at("se.csv"), 4, {}, 44, 1);
    let err: BadInputError | null = null;
    for (const s of splits) {
      const r = await openSplit(s);
      expect(r.rowsKnown).toBe(false);
      try {
        await readAll(r, ["a"], { a: "number" });
      } catch (e) {
        err = e as BadInputError;
      }
    }
    // line = 1 (header) + 1800 rows before it + 180 extra lines of the two-line fields + 1
    expect(err?.message).toBe(`${at("se.csv")}: line 1982, column "a": not a number: "oops"`);
  });

  test("small files, gzip, JSON Lines and stdin give one part", async () => {
    expect((await splitTable(at("s.csv"), 4)).length).toBe(1); // below the minimum part size
    expect(await splitTable(at("t.csv.gz"), 4)).toEqual([{ kind: "whole", path: at("t.csv.gz"), options: {}, part: 0, parts: 1 }]);
    expect((await splitTable(at("t.jsonl"), 4))[0].kind).toBe("whole");
    expect((await splitTable("-", 4))[0].kind).toBe("whole");
  });

  test.each(["s.parquet", "s.arrow"])("%s: parts of whole row groups / record batches with global row numbers", async (name) => {
    for (const parts of [1, 2, 3, 5, 11, 50]) {
      const splits = await splitTable(at(name), parts);
      expect(splits.length).toBe(Math.min(parts, Math.ceil(rows / (name.endsWith("parquet") ? 37 : 45))));
      const all: number[] = [];
      const starts: number[] = [];
      for (const s of splits) {
        const r = await openSplit(s);
        const got = await readAll(r, ["w"], { w: "number" });
        await r.close();
        all.push(...(got.columns.w.values as number[]));
        starts.push(...got.starts);
        // start = the file row of each batch's first row
        got.starts.forEach((st, i) => expect(st).toBe(got.columns.w.values[got.sizes.slice(0, i).reduce((a, b) => a + b, 0)]));
      }
      expectSameNumbers(all, Array.from({ length: rows }, (_, i) => i));
    }
  });
});

// ---------------------------------------------------------------------------------------------
// stdin

describe("stdin", () => {
  let readers: string;
  beforeAll(() => {
    readers = new URL("cli/readers/index.js", transpileSrc()).href;
    writeFileSync(
      at("stdin-child.mjs"),
      `const { openTable } = await import(${JSON.stringify(readers)});
const [format, columns, mode] = [process.argv[2] || undefined, process.argv[3].split(","), process.argv[4] || "auto"];
try {
  const r = await openTable("-", format ? { format } : {});
  const s = await r.sample(2);
  const out = { format: r.format, columns: r.columns, sample: s.n, values: {} };
  for await (const b of r.batches({ columns, types: Object.fromEntries(columns.map((c) => [c, mode])), batchRows: 500 }))
    for (const c of columns) (out.values[c] ??= []).push(...Array.from(b.columns[c].values));
  await r.close();
  console.log(JSON.stringify(out));
} catch (e) { console.log(JSON.stringify({ error: e.message })); }
`,
    );
  });

  function pipe(file: string, format: string, columns: string[], mode = "auto"): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [at("stdin-child.mjs"), format, columns.join(","), mode], { stdio: ["pipe", "pipe", "inherit"] });
      let out = "";
      child.stdout.on("data", (d) => (out += d));
      child.on("error", reject);
      child.on("close", () => {
        try {
          resolve(JSON.parse(out));
        } catch {
          reject(new Error(out));
        }
      });
      child.stdin.end(readFileSync(file));
    });
  }

  test.each([
    ["t.csv", ""],
    ["t.csv.gz", ""],
    ["t.tsv", ""],
    ["t.jsonl", ""],
    ["t.ndjson.gz", "jsonl"],
    ["t.parquet", ""],
    ["t.arrow", ""],
    ["t.arrows", ""],
  ])("%s piped in (format %j): sniffed, sampled, then read once", async (name, format) => {
    const got = await pipe(at(name), format, ["a", "label"]);
    expect(got.error).toBeUndefined();
    expect(got.sample).toBe(2);
    const values = got.values as Record<string, unknown[]>;
    expectSameNumbers(values.a, A);
    expect(values.label).toEqual(L);
  });

  test("bad stdin names <stdin>", async () => {
    writeFileSync(at("bad-stdin.csv"), "a\n1\nx\n");
    const got = await pipe(at("bad-stdin.csv"), "csv", ["a"], "number");
    expect(got.error).toBe('<stdin>: line 3, column "a": not a number: "x"');
  });
});

describe("64-bit integer columns", () => {
  test("int64ToNumbers rounds every value as Number(bigint) does, around ±2^53 and at the extremes", () => {
    const specials = [0n, 1n, -1n, 2n ** 31n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 32n, -(2n ** 32n), 2n ** 52n + 1n, 2n ** 53n - 1n, -(2n ** 53n), -(2n ** 53n) + 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 60n + 12345n];
    const r = rng(64);
    const big = (bits: number) => BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 32)) | (BigInt(Math.floor(r() * 2 ** 32)) << 32n)) >> BigInt(64 - bits);
    const signed = BigInt64Array.from([...specials, ...Array.from({ length: 5000 }, (_, i) => big(1 + (i % 64)))]);
    for (const [from, to] of [[0, signed.length], [3, 17], [7, signed.length - 5]]) {
      const got = int64ToNumbers(signed, from, to);
      expectSameNumbers(Array.from(got), Array.from(signed.subarray(from, to), (v) => Number(v)));
    }
    const unsigned = BigUint64Array.from(signed, (v) => BigInt.asUintN(64, v));
    const got = int64ToNumbers(unsigned, 2, unsigned.length);
    expectSameNumbers(Array.from(got), Array.from(unsigned.subarray(2), (v) => Number(v)));
  });
});
