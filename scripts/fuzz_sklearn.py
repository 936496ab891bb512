#!/usr/bin/env python3
"""Differential fuzzing against live scikit-learn: the Python half.

Generates random cases for every metric, runs real scikit-learn / numpy on them
and streams each case (inputs + sklearn's result or error) to stdout as binary
frames, for scripts/fuzz-sklearn.mjs (or test/fuzz-sklearn.test.ts) to replay
through mlmetrics. One Python process for the whole run; no files.

Frame: u32 LE header length, UTF-8 JSON header, then the f64 LE payload: the
arrays listed in header["arrays"] (inputs, then sampleWeight, then expected
outputs) back to back, each with its length.

Usage: .venv/bin/python scripts/fuzz_sklearn.py --seed 1 --cases 10000 --max-n 100000 [--metrics a,b] [--start i]

Case generators (per metric, each case from its own numpy Generator seeded with
(seed, metric index, case index)): sizes log-uniform in 1..max-n; scales
10^U(-9, 9); offsets up to 10^9 times the scale; ties (values rounded to a few
levels), exact zeros, exact hits (yPred == yTrue); float32 input (values rounded
to f32, given to sklearn widened to f64, to us as Float32Array); labels {0, 1},
{-1, 1}, one class only, and multiclass for accuracy / confusion matrix; half of
the cases of weighted metrics carry sample weights (integers or floats over six
decades, a random share of them exactly zero, sometimes all zero so that sklearn
raises). Where sklearn raises, the header carries its message.

The issue-5 metrics (REG_EXTRA, MULTI_LABEL, MULTI_PROB, appended last so the
earlier metrics keep their seeds): regression targets in each metric's domain
with a tenth of the cases outside it; 2-8 classes with skewed priors, classes
missing from one side, every average, labels, zero_division, beta, kappa
weights; 3-8-class probability matrices sent flat with nClasses. Deviance-type
metrics also carry a "scale" (condition_scale) for the Node side's
|ours - sklearn| / scale report.
"""

import argparse
import json
import math
import struct
import sys
import warnings

import numpy as np
from sklearn import metrics as skm

REG = {
    "meanSquaredError": (skm.mean_squared_error, True),
    "rootMeanSquaredError": (skm.root_mean_squared_error, True),
    "meanAbsoluteError": (skm.mean_absolute_error, True),
    "meanAbsolutePercentageError": (skm.mean_absolute_percentage_error, True),
    "r2Score": (skm.r2_score, True),
    "explainedVarianceScore": (skm.explained_variance_score, True),
    "maxError": (skm.max_error, False),
    "medianAbsoluteError": (skm.median_absolute_error, True),
}
EXACT = {"meanSquaredError", "rootMeanSquaredError", "meanAbsoluteError", "r2Score"}
LABEL = {
    "accuracyScore": skm.accuracy_score,
    "precisionScore": skm.precision_score,
    "recallScore": skm.recall_score,
    "f1Score": skm.f1_score,
    "confusionMatrix": skm.confusion_matrix,
}
MULTICLASS_OK = {"accuracyScore", "confusionMatrix"}
SCORE = {
    "rocAucScore": lambda y, s, **kw: {"value": skm.roc_auc_score(y, s, **kw)},
    "averagePrecisionScore": lambda y, s, **kw: {"value": skm.average_precision_score(y, s, **kw)},
    "rocCurve": lambda y, s, **kw: dict(zip(["fpr", "tpr", "thresholds"], skm.roc_curve(y, s, **kw))),
    "precisionRecallCurve": lambda y, s, **kw: dict(
        zip(["precision", "recall", "thresholds"], skm.precision_recall_curve(y, s, **kw))),
    "detCurve": lambda y, s, **kw: dict(zip(["fpr", "fnr", "thresholds"], skm.det_curve(y, s, **kw))),
}
PROB = {
    "logLoss": skm.log_loss,
    "brierScoreLoss": skm.brier_score_loss,
}
# Issue-5 metrics. A row name may differ from the function it calls ("logLoss/multiclass"
# calls logLoss): the header's "call" names the function.
REG_EXTRA = {
    "meanSquaredLogError": skm.mean_squared_log_error,
    "rootMeanSquaredLogError": skm.root_mean_squared_log_error,
    "meanPinballLoss": skm.mean_pinball_loss,
    "d2AbsoluteErrorScore": skm.d2_absolute_error_score,
    "meanPoissonDeviance": skm.mean_poisson_deviance,
    "meanGammaDeviance": skm.mean_gamma_deviance,
    "meanTweedieDeviance": skm.mean_tweedie_deviance,
}
MULTI_LABEL = {
    "fbetaScore": skm.fbeta_score,
    "jaccardScore": skm.jaccard_score,
    "balancedAccuracyScore": skm.balanced_accuracy_score,
    "matthewsCorrcoef": skm.matthews_corrcoef,
    "cohenKappaScore": skm.cohen_kappa_score,
    "hammingLoss": skm.hamming_loss,
}
MULTI_PROB = {
    "logLoss/multiclass": ("logLoss", skm.log_loss),
    "brierScoreLoss/multiclass": ("brierScoreLoss", skm.brier_score_loss),
    "rocAucScore/multiclass": ("rocAucScore", skm.roc_auc_score),
    "topKAccuracyScore": ("topKAccuracyScore", skm.top_k_accuracy_score),
    "averagePrecisionScore/multiclass": ("averagePrecisionScore", skm.average_precision_score),
}
# Issue-17 functions (appended last: the earlier metrics keep their seeds).
ISSUE17 = ["zeroOneLoss", "hingeLoss", "classLikelihoodRatios", "auc", "d2PinballScore", "d2TweedieScore",
           "d2LogLossScore", "d2BrierScore"]
