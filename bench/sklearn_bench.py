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
}


def main():
    global sink
    req = json.load(sys.stdin)
    times = {}
    for n in req["sizes"]:
        n = int(n)
        for fam in req["families"]:
            names, fn = FAMILIES[fam]
            d = {k: load(n, k) for k in names}
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
