"""Golden fixtures for multilabel-indicator targets (issue 17), family "multilabel".

Called from scripts/gen_fixtures.py (gen_multilabel); writes test/fixtures/multilabel.json
through its Collector. Every expected value, error and warning is produced by real
scikit-learn here: accuracy_score, zero_one_loss, hamming_loss, precision / recall /
f1 / fbeta / jaccard with every average, precision_recall_fscore_support,
multilabel_confusion_matrix (labels, samplewise) and classification_report on n x k
indicator matrices (rows, or flat with nLabels), plus sklearn's errors for the
target-type mixes.
"""

import math

import numpy as np
from sklearn import metrics as skm

import gen_fixtures as G

F = "multilabel"


def prfs_dict(res):
    p, r, f, s = res
    return {"precision": p, "recall": r, "fscore": f, "support": None if s is None else s}


FNS = {
    "accuracyScore": (skm.accuracy_score, None),
    "zeroOneLoss": (skm.zero_one_loss, None),
    "hammingLoss": (skm.hamming_loss, None),
    "precisionScore": (skm.precision_score, None),
    "recallScore": (skm.recall_score, None),
    "f1Score": (skm.f1_score, None),
    "fbetaScore": (skm.fbeta_score, None),
    "jaccardScore": (skm.jaccard_score, None),
    "precisionRecallFscoreSupport": (skm.precision_recall_fscore_support, prfs_dict),
    "multilabelConfusionMatrix": (skm.multilabel_confusion_matrix, None),
    "classificationReport": (skm.classification_report, None),
}
SETWISE = ["precisionScore", "recallScore", "f1Score", "fbetaScore", "jaccardScore", "precisionRecallFscoreSupport"]
KW = {"zeroDivision": "zero_division", "posLabel": "pos_label", "sampleWeight": "sample_weight",
      "targetNames": "target_names", "outputDict": "output_dict", "nBins": "n_bins"}


