"""Differential fuzzing of the multi-output regression forms (imported by scripts/fuzz_sklearn.py).

Each case: an n x m target (m from 1 to 12; n * m within the size drawn by the fuzzer), each
output with its own scale and offset (ties, constant columns, exact hits), sent flat with
nOutputs; multioutput drawn among the default, 'raw_values', 'uniform_average',
'variance_weighted' (r2 / explained variance; elsewhere sklearn's InvalidParameterError) and an
array of output weights (some zero; rarely all zero or of the wrong length);
(a y_pred of another number of outputs cannot be sent flat with one nOutputs: the golden fixtures
cover it); force_finite for r2 / explained variance; alpha for the
pinball metrics. InvalidParameterError messages have their set of strings sorted (sklearn prints a
Python set, in hash-seed order).
"""
import re

import numpy as np
from sklearn import metrics as skm

MULTIOUT = {
    "meanSquaredError/multioutput": skm.mean_squared_error,
    "rootMeanSquaredError/multioutput": skm.root_mean_squared_error,
    "meanAbsoluteError/multioutput": skm.mean_absolute_error,
    "meanAbsolutePercentageError/multioutput": skm.mean_absolute_percentage_error,
    "r2Score/multioutput": skm.r2_score,
    "explainedVarianceScore/multioutput": skm.explained_variance_score,
    "medianAbsoluteError/multioutput": skm.median_absolute_error,
    "meanSquaredLogError/multioutput": skm.mean_squared_log_error,
    "rootMeanSquaredLogError/multioutput": skm.root_mean_squared_log_error,
    "meanPinballLoss/multioutput": skm.mean_pinball_loss,
    "d2AbsoluteErrorScore/multioutput": skm.d2_absolute_error_score,
    "d2PinballScore/multioutput": skm.d2_pinball_score,
}
LOG = ("meanSquaredLogError", "rootMeanSquaredLogError")
VW = ("r2Score", "explainedVarianceScore")


def sorted_sets(msg):
    return re.sub(r"\{('[^{}]*')\}", lambda m: "{" + ", ".join(sorted(x.strip() for x in m.group(1).split(","))) + "}", msg)


def gen_multioutput(row, rng, n, use_w, continuous, scale_offset, weights, condition_scale):
    fn = row.split("/")[0]
    f = MULTIOUT[row]
    m = int(rng.choice([1, 2, 2, 3, 3, 5, 8, int(rng.integers(2, 13))]))
    rows = max(1, n // m)
    T = np.empty((rows, m))
    P = np.empty((rows, m))
    for j in range(m):
        if fn in LOG:
            scale = 10.0 ** rng.uniform(-6, 6)
            y = np.abs(continuous(rng, rows, scale, 0.0))
            p = np.abs(y + scale * 10.0 ** rng.uniform(-4, 0) * rng.normal(0, 1, rows))
        else:
            scale, offset = scale_offset(rng)
            y = continuous(rng, rows, scale, offset)
            p = y + scale * 10.0 ** rng.uniform(-4, 1) * rng.normal(0, 1, rows)
        r = rng.random()
        if r < 0.05:
            p = y.copy()  # a perfect output
        elif r < 0.1:
            y = np.full(rows, y[0])  # a constant output
            if rng.random() < 0.5:
                p = y.copy()
        T[:, j], P[:, j] = y, p
    if fn in LOG and rng.random() < 0.03:
        T[0, 0] = -1.0  # outside the domain: sklearn raises
    opts, kw = {"nOutputs": m}, {}
    mo_r = rng.random()
    if mo_r < 0.2:
        pass
    elif mo_r < 0.45:
        kw["multioutput"] = opts["multioutput"] = "raw_values"
    elif mo_r < 0.55:
        kw["multioutput"] = opts["multioutput"] = "uniform_average"
    elif mo_r < 0.7 and fn in VW:
        kw["multioutput"] = opts["multioutput"] = "variance_weighted"
    elif mo_r < 0.72:
        kw["multioutput"] = opts["multioutput"] = "variance_weighted" if fn not in VW else "foo"
    else:
        k = m if rng.random() < 0.97 else m + 1
        ow = rng.uniform(0, 2, k)
        ow[rng.random(k) < 0.3] = 0.0
        if rng.random() < 0.02:
            ow[:] = 0.0
        kw["multioutput"] = [float(x) for x in ow]
        opts["multioutput"] = kw["multioutput"]
    if fn in VW and rng.random() < 0.3:
        kw["force_finite"] = opts["forceFinite"] = False
    if fn in ("meanPinballLoss", "d2PinballScore"):
        kw["alpha"] = opts["alpha"] = float(rng.choice([0.5, 0.1, 0.9, rng.uniform(0, 1)]))
    w = weights(rng, rows) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    exact = fn not in LOG

    def log_scale(fn, v):
        """MSLE's log1p differences cancel: the fuzzer's condition scale of each output
        (0 for a perfect one); one per value for raw values, else their (weighted) mean."""
        raw = skm.mean_squared_log_error(T, P, sample_weight=w, multioutput="raw_values")
        if fn == "rootMeanSquaredLogError":
            raw = np.sqrt(raw)
        sc = [condition_scale(fn, T[:, j], P[:, j], w, None, float(raw[j])) or 0.0 for j in range(m)]
        if not np.isfinite(v).all():
            return None
        if kw.get("multioutput") == "raw_values":
            return sc  # one scale per value
        ow = kw.get("multioutput")
        if isinstance(ow, list) and np.sum(np.abs(ow)) > 0:
            return float(np.average(sc, weights=np.abs(ow)))
        return float(np.mean(sc))

    def call():
        try:
            v = f(T, P, **kw)
            if fn in LOG:
                return {"value": v, "_scale": log_scale(fn, v)}
            return {"value": v}
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ == "InvalidParameterError":
                raise ValueError(sorted_sets(str(exc))) from None
            raise

    return [T.ravel(), P.ravel()], ["f64", "f64"], w, opts, call, exact
