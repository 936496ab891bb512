"""Golden fixtures for multi-output regression (issue 17): 2-D y_true / y_pred and the
`multioutput` option of every scikit-learn regression metric that takes it, plus the
metrics that refuse 2-D targets. Writes test/fixtures/multioutput.json (family
"multioutput"). Called from scripts/gen_fixtures.py (one-line hook), or alone:

    .venv/bin/python scripts/fixtures_multioutput.py

Every expected value / message is what scikit-learn returns or raises. One rewrite:
in InvalidParameterError messages the set of allowed strings is printed in sorted
order (sklearn prints a Python set, whose order depends on the per-process hash seed).
"""
import os
import re
import sys

import numpy as np
from sklearn import metrics as skm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_fixtures as G  # noqa: E402

F = "multioutput"

FNS = {
    "meanSquaredError": skm.mean_squared_error,
    "rootMeanSquaredError": skm.root_mean_squared_error,
    "meanAbsoluteError": skm.mean_absolute_error,
    "medianAbsoluteError": skm.median_absolute_error,
    "meanAbsolutePercentageError": skm.mean_absolute_percentage_error,
    "meanSquaredLogError": skm.mean_squared_log_error,
    "rootMeanSquaredLogError": skm.root_mean_squared_log_error,
    "meanPinballLoss": skm.mean_pinball_loss,
    "r2Score": skm.r2_score,
    "explainedVarianceScore": skm.explained_variance_score,
    "d2AbsoluteErrorScore": skm.d2_absolute_error_score,
    "d2PinballScore": skm.d2_pinball_score,
}
REFUSING = {
    "maxError": skm.max_error,
    "meanTweedieDeviance": skm.mean_tweedie_deviance,
    "meanPoissonDeviance": skm.mean_poisson_deviance,
    "meanGammaDeviance": skm.mean_gamma_deviance,
    "d2TweedieScore": skm.d2_tweedie_score,
}
VW = ("r2Score", "explainedVarianceScore")
LOG = ("meanSquaredLogError", "rootMeanSquaredLogError")
KW = {"sampleWeight": "sample_weight", "forceFinite": "force_finite", "multioutput": "multioutput", "alpha": "alpha",
      "power": "power"}


def _sorted_sets(msg):
    """sklearn prints StrOptions as a Python set (hash-seed order): sort its items."""
    def fix(m):
        items = sorted(x.strip() for x in m.group(1).split(","))
        return "{" + ", ".join(items) + "}"
    return re.sub(r"\{('[^{}]*')\}", fix, msg)


