// Hostile input: every public metric (the registry) and the metric dicts fed
// fc.anything()-style values in every argument and option: bare numbers,
// strings, null, [null], ['abc'], objects with a length, sparse and nested
// arrays, BigInt, Symbols, boxed values, Maps, typed arrays of every kind, and
// huge lengths (a Proxy array and array-likes claiming 2**40 elements).
// Only documented error classes may come out, with a message; a result may come
// out only when the value is a valid input; the module is correct afterwards.
// Default: MLMETRICS_HOSTILE_RUNS=60 runs per (function, argument) pair;
// `MLMETRICS_HOSTILE_RUNS=1000 npm test -- test/hostile.test.ts` runs > 10^5.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as mlm from "../src/index.js";
import { METRICS, type MetricSpec, validInputs } from "./registry.js";

const RUNS = Number(process.env.MLMETRICS_HOSTILE_RUNS ?? 60);
const SEED = Number(process.env.MLMETRICS_HOSTILE_SEED ?? 7);
const DOCUMENTED = new Set(["ValueError", "ZeroDivisionError", "TypeError", "RangeError"]);
const N = 6;
let total = 0;

beforeAll(async () => {
  await mlm.init();
});
afterAll(() => console.log(`hostile input: ${total} calls`));

/** Array-likes and Proxies that claim absurd lengths: refused before any allocation. */
function hugeProxy(length: number): unknown {
  return new Proxy([], {
    get(t, k, r) {
      if (k === "length") return length;
      if (k === fc.toStringMethod) return () => `Proxy([], length ${length})`;
      if (typeof k === "string" && /^\d+$/.test(k)) return 0.5;
      return Reflect.get(t, k, r);
    },
  });
}
/** (fast-check prints counterexamples: give the huge ones a short name) */
function named<T extends object>(v: T, name: string): T {
  Object.defineProperty(v, fc.toStringMethod, { value: () => name });
  return v;
}
const SPECIAL: unknown[] = [
  5, -0, NaN, Infinity, "abc", "1,2,3", "", null, undefined, true, 5n, Symbol("s"),
  [], [null], ["abc"], [undefined], [1n], [[1], [0]], [{}], [Symbol("x")],
  // eslint-disable-next-line no-sparse-arrays
  [1, , 0],
  new Array(N), // holes only
  { length: 3 }, { length: 2 ** 40 }, { length: -1 }, { length: "6" }, { 0: 1, length: 1 },
  hugeProxy(2 ** 40), hugeProxy(2 ** 32 - 1), hugeProxy(mlm.MAX_SAMPLES + 1),
  named(new Array(mlm.MAX_SAMPLES + 1), "new Array(MAX_SAMPLES + 1)"), // sparse: RangeError before scanning
  new BigInt64Array(N), new BigUint64Array(N), new DataView(new ArrayBuffer(8 * N)), new ArrayBuffer(8 * N),
  new Float64Array(N).fill(NaN), new Float32Array(N).fill(Infinity), new Map([[0, 1]]), new Set([1, 0]),
  Object(5), Object("abc"), new Date(0), /re/, () => 1, Object.create(null), Promise.resolve(1),
];

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
  {
    weight: 4,
    arbitrary: fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withDate: true,
    }),
  },
  // arrays of the right length with one bad element
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.integer({ min: 0, max: N - 1 }), fc.anything({ withBigInt: true, withBoxedValues: true }))
      .map(([i, v]) => Array.from({ length: N }, (_, j) => (j === i ? v : j % 2))),
  },
  // arrays of numbers (finite or not) of any length
  { weight: 2, arbitrary: fc.array(fc.double(), { maxLength: 12 }) },
);

/** A value the API accepts as an array of N finite numbers (booleans for labels). */
function validArray(v: unknown, allowBool: boolean, length = N): boolean {
  const typed = ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);
  if (!typed && !Array.isArray(v)) return false;
  const a = v as ArrayLike<unknown>;
  if (a.length !== length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!(i in (a as object))) return false;
    const x = a[i];
    if (typeof x === "number" ? !Number.isFinite(x) : !(allowBool && typeof x === "boolean")) return false;
  }
  return true;
}

