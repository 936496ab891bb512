"""scikit-learn / numpy computing the dicts of the streaming benchmark (bench/evaluators.mjs) on the
whole arrays in memory, on the same data files (bench/data/n<N>/*.f64).

Reads {"n": N, "reps": R} on stdin, prints {"versions": ..., "times": {dict: median ms}} on stdout.
"""
import json, statistics, sys, time
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

DATA = Path(__file__).parent / "data"


def load(n, name):
    return np.fromfile(DATA / f"n{n}" / f"{name}.f64", dtype="<f8")


def regression(d):
    # the compact dict: rmse, mae, mape, r2, n (MSE and RMSE as the user would call them)
    yt, yp = d["reg_true"], d["reg_pred"]
    return {
        "rmse": M.root_mean_squared_error(yt, yp),
        "mae": M.mean_absolute_error(yt, yp),
        "mape": 100 * M.mean_absolute_percentage_error(yt, yp),
        "test_r2": M.r2_score(yt, yp),
        "test_samples": len(yt),
    }


def anomaly(d):
    # the predictions are given (made once, outside the timing, as on the JavaScript side)
    s, p = d["dist_scores"], d["predictions"]
    a = p == -1
    return {
        "anomaly_rate": float(a.mean()),
        "avg_anomaly_score": float(s[a].mean()) if a.any() else 0.0,
        "avg_normal_score": float(s[~a].mean()),
        "training_samples": len(s),
        "score_min": float(s.min()),
        "score_max": float(s.max()),
        "score_std": float(s.std()),
    }


def classification(d):
    yt, yp, pr = d["cls_true"], d["cls_pred"], d["cls_prob"]
    return {
        "accuracy": M.accuracy_score(yt, yp),
        "precision": M.precision_score(yt, yp),
        "recall": M.recall_score(yt, yp),
        "f1": M.f1_score(yt, yp),
        "auc_roc": M.roc_auc_score(yt, pr),
        "log_loss": M.log_loss(yt, pr),
    }


DICTS = {
    "regression": (["reg_true", "reg_pred"], regression),
    "anomaly": (["dist_scores"], anomaly),
    "classification": (["cls_true", "cls_pred", "cls_prob"], classification),
}


def main():
    req = json.load(sys.stdin)
    n, reps = int(req["n"]), int(req.get("reps", 3))
    times, values = {}, {}
    for name, (cols, fn) in DICTS.items():
        d = {k: load(n, k) for k in cols}
        if name == "anomaly":
            d["predictions"] = np.where(d["dist_scores"] < -1.5, -1.0, 1.0)
        samples = []
        for _ in range(reps):
            t0 = time.perf_counter()
            values[name] = fn(d)
            samples.append((time.perf_counter() - t0) * 1e3)
        times[name] = statistics.median(samples)
        print(f"sklearn {name:15} n={n} {times[name]:.1f} ms", file=sys.stderr)
    versions = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    print(json.dumps({"versions": versions, "times": times, "values": values}, default=float))


main()