RANK2D = {
    "coverageError": skm.coverage_error,
    "labelRankingAveragePrecisionScore": skm.label_ranking_average_precision_score,
    "labelRankingLoss": skm.label_ranking_loss,
    "dcgScore": skm.dcg_score,
    "ndcgScore": skm.ndcg_score,
}
# Issue 17: roc_auc_score / average_precision_score with multilabel-indicator targets.
# Multi-output regression (n x m targets sent flat with nOutputs, and the multioutput option):
# row "<fn>/multioutput" calls <fn>. Generator: scripts/fuzz_multioutput.py.
from fuzz_multioutput import MULTIOUT, gen_multioutput  # noqa: E402
MULTILABEL_RANK = {
    "rocAucScore/multilabel": ("rocAucScore", skm.roc_auc_score),
    "averagePrecisionScore/multilabel": ("averagePrecisionScore", skm.average_precision_score),
}
# Issue 17: multilabel-indicator targets (n x k 0/1 matrices sent flat with nLabels); row → (function, sklearn)
MULTILABEL = {
    "accuracyScore/multilabel": ("accuracyScore", skm.accuracy_score),
    "zeroOneLoss/multilabel": ("zeroOneLoss", skm.zero_one_loss),
    "hammingLoss/multilabel": ("hammingLoss", skm.hamming_loss),
    "precisionScore/multilabel": ("precisionScore", skm.precision_score),
    "recallScore/multilabel": ("recallScore", skm.recall_score),
    "f1Score/multilabel": ("f1Score", skm.f1_score),
    "fbetaScore/multilabel": ("fbetaScore", skm.fbeta_score),
    "jaccardScore/multilabel": ("jaccardScore", skm.jaccard_score),
    "precisionRecallFscoreSupport/multilabel": ("precisionRecallFscoreSupport", skm.precision_recall_fscore_support),
    "multilabelConfusionMatrix/multilabel": ("multilabelConfusionMatrix", skm.multilabel_confusion_matrix),
}
CALLS = {k: v[0] for d in (MULTI_PROB, MULTILABEL_RANK, MULTILABEL) for k, v in d.items()}
# (metrics added later go last: a metric's index seeds its cases, so the others keep theirs)
ALL = list(REG) + list(LABEL) + [k for k in SCORE if k != "detCurve"] + list(PROB) + ["scoreDistribution", "detCurve"] + \
    list(REG_EXTRA) + list(MULTI_LABEL) + list(MULTI_PROB) + ISSUE17 + list(RANK2D) + list(MULTIOUT) + list(MULTILABEL_RANK) + list(MULTILABEL)
DEFAULT_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]


def size(rng, max_n):
    return int(min(max_n, max(1, round(math.exp(rng.uniform(0, math.log(max_n)))))))


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def scale_offset(rng):
    scale = 10.0 ** rng.uniform(-9, 9)
    r = rng.random()
    offset = 0.0 if r < 0.5 else float(rng.choice([-1, 1]) * scale * 10.0 ** rng.uniform(0, 9))
    return scale, offset


def continuous(rng, n, scale, offset):
    kind = rng.random()
    if kind < 0.2:  # ties: a few levels
        return offset + scale * np.round(rng.normal(0, 2, n))
    if kind < 0.25:  # all equal
        return np.full(n, offset + scale * rng.normal())
    if kind < 0.35:  # wide dynamic range inside one array
        return offset + rng.normal(0, 1, n) * scale * 10.0 ** rng.uniform(-6, 6, n)
    return offset + scale * rng.normal(0, 1, n)


def weights(rng, n):
    """Half integer, half float weights; a random share exactly zero (all zero sometimes)."""
    if rng.random() < 0.5:
        w = rng.integers(0, 5, n).astype(np.float64)
    else:
        w = rng.uniform(0, 1, n) * 10.0 ** rng.uniform(-3, 3)
    w[rng.random(n) < rng.choice([0.0, 0.1, 0.5, 0.9])] = 0.0
    return w


def labels01(rng, n):
    p = rng.choice([0.5, rng.uniform(0.01, 0.99), 0.0, 1.0], p=[0.4, 0.5, 0.05, 0.05])
    y = (rng.random(n) < p).astype(np.int64)
    return y