/** Option domains: a returned result is allowed only for values in these. */
const num = (v: unknown) => typeof v === "number" && Number.isFinite(v);
const OPTIONS: Record<string, (v: unknown) => boolean> = {
  sampleWeight: (v) => v === undefined || v === null || validArray(v, false),
  // any number is a label to sklearn (pos_label=inf: no positives, NaN rates and a warning)
  posLabel: (v) => typeof v === "number" || typeof v === "boolean",
  labels: (v) => Array.isArray(v) || ArrayBuffer.isView(v),
  normalize: (v) => v === undefined || v === null || typeof v === "boolean" || ["true", "pred", "all"].includes(v as string),
  // boolean flags follow JavaScript truthiness (documented): any value selects a branch
  flag: () => true,
  zeroDivision: (v) => v === "warn" || v === 0 || v === 1 || Number.isNaN(v),

  quantiles: (v) => Array.isArray(v) || ArrayBuffer.isView(v),
  bins: (v) => Number.isInteger(v) && (v as number) > 0,
};
const FLAGS = new Set(["accuracyScore.normalize", "r2Score.forceFinite", "explainedVarianceScore.forceFinite", "rocCurve.dropIntermediate", "precisionRecallCurve.dropIntermediate", "detCurve.dropIntermediate"]);
/** Per-metric option domains that differ from OPTIONS (the curves and AP take string labels, so a string posLabel too). */
const labelOrString = (v: unknown) => typeof v === "number" || typeof v === "boolean" || typeof v === "string";
const OPTION_DOMAIN: Record<string, (v: unknown) => boolean> = {
  "detCurve.posLabel": labelOrString,
  "rocCurve.posLabel": labelOrString,
  "precisionRecallCurve.posLabel": labelOrString,
  "averagePrecisionScore.posLabel": labelOrString,
};
const OPTIONS_OF: Record<string, string[]> = {
  accuracyScore: ["normalize"], // (a flag here: truthiness)
  precisionScore: ["posLabel", "zeroDivision"],
  recallScore: ["posLabel", "zeroDivision"],
  f1Score: ["posLabel", "zeroDivision"],
  confusionMatrix: ["labels", "normalize"],
  rocCurve: ["posLabel", "dropIntermediate"],
  precisionRecallCurve: ["posLabel", "dropIntermediate"],
  detCurve: ["posLabel", "dropIntermediate"],
  averagePrecisionScore: ["posLabel"],
  logLoss: ["labels"],
  brierScoreLoss: ["posLabel"],
  r2Score: ["forceFinite"],
  explainedVarianceScore: ["forceFinite"],
  scoreDistribution: ["quantiles", "bins"],
};

/**
 * No number computed from garbage: a result only for valid values. One
 * exception, sklearn's own: an undefined metric is NaN (with a warning), e.g.
 * roc_auc_score with one class in y_true returns NaN before it compares lengths.
 */
function checkOutcome(call: () => unknown, valid: boolean, what: () => string): void {
  total++;
  let result: unknown;
  try {
    result = call();
  } catch (e) {
    const err = e as Error;
    if (!(err instanceof Error) || !DOCUMENTED.has(err.name) || !err.message) {
      throw new Error(`${what()}: undocumented error ${String(err?.name)}: ${String(err?.message)}`);
    }
    expect(mlm.memoryStats().arenaBytes).toBe(0);
    return;
  }
  if (!valid && !(typeof result === "number" && Number.isNaN(result))) throw new Error(`${what()}: returned ${JSON.stringify(result)} for an invalid value`);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
}

function describeValue(v: unknown): string {
  try {
    return fc.stringify(v).slice(0, 120);
  } catch {
    return typeof v;
  }
}

describe.each(METRICS.map((m) => [m.name, m] as const))("%s: hostile values", (_name, m: MetricSpec) => {
  const good = validInputs(m.kind, N, 3);
  const allowBool = m.kind !== "regression" && m.kind !== "distribution";
  let expected: unknown;
  beforeAll(() => {
    expected = m.call(validInputs(m.kind, 50, 3), { onWarning: () => {} });
  });

  for (let i = 0; i < good.length; i++) {
    test(`argument ${i}`, () => {
      fc.assert(
        fc.property(hostile, (v) => {
          const args = [...good] as unknown[];
          args[i] = v;
          // label arguments accept booleans; the prediction of a ranking metric does not
          const valid = validArray(
            v,
            allowBool && !(i === 1 && (m.kind === "score" || m.kind === "prob")),
            m.kind === "distribution" && Array.isArray(v) || ArrayBuffer.isView(v) ? Math.max(1, (v as ArrayLike<unknown>).length) : N,
          );
          checkOutcome(() => m.call(args as ArrayLike<number>[], { onWarning: () => {} }), valid || !isStrictlyInvalid(m, i, v), () => `${m.name} arg ${i} = ${describeValue(v)}`);
        }),
        { numRuns: RUNS, seed: SEED + i },
      );
      expect(m.call(validInputs(m.kind, 50, 3), { onWarning: () => {} })).toEqual(expected);
    });
  }

  // (registry entries that spread options into defaults make any options object plain)
  let spreads = false;
  try {
    m.call(good, 5 as unknown as Record<string, unknown>);
    spreads = true;
  } catch {
    /* expected: TypeError */
  }
  if (!spreads) test("the options object itself", () => {
    fc.assert(
      fc.property(hostile, (v) => {
        const plainObject = v === undefined || v === null || (typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v));
        checkOutcome(() => m.call(good, v as Record<string, unknown>), plainObject, () => `${m.name} options = ${describeValue(v)}`);
      }),
      { numRuns: RUNS, seed: SEED + 10 },
    );
    expect(m.call(validInputs(m.kind, 50, 3), { onWarning: () => {} })).toEqual(expected);
  });

  const opts = [...(m.weighted ? ["sampleWeight"] : []), ...(OPTIONS_OF[m.name] ?? [])];
  for (const opt of opts) {
    test(`option ${opt}`, () => {
      fc.assert(
        fc.property(hostile, (v) => {
          checkOutcome(
            () => m.call(good, { [opt]: v, onWarning: () => {} }),
            // (undefined and null mean "absent": the default)
            v === undefined || v === null || (FLAGS.has(`${m.name}.${opt}`) ? OPTIONS.flag : OPTION_DOMAIN[`${m.name}.${opt}`] ?? OPTIONS[opt])(v),
            () => `${m.name} ${opt} = ${describeValue(v)}`,
          );
        }),
        { numRuns: RUNS, seed: SEED + 20 },
      );
      expect(m.call(validInputs(m.kind, 50, 3), { onWarning: () => {} })).toEqual(expected);
    });
  }
});

