#!/usr/bin/env python3
"""Golden-fixture generator for mlmetrics.

Runs the real scikit-learn / numpy (pinned in scripts/requirements.txt, installed
by scripts/python-env.sh) and writes JSON fixtures into test/fixtures/:

  regression.json, classification.json, ranking.json, distribution.json,
  dicts.json, errors.json, multiclass.json, multiclass_ranking.json,
  regression_extra.json, det_curve.json, multiclass_extra.json,
  curve_strings.json, fuzz_found.json, multiclass_ap.json, calibration.json

Usage:  bash scripts/python-env.sh && .venv/bin/python scripts/gen_fixtures.py [--out DIR]

Deterministic: every case draws from its own numpy Generator seeded with the
CRC32 of the case id, and nothing time-dependent is written, so re-running
produces byte-identical files.

Case schema (see the "schema" entry of each file's "meta"):
  id, fn, args, options, dtype, argDtypes, [optionDtypes], expected | (error, errorType),
  warnings, [exact]
Arrays with more than 2000 elements are stored as {"b64f64": base64 of little-endian
float64 bytes}; non-finite numbers are the strings "NaN", "Infinity", "-Infinity".
"""

import argparse
import base64
import json
import math
import os
import platform
import sys
import warnings
import zlib

import numpy as np
import scipy
import sklearn
from sklearn import metrics as skm

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
B64_THRESHOLD = 2000

SIZES = [1, 2, 3, 7, 8, 9, 16, 100, 127, 128, 129, 1000, 1025]
MID_SIZES = [2, 7, 9, 100, 129, 1025]  # for option/variant sweeps
LARGE = 100_000  # a few large cases only (fixture size budget ~40 MB)

DEFAULT_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]

SCHEMA_DOC = {
    "args": "positional arguments in the mlmetrics API order",
    "options": "camelCase options object; zeroDivision NaN is the string 'NaN'",
    "dtype": "main array dtype of the case: float64 | float32 | int32 | bool | list",
    "argDtypes": "dtype of each positional array argument (null for non-arrays); "
    "float32 values are already rounded to f32 (sklearn got them widened to f64); "
    "'list' means a plain JS number[]",
    "optionDtypes": "dtype of array-valued options (sampleWeight, labels); float64 when absent",
    "expected": "sklearn/numpy result (absent when it raised)",
    "error": "str(exception) when sklearn/numpy raised; errorType is the exception class name",
    "warnings": "messages of warnings emitted (numpy RuntimeWarnings such as "
    "'invalid value encountered in cast' / 'divide by zero' are left out)",
    "exact": "true where the library promises bit-identical results; else compare with 1e-12 relative",
}


# --------------------------------------------------------------------------- encoding

def enc_num(x):
    if isinstance(x, (str, np.str_)):
        return str(x)
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def enc_value(v):
    """Encode an expected value (scalar, array, nested, dict)."""
    if v is None:
        return None
    if isinstance(v, dict):
        return {k: enc_value(val) for k, val in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc_value(x) for x in v]
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return enc_num(v.item())
        return [enc_value(x) for x in v]
    return enc_num(v)


def enc_array(a, dtype):
    """Encode an input array given to the library."""
    if dtype == "matrix":
        return [[enc_num(x) for x in row] for row in np.asarray(a).tolist()]
    a = np.asarray(a)
    if a.size > B64_THRESHOLD:
        return {"b64f64": base64.b64encode(np.ascontiguousarray(a, dtype="<f8").tobytes()).decode("ascii")}
    if dtype == "bool":
        return [bool(x) for x in a]
    if dtype == "int32":
        return [int(x) for x in a]
    return [enc_num(x) for x in a.tolist()]


def to_sklearn(a, dtype):
    """The array as handed to sklearn for a given fixture dtype."""
    if dtype == "float64":
        return np.asarray(a, dtype=np.float64)
    if dtype == "float32":
        return np.asarray(a, dtype=np.float32).astype(np.float64)
    if dtype == "int32":
        return np.asarray(a, dtype=np.int32)
    if dtype == "bool":
        return np.asarray(a, dtype=bool)
    if dtype == "list":
        return list(a)
    raise ValueError(dtype)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


# --------------------------------------------------------------------------- case collection

class Collector:
    def __init__(self):
        self.files = {}
        self.ids = set()

    def add(self, family, cid, fn, args, arg_dtypes, call, options=None, option_dtypes=None,
            dtype=None, exact=False, expect_error=False):
        """Record one case.

        args/arg_dtypes: library-facing values (already rounded for float32).
        call: zero-arg function running sklearn/numpy, returns the expected value.
        """
        assert cid not in self.ids, f"duplicate id {cid}"
        self.ids.add(cid)
        options = options or {}
        option_dtypes = option_dtypes or {}
        enc_args = []
        for a, dt in zip(args, arg_dtypes):
            if dt is None:
                enc_args.append(enc_value(a))
            else:
                enc_args.append(enc_array(a, dt))
        enc_opts = {}
        for k, v in options.items():
            if k in ("sampleWeight", "labels") and v is not None:
                enc_opts[k] = enc_array(v, option_dtypes.get(k, "float64"))
            elif k == "quantiles":
                enc_opts[k] = [enc_num(x) for x in v]
            elif isinstance(v, float) and math.isnan(v):
                enc_opts[k] = "NaN"
            else:
                enc_opts[k] = enc_value(v) if not isinstance(v, str) else v
        case = {"id": cid, "fn": fn, "args": enc_args, "options": enc_opts,
                "dtype": dtype or next((d for d in arg_dtypes if d), "float64"),
                "argDtypes": list(arg_dtypes)}
        if option_dtypes:
            case["optionDtypes"] = dict(option_dtypes)
        with warnings.catch_warnings(record=True) as wlist:
            warnings.simplefilter("always")
            try:
                with np.errstate(all="ignore"):
                    result = call()
                case["expected"] = enc_value(result)
            except Exception as exc:  # noqa: BLE001 - we record whatever sklearn raises
                case["error"] = str(exc)
                case["errorType"] = type(exc).__name__
        case["warnings"] = [str(w.message) for w in wlist if not issubclass(w.category, RuntimeWarning)]
        if expect_error != ("error" in case) and os.environ.get("M17_LOOSE"):
            print("MISMATCH", cid, case.get("error", case.get("expected")), file=sys.stderr)
        elif expect_error != ("error" in case):
            raise AssertionError(f"{cid}: expect_error={expect_error} but got {case.get('error', case.get('expected'))!r}")
        if exact and "error" not in case:
            case["exact"] = True
        self.files.setdefault(family, []).append(case)
        return case


def rng_for(cid):
    return np.random.default_rng(zlib.crc32(cid.encode("utf-8")))


# --------------------------------------------------------------------------- data generators

def reg_data(kind, n, rng):
    if kind == "normal":
        y = rng.normal(0, 10, n)
        p = y + rng.normal(0, 3, n)
    elif kind == "scaled":
        s = 10.0 ** rng.uniform(-9, 9, n)
        y = rng.normal(0, 1, n) * s
        p = y + rng.normal(0, 0.5, n) * s
    elif kind == "offset":
        y = 1e9 + rng.normal(0, 1e-3, n)
        p = y + rng.normal(0, 1e-3, n)
    elif kind == "ties":
        y = np.round(rng.normal(0, 2, n))
        p = np.round(y + rng.normal(0, 1, n))
    elif kind == "positive":
        y = rng.uniform(0.5, 100, n)
        p = y * rng.uniform(0.8, 1.2, n)
    elif kind == "withzeros":
        y = rng.normal(0, 5, n)
        y[rng.random(n) < 0.3] = 0.0
        y[0] = 0.0
        p = y + rng.normal(0, 1, n)
    elif kind == "constant":
        y = np.full(n, 3.25)
        p = y + rng.normal(0, 1, n)
    elif kind == "perfect":
        y = rng.normal(0, 10, n)
        p = y.copy()
    elif kind == "constperfect":
        y = np.full(n, -7.5)
        p = y.copy()
    else:
        raise ValueError(kind)
    return y, p


def float_weights(n, rng, zeros=True):
    w = rng.uniform(0, 3, n)
    if zeros and n > 1:
        w[rng.random(n) < 0.2] = 0.0
        w[0] = 0.0
        if not np.any(w != 0):
            w[-1] = 1.5
    return w


def int_weights(n, rng):
    w = rng.integers(0, 5, n)
    if not np.any(w != 0):
        w[-1] = 2
    return w


def labels_binary(n, rng, p_pos=0.4, flip=0.3):
    y = (rng.random(n) < p_pos).astype(np.int64)
    yp = np.where(rng.random(n) < flip, 1 - y, y)
    return y, yp


def scores_for(y, rng, kind):
    n = len(y)
    if kind == "normal":
        s = rng.normal(0, 1, n) + 1.2 * y
    elif kind == "ties":
        s = np.round(rng.normal(0, 1, n) + 1.0 * y, 1)
    elif kind == "alltied":
        s = np.full(n, 0.5)
    elif kind == "prob":
        s = 1 / (1 + np.exp(-(rng.normal(0, 1.5, n) + 1.5 * (y - 0.5))))
    elif kind == "probedge":
        s = 1 / (1 + np.exp(-(rng.normal(0, 1.5, n) + 1.5 * (y - 0.5))))
        m = rng.random(n)
        s[m < 0.15] = 0.0
        s[m > 0.85] = 1.0
    elif kind == "probtiny":
        s = rng.uniform(0, 1e-3, n)
    else:
        raise ValueError(kind)
    return s


def map_labels(y01, pair):
    neg, pos = pair
    return np.where(y01 == 1, pos, neg)


# --------------------------------------------------------------------------- regression

