"""pandas + scikit-learn computing the command's dicts from the same files as bench/cli.mjs:
`pandas.read_csv` / `pandas.read_parquet`, then the compact dict's metrics, timed together in-process
(interpreter start-up excluded; the command's times include Node's start-up).

Reads {"files": [[name, path, task]], "reps": R} on stdin; prints {"versions", "times": {name: median ms}}.
"""
import json, statistics, sys, time

import numpy as np
import pandas as pd
import sklearn
from sklearn import metrics as M


def regression(df):
    yt, yp = df["y_true"].to_numpy(), df["y_pred"].to_numpy()
    return {
        "rmse": M.root_mean_squared_error(yt, yp),
        "mae": M.mean_absolute_error(yt, yp),
        "mape": 100 * M.mean_absolute_percentage_error(yt, yp),
        "test_r2": M.r2_score(yt, yp),
        "test_samples": len(yt),
    }


def classification(df):
    yt, yp, pr = df["label"].to_numpy(), df["predicted"].to_numpy(), df["prob"].to_numpy()
    return {
        "accuracy": M.accuracy_score(yt, yp),
        "precision": M.precision_score(yt, yp),
        "recall": M.recall_score(yt, yp),
        "f1": M.f1_score(yt, yp),
        "auc_roc": M.roc_auc_score(yt, pr),
        "log_loss": M.log_loss(yt, pr),
    }


def main():
    req = json.load(sys.stdin)
    times, values = {}, {}
    for name, path, task in req["files"]:
        read = pd.read_parquet if path.endswith(".parquet") else pd.read_csv
        fn = regression if task == "regression" else classification
        samples = []
        for _ in range(int(req.get("reps", 3))):
            t0 = time.perf_counter()
            values[name] = fn(read(path))
            samples.append((time.perf_counter() - t0) * 1e3)
        times[name] = statistics.median(samples)
        print(f"pandas+sklearn {name:28} {times[name]:.0f} ms", file=sys.stderr)
    versions = {"pandas": pd.__version__, "scikit-learn": sklearn.__version__, "numpy": np.__version__}
    print(json.dumps({"versions": versions, "times": times, "values": values}, default=float))


main()