/**
 * Values that may legitimately give a result although validArray says no: an
 * empty array for scoreDistribution's… nothing else. Label arrays of another
 * length are length mismatches and must throw. (Kept as a function to state
 * the rule in one place.)
 */
function isStrictlyInvalid(_m: MetricSpec, _i: number, _v: unknown): boolean {
  return true;
}

describe("metric dicts: hostile values", () => {
  const [yt, yp] = validInputs("regression", N, 3);
  const [lt, lp] = validInputs("label", N, 3);
  const [, prob] = validInputs("prob", N, 3);
  const cases: [string, (v: unknown) => unknown, (v: unknown) => boolean][] = [
    ["regressionMetrics yTrue", (v) => mlm.regressionMetrics({ yTrue: v as number[], yPred: yp }), (v) => validArray(v, false)],
    ["regressionMetrics input", (v) => mlm.regressionMetrics(v as never), () => false],
    ["classificationMetrics yPred", (v) => mlm.classificationMetrics({ yTrue: lt, yPred: v as number[] }, { onWarning: () => {} }), (v) => validArray(v, true)],
    ["classificationMetrics yProb", (v) => mlm.classificationMetrics({ yTrue: lt, yPred: lp, yProb: v as number[] }, { onWarning: () => {} }), (v) => v === undefined || v === null || validArray(v, false)],
    ["anomalyMetrics scores", (v) => mlm.anomalyMetrics({ predictions: lt.map((x) => (x ? -1 : 1)), scores: v as number[] }), (v) => validArray(v, false)],
    ["regressionMetrics prefix", (v) => mlm.regressionMetrics({ yTrue: yt, yPred: yp }, { prefix: v as string }), (v) => v === undefined || v === null || typeof v === "string"],
    ["validateMetricKey", (v) => mlm.validateMetricKey(v as string), (v) => typeof v === "string"],
  ];
  void prob;
  test.each(cases)("%s", (name, call, valid) => {
    fc.assert(
      fc.property(hostile, (v) => checkOutcome(() => call(v), valid(v), () => `${name} = ${describeValue(v)}`)),
      { numRuns: RUNS * 2, seed: SEED + 30 },
    );
  });
});

test("huge lengths are refused with a RangeError naming the limit, before allocating", () => {
  const pages = mlm.memoryStats().pages;
  for (const v of [hugeProxy(2 ** 40), hugeProxy(mlm.MAX_SAMPLES + 1), new Array(mlm.MAX_SAMPLES + 1)]) {
    expect(() => mlm.meanSquaredError(v as number[], v as number[])).toThrow(RangeError);
    expect(() => mlm.meanSquaredError(v as number[], v as number[])).toThrow(
      new RegExp(`has ${(v as unknown[]).length} samples; mlmetrics accepts at most ${mlm.MAX_SAMPLES} per array`),
    );
    expect(() => mlm.rocAucScore(v as number[], v as number[])).toThrow(RangeError);
    expect(() => mlm.scoreDistribution(v as number[])).toThrow(RangeError);
  }
  expect(() => mlm.meanSquaredError({ length: 2 ** 40 } as never, [1])).toThrow(TypeError);
  expect(mlm.memoryStats().pages).toBe(pages);
  expect(mlm.memoryStats().arenaBytes).toBe(0);
});