def data(cid, n, m, variant, fn):
    rng = G.rng_for(cid)
    if fn in LOG or fn in ("meanPoissonDeviance", "meanGammaDeviance", "d2TweedieScore", "meanTweedieDeviance"):
        T = rng.uniform(0.1, 5, (n, m))
        P = np.abs(T + rng.normal(0, 0.5, (n, m))) + 0.05
    else:
        scale = 10.0 ** rng.uniform(-2, 3, m)
        T = rng.normal(0, 1, (n, m)) * scale + rng.normal(0, 5, m)
        P = T + rng.normal(0, 0.4, (n, m)) * scale
    if "int" in variant:
        T, P = np.round(T), np.round(P)
    if "ties" in variant:
        T, P = np.round(T * 2) / 2, np.round(P * 2) / 2
    if "const" in variant and m > 0:
        T[:, 0] = 3.5  # a constant y_true column, imperfect prediction
    if "cperfect" in variant and m > 1:
        c = 2.0 if fn in LOG else -2.0
        T[:, 1] = c
        P[:, 1] = c  # constant and perfectly predicted
    if "allconst" in variant:
        T[:] = 1.25
        if "perfect" in variant:
            P[:] = 1.25
    if "perfect" in variant and "allconst" not in variant and m > 1:
        P[:, m - 1] = T[:, m - 1]
    if "zeros" in variant:
        T[: n // 3, :] = 0.0  # MAPE's eps
    return T, P, rng


def case(C, fn, n, m, variant="plain", opts=None, expect_error=False, hand=None, sk=None):
    opts = dict(opts or {})
    cid = f"{fn}/n={n}/m={m}/{variant}" + "".join(
        f"/{a}={b if not isinstance(b, (list, np.ndarray)) else '[' + ','.join(f'{x:.3g}' for x in b) + ']'}"
        for a, b in opts.items())
    if hand is not None:
        T, P = np.asarray(hand[0], dtype=float), np.asarray(hand[1], dtype=float)
        rng = G.rng_for(cid)
    else:
        T, P, rng = data(cid, n, m, variant, fn)
    kw = {KW[a]: b for a, b in opts.items() if a != "nOutputs"}
    odt = {}
    if "weighted" in variant or "zerow" in variant:
        w = rng.uniform(0.1, 3, n) if "intw" not in variant else rng.integers(0, 4, n).astype(float)
        if "zerow" in variant:
            w[: max(1, n // 2)] = 0.0
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    t_arg, p_arg = T, P
    dts = ["matrix", "matrix"]
    if "flat" in variant or n == 0 or (n * m > 400 and hand is None and "oned" not in variant):
        # (large cases as flat row-major float64 + nOutputs: base64 in the file; an empty
        # matrix too: [] has no second dimension)
        t_arg, p_arg = T.reshape(-1), P.reshape(-1)
        dts = ["float64", "float64"]
        opts["nOutputs"] = m
    if "oned" in variant:  # 1-D y_true (and y_pred unless "p2d")
        T = T[:, 0]
        t_arg = T
        dts[0] = "float64"
        if "p2d" not in variant:
            P = P[:, 0]
            p_arg = P
            dts[1] = "float64"
    if "nan" in variant:
        t_arg = t_arg.copy()
        t_arg.flat[min(3, t_arg.size - 1)] = np.nan
        T = t_arg
    if "inf" in variant:
        p_arg = p_arg.copy()
        p_arg.flat[min(2, p_arg.size - 1)] = np.inf
        P = p_arg
    f = sk or FNS.get(fn) or REFUSING[fn]
    exact = fn not in LOG and "Tweedie" not in fn and "Poisson" not in fn and "Gamma" not in fn

    def call():
        try:
            return f(T, P, **kw)
        except Exception as exc:  # noqa: BLE001
            if type(exc).__name__ == "InvalidParameterError":
                raise ValueError(_sorted_sets(str(exc))) from None
            raise

    c = C.add(F, cid, fn, [t_arg, p_arg], dts, call, opts, odt, exact=exact, expect_error=expect_error)
    return c


def gen(C):
    rng = np.random.default_rng(17)
    for fn in FNS:
        for n, m in [(7, 2), (50, 3), (129, 5), (300, 2), (700, 4), (40, 9), (60, 1), (2, 3)]:
            case(C, fn, n, m)
            case(C, fn, n, m, opts={"multioutput": "raw_values"})
            case(C, fn, n, m, "weighted", {"multioutput": "raw_values"})
            if m > 1:
                case(C, fn, n, m, "weighted", {"multioutput": [float(x) for x in rng.uniform(0, 2, m)]})
        case(C, fn, 1, 3, opts={"multioutput": "raw_values"})
        case(C, fn, 1, 1, "oned", {"multioutput": "raw_values"})
        case(C, fn, 30, 4, "flat", {"multioutput": "raw_values"})
        case(C, fn, 30, 4, "flat/weighted")
        case(C, fn, 33, 3, "ties/intw", {"multioutput": "raw_values"})
        case(C, fn, 34, 3, "int/weighted")
        case(C, fn, 25, 3, "zerow", {"multioutput": "raw_values"})
        case(C, fn, 20, 3, "const/cperfect", {"multioutput": "raw_values"})
        case(C, fn, 20, 3, "const/cperfect")
        case(C, fn, 20, 3, "const/cperfect/weighted", {"multioutput": "raw_values"})
        case(C, fn, 20, 3, "plain", {"multioutput": [1.0, 0.0, 0.0]})
        case(C, fn, 20, 3, "plain", {"multioutput": [0.0, 0.0, 2.5]})
        case(C, fn, 20, 3, "plain", {"multioutput": [1.0, -1.0, 0.0]}, expect_error=True)
        # (root_mean_squared_error hands its output weights to np.average unchecked)
        case(C, fn, 20, 3, "plain", {"multioutput": [1.0, float("nan"), 0.0]}, expect_error=fn != "rootMeanSquaredError")
        case(C, fn, 20, 3, "plain", {"multioutput": [1.0, 2.0]}, expect_error=True)
        case(C, fn, 20, 1, "plain", {"multioutput": [1.0]}, expect_error=fn != "rootMeanSquaredError")
        case(C, fn, 20, 1, "oned", {"multioutput": [1.0]}, expect_error=fn != "rootMeanSquaredError")
        case(C, fn, 20, 3, "oned/p2d", expect_error=True)
        case(C, fn, 20, 1, "oned/p2d", {"multioutput": "raw_values"})
        case(C, fn, 20, 3, "plain", {"multioutput": "foo"}, expect_error=True)
        if fn not in VW:
            case(C, fn, 20, 3, "plain", {"multioutput": "variance_weighted"}, expect_error=True)
        case(C, fn, 20, 3, "nan", expect_error=True)
        case(C, fn, 20, 3, "inf", expect_error=True)
        case(C, fn, 20, 3, "nan/inf", expect_error=True)
        case(C, fn, 0, 3, "plain", expect_error=True)
        case(C, fn, 3, 0, "plain", expect_error=True)
        case(C, fn, 3, 2, "hand", expect_error=True, hand=([[1, 2], [3, 4], [5, 6]], [[1, 2, 3], [3, 4, 5], [5, 6, 7]]))
        case(C, fn, 3, 2, "hand-len", expect_error=True, hand=([[1, 2], [3, 4], [5, 6]], [[1, 2], [3, 4]]))
        if fn in ("meanPinballLoss", "d2PinballScore"):
            for a in (0.1, 0.9, 0.0, 1.0):
                case(C, fn, 60, 3, "plain", {"alpha": a, "multioutput": "raw_values"})
                case(C, fn, 61, 3, "ties/weighted", {"alpha": a})
        if fn in LOG:
            case(C, fn, 20, 3, "plain", expect_error=True, hand=([[0, 1], [2, -1.5]], [[0, 1], [2, 3]]))
        if fn in VW:
            for ff in (True, False):
                case(C, fn, 20, 3, "const/cperfect", {"forceFinite": ff, "multioutput": "raw_values"})
                case(C, fn, 20, 3, "const/cperfect", {"forceFinite": ff})
                case(C, fn, 20, 3, "const/cperfect/weighted", {"forceFinite": ff, "multioutput": "variance_weighted"})
                case(C, fn, 20, 3, "allconst", {"forceFinite": ff, "multioutput": "variance_weighted"})
                case(C, fn, 20, 3, "allconst/perfect", {"forceFinite": ff, "multioutput": "variance_weighted"})
                case(C, fn, 20, 3, "allconst/perfect", {"forceFinite": ff, "multioutput": "raw_values"})
                case(C, fn, 20, 1, "allconst", {"forceFinite": ff, "multioutput": "variance_weighted"})
            for n, m in [(7, 2), (50, 3), (129, 5), (60, 1), (300, 7)]:
                case(C, fn, n, m, "plain", {"multioutput": "variance_weighted"})
                case(C, fn, n, m, "weighted", {"multioutput": "variance_weighted"})
                case(C, fn, n, m, "oned", {"multioutput": "variance_weighted"})
            case(C, fn, 1, 2, "plain", {"multioutput": "variance_weighted"})
        if fn == "r2Score":
            case(C, fn, 20, 3, "plain", {"multioutput": None})
    for fn in REFUSING:
        opts = {"power": 1.5} if fn == "meanTweedieDeviance" else {}
        case(C, fn, 20, 2, "plain", dict(opts), expect_error=True)
        case(C, fn, 20, 3, "flat", dict(opts), expect_error=True)
        case(C, fn, 20, 2, "nan", dict(opts), expect_error=True)
        case(C, fn, 20, 1, "plain", dict(opts))
        if fn != "maxError":
            case(C, fn, 20, 1, "weighted", dict(opts))
            case(C, fn, 20, 2, "weighted", dict(opts), expect_error=True)
    # sklearn's docstring examples
    yt, yp = [[0.5, 1], [-1, 1], [7, -6]], [[0, 2], [-1, 2], [8, -5]]
    for fn in FNS:
        if fn in LOG:
            continue
        for mo in ("raw_values", "uniform_average", [0.3, 0.7]):
            case(C, fn, 3, 2, "doc", {"multioutput": mo}, hand=(yt, yp))


def main(out=None, meta=None, write_file=None, collector=None, only=None):
    if only and F not in only:
        return
    out = out or os.path.join(G.REPO, "test", "fixtures")
    C = (collector or G.Collector)()
    gen(C)
    meta = dict(meta or {"generator": "scripts/gen_fixtures.py", "sklearn": G.sklearn.__version__,
                         "numpy": np.__version__, "scipy": G.scipy.__version__,
                         "python": G.platform.python_version()})
    meta["generator"] = "scripts/fixtures_multioutput.py (via scripts/gen_fixtures.py)"
    path = os.path.join(out, f"{F}.json")
    (write_file or G.write_file)(path, meta, C.files.get(F, []))
    print(f"wrote {os.path.relpath(path, G.REPO)}: {len(C.files.get(F, []))} cases, {os.path.getsize(path) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
