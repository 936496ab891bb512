/**
 * Guessing a predictions table's task and columns from column names and a
 * sample of values — shared by the `mlmetrics` command and the preview page,
 * so both guess the same way.
 *
 * Rules, in order: a column of few distinct integers, strings or booleans is
 * a label column, never a regression target; a column of −1/1 values with a
 * continuous score column is an anomaly-detection table; a column of values
 * in [0, 1] beside a label column is a probability (one per class when names
 * say `prob_<class>`, `p_<class>`, `proba_<class>`, `<class>_proba`,
 * `<class>_prob`, `probability_<class>`); a column is never given two roles;
 * names win over positions. What was chosen and why is returned as notes.
 * @module
 */

/** A column's name and sample values (cells as read: numbers, strings, booleans; null for empty). */
export interface SampleColumn {
  name: string;
  values: readonly (number | string | boolean | null)[];
}

/** The roles a column can take. */
export interface Roles {
  yTrue?: string;
  yPred?: string;
  /** One column (binary: P(positive class)) or one per class (multiclass, in class order). */
  yProb?: string | string[];
  /** Anomaly detection: the −1/1 predictions and the scores. */
  prediction?: string;
  score?: string;
  /** Per-row weights. */
  weight?: string;
}

/** The result of {@link guessTable}. */
export interface Guess {
  task: "regression" | "classification" | "anomaly";
  roles: Roles;
  /** Multiclass probability columns: the class each `yProb` column belongs to. */
  probClasses?: string[];
  /** What was chosen and why, one sentence each (for stderr / the page). */
  notes: string[];
}

/** Raised when no task can be guessed (the caller should ask for columns). */
export class GuessError extends Error {
  override name = "GuessError";
}

interface Profile {
  name: string;
  key: string;
  /** Numbers, but for at most 1 % (at least one) stray non-numeric cells, which the reader then reports. */
  numeric: boolean;
  /** Share of the numbers in [0, 1]. */
  unitShare: number;
  /** Every value an integer (numeric columns). */
  integer: boolean;
  distinct: number;
  inUnit: boolean;
  minusOnePlusOne: boolean;
  isLabel: boolean;
  count: number;
}

const norm = (s: string) => s.toLowerCase().replace(/[\s\-.]+/g, "_").replace(/^_+|_+$/g, "");

const TRUE_NAMES = ["y_true", "ytrue", "y", "label", "labels", "target", "actual", "truth", "ground_truth", "gt", "true", "true_label", "y_test", "class", "outcome", "observed"];
const PRED_NAMES = ["y_pred", "ypred", "pred", "prediction", "predicted", "predictions", "yhat", "y_hat", "predicted_label", "pred_label", "predicted_class", "forecast", "output", "estimate"];
const PROB_NAMES = ["y_prob", "yprob", "prob", "proba", "probability", "y_score", "pred_proba", "predict_proba", "p", "p1", "prob_1", "proba_1", "probability_1", "p_1", "prob_pos", "score", "confidence"];
const SCORE_NAMES = ["score", "scores", "anomaly_score", "decision_function", "outlier_score", "decision", "decision_score"];
const ANOMALY_PRED_NAMES = ["prediction", "predictions", "pred", "y_pred", "outlier", "is_outlier", "anomaly", "is_anomaly", "label"];
const WEIGHT_NAMES = ["weight", "weights", "sample_weight", "w"];

function profile(c: SampleColumn): Profile {
  const vals = c.values.filter((v) => v !== null && v !== "");
  const finite = vals.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  // A few stray cells (`abc`, `NaN`) among numbers leave a numeric column numeric, so that
  // a column named for its role is still chosen and the reader reports the bad cell.
  const stray = vals.length - finite.length;
  const numeric = finite.length > 0 && stray <= Math.max(1, Math.floor(vals.length * 0.01)) && finite.length > stray;
  const nums = numeric ? finite : [];
  const distinct = new Set(vals.map((v) => (typeof v === "number" ? v + 0 : String(v)))).size;
  const integer = numeric && nums.every((v) => Number.isInteger(v));
  const inUnit = numeric && stray === 0 && nums.every((v) => v >= 0 && v <= 1);
  const unitShare = numeric ? nums.filter((v) => v >= 0 && v <= 1).length / nums.length : 0;
  // sklearn's outlier labels: −1 and 1, with at least one −1 (a column of 1s alone is one class, not outliers)
  const minusOnePlusOne = numeric && nums.every((v) => v === -1 || v === 1) && nums.includes(-1);
  // strings or booleans (a stray number among strings is a string label such as "1")
  const strings = !numeric && vals.length > 0 && finite.length * 2 < vals.length;
  // few distinct values: labels (integers 0/1/2…, strings, booleans)
  const few = distinct <= Math.max(2, Math.min(50, Math.ceil(vals.length * 0.05)));
  const isLabel = strings || (integer && few);
  return { name: c.name, key: norm(c.name), numeric, unitShare, integer, distinct, inUnit, minusOnePlusOne, isLabel, count: vals.length };
}

