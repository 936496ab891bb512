// `mlmetrics eval` on a 10⁶-row file in every input format (issue 14): binary
// classification with a probability and weights, mlflow preset. Each format's
// dict must equal, bit for bit, the library's evaluator on the same arrays.
// Unreadable Parquet / Arrow files exit 2 with one message and nothing on stdout.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { Float64, Int32, Table, makeTable, tableToIPC, vectorFromArray } from "apache-arrow";
import { Compression, Table as WasmTable, WriterPropertiesBuilder, writeParquet } from "parquet-wasm/node";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { main } from "../src/cli/main.js";
import { rng } from "./registry.js";

const DIR = mkdtempSync(join(tmpdir(), "mlmetrics-cli-formats-"));
const at = (name: string) => join(DIR, name);
const N = 1_000_000;

const u = rng(14);
const label = new Int32Array(N);
const pred = new Int32Array(N);
const prob = new Float64Array(N);
const weight = new Float64Array(N);
for (let i = 0; i < N; i++) {
  label[i] = u() < 0.3 ? 1 : 0;
  // a probability with full 17-digit text, ties included (every 5th row is rounded to 2 digits)
  const p = Math.min(1, Math.max(0, 0.35 * label[i] + 0.65 * u()));
  prob[i] = i % 5 === 0 ? Math.round(p * 100) / 100 : p;
  pred[i] = prob[i] >= 0.5 ? 1 : 0;
  weight[i] = 0.5 + Math.floor(u() * 8) / 4;
}

async function cli(args: string[]) {
  let out = "";
  let err = "";
  const code = await main(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: false },
    readStdin: async () => "",
    env: {},
  });
  return { code, out, err };
}

function text(sep: string): string {
  const parts: string[] = [["label", "pred", "prob", "weight"].join(sep)];
  for (let i = 0; i < N; i++) parts.push(`${label[i]}${sep}${pred[i]}${sep}${prob[i]}${sep}${weight[i]}`);
  return parts.join("\n") + "\n";
}

beforeAll(async () => {
  await mlm.init();
  const csv = text(",");
  writeFileSync(at("p.csv"), csv);
  writeFileSync(at("p.csv.gz"), gzipSync(csv, { level: 1 }));
  writeFileSync(at("p.tsv"), text("\t"));
  const lines: string[] = [];
  for (let i = 0; i < N; i++) lines.push(`{"label":${label[i]},"pred":${pred[i]},"prob":${prob[i]},"weight":${weight[i]}}`);
  writeFileSync(at("p.jsonl"), lines.join("\n") + "\n");
  const t = makeTable({
    label: vectorFromArray(label, new Int32()).data[0],
    pred: vectorFromArray(pred, new Int32()).data[0],
    prob: vectorFromArray(prob, new Float64()).data[0],
    weight: vectorFromArray(weight, new Float64()).data[0],
  });
  // several record batches (Arrow) and row groups (Parquet)
  const batches = [];
  for (let i = 0; i < N; i += 131072) batches.push(...t.slice(i, Math.min(N, i + 131072)).batches);
  const multi = new Table(batches);
  writeFileSync(at("p.arrow"), tableToIPC(multi, "file"));
  writeFileSync(at("p.arrows"), tableToIPC(multi, "stream"));
  const props = new WriterPropertiesBuilder().setMaxRowGroupSize(200_000).setCompression(Compression.SNAPPY).build();
  writeFileSync(at("p.parquet"), writeParquet(WasmTable.fromIPCStream(tableToIPC(t, "stream")), props));
  writeFileSync(at("broken.parquet"), readFileSync(at("p.parquet")).subarray(0, 5000));
  writeFileSync(at("broken.arrow"), Buffer.from("ARROW1 this is not an arrow file"));
}, 120_000);

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe(`a ${N.toLocaleString("en")}-row file in every format`, () => {
  const want = () => {
    const ev = mlm.createEvaluator("classification", { preset: "mlflow" });
    ev.update({ yTrue: label, yPred: pred, yProb: prob, sampleWeight: weight });
    return ev.compute();
  };
  let expected: Record<string, number>;
  beforeAll(() => {
    expected = want();
  });

  test.each(["p.csv", "p.csv.gz", "p.tsv", "p.jsonl", "p.parquet", "p.arrow", "p.arrows"])(
    "%s: eval gives the evaluator's dict bit for bit",
    async (name) => {
      const res = await cli(["eval", at(name), "-q", "--task", "classification", "--y-true", "label", "--y-pred", "pred", "--y-prob", "prob", "--weight", "weight", "--preset", "mlflow", "--threads", "1"]);
      expect(res.err).toBe("");
      expect(res.code).toBe(0);
      const got = JSON.parse(res.out);
      expect(Object.keys(got)).toEqual(Object.keys(expected));
      for (const k of Object.keys(expected)) expect(Object.is(got[k], expected[k]), `${name} ${k}: ${got[k]} vs ${expected[k]}`).toBe(true);
    },
    60_000,
  );

  test.each([
    ["broken.parquet", /broken\.parquet: not a readable Parquet file \(/],
    ["broken.arrow", /broken\.arrow: not a readable Arrow IPC file \(/],
  ])("%s: exit 2, one message, nothing on stdout", async (name, message) => {
    const res = await cli(["eval", at(name), "-q", "--task", "classification", "--y-true", "label", "--y-pred", "pred"]);
    expect(res.code).toBe(2);
    expect(res.out).toBe("");
    expect(res.err).toMatch(message);
    expect(res.err.trim().split("\n")).toHaveLength(1);
  });
});
