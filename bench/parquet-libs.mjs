// The Parquet reader comparison of docs/cli-readers.md: parquet-wasm (the one src/cli uses) vs
// hyparquet and @duckdb/node-api, each reading the requested columns of a file row group by row
// group, summing the numbers (so that nothing is skipped), in its own process for a clean peak RSS.
//   npm i --no-save hyparquet hyparquet-compressors @duckdb/node-api
//   node bench/parquet-libs.mjs bench/data/readers/n10000000/num.parquet y_true y_pred score
import { execFileSync } from "node:child_process";

const [file, ...cols] = process.argv.slice(2);
const readers = {
  "parquet-wasm": `
    const { ParquetFile } = await import("parquet-wasm/node");
    const { tableFromIPC } = await import("apache-arrow");
    const { openAsBlob } = await import("node:fs");
    const pf = await ParquetFile.fromFile(await openAsBlob(FILE));
    for (let g = 0, ng = pf.metadata().numRowGroups(); g < ng; g++)
      for (const c of COLS) {
        const t = tableFromIPC((await pf.read({ rowGroups: [g], columns: [c], batchSize: 65536 })).intoIPCStream());
        for (const d of t.getChild(c).data) { rows += c === COLS[0] ? d.length : 0; if (d.values instanceof Float64Array) for (const x of d.values) sum += x; }
      }`,
  hyparquet: `
    const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import("hyparquet");
    const { compressors } = await import("hyparquet-compressors");
    const buf = await asyncBufferFromFile(FILE);
    const md = await parquetMetadataAsync(buf);
    let start = 0;
    for (const rg of md.row_groups) {
      const n = Number(rg.num_rows);
      await parquetRead({ file: buf, metadata: md, columns: COLS, rowStart: start, rowEnd: start + n, compressors,
        onChunk(c) { if (c.columnName === COLS[0]) rows += c.columnData.length; for (const x of c.columnData) if (typeof x === "number") sum += x; } });
      start += n;
    }`,
  duckdb: `
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const con = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
    const res = await con.stream("SELECT " + COLS.map((c) => '"' + c + '"').join(",") + " FROM read_parquet('" + FILE + "')");
    for (let ch = await res.fetchChunk(); ch && ch.rowCount > 0; ch = await res.fetchChunk()) {
      rows += ch.rowCount;
      for (let j = 0; j < COLS.length; j++) for (const x of ch.getColumnValues(j)) if (typeof x === "number") sum += x;
    }`,
};
for (const [name, body] of Object.entries(readers)) {
  const code = `const FILE = ${JSON.stringify(file)}, COLS = ${JSON.stringify(cols)}; let rows = 0, sum = 0;
    const t0 = performance.now(); let peak = 0; const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    ${body}
    clearInterval(timer); peak = Math.max(peak, process.memoryUsage().rss);
    console.log(JSON.stringify({ rows, sec: (performance.now() - t0) / 1000, peakMiB: peak / 2 ** 20, sum }));`;
  try {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", cwd: new URL("..", import.meta.url).pathname });
    console.log(name.padEnd(14), out.trim());
  } catch (e) {
    console.log(name.padEnd(14), "not available:", String(e.message).split("\n")[0]);
  }
}
