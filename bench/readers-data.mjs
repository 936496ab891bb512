// Data for the CLI readers' benchmark (bench/readers.mjs): deterministic tables written once to
// bench/data/readers/n<N>/ (not committed):
//   num.csv  — y_true, y_pred, score: three float columns written with String(x) (shortest
//              round-trip, 15–17 significant digits: the hard case for a number parser)
//   lab.csv  — the same plus `label`, a string column (one of five class names)
// plus .tsv, .csv.gz and .jsonl versions of each. bench/readers_data.py (pyarrow) then writes the
// .parquet (snappy, row groups of 2^20 rows) and .arrow (IPC file, uncompressed) versions.
import { createWriteStream, existsSync, mkdirSync, renameSync } from "node:fs";
import { once } from "node:events";
import { createGzip } from "node:zlib";

export const READERS_DIR = new URL("./data/readers/", import.meta.url);

function rng(seed) {
  // splitmix32 → uniform [0, 1) with 53 random bits
  let s = seed >>> 0;
  const u32 = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return () => ((u32() >>> 5) * 67108864 + (u32() >>> 6)) / 9007199254740992;
}

const LABELS = ["cat", "dog", "bird", "fish", "horse"];

/** Writes one table in every text format; returns the directory. */
export async function makeReadersData(n) {
  const dir = new URL(`n${n}/`, READERS_DIR);
  mkdirSync(dir, { recursive: true });
  for (const variant of ["num", "lab"]) {
    const base = new URL(`${variant}`, dir).pathname;
    if (existsSync(`${base}.jsonl`)) continue;
    const u = rng(variant === "num" ? 1 : 2);
    const outs = {
      csv: createWriteStream(`${base}.csv.tmp`),
      tsv: createWriteStream(`${base}.tsv.tmp`),
      jsonl: createWriteStream(`${base}.jsonl.tmp`),
    };
    const gz = createGzip({ level: 6 });
    const gzOut = gz.pipe(createWriteStream(`${base}.csv.gz.tmp`));
    const cols = variant === "num" ? ["y_true", "y_pred", "score"] : ["y_true", "y_pred", "score", "label"];
    const write = async (s, key) => {
      const w = key === "gz" ? gz : outs[key];
      if (!w.write(s)) await once(w, "drain");
    };
    const header = cols.join(",") + "\n";
    await write(header, "csv");
    await write(header, "gz");
    await write(cols.join("\t") + "\n", "tsv");
    const CH = 100_000;
    for (let i0 = 0; i0 < n; i0 += CH) {
      let csv = "", tsv = "", jl = "";
      for (let i = i0; i < Math.min(n, i0 + CH); i++) {
        // y ~ 50 + 10·N(0,1) (Box–Muller), ŷ = y + N(0,1), score ~ U(0,1)
        const r = Math.sqrt(-2 * Math.log(1 - u())), t = 2 * Math.PI * u();
        const y = 50 + 10 * r * Math.cos(t), yp = y + r * Math.sin(t), s = u();
        if (variant === "num") {
          csv += `${y},${yp},${s}\n`;
          tsv += `${y}\t${yp}\t${s}\n`;
          jl += `{"y_true":${y},"y_pred":${yp},"score":${s}}\n`;
        } else {
          const l = LABELS[Math.floor(u() * 5)];
          csv += `${y},${yp},${s},${l}\n`;
          tsv += `${y}\t${yp}\t${s}\t${l}\n`;
          jl += `{"y_true":${y},"y_pred":${yp},"score":${s},"label":"${l}"}\n`;
        }
      }
      await write(csv, "csv");
      await write(csv, "gz");
      await write(tsv, "tsv");
      await write(jl, "jsonl");
    }
    gz.end();
    await once(gzOut, "finish");
    for (const w of Object.values(outs)) { w.end(); await once(w, "finish"); }
    for (const ext of ["csv", "tsv", "csv.gz", "jsonl"]) renameSync(`${base}.${ext}.tmp`, `${base}.${ext}`);
  }
  return dir.pathname;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const a of process.argv.slice(2)) console.log(await makeReadersData(Number(a)));
}