def gen_case(fn, rng, max_n):
    """Returns (inputs, dtypes, sample_weight or None, options, call)."""
    n = size(rng, max_n)
    use_w = rng.random() < 0.5
    opts = {}
    if fn in REG:
        f, takes_w = REG[fn]
        scale, offset = scale_offset(rng)
        y = continuous(rng, n, scale, offset)
        noise = 10.0 ** rng.uniform(-4, 1)
        p = y + scale * noise * rng.normal(0, 1, n)
        if rng.random() < 0.2:
            hit = rng.random(n) < 0.5
            p[hit] = y[hit]
        if fn == "meanAbsolutePercentageError" and rng.random() < 0.2:
            y[rng.random(n) < 0.2] = 0.0
        dt = "f32" if rng.random() < 0.15 else "f64"
        if dt == "f32":
            y, p = f32(y), f32(p)
        w = weights(rng, y.size) if (takes_w and use_w) else None
        kw = {} if w is None else {"sample_weight": w}
        return [y, p], [dt, dt], w, opts, (lambda: {"value": f(y, p, **kw)}), (fn in EXACT and w is None)
    if fn in LABEL:
        f = LABEL[fn]
        if fn in MULTICLASS_OK and rng.random() < 0.3:
            k = int(rng.integers(3, 8))
            y = rng.integers(0, k, n)
            p = np.where(rng.random(n) < 0.6, y, rng.integers(0, k, n))
            vals = np.sort(rng.choice(np.arange(-5, 50), size=k, replace=False))
            y, p = vals[y], vals[p]
        else:
            y = labels01(rng, n)
            p = np.where(rng.random(n) < rng.uniform(0, 0.5), 1 - y, y)
            if rng.random() < 0.2:
                y, p = 2 * y - 1, 2 * p - 1
        y, p = y.astype(np.float64), p.astype(np.float64)
        w = weights(rng, n) if use_w else None
        kw = {} if w is None else {"sample_weight": w}
        if fn != "confusionMatrix" and fn != "accuracyScore":
            kw["zero_division"] = 0.0
            opts["zeroDivision"] = 0
        return [y, p], ["f64", "f64"], w, opts, (lambda: {"value": np.asarray(f(y, p, **kw), dtype=np.float64)}), False
    if fn in SCORE or fn in PROB:
        y = labels01(rng, n)
        if rng.random() < 0.2:
            y = 2 * y - 1
        pos = (y == y.max()).astype(np.float64) if y.max() > 0 else np.zeros(n)
        if fn in PROB:
            s = 1 / (1 + np.exp(-(rng.normal(0, 2, n) + rng.uniform(0, 3) * (pos - 0.5))))
            r = rng.random()
            if r < 0.2:
                m = rng.random(n)
                s[m < 0.1] = 0.0
                s[m > 0.9] = 1.0
            elif r < 0.3:
                s = np.round(s, 1)
            elif r < 0.4:
                s = s * 10.0 ** rng.uniform(-9, 0)
        else:
            scale, offset = scale_offset(rng)
            s = offset + scale * (rng.normal(0, 1, n) + rng.uniform(0, 3) * pos)
            r = rng.random()
            if r < 0.25:
                s = offset + scale * np.round(rng.normal(0, 1, n) + pos, int(rng.integers(0, 2)))
            elif r < 0.3:
                s = np.full(n, offset)
        dt = "f32" if rng.random() < 0.15 else "f64"
        if dt == "f32":
            s = f32(s)
            if not np.all(np.isfinite(s)):
                s = np.where(np.isfinite(s), s, 0.0)
        y = y.astype(np.float64)
        w = weights(rng, n) if use_w else None
        kw = {} if w is None else {"sample_weight": w}
        if fn in SCORE:
            f = SCORE[fn]
            return [y, s], ["f64", dt], w, opts, (lambda: f(y, s, **kw)), False
        f = PROB[fn]
        if fn == "logLoss" and np.all(y == y[0]):
            kw["labels"] = [-1.0, 1.0] if y.min() < 0 else [0.0, 1.0]
            opts["labels"] = kw["labels"]
        return [y, s], ["f64", dt], w, opts, (lambda: {"value": f(y, s, **kw)}), False
    if fn == "scoreDistribution":
        scale, offset = scale_offset(rng)
        x = continuous(rng, n, scale, offset)
        dt = "f32" if rng.random() < 0.15 else "f64"
        if dt == "f32":
            x = f32(x)
            x = np.where(np.isfinite(x), x, 0.0)
        qs = DEFAULT_QUANTILES
        if rng.random() < 0.3:
            qs = sorted(set(float(q) for q in rng.choice([0.0, 1.0, rng.random(), rng.random(), 0.5], size=3)))
            opts["quantiles"] = qs
        bins = 10
        if rng.random() < 0.3:
            bins = int(rng.choice([1, 2, 7, 100, 1000]))
            opts["bins"] = bins

        def dist():
            counts, edges = np.histogram(x, bins=bins)
            return {
                "count": [x.size], "min": [np.min(x)], "max": [np.max(x)], "mean": [np.mean(x)],
                "std": [np.std(x)],
                "quantiles": np.quantile(x, np.asarray(qs, dtype=np.float64), method="linear"),
                "counts": counts, "edges": edges,
            }
        return [x], [dt], None, opts, dist, False
    if fn in REG_EXTRA:
        return gen_reg_extra(fn, rng, n, use_w)
    if fn in MULTI_LABEL:
        return gen_multi_label(fn, rng, n, use_w)
    if fn in MULTI_PROB:
        return gen_multi_prob(fn, rng, n, use_w)
    if fn in ISSUE17:
        return gen_issue17(fn, rng, n, use_w)
    if fn in RANK2D:
        return gen_rank2d(fn, rng, n, use_w)
    if fn in MULTIOUT:
        return gen_multioutput(fn, rng, n, use_w, continuous, scale_offset, weights, condition_scale)
    if fn in MULTILABEL_RANK:
        return gen_multilabel_rank(fn, rng, n, use_w)
    if fn in MULTILABEL:
        return gen_multilabel(fn, rng, n, use_w)
    raise ValueError(fn)