REG_FNS = {
    "meanSquaredError": (skm.mean_squared_error, True),
    "rootMeanSquaredError": (skm.root_mean_squared_error, True),
    "meanAbsoluteError": (skm.mean_absolute_error, True),
    "meanAbsolutePercentageError": (skm.mean_absolute_percentage_error, True),
    "r2Score": (skm.r2_score, True),
    "explainedVarianceScore": (skm.explained_variance_score, True),
    "maxError": (skm.max_error, False),
    "medianAbsoluteError": (skm.median_absolute_error, True),
}
EXACT_REG = {"meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "r2Score"}


def reg_case(C, fn, kind, n, dtype="float64", weights=None, extra_opts=None, tag=""):
    f, takes_w = REG_FNS[fn]
    cid = f"{fn}/{kind}{tag}/n={n}" + ("" if dtype == "float64" else f"/{dtype}") + \
        ("" if weights is None else f"/w={weights}") + \
        "".join(f"/{k}={v}" for k, v in (extra_opts or {}).items())
    rng = rng_for(cid)
    y, p = reg_data(kind, n, rng)
    if dtype == "float32":
        y, p = f32(y), f32(p)
    opts = dict(extra_opts or {})
    odt = {}
    kw = {}
    if weights == "float":
        w = float_weights(n, rng)
    elif weights == "int":
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    else:
        w = None
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    if "forceFinite" in opts:
        kw["force_finite"] = opts["forceFinite"]
    yt, yp = to_sklearn(y, "float64"), to_sklearn(p, "float64")
    C.add("regression", cid, fn, [y, p], [dtype, dtype], lambda: f(yt, yp, **kw), opts, odt,
          exact=(fn in EXACT_REG and dtype == "float64" and w is None))


def gen_regression(C):
    for fn, (f, takes_w) in REG_FNS.items():
        for n in SIZES:
            reg_case(C, fn, "normal", n)
        for n in MID_SIZES:
            for kind in ["scaled", "offset", "ties", "positive"]:
                reg_case(C, fn, kind, n)
            reg_case(C, fn, "normal", n, dtype="float32")
            if takes_w and n > 1:
                reg_case(C, fn, "normal", n, weights="float")
                reg_case(C, fn, "ties", n, weights="int")
                reg_case(C, fn, "offset", n, weights="float")
        for n in [1, 3, 9, 100]:
            for kind in ["constant", "perfect", "constperfect"]:
                if fn in ("r2Score", "explainedVarianceScore"):
                    for ff in (True, False):
                        reg_case(C, fn, kind, n, extra_opts={"forceFinite": ff})
                        if n > 1:
                            reg_case(C, fn, kind, n, weights="float", extra_opts={"forceFinite": ff})
                else:
                    reg_case(C, fn, kind, n)
        if fn in ("r2Score", "explainedVarianceScore"):
            for n in [7, 129]:
                reg_case(C, fn, "normal", n, extra_opts={"forceFinite": False})
        if fn == "meanAbsolutePercentageError":
            for n in [1, 2, 8, 100, 1025]:
                reg_case(C, fn, "withzeros", n)
                if n > 1:
                    reg_case(C, fn, "withzeros", n, weights="float")
        if fn == "medianAbsoluteError":
            for n in [2, 3, 4, 5, 8, 16, 33, 1000]:
                reg_case(C, fn, "ties", n, weights="int", tag="/med")
                reg_case(C, fn, "positive", n, weights="int", tag="/med")
            for n in [2, 3, 4, 5, 8, 101]:
                reg_case(C, fn, "ties", n, tag="/med")
        if fn in ("meanSquaredError", "meanAbsoluteError", "r2Score"):
            reg_case(C, fn, "offset" if fn == "r2Score" else "normal", LARGE)
            if fn == "meanSquaredError":
                reg_case(C, fn, "normal", LARGE, weights="float")
    # hand-written edge cases
    hand = [
        ("meanAbsolutePercentageError", [0.0, 1.0], [1.0, 1.0], None),
        ("meanAbsolutePercentageError", [0.0], [0.0], None),
        ("meanAbsolutePercentageError", [1e-300, -2.0], [1.0, -1.0], None),
        ("r2Score", [1.0, 2.0], [1.0, 2.0], None),
        ("r2Score", [5.0], [5.0], None),
        ("explainedVarianceScore", [5.0], [4.0], None),
        ("explainedVarianceScore", [1.0, 2.0, 3.0], [2.0, 3.0, 4.0], None),
        ("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1, 1, 1, 1]),
        ("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [1, 0, 1, 0]),
        ("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [0, 1, 1, 0]),
        ("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0], [0.0, 0.0, 0.0, 0.0], [3, 1, 1, 1]),
        ("medianAbsoluteError", [1.0, 2.0, 3.0, 4.0, 5.0], [0.0] * 5, [1, 1, 0, 0, 2]),
        ("meanSquaredError", [1.0, 2.0, 3.0], [1.0, 2.0, 4.0], [1.0, -0.5, 2.0]),
        ("maxError", [1e308, -1e308], [-1e308, 1e308], None),
    ]
    for i, (fn, y, p, w) in enumerate(hand):
        f, _ = REG_FNS[fn]
        opts, odt, kw = {}, {}, {}
        if w is not None:
            opts["sampleWeight"] = w
            odt["sampleWeight"] = "int32" if all(isinstance(x, int) for x in w) else "float64"
            kw["sample_weight"] = np.asarray(w)
        yt, yp = np.asarray(y, float), np.asarray(p, float)
        C.add("regression", f"{fn}/hand/{i}", fn, [y, p], ["float64", "float64"],
              lambda f=f, yt=yt, yp=yp, kw=kw: f(yt, yp, **kw), opts, odt,
              exact=(fn in EXACT_REG and w is None))


# --------------------------------------------------------------------------- classification

CLS_FNS = {
    "accuracyScore": skm.accuracy_score,
    "precisionScore": skm.precision_score,
    "recallScore": skm.recall_score,
    "f1Score": skm.f1_score,
    "confusionMatrix": skm.confusion_matrix,
}
PAIRS = {"01": (0, 1), "m11": (-1, 1), "25": (2, 5)}


def cls_case(C, fn, n, pair="01", dtype="int32", pos=None, weights=None, extra=None, kind="random",
             yfix=None):
    f = CLS_FNS[fn]
    extra = dict(extra or {})
    cid = f"{fn}/{kind}/n={n}/labels={pair}/{dtype}" + ("" if pos is None else f"/pos={pos}") + \
        ("" if weights is None else f"/w={weights}") + \
        "".join(f"/{k}={v}" for k, v in extra.items())
    rng = rng_for(cid)
    if yfix is not None:
        y01, p01 = yfix
        y01, p01 = np.asarray(y01), np.asarray(p01)
    else:
        y01, p01 = labels_binary(n, rng)
    if dtype == "bool":
        y, p = y01.astype(bool), p01.astype(bool)
    else:
        y, p = map_labels(y01, PAIRS[pair]), map_labels(p01, PAIRS[pair])
    opts, odt, kw = {}, {}, {}
    if pos is not None:
        opts["posLabel"] = pos
        kw["pos_label"] = pos
    if weights == "float":
        w = float_weights(n, rng)
    elif weights == "int":
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    else:
        w = None
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    for k, v in extra.items():
        opts[k] = v
        if k == "zeroDivision":
            kw["zero_division"] = v
        elif k == "normalize":
            kw["normalize"] = v
        elif k == "labels":
            kw["labels"] = np.asarray(v)
            odt["labels"] = "bool" if dtype == "bool" else "int32"
    yt, yp = to_sklearn(y, dtype), to_sklearn(p, dtype)
    C.add("classification", cid, fn, [y, p], [dtype, dtype], lambda: f(yt, yp, **kw), opts, odt)


def gen_classification(C):
    for fn in CLS_FNS:
        for n in SIZES:
            cls_case(C, fn, n)
        for n in MID_SIZES:
            cls_case(C, fn, n, dtype="bool")
            cls_case(C, fn, n, dtype="float64")
            cls_case(C, fn, n, weights="float")
            cls_case(C, fn, n, weights="int")
            if fn in ("accuracyScore", "confusionMatrix"):
                cls_case(C, fn, n, pair="m11")
                cls_case(C, fn, n, pair="25")
            else:
                cls_case(C, fn, n, pair="m11", pos=1)
                cls_case(C, fn, n, pair="m11", pos=-1)
                cls_case(C, fn, n, pair="25", pos=5)
                cls_case(C, fn, n, pair="25", pos=2, weights="float")
                cls_case(C, fn, n, pos=0)
        cls_case(C, fn, 1000, dtype="float64", weights="float")
        cls_case(C, fn, 5000, weights="float")
    for n in [1, 7, 100, 1025]:
        cls_case(C, "accuracyScore", n, extra={"normalize": False})
        cls_case(C, "accuracyScore", n, weights="int", extra={"normalize": False})
        cls_case(C, "accuracyScore", n, weights="float", extra={"normalize": False})
    # zero division
    zd_inputs = {
        "nopred": ([1, 0, 1, 0], [0, 0, 0, 0]),
        "notrue": ([0, 0, 0, 0], [1, 0, 1, 0]),
        "none": ([0, 0, 0], [0, 0, 0]),
        "none1": ([0], [0]),
        "notp": ([1, 0, 1, 0], [0, 1, 0, 1]),
    }
    for fn in ("precisionScore", "recallScore", "f1Score"):
        for name, (yt, yp) in zd_inputs.items():
            for zd in ("warn", 0, 1, float("nan")):
                zs = "NaN" if isinstance(zd, float) else zd
                _zd_case(C, fn, name, yt, yp, zd, zs)
        # weighted zero division (weights zero out the positives)
        _zd_case(C, fn, "wzero", [1, 0, 1, 0], [1, 0, 0, 0], "warn", "warn", w=[0.0, 1.0, 0.0, 2.0])
        _zd_case(C, fn, "wzero", [1, 0, 1, 0], [1, 0, 0, 0], 1, 1, w=[0.0, 1.0, 0.0, 2.0])
        # pos_label not present (single class) accepted by sklearn
        _zd_case(C, fn, "posabsent", [0, 0, 0], [0, 0, 0], "warn", "warn", pos=2)
    # confusion matrix options
    for n in [1, 2, 9, 100, 1025]:
        for norm in ("true", "pred", "all"):
            cls_case(C, "confusionMatrix", n, extra={"normalize": norm})
            cls_case(C, "confusionMatrix", n, weights="float", extra={"normalize": norm})
            cls_case(C, "confusionMatrix", n, weights="int", extra={"normalize": norm})
        cls_case(C, "confusionMatrix", n, extra={"labels": [0, 1, 7]})
        cls_case(C, "confusionMatrix", n, extra={"labels": [1, 0]})
        cls_case(C, "confusionMatrix", n, extra={"labels": [7, 1, 0], "normalize": "true"})
        cls_case(C, "confusionMatrix", n, pair="25", extra={"labels": [5, 2, 3]})
        cls_case(C, "confusionMatrix", n, pair="25", weights="float", extra={"labels": [2, 5], "normalize": "pred"})
        cls_case(C, "confusionMatrix", n, dtype="bool", extra={"labels": [True, False]})
    cls_case(C, "confusionMatrix", 3, kind="allones", yfix=([1, 1, 1], [1, 1, 1]))
    cls_case(C, "confusionMatrix", 3, kind="allones", yfix=([1, 1, 1], [1, 1, 1]), extra={"labels": [0, 1]})
    cls_case(C, "confusionMatrix", 3, kind="allzeros", yfix=([0, 0, 0], [0, 0, 0]), extra={"normalize": "all"})
    cls_case(C, "confusionMatrix", 4, kind="onlyneg", yfix=([0, 0, 0, 0], [0, 1, 0, 1]),
             extra={"normalize": "pred"})
    cls_case(C, "confusionMatrix", 4, kind="onlyneg", yfix=([0, 0, 0, 0], [0, 1, 0, 1]),
             extra={"normalize": "true"})
    cls_case(C, "confusionMatrix", 4, kind="dropped", yfix=([0, 1, 1, 0], [1, 1, 0, 0]),
             extra={"labels": [1]})


def _zd_case(C, fn, name, yt, yp, zd, zs, w=None, pos=None):
    f = CLS_FNS[fn]
    cid = f"{fn}/zero-division/{name}/zeroDivision={zs}" + ("" if w is None else "/w") + \
        ("" if pos is None else f"/pos={pos}")
    opts = {"zeroDivision": zd}
    kw = {"zero_division": zd}
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = np.asarray(w)
    if pos is not None:
        opts["posLabel"] = pos
        kw["pos_label"] = pos
    a, b = np.asarray(yt, np.int32), np.asarray(yp, np.int32)
    C.add("classification", cid, fn, [yt, yp], ["int32", "int32"], lambda: f(a, b, **kw), opts)


# --------------------------------------------------------------------------- ranking

def _curve(res, names):
    return {k: v for k, v in zip(names, res)}


def binary_y01(rng, n, yfix, ptrue):
    """Binary 0/1 labels: yfix as given, else random with P(1) = ptrue and both
    classes present (when n >= 2)."""
    if yfix is not None:
        return np.asarray(yfix)
    y01 = (rng.random(n) < ptrue).astype(np.int64)
    if n >= 2 and np.all(y01 == y01[0]):
        y01[rng.integers(n)] ^= 1  # keep both classes present in random cases
    return y01


RANK_FNS = {
    "rocAucScore": lambda y, s, **kw: skm.roc_auc_score(y, s, **kw),
    "rocCurve": lambda y, s, **kw: _curve(skm.roc_curve(y, s, **kw), ["fpr", "tpr", "thresholds"]),
    "precisionRecallCurve": lambda y, s, **kw: _curve(skm.precision_recall_curve(y, s, **kw),
                                                       ["precision", "recall", "thresholds"]),
    "averagePrecisionScore": lambda y, s, **kw: skm.average_precision_score(y, s, **kw),
    "logLoss": lambda y, s, **kw: skm.log_loss(y, s, **kw),
    "brierScoreLoss": lambda y, s, **kw: skm.brier_score_loss(y, s, **kw),
}
PROB_FNS = {"logLoss", "brierScoreLoss"}
KW = {"posLabel": "pos_label", "sampleWeight": "sample_weight", "dropIntermediate": "drop_intermediate",
      "labels": "labels"}


def rank_case(C, fn, n, kind=None, pair="01", ldtype="int32", sdtype="float64", pos=None, weights=None,
              extra=None, yfix=None, ptrue=0.4, tag=""):
    f = RANK_FNS[fn]
    kind = kind or ("prob" if fn in PROB_FNS else "normal")
    extra = dict(extra or {})
    cid = f"{fn}/{kind}{tag}/n={n}/labels={pair}/{ldtype}" + ("" if sdtype == "float64" else f"/{sdtype}") + \
        ("" if pos is None else f"/pos={pos}") + ("" if weights is None else f"/w={weights}") + \
        "".join(f"/{k}={v}" for k, v in extra.items())
    rng = rng_for(cid)
    y01 = binary_y01(rng, n, yfix, ptrue)
    s = scores_for(y01, rng, kind)
    if sdtype == "float32":
        s = f32(s)
    if ldtype == "bool":
        y = y01.astype(bool)
    else:
        y = map_labels(y01, PAIRS[pair])
    opts, odt, kw = {}, {}, {}
    if pos is not None:
        opts["posLabel"] = pos
        kw["pos_label"] = pos
    if weights == "float":
        w = float_weights(n, rng)
    elif weights == "int":
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    else:
        w = None
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    if fn == "logLoss" and "labels" not in extra and np.all(y01 == y01[0]):
        extra["labels"] = list(PAIRS[pair]) if ldtype != "bool" else [False, True]
    for k, v in extra.items():
        opts[k] = v
        kw[KW[k]] = np.asarray(v) if k == "labels" else v
        if k == "labels":
            odt["labels"] = "bool" if ldtype == "bool" else "int32"
    yt, ys = to_sklearn(y, ldtype), to_sklearn(s, "float64")
    C.add("ranking", cid, fn, [y, s], [ldtype, sdtype], lambda: f(yt, ys, **kw), opts, odt, dtype=sdtype)


def gen_ranking(C):
    for fn in RANK_FNS:
        prob = fn in PROB_FNS
        curve = fn in ("rocCurve", "precisionRecallCurve")
        for n in SIZES:
            rank_case(C, fn, n)
        kinds = ["probedge", "probtiny", "alltied"] if prob else ["ties", "alltied"]
        for n in MID_SIZES:
            for kind in kinds:
                rank_case(C, fn, n, kind=kind)
            rank_case(C, fn, n, sdtype="float32")
            rank_case(C, fn, n, ldtype="bool")
            rank_case(C, fn, n, ldtype="float64")
            rank_case(C, fn, n, weights="float")
            rank_case(C, fn, n, weights="int", kind="ties" if not prob else "probedge")
            if fn == "rocAucScore":
                rank_case(C, fn, n, pair="m11")
                rank_case(C, fn, n, pair="25")  # larger label is positive
            elif fn == "logLoss":
                rank_case(C, fn, n, pair="m11")
                rank_case(C, fn, n, pair="25")
            else:
                rank_case(C, fn, n, pair="m11")  # pos_label default works for {-1,1}
                rank_case(C, fn, n, pair="m11", pos=-1)
                rank_case(C, fn, n, pair="25", pos=5)
                rank_case(C, fn, n, pair="25", pos=2, weights="float")
                if fn == "brierScoreLoss":
                    rank_case(C, fn, n, pair="25")  # pos_label None → larger label
            if curve:
                d = fn == "precisionRecallCurve"  # default False for PR, True for ROC
                for kind in ["normal", "ties", "alltied"]:
                    rank_case(C, fn, n, kind=kind, extra={"dropIntermediate": d})
                rank_case(C, fn, n, kind="ties", weights="float", extra={"dropIntermediate": d})
        # one class / no positives / no negatives
        for n in [1, 2, 7, 100]:
            for cls in (0, 1):
                if fn == "logLoss":
                    rank_case(C, fn, n, yfix=[cls] * n, tag=f"/oneclass={cls}", extra={"labels": [0, 1]})
                else:
                    rank_case(C, fn, n, yfix=[cls] * n, tag=f"/oneclass={cls}")
        if fn == "logLoss":
            for n in [2, 9, 100]:
                rank_case(C, fn, n, extra={"labels": [0, 1]})
                rank_case(C, fn, n, pair="25", extra={"labels": [2, 5]})
        if fn in ("rocAucScore", "averagePrecisionScore", "logLoss"):
            rank_case(C, fn, LARGE, kind="prob" if prob else "ties")
            rank_case(C, fn, 10_000, kind="probedge" if prob else "normal", weights="float")
    # hand-written
    hand = [
        ("rocAucScore", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {}),
        ("rocAucScore", [0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], {"sampleWeight": [0.0, 1.0, 1.0, 0.0]}),
        ("rocAucScore", [0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], {"sampleWeight": [0.0, 1.0, 1.0, 1.0]}),
        ("rocCurve", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {}),
        ("rocCurve", [0, 0, 1, 1, 0, 1], [0.1, 0.4, 0.4, 0.8, 0.8, 0.9], {"dropIntermediate": False}),
        ("rocCurve", [1, 1, 1], [0.1, 0.2, 0.3], {}),
        ("rocCurve", [0, 1, 1], [0.1, 0.2, 0.3], {"posLabel": 7}),
        ("precisionRecallCurve", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {}),
        ("precisionRecallCurve", [0, 0, 0], [0.1, 0.2, 0.3], {}),
        ("precisionRecallCurve", [1, 0, 1, 1, 0, 1], [0.5, 0.5, 0.5, 0.2, 0.2, 0.9], {"dropIntermediate": True}),
        ("averagePrecisionScore", [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {}),
        ("averagePrecisionScore", [0, 0, 0], [0.1, 0.2, 0.3], {}),
        ("averagePrecisionScore", [1, 1, 1], [0.1, 0.2, 0.3], {"posLabel": 7}),
        ("averagePrecisionScore", [0, 1, 1], [0.1, 0.2, 0.3], {"posLabel": 0}),
        ("logLoss", [1, 0, 1], [0.0, 1.0, 1.0], {}),
        ("logLoss", [1, 0], [1.0, 0.0], {}),
        ("logLoss", [1, 1, 1], [0.1, 0.2, 0.3], {"labels": [0, 1]}),
        ("logLoss", [0, 1], [2.220446049250313e-16, 0.9999999999999999], {}),
        ("brierScoreLoss", [2, 5, 5], [0.1, 0.2, 0.3], {"posLabel": 7}),
        ("brierScoreLoss", [0, 1, 1], [0.1, 0.2, 0.3], {"posLabel": 7}),
        ("brierScoreLoss", [0, 1], [0.001, 0.999], {}),
        ("brierScoreLoss", [1, 1, 0], [0.0, 1.0, 0.0], {}),
    ]
    for i, (fn, y, s, opts) in enumerate(hand):
        f = RANK_FNS[fn]
        kw = {KW[k]: (np.asarray(v) if isinstance(v, list) else v) for k, v in opts.items()}
        yt, ys = np.asarray(y, np.int32), np.asarray(s, float)
        C.add("ranking", f"{fn}/hand/{i}", fn, [y, s], ["int32", "float64"],
              lambda f=f, yt=yt, ys=ys, kw=kw: f(yt, ys, **kw), dict(opts),
              {"labels": "int32"} if "labels" in opts else None, dtype="float64")


# --------------------------------------------------------------------------- distribution

def score_distribution(x, quantiles=None, bins=10):
    x = np.asarray(x, dtype=np.float64)
    qs = DEFAULT_QUANTILES if quantiles is None else quantiles
    counts, edges = np.histogram(x, bins=bins)
    return {
        "count": int(x.size),
        "min": float(np.min(x)),
        "max": float(np.max(x)),
        "mean": float(np.mean(x)),
        "std": float(np.std(x)),
        "quantiles": [float(v) for v in np.quantile(x, np.asarray(qs, dtype=np.float64), method="linear")],
        "histogram": {"counts": [int(c) for c in counts], "edges": [float(e) for e in edges]},
    }


def dist_data(kind, n, rng):
    if kind == "normal":
        return rng.normal(0, 1, n)
    if kind == "uniform":
        return rng.random(n)
    if kind == "scaled":
        return rng.normal(0, 1, n) * 10.0 ** rng.uniform(-9, 9, n)
    if kind == "offset":
        return 1e9 + rng.normal(0, 1e-3, n)
    if kind == "ties":
        return np.round(rng.normal(0, 2, n))
    if kind == "constant":
        return np.full(n, 0.3)
    if kind == "constantbig":
        return np.full(n, 12345.678)
    if kind == "negative":
        return -rng.exponential(3, n)
    raise ValueError(kind)


def dist_case(C, kind, n, quantiles=None, bins=None, dtype="float64"):
    cid = f"scoreDistribution/{kind}/n={n}" + ("" if dtype == "float64" else f"/{dtype}") + \
        ("" if quantiles is None else f"/q={','.join(repr(q) for q in quantiles)}") + \
        ("" if bins is None else f"/bins={bins}")
    rng = rng_for(cid)
    x = dist_data(kind, n, rng)
    if dtype == "float32":
        x = f32(x)
    opts = {}
    if quantiles is not None:
        opts["quantiles"] = quantiles
    if bins is not None:
        opts["bins"] = bins
    C.add("distribution", cid, "scoreDistribution", [x], [dtype],
          lambda: score_distribution(x, quantiles, 10 if bins is None else bins), opts)


def gen_distribution(C):
    for n in SIZES:
        dist_case(C, "normal", n)
    for n in MID_SIZES + [1]:
        for kind in ["uniform", "scaled", "offset", "ties", "constant", "constantbig", "negative"]:
            dist_case(C, kind, n)
        dist_case(C, "normal", n, dtype="float32")
        for q in ([0.0, 1.0], [0.0, 0.1, 0.5, 0.9, 1.0], [0.333, 0.5, 0.667], [0.999, 0.001, 0.5]):
            dist_case(C, "normal", n, quantiles=q)
        for b in (1, 5, 10, 37):
            dist_case(C, "normal", n, bins=b)
            dist_case(C, "constant", n, bins=b)
            dist_case(C, "ties", n, bins=b)
    dist_case(C, "normal", LARGE)
    dist_case(C, "scaled", 250_000, bins=37)
    dist_case(C, "ties", 10_000, quantiles=[0.0, 0.5, 1.0], bins=5)


# --------------------------------------------------------------------------- dict facades

def regression_metrics(yt, yp, sw=None, train=None):
    out = {
        "rmse": skm.root_mean_squared_error(yt, yp, sample_weight=sw),
        "mae": skm.mean_absolute_error(yt, yp, sample_weight=sw),
        "mape": 100 * skm.mean_absolute_percentage_error(yt, yp, sample_weight=sw),
        "test_r2": skm.r2_score(yt, yp, sample_weight=sw),
        "test_samples": int(len(yt)),
    }
    if train is not None:
        out["train_r2"] = skm.r2_score(train[0], train[1])
        out["training_samples"] = int(len(train[0]))
    return out


def classification_metrics(yt, yp, yprob=None, sw=None, train_y=None):
    out = {
        "accuracy": skm.accuracy_score(yt, yp, sample_weight=sw),
        "precision": skm.precision_score(yt, yp, sample_weight=sw, pos_label=1, zero_division="warn"),
        "recall": skm.recall_score(yt, yp, sample_weight=sw, pos_label=1, zero_division="warn"),
        "f1": skm.f1_score(yt, yp, sample_weight=sw, pos_label=1, zero_division="warn"),
    }
    if yprob is not None:
        out["auc_roc"] = skm.roc_auc_score(yt, yprob, sample_weight=sw)
        out["log_loss"] = skm.log_loss(yt, yprob, sample_weight=sw)
    if train_y is not None:
        out["positive_class_ratio"] = float(np.mean(np.asarray(train_y) == 1))
        out["training_samples"] = int(len(train_y))
    return out


def anomaly_metrics(pred, scores):
    pred = np.asarray(pred)
    scores = np.asarray(scores, dtype=np.float64)
    anom = pred == -1
    norm = pred == 1
    return {
        "anomaly_rate": float(np.mean(anom)),
        "avg_anomaly_score": float(np.mean(scores[anom])) if anom.any() else 0.0,
        "avg_normal_score": float(np.mean(scores[norm])) if norm.any() else float("nan"),
        "training_samples": int(len(pred)),
        "score_min": float(np.min(scores)),
        "score_max": float(np.max(scores)),
        "score_std": float(np.std(scores)),
    }


def dict_arg(d, dtypes):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out[k] = dict_arg(v, dtypes)
        else:
            out[k] = enc_array(v, dtypes.get(k, "float64"))
    return out


def dict_labels(rng, n, k, variant):
    """Labels of a multiclass dict case: y with every class present, yPred 65 % correct;
    as strings when the variant says so. Returns y, yp, their sklearn forms, and the
    dict case's arguments and dtypes."""
    y = rng.integers(0, k, n)
    y[rng.permutation(n)[:k]] = np.arange(k)
    yp = np.where(rng.random(n) < 0.35, rng.integers(0, k, n), y)
    if "strings" in variant:
        yt_sk, yp_sk = list(as_names(y)), list(as_names(yp))
        argd = {"yTrue": np.array(yt_sk, dtype=object), "yPred": np.array(yp_sk, dtype=object)}
        return y, yp, yt_sk, yp_sk, argd, {"yTrue": "list", "yPred": "list"}
    return y, yp, y, yp, {"yTrue": y, "yPred": yp}, {"yTrue": "int32", "yPred": "int32"}


def add_dict_case(C, cid, fn, argd, dtypes, call):
    case = C.add("dicts", cid, fn, [None], [None], call, dtype="float64")
    case["args"] = [dict_arg(argd, dtypes)]
    case["argDtypes"] = [dict(dtypes)]


def gen_dicts(C):
    for n in [1, 2, 3, 8, 100, 1025]:
        for variant in ["plain", "weighted", "train", "weighted+train"]:
            if n == 1 and "weighted" in variant:
                continue
            cid = f"regressionMetrics/{variant}/n={n}"
            rng = rng_for(cid)
            y, p = reg_data("normal", n, rng)
            argd = {"yTrue": y, "yPred": p}
            sw = float_weights(n, rng) if "weighted" in variant else None
            if sw is not None:
                argd["sampleWeight"] = sw
            train = None
            if "train" in variant:
                m = max(2, n * 3)
                ty, tp = reg_data("normal", m, rng)
                argd["train"] = {"yTrue": ty, "yPred": tp}
                train = (ty, tp)
            add_dict_case(C, cid, "regressionMetrics", argd, {},
                          lambda y=y, p=p, sw=sw, train=train: regression_metrics(y, p, sw, train))
    for n in [1, 2, 3, 8, 100, 1025]:
        for variant in ["plain", "prob", "weighted+prob", "train", "prob+train"]:
            if n == 1 and "prob" in variant:
                continue  # log_loss raises on a single label (no labels= in the facade)
            cid = f"classificationMetrics/{variant}/n={n}"
            rng = rng_for(cid)
            y, p = labels_binary(n, rng)
            if n >= 2:
                y[0], y[1] = 0, 1  # both classes present so AUC/log loss are defined
            argd = {"yTrue": y, "yPred": p}
            dts = {"yTrue": "int32", "yPred": "int32"}
            prob = scores_for(y, rng, "probedge") if "prob" in variant else None
            if prob is not None:
                argd["yProb"] = prob
            sw = float_weights(n, rng) if "weighted" in variant else None
            if sw is not None:
                sw[:2] = 1.0
                argd["sampleWeight"] = sw
            ty = None
            if "train" in variant:
                ty = (rng.random(max(1, 2 * n)) < 0.3).astype(np.int64)
                argd["train"] = {"yTrue": ty}
                dts["train"] = "int32"
            add_dict_case(C, cid, "classificationMetrics", argd, dts,
                          lambda y=y, p=p, prob=prob, sw=sw, ty=ty: classification_metrics(y, p, prob, sw, ty))
    # zero-division facade cases
    for name, (y, p) in {"nopred": ([1, 0, 1], [0, 0, 0]), "none": ([0, 0, 0], [0, 0, 0])}.items():
        cid = f"classificationMetrics/zero-division/{name}"
        y, p = np.asarray(y), np.asarray(p)
        add_dict_case(C, cid, "classificationMetrics", {"yTrue": y, "yPred": p},
                      {"yTrue": "int32", "yPred": "int32"},
                      lambda y=y, p=p: classification_metrics(y, p))
    for n in [1, 2, 7, 100, 1025, 5000]:
        for variant in ["mixed", "allnormal", "allanomaly"]:
            cid = f"anomalyMetrics/{variant}/n={n}"
            rng = rng_for(cid)
            if variant == "mixed":
                pred = np.where(rng.random(n) < 0.1, -1, 1)
                if n >= 2:
                    pred[0] = -1
            elif variant == "allnormal":
                pred = np.ones(n, dtype=np.int64)
            else:
                pred = -np.ones(n, dtype=np.int64)
            scores = rng.normal(0, 0.1, n) - 0.2 * (pred == -1)
            add_dict_case(C, cid, "anomalyMetrics", {"predictions": pred, "scores": scores},
                          {"predictions": "int32", "scores": "float64"},
                          lambda pred=pred, scores=scores: anomaly_metrics(pred, scores))


# --------------------------------------------------------------------------- errors

NAN, INF = float("nan"), float("inf")


def gen_errors(C):
    def err(cid, fn, args, arg_dtypes, call, opts=None, odt=None, dtype=None):
        C.add("errors", cid, fn, args, arg_dtypes, call, opts, odt, dtype=dtype, expect_error=True)

    F = ["float64", "float64"]
    # regression
    for fn, (f, takes_w) in REG_FNS.items():
        bad = {
            "nan-yTrue": ([1.0, NAN, 3.0], [1.0, 2.0, 3.0]),
            "nan-yPred": ([1.0, 2.0, 3.0], [1.0, NAN, 3.0]),
            "inf-yTrue": ([1.0, INF, 3.0], [1.0, 2.0, 3.0]),
            "neginf-yPred": ([1.0, 2.0, 3.0], [1.0, -INF, 3.0]),
            "nan-yTrue-inf-yPred": ([NAN, 2.0, 3.0], [1.0, INF, 3.0]),
            "length": ([1.0, 2.0, 3.0], [1.0, 2.0]),
            "length-and-nan": ([1.0, NAN, 3.0], [1.0, 2.0]),
            "empty": ([], []),
        }
        for name, (a, b) in bad.items():
            err(f"{fn}/{name}", fn, [a, b], F, lambda f=f, a=a, b=b: f(np.asarray(a, float), np.asarray(b, float)))
        if takes_w:
            wbad = {"sw-length": [1.0, 2.0], "sw-allzero": [0.0, 0.0, 0.0], "sw-nan": [1.0, NAN, 0.0],
                    "sw-inf": [1.0, INF, 0.0]}
            if fn != "medianAbsoluteError":
                wbad["sw-sum-zero"] = [1.0, -1.0, 0.0]
            for name, w in wbad.items():
                a, b = [1.0, 2.0, 3.0], [1.0, 2.0, 4.0]
                err(f"{fn}/{name}", fn, [a, b], F,
                    lambda f=f, a=a, b=b, w=w: f(np.asarray(a), np.asarray(b), sample_weight=np.asarray(w)),
                    {"sampleWeight": w})
    # classification
    I = ["int32", "int32"]
    for fn, f in CLS_FNS.items():
        bad = {
            "nan-yTrue": ([1.0, NAN, 0.0], [1.0, 0.0, 0.0], F),
            "nan-yPred": ([1.0, 0.0, 0.0], [1.0, NAN, 0.0], F),
            "inf-yTrue": ([1.0, INF, 0.0], [1.0, 0.0, 0.0], F),
            "neginf-yPred": ([1.0, 0.0, 0.0], [1.0, -INF, 0.0], F),
            "continuous-yPred": ([1.0, 0.0, 0.0], [0.5, 0.2, 1.0], F),
            "continuous-yTrue": ([0.5, 0.2, 1.0], [1.0, 0.0, 0.0], F),
            "length": ([1, 0, 0], [1, 0], I),
            "empty": ([], [], I),
        }
        if fn in ("precisionScore", "recallScore", "f1Score"):
            bad["three-labels"] = ([1, 0, 2], [1, 0, 0], I)
            bad["three-labels-in-yPred"] = ([1, 0, 0], [1, 0, 2], I)
            bad["labels-25-default-pos"] = ([2, 5, 5], [2, 5, 2], I)
        for name, (a, b, dt) in bad.items():
            npdt = float if dt[0] == "float64" else np.int32
            err(f"{fn}/{name}", fn, [a, b], dt,
                lambda f=f, a=a, b=b, npdt=npdt: f(np.asarray(a, npdt), np.asarray(b, npdt)))
        for name, w in {"sw-length": [1.0, 2.0], "sw-allzero": [0.0, 0.0, 0.0], "sw-nan": [1.0, NAN, 0.0]}.items():
            a, b = [1, 0, 0], [1, 0, 1]
            err(f"{fn}/{name}", fn, [a, b], I,
                lambda f=f, a=a, b=b, w=w: f(np.asarray(a), np.asarray(b), sample_weight=np.asarray(w)),
                {"sampleWeight": w})
        if fn in ("precisionScore", "recallScore", "f1Score"):
            for pos in (2, -1):
                err(f"{fn}/pos-label-invalid/{pos}", fn, [[1, 0, 0], [1, 0, 1]], I,
                    lambda f=f, pos=pos: f(np.array([1, 0, 0]), np.array([1, 0, 1]), pos_label=pos),
                    {"posLabel": pos})
            err(f"{fn}/pos-label-invalid/25", fn, [[2, 5, 5], [2, 5, 2]], I,
                lambda f=f: f(np.array([2, 5, 5]), np.array([2, 5, 2]), pos_label=1), {"posLabel": 1})
    err("accuracyScore/sw-sum-zero", "accuracyScore", [[1, 0, 0], [1, 0, 1]], I,
        lambda: skm.accuracy_score(np.array([1, 0, 0]), np.array([1, 0, 1]), sample_weight=np.array([1.0, -1.0, 0.0])),
        {"sampleWeight": [1.0, -1.0, 0.0]})
    for name, labels in {"labels-empty": [], "labels-none-in-yTrue": [7, 8]}.items():
        err(f"confusionMatrix/{name}", "confusionMatrix", [[1, 0], [1, 1]], I,
            lambda labels=labels: skm.confusion_matrix(np.array([1, 0]), np.array([1, 1]), labels=np.asarray(labels, dtype=np.int64)),
            {"labels": labels}, {"labels": "int32"})
    # ranking
    for fn, f in RANK_FNS.items():
        bad = {
            "nan-yTrue": ([1.0, NAN, 0.0], [0.1, 0.2, 0.3], F),
            "inf-yTrue": ([1.0, INF, 0.0], [0.1, 0.2, 0.3], F),
            "nan-yScore": ([1, 0, 0], [0.1, NAN, 0.3], ["int32", "float64"]),
            "inf-yScore": ([1, 0, 0], [0.1, INF, 0.3], ["int32", "float64"]),
            "neginf-yScore": ([1, 0, 0], [0.1, -INF, 0.3], ["int32", "float64"]),
            "length": ([1, 0, 0], [0.1, 0.2], ["int32", "float64"]),
            "length-and-nan-yTrue": ([1.0, NAN, 0.0], [0.1, 0.2], F),
            "length-and-nan-yScore": ([1, 0, 0], [0.1, NAN], ["int32", "float64"]),
            "empty": ([], [], ["int32", "float64"]),
            "three-labels": ([1, 0, 2], [0.1, 0.2, 0.3], ["int32", "float64"]),
            "continuous-yTrue": ([0.5, 0.2, 1.0], [0.1, 0.2, 0.3], F),
        }
        if fn in PROB_FNS:
            bad["yProb-gt-1"] = ([1, 0, 0], [0.1, 1.5, 0.3], ["int32", "float64"])
            bad["yProb-lt-0"] = ([1, 0, 0], [0.1, -0.1, 0.3], ["int32", "float64"])
            bad["yProb-both"] = ([1, 0, 0], [1.1, -0.1, 0.3], ["int32", "float64"])
            bad["yProb-nan-and-gt-1"] = ([1, 0, 0], [1.5, NAN, 0.3], ["int32", "float64"])
        if fn == "logLoss":
            bad["one-label-1"] = ([1, 1, 1], [0.1, 0.2, 0.3], ["int32", "float64"])
            bad["one-label-0"] = ([0, 0, 0], [0.1, 0.2, 0.3], ["int32", "float64"])
        if fn in ("rocCurve", "precisionRecallCurve"):
            bad["labels-25-no-pos"] = ([2, 5, 5], [0.1, 0.2, 0.3], ["int32", "float64"])
        if fn == "averagePrecisionScore":
            bad["labels-25-default-pos"] = ([2, 5, 5], [0.1, 0.2, 0.3], ["int32", "float64"])
        for name, (a, b, dt) in bad.items():
            npdt = float if dt[0] == "float64" else np.int32
            res_ok = False
            # some "bad" inputs are accepted by some functions (e.g. brier with one label): skip those
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    with np.errstate(all="ignore"):
                        f(np.asarray(a, npdt), np.asarray(b, float))
                    res_ok = True
                except Exception:  # noqa: BLE001
                    pass
            if res_ok:
                continue
            if fn == "logLoss" and name == "continuous-yTrue":
                # message embeds the repr of y_true: use plain lists (a numpy array gives "array([...])")
                err(f"{fn}/{name}", fn, [a, b], ["list", "list"], lambda f=f, a=a, b=b: f(list(a), list(b)),
                    dtype="list")
                continue
            err(f"{fn}/{name}", fn, [a, b], dt,
                lambda f=f, a=a, b=b, npdt=npdt: f(np.asarray(a, npdt), np.asarray(b, float)))
        for name, w in {"sw-length": [1.0, 2.0], "sw-allzero": [0.0, 0.0, 0.0], "sw-nan": [1.0, NAN, 0.0]}.items():
            a, b = [1, 0, 0], [0.1, 0.2, 0.3]
            err(f"{fn}/{name}", fn, [a, b], ["int32", "float64"],
                lambda f=f, a=a, b=b, w=w: f(np.asarray(a), np.asarray(b), sample_weight=np.asarray(w)),
                {"sampleWeight": w})
    err("averagePrecisionScore/pos-label-invalid", "averagePrecisionScore", [[0, 1, 1], [0.1, 0.2, 0.3]],
        ["int32", "float64"],
        lambda: skm.average_precision_score(np.array([0, 1, 1]), np.array([0.1, 0.2, 0.3]), pos_label=7),
        {"posLabel": 7})
    # message embeds the Python reprs of set(y_true) - set(labels) and of labels: plain lists give "{2}" / "[0, 1]"
    err("logLoss/labels-missing-value", "logLoss", [[1, 1, 2], [0.1, 0.2, 0.3]], ["list", "list"],
        lambda: skm.log_loss([1, 1, 2], [0.1, 0.2, 0.3], labels=[0, 1]),
        {"labels": [0, 1]}, {"labels": "list"}, dtype="list")
    err("logLoss/labels-one", "logLoss", [[1, 1, 1], [0.1, 0.2, 0.3]], ["int32", "float64"],
        lambda: skm.log_loss(np.array([1, 1, 1]), np.array([0.1, 0.2, 0.3]), labels=np.array([1])),
        {"labels": [1]}, {"labels": "int32"})
    # distribution (numpy behaviour)
    for name, x in {"empty": [], "nan": [0.1, NAN, 0.3], "inf": [0.1, INF]}.items():
        err(f"scoreDistribution/{name}", "scoreDistribution", [x], ["float64"],
            lambda x=x: score_distribution(np.asarray(x, float)))
    err("scoreDistribution/bins-0", "scoreDistribution", [[0.1, 0.2]], ["float64"],
        lambda: score_distribution(np.array([0.1, 0.2]), bins=0), {"bins": 0})
    err("scoreDistribution/quantile-gt-1", "scoreDistribution", [[0.1, 0.2]], ["float64"],
        lambda: score_distribution(np.array([0.1, 0.2]), quantiles=[0.5, 1.5]), {"quantiles": [0.5, 1.5]})


# --------------------------------------------------------------------------- multiclass (issue 5)

NAMES20 = ["yak", "ant", "zebra", "bee", "cat", "dog", "eel", "fox", "gnu", "hen",
           "ibis", "jay", "kiwi", "lark", "mole", "newt", "owl", "puma", "quail", "ram"]


def mc_labels(n, k, rng, flip=0.35, missing_true=False, missing_pred=False):
    y = rng.integers(0, k, n)
    yp = np.where(rng.random(n) < flip, rng.integers(0, k, n), y)
    if missing_true and k > 2:
        y[y == 1] = 0
    if missing_pred and k > 2:
        yp[yp == k - 1] = 0
    return y, yp


def mc_probs(y, k, rng, sharp=1.5):
    n = len(y)
    z = rng.normal(0, 1, (n, k))
    z[np.arange(n), y] += sharp
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def as_names(y):
    return np.array([NAMES20[int(v)] for v in y], dtype=object)


def prfs_dict(res):
    p, r, f, s = res
    return {"precision": p, "recall": r, "fscore": f, "support": None if s is None else s}


SETWISE = {
    "precisionScore": (skm.precision_score, None),
    "recallScore": (skm.recall_score, None),
    "f1Score": (skm.f1_score, None),
    "fbetaScore": (skm.fbeta_score, None),
    "jaccardScore": (skm.jaccard_score, None),
    "precisionRecallFscoreSupport": (skm.precision_recall_fscore_support, prfs_dict),
}


def mc_case(C, fn, n, k, variant="plain", opts=None, family="multiclass", exact=True, expect_error=False,
            tag=""):
    opts = dict(opts or {})
    cid = f"{fn}/mc/n={n}/k={k}/{variant}{tag}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    y, yp = mc_labels(n, k, rng, missing_true="missing" in variant, missing_pred="missing" in variant)
    dtype = "int32"
    if "strings" in variant:
        y, yp = as_names(y), as_names(yp)
        dtype = "list"
    kw = {}
    odt = {}
    for a, b in opts.items():
        kw[{"zeroDivision": "zero_division", "posLabel": "pos_label", "sampleWeight": "sample_weight",
            "targetNames": "target_names", "outputDict": "output_dict", "replaceUndefinedBy": "replace_undefined_by"}
           .get(a, a)] = b
    if "labels" in opts:
        odt["labels"] = "list"
    if "weighted" in variant:
        w = float_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    elif "intw" in variant:
        w = int_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
        odt["sampleWeight"] = "int32"
    if "zeroDivision" in opts and isinstance(opts["zeroDivision"], float) and math.isnan(opts["zeroDivision"]):
        kw["zero_division"] = np.nan
    f, post = SETWISE.get(fn, (None, None))
    if f is None:
        f = OTHER_MC[fn]
    yt_sk = list(y) if dtype == "list" else np.asarray(y)
    yp_sk = list(yp) if dtype == "list" else np.asarray(yp)

    def call():
        r = f(yt_sk, yp_sk, **kw)
        return post(r) if post else r
    C.add(family, cid, fn, [y, yp], [dtype, dtype], call, opts, odt, exact=exact, expect_error=expect_error)


def mcm_call(yt, yp, **kw):
    return skm.multilabel_confusion_matrix(yt, yp, **kw)


OTHER_MC = {
    "confusionMatrix": skm.confusion_matrix,
    "multilabelConfusionMatrix": mcm_call,
    "balancedAccuracyScore": skm.balanced_accuracy_score,
    "matthewsCorrcoef": skm.matthews_corrcoef,
    "cohenKappaScore": skm.cohen_kappa_score,
    "hammingLoss": skm.hamming_loss,
    "classificationReport": skm.classification_report,
    "accuracyScore": skm.accuracy_score,
}


def gen_multiclass(C):
    avgs = ["micro", "macro", "weighted", None]
    for fn in ["precisionScore", "recallScore", "f1Score", "jaccardScore", "precisionRecallFscoreSupport"]:
        for avg in avgs:
            for n, k in [(7, 3), (100, 3), (100, 5), (1025, 20), (9, 20)]:
                mc_case(C, fn, n, k, opts={"average": avg})
            for variant in ["weighted", "intw", "strings", "missing", "strings+weighted+missing"]:
                mc_case(C, fn, 129, 4, variant, opts={"average": avg})
            mc_case(C, fn, 50, 5, "plain", opts={"average": avg, "labels": [3, 1, 7]})
            mc_case(C, fn, 50, 5, "strings", opts={"average": avg, "labels": ["cat", "ant", "owl"]})
        for zd in [0.0, 1.0, float("nan"), "warn"]:
            bad = fn == "jaccardScore" and isinstance(zd, float) and math.isnan(zd)
            mc_case(C, fn, 30, 6, "missing", opts={"average": "macro", "zeroDivision": zd}, expect_error=bad)
            mc_case(C, fn, 30, 6, "missing", opts={"average": None, "zeroDivision": zd}, expect_error=bad)
        # binary with string labels and a string pos_label
        mc_case(C, fn, 40, 2, "strings", opts={"average": "binary", "posLabel": "yak"})
        mc_case(C, fn, 40, 2, "strings", opts={"average": "binary", "posLabel": "ant"})
        mc_case(C, fn, 40, 2, "strings", opts={"average": "binary"}, expect_error=True)
        mc_case(C, fn, 40, 3, "plain", opts={"average": "binary"}, expect_error=True)
        mc_case(C, fn, 40, 3, "plain", opts={"average": "macro", "posLabel": 2})
        mc_case(C, fn, 40, 3, "plain", opts={"average": "samples"}, expect_error=True)
    for beta in [0.5, 2.0, 0.0, float("inf")]:
        for avg in avgs:
            mc_case(C, "fbetaScore", 100, 4, "plain", opts={"beta": beta, "average": avg})
            mc_case(C, "fbetaScore", 100, 4, "weighted", opts={"beta": beta, "average": avg})
        mc_case(C, "precisionRecallFscoreSupport", 60, 5, "missing", opts={"beta": beta})
    for n, k in [(7, 3), (100, 5), (1025, 20)]:
        for variant in ["plain", "strings", "weighted", "intw", "missing"]:
            mc_case(C, "multilabelConfusionMatrix", n, k, variant)
            mc_case(C, "confusionMatrix", n, k, variant)
            mc_case(C, "balancedAccuracyScore", n, k, variant)
            mc_case(C, "balancedAccuracyScore", n, k, variant, opts={"adjusted": True})
            mc_case(C, "matthewsCorrcoef", n, k, variant, exact=("weighted" not in variant))
            mc_case(C, "cohenKappaScore", n, k, variant)
            for wt in ["linear", "quadratic"]:
                mc_case(C, "cohenKappaScore", n, k, variant, opts={"weights": wt})
            mc_case(C, "hammingLoss", n, k, variant)
            mc_case(C, "accuracyScore", n, k, variant)
    mc_case(C, "multilabelConfusionMatrix", 50, 5, "plain", opts={"labels": [4, 0, 9]})
    mc_case(C, "multilabelConfusionMatrix", 50, 5, "strings", opts={"labels": ["cat", "yak"]})
    mc_case(C, "confusionMatrix", 50, 5, "strings", opts={"labels": ["cat", "yak", "ant"]})
    mc_case(C, "confusionMatrix", 50, 5, "strings", opts={"labels": ["cat", "bee"], "normalize": "true"})
    mc_case(C, "cohenKappaScore", 50, 5, "plain", opts={"labels": [0, 2, 4], "weights": "quadratic"})
    mc_case(C, "cohenKappaScore", 50, 5, "plain", opts={"labels": [7, 8]}, expect_error=True)
    mc_case(C, "matthewsCorrcoef", 20, 3, "strings+weighted", exact=False)
    for n, k in [(5, 3), (100, 4), (1025, 20)]:
        for variant in ["plain", "strings", "weighted", "intw", "missing"]:
            mc_case(C, "classificationReport", n, k, variant)
            mc_case(C, "classificationReport", n, k, variant, opts={"outputDict": True})
    mc_case(C, "classificationReport", 60, 4, "plain", opts={"digits": 4})
    mc_case(C, "classificationReport", 60, 4, "plain", opts={"labels": [0, 1, 2]})
    mc_case(C, "classificationReport", 60, 4, "plain", opts={"labels": [0, 1, 2], "outputDict": True})
    mc_case(C, "classificationReport", 60, 4, "plain", opts={"targetNames": ["w", "x", "yy", "a much longer name"]})
    mc_case(C, "classificationReport", 60, 4, "strings", opts={"zeroDivision": 0.0, "digits": 3})
    mc_case(C, "classificationReport", 60, 4, "plain", opts={"targetNames": ["a", "b"]}, expect_error=True)
    # Python rounds exact ties to even: 0.125 -> '0.12', 0.375 -> '0.38'
    y = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2]
    p = [0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2]
    C.add("multiclass", "classificationReport/hand/ties", "classificationReport", [y, p], ["int32", "int32"],
          lambda: skm.classification_report(y, p, digits=2, zero_division=0.0), {"digits": 2, "zeroDivision": 0.0})
    gen_multiclass_ranking(C)
    gen_multiclass_dicts(C)


def classification_metrics_mc(yt, yp, yprob=None, sw=None, avg="weighted", train_y=None):
    out = {
        "accuracy": skm.accuracy_score(yt, yp, sample_weight=sw),
        "precision": skm.precision_score(yt, yp, sample_weight=sw, average=avg),
        "recall": skm.recall_score(yt, yp, sample_weight=sw, average=avg),
        "f1": skm.f1_score(yt, yp, sample_weight=sw, average=avg),
    }
    if yprob is not None:
        labels = sorted(set(list(yt)) | set(list(yp)))
        out["auc_roc"] = skm.roc_auc_score(yt, yprob, sample_weight=sw, multi_class="ovr", average=avg, labels=labels)
        out["log_loss"] = skm.log_loss(yt, yprob, sample_weight=sw, labels=labels)
    if train_y is not None:
        out["training_samples"] = int(len(train_y))
    return out


def gen_multiclass_dicts(C):
    for n, k in [(12, 3), (100, 5), (1025, 20)]:
        for variant in ["plain", "weighted", "strings", "prob", "prob+weighted", "strings+prob", "train"]:
            for avg in (["weighted", "macro", "micro"] if variant in ("plain", "prob") else ["weighted"]):
                cid = f"classificationMetrics/mc/n={n}/k={k}/{variant}/average={avg}"
                rng = rng_for(cid)
                y, yp, yt_sk, yp_sk, argd, dtypes = dict_labels(rng, n, k, variant)
                P = sw = tr = None
                if "prob" in variant:
                    P = mc_probs(y, k, rng)
                    argd["yProb"] = P
                    dtypes["yProb"] = "matrix"
                if "weighted" in variant:
                    sw = float_weights(n, rng)
                    argd["sampleWeight"] = sw
                if variant == "train":
                    tr = rng.integers(0, k, 37)
                    argd["train"] = {"yTrue": tr}
                opts = {"average": avg}
                case = C.add("multiclass", cid, "classificationMetrics", [None], [None],
                             lambda: classification_metrics_mc(yt_sk, yp_sk, P, sw, avg, tr), opts, dtype="float64",
                             exact=True)
                case["args"] = [dict_arg(argd, dtypes)]
                case["argDtypes"] = [dict(dtypes)]


def probs_case(C, fn, n, k, variant="plain", opts=None, exact=False, expect_error=False, tag="",
               family="multiclass_ranking"):
    opts = dict(opts or {})
    cid = f"{fn}/mc/n={n}/k={k}/{variant}{tag}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    y = rng.integers(0, k, n)
    if n >= k:
        y[rng.permutation(n)[:k]] = np.arange(k)
    if "missing" in variant:
        y[y == 1] = 0
    P = mc_probs(y, k, rng)
    if "unnormalised" in variant:
        P = P * 1.01
        P = np.minimum(P, 1.0)
    if "edges" in variant:
        P[rng.random((n, k)) < 0.1] = 0.0
        P[0, :] = 0.0
        P[0, int(y[0]) - 1] = 1.0
    ydt = "int32"
    if "strings" in variant:
        y = as_names(y)
        ydt = "list"
    kw = {}
    odt = {}
    for a, b in opts.items():
        if a == "nClasses":
            continue
        kw[{"sampleWeight": "sample_weight", "multiClass": "multi_class", "maxFpr": "max_fpr",
            "scaleByHalf": "scale_by_half"}.get(a, a)] = b
    if "labels" in opts:
        odt["labels"] = "list"
    if "weighted" in variant:
        w = float_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    f = {"logLoss": skm.log_loss, "brierScoreLoss": skm.brier_score_loss, "rocAucScore": skm.roc_auc_score,
         "topKAccuracyScore": skm.top_k_accuracy_score}[fn]
    yt_sk = list(y) if ydt == "list" else np.asarray(y)
    pdt = "matrix"
    args = [y, P]
    if "flat" in variant:
        pdt = "float64"
        args = [y, P.reshape(-1)]
        opts["nClasses"] = k
    C.add(family, cid, fn, args, [ydt, pdt], lambda: f(yt_sk, P, **kw), opts, odt,
          exact=exact, expect_error=expect_error)


def gen_multiclass_ranking(C):
    for n, k in [(3, 3), (50, 3), (129, 5), (257, 20)]:
        for variant in ["plain", "weighted", "strings", "flat", "edges"]:
            probs_case(C, "logLoss", n, k, variant)
            probs_case(C, "brierScoreLoss", n, k, variant, exact=True)
        probs_case(C, "logLoss", n, k, "unnormalised")
        probs_case(C, "brierScoreLoss", n, k, "plain", opts={"scaleByHalf": True}, exact=True)
    probs_case(C, "logLoss", 40, 4, "missing", opts={"labels": [0, 1, 2, 3]})
    probs_case(C, "logLoss", 40, 4, "missing", expect_error=True)
    probs_case(C, "logLoss", 40, 4, "plain", opts={"labels": [0, 1, 2]}, expect_error=True)
    probs_case(C, "logLoss", 40, 4, "strings+missing", opts={"labels": ["ant", "bee", "yak", "zebra"]})
    probs_case(C, "logLoss", 40, 2, "plain")
    probs_case(C, "brierScoreLoss", 40, 2, "plain", exact=True)
    probs_case(C, "brierScoreLoss", 40, 4, "missing", opts={"labels": [0, 1, 2, 3]}, exact=True)
    for n, k in [(12, 3), (100, 4), (1025, 6), (400, 20)]:
        for avg in ["macro", "weighted", "micro", None]:
            for variant in ["plain", "weighted", "strings"]:
                probs_case(C, "rocAucScore", n, k, variant, opts={"multiClass": "ovr", "average": avg}, exact=True)
        for avg in ["macro", "weighted"]:
            for variant in ["plain", "strings", "missing"]:
                o = {"multiClass": "ovo", "average": avg}
                if variant == "missing":
                    o["labels"] = list(range(k))
                probs_case(C, "rocAucScore", n, k, variant, opts=o, exact=True)
    probs_case(C, "rocAucScore", 60, 4, "missing", opts={"multiClass": "ovr", "labels": [0, 1, 2, 3]}, exact=True)
    probs_case(C, "rocAucScore", 60, 4, "missing", opts={"multiClass": "ovr"}, expect_error=True)
    probs_case(C, "rocAucScore", 60, 4, "plain", expect_error=True)
    probs_case(C, "rocAucScore", 60, 4, "plain", opts={"multiClass": "ovo", "average": None}, expect_error=True)
    probs_case(C, "rocAucScore", 60, 4, "weighted", opts={"multiClass": "ovo"}, expect_error=True)
    probs_case(C, "rocAucScore", 60, 4, "unnormalised", opts={"multiClass": "ovr"}, expect_error=True)
    probs_case(C, "rocAucScore", 60, 4, "plain", opts={"multiClass": "ovr", "maxFpr": 0.5}, expect_error=True)
    for n, k in [(10, 3), (100, 5), (257, 20)]:
        for kk in [1, 2, 3]:
            for variant in ["plain", "weighted", "strings", "flat"]:
                probs_case(C, "topKAccuracyScore", n, k, variant, opts={"k": kk}, exact=True)
        probs_case(C, "topKAccuracyScore", n, k, "plain", opts={"k": 2, "normalize": False}, exact=True)
    probs_case(C, "topKAccuracyScore", 40, 4, "missing", opts={"k": 2, "labels": [0, 1, 2, 3]}, exact=True)
    probs_case(C, "topKAccuracyScore", 40, 4, "missing", opts={"k": 2}, expect_error=True)
    # ties in scores: numpy's stable argsort reversed ranks the later column first
    yt = [0, 1, 2, 1]
    P = [[0.4, 0.4, 0.2], [0.3, 0.3, 0.4], [0.25, 0.25, 0.5], [1 / 3, 1 / 3, 1 / 3]]
    for kk in [1, 2]:
        C.add("multiclass_ranking", f"topKAccuracyScore/hand/ties/k={kk}", "topKAccuracyScore", [yt, P],
              ["int32", "matrix"], lambda kk=kk: skm.top_k_accuracy_score(yt, np.asarray(P), k=kk), {"k": kk}, exact=True)
    # binary partial AUC (max_fpr, McClish)
    for n in [10, 100, 1025]:
        for mf in [0.1, 0.25, 0.5, 0.8, 1.0]:
            for kind, wts in [("normal", None), ("ties", None), ("normal", "float")]:
                rank_case_maxfpr(C, n, kind, mf, wts)


def rank_case_maxfpr(C, n, kind, mf, wts):
    cid = f"rocAucScore/maxFpr/{kind}/n={n}/maxFpr={mf}" + ("" if wts is None else f"/w={wts}")
    rng = rng_for(cid)
    y, _ = labels_binary(n, rng)
    y[0], y[-1] = 0, 1
    s = scores_for(y, rng, kind)
    opts = {"maxFpr": mf}
    kw = {"max_fpr": mf}
    if wts:
        w = float_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    C.add("multiclass_ranking", cid, "rocAucScore", [y, s], ["int32", "float64"],
          lambda: skm.roc_auc_score(y, s, **kw), opts, exact=True)


REG_EXTRA = {
    "meanSquaredLogError": (skm.mean_squared_log_error, {}),
    "rootMeanSquaredLogError": (skm.root_mean_squared_log_error, {}),
    "meanPinballLoss": (skm.mean_pinball_loss, {"alpha": [0.1, 0.5, 0.9]}),
    "d2AbsoluteErrorScore": (skm.d2_absolute_error_score, {}),
    "meanPoissonDeviance": (skm.mean_poisson_deviance, {}),
    "meanGammaDeviance": (skm.mean_gamma_deviance, {}),
    "meanTweedieDeviance": (skm.mean_tweedie_deviance, {"power": [0, 1, 1.5, 2, 3, -0.5]}),
}


def reg_extra_case(C, fn, kind, n, weights=None, opts=None, expect_error=False):
    f, _ = REG_EXTRA[fn]
    opts = dict(opts or {})
    cid = f"{fn}/{kind}/n={n}" + ("" if weights is None else f"/w={weights}") + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    y, p = reg_data(kind, n, rng)
    if kind == "positive" and "zeros" in cid:
        y[rng.random(n) < 0.3] = 0.0
    kw = dict(opts)
    odt = {}
    if weights == "float":
        w = float_weights(n, rng)
    elif weights == "int":
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    else:
        w = None
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    exact = fn in ("meanPinballLoss", "d2AbsoluteErrorScore") or (fn == "meanTweedieDeviance" and opts.get("power") == 0)
    C.add("regression_extra", cid, fn, [y, p], ["float64", "float64"], lambda: f(y, p, **kw), opts, odt,
          exact=exact, expect_error=expect_error)


def gen_regression_extra(C):
    for fn, (f, sweep) in REG_EXTRA.items():
        positive_only = fn not in ("meanPinballLoss", "d2AbsoluteErrorScore") and not (fn == "meanTweedieDeviance")
        variants = [{}]
        for key, vals in sweep.items():
            variants = [{key: v} for v in vals]
        for extra in variants:
            kinds = ["positive"] if (positive_only or extra.get("power", 0) not in (0,)) else ["normal", "positive", "ties", "offset"]
            for n in [1, 2, 7, 9, 100, 129, 1025]:
                for kind in kinds:
                    reg_extra_case(C, fn, kind, n, opts=extra)
            for n in [9, 129, 1025]:
                reg_extra_case(C, fn, kinds[0], n, weights="float", opts=extra)
                reg_extra_case(C, fn, kinds[0], n, weights="int", opts=extra)
        if fn in ("meanSquaredLogError", "rootMeanSquaredLogError", "meanGammaDeviance", "meanPoissonDeviance"):
            reg_extra_case(C, fn, "normal", 20, expect_error=True)
        if fn == "meanPoissonDeviance":
            reg_extra_case(C, fn, "positive", 50, opts={}, )
            reg_extra_case(C, fn, "positivezeros", 50) if False else None
        if fn == "meanTweedieDeviance":
            reg_extra_case(C, fn, "normal", 20, opts={"power": 1.5}, expect_error=True)
            reg_extra_case(C, fn, "normal", 20, opts={"power": 0.5}, expect_error=True)
            reg_extra_case(C, fn, "normal", 20, opts={"power": -1}, expect_error=True)
    for n in [3, 4, 8, 100]:
        reg_extra_case(C, "d2AbsoluteErrorScore", "constant", n)
        reg_extra_case(C, "d2AbsoluteErrorScore", "perfect", n)
        reg_extra_case(C, "d2AbsoluteErrorScore", "ties", n, weights="int")
    # zeros in y for Poisson (xlogy(0, .) = 0)
    y = np.array([0.0, 1.0, 0.0, 3.0, 2.0])
    p = np.array([0.5, 1.5, 0.1, 2.0, 2.0])
    C.add("regression_extra", "meanPoissonDeviance/hand/zeros", "meanPoissonDeviance", [y, p], ["float64", "float64"],
          lambda: skm.mean_poisson_deviance(y, p))

# --------------------------------------------------------------------------- det_curve (issue 5)

DET_NAMES = ("cat", "dog", "yak")  # (no label may read as "NaN"/"Infinity": the fixture decoder maps those)


def _det(y, s, **kw):
    return _curve(skm.det_curve(y, s, **kw), ["fpr", "fnr", "thresholds"])


CURVE_FNS = {"detCurve": _det, "rocCurve": RANK_FNS["rocCurve"], "precisionRecallCurve": RANK_FNS["precisionRecallCurve"],
             "averagePrecisionScore": RANK_FNS["averagePrecisionScore"]}


def det_case(C, n, kind="normal", pair="01", ldtype="int32", sdtype="float64", pos=None, weights=None,
             drop=None, yfix=None, ptrue=0.4, scale=None, tag="", expect_error=False, fn="detCurve",
             family="det_curve"):
    """One det_curve case from real scikit-learn (family det_curve).

    pair: a PAIRS key, "str" (two string labels), "mc" (three integer labels) or "str3";
    pos: posLabel (number, bool or string); weights: "float" (with zeros), "int", "neg" (signed),
    "nopos" / "noneg" (zero weight on every positive / negative); scale: (factor, shift) applied to the scores.
    """
    cid = f"{fn}/{kind}{tag}/n={n}/labels={pair}/{ldtype}" + ("" if sdtype == "float64" else f"/{sdtype}") + \
        ("" if pos is None else f"/pos={pos}") + ("" if weights is None else f"/w={weights}") + \
        ("" if drop is None else f"/drop={drop}") + ("" if scale is None else f"/scale={scale[0]},{scale[1]}")
    rng = rng_for(cid)
    y01 = binary_y01(rng, n, yfix, ptrue)
    s = scores_for(y01, rng, kind)
    if scale is not None:
        s = s * scale[0] + scale[1]
    if sdtype == "float32":
        s = f32(s)
    if ldtype == "bool":
        y = y01.astype(bool)
    elif pair == "str":
        y = [DET_NAMES[2] if v else DET_NAMES[0] for v in y01]
    elif pair == "str3":
        y = [DET_NAMES[int(v) + int(rng.random() < 0.3)] for v in y01]
    elif pair == "mc":
        y = y01 + (rng.random(n) < 0.3).astype(np.int64) * 2  # labels 0..3, 1 + 2 = 3
    else:
        y = map_labels(y01, PAIRS[pair])
    opts, odt, kw = {}, {}, {}
    if pos is not None:
        opts["posLabel"] = pos
        kw["pos_label"] = pos
    w = None
    if weights == "float":
        w = float_weights(n, rng)
    elif weights == "int":
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    elif weights == "neg":
        w = rng.uniform(-1, 2, n)
    elif weights in ("nopos", "noneg"):
        w = rng.uniform(0.5, 2, n)
        w[y01 == (1 if weights == "nopos" else 0)] = 0.0
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    if drop is not None:
        opts["dropIntermediate"] = drop
        kw["drop_intermediate"] = drop
    if pair in ("str", "str3"):
        ldtype = "list"
    yt = list(y) if ldtype == "list" else to_sklearn(y, ldtype)
    ys = to_sklearn(s, "float64")
    if expect_error == "classes":  # sklearn raises unless y_true holds exactly two values
        expect_error = len(set(np.asarray(y).tolist())) != 2
    C.add(family, cid, fn, [y, s], [ldtype, sdtype], lambda: CURVE_FNS[fn](yt, ys, **kw), opts, odt,
          dtype=sdtype, exact=True, expect_error=expect_error)


def gen_curve_strings(C):
    """rocCurve and precisionRecallCurve with string labels (and string pos_label
    with numeric labels), through the same cases as det_curve's (family curve_strings)."""
    for fn in ["rocCurve", "precisionRecallCurve"]:
        case = lambda n, **kw: det_case(C, n, fn=fn, family="curve_strings", **kw)
        for n in MID_SIZES:
            case(n, pair="str", pos=DET_NAMES[2])
            case(n, pair="str", pos=DET_NAMES[0], kind="ties", weights="float")
            case(n, pair="str", pos=DET_NAMES[2], kind="ties", weights="int")
            case(n, pair="str", pos=DET_NAMES[2], kind="ties", drop=fn != "rocCurve")
            case(n, pair="str", pos="emu")  # a string absent from y_true: no positives
            case(n, pair="str", pos=1)  # a number never equals a string label
            case(n, pos="cat")  # a string never equals a number label
            case(n, pair="str3", pos=DET_NAMES[1])  # three classes with a pos_label: one vs rest
            case(n, pair="str3", pos=DET_NAMES[0], weights="float")
            case(n, pair="str", expect_error=True)  # pos_label is not specified
            case(n, pair="str3", expect_error=True)  # multiclass format is not supported
        # (string arrays are written as JSON lists, so no case above B64_THRESHOLD)
        case(2000, pair="str", pos=DET_NAMES[2], kind="prob")
        case(2000, pair="str", pos=DET_NAMES[0], kind="ties", weights="float")
    # averagePrecisionScore: pos_label (default 1) must be one of two present labels
    case = lambda n, **kw: det_case(C, n, fn="averagePrecisionScore", family="curve_strings", **kw)
    for n in MID_SIZES:
        case(n, pair="str", pos=DET_NAMES[2])
        case(n, pair="str", pos=DET_NAMES[0], kind="ties", weights="float")
        case(n, pair="str", pos=DET_NAMES[2], kind="ties", weights="int")
        case(n, pair="str", expect_error=True)  # pos_label=1 is not a valid label
        case(n, pair="str", pos="emu", expect_error=True)
        case(n, pos="cat", expect_error=True)  # a string pos_label with numeric labels
        case(n, pair="str3", pos=DET_NAMES[1], expect_error="classes")  # multiclass: pos_label fixed to 1
        case(n, pair="str3", expect_error=True)  # multiclass: 2-D scores needed; binary: pos_label=1 invalid
    for n in [1, 2, 7]:
        for cls in (0, 1):  # one string class: pos_label is not checked
            det_case(C, n, pair="str", yfix=[cls] * n, tag=f"/oneclass={cls}", pos=DET_NAMES[2],
                     fn="averagePrecisionScore", family="curve_strings")
            det_case(C, n, pair="str", yfix=[cls] * n, tag=f"/oneclass={cls}",
                     fn="averagePrecisionScore", family="curve_strings")
    case(2000, pair="str", pos=DET_NAMES[2], kind="prob")


def gen_det_curve(C):
    for n in SIZES:
        det_case(C, n, expect_error=n == 1)  # n = 1: one class
    for n in MID_SIZES:
        for kind in ["ties", "alltied", "prob", "probedge", "probtiny"]:
            det_case(C, n, kind=kind)
        det_case(C, n, sdtype="float32")
        det_case(C, n, ldtype="bool")
        det_case(C, n, ldtype="float64")
        det_case(C, n, weights="float")
        det_case(C, n, kind="ties", weights="float")
        det_case(C, n, kind="ties", weights="int")
        det_case(C, n, weights="neg")
        det_case(C, n, kind="ties", weights="neg")
        det_case(C, n, pair="m11")  # pos_label default works for {-1, 1}
        det_case(C, n, pair="m11", pos=-1)
        det_case(C, n, pair="25", pos=5)
        det_case(C, n, pair="25", pos=2, weights="float")
        det_case(C, n, pair="25", pos=7)  # absent: no positives, NaN fnr
        det_case(C, n, ldtype="bool", pos=False)
        det_case(C, n, pos=True)
        det_case(C, n, pair="str", pos=DET_NAMES[2])
        det_case(C, n, pair="str", pos=DET_NAMES[0], kind="ties", weights="float")
        det_case(C, n, pair="str", pos="emu")  # a string absent from y_true
        det_case(C, n, pair="str", pos=1)  # a number never equals a string label
        det_case(C, n, pos="cat")  # a string never equals a number label
        det_case(C, n, weights="nopos")
        det_case(C, n, weights="noneg")
        for kind in ["normal", "ties", "alltied"]:
            det_case(C, n, kind=kind, drop=True)
        det_case(C, n, kind="ties", drop=False)
        det_case(C, n, kind="ties", weights="float", drop=True)
        det_case(C, n, kind="ties", weights="neg", drop=True)
        det_case(C, n, pair="str", pos=DET_NAMES[2], kind="ties", drop=True)
        for scale in [(1e-300, 0.0), (1e300, 0.0), (1.0, 1e6), (1e-8, -3.0), (-1.0, 0.0)]:
            det_case(C, n, kind="ties", scale=scale)
        det_case(C, n, kind="normal", weights="float", scale=(1e8, 0.0))
        # multiclass y_true with a pos_label: sklearn's "Only one class" error
        det_case(C, n, pair="mc", pos=1, expect_error="classes")
        det_case(C, n, pair="str3", pos=DET_NAMES[1], expect_error="classes")
    # one class present (errors), also when zero weights hide the other class
    for n in [1, 2, 7, 100]:
        for cls in (0, 1):
            det_case(C, n, yfix=[cls] * n, tag=f"/oneclass={cls}", expect_error=True)
            det_case(C, n, yfix=[cls] * n, tag=f"/oneclass={cls}", pos=1, expect_error=True)
    det_case(C, LARGE, kind="ties")
    det_case(C, 10_000, kind="prob", drop=True)
    det_case(C, 10_000, kind="normal", weights="float")
    det_case(C, 10_000, kind="ties", weights="int", drop=True)
    hand = [
        ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {}),  # sklearn's docstring example
        ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], {"dropIntermediate": True}),
        ([0, 1], [0.5, 0.5], {}),
        ([1, 0], [0.5, 0.6], {}),
        ([0, 1], [0.5, 0.6], {}),
        ([0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], {"sampleWeight": [0.0, 1.0, 1.0, 0.0]}),
        ([0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], {"sampleWeight": [1.0, 0.0, 0.0, 1.0]}),
        ([0, 1, 1, 0], [0.1, 0.2, 0.3, 0.4], {"sampleWeight": [1.0, -1.0, 2.0, -3.0]}),
        ([0, 1, 1, 0, 1], [0.3, 0.0, -0.0, 0.3, 0.3], {}),
        ([1, 1, 0, 0, 1, 0], [0.9, 0.9, 0.8, 0.8, 0.1, 0.1], {"dropIntermediate": True}),
        ([2, 5, 5], [0.1, 0.2, 0.3], {"posLabel": 7}),
        ([2, 5, 5], [0.1, 0.2, 0.3], {"posLabel": 5}),
        # zero weights hide the negatives: not an error (sklearn counts the classes of all of y_true)
        ([1, 1, 0], [0.1, 0.2, 0.3], {"sampleWeight": [1.0, 1.0, 0.0]}),
    ]
    for i, (y, sc, opts) in enumerate(hand):
        kw = {KW[k]: (np.asarray(v) if isinstance(v, list) else v) for k, v in opts.items()}
        yt, ys = np.asarray(y, np.int32), np.asarray(sc, float)
        C.add("det_curve", f"detCurve/hand/{i}", "detCurve", [y, sc], ["int32", "float64"],
              lambda yt=yt, ys=ys, kw=kw: _det(yt, ys, **kw), dict(opts), None, dtype="float64", exact=True)
    # errors, in sklearn's order and wording
    def err(name, y, sc, dt, opts=None, ydt=None):
        opts = dict(opts or {})
        kw = {KW[k]: (np.asarray(v) if isinstance(v, list) else v) for k, v in opts.items()}
        if dt[0] == "list":
            yt = list(y)
        else:
            yt = np.asarray(y, float if dt[0] == "float64" else np.int32)
        C.add("det_curve", f"detCurve/{name}", "detCurve", [y, sc], dt,
              lambda: _det(yt, np.asarray(sc, float), **kw), opts, None, dtype=dt[1], expect_error=True)
    F, IF = ["float64", "float64"], ["int32", "float64"]
    err("nan-yTrue", [1.0, NAN, 0.0], [0.1, 0.2, 0.3], F)
    err("inf-yTrue", [1.0, INF, 0.0], [0.1, 0.2, 0.3], F)
    err("nan-yScore", [1, 0, 0], [0.1, NAN, 0.3], IF)
    err("inf-yScore", [1, 0, 0], [0.1, INF, 0.3], IF)
    err("neginf-yScore", [1, 0, 0], [0.1, -INF, 0.3], IF)
    err("length", [1, 0, 0], [0.1, 0.2], IF)
    err("length-and-nan-yTrue", [1.0, NAN, 0.0], [0.1, 0.2], F)
    err("length-and-nan-yScore", [1, 0, 0], [0.1, NAN], IF)
    err("empty", [], [], IF)
    err("three-labels", [1, 0, 2], [0.1, 0.2, 0.3], IF)
    err("continuous-yTrue", [0.5, 0.2, 1.0], [0.1, 0.2, 0.3], F)
    err("labels-25-no-pos", [2, 5, 5], [0.1, 0.2, 0.3], IF)
    err("labels-23-float-no-pos", [2.0, 3.0, 2.0], [0.1, 0.2, 0.3], F)
    err("one-class-1", [1, 1, 1], [0.1, 0.2, 0.3], IF)
    err("one-class-0", [0, 0, 0], [0.1, 0.2, 0.3], IF)
    err("one-class-pos-absent", [1, 1, 1], [0.1, 0.2, 0.3], IF, {"posLabel": 7})
    err("multiclass-with-pos", [2, 5, 5, 3], [0.1, 0.2, 0.3, 0.4], IF, {"posLabel": 5})
    err("strings-no-pos", ["cat", "dog", "dog"], [0.1, 0.2, 0.3], ["list", "float64"])
    err("strings-no-pos-one", ["cat", "cat"], [0.1, 0.2], ["list", "float64"])
    err("strings-no-pos-quote", ["it's", "dog"], [0.1, 0.2], ["list", "float64"])
    err("strings-three-no-pos", ["cat", "dog", "yak"], [0.1, 0.2, 0.3], ["list", "float64"])
    err("strings-one-class-pos", ["cat", "cat"], [0.1, 0.2], ["list", "float64"], {"posLabel": "cat"})
    err("strings-no-pos-length", ["cat", "dog", "dog"], [0.1, 0.2], ["list", "float64"])
    err("strings-pos-length", ["cat", "dog", "dog"], [0.1, 0.2], ["list", "float64"], {"posLabel": "dog"})
    for name, w in {"sw-length": [1.0, 2.0], "sw-allzero": [0.0, 0.0, 0.0], "sw-nan": [1.0, NAN, 0.0],
                    "sw-inf": [1.0, INF, 0.0]}.items():
        err(name, [1, 0, 0], [0.1, 0.2, 0.3], IF, {"sampleWeight": w})


# --------------------------------------------------------------------------- issue 5 audit: gaps

def gen_fuzz_found(C):
    """Weight edge cases that the differential fuzzer (scripts/fuzz_sklearn.py) found
    handled differently from scikit-learn, pinned here (family fuzz_found)."""
    n, k = 30, 4
    cases = [
        ("topKAccuracyScore", "zeroweights", {"k": 2}, "zero", True),
        ("topKAccuracyScore", "zeroweights/nonorm", {"k": 2, "normalize": False}, "zero", False),
        ("topKAccuracyScore", "cancelweights", {"k": 2}, "cancel", True),
        ("topKAccuracyScore", "cancelweights/nonorm", {"k": 2, "normalize": False}, "cancel", False),
        ("rocAucScore", "ovr/weighted/zeroweights", {"multiClass": "ovr", "average": "weighted"}, "zero", False),
        ("rocAucScore", "ovr/weighted/tinyweights", {"multiClass": "ovr", "average": "weighted"}, "tiny", False),
        ("rocAucScore", "ovr/macro/zeroweights", {"multiClass": "ovr", "average": "macro"}, "zero", True),
        ("rocAucScore", "ovo/weighted/oneclass", {"multiClass": "ovo", "average": "weighted", "labels": [0, 1, 2, 3]},
         "oneclass", True),
        ("rocAucScore", "ovo/macro/oneclass", {"multiClass": "ovo", "average": "macro", "labels": [0, 1, 2, 3]},
         "oneclass", False),
        ("rocAucScore", "ovr/weighted/oneclass", {"multiClass": "ovr", "average": "weighted", "labels": [0, 1, 2, 3]},
         "oneclass", False),
    ]
    f = {"topKAccuracyScore": skm.top_k_accuracy_score, "rocAucScore": skm.roc_auc_score}
    for fn, tag, opts, kind, err in cases:
        cid = f"{fn}/fuzz-found/{tag}"
        rng = rng_for(cid)
        y = rng.integers(0, k, n)
        y[:k] = np.arange(k)
        if kind == "oneclass":
            y[:] = 0
        P = mc_probs(y, k, rng)
        opts = dict(opts)
        kw = {{"multiClass": "multi_class"}.get(a, a): b for a, b in opts.items()}
        odt = {"labels": "list"} if "labels" in opts else {}
        if kind in ("zero", "cancel", "tiny"):
            w = {"zero": np.zeros(n), "cancel": np.where(np.arange(n) % 2 == 0, 1.0, -1.0),
                 "tiny": np.full(n, 1e-11)}[kind]
            opts["sampleWeight"] = w
            kw["sample_weight"] = w
        fun = f[fn]
        C.add("fuzz_found", cid, fn, [y, P], ["int32", "matrix"], lambda: fun(y, P, **kw), opts, odt,
              exact=True, expect_error=err)


def gen_multiclass_ap(C):
    """average_precision_score with multiclass y_true and an n x k score matrix (family multiclass_ap)."""
    def case(n, k, avg="macro", variant="plain", pos=None, expect_error=False, extra_col=False):
        cid = f"averagePrecisionScore/mc/n={n}/k={k}/{variant}/average={avg}" + ("" if pos is None else f"/pos={pos}") + \
            ("/extra_col" if extra_col else "")
        rng = rng_for(cid)
        y = rng.integers(0, k, n)
        if n >= k:
            y[rng.permutation(n)[:k]] = np.arange(k)
        P = mc_probs(y, k, rng)
        if "shifted" in variant:
            y = y + 3  # labels {3, 4, ...}: pos_label=1 is not one of them
        if "ties" in variant:
            P = np.round(P, 1)
        if extra_col:
            P = np.hstack([P, rng.random((n, 1))])
        opts, kw, odt = {}, {}, {}
        if avg != "macro":
            opts["average"] = kw["average"] = None if avg == "none" else avg
        if pos is not None:
            opts["posLabel"] = kw["pos_label"] = pos
        w = None
        if "zeroweights" in variant:
            w = np.zeros(n)
        elif "intweights" in variant:
            w = int_weights(n, rng)
            odt["sampleWeight"] = "int32"
        elif "weighted" in variant:
            w = float_weights(n, rng)
        if w is not None:
            opts["sampleWeight"] = kw["sample_weight"] = w
        ydt = "int32"
        yt = np.asarray(y)
        if "strings" in variant:
            y = as_names(y)
            ydt = "list"
            yt = list(y)
        args, pdt = [y, P], "matrix"
        if "flat" in variant:
            args, pdt = [y, P.reshape(-1)], "float64"
            opts["nClasses"] = P.shape[1]
        C.add("multiclass_ap", cid, "averagePrecisionScore", args, [ydt, pdt],
              lambda: skm.average_precision_score(yt, P, **kw), opts, odt, exact=True, expect_error=expect_error)

    for n in [3, 7, 9, 50, 129, 1000]:
        for k in [3, 5]:
            if n < k:
                continue
            for avg in ["macro", "weighted", "micro", "samples", "none"]:
                case(n, k, avg)
                case(n, k, avg, "weighted")
                case(n, k, avg, "ties")
    for avg in ["macro", "weighted", "micro", "samples", "none"]:
        case(200, 4, avg, "ties+weighted")
        case(200, 4, avg, "intweights")
        case(60, 4, avg, "strings")
        case(60, 4, avg, "flat")
        case(60, 6, avg, "strings+weighted")
        case(30, 4, avg, "zeroweights", expect_error=avg in ("macro", "micro", "samples", "none"))
    case(3000, 8, "macro", "weighted")
    case(3000, 8, "samples", "ties")
    # errors
    case(40, 4, "macro", pos=2, expect_error=True)
    case(40, 4, "macro", pos=1)
    case(40, 4, "macro", extra_col=True, expect_error=True)
    case(40, 2, "macro", expect_error=True)  # binary y_true with 2-D scores
    case(40, 2, "macro", "shifted", expect_error=True)  # ... whose labels do not include pos_label=1
    case(40, 2, "macro", "shifted", pos=4, expect_error=True)
    case(40, 4, "macro", "shifted")


def gen_multiclass_extra(C):
    """Cases the first issue-5 fixtures left out (family multiclass_extra; the older files are unchanged)."""
    F = "multiclass_extra"
    avgs = ["micro", "macro", "weighted", None]
    # fbetaScore: 3 to 20 classes, string labels, missing classes, labels, zero_division, binary, errors
    for beta in [0.5, 2.0]:
        for avg in avgs:
            for n, k in [(7, 3), (1025, 20), (9, 20)]:
                mc_case(C, "fbetaScore", n, k, opts={"beta": beta, "average": avg}, family=F)
            for variant in ["intw", "strings", "missing", "strings+weighted+missing"]:
                mc_case(C, "fbetaScore", 129, 4, variant, opts={"beta": beta, "average": avg}, family=F)
            mc_case(C, "fbetaScore", 50, 5, "plain", opts={"beta": beta, "average": avg, "labels": [3, 1, 7]}, family=F)
            mc_case(C, "fbetaScore", 50, 5, "strings", opts={"beta": beta, "average": avg, "labels": ["cat", "ant", "owl"]},
                    family=F)
        for zd in [0.0, 1.0, float("nan"), "warn"]:
            mc_case(C, "fbetaScore", 30, 6, "missing", opts={"beta": beta, "average": "macro", "zeroDivision": zd}, family=F)
            mc_case(C, "fbetaScore", 30, 6, "missing", opts={"beta": beta, "average": None, "zeroDivision": zd}, family=F)
        mc_case(C, "fbetaScore", 40, 2, "strings", opts={"beta": beta, "average": "binary", "posLabel": "yak"}, family=F)
        mc_case(C, "fbetaScore", 40, 2, "strings+weighted", opts={"beta": beta, "average": "binary", "posLabel": "ant"},
                family=F)
        mc_case(C, "fbetaScore", 40, 2, "plain", opts={"beta": beta}, family=F)  # default average='binary'
        mc_case(C, "fbetaScore", 40, 2, "strings", opts={"beta": beta, "average": "binary"}, family=F, expect_error=True)
        mc_case(C, "fbetaScore", 40, 3, "plain", opts={"beta": beta, "average": "binary"}, family=F, expect_error=True)
        mc_case(C, "fbetaScore", 40, 3, "plain", opts={"beta": beta, "average": "macro", "posLabel": 2}, family=F)
    # confusionMatrix (multiclass): normalize x weights x labels
    for n, k in [(100, 5), (1025, 20)]:
        for norm in ["true", "pred", "all"]:
            for variant in ["plain", "weighted", "strings+missing"]:
                mc_case(C, "confusionMatrix", n, k, variant, opts={"normalize": norm}, family=F)
    mc_case(C, "confusionMatrix", 50, 5, "weighted", opts={"labels": [4, 0, 2], "normalize": "pred"}, family=F)
    # rocAucScore (multiclass) with a flat row-major yScore and nClasses
    for n, k in [(12, 3), (400, 20)]:
        for mc, avg in [("ovr", "macro"), ("ovr", "weighted"), ("ovr", "micro"), ("ovo", "macro"), ("ovo", "weighted")]:
            probs_case(C, "rocAucScore", n, k, "flat", opts={"multiClass": mc, "average": avg}, family=F)
        probs_case(C, "rocAucScore", n, k, "flat+weighted", opts={"multiClass": "ovr", "average": "macro"}, family=F)
        probs_case(C, "rocAucScore", n, k, "flat+strings", opts={"multiClass": "ovo", "average": "macro"}, family=F)
    # rocAucScore binary partial AUC (max_fpr): other labels, booleans, strings, one class, invalid values
    for n in [9, 100]:
        for lab, mf, w in [("25", 0.3, None), ("bool", 0.3, None), ("strings", 0.3, None), ("strings", 0.7, "float"),
                           ("m11", 0.5, "float"), ("oneclass", 0.5, None), ("01", 0, None), ("01", 1.5, None),
                           ("01", -0.1, None)]:
            cid = f"rocAucScore/maxFpr/labels={lab}/n={n}/maxFpr={mf}" + ("" if w is None else f"/w={w}")
            rng = rng_for(cid)
            y01, _ = labels_binary(n, rng)
            y01[0], y01[-1] = 0, 1
            if lab == "oneclass":
                y01[:] = 1
            s_ = scores_for(y01, rng, "ties")
            ydt = "int32"
            if lab == "bool":
                y, ydt = y01.astype(bool), "bool"
            elif lab == "strings":
                y, ydt = [NAMES20[int(v)] for v in y01], "list"
            elif lab in ("25", "m11"):
                y = map_labels(y01, PAIRS[lab])
            else:
                y = y01
            opts, kw = {"maxFpr": mf}, {"max_fpr": mf}
            if w:
                ww = float_weights(n, rng)
                opts["sampleWeight"], kw["sample_weight"] = ww, ww
            yt_sk = list(y) if ydt == "list" else to_sklearn(y, ydt)
            C.add(F, cid, "rocAucScore", [y, s_], [ydt, "float64"], lambda yt_sk=yt_sk, s_=s_, kw=kw: skm.roc_auc_score(yt_sk, s_, **kw),
                  opts, exact=True, expect_error=mf <= 0 or mf > 1)
    # multiclass Brier with rows that do not sum to one (sklearn's warning, no renormalisation)
    for n, k in [(50, 3), (257, 20)]:
        probs_case(C, "brierScoreLoss", n, k, "unnormalised", exact=True, family=F)
        probs_case(C, "brierScoreLoss", n, k, "unnormalised+weighted+strings", exact=True, family=F)
    # binary string labels with 1-D probabilities / scores (logLoss, brierScoreLoss, rocAucScore)
    fns = {"logLoss": skm.log_loss, "brierScoreLoss": skm.brier_score_loss, "rocAucScore": skm.roc_auc_score}
    kwname = {"sampleWeight": "sample_weight", "posLabel": "pos_label", "labels": "labels"}
    for fn, f in fns.items():
        variants = [("plain", {}), ("weighted", {}), ("oneclass", {}), ("three", {})]
        if fn == "logLoss":
            variants += [("oneclass", {"labels": ["ant", "yak"]}), ("plain", {"labels": ["ant", "yak"]}),
                         ("gt1", {}), ("lt0", {})]
        if fn == "brierScoreLoss":
            variants = [(v, {"posLabel": "yak"}) for v, _ in variants] + [
                ("plain", {}), ("plain", {"posLabel": "ant"}), ("weighted", {"posLabel": "ant"}),
                ("plain", {"posLabel": "emu"}), ("plain", {"posLabel": 1}), ("lt0", {"posLabel": "yak"})]
        for n in [7, 129]:
            for variant, o in variants:
                cid = f"{fn}/binary-strings/n={n}/{variant}" + "".join(f"/{a}={b}" for a, b in o.items())
                rng = rng_for(cid)
                y01 = (rng.random(n) < 0.4).astype(np.int64)
                y01[0], y01[-1] = 0, 1
                if variant == "oneclass":
                    y01[:] = 1
                p_ = 1 / (1 + np.exp(-(rng.normal(0, 1.5, n) + 1.5 * (y01 - 0.5))))
                if fn == "rocAucScore":
                    p_ = np.round(p_, 1)  # ties
                if variant == "gt1":
                    p_[2] = 1.25
                if variant == "lt0":
                    p_[3] = -0.25
                names = ["ant", "yak"]
                y = [names[int(v)] for v in y01]
                if variant == "three":
                    y[1] = "bee"
                opts = dict(o)
                kw = {kwname[a]: b for a, b in o.items()}
                if variant == "weighted":
                    w = float_weights(n, rng)
                    opts["sampleWeight"], kw["sample_weight"] = w, w
                bad = variant in ("three", "gt1", "lt0") or (variant == "oneclass" and fn == "logLoss" and "labels" not in o) \
                    or (fn == "brierScoreLoss" and "posLabel" not in o)
                C.add(F, cid, fn, [y, p_], ["list", "float64"], lambda f=f, y=y, p_=p_, kw=kw: f(y, p_, **kw), opts,
                      {"labels": "list"} if "labels" in o else None, exact=fn != "logLoss", expect_error=bad)
    # classificationMetrics 'compact' (multiclass): the default average ('weighted') and a flat yProb with nClasses
    for n, k in [(12, 3), (100, 5), (1025, 20)]:
        for variant in ["plain", "prob", "strings+prob+weighted", "flat", "flat+weighted"]:
            for avg in ([None, "macro"] if variant == "flat" else [None]):
                cid = f"classificationMetrics/mc/n={n}/k={k}/{variant}/average={avg}"
                rng = rng_for(cid)
                y, yp, yt_sk, yp_sk, argd, dtypes = dict_labels(rng, n, k, variant)
                opts = {}
                P = sw = None
                if "prob" in variant or "flat" in variant:
                    P = mc_probs(y, k, rng)
                    if "flat" in variant:
                        argd["yProb"] = P.reshape(-1)
                        dtypes["yProb"] = "float64"
                        opts["nClasses"] = k
                    else:
                        argd["yProb"] = P
                        dtypes["yProb"] = "matrix"
                if "weighted" in variant:
                    sw = float_weights(n, rng)
                    argd["sampleWeight"] = sw
                if avg is not None:
                    opts["average"] = avg
                case = C.add(F, cid, "classificationMetrics", [None], [None],
                             lambda: classification_metrics_mc(yt_sk, yp_sk, P, sw, avg or "weighted"), opts,
                             dtype="float64", exact=True)
                case["args"] = [dict_arg(argd, dtypes)]
                case["argDtypes"] = [dict(dtypes)]



# --------------------------------------------------------------------------- calibration_curve (issue 15)

from sklearn.calibration import calibration_curve as _calibration_curve  # noqa: E402


def _calib(y, p, **kw):
    prob_true, prob_pred = _calibration_curve(y, p, **kw)
    return {"probTrue": prob_true, "probPred": prob_pred}


def calib_probs(kind, y01, rng, n_bins):
    n = len(y01)
    if kind == "prob":
        return 1 / (1 + np.exp(-(rng.normal(0, 1.5, n) + 1.5 * (y01 - 0.5))))
    if kind == "uniform":
        return rng.random(n)
    if kind == "edges":  # many probabilities exactly on the uniform edges i / n_bins
        e = np.linspace(0.0, 1.0, n_bins + 1)
        p = rng.random(n)
        m = rng.random(n) < 0.5
        p[m] = e[rng.integers(0, n_bins + 1, int(m.sum()))]
        return p
    if kind == "ties":
        return np.round(rng.random(n), 2)
    if kind == "alltied":
        return np.full(n, 0.3)
    if kind == "extremes":
        return rng.choice([0.0, 1.0, 0.5, 1e-300, 1 - 2**-53], n)
    raise ValueError(kind)


def calib_case(C, n, kind="prob", strategy=None, n_bins=None, pair="01", ldtype="int32", pdtype="float64",
               pos=None, yfix=None, tag="", expect_error=False):
    cid = f"calibrationCurve/{kind}{tag}/n={n}/labels={pair}/{ldtype}" + ("" if pdtype == "float64" else f"/{pdtype}") + \
        ("" if strategy is None else f"/strategy={strategy}") + ("" if n_bins is None else f"/nBins={n_bins}") + \
        ("" if pos is None else f"/pos={pos}")
    rng = rng_for(cid)
    y01 = np.asarray(yfix, dtype=np.int64) if yfix is not None else (rng.random(n) < 0.4).astype(np.int64)
    p = calib_probs(kind, y01, rng, n_bins or 5)
    if pdtype == "float32":
        p = f32(p)
    if ldtype == "bool":
        y = y01.astype(bool)
    elif pair == "str":
        y = [DET_NAMES[2] if v else DET_NAMES[0] for v in y01]
        ldtype = "list"
    elif pair == "mc":
        y = y01 + (rng.random(n) < 0.3).astype(np.int64) * 2
    else:
        y = map_labels(y01, PAIRS[pair])
    opts, kw = {}, {}
    if pos is not None:
        opts["posLabel"], kw["pos_label"] = pos, pos
    if strategy is not None:
        opts["strategy"], kw["strategy"] = strategy, strategy
    if n_bins is not None:
        opts["nBins"], kw["n_bins"] = n_bins, n_bins
    yt = list(y) if ldtype == "list" else to_sklearn(y, ldtype)
    ps = to_sklearn(p, "float64")
    if expect_error == "classes":  # sklearn raises with more than two labels, or labels beyond {0, 1} without pos_label
        values = set(np.asarray(y).tolist())
        expect_error = len(values) > 2 or (pos is None and not values <= {0, 1})
    C.add("calibration", cid, "calibrationCurve", [y, p], [ldtype, pdtype], lambda: _calib(yt, ps, **kw), opts,
          dtype=pdtype, exact=True, expect_error=expect_error)


def gen_calibration(C):
    for n in SIZES:
        for strategy in [None, "quantile"]:
            calib_case(C, n, strategy=strategy, tag="/sizes")
    for n in MID_SIZES:
        for strategy in ["uniform", "quantile"]:
            for kind in ["prob", "uniform", "edges", "ties", "alltied", "extremes"]:
                for n_bins in [None, 1, 3, 10, 17]:
                    calib_case(C, n, kind=kind, strategy=strategy, n_bins=n_bins)
            calib_case(C, n, strategy=strategy, pdtype="float32")
            calib_case(C, n, strategy=strategy, ldtype="bool")
            calib_case(C, n, strategy=strategy, ldtype="float64")
            calib_case(C, n, strategy=strategy, ldtype="bool", pos=False)
            calib_case(C, n, strategy=strategy, pair="m11")
            calib_case(C, n, strategy=strategy, pair="m11", pos=-1)
            calib_case(C, n, strategy=strategy, pair="25", pos=5)
            calib_case(C, n, strategy=strategy, pair="25", pos=7)  # absent: no positives
            calib_case(C, n, strategy=strategy, pair="str", pos=DET_NAMES[2])
            calib_case(C, n, strategy=strategy, pair="str", pos=DET_NAMES[0], kind="edges", n_bins=10)
            calib_case(C, n, strategy=strategy, pair="str", pos="emu")  # a string absent from y_true
            calib_case(C, n, strategy=strategy, pair="str", pos=1)  # a number never equals a string label
            calib_case(C, n, strategy=strategy, pos="cat")  # a string never equals a number label
            calib_case(C, n, strategy=strategy, n_bins=100, kind="uniform")
            calib_case(C, n, strategy=strategy, pair="25", expect_error=True)  # pos_label not specified
            calib_case(C, n, strategy=strategy, pair="str", expect_error=True)
            calib_case(C, n, strategy=strategy, pair="mc", pos=1, expect_error="classes")  # more than two labels
            calib_case(C, n, strategy=strategy, pair="mc", expect_error="classes")
    for n in [1, 2, 7]:
        for cls in (0, 1):
            calib_case(C, n, yfix=[cls] * n, tag=f"/oneclass={cls}")
            calib_case(C, n, yfix=[cls] * n, tag=f"/oneclass={cls}", strategy="quantile", n_bins=3)
    for strategy in ["uniform", "quantile"]:
        calib_case(C, 20_000, strategy=strategy, n_bins=10)
        calib_case(C, 20_000, kind="ties", strategy=strategy, n_bins=20)
    hand = [
        ([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0], {"nBins": 3}),  # sklearn's docstring
        ([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0], {"nBins": 3, "strategy": "quantile"}),
        ([0, 1, 1, 0, 1], [0.2, 0.4, 0.6, 0.8, 1.0], {"nBins": 5}),  # every probability on an edge
        ([0, 1, 1, 0, 1], [0.0, 0.0, 0.0, 1.0, 1.0], {"nBins": 4, "strategy": "quantile"}),
        ([0, 1], [0.5, 0.5], {"nBins": 1}),
        ([1, 0, 1], [-0.0, 0.0, 1.0], {}),
    ]
    for i, (y, pr, opts) in enumerate(hand):
        kw = {"nBins": "n_bins", "strategy": "strategy", "posLabel": "pos_label"}
        kws = {kw[k]: v for k, v in opts.items()}
        yt, ps = np.asarray(y, np.int32), np.asarray(pr, float)
        C.add("calibration", f"calibrationCurve/hand/{i}", "calibrationCurve", [y, pr], ["int32", "float64"],
              lambda yt=yt, ps=ps, kws=kws: _calib(yt, ps, **kws), dict(opts), None, dtype="float64", exact=True)

    def err(name, y, pr, dt, opts=None):
        opts = dict(opts or {})
        kw = {"nBins": "n_bins", "strategy": "strategy", "posLabel": "pos_label"}
        kws = {kw[k]: v for k, v in opts.items()}
        yt = list(y) if dt[0] == "list" else np.asarray(y, float if dt[0] == "float64" else np.int32)
        C.add("calibration", f"calibrationCurve/{name}", "calibrationCurve", [y, pr], dt,
              lambda: _calib(yt, np.asarray(pr, float), **kws), opts, None, dtype=dt[1], expect_error=True)
    F, IF, SF = ["float64", "float64"], ["int32", "float64"], ["list", "float64"]
    err("nan-yTrue", [1.0, NAN, 0.0], [0.1, 0.2, 0.3], F)
    err("inf-yProb", [1, 0, 0], [0.1, INF, 0.3], IF)
    err("neginf-yProb", [1, 0, 0], [0.1, -INF, 0.3], IF)
    err("gt1", [1, 0, 0], [0.1, 1.5, 0.3], IF)
    err("lt0", [1, 0, 0], [0.1, -0.1, 0.3], IF)
    err("length", [1, 0, 0], [0.1, 0.2], IF)
    err("empty", [], [], IF)
    err("three-labels", [1, 0, 2], [0.1, 0.2, 0.3], IF)
    err("three-labels-pos", [1, 0, 2], [0.1, 0.2, 0.3], IF, {"posLabel": 1})
    err("three-float-labels-pos", [1.0, 0.0, 2.5], [0.1, 0.2, 0.3], F, {"posLabel": 1})
    err("three-labels-pos-gt1", [1, 0, 2], [0.1, 1.2, 0.3], IF, {"posLabel": 1})  # range is checked first
    err("labels-25-no-pos", [2, 5, 5], [0.1, 0.2, 0.3], IF)
    err("labels-float-no-pos", [0.0, 0.5, 0.5], [0.1, 0.2, 0.3], F)
    err("continuous-yTrue", [0.5, 0.2, 1.0], [0.1, 0.2, 0.3], F)
    err("one-class-2", [2, 2, 2], [0.1, 0.2, 0.3], IF)
    err("strings-no-pos", ["cat", "dog", "dog"], [0.1, 0.2, 0.3], SF)
    err("strings-three-no-pos", ["cat", "dog", "yak"], [0.1, 0.2, 0.3], SF)
    err("strings-three-pos", ["cat", "dog", "yak"], [0.1, 0.2, 0.3], SF, {"posLabel": "dog"})
    err("strings-no-pos-quote", ["it's", "dog"], [0.1, 0.2], SF)
    err("nBins-0", [1, 0, 0], [0.1, 0.2, 0.3], IF, {"nBins": 0})
    err("nBins-float", [1, 0, 0], [0.1, 0.2, 0.3], IF, {"nBins": 2.5})
    err("nBins-negative", [1, 0, 0], [0.1, 0.2, 0.3], IF, {"nBins": -3})
    err("strategy-unknown", [1, 0, 0], [0.1, 0.2, 0.3], IF, {"strategy": "foo"})
    err("strategy-and-nBins", [1, 0, 0], [0.1, 0.2, 0.3], IF, {"strategy": "foo", "nBins": 0})
# --------------------------------------------------------------------------- issue 17: the missing single-output functions

def _m17_weights(variant, n, rng, opts, kw, odt):
    if "intw" in variant:
        w = int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    elif "weighted" in variant:
        w = float_weights(n, rng)
    else:
        return
    opts["sampleWeight"] = w
    kw["sample_weight"] = w


def m17_zero_one(C, n, variant="plain", opts=None, expect_error=False):
    F = "missing_fns"
    opts = dict(opts or {})
    cid = f"zeroOneLoss/n={n}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    k = 2 if "binary" in variant else 4
    y, yp = mc_labels(n, k, rng)
    dtype = "int32"
    if "strings" in variant:
        y, yp = as_names(y), as_names(yp)
        dtype = "list"
    kw = {"normalize": opts["normalize"]} if "normalize" in opts else {}
    odt = {}
    _m17_weights(variant, n, rng, opts, kw, odt)
    if "continuous" in variant:
        yp = rng.normal(0, 1, n)
    yt_sk = list(y) if dtype == "list" else np.asarray(y)
    yp_sk = list(yp) if dtype == "list" else np.asarray(yp)
    # normalize=False with float weights: sklearn's weighted count is a BLAS dot product (1e-12)
    exact = not (opts.get("normalize") is False and "weighted" in variant)
    C.add(F, cid, "zeroOneLoss", [y, yp], [dtype, "float64" if "continuous" in variant else dtype],
          lambda: skm.zero_one_loss(yt_sk, yp_sk, **kw), opts, odt, exact=exact, expect_error=expect_error)


def m17_hinge(C, n, k, variant="plain", opts=None, expect_error=False):
    F = "missing_fns"
    opts = dict(opts or {})
    cid = f"hingeLoss/n={n}/k={k}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    y = rng.integers(0, k, n)
    if n >= k and "missing" not in variant:
        y[rng.permutation(n)[:k]] = np.arange(k)
    if "missing" in variant:
        y[y == 1] = 0
    kw = {}
    odt = {}
    if "labels" in opts:
        kw["labels"] = opts["labels"]
        odt["labels"] = "list"
    _m17_weights(variant, n, rng, opts, kw, odt)
    ydt = "int32"
    if k == 2 or "onecol" in variant:
        d = rng.normal(0, 1.5, n) + 1.5 * (y - 0.5)
        if "ties" in variant:
            d = np.round(d)
        pdt = "float64"
        if "pm1" in variant:
            y = np.where(y == 1, 1, -1)
        if "allone" in variant:
            y = np.full(n, 3)
    else:
        d = rng.normal(0, 1, (n, k))
        d[np.arange(n), y] += 1.0
        if "ties" in variant:
            d = np.round(d)
        pdt = "matrix"
    if "shortcols" in variant:
        d = d[:, :-1]
    if "nan" in variant:
        d = np.array(d, dtype=float)
        d.flat[n // 2] = np.nan
    if "strings" in variant:
        y = as_names(y)
        ydt = "list"
    args = [y, d]
    if "flat" in variant:
        pdt = "float64"
        args = [y, d.reshape(-1)]
        opts["nClasses"] = d.shape[1]
    yt_sk = list(y) if ydt == "list" else np.asarray(y)
    C.add(F, cid, "hingeLoss", args, [ydt, pdt], lambda: skm.hinge_loss(yt_sk, d, **kw), opts, odt,
          exact=True, expect_error=expect_error)


def m17_clr(C, n, variant="plain", opts=None, expect_error=False, hand=None):
    F = "missing_fns"
    opts = dict(opts or {})
    cid = f"classLikelihoodRatios/n={n}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    if hand is not None:
        y, yp = np.asarray(hand[0]), np.asarray(hand[1])
    elif "multiclass" in variant:
        y, yp = mc_labels(n, 3, rng)
    else:
        y, yp = labels_binary(n, rng)
        y[:2], yp[:2] = [0, 1], [1, 0]
    dtype = "int32"
    kw = {}
    odt = {}
    if "replaceUndefinedBy" in opts:
        r = opts["replaceUndefinedBy"]
        kw["replace_undefined_by"] = np.nan if isinstance(r, float) and math.isnan(r) else r
    if "labels" in opts:
        kw["labels"] = opts["labels"]
        odt["labels"] = "list"
    _m17_weights(variant, n, rng, opts, kw, odt)
    if "strings" in variant:
        y, yp = map_labels(y, ("neg", "pos")), map_labels(yp, ("neg", "pos"))
        y, yp = list(y), list(yp)
        dtype = "list"
    C.add(F, cid, "classLikelihoodRatios", [y, yp], [dtype, dtype],
          lambda: list(skm.class_likelihood_ratios(y, yp, **kw)), opts, odt, exact=True, expect_error=expect_error)


def m17_auc(C, cid, x, y, dtype="float64", expect_error=False):
    C.add("missing_fns", f"auc/{cid}", "auc", [x, y], [dtype, "float64"],
          lambda: skm.auc(to_sklearn(x, dtype), np.asarray(y, dtype=float)), exact=True, expect_error=expect_error)


def m17_d2reg(C, fn, kind, n, weights=None, opts=None, expect_error=False):
    F = "missing_fns"
    f = {"d2PinballScore": skm.d2_pinball_score, "d2TweedieScore": skm.d2_tweedie_score}[fn]
    opts = dict(opts or {})
    cid = f"{fn}/{kind}/n={n}" + ("" if weights is None else f"/w={weights}") + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    y, p = reg_data(kind, n, rng)
    kw = dict(opts)
    odt = {}
    _m17_weights({"float": "weighted", "int": "intw", "zero": "zerow"}.get(weights, ""), n, rng, opts, kw, odt)
    if weights == "zero":
        w = np.zeros(n)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    exact = fn == "d2PinballScore" or opts.get("power", 0) == 0
    C.add(F, cid, fn, [y, p], ["float64", "float64"], lambda: f(y, p, **kw), opts, odt, exact=exact,
          expect_error=expect_error)


def m17_d2prob(C, fn, n, k, variant="plain", opts=None, expect_error=False):
    F = "missing_fns"
    f = {"d2LogLossScore": skm.d2_log_loss_score, "d2BrierScore": skm.d2_brier_score}[fn]
    opts = dict(opts or {})
    cid = f"{fn}/n={n}/k={k}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    kk = 2 if k == 1 else k
    y = rng.integers(0, kk, n)
    if n >= kk:
        y[rng.permutation(n)[:kk]] = np.arange(kk)
    if "missing" in variant:
        y[y == 1] = 0
    if "oneclass" in variant:
        y[:] = 1
    P = mc_probs(y, kk, rng)
    if "multi3" in variant:
        y = rng.integers(0, 3, n)
    if "edges" in variant:
        P[rng.random((n, kk)) < 0.1] = 0.0
        P[0, :] = 0.0
        P[0, (int(y[0]) + 1) % kk] = 1.0
    if "unnormalised" in variant:
        P = np.minimum(P * 1.01, 1.0)
    if "above" in variant:
        P[0, 0] = 1.5
    if "below" in variant:
        P[0, 0] = -0.25
    kw = {}
    odt = {}
    if "labels" in opts:
        kw["labels"] = opts["labels"]
        odt["labels"] = "list"
    if "posLabel" in opts:
        kw["pos_label"] = opts["posLabel"]
    _m17_weights(variant, n, rng, opts, kw, odt)
    ydt = "int32"
    if "pm1" in variant:
        y = np.where(y == 1, 1, -1)
    if "twothree" in variant:
        y = np.where(y == 1, 3, 2)
    if "strings" in variant:
        y = as_names(y)
        ydt = "list"
    if k == 1:
        P = P[:, 1].copy()
        if "above" in variant:
            P[0] = 1.5
        if "below" in variant:
            P[0] = -0.25
        if "nan" in variant:
            P[n // 2] = np.nan
        pdt = "float64"
        args = [y, P]
    else:
        pdt = "matrix"
        args = [y, P]
        if "flat" in variant:
            pdt = "float64"
            args = [y, P.reshape(-1)]
            opts["nClasses"] = kk
    yt_sk = list(y) if ydt == "list" else np.asarray(y)
    exact = fn == "d2BrierScore"
    C.add(F, cid, fn, args, [ydt, pdt], lambda: f(yt_sk, P, **kw), opts, odt, exact=exact, expect_error=expect_error)


def gen_missing_fns(C):
    """Issue 17: zero_one_loss, hinge_loss, class_likelihood_ratios, auc, d2_pinball_score,
    d2_tweedie_score, d2_log_loss_score, d2_brier_score (family missing_fns)."""
    F = "missing_fns"
    # zero_one_loss
    for n in [1, 2, 7, 9, 100, 129, 1025]:
        for v in ["binary", "plain", "weighted", "intw", "strings"]:
            m17_zero_one(C, n, v)
        m17_zero_one(C, n, "plain", {"normalize": False})
        m17_zero_one(C, n, "weighted", {"normalize": False})
        m17_zero_one(C, n, "intw", {"normalize": False})
    m17_zero_one(C, 20, "continuous", expect_error=True)
    # hinge_loss
    for n in [1, 2, 7, 9, 100, 129, 1025]:
        m17_hinge(C, n, 2)
        m17_hinge(C, n, 2, "pm1")
        m17_hinge(C, n, 2, "weighted")
        for k in [3, 4, 9]:
            if n >= k:
                m17_hinge(C, n, k)
                m17_hinge(C, n, k, "weighted")
    for v in ["ties", "intw", "strings", "allone"]:
        m17_hinge(C, 50, 2, v)
    for v in ["ties", "intw", "strings", "flat"]:
        m17_hinge(C, 50, 4, v)
    m17_hinge(C, 50, 4, "missing", {"labels": [0, 1, 2, 3]})
    m17_hinge(C, 50, 4, "plain", {"labels": [3, 2, 1, 0]})
    m17_hinge(C, 50, 4, "missing", expect_error=True)          # include all labels
    m17_hinge(C, 50, 4, "missing/shortcols", {"labels": [0, 1, 2, 3]}, expect_error=True)
    m17_hinge(C, 50, 4, "onecol", expect_error=True)           # 1-D with multiclass
    m17_hinge(C, 50, 3, "plain", {"labels": [0, 1, 5]}, expect_error=True)  # unseen label
    m17_hinge(C, 50, 4, "nan", expect_error=True)
    m17_hinge(C, 50, 2, "nan", expect_error=True)
    # class_likelihood_ratios
    for n in [2, 7, 9, 100, 129, 1025]:
        m17_clr(C, n)
        m17_clr(C, n, "weighted")
        m17_clr(C, n, "intw")
    m17_clr(C, 40, "strings")
    m17_clr(C, 40, "plain", {"labels": [1, 0]})
    m17_clr(C, 40, "multiclass", expect_error=True)
    hands = {
        "fp0": ([0, 0, 1, 1, 1], [0, 0, 1, 0, 1]),
        "tn0": ([0, 0, 1, 1], [1, 1, 1, 0]),
        "fptp0": ([0, 0, 1, 1], [0, 0, 0, 0]),
        "nopos": ([0, 0, 0, 0], [0, 1, 0, 1]),
        "perfect": ([0, 1, 0, 1], [0, 1, 0, 1]),
        "single": ([1, 1, 1], [1, 1, 1]),
    }
    for name, h in hands.items():
        single = name == "single"
        m17_clr(C, len(h[0]), f"hand-{name}", hand=h, expect_error=single)
        if not single:
            m17_clr(C, len(h[0]), f"hand-{name}", {"replaceUndefinedBy": 1.0}, hand=h)
            m17_clr(C, len(h[0]), f"hand-{name}", {"replaceUndefinedBy": {"LR+": 5.0, "LR-": 0.5}}, hand=h)
    m17_clr(C, 4, "hand-bad", {"replaceUndefinedBy": {"LR+": 0.5, "LR-": 0.5}}, hand=hands["fp0"], expect_error=True)
    m17_clr(C, 4, "hand-bad", {"replaceUndefinedBy": {"LR+": 2.0}}, hand=hands["fp0"], expect_error=True)
    m17_clr(C, 4, "hand-bad", {"replaceUndefinedBy": 2.0}, hand=hands["fp0"], expect_error=True)
    # auc
    for n in [2, 3, 7, 8, 9, 100, 129, 1025, 4000]:
        rng = rng_for(f"auc/n={n}")
        x = np.sort(rng.uniform(0, 1, n))
        y = rng.uniform(0, 1, n)
        m17_auc(C, f"increasing/n={n}", x, y)
        m17_auc(C, f"decreasing/n={n}", x[::-1].copy(), y)
        xt = np.sort(np.round(rng.uniform(0, 5, n)))
        m17_auc(C, f"ties/n={n}", xt, y)
    rng = rng_for("auc/roc")
    yb = (rng.random(300) < 0.4).astype(int)
    fpr, tpr, _ = skm.roc_curve(yb, rng.normal(0, 1, 300) + yb)
    m17_auc(C, "roc", fpr, tpr)
    m17_auc(C, "constant-x", np.ones(5), np.arange(5.0))
    m17_auc(C, "int-x", np.array([1, 2, 4, 8]), np.array([0.5, 1.5, 2.0, 3.0]), dtype="int32")
    m17_auc(C, "one-point", np.array([1.0]), np.array([2.0]), expect_error=True)
    m17_auc(C, "mismatch", np.array([1.0, 2.0, 3.0]), np.array([2.0, 1.0]), expect_error=True)
    m17_auc(C, "neither", np.array([0.0, 1.0, 0.5]), np.array([1.0, 2.0, 3.0]), expect_error=True)
    m17_auc(C, "neither-int", np.array([1, 3, 2]), np.array([1.0, 2.0, 3.0]), dtype="int32", expect_error=True)
    m17_auc(C, "neither-frac", np.array([0.1, 0.25, 0.2, 3.0]), np.array([1.0, 2.0, 3.0, 4.0]), expect_error=True)
    m17_auc(C, "neither-neg", np.array([-1.5, 2.0, 1.0, 100.0]), np.array([1.0, 2.0, 3.0, 4.0]), expect_error=True)
    m17_auc(C, "neither-long", np.arange(40.0) * 0.37 % 3, np.ones(40), expect_error=True)
    # d2_pinball_score / d2_tweedie_score
    for alpha in [0.1, 0.5, 0.9, 0.0, 1.0]:
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for kind in ["normal", "ties"]:
                m17_d2reg(C, "d2PinballScore", kind, n, opts={"alpha": alpha})
        for n in [9, 129, 1025]:
            m17_d2reg(C, "d2PinballScore", "normal", n, weights="float", opts={"alpha": alpha})
            m17_d2reg(C, "d2PinballScore", "ties", n, weights="int", opts={"alpha": alpha})
        m17_d2reg(C, "d2PinballScore", "constant", 8, opts={"alpha": alpha})
        m17_d2reg(C, "d2PinballScore", "constperfect", 8, opts={"alpha": alpha})
        m17_d2reg(C, "d2PinballScore", "perfect", 8, opts={"alpha": alpha})
    m17_d2reg(C, "d2PinballScore", "normal", 20)
    m17_d2reg(C, "d2PinballScore", "normal", 20, opts={"multioutput": "raw_values"})
    m17_d2reg(C, "d2PinballScore", "normal", 20, opts={"multioutput": "uniform_average"})
    m17_d2reg(C, "d2PinballScore", "normal", 20, weights="zero", expect_error=True)
    m17_d2reg(C, "d2PinballScore", "normal", 20, opts={"alpha": 1.5}, expect_error=True)
    # (the 'multioutput' InvalidParameterError prints a Python set, whose order changes with the hash seed:
    # test/issue17.test.ts checks it instead)
    for power in [0, 1, 1.5, 2, 3, -0.5]:
        kinds = ["normal", "ties", "offset"] if power == 0 else (["positive", "withzeros"] if 1 <= power < 2 else ["positive"])
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for kind in kinds:
                if kind == "withzeros":
                    continue
                m17_d2reg(C, "d2TweedieScore", kind, n, opts={"power": power})
        for n in [9, 129, 1025]:
            m17_d2reg(C, "d2TweedieScore", kinds[0], n, weights="float", opts={"power": power})
            m17_d2reg(C, "d2TweedieScore", kinds[0], n, weights="int", opts={"power": power})
        m17_d2reg(C, "d2TweedieScore", "constant", 8, opts={"power": power}, expect_error=power != 1.5)
    m17_d2reg(C, "d2TweedieScore", "positive", 20)
    m17_d2reg(C, "d2TweedieScore", "normal", 20, opts={"power": 1}, expect_error=True)
    m17_d2reg(C, "d2TweedieScore", "normal", 20, opts={"power": 2}, expect_error=True)
    m17_d2reg(C, "d2TweedieScore", "normal", 20, opts={"power": -1}, expect_error=True)
    m17_d2reg(C, "d2TweedieScore", "normal", 20, opts={"power": 0.5}, expect_error=True)
    m17_d2reg(C, "d2TweedieScore", "normal", 20, weights="zero", expect_error=True)
    y = np.array([0.0, 1.0, 0.0, 3.0, 2.0])
    p = np.array([0.5, 1.5, 0.1, 2.0, 2.0])
    C.add(F, "d2TweedieScore/hand/zeros/power=1", "d2TweedieScore", [y, p], ["float64", "float64"],
          lambda: skm.d2_tweedie_score(y, p, power=1), {"power": 1})
    # d2_log_loss_score / d2_brier_score
    for fn in ["d2LogLossScore", "d2BrierScore"]:
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for k in [1, 2, 3, 5, 9]:
                if n >= 2 and n < k:
                    continue
                m17_d2prob(C, fn, n, k)
                if n >= 7:
                    m17_d2prob(C, fn, n, k, "weighted")
        for k in [1, 3]:
            for v in ["edges", "unnormalised", "strings", "intw", "missing"]:
                m17_d2prob(C, fn, 60, k, v, expect_error=(v == "missing" and (k, fn) != (1, "d2BrierScore"))
                           or (v, k, fn) == ("strings", 1, "d2BrierScore"))
        m17_d2prob(C, fn, 60, 4, "flat")
        m17_d2prob(C, fn, 60, 4, "missing", {"labels": [0, 1, 2, 3]})
        m17_d2prob(C, fn, 60, 3, "plain", {"labels": [2, 1, 0]})
        m17_d2prob(C, fn, 60, 3, "plain", {"labels": [0, 1, 2, 5]}, expect_error=True)
        m17_d2prob(C, fn, 60, 3, "plain", {"labels": [0, 1]}, expect_error=True)
        m17_d2prob(C, fn, 60, 4, "missing", expect_error=True)
        m17_d2prob(C, fn, 60, 3, "above", expect_error=True)
        m17_d2prob(C, fn, 60, 3, "below", expect_error=True)
        m17_d2prob(C, fn, 60, 1, "above", expect_error=True)
        m17_d2prob(C, fn, 60, 1, "below", expect_error=True)
        m17_d2prob(C, fn, 60, 1, "nan", expect_error=True)
        m17_d2prob(C, fn, 60, 1, "pm1")
        m17_d2prob(C, fn, 60, 1, "twothree")
        m17_d2prob(C, fn, 60, 3, "oneclass", {"labels": [0, 1, 2]})
    m17_d2prob(C, "d2LogLossScore", 60, 1, "oneclass", expect_error=True)
    m17_d2prob(C, "d2BrierScore", 60, 1, "oneclass")
    m17_d2prob(C, "d2BrierScore", 60, 1, "twothree", {"posLabel": 2})
    m17_d2prob(C, "d2BrierScore", 60, 1, "strings", {"posLabel": "cat"})
    m17_d2prob(C, "d2BrierScore", 60, 1, "plain", {"posLabel": 7})
    m17_d2prob(C, "d2BrierScore", 60, 1, "strings", {"posLabel": None}, expect_error=True)
    m17_d2prob(C, "d2BrierScore", 60, 1, "multi3", expect_error=True)



# --------------------------------------------------------------------------- issue 17: ranking metrics on 2-D inputs

LR_FNS = {
    "coverageError": skm.coverage_error,
    "labelRankingAveragePrecisionScore": skm.label_ranking_average_precision_score,
    "labelRankingLoss": skm.label_ranking_loss,
    "dcgScore": skm.dcg_score,
    "ndcgScore": skm.ndcg_score,
}


def lr_case(C, fn, n, k, variant="plain", opts=None, expect_error=False, hand=None):
    F = "label_ranking"
    opts = dict(opts or {})
    cid = f"{fn}/n={n}/k={k}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = rng_for(cid)
    if hand is not None:
        T, S = np.asarray(hand[0], dtype=float), np.asarray(hand[1], dtype=float)
    else:
        if "graded" in variant:
            T = rng.integers(0, 5, (n, k)).astype(float)
        elif "continuous" in variant:
            T = rng.uniform(0, 3, (n, k))
        else:
            T = (rng.random((n, k)) < rng.uniform(0.1, 0.6)).astype(float)
        if "allzero" in variant:
            T[: max(1, n // 3)] = 0.0
        if "allone" in variant:
            T[: max(1, n // 3)] = 1.0
        S = rng.normal(0, 1, (n, k)) + 0.8 * T
        if "ties" in variant:
            S = np.round(S)
        if "alltied" in variant:
            S[:] = 0.5
        if "negative" in variant:
            T[0, 0] = -1.0
    kw = {}
    odt = {}
    for a, b in opts.items():
        if a in ("nLabels",):
            continue
        kw[{"ignoreTies": "ignore_ties", "logBase": "log_base"}.get(a, a)] = b
    _m17_weights(variant, n, rng, opts, kw, odt)
    if "zerow" in variant:
        w = np.zeros(n)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    args = [T, S]
    dts = ["matrix", "matrix"]
    if "flat" in variant:
        args = [T.reshape(-1), S.reshape(-1)]
        dts = ["float64", "float64"]
        opts["nLabels"] = k
    # exact: counts and numpy-order sums (not the log discounts of DCG, nor BLAS dots)
    exact = fn in ("coverageError", "labelRankingAveragePrecisionScore", "labelRankingLoss")
    C.add(F, cid, fn, args, dts, lambda: LR_FNS[fn](T, S, **kw), opts, odt, exact=exact, expect_error=expect_error)


def gen_label_ranking(C):
    """Issue 17: coverage_error, label_ranking_average_precision_score, label_ranking_loss,
    dcg_score, ndcg_score on n x k matrices (family label_ranking)."""
    for fn in LR_FNS:
        grades = ["graded", "continuous"] if fn in ("dcgScore", "ndcgScore") else []
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for k in [2, 3, 5, 20]:
                if n * k <= 6000:  # (matrices are stored as JSON rows: keep the file small)
                    lr_case(C, fn, n, k)
            lr_case(C, fn, n, 5, "ties")
            if n >= 7:
                lr_case(C, fn, n, 5, "weighted")
                lr_case(C, fn, n, 5, "ties/intw")
            for g in grades:
                lr_case(C, fn, n, 5, g)
                lr_case(C, fn, n, 5, g + "/ties")
        for v in ["allzero", "allone", "alltied", "flat", "allzero/allone/weighted", "ties/flat/weighted"]:
            lr_case(C, fn, 40, 6, v)
        lr_case(C, fn, 40, 1, "plain", expect_error=fn in ("coverageError", "labelRankingLoss", "dcgScore", "ndcgScore"))
        lr_case(C, fn, 40, 4, "graded", expect_error=fn in ("coverageError", "labelRankingAveragePrecisionScore", "labelRankingLoss"))
        lr_case(C, fn, 40, 4, "plain/zerow", expect_error=fn != "labelRankingAveragePrecisionScore")
        if fn in ("dcgScore", "ndcgScore"):
            for kk in [1, 2, 3, 5, 10]:
                lr_case(C, fn, 50, 5, "graded/ties", {"k": kk})
                lr_case(C, fn, 50, 5, "graded", {"k": kk, "ignoreTies": True})
            lr_case(C, fn, 50, 5, "graded", {"ignoreTies": True})
            # (ignoreTies with tied scores: sklearn's order of ties is numpy's unstable argsort,
            # CPU-dependent (x86-simd-sort): not reproduced, documented in docs/parity.md)
            lr_case(C, fn, 50, 5, "graded/weighted", {"ignoreTies": True})
            lr_case(C, fn, 129, 20, "continuous/weighted", {"k": 7})
            lr_case(C, fn, 40, 4, "plain", {"k": 0}, expect_error=True)
            lr_case(C, fn, 40, 4, "graded/negative", expect_error=fn == "ndcgScore")
        if fn == "dcgScore":
            for lb in [10, 0.5, math.e]:
                lr_case(C, fn, 50, 5, "graded/ties", {"logBase": lb})
            lr_case(C, fn, 40, 4, "plain", {"logBase": 0}, expect_error=True)
    hand_t = [[1, 0, 0], [0, 0, 1]]
    hand_s = [[0.75, 0.5, 1], [1, 0.2, 0.1]]
    for fn in ["coverageError", "labelRankingAveragePrecisionScore", "labelRankingLoss"]:
        lr_case(C, fn, 2, 3, "hand", hand=(hand_t, hand_s))
    for fn in ["dcgScore", "ndcgScore"]:
        lr_case(C, fn, 1, 5, "hand", hand=([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 4, 70]]))
        lr_case(C, fn, 1, 5, "hand-ties", hand=([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 70, 70]]))
        lr_case(C, fn, 1, 5, "hand-ties", {"k": 4}, hand=([[10, 0, 0, 1, 5]], [[0.1, 0.2, 0.3, 70, 70]]))


def gen_multilabel_ranking(C):
    """Issue 17: roc_auc_score / average_precision_score on multilabel-indicator targets."""
    import fixtures_multilabel_ranking  # noqa: E402 (scripts/fixtures_multilabel_ranking.py)
    fixtures_multilabel_ranking.gen(C, sys.modules[__name__])


# --------------------------------------------------------------------------- output

def write_file(path, meta, cases):
    lines = [json.dumps(c, allow_nan=False, separators=(",", ":"), ensure_ascii=True) for c in cases]
    head = json.dumps(meta, allow_nan=False, indent=1, sort_keys=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write('{"meta":' + head + ',\n"cases":[\n')
        fh.write(",\n".join(lines))
        fh.write("\n]}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(REPO, "test", "fixtures"))
    ap.add_argument("--only", action="append", help="generate and write only this family (repeatable)")
    args = ap.parse_args()
    if sklearn.__version__ != "1.9.1":
        print(f"warning: expected scikit-learn 1.9.1, running {sklearn.__version__}", file=sys.stderr)
    C = Collector()
    generators = [gen_regression, gen_classification, gen_ranking, gen_distribution, gen_dicts, gen_errors,
                  gen_multiclass, gen_regression_extra, gen_det_curve, gen_multiclass_extra, gen_curve_strings,
                  gen_fuzz_found, gen_multiclass_ap, gen_calibration, gen_missing_fns, gen_label_ranking,
                  gen_multilabel_ranking,
                  __import__("fixtures_multilabel").gen_multilabel]  # issue 17: multilabel-indicator targets
    for gen in generators:
        # --only FAMILY: a generator is skipped unless its name is gen_FAMILY (one family per generator there)
        if args.only and gen.__name__[len("gen_"):] not in args.only:
            continue
        gen(C)
    meta = {
        "generator": "scripts/gen_fixtures.py",
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "python": platform.python_version(),
        "schema": SCHEMA_DOC,
        "defaultQuantiles": DEFAULT_QUANTILES,
    }
    os.makedirs(args.out, exist_ok=True)
    total = 0
    for family in ["regression", "classification", "ranking", "distribution", "dicts", "errors",
                   "multiclass", "multiclass_ranking", "regression_extra", "det_curve",
                   "multiclass_extra", "curve_strings", "fuzz_found", "multiclass_ap", "calibration", "missing_fns", "label_ranking",
                   "multilabel_ranking", "multilabel"]:
        if args.only and family not in args.only:
            continue
        cases = C.files.get(family, [])
        path = os.path.join(args.out, f"{family}.json")
        write_file(path, meta, cases)
        size = os.path.getsize(path)
        total += size
        print(f"wrote {os.path.relpath(path, REPO)}: {len(cases)} cases, {size / 1e6:.2f} MB")
    print(f"total {sum(len(v) for v in C.files.values())} cases, {total / 1e6:.2f} MB")
    __import__("fixtures_multioutput").main(args.out, meta, write_file, Collector, args.only)  # multioutput.json


if __name__ == "__main__":
    main()
