"""scikit-learn's single functions on bench/functions.mjs's data files (bench/data/n<N>/*.f64).

Reads {"n": N, "names": [...]} on stdin; prints {"versions", "times": {name: median ms}}.
"""
import json, statistics, sys, time
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

req = json.load(sys.stdin)
n = req["n"]
D = Path(__file__).parent / "data" / f"n{n}"
f = lambda name: np.fromfile(D / f"{name}.f64", dtype="<f8")
rt, rp, yt, yp, pr, mt, mp = f("reg_true"), f("reg_pred"), f("cls_true"), f("cls_pred"), f("cls_prob"), f("mc_true"), f("mc_pred")
ML = any(name.startswith("multilabel") for name in req["names"])
# multilabel indicators (n x 20) as float64 matrices, as the JS side passes them
g = lambda name: np.fromfile(D / f"{name}.u8", dtype=np.uint8).astype(np.float64).reshape(n, -1)
lt, lp = (g("ml_true"), g("ml_pred")) if ML else (None, None)


def reg_dict():
    return {"rmse": M.root_mean_squared_error(rt, rp), "mae": M.mean_absolute_error(rt, rp),
            "mape": 100 * M.mean_absolute_percentage_error(rt, rp), "test_r2": M.r2_score(rt, rp), "n": len(rt)}


CALLS = {
    "mean_squared_error": lambda: M.mean_squared_error(rt, rp),
    "root_mean_squared_error": lambda: M.root_mean_squared_error(rt, rp),
    "mean_absolute_error": lambda: M.mean_absolute_error(rt, rp),
    "mean_absolute_percentage_error": lambda: M.mean_absolute_percentage_error(rt, rp),
    "r2_score": lambda: M.r2_score(rt, rp),
    "explained_variance_score": lambda: M.explained_variance_score(rt, rp),
    "max_error": lambda: M.max_error(rt, rp),
    "median_absolute_error": lambda: M.median_absolute_error(rt, rp),
    "mean_pinball_loss": lambda: M.mean_pinball_loss(rt, rp),
    "regression dict (compact)": reg_dict,
    "accuracy_score": lambda: M.accuracy_score(yt, yp),
    "precision_score": lambda: M.precision_score(yt, yp),
    "recall_score": lambda: M.recall_score(yt, yp),
    "f1_score": lambda: M.f1_score(yt, yp),
    "jaccard_score": lambda: M.jaccard_score(yt, yp),
    "hamming_loss": lambda: M.hamming_loss(yt, yp),
    "confusion_matrix": lambda: M.confusion_matrix(yt, yp),
    "matthews_corrcoef": lambda: M.matthews_corrcoef(yt, yp),
    "cohen_kappa_score": lambda: M.cohen_kappa_score(yt, yp),
    "balanced_accuracy_score": lambda: M.balanced_accuracy_score(yt, yp),
    "roc_auc_score": lambda: M.roc_auc_score(yt, pr),
    "average_precision_score": lambda: M.average_precision_score(yt, pr),
    "roc_curve": lambda: M.roc_curve(yt, pr),
    "precision_recall_curve": lambda: M.precision_recall_curve(yt, pr),
    "log_loss": lambda: M.log_loss(yt, pr),
    "brier_score_loss": lambda: M.brier_score_loss(yt, pr),
    "k=10 accuracy_score": lambda: M.accuracy_score(mt, mp),
    "k=10 f1_score macro": lambda: M.f1_score(mt, mp, average="macro"),
    "k=10 f1_score weighted": lambda: M.f1_score(mt, mp, average="weighted"),
    "k=10 jaccard_score macro": lambda: M.jaccard_score(mt, mp, average="macro"),
    "k=10 confusion_matrix": lambda: M.confusion_matrix(mt, mp),
    "k=10 matthews_corrcoef": lambda: M.matthews_corrcoef(mt, mp),
    "k=10 cohen_kappa_score": lambda: M.cohen_kappa_score(mt, mp),
    "k=10 balanced_accuracy_score": lambda: M.balanced_accuracy_score(mt, mp),
    "k=10 hamming_loss": lambda: M.hamming_loss(mt, mp),
    "k=10 classification_report": lambda: M.classification_report(mt, mp, zero_division=0),
    "multilabel L=20 f1_score samples": lambda: M.f1_score(lt, lp, average="samples", zero_division=0),
    "multilabel L=20 f1_score macro": lambda: M.f1_score(lt, lp, average="macro"),
    "multilabel L=20 accuracy_score": lambda: M.accuracy_score(lt, lp),
    "multilabel L=20 hamming_loss": lambda: M.hamming_loss(lt, lp),
    "multilabel L=20 multilabel_confusion_matrix": lambda: M.multilabel_confusion_matrix(lt, lp),
}

times, sink = {}, 0
for name in req["names"]:
    fn = CALLS[name]
    fn()
    samples, t_end = [], time.perf_counter() + 1.0
    while len(samples) < 3 or (time.perf_counter() < t_end and len(samples) < 30):
        t0 = time.perf_counter()
        r = fn()
        samples.append((time.perf_counter() - t0) * 1e3)
        sink += 1 if r is not None else 0
    times[name] = statistics.median(samples)
    print(f"sklearn {name:36} {times[name]:9.2f} ms", file=sys.stderr)
print(json.dumps({"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "times": times, "sink": sink}))