def gen_reg_extra(fn, rng, n, use_w):
    """Targets in each metric's domain (a few cases outside it, so that sklearn raises)."""
    f = REG_EXTRA[fn]
    opts, kw = {}, {}
    scale = 10.0 ** rng.uniform(-6, 6)
    y = np.abs(continuous(rng, n, scale, 0.0))
    p = np.abs(y + scale * 10.0 ** rng.uniform(-4, 0) * rng.normal(0, 1, n))
    if fn == "meanPinballLoss":
        scale, offset = scale_offset(rng)
        y = continuous(rng, n, scale, offset)
        p = y + scale * rng.normal(0, 1, n)
        alpha = float(rng.choice([0.5, 0.1, 0.9, rng.uniform(0, 1)]))
        kw["alpha"] = opts["alpha"] = alpha
    elif fn == "d2AbsoluteErrorScore":
        scale, offset = scale_offset(rng)
        y = continuous(rng, n, scale, offset)
        p = y + scale * 10.0 ** rng.uniform(-3, 1) * rng.normal(0, 1, n)
    elif fn == "meanTweedieDeviance":
        power = float(rng.choice([0.0, 1.0, 1.5, 2.0, 3.0, -0.5, 0.5]))
        # JavaScript has one number type: an integral power is the Python int (as in
        # sklearn's messages, "power=3"), any other the float
        power = int(power) if power.is_integer() else power
        kw["power"] = opts["power"] = power
        if power != 0 and rng.random() < 0.5:
            p = p + scale  # strictly positive predictions
        if power >= 2:
            y = y + scale
    elif fn in ("meanPoissonDeviance", "meanGammaDeviance"):
        p = p + scale
        if fn == "meanGammaDeviance":
            y = y + scale
    if rng.random() < 0.1:  # outside the domain: negative (or zero) values somewhere
        tgt = y if rng.random() < 0.5 else p
        tgt[int(rng.integers(n))] = -float(rng.choice([0.0, 0.5, 1.0, 2.0])) * scale
    dt = "f32" if rng.random() < 0.1 else "f64"
    if dt == "f32":
        y, p = f32(y), f32(p)
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w

    def call():
        v = f(y, p, **kw)
        return {"value": v, "_scale": condition_scale(fn, y, p, w, kw.get("power"), v)}
    return [y, p], [dt, dt], w, opts, call, False


def condition_scale(fn, y, p, w, power, value):
    """The size of what cancels in a deviance-type metric: the weighted mean of the
    absolute values of each sample's terms (times the derivative of a final sqrt).
    A few-ulp difference in log/pow (WebAssembly's musl vs the C library or SIMD code
    numpy calls) moves the result by about eps times this, however small the result:
    the Node side reports |ours - sklearn| / scale for these metrics. None: no such
    cancellation (MSE-like)."""
    with np.errstate(all="ignore"):
        if fn in ("meanSquaredLogError", "rootMeanSquaredLogError"):
            a, b = np.log1p(y), np.log1p(p)
            m = 2 * np.abs(a - b) * (np.abs(a) + np.abs(b)) + (a - b) ** 2
        elif fn == "meanPoissonDeviance" or (fn == "meanTweedieDeviance" and power == 1):
            ly = np.where(y > 0, np.abs(np.log(np.where(y > 0, y, 1) / p)) + 1, 0)
            m = 2 * (np.abs(y) * ly + np.abs(y) + np.abs(p))
        elif fn == "meanGammaDeviance" or (fn == "meanTweedieDeviance" and power == 2):
            m = 2 * (np.abs(np.log(p / y)) + np.abs(y / p) + 2)
        elif fn == "meanTweedieDeviance" and power != 0:
            t1 = np.power(np.maximum(y, 0), 2 - power) / ((1 - power) * (2 - power))
            t2 = y * np.power(p, 1 - power) / (1 - power)
            t3 = np.power(p, 2 - power) / (2 - power)
            m = 2 * (np.abs(t1) + np.abs(t2) + np.abs(t3))
        else:
            return None
        scale = float(np.average(m, weights=w))
        if fn == "rootMeanSquaredLogError" and value > 0:
            scale /= 2 * float(value)
    return scale if math.isfinite(scale) and scale > 0 else None


def class_values(rng, k):
    return np.sort(rng.choice(np.arange(-5, 50), size=k, replace=False)).astype(np.float64)


