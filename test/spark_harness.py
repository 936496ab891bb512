"""The Spark recipe's test harness (run by test/spark.test.ts with .venv-spark/bin/python).

One process, one SparkSession (local[2]) for every case: writes the data files (seeded numpy) into the
folder given, reads each with Spark, and for every case and every partitioning runs the recipe
(scripts/spark_mlmetrics.py: `mlmetrics partial` per partition on the executors, `mlmetrics merge` on
the driver), keeping the merged dict's JSON text as the command printed it; computes scikit-learn's
values on the same rows; then runs the recipe's own command line once, and the recipe with a command
that does not exist. Prints one JSON object on the last line of stdout (Spark's logs go to stderr).

Usage: MLMETRICS_CMD="node …/mlmetrics.js" python test/spark_harness.py DIR [ROWS]
"""
import contextlib
import csv
import io
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn import metrics as M

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import spark_mlmetrics as sm  # noqa: E402

T0 = time.perf_counter()
DIR = Path(sys.argv[1])
N = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
COMMAND = os.environ.get("MLMETRICS_CMD") or "mlmetrics"
BINS = 64
POS = "yes, churned"  # a label that needs quoting in CSV


def log(msg):
    print(f"[spark-harness {time.perf_counter() - T0:5.1f} s] {msg}", file=sys.stderr, flush=True)


# --- data ---------------------------------------------------------------------------------------
rng = np.random.default_rng(20261203)
idx = np.arange(N)
y = 50 + 10 * rng.standard_normal(N)
reg = {"id": idx, "y_true": y, "y_pred": y + rng.normal(0, 2, N), "weight": rng.uniform(0.5, 2.0, N)}
lab = (rng.random(N) < 0.3).astype(np.int64)
p = np.clip(0.35 * lab + 0.65 * rng.random(N), 0, 1)
p[::3] = np.round(p[::3], 2)  # ties for the ranking metrics
p[5] = 0.0
p[7] = 1.0  # log loss clips these
pred = np.where(rng.random(N) < 0.85, lab, 1 - lab)
w = rng.uniform(0.25, 4.0, N)
binary = {"id": idx, "label": lab, "pred": pred, "prob": p, "weight": w}
# a probability column whose name has a dot (PySpark's mapInArrow needs the recipe's alias for it)
strings = {"id": idx, "label": np.where(lab == 1, POS, "no"), "pred": np.where(pred == 1, POS, "no"), "p.churn": p, "weight": w}