function byName(ps: Profile[], names: string[], ok: (p: Profile) => boolean, used: Set<string>): Profile | undefined {
  for (const n of names) {
    const p = ps.find((q) => q.key === n && !used.has(q.name) && ok(q));
    if (p) return p;
  }
  return undefined;
}

/** The names a probability column of class `c` may have (normalised: lower case, `_` for spaces, dots and dashes). */
function classProbNames(c: string): string[] {
  const k = norm(c);
  return [`prob_${k}`, `p_${k}`, `proba_${k}`, `probability_${k}`, `${k}_proba`, `${k}_prob`, `${k}_probability`, `score_${k}`];
}

/** Per-class probability columns: prob_<c>, p_<c>, proba_<c>, probability_<c>, <c>_proba, <c>_prob. */
function classProbColumns(ps: Profile[], classes: string[], used: Set<string>): Profile[] | undefined {
  const out: Profile[] = [];
  for (const c of classes) {
    const names = classProbNames(c);
    const p = ps.find((q) => names.includes(q.key) && q.numeric && q.unitShare >= 0.9 && !used.has(q.name));
    if (!p) return undefined;
    out.push(p);
  }
  return out;
}

/**
 * The column named as the probability of each class (`prob_<class>`, `p_<class>`,
 * `proba_<class>`, `probability_<class>`, `<class>_proba`, `<class>_prob`,
 * `<class>_probability`, `score_<class>`), by name alone; null where no column
 * has such a name. A column is given to one class at most; `exclude` lists
 * columns that have another role.
 * @example
 * ```ts
 * matchClassColumns(["y", "yhat", "prob_0", "prob_1", "prob_2"], ["0", "1", "2"]); // ["prob_0", "prob_1", "prob_2"]
 * ```
 */
export function matchClassColumns(columns: readonly string[], classes: readonly string[], exclude: readonly string[] = []): (string | null)[] {
  const used = new Set(exclude);
  return classes.map((c) => {
    const names = classProbNames(c);
    const hit = columns.find((n) => names.includes(norm(n)) && !used.has(n));
    if (hit === undefined) return null;
    used.add(hit);
    return hit;
  });
}

/** Options of {@link guessTable}. */
export interface GuessOptions {
  /**
   * Binary classification may go without a predicted-label column when a
   * probability column is found (the caller thresholds it; the preview page
   * does, at 0.5). Default false: the command line needs `--y-pred`.
   */
  allowMissingPred?: boolean;
}

