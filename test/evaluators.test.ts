// Evaluators (issue 13): a registry of evaluator cases (task, options, data)
// and the properties every case must have:
//  - partition invariance: any split of the rows into batches (sizes 0, 1,
//    random, one batch), any merge tree, JSON round trips in between → the same
//    bits from compute();
//  - agreement with the one-shot dict on the concatenated rows: counts equal,
//    every value within 1e-12 relative (bit-identical where the one-shot value
//    does not depend on summation order: exact unweighted AUC and AP, counts,
//    quantiles, histograms);
//  - a bad batch raises the dict function's error and leaves the state unchanged.
import { beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";

beforeAll(async () => {
  await mlm.init();
});

function rng(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cols = Record<string, unknown[] | Float64Array>;
type Result = Record<string, unknown>;

interface Case {
  name: string;
  task: mlm.EvaluatorTask;
  options?: mlm.EvaluatorOptions;
  gen(r: () => number, n: number): Cols;
  /** The one-shot result on all rows. */
  oneShot(c: Cols, quiet: { onWarning(m: string): void }): Result;
  /** Keys whose values must be bit-identical to the one-shot (beyond counts). */
  exactKeys?: string[];
  /** Keys within the evaluator's aucErrorBound() of the one-shot value. */
  boundKeys?: string[];
  /** Keys checked by `check` instead of the comparison with the one-shot value. */
  custom?: string[];
  check?(got: Result, ref: Result, c: Cols): void;
  /** Rows per training batch (classification / regression `updateTrain`). */
  train?: (r: () => number, n: number) => Cols;
}

function slice(c: Cols, a: number, b: number): Cols {
  const o: Cols = {};
  for (const [k, v] of Object.entries(c)) {
    if (k === "yProb" && Array.isArray(v) && Array.isArray(v[0])) o[k] = v.slice(a, b);
    else o[k] = v instanceof Float64Array ? v.slice(a, b) : (v as unknown[]).slice(a, b);
  }
  return o;
}

const LABELS: Record<string, (c: number) => unknown> = {
  num: (c) => c,
  bool: (c) => c === 1,
  str: (c) => ["ant", "bee", "cat", "dog", "eel"][c],
  float: (c) => c,
};

function clsData(k: number, kind: keyof typeof LABELS, weighted: boolean, matrix: boolean) {
  return (r: () => number, n: number): Cols => {
    const yt: unknown[] = [], yp: unknown[] = [], pr: number[] = [], P: number[][] = [], w: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = Math.floor(r() * k);
      const p = r() < 0.7 ? t : Math.floor(r() * k);
      yt.push(LABELS[kind](t));
      yp.push(LABELS[kind](p));
      // ties on purpose: scores on a grid of 64 values half the time
      const q = r() < 0.5 ? Math.round(r() * 64) / 64 : r();
      pr.push(t === 1 ? Math.sqrt(q) : q * q);
      const row = Array.from({ length: k }, () => r());
      row[t] += 1;
      const s = row.reduce((a, b) => a + b, 0);
      P.push(row.map((v) => v / s));
      w.push(r() < 0.1 ? 0 : r() * 3);
    }
    const c: Cols = {
      yTrue: kind === "float" ? Float64Array.from(yt as number[]) : yt,
      yPred: kind === "float" ? Float64Array.from(yp as number[]) : yp,
      yProb: matrix ? P : pr,
    };
    if (weighted) c.sampleWeight = Float64Array.from(w);
    return c;
  };
}

const CASES: Case[] = [];
for (const weighted of [false, true]) {
  for (const preset of ["compact", "mlflow"] as const) {
    CASES.push({
      name: `regression ${preset}${weighted ? " weighted" : ""}`,
      task: "regression",
      options: { preset },
      gen: (r, n) => {
        const yt = Float64Array.from({ length: n }, () => 1e3 + r() * 10);
        const c: Cols = { yTrue: yt, yPred: Float64Array.from(yt, (v) => v + r() - 0.5) };
        if (weighted) c.sampleWeight = Float64Array.from({ length: n }, () => r() * 2);
        return c;
      },
      oneShot: (c, q) => mlm.regressionMetrics(c as never, { preset, ...q }),
      train:
        preset === "compact" && !weighted
          ? (r, n) => {
              const yt = Array.from({ length: n }, () => r() * 5);
              return { yTrue: yt, yPred: yt.map((v) => v + r() - 0.5) };
            }
          : undefined,
    });
    for (const [k, kind] of [[2, "num"], [2, "bool"], [2, "str"], [2, "float"], [3, "num"], [4, "str"]] as const) {
      for (const auc of ["exact", { bins: 64 }] as const) {
        if (auc !== "exact" && (kind === "bool" || kind === "float")) continue;
        const matrix = k > 2;
        CASES.push({
          name: `classification ${k} ${kind} ${preset}${weighted ? " weighted" : ""} auc=${JSON.stringify(auc)}`,
          task: "classification",
          options: { preset, auc },
          gen: clsData(k, kind, weighted, matrix),
          oneShot:
            auc === "exact" || matrix
              ? (c, q) => mlm.classificationMetrics(c as never, { preset, ...q })
              : (c, q) => {
                  // binary: the one-shot dict on the binned scores is what the bins mode computes
                  const bin = (p: number) => Math.min(Math.floor(p * 64), 63) / 64;
                  const d = mlm.classificationMetrics({ ...c, yProb: (c.yProb as number[]).map(bin) } as never, { preset, ...q });
                  // log loss uses the exact probabilities
                  const e = mlm.classificationMetrics(c as never, { preset, ...q });
                  if ("log_loss" in e) d.log_loss = e.log_loss;
                  return d;
                },
          // multiclass bins: ROC AUC within the stated bound of the exact value
          boundKeys: auc !== "exact" && matrix ? ["auc_roc", "roc_auc"] : [],
          exactKeys: weighted || auc !== "exact" ? [] : ["auc_roc", "roc_auc", "precision_recall_auc"],
          train:
            preset === "compact" && kind !== "str"
              ? (r, n) => ({ yTrue: Array.from({ length: n }, () => LABELS[kind](Math.floor(r() * k))) })
              : undefined,
        });
      }
    }
  }
}
CASES.push({
  name: "anomaly",
  task: "anomaly",
  gen: (r, n) => {
    const s = Float64Array.from({ length: n }, () => r() * 2 - 1);
    return { predictions: Float64Array.from(s, (v) => (v < -0.6 ? -1 : 1)), scores: s };
  },
  oneShot: (c) => mlm.anomalyMetrics(c as never),
});
for (const probabilities of [undefined, [0, 0.1, 0.5, 0.9, 1]]) {
  CASES.push({
    name: `distribution ${probabilities ? "custom" : "default"} quantiles`,
    task: "distribution",
    options: { probabilities, bins: 7 },
    gen: (r, n) => ({ scores: Float64Array.from({ length: n }, () => (r() < 0.3 ? Math.round(r() * 8) : r() * 8 - 2)) }),
    oneShot: (c) => mlm.scoreDistribution(c.scores as Float64Array, { quantiles: probabilities, bins: 7 }) as unknown as Result,
    exactKeys: ["quantiles", "histogram", "min", "max", "count"],
  });
}

for (const relativeError of [0.01, 0.001]) {
  CASES.push({
    name: `distribution sketch α=${relativeError}`,
    task: "distribution",
    options: { quantiles: { relativeError }, bins: 7 },
    gen: (r, n) => ({ scores: Float64Array.from({ length: n }, () => (r() < 0.3 ? Math.round(r() * 8) : (r() * 8 - 2) * 10 ** Math.floor(r() * 4))) }),
    oneShot: (c) => mlm.scoreDistribution(c.scores as Float64Array, { bins: 7 }) as unknown as Result,
    exactKeys: ["min", "max", "count"],
    custom: ["quantiles", "histogram"],
    check(got, ref, c) {
      // every quantile within relative α of the two order statistics numpy interpolates (the sketch's stated bound)
      const x = Float64Array.from(c.scores as Float64Array).sort();
      const n = x.length;
      mlm.DEFAULT_QUANTILES.forEach((q, i) => {
        const h = q * (n - 1), j = Math.floor(h), f = h - j;
        const a = x[j], b = x[Math.min(j + 1, n - 1)];
        const bound = relativeError * ((1 - f) * Math.abs(a) + f * Math.abs(b)) + 2 ** -48 * (Math.abs(a) + Math.abs(b)) + 2 ** -1071;
        expect(Math.abs((got.quantiles as number[])[i] - (ref.quantiles as number[])[i]), `q=${q}`).toBeLessThanOrEqual(bound);
      });
      const h = got.histogram as { counts: number[]; edges: number[] };
      const hr = ref.histogram as { counts: number[]; edges: number[] };
      expect(h.edges).toEqual(hr.edges);
      expect(h.counts.reduce((s, v) => s + v, 0)).toBe(n);
      // only values within relative α of an edge can change bins
      const near = Array.from(x).filter((v) => hr.edges.some((e) => Math.abs(v - e) <= relativeError * Math.abs(v))).length;
      const moved = h.counts.reduce((s, v, i) => s + Math.abs(v - hr.counts[i]), 0) / 2;
      expect(moved).toBeLessThanOrEqual(near);
    },
  });
}

function update(ev: mlm.Evaluator, c: Cols, a: number, b: number): void {
  ev.update(slice(c, a, b) as never);
}

/** Random split points of [0, n): sizes 0, 1, random, or one batch. */
function splits(r: () => number, n: number): number[] {
  const mode = Math.floor(r() * 4);
  if (mode === 0) return [0, n];
  const pts = [0];
  while (pts[pts.length - 1] < n) {
    const last = pts[pts.length - 1];
    const size = mode === 1 ? (r() < 0.2 ? 0 : 1) : r() < 0.15 ? 0 : 1 + Math.floor(r() * (mode === 2 ? 40 : n / 3));
    pts.push(Math.min(n, last + size));
    if (pts.length > 5000) pts.push(n);
  }
  return pts;
}

/** Evaluators over the batches, merged in a random tree, with JSON round trips on the way. */
function evaluate(cs: Case, c: Cols, train: Cols | undefined, r: () => number, quiet: { onWarning(m: string): void }): mlm.Evaluator {
  const n = (Object.values(c)[0] as unknown[]).length;
  const pts = splits(r, n);
  let evs: mlm.Evaluator[] = [];
  for (let i = 0; i + 1 < pts.length; i++) {
    const ev = mlm.createEvaluator(cs.task, { ...cs.options, ...quiet });
    update(ev, c, pts[i], pts[i + 1]);
    evs.push(r() < 0.3 ? mlm.evaluatorFromJSON(JSON.parse(JSON.stringify(ev)), quiet) : ev);
  }
  if (evs.length === 0) evs.push(mlm.createEvaluator(cs.task, { ...cs.options, ...quiet }));
  if (train) {
    const m = (Object.values(train)[0] as unknown[]).length;
    const cut = Math.floor(r() * m);
    evs[Math.floor(r() * evs.length)].updateTrain(slice(train, 0, cut) as never);
    evs[Math.floor(r() * evs.length)].updateTrain(slice(train, cut, m) as never);
  }
  while (evs.length > 1) {
    const i = Math.floor(r() * (evs.length - 1));
    const [a, b] = r() < 0.5 ? [evs[i], evs[i + 1]] : [evs[i + 1], evs[i]];
    evs = [...evs.slice(0, i), a.merge(b), ...evs.slice(i + 2)];
  }
  return evs[0];
}

function bits(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (typeof v === "number" ? (Object.is(v, -0) ? "-0" : Number.isNaN(v) ? "NaN" : v === Infinity ? "Inf" : v === -Infinity ? "-Inf" : v) : v));
}