def gen_multi_label(fn, rng, n, use_w):
    """k = 2..8 classes, imbalanced, classes sometimes missing from one side, 1-D labels."""
    f = MULTI_LABEL[fn]
    opts, kw = {}, {}
    k = int(rng.integers(2, 9))
    prior = rng.dirichlet(np.ones(k) * rng.choice([0.3, 1.0, 5.0]))
    yi = rng.choice(k, size=n, p=prior)
    pi = np.where(rng.random(n) < rng.uniform(0.2, 0.95), yi, rng.integers(0, k, n))
    if rng.random() < 0.15:
        pi[pi == int(rng.integers(k))] = int(rng.integers(k))  # a class missing from yPred
    vals = class_values(rng, k)
    y, p = vals[yi], vals[pi]
    present = np.union1d(y, p)
    if fn in ("fbetaScore", "jaccardScore"):
        avg = str(rng.choice(["micro", "macro", "weighted", "none", "binary"]))
        if avg == "binary" and present.size > 2:
            avg = "macro"
        avg = None if avg == "none" else avg
        kw["average"] = opts["average"] = avg
        zd = float(rng.choice([0.0, 1.0]))
        kw["zero_division"] = zd
        opts["zeroDivision"] = zd
        if avg == "binary":
            pos = float(rng.choice(present))
            kw["pos_label"] = opts["posLabel"] = pos
        elif rng.random() < 0.3:
            lab = rng.choice(present, size=int(rng.integers(1, present.size + 1)), replace=False)
            if rng.random() < 0.3:
                lab = np.append(lab, 99.0)  # a label present in neither array
            kw["labels"] = [float(v) for v in lab]
            opts["labels"] = kw["labels"]
        if fn == "fbetaScore":
            beta = float(rng.choice([1.0, 0.5, 2.0, rng.uniform(0.1, 5)]))
            kw["beta"] = opts["beta"] = beta
    elif fn == "balancedAccuracyScore":
        if rng.random() < 0.5:
            kw["adjusted"] = opts["adjusted"] = True
    elif fn == "cohenKappaScore":
        wt = rng.choice(["none", "linear", "quadratic"])
        if wt != "none":
            kw["weights"] = opts["weights"] = str(wt)
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    return [y, p], ["f64", "f64"], w, opts, (lambda: {"value": np.asarray(f(y, p, **kw), dtype=np.float64)}), False


