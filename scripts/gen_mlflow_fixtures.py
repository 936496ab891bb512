#!/usr/bin/env python3
"""Golden fixtures for the `preset: 'mlflow'` metric dicts, produced by REAL MLflow.

Runs `mlflow.models.evaluate` (what the deprecated alias `mlflow.evaluate` calls) with
`evaluators="default"` on seeded datasets and records `result.metrics` verbatim.

Run it in the separate MLflow venv:

    bash scripts/mlflow-env.sh
    .venv-mlflow/bin/python scripts/gen_mlflow_fixtures.py   # -> test/fixtures/mlflow_evaluate.json

How the inputs reach MLflow (see /work/notes/mlflow-evaluate.md for the full rules):

* Without probabilities: a pandas DataFrame with columns "y" (targets) and "pred"
  (predictions), `mlflow.models.evaluate(data=df, targets="y", predictions="pred", ...)`.
* With probabilities: the default evaluator has no column for them. The only path that
  produces log_loss / roc_auc / precision_recall_auc is a model whose pyfunc loader is
  `mlflow.sklearn` (or xgboost/catboost) and whose raw model has `predict_proba`. So we
  save a tiny lookup "estimator" (feature column "row" = row index; predict/predict_proba
  return the fixed arrays) with `mlflow.sklearn.save_model`, load it back with
  `mlflow.pyfunc.load_model` and pass that PyFuncModel. It has no `score` method, so the
  extra sklearn-only `score` metric is not produced (MLflow logs a warning and skips it).
* Sample weights: `evaluator_config={"sample_weights": [...]}`.
* SHAP explainability is disabled with `log_model_explainability: False`; the plots
  (ROC/PR/lift/calibration/confusion matrix) cannot be disabled and are written to the
  throwaway artifact store.

The tracking store is a sqlite DB in a temporary directory that is deleted at the end.
Output is deterministic (seeded data; no run ids or timestamps are written).
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
os.environ.setdefault("DO_NOT_TRACK", "true")
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sklearn  # noqa: E402

import mlflow  # noqa: E402
import mlflow.sklearn  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test" / "fixtures" / "mlflow_evaluate.json"
GENERATOR = "scripts/gen_mlflow_fixtures.py"
BASE_CONFIG = {"log_model_explainability": False}


# --------------------------------------------------------------------------------------
# The lookup "estimator" used to hand fixed predictions + probabilities to MLflow.
# Defined at module level of __main__: cloudpickle pickles it by value.
# --------------------------------------------------------------------------------------
class LookupClassifier:
    """predict / predict_proba return precomputed rows, selected by the "row" feature."""

    def __init__(self, pred, proba):
        self.pred = np.asarray(pred)
        self.proba = np.asarray(proba, dtype=np.float64)

    def predict(self, X):
        return self.pred[np.asarray(X["row"], dtype=np.int64)]

    def predict_proba(self, X):
        return self.proba[np.asarray(X["row"], dtype=np.int64)]


# --------------------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------------------
def py_scalar(v):
    """numpy/python scalar -> JSON-able python value; non-finite floats -> strings."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        f = float(v)
        if math.isnan(f):
            return "NaN"
        if math.isinf(f):
            return "Infinity" if f > 0 else "-Infinity"
        return f
    if isinstance(v, str):
        return v
    raise TypeError(f"unexpected metric value type {type(v)!r}: {v!r}")


def py_list(a):
    out = []
    for v in (a.tolist() if isinstance(a, np.ndarray) else list(a)):
        if isinstance(v, list):
            out.append([py_scalar(x) for x in v])
        else:
            out.append(py_scalar(v))
    return out