function classValues(c: SampleColumn): string[] {
  const vals = [...new Set(c.values.filter((v) => v !== null && v !== "").map((v) => (typeof v === "number" ? v + 0 : v)))];
  if (vals.every((v) => typeof v === "number")) return (vals as number[]).sort((a, b) => a - b).map(String);
  return vals.map(String).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Guesses the task and the column of each role from a sample of the table
 * (the first rows). `fixed` roles (given by the user) are kept and never
 * reused for another role. Throws a {@link GuessError} when nothing fits.
 * @example
 * ```ts
 * guessTable([{ name: "actual", values: ["spam", "ham"] }, { name: "predicted", values: ["spam", "spam"] },
 *             { name: "p_spam", values: [0.9, 0.6] }]);
 * // { task: "classification", roles: { yTrue: "actual", yPred: "predicted", yProb: "p_spam" }, notes: [...] }
 * ```
 */
export function guessTable(columns: readonly SampleColumn[], fixed: Roles = {}, task?: Guess["task"], options: GuessOptions = {}): Guess {
  const ps = columns.map(profile);
  const used = new Set<string>(Object.values(fixed).flat().filter((v): v is string => typeof v === "string"));
  const notes: string[] = [];
  const roles: Roles = { ...fixed };
  const get = (name: string) => ps.find((p) => p.name === name);
  const take = (role: keyof Roles, p: Profile | undefined, why: string): boolean => {
    if (!p || roles[role] !== undefined) return false;
    (roles as Record<string, string>)[role] = p.name;
    used.add(p.name);
    notes.push(`${role} = "${p.name}" (${why})`);
    return true;
  };
  const weightOk = (p: Profile) => p.numeric;
  // 1. anomaly detection: −1/1 predictions and a continuous score
  if (task === "anomaly" || (task === undefined && roles.yTrue === undefined)) {
    const pred = roles.prediction ? get(roles.prediction) : byName(ps, ANOMALY_PRED_NAMES, (p) => p.minusOnePlusOne, used) ?? ps.find((p) => p.minusOnePlusOne && !used.has(p.name));
    const hasTrueName = ps.some((p) => TRUE_NAMES.includes(p.key) && p.key !== "label");
    if (pred && (task === "anomaly" || !hasTrueName)) {
      const score =
        (roles.score ? get(roles.score) : undefined) ??
        byName(ps, SCORE_NAMES, (p) => p.numeric && !p.isLabel && p.name !== pred.name, used) ??
        ps.find((p) => p.numeric && !p.isLabel && p.name !== pred.name && !used.has(p.name));
      if (score) {
        take("prediction", pred, "values are −1 and 1 (sklearn outlier labels)");
        take("score", score, "a continuous numeric column");
        return { task: "anomaly", roles, notes: [`task = anomaly (−1/1 predictions with scores)`, ...notes] };
      }
      if (task === "anomaly") throw new GuessError("no score column found for the anomaly predictions: give --score");
    }
    if (task === "anomaly") throw new GuessError("no column of −1/1 predictions found: give --prediction");
  }
  // 2. classification: a label column named as the truth (or any label column)
  const trueP =
    (roles.yTrue ? get(roles.yTrue) : undefined) ??
    byName(ps, TRUE_NAMES, (p) => (task === "regression" ? p.numeric : p.isLabel), used);
  // unnamed: two label columns (few distinct integers, strings or booleans) make a classification table
  const labelCols = ps.filter((p) => p.isLabel && !used.has(p.name) && !p.minusOnePlusOne);
  const looksClassification =
    task === "classification" || (task === undefined && (trueP ? trueP.isLabel : labelCols.length >= 2));
  if (looksClassification) {
    const t = trueP ?? ps.find((p) => p.isLabel && !used.has(p.name));
    if (!t) throw new GuessError("no label column found: give --y-true");
    if (!roles.yTrue) take("yTrue", t, t.numeric ? `few distinct integers (${t.distinct})` : "labels (strings or booleans)");
    const sameKind = (p: Profile) => p.isLabel && p.numeric === t.numeric;
    if (!roles.yPred) {
      take("yPred", byName(ps, PRED_NAMES, sameKind, used) ?? ps.find((p) => sameKind(p) && !used.has(p.name)), "a label column of the same kind");
    }
    if (!roles.yPred && !options.allowMissingPred) throw new GuessError(`no predicted-label column found beside "${t.name}": give --y-pred`);
    if (roles.yProb === undefined) {
      const classes = classValues(columns.find((c) => c.name === t.name)!);
      const per = classes.length >= 2 ? classProbColumns(ps, classes, used) : undefined;
      // by name: mostly in [0, 1] (a stray value outside is then reported by the reader); by position: all in [0, 1]
      const binaryProb = byName(ps, PROB_NAMES, (p) => p.numeric && p.unitShare >= 0.9 && !p.isLabel, used) ?? ps.find((p) => p.numeric && p.inUnit && !p.isLabel && !used.has(p.name));
      if (per && (classes.length > 2 || !binaryProb)) {
        roles.yProb = per.map((p) => p.name);
        per.forEach((p) => used.add(p.name));
        notes.push(`yProb = ${per.map((p) => `"${p.name}"`).join(", ")} (one probability column per class: ${classes.join(", ")})`);
        const g: Guess = { task: "classification", roles, probClasses: classes, notes: [`task = classification`, ...notes] };
        take("weight", byName(ps, WEIGHT_NAMES, weightOk, used), "named as weights");
        return g;
      }
      if (binaryProb && classes.length <= 2) take("yProb", binaryProb, "values in [0, 1] beside the labels");
    }
    if (!roles.yPred) {
      if (roles.yProb === undefined || Array.isArray(roles.yProb)) {
        throw new GuessError(`no predicted-label column found beside "${t.name}": give --y-pred`);
      }
      notes.push(`yPred: none (no predicted-label column; predicted labels are "${roles.yProb}" ≥ 0.5)`);
    }
    take("weight", byName(ps, WEIGHT_NAMES, weightOk, used), "named as weights");
    return { task: "classification", roles, notes: [`task = classification`, ...notes] };
  }
  // 3. regression: two continuous numeric columns
  const cont = (p: Profile) => p.numeric && !p.minusOnePlusOne;
  const t = trueP ?? byName(ps, TRUE_NAMES, cont, used) ?? ps.find((p) => cont(p) && !p.isLabel && !used.has(p.name) && !WEIGHT_NAMES.includes(p.key));
  if (!t) throw new GuessError("no numeric target column found: give --task and the columns");
  if (!roles.yTrue) take("yTrue", t, "a continuous numeric column");
  if (!roles.yPred) {
    take("yPred", byName(ps, PRED_NAMES, cont, used) ?? ps.find((p) => cont(p) && !used.has(p.name) && !WEIGHT_NAMES.includes(p.key)), "a numeric column beside the target");
  }
  if (!roles.yPred) throw new GuessError(`no prediction column found beside "${t.name}": give --y-pred`);
  take("weight", byName(ps, WEIGHT_NAMES, weightOk, used), "named as weights");
  return { task: "regression", roles, notes: [`task = regression`, ...notes] };
}