def indicator(n, k, rng, variant):
    T = (rng.random((n, k)) < rng.uniform(0.15, 0.6)).astype(np.int64)
    flip = rng.uniform(0.05, 0.4)
    P = np.where(rng.random((n, k)) < flip, 1 - T, T)
    if "emptycols" in variant and k >= 3:
        T[:, 0] = 0
        P[:, 0] = 0
        T[:, 1] = 0  # predicted, never true
    if "zerorows" in variant:
        T[: max(1, n // 3)] = 0
        P[n // 4: n // 4 + max(1, n // 3)] = 0
    if "allzero" in variant:
        T[:] = 0
        P[:] = 0
    if "allone" in variant:
        T[:] = 1
        P[:] = 1
    if "perfect" in variant:
        P = T.copy()
    if "vals02" in variant:
        T = T * 2  # {0, 2}: still an indicator for sklearn; accuracy compares values, counts nonzeros
    return T, P


def ml_case(C, fn, n, k, variant="plain", opts=None, expect_error=False, hand=None, exact=True):
    opts = dict(opts or {})
    cid = f"{fn}/ml/n={n}/k={k}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = G.rng_for(cid)
    if hand is not None:
        T, P = (np.asarray(h) for h in hand)
    else:
        T, P = indicator(n, k, rng, variant)
    kw = {}
    odt = {}
    for a, b in opts.items():
        if a == "nLabels":
            continue
        kw[KW.get(a, a)] = b
    if "labels" in opts:
        odt["labels"] = "list"
    if "zeroDivision" in opts and isinstance(opts["zeroDivision"], float) and math.isnan(opts["zeroDivision"]):
        kw["zero_division"] = np.nan
    if "intw" in variant:
        w = G.int_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
        odt["sampleWeight"] = "int32"
    elif "weighted" in variant:
        w = G.float_weights(n, rng)
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    weighted = "sample_weight" in kw
    # sklearn's weighted counts of accuracy(normalize=False), zero_one_loss(normalize=False) and
    # hamming_loss are BLAS dot products (np.dot); ours are pairwise sums: ≤ 1e-12 relative
    if weighted and (fn == "hammingLoss" or (fn in ("accuracyScore", "zeroOneLoss") and opts.get("normalize") is False)):
        exact = False
    f, post = FNS[fn]
    Tsk, Psk = T, P
    if "float" in variant or "flat" in variant:
        Tsk, Psk = T.astype(np.float64), P.astype(np.float64)
    if "bool" in variant:
        Tsk, Psk = T.astype(bool), P.astype(bool)
    if "flat" in variant:
        args = [Tsk.reshape(-1), Psk.reshape(-1)]
        dts = ["int32", "int32"] if "flati32" in variant else ["float64", "float64"]
        opts["nLabels"] = int(T.shape[1]) if T.ndim == 2 else 1
    elif "bool" in variant:
        args = [Tsk.tolist(), Psk.tolist()]
        dts = ["matrix", "matrix"]
    else:
        args = [T if T.ndim == 2 else T, P]
        dts = ["matrix" if np.asarray(T).ndim == 2 else "list", "matrix" if np.asarray(P).ndim == 2 else "list"]

    def call():
        r = f(Tsk, Psk, **kw)
        return post(r) if post else r
    C.add(F, cid, fn, args, dts, call, opts, odt, exact=exact, expect_error=expect_error)


def gen_multilabel(C):
    # every average of the set-wise scores over sizes and widths
    for fn in SETWISE:
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for k in [2, 3, 5, 20]:
                if n * k > 6000:
                    continue
                for avg in ["micro", "macro", "weighted", "samples", None]:
                    o = {"average": avg}
                    if fn == "fbetaScore":
                        o["beta"] = 0.5
                    if fn == "precisionRecallFscoreSupport" and avg is None and n > 9:
                        o["beta"] = 2.0
                    ml_case(C, fn, n, k, "plain", o)
        extra = {"beta": 2.0} if fn == "fbetaScore" else {}
        for avg in ["micro", "macro", "weighted", "samples", None]:
            for v in ["emptycols", "zerorows", "allzero", "allone", "perfect", "weighted", "intw", "zerorows/weighted",
                      "emptycols/zerorows/intw", "flat", "flati32", "bool", "vals02", "float"]:
                ml_case(C, fn, 40, 6, v, {"average": avg, **extra})
            zds = [0.0, 1.0] if fn == "jaccardScore" else [0.0, 1.0, float("nan")]
            for zd in zds:
                ml_case(C, fn, 40, 6, "emptycols/zerorows", {"average": avg, "zeroDivision": zd, **extra})
                ml_case(C, fn, 40, 6, "emptycols/zerorows/weighted", {"average": avg, "zeroDivision": zd, **extra})
            for lab in [[2, 0], [1, 1, 4], [5], []]:
                ml_case(C, fn, 40, 6, "emptycols/zerorows", {"average": avg, "labels": lab, **extra})
            ml_case(C, fn, 40, 6, "plain", {"average": avg, "labels": [6], **extra}, expect_error=True)
            ml_case(C, fn, 40, 6, "plain", {"average": avg, "labels": [-1, 2], **extra}, expect_error=True)
            ml_case(C, fn, 1, 4, "zerorows", {"average": avg, **extra})
            ml_case(C, fn, 30, 6, "plain", {"average": avg, "posLabel": 0, **extra})
        for beta in [0.0, 3.0, math.inf] if fn in ("fbetaScore", "precisionRecallFscoreSupport") else []:
            ml_case(C, fn, 40, 6, "emptycols/zerorows", {"average": "samples", "beta": beta})
            ml_case(C, fn, 40, 6, "emptycols/zerorows/weighted", {"average": "macro", "beta": beta})
        # average='binary' (the default of the scores): sklearn's message for multilabel targets
        if fn != "precisionRecallFscoreSupport":
            ml_case(C, fn, 20, 3, "plain", extra, expect_error=True)
    # accuracy, zero-one loss, Hamming loss
    for fn in ["accuracyScore", "zeroOneLoss", "hammingLoss"]:
        for n in [1, 2, 7, 9, 100, 129, 1025]:
            for k in [2, 3, 5, 20]:
                if n * k <= 6000:
                    ml_case(C, fn, n, k, "plain")
        for v in ["emptycols", "zerorows", "allzero", "allone", "perfect", "weighted", "intw", "flat", "flati32", "bool",
                  "vals02", "float", "zerorows/weighted"]:
            ml_case(C, fn, 40, 6, v)
            if fn != "hammingLoss":
                ml_case(C, fn, 40, 6, v, {"normalize": False})
        ml_case(C, fn, 700, 20, "flat/weighted")
    # multilabel_confusion_matrix
    fn = "multilabelConfusionMatrix"
    for n in [1, 2, 9, 100, 129]:
        for k in [2, 3, 5, 20]:
            ml_case(C, fn, n, k, "plain")
            ml_case(C, fn, n, k, "plain", {"samplewise": True})
    for v in ["emptycols", "zerorows", "allzero", "weighted", "intw", "flat", "flati32", "bool", "vals02"]:
        ml_case(C, fn, 40, 6, v)
        ml_case(C, fn, 40, 6, v, {"samplewise": True})
    for lab in [[2, 0], [1, 1, 4], [5, 4, 3, 2, 1, 0], []]:
        ml_case(C, fn, 40, 6, "weighted", {"labels": lab})
        ml_case(C, fn, 40, 6, "weighted", {"labels": lab, "samplewise": True})
    ml_case(C, fn, 40, 6, "plain", {"labels": [2, 6]}, expect_error=True)
    ml_case(C, fn, 40, 6, "plain", {"labels": [-2]}, expect_error=True)
    # classification_report
    fn = "classificationReport"
    for n, k in [(1, 2), (9, 3), (100, 5), (129, 20)]:
        for v in ["plain", "emptycols/zerorows", "weighted", "intw"]:
            ml_case(C, fn, n, k, v)
            ml_case(C, fn, n, k, v, {"outputDict": True})
    for zd in [0.0, 1.0, float("nan")]:
        ml_case(C, fn, 40, 6, "emptycols/zerorows", {"zeroDivision": zd})
        ml_case(C, fn, 40, 6, "emptycols/zerorows", {"zeroDivision": zd, "outputDict": True})
    ml_case(C, fn, 40, 6, "plain", {"labels": [3, 1], "targetNames": ["d", "b"]})
    ml_case(C, fn, 40, 6, "plain", {"labels": [3, 1], "targetNames": ["d", "b", "x"]})
    ml_case(C, fn, 40, 6, "plain", {"labels": [3, 1], "outputDict": True})
    ml_case(C, fn, 40, 6, "plain", {"digits": 4})
    ml_case(C, fn, 40, 6, "plain", {"targetNames": ["a", "b"]}, expect_error=True)
    ml_case(C, fn, 40, 6, "flat/weighted", {"outputDict": True})
    # n x 1 matrices are column vectors (1-D targets for sklearn)
    for fn in ["accuracyScore", "f1Score", "hammingLoss", "multilabelConfusionMatrix", "jaccardScore"]:
        ml_case(C, fn, 30, 1, "plain")
        ml_case(C, fn, 30, 1, "flat")
    ml_case(C, "f1Score", 30, 1, "plain", {"average": "samples"}, expect_error=True)
    ml_case(C, "multilabelConfusionMatrix", 30, 1, "plain", {"samplewise": True}, expect_error=True)
    # sklearn's target-type errors
    Y = [[1, 0, 1], [0, 1, 0], [0, 0, 0]]
    P = [[1, 0, 0], [0, 1, 1], [0, 0, 0]]
    errs = {
        "mix-1d-multiclass": ([0, 1, 2], P),
        "mix-2d-1d-binary": (Y, [0, 1, 1]),
        "mix-multiclass-multioutput": ([[0, 2, 0], [1, 0, 1], [0, 0, 0]], P),
        "multiclass-multioutput": ([[0, 2, 0], [1, 3, 1], [0, 0, 0]], [[0, 2, 0], [1, 3, 1], [0, 0, 0]]),
        "continuous-multioutput": ([[0.5, 1, 0], [1, 0, 1], [0, 0, 0]], [[0.5, 1, 0], [1, 0, 1], [0, 0, 0]]),
        "pred-continuous": (Y, [[0.5, 1, 0], [1, 0, 1], [0, 0, 0]]),
        "widths": ([[0, 1], [1, 0], [0, 0]], P),
        "width-1-vs-3": ([[0], [1], [1]], P),
        "nan-true": ([[float("nan"), 1, 0], [1, 0, 1], [0, 0, 0]], P),
        "inf-pred": (Y, [[1, 0, 0], [0, float("inf"), 1], [0, 0, 0]]),
        "nan-pred-after-mcmo-true": ([[0, 2, 0], [1, 3, 1], [0, 0, 0]], [[float("nan"), 1, 0], [1, 0, 1], [0, 0, 0]]),
        "length": (Y, P[:2]),
        "big-integral": ([[0, 2.0 ** 63, 0], [2.0 ** 63, 0, 0], [0, 0, 0]], [[0, 2.0 ** 63, 0], [2.0 ** 63, 0, 0], [0, 0, 0]]),
    }
    for name, (yt, yp) in errs.items():
        for fn, o in [("accuracyScore", {}), ("f1Score", {"average": "macro"}), ("multilabelConfusionMatrix", {}),
                      ("hammingLoss", {}), ("jaccardScore", {"average": "samples"}), ("classificationReport", {})]:
            ml_case(C, fn, 3, 3, f"err-{name}", o, expect_error=True, hand=(yt, yp))
    for fn, o in [("accuracyScore", {}), ("f1Score", {"average": "samples"}), ("multilabelConfusionMatrix", {}), ("hammingLoss", {})]:
        ml_case(C, fn, 3, 3, "err-weights-length", {**o, "sampleWeight": [1.0, 2.0]}, expect_error=True, hand=(Y, P))
        ml_case(C, fn, 3, 3, "err-weights-zero", {**o, "sampleWeight": [0.0, 0.0, 0.0]}, expect_error=True, hand=(Y, P))
        ml_case(C, fn, 3, 3, "err-weights-nan", {**o, "sampleWeight": [1.0, float("nan"), 0.0]}, expect_error=True, hand=(Y, P))
    # weights summing to zero (not all zero)
    for fn, o, err in [("accuracyScore", {}, True), ("f1Score", {"average": "samples"}, False), ("jaccardScore", {"average": "samples"}, True),
                       ("hammingLoss", {}, False), ("zeroOneLoss", {}, True), ("f1Score", {"average": "macro"}, False)]:
        ml_case(C, fn, 3, 3, "sumzero", {**o, "sampleWeight": [-1.0, 1.0, 0.0]}, expect_error=err, hand=(Y, P))
    # the doc examples
    ml_case(C, "multilabelConfusionMatrix", 2, 3, "doc", hand=([[1, 0, 1], [0, 1, 0]], [[1, 0, 0], [0, 1, 1]]))
    ml_case(C, "f1Score", 3, 3, "doc", {"average": "samples"}, hand=(Y, P))
    ml_case(C, "accuracyScore", 2, 2, "doc", hand=([[0, 1], [1, 1]], [[1, 1], [1, 1]]))
    ml_case(C, "hammingLoss", 2, 2, "doc", hand=([[0, 1], [1, 1]], [[0, 0], [0, 0]]))
    ml_case(C, "jaccardScore", 3, 3, "doc", {"average": "samples"}, hand=(Y, P))
    ml_case(C, "classificationReport", 3, 3, "doc", {"zeroDivision": 0.0}, hand=(Y, P))
    gen_target_checks(C)


# ---------------------------------------------------------------------------
# Issue 17: the metrics of 1-D targets given 2-D ones — sklearn's type-of-target
# rules and input errors, word for word (_check_targets, column_or_1d,
# _binary_clf_curve's "<type> format is not supported"); n x 1 columns are values.

def _sk_calibration_curve(yt, yp, **kw):
    from sklearn.calibration import calibration_curve
    pt, pp = calibration_curve(yt, yp, **kw)
    return {"probTrue": pt, "probPred": pp}


def _curve(f, names):
    def call(yt, yp, **kw):
        return dict(zip(names, f(yt, yp, **kw)))
    return call


def _clr(yt, yp, **kw):
    return list(skm.class_likelihood_ratios(yt, yp, **kw))


CHECK_FNS = {
    "confusionMatrix": skm.confusion_matrix,
    "matthewsCorrcoef": skm.matthews_corrcoef,
    "balancedAccuracyScore": skm.balanced_accuracy_score,
    "cohenKappaScore": skm.cohen_kappa_score,
    "classLikelihoodRatios": _clr,
    "classificationReport": skm.classification_report,
    "hingeLoss": skm.hinge_loss,
    "topKAccuracyScore": skm.top_k_accuracy_score,
    "brierScoreLoss": skm.brier_score_loss,
    "d2BrierScore": skm.d2_brier_score,
    "rocCurve": _curve(skm.roc_curve, ["fpr", "tpr", "thresholds"]),
    "precisionRecallCurve": _curve(skm.precision_recall_curve, ["precision", "recall", "thresholds"]),
    "detCurve": _curve(skm.det_curve, ["fpr", "fnr", "thresholds"]),
    "calibrationCurve": _sk_calibration_curve,
}


def check_case(C, fn, name, yt, yp, opts=None, expect_error=True):
    opts = dict(opts or {})
    cid = f"{fn}/targets/{name}" + "".join(f"/{a}={b}" for a, b in opts.items() if a != "sampleWeight")
    if "sampleWeight" in opts:
        cid += f"/sw={len(opts['sampleWeight'])}"
    kw = {KW.get(a, a): b for a, b in opts.items() if a != "nLabels"}
    if "nLabels" in opts:
        # flat row-major with nLabels (float64); sklearn gets the n x k matrix
        Tsk, Psk = np.asarray(yt, dtype=np.float64), np.asarray(yp, dtype=np.float64)
        args = [Tsk.reshape(-1), Psk.reshape(-1) if Psk.ndim == 2 else Psk]
        dts = ["float64", "float64"]
    else:
        Tsk, Psk = np.asarray(yt), np.asarray(yp)
        args = [yt, yp]
        dts = ["matrix" if Tsk.ndim == 2 else "list", "matrix" if Psk.ndim == 2 else "list"]
    f = CHECK_FNS[fn]
    C.add(F, cid, fn, args, dts, lambda: f(Tsk, Psk, **kw), opts, exact=True, expect_error=expect_error)


def gen_target_checks(C):
    Y = [[1, 0, 1], [0, 1, 0], [0, 0, 0]]
    P = [[1, 0, 0], [0, 1, 1], [0, 0, 0]]
    MC = [[0, 2, 0], [1, 3, 1], [0, 0, 0]]
    CM = [[0.5, 1, 0], [1, 0, 1], [0, 0, 0]]
    PR = [[0.9, 0.1, 0.8], [0.2, 0.7, 0.6], [0.1, 0.2, 0.3]]
    B = [[True, False, True], [False, True, False], [False, False, False]]
    NAN = [[float("nan"), 1, 0], [1, 0, 1], [0, 0, 0]]
    one = [0.2, 0.5, 0.9]
    # the _check_targets metrics of 1-D targets: confusion_matrix & co.
    for fn in ["confusionMatrix", "matthewsCorrcoef", "balancedAccuracyScore", "cohenKappaScore", "classLikelihoodRatios"]:
        cases = {
            "multilabel-indicator": (Y, P), "bool-rows": (B, B), "multiclass-multioutput": (MC, MC),
            "mix-1d-2d": ([0, 1, 1], P), "mix-2d-1d": (Y, [0, 1, 1]), "mix-2d-multiclass": (Y, [0, 1, 2]),
            "mix-2d-continuous-multioutput": (Y, PR), "mix-2d-continuous": (Y, one),
            "continuous-multioutput": (CM, CM), "widths": ([[0, 1], [1, 0], [0, 0]], P), "nan-true": (NAN, P),
            "length": (Y, P[:2]),
        }
        for name, (yt, yp) in cases.items():
            check_case(C, fn, name, yt, yp)
        check_case(C, fn, "multilabel-indicator", Y, P, {"nLabels": 3})
        check_case(C, fn, "multilabel-indicator", Y, P, {"sampleWeight": [1.0, 2.0, 3.0]})
        check_case(C, fn, "multilabel-indicator", Y, P, {"sampleWeight": [1.0, 2.0]})
        check_case(C, fn, "column", [[0], [1], [1], [0], [1]], [[0], [1], [0], [0], [1]], expect_error=False)
    check_case(C, "classificationReport", "mix-2d-continuous-multioutput", Y, PR)
    check_case(C, "classificationReport", "mix-2d-continuous", Y, one)
    # column_or_1d(y_true): hinge_loss, top_k_accuracy_score, the binary Brier scores
    for fn in ["hingeLoss", "topKAccuracyScore"]:
        for name, (yt, yp) in {"multilabel-indicator": (Y, PR), "multiclass-multioutput": (MC, PR), "mix-2d-1d": (Y, one)}.items():
            check_case(C, fn, name, yt, yp)
    check_case(C, "hingeLoss", "column", [[0], [1], [1], [0]], [-0.3, 0.4, 1.7, 0.2], expect_error=False)
    check_case(C, "topKAccuracyScore", "column", [[0], [1], [2], [2]], [[0.5, 0.2, 0.3], [0.3, 0.4, 0.3], [0.2, 0.4, 0.4], [0.7, 0.2, 0.1]],
               {"k": 2}, expect_error=False)
    for fn in ["brierScoreLoss", "d2BrierScore"]:
        check_case(C, fn, "mix-2d-1d", Y, one)
        check_case(C, fn, "multiclass-multioutput-1d", MC, one)
        check_case(C, fn, "column", [[0], [1], [1], [0]], [0.1, 0.9, 0.6, 0.3], expect_error=False)
    # the binary curves: type_of_target(y_true), then column_or_1d(y_score)
    for fn in ["rocCurve", "precisionRecallCurve", "detCurve"]:
        cases = {
            "multilabel-indicator": (Y, PR), "bool-rows": (B, PR), "multiclass-multioutput": (MC, PR),
            "continuous-multioutput": (CM, PR), "mix-2d-1d": (Y, one), "mix-1d-2d": ([0, 1, 1], PR),
        }
        for name, (yt, yp) in cases.items():
            check_case(C, fn, name, yt, yp)
        check_case(C, fn, "column", [[0], [1], [1], [0]], [[0.1], [0.9], [0.6], [0.3]], expect_error=False)
    # calibration_curve: column_or_1d of both
    for name, (yt, yp) in {"multilabel-indicator": (Y, PR), "mix-1d-2d": ([0, 1, 1], PR), "mix-2d-1d": (Y, one)}.items():
        check_case(C, "calibrationCurve", name, yt, yp)
    check_case(C, "calibrationCurve", "column", [[0], [1], [1], [0]], [[0.1], [0.9], [0.6], [0.3]], {"nBins": 2}, expect_error=False)