def dump(obj, level=0):
    """Pretty JSON with flat arrays kept on one line (json.dumps, allow_nan=False)."""
    pad = " " * level
    pad1 = " " * (level + 1)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad1}{json.dumps(k)}: {dump(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(obj, list):
        if all(not isinstance(x, (dict, list)) for x in obj):
            return json.dumps(obj, allow_nan=False)
        if all(isinstance(x, list) for x in obj):
            return "[" + ", ".join(json.dumps(x, allow_nan=False) for x in obj) + "]"
        return "[\n" + ",\n".join(pad1 + dump(x, level + 1) for x in obj) + "\n" + pad + "]"
    return json.dumps(obj, allow_nan=False)


# --------------------------------------------------------------------------------------
# Running MLflow
# --------------------------------------------------------------------------------------
class Runner:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.n_models = 0
        mlflow.set_tracking_uri(f"sqlite:///{tmp / 'mlflow.db'}")
        exp_id = mlflow.create_experiment(
            "mlmetrics-fixtures", artifact_location=(tmp / "artifacts").as_uri()
        )
        mlflow.set_experiment(experiment_id=exp_id)
        self.client = mlflow.MlflowClient()

    def _model(self, pred, proba):
        self.n_models += 1
        path = self.tmp / f"model{self.n_models}"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mlflow.sklearn.save_model(
                LookupClassifier(pred, proba), str(path), serialization_format="cloudpickle"
            )
        return mlflow.pyfunc.load_model(str(path))

    def evaluate(self, model_type, y, pred, proba=None, config=None):
        """Returns (metrics dict as recorded, sorted unique sklearn warning messages)."""
        cfg = dict(BASE_CONFIG)
        cfg.update(config or {})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with mlflow.start_run() as run:
                if proba is None:
                    df = pd.DataFrame({"y": y, "pred": pred})
                    result = mlflow.models.evaluate(
                        data=df,
                        targets="y",
                        predictions="pred",
                        model_type=model_type,
                        evaluators="default",
                        evaluator_config=cfg,
                    )
                else:
                    model = self._model(pred, proba)
                    df = pd.DataFrame({"row": np.arange(len(y), dtype=np.int64), "y": y})
                    result = mlflow.models.evaluate(
                        model,
                        df,
                        targets="y",
                        model_type=model_type,
                        evaluators="default",
                        evaluator_config=cfg,
                    )
        metrics = {k: py_scalar(v) for k, v in result.metrics.items()}
        # The artifacts mlflow.evaluate logged (name -> file name), and per_class_metrics.csv verbatim.
        self.last_artifacts = {
            name: os.path.basename(a.uri) for name, a in sorted(result.artifacts.items())
        }
        self.last_csv = None
        if "per_class_metrics" in result.artifacts:
            local = mlflow.artifacts.download_artifacts(result.artifacts["per_class_metrics"].uri)
            self.last_csv = Path(local).read_text(encoding="utf-8")
        # Cross-check: what was logged to the tracking store is the same set of keys/values.
        logged = self.client.get_run(run.info.run_id).data.metrics
        assert set(logged) == set(metrics), (sorted(logged), sorted(metrics))
        for k, v in result.metrics.items():
            lv = logged[k]
            fv = float(v)
            assert (math.isnan(lv) and math.isnan(fv)) or lv == fv or (
                math.isinf(fv) and abs(lv) == 1.7976931348623157e308
            ), (k, lv, v)
        msgs = sorted({
            str(w.message).strip()
            for w in caught
            if w.filename and os.sep + "sklearn" + os.sep in w.filename
        })
        return metrics, msgs

    def evaluate_error(self, model_type, y, pred, proba=None, config=None):
        try:
            self.evaluate(model_type, y, pred, proba, config)
        except MlflowException as e:
            return {"type": "MlflowException", "message": e.message}
        except Exception as e:  # noqa: BLE001
            return {"type": type(e).__name__, "message": str(e)}
        raise AssertionError("expected an error")


# --------------------------------------------------------------------------------------
# Datasets
# --------------------------------------------------------------------------------------
def reg_case(cid, y, pred, w=None, notes=""):
    return {"id": cid, "y": np.asarray(y), "pred": np.asarray(pred), "w": w, "notes": notes}


def regression_datasets():
    rng = np.random.default_rng(20240601)
    cases = []
    cases.append(reg_case("reg_n1", [3.5], [2.0], notes="n=1: r2_score NaN (sklearn warns)"))
    cases.append(reg_case("reg_n2", [1.0, 2.0], [1.5, 1.0]))
    y = rng.normal(10.0, 3.0, 50)
    cases.append(reg_case("reg_n50_normal", y, y + rng.normal(0.0, 1.0, 50)))
    y = rng.normal(-2.0, 5.0, 1000)
    cases.append(reg_case("reg_n1000_normal", y, 0.8 * y + rng.normal(0.5, 2.0, 1000),
                          notes="sum_on_target without weights is Python's builtin sum (left-to-right)"))
    noise = rng.normal(0, 0.5, 10)
    cases.append(reg_case("reg_constant_target", [4.0] * 10, list(4.0 + noise),
                          notes="constant y (exactly representable mean): r2 denominator 0, "
                                "numerator != 0 -> 0.0 (sklearn force_finite)"))
    cases.append(reg_case("reg_constant_target_4p2", [4.2] * 10, list(4.2 + noise),
                          notes="constant y=4.2: numpy's mean of ten 4.2s is not exactly 4.2, so the r2 "
                                "denominator is tiny but non-zero and r2 is a huge negative number, NOT 0.0; "
                                "sum_on_target (sequential Python sum) = 42.00000000000001"))
    cases.append(reg_case("reg_constant_target_perfect", [4.2] * 6, [4.2] * 6,
                          notes="constant y, perfect predictions: r2 = 1.0"))
    y = rng.normal(0.0, 1.0, 20)
    cases.append(reg_case("reg_perfect", y, y.copy(), notes="perfect predictions"))
    y = 1e9 + rng.normal(0.0, 10.0, 50)
    cases.append(reg_case("reg_offset_1e9_n50", y, y + rng.normal(0.0, 1.0, 50),
                          notes="large offset 1e9"))
    y = 1e9 + rng.normal(0.0, 100.0, 1000)
    cases.append(reg_case("reg_offset_1e9_n1000", y, y + rng.normal(0.0, 5.0, 1000),
                          notes="large offset 1e9"))
    y = -np.abs(rng.normal(50.0, 20.0, 50))
    cases.append(reg_case("reg_negative", y, y + rng.normal(0.0, 3.0, 50), notes="all-negative values"))
    y = np.round(rng.normal(0.0, 2.0, 30), 1)
    y[[0, 7, 19]] = 0.0
    cases.append(reg_case("reg_zeros_in_y_mape", y, y + np.round(rng.normal(0.0, 0.5, 30), 2),
                          notes="y contains 0.0: MAPE divides by eps=2.220446049250313e-16 -> huge"))
    cases.append(reg_case("reg_zero_y_exact_pred", [0.0, 1.0, 2.0], [0.0, 1.5, 2.0],
                          notes="y=0 with exact prediction contributes 0 to MAPE"))
    yi = rng.integers(-20, 50, 25)
    cases.append(reg_case("reg_integers", yi, yi + rng.integers(-3, 4, 25),
                          notes="integer dtype y/pred: sum_on_target is an integer"))
    mags = 10.0 ** rng.uniform(-3, 6, 137)
    y = mags * rng.choice([-1.0, 1.0], 137)
    cases.append(reg_case("reg_n137_mixed_magnitudes", y, y * (1 + rng.normal(0, 0.1, 137)),
                          notes="mixed magnitudes: summation order matters for sum_on_target"))
    y = rng.normal(5.0, 2.0, 50)
    cases.append(reg_case("reg_weighted_n50", y, y + rng.normal(0.0, 1.0, 50),
                          w=rng.uniform(0.1, 3.0, 50),
                          notes="sample_weights; sum_on_target = np.sum(y*w) (pairwise), "
                                "mean_on_target = that / n (not / sum(w)); max_error unweighted"))
    y = rng.normal(100.0, 30.0, 1000)
    cases.append(reg_case("reg_weighted_n1000", y, y + rng.normal(0.0, 4.0, 1000),
                          w=rng.uniform(0.0, 2.0, 1000), notes="sample_weights, n=1000"))
    y = rng.normal(0.0, 1.0, 12)
    w = rng.uniform(0.5, 1.5, 12)
    w[[1, 4, 5]] = 0.0
    cases.append(reg_case("reg_weighted_some_zero", y, y + rng.normal(0.0, 0.3, 12), w=w,
                          notes="some zero weights; example_count still counts every row"))
    y = rng.normal(3.0, 1.0, 15)
    cases.append(reg_case("reg_weighted_integer_weights", y, y + rng.normal(0.0, 0.5, 15),
                          w=rng.integers(1, 5, 15).astype(float), notes="integer-valued weights"))
    cases.append(reg_case("reg_n1_weighted", [2.0], [3.0], w=[2.5],
                          notes="n=1 with weight: sum_on_target=y*w, mean_on_target=y*w/1"))
    return cases


def clf_case(cid, y, pred, p=None, w=None, notes="", config=None):
    return {"id": cid, "y": np.asarray(y), "pred": np.asarray(pred),
            "p": None if p is None else np.asarray(p, dtype=np.float64),
            "w": w, "notes": notes, "config": config}


def binary_datasets():
    rng = np.random.default_rng(20240602)
    cases = []

    def draw(n, labels=(0, 1), noise=0.35, round_to=None):
        lab = np.array(labels)
        yb = rng.integers(0, 2, n)
        p = np.clip(yb * 0.6 + 0.2 + rng.normal(0.0, noise, n), 0.0, 1.0)
        if round_to is not None:
            p = np.round(p, round_to)
        pb = (p >= 0.5).astype(int)
        # report P(largest label), the column MLflow treats as positive by default
        p_pos = p if lab[1] > lab[0] else 1.0 - p
        return lab[yb], lab[pb], p_pos

    y, pred, p = draw(50)
    cases.append(clf_case("bin01_n50_noprob", y, pred, notes="labels {0,1}; no probabilities"))
    cases.append(clf_case("bin01_n50_prob", y, pred, p, notes="labels {0,1}; probabilities via sklearn-flavor model"))
    y, pred, p = draw(1000)
    cases.append(clf_case("bin01_n1000_prob", y, pred, p))
    cases.append(clf_case("bin01_n2_prob", [0, 1], [1, 1], [0.6, 0.7], notes="n=2"))
    y, pred, p = draw(40, round_to=1)
    cases.append(clf_case("bin01_prob_ties", y, pred, p, notes="probabilities rounded to 0.1: many tied scores"))
    cases.append(clf_case("bin01_prob_extremes", [0, 1, 1, 0, 1, 0], [1, 0, 1, 0, 1, 0],
                          [1.0, 0.0, 1.0, 0.0, 0.9, 0.1],
                          notes="probabilities 0/1 that are fully wrong: log_loss clipping at eps"))
    y, pred, p = draw(60, labels=(-1, 1))
    cases.append(clf_case("bin_neg1_1_prob", y, pred, p, notes="labels {-1,1}; positive label 1"))
    cases.append(clf_case("bin_neg1_1_noprob", y, pred, notes="labels {-1,1}; positive label 1"))
    y, pred, p = draw(60, labels=(5, 2))
    cases.append(clf_case("bin_2_5_prob", y, pred, p, notes="labels {2,5}; positive label 5 (largest)"))
    cases.append(clf_case("bin_2_5_noprob", y, pred, notes="labels {2,5}; positive label 5 (largest)"))
    y, pred, p = draw(45, labels=("no", "yes"))
    cases.append(clf_case("bin_no_yes_prob", y, pred, p, notes="string labels; positive label 'yes' (sorts last)"))
    cases.append(clf_case("bin_no_yes_noprob", y, pred, notes="string labels; positive label 'yes' (sorts last)"))
    y, pred, p = draw(30, labels=("yes", "no"))
    cases.append(clf_case("bin_yes_no_inverted_prob", y, pred, p,
                          notes="string labels where the 'positive-looking' word sorts first: "
                                "positive label is still 'yes' (largest); yProb is P('yes')"))
    # one class in y_true (y_pred has both)
    p = np.round(rng.uniform(0.0, 1.0, 12), 3)
    cases.append(clf_case("bin01_ytrue_all1_prob", [1] * 12, (p >= 0.5).astype(int), p,
                          notes="y_true all 1 (y_pred mixed): roc_auc undefined"))
    cases.append(clf_case("bin01_ytrue_all0_prob", [0] * 12, (p >= 0.5).astype(int), p,
                          notes="y_true all 0 (y_pred mixed): recall/AP undefined, roc_auc undefined"))
    cases.append(clf_case("bin01_ytrue_all0_noprob", [0] * 12, (p >= 0.5).astype(int),
                          notes="y_true all 0 (y_pred mixed), no probabilities"))
    y, _, p = draw(20)
    cases.append(clf_case("bin01_ypred_all0_prob", y, np.zeros(20, dtype=int), p,
                          notes="y_pred all 0: precision/f1 zero_division -> 0.0 (sklearn warns)"))
    cases.append(clf_case("bin01_ypred_all1_noprob", y, np.ones(20, dtype=int),
                          notes="y_pred all 1"))
    y, pred, p = draw(50)
    w = rng.uniform(0.1, 3.0, 50)
    cases.append(clf_case("bin01_weighted_noprob", y, pred, w=w,
                          notes="sample_weights: tn/fp/fn/tp stay unweighted integer counts"))
    cases.append(clf_case("bin01_weighted_prob", y, pred, p, w=w,
                          notes="sample_weights with probabilities"))
    y, pred, p = draw(1000)
    w = rng.uniform(0.0, 2.0, 1000)
    cases.append(clf_case("bin01_weighted_prob_n1000", y, pred, p, w=w))
    y, pred, p = draw(16, labels=(2, 5), round_to=1)
    w = rng.integers(0, 4, 16).astype(float)
    cases.append(clf_case("bin_2_5_weighted_zero_weights_prob", y, pred, p, w=w,
                          notes="weights include zeros; labels {2,5}"))
    return cases


def binary_config_datasets():
    rng = np.random.default_rng(20240603)
    cases = []
    yb = rng.integers(0, 2, 40)
    p1 = np.clip(yb * 0.6 + 0.2 + rng.normal(0.0, 0.3, 40), 0.0, 1.0)
    pred = (p1 >= 0.5).astype(int)
    cases.append(clf_case(
        "bin01_pos_label_0_prob", yb, pred, 1.0 - p1, config={"pos_label": 0},
        notes="evaluator_config pos_label=0: label_list becomes [1, 0]; tn/fp/fn/tp, "
              "recall/precision/f1, roc_auc, precision_recall_auc all taken w.r.t. class 0; "
              "yProb here is P(class 0) = 1 - P(class 1) (probability column of the positive label)"))
    cases.append(clf_case(
        "bin_no_yes_pos_label_no_noprob", np.where(yb == 1, "yes", "no"), np.where(pred == 1, "yes", "no"),
        config={"pos_label": "no"}, notes="evaluator_config pos_label='no'"))
    cases.append(clf_case(
        "bin01_both_one_class_label_list", [1] * 8, [1] * 8, np.round(rng.uniform(0.5, 1.0, 8), 2),
        config={"label_list": [0, 1]},
        notes="y_true and y_pred all 1: needs evaluator_config label_list=[0,1] (else MlflowException)"))
    cases.append(clf_case(
        "bin01_both_one_class_label_list_noprob", [0] * 8, [0] * 8,
        config={"label_list": [0, 1]},
        notes="y_true and y_pred all 0 with label_list=[0,1]"))
    return cases


def error_datasets():
    """(model_type, case) pairs on which mlflow.models.evaluate raises."""
    return [
        ("regressor", reg_case("reg_nan_in_y", [1.0, float("nan"), 3.0], [1.0, 2.0, 3.0],
                               notes="NaN in targets: sklearn raises inside evaluate")),
        ("regressor", reg_case("reg_empty", np.array([], dtype=np.float64), np.array([], dtype=np.float64),
                               notes="empty input")),
        ("regressor", reg_case("reg_inf_in_pred", [1.0, 2.0, 3.0], [1.0, float("inf"), 3.0],
                               notes="infinity in predictions")),
        ("classifier", clf_case("bin_nan_in_ytrue", [0.0, float("nan"), 1.0, 1.0], [0.0, 1.0, 1.0, 0.0],
                                notes="NaN in float labels")),
    ] + [("classifier", c) for c in binary_one_class_error_datasets()]


def binary_one_class_error_datasets():
    return [
        clf_case("bin_both_one_class_noprob", [1, 1, 1, 1], [1, 1, 1, 1],
                 notes="only one label in y_true ∪ y_pred and no label_list"),
        clf_case("bin_both_one_class_prob", [0, 0, 0], [0, 0, 0], [0.1, 0.2, 0.3],
                 notes="only one label in y_true ∪ y_pred and no label_list (with a model)"),
    ]


def multiclass_datasets():
    rng = np.random.default_rng(20240604)
    cases = []

    def draw(n, labels, sharp=2.0):
        k = len(labels)
        lab = np.array(labels)
        yi = rng.integers(0, k, n)
        logits = rng.normal(0.0, 1.0, (n, k))
        logits[np.arange(n), yi] += sharp
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        proba = e / e.sum(axis=1, keepdims=True)
        # column order = sorted(labels)
        order = np.argsort(lab, kind="stable")
        proba_sorted = proba[:, order]
        pred = lab[np.argmax(proba, axis=1)]
        return lab[yi], pred, proba_sorted

    y, pred, P = draw(60, [0, 1, 2])
    cases.append(clf_case("mc3_n60_noprob", y, pred, notes="3 classes; average='weighted'"))
    cases.append(clf_case("mc3_n60_prob", y, pred, P,
                          notes="3 classes with probabilities: log_loss and roc_auc (ovr, weighted)"))
    y, pred, P = draw(80, [10, 20, 30, 40], sharp=1.0)
    w = rng.uniform(0.2, 2.0, 80)
    cases.append(clf_case("mc4_weighted_prob", y, pred, P, w=w, notes="4 classes, sample_weights"))
    cases.append(clf_case("mc4_weighted_noprob", y, pred, w=w, notes="4 classes, sample_weights"))
    y, pred, P = draw(1000, [0, 1, 2, 3, 4], sharp=1.5)
    cases.append(clf_case("mc5_n1000_prob", y, pred, P, notes="5 classes, n=1000"))
    y, pred, P = draw(2000, list(range(12)), sharp=2.0)
    cases.append(clf_case("mc12_n2000_prob", y, pred, P,
                          notes="12 classes > max_classes_for_multiclass_roc_pr (10): no ROC/PR plots, "
                                "no roc_auc/precision_recall_auc columns in per_class_metrics.csv"))
    y, pred, P = draw(45, ["cat", "dog", "bird"])
    cases.append(clf_case("mc3_strings_prob", y, pred, P,
                          notes="string labels; yProb columns in sorted label order (bird, cat, dog)"))
    yb = rng.integers(0, 2, 20)
    pred = yb.copy()
    pred[[2, 5, 11]] = 2
    cases.append(clf_case("mc_extra_pred_class_noprob", yb, pred,
                          notes="y_true has {0,1}, y_pred also has 2: label set is y_true ∪ y_pred, "
                                "so this is evaluated as MULTICLASS (weighted averages, no tn/fp/fn/tp)"))
    return cases


# --------------------------------------------------------------------------------------
def main() -> int:
    logging.getLogger("mlflow").setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=FutureWarning)

    tmp = Path(tempfile.mkdtemp(prefix="mlflow-fixtures-"))
    cwd = os.getcwd()
    os.chdir(tmp)  # anything MLflow writes relative to cwd lands in the throwaway dir
    try:
        runner = Runner(tmp)

        def build(c, fn, model_type, options=None):
            cfg = dict(c.get("config") or {})
            if c["w"] is not None:
                cfg["sample_weights"] = [float(x) for x in c["w"]]
            proba = None
            if c.get("p") is not None:
                if c["p"].ndim == 1:
                    # binary: columns [negative, positive] in MLflow's pos_index convention:
                    # column 1 belongs to the LARGEST label unless pos_label says otherwise.
                    if cfg.get("pos_label") is not None:
                        labels = sorted(set(c["y"].tolist()) | set(c["pred"].tolist())
                                        | set(cfg.get("label_list") or []))
                        pos_idx = labels.index(cfg["pos_label"])
                        proba = np.empty((len(c["p"]), 2))
                        proba[:, pos_idx] = c["p"]
                        proba[:, 1 - pos_idx] = 1.0 - c["p"]
                    else:
                        proba = np.column_stack([1.0 - c["p"], c["p"]])
                else:
                    proba = c["p"]
            metrics, msgs = runner.evaluate(model_type, c["y"], c["pred"], proba, cfg)
            args = {"yTrue": py_list(c["y"]), "yPred": py_list(c["pred"])}
            if c.get("p") is not None:
                args["yProb"] = py_list(c["p"])
            if c["w"] is not None:
                args["sampleWeight"] = py_list(np.asarray(c["w"], dtype=np.float64))
            notes = c["notes"]
            if model_type == "classifier":
                labels = sorted(set(c["y"].tolist()) | set(c["pred"].tolist())
                                | set(cfg.get("label_list") or []))
                if len(labels) == 2:
                    pos = cfg.get("pos_label", labels[-1])
                    extra = f"mlflow positive label: {pos!r}"
                else:
                    extra = f"labels (sorted): {labels!r}"
                notes = f"{notes}; {extra}" if notes else extra
                if c.get("p") is not None:
                    notes += "; probabilities passed via an mlflow.sklearn model's predict_proba"
            case = {"id": c["id"], "fn": fn, "args": [args],
                    "options": dict(options or {"preset": "mlflow"}),
                    "expected": metrics, "notes": notes}
            visible_cfg = {k: v for k, v in cfg.items() if k != "sample_weights"}
            if c["w"] is not None:
                visible_cfg["sample_weights"] = "<args[0].sampleWeight>"
            case["mlflowEvaluatorConfig"] = visible_cfg
            case["artifacts"] = runner.last_artifacts
            if runner.last_csv is not None:
                case["perClassMetricsCsv"] = runner.last_csv
            if msgs:
                case["sklearnWarnings"] = msgs
            return case

        cases = []
        for c in regression_datasets():
            cases.append(build(c, "regressionMetrics", "regressor"))
        for c in binary_datasets():
            cases.append(build(c, "classificationMetrics", "classifier"))

        config_cases = []
        for c in binary_config_datasets():
            opts = {"preset": "mlflow"}
            if "pos_label" in c["config"]:
                opts["posLabel"] = c["config"]["pos_label"]
            if "label_list" in c["config"]:
                opts["labels"] = list(c["config"]["label_list"])
            config_cases.append(build(c, "classificationMetrics", "classifier", opts))

        error_cases = []
        for model_type, c in error_datasets():
            p = c.get("p")
            proba = None if p is None else np.column_stack([1.0 - p, p])
            err = runner.evaluate_error(model_type, c["y"], c["pred"], proba, {})
            args = {"yTrue": py_list(c["y"]), "yPred": py_list(c["pred"])}
            if p is not None:
                args["yProb"] = py_list(p)
            fn = "regressionMetrics" if model_type == "regressor" else "classificationMetrics"
            error_cases.append({"id": c["id"], "fn": fn, "args": [args],
                                "options": {"preset": "mlflow"}, "expectedError": err,
                                "notes": c["notes"]})

        mc_cases = []
        for c in multiclass_datasets():
            mc_cases.append(build(c, "classificationMetrics", "classifier"))

        doc = {
            "meta": {
                "generator": GENERATOR,
                "mlflow": mlflow.__version__,
                "sklearn": sklearn.__version__,
                "numpy": np.__version__,
                "pandas": pd.__version__,
                "python": ".".join(map(str, sys.version_info[:3])),
                "api": "mlflow.models.evaluate (mlflow.evaluate is its deprecated alias), "
                       "evaluators='default', evaluator_config={'log_model_explainability': False, ...}",
                "artifacts": "artifacts: result.artifacts as {name: file name}; perClassMetricsCsv: "
                             "the per_class_metrics.csv MLflow logged, verbatim (multiclass)",
                "expected": "result.metrics verbatim (ints stay ints); non-finite floats as "
                            "'NaN'/'Infinity'/'-Infinity'",
                "sections": "cases: options {preset:'mlflow'} only. configCases: needed an "
                            "evaluator_config pos_label/label_list (options posLabel/labels are "
                            "proposed names). errorCases: mlflow raised. multiclassCases: >2 labels; "
                            "yProb is n x k with columns in sorted label order.",
            },
            "cases": cases,
            "configCases": config_cases,
            "errorCases": error_cases,
            "multiclassCases": mc_cases,
        }
        text = dump(doc) + "\n"
        json.loads(text)  # sanity
    finally:
        os.chdir(cwd)
        shutil.rmtree(tmp, ignore_errors=True)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(cases)} cases, {len(config_cases)} configCases, "
          f"{len(error_cases)} errorCases, {len(mc_cases)} multiclassCases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