function close(a: unknown, b: unknown, path: string, exact: boolean): void {
  if (typeof b === "number") {
    const x = a as number;
    if (exact || Number.isNaN(b)) {
      expect(Object.is(x, b) || (Number.isNaN(x) && Number.isNaN(b)), `${path}: ${x} vs ${b}`).toBe(true);
      return;
    }
    const tol = 1e-12 * Math.abs(b);
    expect(Math.abs(x - b) <= tol || x === b, `${path}: ${x} vs ${b} (rel ${Math.abs(x - b) / Math.abs(b)})`).toBe(true);
    return;
  }
  if (Array.isArray(b)) {
    expect((a as unknown[]).length, path).toBe(b.length);
    b.forEach((v, i) => close((a as unknown[])[i], v, `${path}[${i}]`, exact));
    return;
  }
  if (b && typeof b === "object") {
    expect(Object.keys(a as object), path).toEqual(Object.keys(b));
    for (const [k, v] of Object.entries(b)) close((a as Result)[k], v, `${path}.${k}`, exact);
  }
}

const COUNT_KEYS = /samples|count|true_|false_|example/;
let lastBound = NaN;

describe.each(CASES)("$name", (cs) => {
  test("any batches, merge tree and JSON round trips give the same bits; agree with the one-shot dict", () => {
    const quiet = { onWarning() {} };
    for (let seed = 1; seed <= 6; seed++) {
      const r = rng(seed * 7919 + cs.name.length);
      const n = seed === 1 ? 1 : seed === 2 ? 3 : 50 + Math.floor(r() * 700);
      const c = cs.gen(r, n);
      const train = cs.train?.(r, 5 + Math.floor(r() * 50));
      let ref: unknown;
      let refErr: string | undefined;
      try {
        ref = cs.oneShot(train ? { ...c, train } : c, quiet);
      } catch (e) {
        refErr = (e as Error).message;
      }
      const results: string[] = [];
      let first: unknown;
      for (let rep = 0; rep < 4; rep++) {
        const ev = evaluate(cs, c, train, rng(seed * 31 + rep), quiet);
        expect(ev.rows).toBe(n);
        let got: unknown;
        lastBound = ev.aucErrorBound();
        try {
          got = ev.compute();
        } catch (e) {
          got = `ERR ${(e as Error).message}`;
        }
        results.push(bits(got));
        first ??= got;
      }
      expect(new Set(results).size, `seed ${seed}: ${results.join("\n")}`).toBe(1);
      if (refErr !== undefined) {
        expect(first).toBe(`ERR ${refErr}`);
        continue;
      }
      expect(typeof first, String(first)).toBe("object");
      const bound = lastBound;
      cs.check?.(first as Result, ref as Result, c);
      for (const [k, v] of Object.entries(ref as Result)) {
        if ((cs.custom ?? []).includes(k)) continue;
        if ((cs.boundKeys ?? []).includes(k)) {
          expect(Math.abs(((first as Result)[k] as number) - (v as number)), `${k} within the bound ${bound}`).toBeLessThanOrEqual(bound * (1 + 1e-12));
          continue;
        }
        close((first as Result)[k], v, `seed ${seed} ${k}`, COUNT_KEYS.test(k) || (cs.exactKeys ?? []).includes(k));
      }
      expect(Object.keys(first as object)).toEqual(Object.keys(ref as object));
    }
  });
});