def write_csv(name, cols):
    """Floats as repr (the shortest text that reads back as the same double, in Java as in the readers)."""
    path = DIR / name
    with open(path, "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(cols)
        for row in zip(*cols.values()):
            wr.writerow([repr(float(v)) if isinstance(v, float) else str(v) for v in row])
    return path


FILES = {"reg.csv": reg, "binary.csv": binary, "strings.csv": strings}
for name, cols in FILES.items():
    write_csv(name, {k: (v.tolist() if hasattr(v, "tolist") else v) for k, v in cols.items()})
log(f"wrote {', '.join(FILES)} ({N} rows each) into {DIR}")


# --- scikit-learn's dicts on the same rows -------------------------------------------------------
def binned(prob):
    """What `--auc-bins B` ranks: the bin of each probability (bins of width 1/B over [0, 1])."""
    return np.minimum(np.floor(prob * BINS), BINS - 1) / BINS


def sk_regression(d, preset, weighted):
    yt, yp = np.asarray(d["y_true"]), np.asarray(d["y_pred"])
    sw = np.asarray(d["weight"]) if weighted else None
    if preset == "compact":
        return {
            "rmse": M.root_mean_squared_error(yt, yp, sample_weight=sw),
            "mae": M.mean_absolute_error(yt, yp, sample_weight=sw),
            "mape": 100 * M.mean_absolute_percentage_error(yt, yp, sample_weight=sw),
            "test_r2": M.r2_score(yt, yp, sample_weight=sw),
            "test_samples": len(yt),
        }
    assert sw is None
    return {
        "example_count": len(yt),
        "mean_absolute_error": M.mean_absolute_error(yt, yp),
        "mean_squared_error": M.mean_squared_error(yt, yp),
        "root_mean_squared_error": M.root_mean_squared_error(yt, yp),
        "sum_on_target": sum(yt.tolist()),  # MLflow: Python's sum
        "mean_on_target": sum(yt.tolist()) / len(yt),
        "r2_score": M.r2_score(yt, yp),
        "max_error": M.max_error(yt, yp),
        "mean_absolute_percentage_error": M.mean_absolute_percentage_error(yt, yp),
    }


def sk_binary(d, preset, weighted, pos, bins, prob="prob"):
    yt, yp, pr = np.asarray(d["label"]), np.asarray(d["pred"]), np.asarray(d[prob])
    sw = np.asarray(d["weight"]) if weighted else None
    ranked = binned(pr) if bins else pr
    common = dict(pos_label=pos, sample_weight=sw)
    if preset == "compact":
        return {
            "accuracy": M.accuracy_score(yt, yp, sample_weight=sw),
            "precision": M.precision_score(yt, yp, **common),
            "recall": M.recall_score(yt, yp, **common),
            "f1": M.f1_score(yt, yp, **common),
            "auc_roc": M.roc_auc_score(yt == pos, ranked, sample_weight=sw),
            "log_loss": M.log_loss(yt, pr, sample_weight=sw),
        }
    tn, fp, fn, tp = M.confusion_matrix(yt, yp).ravel()  # MLflow's counts are unweighted
    return {
        "true_negatives": int(tn),
        "false_positives": int(fp),
        "false_negatives": int(fn),
        "true_positives": int(tp),
        "example_count": len(yt),
        "accuracy_score": M.accuracy_score(yt, yp, sample_weight=sw),
        "recall_score": M.recall_score(yt, yp, **common),
        "precision_score": M.precision_score(yt, yp, **common),
        "f1_score": M.f1_score(yt, yp, **common),
        "log_loss": M.log_loss(yt, pr, sample_weight=sw),
        "roc_auc": M.roc_auc_score(yt == pos, ranked, sample_weight=sw),
        "precision_recall_auc": M.average_precision_score(yt == pos, ranked, sample_weight=sw),
    }


# name, file, recipe arguments, scikit-learn's dict
CASES = [
    ("regression, weighted, compact", "reg.csv",
     dict(y_true="y_true", y_pred="y_pred", weight="weight"), lambda: sk_regression(reg, "compact", True)),
    ("regression, mlflow preset", "reg.csv",
     dict(y_true="y_true", y_pred="y_pred", preset="mlflow"), lambda: sk_regression(reg, "mlflow", False)),
    ("binary with probabilities, exact AUC, mlflow preset", "binary.csv",
     dict(y_true="label", y_pred="pred", y_prob="prob", preset="mlflow"), lambda: sk_binary(binary, "mlflow", False, 1, False)),
    (f"binary with probabilities, --auc-bins {BINS}, weighted, compact", "binary.csv",
     dict(y_true="label", y_pred="pred", y_prob="prob", weight="weight", auc_bins=BINS), lambda: sk_binary(binary, "compact", True, 1, True)),
    (f"binary string labels ('{POS}' quoted in CSV), probability column 'p.churn', exact AUC, weighted, compact", "strings.csv",
     dict(y_true="label", y_pred="pred", y_prob="p.churn", weight="weight", pos_label=POS), lambda: sk_binary(strings, "compact", True, POS, False, "p.churn")),
]
TASK = {"reg.csv": "regression", "binary.csv": "classification", "strings.csv": "classification"}

# --- Spark ---------------------------------------------------------------------------------------
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .appName("mlmetrics-spark-test")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.sql.shuffle.partitions", "4")
    .config("spark.driver.memory", "1g")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
log(f"SparkSession up: Spark {spark.version}, master {spark.sparkContext.master}")

SCHEMAS = {
    "reg.csv": StructType([StructField("id", LongType()), StructField("y_true", DoubleType()), StructField("y_pred", DoubleType()), StructField("weight", DoubleType())]),
    "binary.csv": StructType([StructField("id", LongType()), StructField("label", LongType()), StructField("pred", LongType()), StructField("prob", DoubleType()), StructField("weight", DoubleType())]),
    "strings.csv": StructType([StructField("id", LongType()), StructField("label", StringType()), StructField("pred", StringType()), StructField("p.churn", DoubleType()), StructField("weight", DoubleType())]),
}


def read(name):
    return spark.read.option("header", True).option("escape", '"').schema(SCHEMAS[name]).csv(str(DIR / name)).cache()


# label -> DataFrame -> DataFrame with that partitioning
PARTITIONINGS = {
    "1 partition": lambda df: df.coalesce(1),
    "5 partitions (ranges of id)": lambda df: df.repartitionByRange(5, "id"),
    "7 partitions (hash of a random key: rows shuffled)": lambda df: df.withColumn("_k", F.rand(7)).repartition(7, "_k"),
    "7 partitions by id % 3 (at least 4 empty)": lambda df: df.repartition(7, F.col("id") % 3),
}

frames = {name: read(name) for name in FILES}
for name, df in frames.items():
    assert df.count() == N, (name, df.count())
def finite(d):
    """NaN and ±inf as the command writes them, so that the output stays standard JSON."""
    return {k: ("NaN" if math.isnan(v) else "Infinity" if v > 0 else "-Infinity") if isinstance(v, float) and not math.isfinite(v) else v for k, v in d.items()}


results = []
for case, file, kwargs, sk in CASES:
    task = TASK[file]
    args, columns = sm.partial_args(task, **kwargs)
    runs = {}
    for label, part in PARTITIONINGS.items():
        df = part(frames[file])
        t = time.perf_counter()
        states = sm.partial_states(df, task, command=COMMAND, **kwargs)
        text = sm.merge_states(states, command=COMMAND)
        runs[label] = {"dict": text, "partitions": df.rdd.getNumPartitions(), "states": len(states), "seconds": time.perf_counter() - t}
        if len(states) >= 5:
            # a merge tree: states merged two or three at a time (--state), then those
            small = sm.merge_states(states, command=COMMAND, max_chars=2 * max(len(s) + 1 for s in states) + 2)
            runs[label]["treeDict"] = small
        log(f"{case} | {label}: {len(states)} states of {runs[label]['partitions']} partitions, {runs[label]['seconds']:.1f} s")
    ref = {k: float(v) for k, v in sk().items()}
    results.append({"case": case, "file": str(DIR / file), "args": args, "columns": columns, "runs": runs, "sklearn": finite(ref)})

# evaluate(): the dict as Python floats, here on 2 partitions (round robin) of the last case's rows
t = time.perf_counter()
evaluated = {"case": CASES[-1][0], "partitions": 2, "dict": finite(sm.evaluate(frames[CASES[-1][1]].repartition(2), TASK[CASES[-1][1]], command=COMMAND, **CASES[-1][2]))}
log(f"evaluate() on 2 partitions (round robin): {time.perf_counter() - t:.1f} s")

# A command that does not exist: the executor's error names it.
missing_error = None
try:
    sm.partial_states(frames["reg.csv"].coalesce(1), "regression", command="mlmetrics-no-such-command", y_true="y_true", y_pred="y_pred")
except Exception as e:  # noqa: BLE001 (Spark wraps the executor's exception)
    missing_error = str(e)[:2000]
log("missing command: " + ("error raised" if missing_error else "NO ERROR"))

# Bad input on an executor (a probability above 1): the command's message and exit code come back.
bad_error = None
try:
    bad = frames["binary.csv"].withColumn("prob", F.when(F.col("id") == 17, F.lit(1.5)).otherwise(F.col("prob")))
    sm.partial_states(bad.repartition(2), "classification", command=COMMAND, y_true="label", y_pred="pred", y_prob="prob")
except Exception as e:  # noqa: BLE001
    bad_error = str(e)[:4000]
log("bad input: " + ("error raised" if bad_error else "NO ERROR"))

# The recipe's command line on the session already running (it stops the session at the end).
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    sm._main([str(DIR / "reg.csv"), "--task", "regression", "--y-true", "y_true", "--y-pred", "y_pred", "--weight", "weight", "--partitions", "3", "--command", COMMAND])
cli_text = buf.getvalue().strip()
log("command line: done")

print(json.dumps({
    "rows": N,
    "spark": spark.version,
    "seconds": time.perf_counter() - T0,
    "cases": results,
    "evaluate": evaluated,
    "cli": {"file": str(DIR / "reg.csv"), "args": ["--task", "regression", "--y-true", "y_true", "--y-pred", "y_pred", "--weight", "weight"], "dict": cli_text},
    "missingCommandError": missing_error,
    "badInputError": bad_error,
}, allow_nan=False))
