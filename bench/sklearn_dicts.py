"""scikit-learn / numpy computing the same metric dicts as bench/dicts.mjs, on the same data files.

Reads {"n": N, "tasks": [...]} on stdin, prints {"versions": ..., "times": {task: median ms}}.
Each task is warmed up, then repeated (adaptive count, at least 5), median reported; results are consumed.
The environment is used as it is (no BLAS variables are changed).
"""
import json, statistics, sys, time
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

DATA = Path(__file__).parent / "data"
sink = 0.0


def load(n, name):
    return np.fromfile(DATA / f"n{n}" / f"{name}.f64", dtype="<f8")


def compact(d):
    yt, yp, pr = d["cls_true"], d["cls_pred"], d["cls_prob"]
    return (M.accuracy_score(yt, yp) + M.precision_score(yt, yp) + M.recall_score(yt, yp) + M.f1_score(yt, yp)
            + M.roc_auc_score(yt, pr) + M.log_loss(yt, pr))


def mlflow(d):
    yt, yp, pr = d["cls_true"], d["cls_pred"], d["cls_prob"]
    cm = M.confusion_matrix(yt, yp)
    return float(cm[0, 0]) + compact(d) + M.average_precision_score(yt, pr)


def regression(d):
    yt, yp = d["reg_true"], d["reg_pred"]
    return (M.mean_squared_error(yt, yp) + M.root_mean_squared_error(yt, yp) + M.mean_absolute_error(yt, yp)
            + M.mean_absolute_percentage_error(yt, yp) + M.r2_score(yt, yp))


def anomaly(d):
    p, s = d["anom_pred"], d["dist_scores"]
    return ((p == -1).mean() + s[p == -1].mean() + s[p == 1].mean() + len(s) + s.min() + s.max() + s.std())


TASKS = {
    "sk_compact": (["cls_true", "cls_pred", "cls_prob"], compact),
    "sk_mlflow": (["cls_true", "cls_pred", "cls_prob"], mlflow),
    "sk_confusion": (["cls_true", "cls_pred"], lambda d: float(M.confusion_matrix(d["cls_true"], d["cls_pred"])[0, 0])),
    "sk_accuracy": (["cls_true", "cls_pred"], lambda d: M.accuracy_score(d["cls_true"], d["cls_pred"])),
    "sk_f1": (["cls_true", "cls_pred"], lambda d: M.f1_score(d["cls_true"], d["cls_pred"])),
    "sk_regression": (["reg_true", "reg_pred"], regression),
    "sk_regression_mlflow": (["reg_true", "reg_pred"], lambda d: regression(d) + M.max_error(d["reg_true"], d["reg_pred"])),
    "np_anomaly": (["anom_pred", "dist_scores"], anomaly),
}


def main():
    global sink
    req = json.load(sys.stdin)
    n = int(req["n"])
    times = {}
    for task in req["tasks"]:
        names, fn = TASKS[task]
        d = {k: load(n, k) for k in names}
        sink += float(fn(d))  # warm-up
        samples = []
        budget = time.perf_counter() + 1.5
        while len(samples) < 5 or (time.perf_counter() < budget and len(samples) < 30):
            t0 = time.perf_counter()
            sink += float(fn(d))
            samples.append((time.perf_counter() - t0) * 1e3)
        times[task] = statistics.median(samples)
    versions = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    print(json.dumps({"versions": versions, "times": times, "sink": sink}))


main()
