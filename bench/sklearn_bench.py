"""scikit-learn / numpy on the same data files as bench/run.mjs (bench/data/n<N>/*.f64).

Reads {"sizes": [...], "families": [...]} on stdin, prints {"versions": ..., "times": {"family:n": median ms}}.
Each call is warmed up, then repeated (adaptive count), median reported; results are consumed.
"""
import json, statistics, sys, time
from pathlib import Path

import numpy as np
import sklearn
from sklearn import metrics as M

DATA = Path(__file__).parent / "data"
Q = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
sink = 0.0


def load(n, name):
    return np.fromfile(DATA / f"n{n}" / f"{name}.f64", dtype="<f8")


def regression(d):
    yt, yp = d["reg_true"], d["reg_pred"]
    return (M.mean_squared_error(yt, yp) + M.root_mean_squared_error(yt, yp) + M.mean_absolute_error(yt, yp)
            + M.mean_absolute_percentage_error(yt, yp) + M.r2_score(yt, yp))


def distribution(d):
    x = d["dist_scores"]
    q = np.quantile(x, Q)
    c, e = np.histogram(x, bins=10)
    return float(q.sum() + np.std(x) + np.mean(x) + np.min(x) + np.max(x) + c[0] + e[0])


FAMILIES = {
    "regression": (["reg_true", "reg_pred"], regression),
    "roc_auc": (["cls_true", "cls_prob"], lambda d: M.roc_auc_score(d["cls_true"], d["cls_prob"])),
    "log_loss": (["cls_true", "cls_prob"], lambda d: M.log_loss(d["cls_true"], d["cls_prob"])),
    "f1": (["cls_true", "cls_pred"], lambda d: M.f1_score(d["cls_true"], d["cls_pred"])),
    "distribution": (["dist_scores"], distribution),
    # issue 17
    "zero_one_loss": (["cls_true", "cls_pred"], lambda d: M.zero_one_loss(d["cls_true"], d["cls_pred"])),
    "hinge_loss": (["cls_true", "cls_prob"], lambda d: M.hinge_loss(d["cls_true"], d["cls_prob"])),
    "class_likelihood_ratios": (["cls_true", "cls_pred"],
                                lambda d: sum(M.class_likelihood_ratios(d["cls_true"], d["cls_pred"]))),
    "auc": (["cls_prob", "reg_true"], lambda d: M.auc(d["cls_prob_sorted"], d["reg_true"])),
    "d2_pinball": (["reg_true", "reg_pred"], lambda d: M.d2_pinball_score(d["reg_true"], d["reg_pred"])),
    "d2_tweedie": (["reg_true", "reg_pred"], lambda d: M.d2_tweedie_score(d["reg_true"], d["reg_pred"], power=1.5)),
    "d2_log_loss": (["cls_true", "cls_prob"], lambda d: M.d2_log_loss_score(d["cls_true"], d["cls_prob"])),
    "d2_brier": (["cls_true", "cls_prob"], lambda d: M.d2_brier_score(d["cls_true"], d["cls_prob"])),
    # 2-D ranking: n / 20 rows of k = 20 labels
    "coverage_error": (["cls_true", "cls_prob"], lambda d: M.coverage_error(*rows20(d))),
    "lrap": (["cls_true", "cls_prob"], lambda d: M.label_ranking_average_precision_score(*rows20(d))),
    "label_ranking_loss": (["cls_true", "cls_prob"], lambda d: M.label_ranking_loss(*rows20(d))),
    "dcg": (["cls_true", "cls_prob"], lambda d: M.dcg_score(*rows20(d))),
    "ndcg": (["cls_true", "cls_prob"], lambda d: M.ndcg_score(*rows20(d))),
    # multilabel-indicator targets: n rows x 20 labels (labels20, built outside the timed region)
    "multilabel_roc_auc": (["cls_true", "cls_prob"], lambda d: M.roc_auc_score(d["T20"], d["S20"])),
    "multilabel_roc_auc_micro": (["cls_true", "cls_prob"], lambda d: M.roc_auc_score(d["T20"], d["S20"], average="micro")),
    "multilabel_ap": (["cls_true", "cls_prob"], lambda d: M.average_precision_score(d["T20"], d["S20"])),
    "multilabel_ap_micro": (["cls_true", "cls_prob"],
                            lambda d: M.average_precision_score(d["T20"], d["S20"], average="micro")),
}


def labels20(x):
    """M[i, j] = x[(i + 7919 j) mod n], as bench/run.mjs builds it."""
    n = x.size
    idx = (np.arange(n)[:, None] + 7919 * np.arange(20)[None, :]) % n
    return np.ascontiguousarray(x[idx])


def rows20(d):
    return d["cls_true"].reshape(-1, 20), d["cls_prob"].reshape(-1, 20)


def main():
    global sink
    req = json.load(sys.stdin)
    times = {}
    for n in req["sizes"]:
        n = int(n)
        for fam in req["families"]:
            names, fn = FAMILIES[fam]
            d = {k: load(n, k) for k in names}
            if fam.startswith("multilabel"):
                d["T20"], d["S20"] = labels20(d["cls_true"]), labels20(d["cls_prob"])
            if "cls_prob" in d:
                d["cls_prob_sorted"] = np.sort(d["cls_prob"])  # auc's x (outside the timed region)
            sink += float(fn(d))  # warm-up
            samples = []
            budget = time.perf_counter() + 1.0
            while len(samples) < 5 or (time.perf_counter() < budget and len(samples) < 50):
                t0 = time.perf_counter()
                sink += float(fn(d))
                samples.append((time.perf_counter() - t0) * 1e3)
                if n >= 10_000_000 and len(samples) >= 5:
                    break
            times[f"{fam}:{n}"] = statistics.median(samples)
            print(f"sklearn {fam:12} n={n:<9} {times[f'{fam}:{n}']:.3f} ms", file=sys.stderr)
    versions = {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    try:
        import threadpoolctl
        info = threadpoolctl.threadpool_info()
        versions["blas"] = ", ".join(f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}" for i in info) or "none loaded"
    except Exception:  # threadpoolctl is optional
        pass
    print(json.dumps({"versions": versions, "times": times, "sink": sink}))


main()