describe.each(CASES.filter((c) => !c.name.includes("weighted") || c.task === "regression"))("bad batches: $name", (cs) => {
  test("a bad batch raises the dict function's error and leaves the state unchanged", () => {
    const quiet = { onWarning() {} };
    const r = rng(99);
    const c = cs.gen(r, 40);
    const ev = mlm.createEvaluator(cs.task, { ...cs.options, ...quiet });
    update(ev, c, 0, 20);
    const before = JSON.stringify(ev);
    const first = Object.keys(c)[0];
    const second = Object.keys(c)[1];
    const bads: Cols[] = [];
    // NaN / Infinity in a numeric column, a length mismatch, a non-numeric value
    const numeric = Object.keys(c).find((k) => c[k] instanceof Float64Array || typeof (c[k] as unknown[])[0] === "number");
    if (numeric) {
      const b1 = slice(c, 20, 30);
      (b1[numeric] as Float64Array | number[])[3] = NaN;
      bads.push(b1);
      const b2 = slice(c, 20, 30);
      (b2[numeric] as Float64Array | number[])[5] = Infinity;
      bads.push(b2);
    }
    if (second) {
      const b3 = slice(c, 20, 30);
      b3[second] = (b3[second] as unknown[]).slice(0, 9);
      bads.push(b3);
    }
    if (cs.task !== "distribution") {
      const b4 = slice(c, 20, 30);
      b4[first] = Array.from(b4[first] as unknown[]);
      (b4[first] as unknown[])[2] = {};
      bads.push(b4);
    }
    if ("yProb" in c && !Array.isArray((c.yProb as unknown[])[0])) {
      const b5 = slice(c, 20, 30);
      (b5.yProb as number[])[1] = 1.5;
      bads.push(b5);
    }
    for (const b of bads) {
      let evErr = "";
      let refErr = "";
      try {
        ev.update(b as never);
      } catch (e) {
        evErr = `${(e as Error).name}: ${(e as Error).message}`;
      }
      try {
        cs.oneShot(b, quiet);
      } catch (e) {
        refErr = `${(e as Error).name}: ${(e as Error).message}`;
      }
      expect(evErr, `batch ${JSON.stringify(Object.keys(b))}`).not.toBe("");
      expect(evErr).toBe(refErr);
      expect(JSON.stringify(ev)).toBe(before);
    }
    // the evaluator keeps working with the next good batch
    update(ev, c, 20, 40);
    const ref = mlm.createEvaluator(cs.task, { ...cs.options, ...quiet });
    update(ref, c, 0, 40);
    expect(bits(ev.compute())).toBe(bits(ref.compute()));
  });
});