def gen_multi_prob(fn, rng, n, use_w):
    """n x k probability (score) matrices, sent flat with nClasses."""
    call, f = MULTI_PROB[fn]
    opts, kw = {}, {}
    k = int(rng.integers(3, 9))
    yi = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k)) * rng.uniform(0.1, 5)
    logits[np.arange(n), yi] += rng.uniform(0, 3)
    prob = np.exp(logits - logits.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    if rng.random() < 0.2:
        prob = np.round(prob, 2)  # ties; rows may no longer sum to 1 exactly
    vals = class_values(rng, k)
    y = vals[yi]
    missing = np.setdiff1d(vals, y)
    if fn == "rocAucScore/multiclass":
        mc = str(rng.choice(["ovr", "ovo"]))
        kw["multi_class"] = opts["multiClass"] = mc
        avg = str(rng.choice(["macro", "weighted"]))
        kw["average"] = opts["average"] = avg
        use_w = use_w and (mc == "ovr" or rng.random() < 0.2)  # ovo + weights: sklearn raises
        if missing.size:
            kw["labels"] = [float(v) for v in vals]
            opts["labels"] = kw["labels"]
    elif fn == "topKAccuracyScore":
        kk = int(rng.integers(1, k + 1))
        kw["k"] = opts["k"] = kk
        if rng.random() < 0.3:
            kw["normalize"] = opts["normalize"] = False
        if missing.size or rng.random() < 0.3:
            kw["labels"] = [float(v) for v in vals]
            opts["labels"] = kw["labels"]
    elif fn == "averagePrecisionScore/multiclass":
        avg = str(rng.choice(["macro", "weighted", "micro", "samples", "none"]))
        kw["average"] = opts["average"] = None if avg == "none" else avg
        if avg == "samples" and n > 2000:  # sklearn scores 'samples' row by row in Python: keep it short
            n = 2000
            y, prob = y[:n], prob[:n]
        # (a class missing from y_true: sklearn's shape error; two classes: its 1-D error)
    else:  # logLoss, brierScoreLoss: labels when y misses a class (else sklearn raises)
        if missing.size and rng.random() < 0.8:
            kw["labels"] = [float(v) for v in vals]
            opts["labels"] = kw["labels"]
    opts["nClasses"] = k
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    flat = prob.ravel()
    return [y, flat], ["f64", "f64"], w, opts, (lambda: {"value": np.asarray(f(y, prob, **kw), dtype=np.float64)}), False


def gen_issue17(fn, rng, n, use_w):
    """zero_one_loss, hinge_loss, class_likelihood_ratios, auc and the D² scores."""
    opts, kw = {}, {}
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    if fn == "zeroOneLoss":
        if rng.random() < 0.3:
            k = int(rng.integers(3, 8))
            vals = class_values(rng, k)
            yi = rng.integers(0, k, n)
            y, p = vals[yi], vals[np.where(rng.random(n) < 0.6, yi, rng.integers(0, k, n))]
        else:
            y = labels01(rng, n).astype(np.float64)
            p = np.where(rng.random(n) < rng.uniform(0, 0.5), 1 - y, y)
        if rng.random() < 0.3:
            kw["normalize"] = opts["normalize"] = False
        # normalize=False with weights: sklearn's weighted count is a BLAS dot product
        exact = not (w is not None and opts.get("normalize") is False)
        def zol():
            v = skm.zero_one_loss(y, p, **kw)
            # Σw − (BLAS dot of hits and w): two sums that cancel when few samples are wrong;
            # the difference of summation orders is measured against Σw
            return {"value": v, "_scale": float(np.sum(w))} if not exact else {"value": v}
        return [y, p], ["f64", "f64"], w, opts, zol, exact
    if fn == "hingeLoss":
        scale = 10.0 ** rng.uniform(-3, 3)
        if rng.random() < 0.5:
            y = labels01(rng, n).astype(np.float64)
            if rng.random() < 0.3:
                y = 2 * y - 1
            d = scale * (rng.normal(0, 1, n) + rng.uniform(0, 3) * (y - y.mean()))
            if rng.random() < 0.2:
                d = np.round(d)
            return [y, d], ["f64", "f64"], w, opts, (lambda: {"value": skm.hinge_loss(y, d, **kw)}), True
        k = int(rng.integers(3, 9))
        vals = class_values(rng, k)
        yi = rng.integers(0, k, n)
        D = scale * rng.normal(0, 1, (n, k))
        D[np.arange(n), yi] += scale * rng.uniform(0, 3)
        if rng.random() < 0.2:
            D = np.round(D)
        y = vals[yi]
        if np.setdiff1d(vals, y).size or rng.random() < 0.3:
            kw["labels"] = [float(v) for v in vals]
            opts["labels"] = kw["labels"]
        opts["nClasses"] = k
        return [y, D.ravel()], ["f64", "f64"], w, opts, (lambda: {"value": skm.hinge_loss(y, D, **kw)}), True
    if fn == "classLikelihoodRatios":
        y = labels01(rng, n).astype(np.float64)
        p = np.where(rng.random(n) < rng.uniform(0, 0.5), 1 - y, y)
        if rng.random() < 0.2:
            y, p = 2 * y - 1, 2 * p - 1
        r = rng.random()
        if r < 0.2:
            kw["replace_undefined_by"] = opts["replaceUndefinedBy"] = 1.0
        elif r < 0.4:
            d = {"LR+": float(rng.uniform(1, 10)), "LR-": float(rng.uniform(0, 1))}
            kw["replace_undefined_by"] = opts["replaceUndefinedBy"] = d
        return [y, p], ["f64", "f64"], w, opts, (lambda: {"value": list(skm.class_likelihood_ratios(y, p, **kw))}), True
    if fn == "auc":
        scale, offset = scale_offset(rng)
        x = np.sort(continuous(rng, n, scale, offset))
        if rng.random() < 0.3:
            x = x[::-1].copy()
        if rng.random() < 0.1 and n > 2:
            i = int(rng.integers(n - 1))
            x[i], x[i + 1] = x[i + 1], x[i]
        y = continuous(rng, n, 10.0 ** rng.uniform(-3, 3), 0.0)
        return [x, y], ["f64", "f64"], None, opts, (lambda: {"value": skm.auc(x, y)}), True
    if fn == "d2PinballScore":
        scale, offset = scale_offset(rng)
        y = continuous(rng, n, scale, offset)
        p = y + scale * 10.0 ** rng.uniform(-3, 1) * rng.normal(0, 1, n)
        alpha = float(rng.choice([0.5, 0.1, 0.9, 0.0, 1.0, rng.uniform(0, 1)]))
        kw["alpha"] = opts["alpha"] = alpha
        return [y, p], ["f64", "f64"], w, opts, (lambda: {"value": skm.d2_pinball_score(y, p, **kw)}), False
    if fn == "d2TweedieScore":
        scale = 10.0 ** rng.uniform(-6, 6)
        power = float(rng.choice([0.0, 1.0, 1.5, 2.0, 3.0, -0.5]))
        power = int(power) if power.is_integer() else power
        kw["power"] = opts["power"] = power
        y = np.abs(continuous(rng, n, scale, 0.0)) + (scale if power >= 2 else 0.0)
        p = np.abs(y + scale * 10.0 ** rng.uniform(-4, 0) * rng.normal(0, 1, n)) + (scale if power != 0 else 0.0)
        if power == 0 and rng.random() < 0.5:
            y = y + scale * 10.0 ** rng.uniform(0, 6) * rng.choice([-1, 1])
        if rng.random() < 0.05:
            y[int(rng.integers(n))] = -scale
        return [y, p], ["f64", "f64"], w, opts, (lambda: {"value": skm.d2_tweedie_score(y, p, **kw)}), False
    # d2LogLossScore, d2BrierScore
    f0 = skm.d2_log_loss_score if fn == "d2LogLossScore" else skm.d2_brier_score

    def f(y, P, **kw):
        # D² = 1 − ratio: where the ratio is near 1 the subtraction cancels; sklearn's weighted
        # log-loss totals are BLAS dot products, so differences are measured against the ratio
        v = f0(y, P, **kw)
        return {"value": v, "_scale": abs(1.0 - v) if math.isfinite(v) and v != 1 else None}
    k = 2 if rng.random() < 0.5 else int(rng.integers(3, 9))
    prior = rng.dirichlet(np.ones(k) * rng.choice([0.3, 1.0, 5.0]))
    yi = rng.choice(k, size=n, p=prior)
    logits = rng.normal(0, 1, (n, k)) * rng.uniform(0.1, 5)
    logits[np.arange(n), yi] += rng.uniform(0, 3)
    prob = np.exp(logits - logits.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    if rng.random() < 0.2:
        prob = np.round(prob, 2)
    vals = class_values(rng, k) if rng.random() < 0.5 else np.arange(k, dtype=np.float64)
    y = vals[yi]
    if k == 2:
        s = prob[:, 1].copy()
        if fn == "d2BrierScore" and not (set(vals) <= {0.0, 1.0} or set(vals) <= {-1.0, 1.0}) and rng.random() < 0.5:
            kw["pos_label"] = opts["posLabel"] = float(vals[1])
        return [y, s], ["f64", "f64"], w, opts, (lambda: f(y, s, **kw)), fn == "d2BrierScore"
    if np.setdiff1d(vals, y).size and rng.random() < 0.8:
        kw["labels"] = [float(v) for v in vals]
        opts["labels"] = kw["labels"]
    opts["nClasses"] = k
    return [y, prob.ravel()], ["f64", "f64"], w, opts, (lambda: f(y, prob, **kw)), fn == "d2BrierScore"


def gen_rank2d(fn, rng, n, use_w):
    """n x k relevance / indicator and score matrices (k = 2..30), sent flat with nLabels.
    (LRAP and label_ranking_loss loop over rows in Python in sklearn: at most 5,000 rows.)"""
    f = RANK2D[fn]
    opts, kw = {}, {}
    k = int(rng.integers(2, 31))
    n = max(1, min(n // k + 1, 5000))
    if fn in ("dcgScore", "ndcgScore") and rng.random() < 0.5:
        T = rng.integers(0, int(rng.integers(2, 6)), (n, k)).astype(np.float64) if rng.random() < 0.6 else rng.uniform(0, 3, (n, k))
    else:
        T = (rng.random((n, k)) < rng.uniform(0.02, 0.7)).astype(np.float64)
    scale, offset = scale_offset(rng)
    S = offset + scale * (rng.normal(0, 1, (n, k)) + rng.uniform(0, 2) * T)
    ties = rng.random() < 0.3
    if ties:
        S = offset + scale * np.round(rng.normal(0, 1, (n, k)) + T)
    if fn in ("dcgScore", "ndcgScore"):
        if rng.random() < 0.4:
            kw["k"] = opts["k"] = int(rng.integers(1, k + 3))
        # ignore_ties with tied scores: numpy's unstable argsort order (not reproduced)
        if not ties and rng.random() < 0.3 and all(len(np.unique(r)) == k for r in S):
            kw["ignore_ties"] = opts["ignoreTies"] = True
        if fn == "dcgScore" and rng.random() < 0.2:
            kw["log_base"] = opts["logBase"] = float(rng.choice([10.0, 0.5, 3.0]))
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    opts["nLabels"] = k
    exact = fn in ("coverageError", "labelRankingAveragePrecisionScore", "labelRankingLoss")
    return [T.ravel(), S.ravel()], ["f64", "f64"], w, opts, (lambda: {"value": f(T, S, **kw)}), exact


def gen_multilabel_rank(fn, rng, n, use_w):
    """n x k indicator (k = 2..20; {0, 1}, sometimes {-1, 1}) and score matrices sent flat with
    nLabels: columns with few, no or only positives, all-zero rows, ties, scales 1e-9..1e9,
    float32 scores, every average, max_fpr (ROC). 'samples' loops over rows in Python in
    sklearn: at most 300 rows there."""
    name, f = MULTILABEL_RANK[fn]
    opts, kw = {}, {}
    k = int(rng.integers(2, 21))
    avg = [None, "micro", "macro", "weighted", "samples"][int(rng.integers(0, 5))]
    n = max(1, min(n // k + 1, 300 if avg == "samples" else 20000))
    prev = rng.choice([0.0, 0.02, 0.3, 0.7, 1.0], size=k, p=[0.08, 0.2, 0.4, 0.24, 0.08])
    T = (rng.random((n, k)) < prev).astype(np.float64)
    if rng.random() < 0.2:
        T[rng.random(n) < 0.3] = 0.0
    if rng.random() < 0.1:
        T = 2 * T - 1
    scale, offset = scale_offset(rng)
    S = offset + scale * (rng.normal(0, 1, (n, k)) + rng.uniform(0, 2) * T)
    if rng.random() < 0.3:
        S = offset + scale * np.round(rng.normal(0, 1, (n, k)) + T)
    dts = ["f64", "f64"]
    if rng.random() < 0.1:
        S = f32(S)
        dts[1] = "f32"
    if avg != "macro" or rng.random() < 0.5:
        kw["average"] = opts["average"] = avg
    if name == "rocAucScore" and rng.random() < 0.3:
        kw["max_fpr"] = opts["maxFpr"] = float(rng.choice([0.05, 0.3, 0.5, 0.9, 1.0]))
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    opts["nLabels"] = k
    return [T.ravel(), S.ravel()], dts, w, opts, (lambda: {"value": f(T, S, **kw)}), True


def gen_multilabel(fn, rng, n, use_w):
    """n x k indicator matrices (k = 2..30, n·k up to max-n), sent flat with nLabels: skewed label
    frequencies, empty label columns, all-zero rows, perfect rows; every average, labels subsets
    (duplicates, and out of range so that sklearn raises), zero_division 'warn' / 0 / 1 / NaN, beta,
    samplewise, normalize; a twentieth of the cases with a value outside {0, 1} or average='binary'."""
    call, f = MULTILABEL[fn]
    opts, kw = {}, {}
    k = int(rng.integers(2, 31))
    n = max(1, n // k + 1)
    T = (rng.random((n, k)) < rng.uniform(0.01, 0.7, k)).astype(np.float64)
    P = np.where(rng.random((n, k)) < rng.uniform(0, 0.5), 1 - T, T)
    r = rng.random()
    if r < 0.15:
        T[:, rng.random(k) < 0.3] = 0.0  # label columns never true
        P[:, rng.random(k) < 0.3] = 0.0
    elif r < 0.3:
        T[rng.random(n) < 0.3] = 0.0  # rows without labels
        P[rng.random(n) < 0.3] = 0.0
    elif r < 0.35:
        P = T.copy()
    bad = rng.random() < 0.05
    if bad:
        which = T if rng.random() < 0.5 else P
        which[int(rng.integers(n)), int(rng.integers(k))] = float(rng.choice([2.0, 0.5, -1.0]))
    setwise = call in ("precisionScore", "recallScore", "f1Score", "fbetaScore", "jaccardScore", "precisionRecallFscoreSupport")
    if setwise:
        avg = str(rng.choice(["micro", "macro", "weighted", "samples", "none"]))
        if rng.random() < 0.03 and call != "precisionRecallFscoreSupport":
            avg = "binary"
        kw["average"] = opts["average"] = None if avg == "none" else avg
        zd = rng.choice(["warn", "0", "1", "nan"]) if call != "jaccardScore" else rng.choice(["warn", "0", "1"])
        if zd != "warn":
            kw["zero_division"] = {"0": 0.0, "1": 1.0, "nan": np.nan}[str(zd)]
            opts["zeroDivision"] = {"0": 0.0, "1": 1.0, "nan": "NaN"}[str(zd)]
        if call in ("fbetaScore", "precisionRecallFscoreSupport"):
            beta = float(rng.choice([1.0, 0.5, 2.0, 0.0, rng.uniform(0.1, 5)]))
            kw["beta"] = opts["beta"] = beta
    if (setwise or call == "multilabelConfusionMatrix") and rng.random() < 0.3:
        lab = [int(v) for v in rng.integers(0, k, int(rng.integers(0, k + 2)))]
        if rng.random() < 0.05:
            lab.append(int(rng.choice([k, -1])))
        kw["labels"] = opts["labels"] = lab
    if call == "multilabelConfusionMatrix" and rng.random() < 0.4:
        kw["samplewise"] = opts["samplewise"] = True
    if call in ("accuracyScore", "zeroOneLoss") and rng.random() < 0.3:
        kw["normalize"] = opts["normalize"] = False
    w = weights(rng, n) if use_w else None
    if w is not None:
        kw["sample_weight"] = w
    opts["nLabels"] = k
    # sklearn's weighted Hamming numerator and weighted counts (normalize=False) are BLAS dot products
    exact = not (w is not None and (call == "hammingLoss" or opts.get("normalize") is False))

    def run():
        v = f(T, P, **kw)
        if call == "precisionRecallFscoreSupport":
            p, rr, fs, s = v
            out = {"precision": p, "recall": rr, "fscore": fs}
            if s is not None:
                out["support"] = s
            return out
        if call == "zeroOneLoss" and w is not None and opts.get("normalize") is False:
            return {"value": v, "_scale": float(np.sum(w))}
        return {"value": v}
    return [T.ravel(), P.ravel()], ["f64", "f64"], w, opts, run, exact


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=10000)
    ap.add_argument("--start", type=int, default=0, help="first case index (to replay one case)")
    ap.add_argument("--max-n", type=int, default=100000)
    ap.add_argument("--metrics", default="")
    a = ap.parse_args()
    fns = [m for m in a.metrics.split(",") if m] or ALL
    for m in fns:
        if m not in ALL:
            sys.exit(f"unknown metric {m}; known: {', '.join(ALL)}")
    out = sys.stdout.buffer
    warnings.simplefilter("ignore")
    np.seterr(all="ignore")
    # round-robin over metrics so that a partial run covers every metric
    for i in range(a.start, a.start + a.cases):
        for fn in fns:
            rng = np.random.default_rng([a.seed, ALL.index(fn), i])
            inputs, dtypes, w, opts, call, exact = gen_case(fn, rng, a.max_n)
            header = {"fn": fn, "call": CALLS.get(fn, fn.split("/")[0] if fn in MULTIOUT else fn), "case": i, "dtypes": dtypes,
                      "options": opts, "exact": exact, "weighted": w is not None, "arrays": []}
            arrays = []
            for j, x in enumerate(inputs):
                header["arrays"].append(["arg", j, int(x.size)])
                arrays.append(x)
            if w is not None:
                header["arrays"].append(["sampleWeight", 0, int(w.size)])
                arrays.append(w)
            try:
                res = call()
                scale = res.pop("_scale", None)
                if scale is not None:
                    header["scale"] = scale
                for k, v in res.items():
                    v = np.asarray(v, dtype=np.float64)
                    if k == "value" and v.ndim == 2:
                        header["shape"] = list(v.shape)
                    v = v.ravel()
                    header["arrays"].append(["out", k, int(v.size)])
                    arrays.append(v)
            except Exception as exc:  # noqa: BLE001 - sklearn's error is the expected outcome
                header["error"] = str(exc)
                header["errorType"] = type(exc).__name__
            h = json.dumps(header).encode("utf-8")
            out.write(struct.pack("<I", len(h)))
            out.write(h)
            for x in arrays:
                out.write(np.ascontiguousarray(x, dtype="<f8").tobytes())
    out.flush()


if __name__ == "__main__":
    main()
