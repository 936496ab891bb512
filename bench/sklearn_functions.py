"""scikit-learn's single functions on bench/functions.mjs's data files (bench/data/n<N>/*.f64).

Reads {"n": N, "k": K, "names": [...]} on stdin; prints {"versions", "times": {name: median ms}}.
"""
import json, statistics, sys, time
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M
from sklearn.calibration import calibration_curve

req = json.load(sys.stdin)
n, K = req["n"], req.get("k", 10)
D = Path(__file__).parent / "data" / f"n{n}"
f = lambda name: np.fromfile(D / f"{name}.f64", dtype="<f8")
rt, rp, yt, yp, pr, mt, mp = f("reg_true"), f("reg_pred"), f("cls_true"), f("cls_pred"), f("cls_prob"), f("mc_true"), f("mc_pred")
mprob = f("mc_prob").reshape(n, K)
# multi-output regression: n x 5 (C order, as bench/functions.mjs's flat row-major arrays)
ot, op = f("mo_true").reshape(n, 5), f("mo_pred").reshape(n, 5)
w, pt, pp = f("weights"), f("pos_true"), f("pos_pred")
rank_true = f("rank_true").reshape(n // K, K)
rank_score = mprob.reshape(-1)[:n].reshape(n // K, K)
dist, anom = f("dist_scores"), f("anom_pred")
dec = pr - 0.5
auc_x = np.sort(pr)
Q = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
ML = any(name.startswith("multilabel") for name in req["names"])
# multilabel indicators (n x 20) as float64 matrices, as the JS side passes them
g = lambda name: np.fromfile(D / f"{name}.u8", dtype=np.uint8).astype(np.float64).reshape(n, -1)
lt, lp = (g("ml_true"), g("ml_pred")) if ML else (None, None)


def reg_dict():
    return {"rmse": M.root_mean_squared_error(rt, rp), "mae": M.mean_absolute_error(rt, rp),
            "mape": 100 * M.mean_absolute_percentage_error(rt, rp), "test_r2": M.r2_score(rt, rp), "n": len(rt)}


def cls_dict():
    return {"accuracy": M.accuracy_score(yt, yp), "precision": M.precision_score(yt, yp), "recall": M.recall_score(yt, yp),
            "f1": M.f1_score(yt, yp), "auc_roc": M.roc_auc_score(yt, pr), "log_loss": M.log_loss(yt, pr)}


def mc_dict():
    return {"accuracy": M.accuracy_score(mt, mp), "precision": M.precision_score(mt, mp, average="weighted"),
            "recall": M.recall_score(mt, mp, average="weighted"), "f1": M.f1_score(mt, mp, average="weighted"),
            "auc_roc": M.roc_auc_score(mt, mprob, multi_class="ovr"), "log_loss": M.log_loss(mt, mprob)}


def anomaly_dict():
    a = anom == -1
    return (a.mean(), dist[a].mean(), dist[~a].mean(), len(dist), dist.min(), dist.max(), dist.std())


def score_distribution():
    return (dist.min(), dist.max(), dist.mean(), dist.std(), np.quantile(dist, Q), np.histogram(dist, bins=10))


CALLS = {
    "mean_squared_error": lambda: M.mean_squared_error(rt, rp),
    "mean_squared_error weighted": lambda: M.mean_squared_error(rt, rp, sample_weight=w),
    "root_mean_squared_error": lambda: M.root_mean_squared_error(rt, rp),
    "mean_absolute_error": lambda: M.mean_absolute_error(rt, rp),
    "mean_absolute_percentage_error": lambda: M.mean_absolute_percentage_error(rt, rp),
    "r2_score": lambda: M.r2_score(rt, rp),
    "r2_score weighted": lambda: M.r2_score(rt, rp, sample_weight=w),
    "explained_variance_score": lambda: M.explained_variance_score(rt, rp),
    "max_error": lambda: M.max_error(rt, rp),
    "median_absolute_error": lambda: M.median_absolute_error(rt, rp),
    "mean_squared_log_error": lambda: M.mean_squared_log_error(pt, pp),
    "root_mean_squared_log_error": lambda: M.root_mean_squared_log_error(pt, pp),
    "mean_pinball_loss": lambda: M.mean_pinball_loss(rt, rp),
    "n×5 mean_squared_error": lambda: M.mean_squared_error(ot, op),
    "n×5 mean_absolute_error": lambda: M.mean_absolute_error(ot, op),
    "n×5 r2_score raw_values": lambda: M.r2_score(ot, op, multioutput="raw_values"),
    "d2_absolute_error_score": lambda: M.d2_absolute_error_score(rt, rp),
    "mean_poisson_deviance": lambda: M.mean_poisson_deviance(pt, pp),
    "mean_gamma_deviance": lambda: M.mean_gamma_deviance(pt, pp),
    "mean_tweedie_deviance power=1.5": lambda: M.mean_tweedie_deviance(pt, pp, power=1.5),
    "d2_pinball_score": lambda: M.d2_pinball_score(rt, rp),
    "d2_tweedie_score power=1.5": lambda: M.d2_tweedie_score(pt, pp, power=1.5),
    "accuracy_score": lambda: M.accuracy_score(yt, yp),
    "accuracy_score weighted": lambda: M.accuracy_score(yt, yp, sample_weight=w),
    "precision_score": lambda: M.precision_score(yt, yp),
    "recall_score": lambda: M.recall_score(yt, yp),
    "f1_score": lambda: M.f1_score(yt, yp),
    "f1_score weighted": lambda: M.f1_score(yt, yp, sample_weight=w),
    "fbeta_score": lambda: M.fbeta_score(yt, yp, beta=0.5),
    "precision_recall_fscore_support": lambda: M.precision_recall_fscore_support(yt, yp),
    "jaccard_score": lambda: M.jaccard_score(yt, yp),
    "multilabel_confusion_matrix": lambda: M.multilabel_confusion_matrix(yt, yp),
    "hamming_loss": lambda: M.hamming_loss(yt, yp),
    "zero_one_loss": lambda: M.zero_one_loss(yt, yp),
    "confusion_matrix": lambda: M.confusion_matrix(yt, yp),
    "confusion_matrix weighted": lambda: M.confusion_matrix(yt, yp, sample_weight=w),
    "matthews_corrcoef": lambda: M.matthews_corrcoef(yt, yp),
    "cohen_kappa_score": lambda: M.cohen_kappa_score(yt, yp),
    "balanced_accuracy_score": lambda: M.balanced_accuracy_score(yt, yp),
    "class_likelihood_ratios": lambda: M.class_likelihood_ratios(yt, yp),
    "classification_report": lambda: M.classification_report(yt, yp, zero_division=0),
    "hinge_loss": lambda: M.hinge_loss(yt, dec),
    "roc_auc_score": lambda: M.roc_auc_score(yt, pr),
    "roc_auc_score weighted": lambda: M.roc_auc_score(yt, pr, sample_weight=w),
    "average_precision_score": lambda: M.average_precision_score(yt, pr),
    "roc_curve": lambda: M.roc_curve(yt, pr),
    "precision_recall_curve": lambda: M.precision_recall_curve(yt, pr),
    "det_curve": lambda: M.det_curve(yt, pr),
    "calibration_curve": lambda: calibration_curve(yt, pr),
    "log_loss": lambda: M.log_loss(yt, pr),
    "log_loss weighted": lambda: M.log_loss(yt, pr, sample_weight=w),
    "brier_score_loss": lambda: M.brier_score_loss(yt, pr),
    "d2_log_loss_score": lambda: M.d2_log_loss_score(yt, pr),
    "d2_brier_score": lambda: M.d2_brier_score(yt, pr),
    "auc": lambda: M.auc(auc_x, rt),
    "k=10 accuracy_score": lambda: M.accuracy_score(mt, mp),
    "k=10 precision_score macro": lambda: M.precision_score(mt, mp, average="macro"),
    "k=10 recall_score micro": lambda: M.recall_score(mt, mp, average="micro"),
    "k=10 f1_score macro": lambda: M.f1_score(mt, mp, average="macro"),
    "k=10 f1_score weighted": lambda: M.f1_score(mt, mp, average="weighted"),
    "k=10 f1_score macro, sample weights": lambda: M.f1_score(mt, mp, average="macro", sample_weight=w),
    "k=10 fbeta_score macro": lambda: M.fbeta_score(mt, mp, beta=0.5, average="macro"),
    "k=10 precision_recall_fscore_support": lambda: M.precision_recall_fscore_support(mt, mp),
    "k=10 jaccard_score macro": lambda: M.jaccard_score(mt, mp, average="macro"),
    "k=10 multilabel_confusion_matrix": lambda: M.multilabel_confusion_matrix(mt, mp),
    "k=10 confusion_matrix": lambda: M.confusion_matrix(mt, mp),
    "k=10 matthews_corrcoef": lambda: M.matthews_corrcoef(mt, mp),
    "k=10 cohen_kappa_score": lambda: M.cohen_kappa_score(mt, mp),
    "k=10 balanced_accuracy_score": lambda: M.balanced_accuracy_score(mt, mp),
    "k=10 hamming_loss": lambda: M.hamming_loss(mt, mp),
    "k=10 zero_one_loss": lambda: M.zero_one_loss(mt, mp),
    "k=10 classification_report": lambda: M.classification_report(mt, mp, zero_division=0),
    "k=10 hinge_loss": lambda: M.hinge_loss(mt, mprob),
    "k=10 top_k_accuracy_score": lambda: M.top_k_accuracy_score(mt, mprob),
    "k=10 roc_auc_score ovr": lambda: M.roc_auc_score(mt, mprob, multi_class="ovr"),
    "k=10 average_precision_score": lambda: M.average_precision_score(mt, mprob),
    "k=10 log_loss": lambda: M.log_loss(mt, mprob),
    "k=10 log_loss weighted": lambda: M.log_loss(mt, mprob, sample_weight=w),
    "k=10 brier_score_loss": lambda: M.brier_score_loss(mt, mprob),
    "k=10 d2_log_loss_score": lambda: M.d2_log_loss_score(mt, mprob),
    "k=10 d2_brier_score": lambda: M.d2_brier_score(mt, mprob),
    "coverage_error (n/10 × 10)": lambda: M.coverage_error(rank_true, rank_score),
    "label_ranking_average_precision_score (n/10 × 10)": lambda: M.label_ranking_average_precision_score(rank_true, rank_score),
    "label_ranking_loss (n/10 × 10)": lambda: M.label_ranking_loss(rank_true, rank_score),
    "dcg_score (n/10 × 10)": lambda: M.dcg_score(rank_true, rank_score),
    "ndcg_score (n/10 × 10)": lambda: M.ndcg_score(rank_true, rank_score),
    "score_distribution": score_distribution,
    "regression dict (compact)": reg_dict,
    "classification dict (compact, binary)": cls_dict,
    "k=10 classification dict (compact)": mc_dict,
    "anomaly dict": anomaly_dict,
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
    print(f"sklearn {name:52} {times[name]:9.2f} ms", file=sys.stderr)
print(json.dumps({"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "times": times, "sink": sink}))