describe("merge and state errors", () => {
  test("merge refuses another task, other options and itself", () => {
    const a = mlm.createEvaluator("regression");
    expect(() => a.merge(mlm.createEvaluator("anomaly"))).toThrow("cannot merge a 'anomaly' evaluator into a 'regression' evaluator");
    expect(() => a.merge(mlm.createEvaluator("regression", { preset: "mlflow" }))).toThrow(/options differ \(preset/);
    expect(() => a.merge(a)).toThrow("cannot be merged with itself");
    const b = mlm.createEvaluator("classification", { auc: { bins: 10 } });
    expect(() => b.merge(mlm.createEvaluator("classification", { auc: { bins: 20 } }))).toThrow(/options differ \(auc/);
    expect(() => mlm.createEvaluator("regression", { nClasses: 3 } as never)).toThrow(/unknown option 'nClasses'/);
    expect(() => mlm.createEvaluator("nope" as never)).toThrow(/task must be one of/);
    expect(() => mlm.createEvaluator("anomaly", { preset: "mlflow" })).toThrow("anomalyMetrics has no 'mlflow' preset");
  });

  test("compute with no rows raises sklearn's empty-input error", () => {
    for (const task of ["regression", "anomaly", "distribution"] as const) {
      expect(() => mlm.createEvaluator(task).compute()).toThrow(/0 sample\(s\)/);
    }
    expect(() => mlm.createEvaluator("classification").compute()).toThrow(/empty input|0 sample/);
  });

  test("all-zero weights: accepted per batch, refused at compute as sklearn refuses them", () => {
    const ev = mlm.createEvaluator("regression");
    ev.update({ yTrue: [1, 2], yPred: [1, 3], sampleWeight: [0, 0] });
    expect(() => ev.compute()).toThrow("Sample weights must contain at least one non-zero number.");
    ev.update({ yTrue: [1, 2], yPred: [1, 3], sampleWeight: [0, 1] });
    expect(ev.compute()).toEqual(mlm.regressionMetrics({ yTrue: [1, 2, 1, 2], yPred: [1, 3, 1, 3], sampleWeight: [0, 0, 0, 1] }));
  });

  const tampered: [string, mlm.EvaluatorTask, mlm.EvaluatorOptions, Cols, (s: Record<string, any>) => void][] = [
    ["regression: n without sums", "regression", {}, { yTrue: [1, 2], yPred: [1, 3] }, (s) => (s.state.test.n = 5)],
    ["regression: a sum that is not exact text", "regression", {}, { yTrue: [1, 2], yPred: [1, 3] }, (s) => (s.state.test.se2 = "1.5")],
    ["anomaly: counts and extremes", "anomaly", {}, { predictions: [1, -1], scores: [0.5, -0.5] }, (s) => (s.state.all.min = 3)],
    ["distribution: scores and moments", "distribution", {}, { scores: [1, 2, 3] }, (s) => (s.state.scores = "AAAAAAAA8D8AAAAAAADwPwAAAAAAAPA/")],
    ["classification: cells and n", "classification", {}, { yTrue: [0, 1], yPred: [0, 1] }, (s) => (s.state.labels.n = 3)],
    ["classification: a cell outside the classes", "classification", {}, { yTrue: [0, 1], yPred: [0, 1] }, (s) => s.state.labels.cells.push([7, 0, 1])],
    ["classification: kept scores and rows", "classification", {}, { yTrue: [0, 1], yPred: [0, 1], yProb: [0.2, 0.8] }, (s) => (s.state.scores.n = 1)],
    ["classification: bins and rows", "classification", { auc: { bins: 4 } }, { yTrue: [0, 1], yPred: [0, 1], yProb: [0.2, 0.8] }, (s) => (s.state.scores.n = 3)],
    ["a state from another version", "regression", {}, { yTrue: [1], yPred: [1] }, (s) => (s.version = 2)],
    ["not a state", "regression", {}, { yTrue: [1], yPred: [1] }, (s) => (s.format = "other")],
  ];
  test.each(tampered)("evaluatorFromJSON refuses %s", (_name, task, options, batch, tamper) => {
    const ev = mlm.createEvaluator(task, options);
    ev.update(batch as never);
    const s = JSON.parse(JSON.stringify(ev));
    expect(() => mlm.evaluatorFromJSON(JSON.parse(JSON.stringify(s)))).not.toThrow();
    tamper(s);
    expect(() => mlm.evaluatorFromJSON(s)).toThrow(mlm.StateError);
  });

  test("evaluatorFromJSON refuses random corruptions of a state, or reads back a state that computes", () => {
    const ev = mlm.createEvaluator("classification", { preset: "mlflow" });
    ev.update({ yTrue: [0, 1, 1, 0, 1], yPred: [0, 1, 0, 0, 1], yProb: [0.1, 0.9, 0.4, 0.3, 0.8] });
    const text = JSON.stringify(ev);
    const r = rng(5);
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const pos = Math.floor(r() * text.length);
      const bad = text.slice(0, pos) + String.fromCharCode(32 + Math.floor(r() * 90)) + text.slice(pos + 1);
      try {
        mlm.evaluatorFromJSON(bad).compute();
      } catch (e) {
        expect(["StateError", "ValueError", "TypeError"], `${(e as Error).name}: ${(e as Error).message}`).toContain((e as Error).name);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(100);
  });
});

describe("auc: { bins } — the stated bound on adversarial data", () => {
  const cases: [string, (r: () => number, i: number) => number][] = [
    ["all scores in one bin", (r) => 0.5 + r() * 0.009],
    ["scores exactly on bin edges", (r) => Math.floor(r() * 101) / 100],
    ["scores a hair below and above edges", (r) => { const e = Math.floor(r() * 100) / 100 + 0.01; return Math.min(1, Math.max(0, r() < 0.5 ? e - 1e-12 : e + 1e-12)); }],
    ["few distinct values", (r) => [0, 0.25, 0.5, 1][Math.floor(r() * 4)]],
    ["continuous", (r) => r()],
  ];
  test.each(cases)("%s", (_name, score) => {
    for (const weighted of [false, true]) {
      const r = rng(11);
      const n = 3000;
      const yTrue = Array.from({ length: n }, () => (r() < 0.4 ? 1 : 0));
      const yProb = yTrue.map((y, i) => { const s = score(r, i); return y ? Math.min(1, s + (r() < 0.5 ? 0.003 : 0)) : s; });
      const sampleWeight = weighted ? yTrue.map(() => r() * 2) : undefined;
      const exact = mlm.rocAucScore(yTrue, yProb, { sampleWeight });
      const ev = mlm.createEvaluator("classification", { auc: { bins: 100 } });
      for (let i = 0; i < n; i += 500) {
        ev.update({ yTrue: yTrue.slice(i, i + 500), yPred: yTrue.slice(i, i + 500), yProb: yProb.slice(i, i + 500), sampleWeight: sampleWeight?.slice(i, i + 500) });
      }
      const binned = ev.compute().auc_roc;
      const bound = ev.aucErrorBound();
      expect(bound).toBeGreaterThanOrEqual(0);
      expect(Math.abs(binned - exact), `binned ${binned} exact ${exact} bound ${bound}`).toBeLessThanOrEqual(bound * (1 + 1e-12) + 1e-15);
    }
  });
});

describe("numerics", () => {
  test("R² with a large offset: exact sums keep every digit (within 1e-12 of sklearn's two-pass value)", () => {
    const r = rng(3);
    const yTrue = Float64Array.from({ length: 5000 }, () => 1e9 + r());
    const yPred = Float64Array.from(yTrue, (v) => v + (r() - 0.5) * 0.1);
    const ev = mlm.createEvaluator("regression");
    for (let i = 0; i < 5000; i += 333) ev.update({ yTrue: yTrue.subarray(i, i + 333), yPred: yPred.subarray(i, i + 333) });
    const a = ev.compute().test_r2;
    const b = mlm.r2Score(yTrue, yPred);
    expect(Math.abs(a - b) / Math.abs(b)).toBeLessThanOrEqual(1e-12);
  });

  test("constant scores: std is exactly 0, the mean exact", () => {
    const ev = mlm.createEvaluator("distribution");
    for (let i = 0; i < 10; i++) ev.update({ scores: new Float64Array(7).fill(0.1) });
    const d = ev.compute();
    expect(d.std).toBe(0);
    expect(d.mean).toBe(0.1);
  });
});

describe("state arrays: strict base64 in JSON, raw bytes between threads", () => {
  test("a corrupted base64 column is a StateError, whatever the corruption", async () => {
    const { decodeF64, encodeArray, StateError } = await import("../src/state/encode.js");
    const a = Float64Array.from({ length: 300 }, (_, i) => Math.sin(i) / 3);
    const s = encodeArray(a);
    expect(decodeF64(s, "x")).toEqual(a);
    const bad = [
      s.slice(0, 40) + "*" + s.slice(41), // outside the alphabet
      s.slice(0, 40) + " " + s.slice(41), // whitespace
      s.slice(0, 40) + "-" + s.slice(41), // base64url
      s.slice(0, 40) + "_" + s.slice(41),
      s.slice(0, 40) + "=" + s.slice(41), // padding inside
      s.slice(0, -4), // shorter: 3 bytes missing, not a whole number of doubles
      s + "AA", // not a multiple of 4
      12,
    ];
    for (const b of bad) expect(() => decodeF64(b, "x"), String(b).slice(38, 44)).toThrow(StateError);
  });

  test("withRawArrays: the state crosses structuredClone and merges to the same bits", async () => {
    const { withRawArrays } = await import("../src/state/encode.js");
    const n = 5000;
    const yTrue = Float64Array.from({ length: n }, (_, i) => (Math.sin(i * 7.1) > 0.2 ? 1 : 0));
    const yProb = Float64Array.from({ length: n }, (_, i) => (Math.cos(i * 3.3) + 1) / 2);
    const yPred = Float64Array.from(yProb, (p) => (p >= 0.5 ? 1 : 0));
    const a = mlm.createEvaluator("classification", { preset: "mlflow" }).update({ yTrue: yTrue.subarray(0, 2000), yPred: yPred.subarray(0, 2000), yProb: yProb.subarray(0, 2000) });
    const b = mlm.createEvaluator("classification", { preset: "mlflow" }).update({ yTrue: yTrue.subarray(2000), yPred: yPred.subarray(2000), yProb: yProb.subarray(2000) });
    const raw = structuredClone(withRawArrays(() => b.toJSON()));
    expect(JSON.stringify(raw)).not.toContain('"scores":"'); // raw bytes, not base64 text
    const viaRaw = mlm.evaluatorFromJSON(structuredClone(withRawArrays(() => a.toJSON()))).merge(mlm.evaluatorFromJSON(raw)).compute();
    const whole = mlm.createEvaluator("classification", { preset: "mlflow" }).update({ yTrue, yPred, yProb }).compute();
    expect(viaRaw).toEqual(whole);
    for (const k of Object.keys(whole)) expect(Object.is(viaRaw[k], whole[k])).toBe(true);
    // and outside withRawArrays the JSON form is base64 text again
    expect(typeof JSON.parse(JSON.stringify(a)).state).toBe("object");
    expect(JSON.stringify(a)).not.toMatch(/"0":\d/);
  });
});
