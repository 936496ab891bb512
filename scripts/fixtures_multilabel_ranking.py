"""Golden fixtures for roc_auc_score and average_precision_score with multilabel-indicator
targets (issue 17): family multilabel_ranking → test/fixtures/multilabel_ranking.json.

Called from scripts/gen_fixtures.py (gen_multilabel_ranking); every expected value, error and
warning is what scikit-learn itself returns for the recorded inputs.
"""
import numpy as np
from sklearn import metrics as skm

FAMILY = "multilabel_ranking"
FNS = {"rocAucScore": skm.roc_auc_score, "averagePrecisionScore": skm.average_precision_score}
AVERAGES = ["macro", "micro", "weighted", "samples", None]


def _data(rng, n, k, variant):
    if "pm1" in variant:
        T = np.where(rng.random((n, k)) < 0.4, 1.0, -1.0)
    elif "zero2" in variant:
        T = np.where(rng.random((n, k)) < 0.4, 2.0, 0.0)
    elif "multi" in variant:
        T = rng.integers(0, 3, (n, k)).astype(float)
    elif "cont" in variant:
        T = rng.uniform(0, 1, (n, k))
    else:
        T = (rng.random((n, k)) < rng.uniform(0.15, 0.6)).astype(float)
    if "emptycol" in variant and k > 1:
        T[:, 1] = 0.0
    if "fullcol" in variant and k > 2:
        T[:, 2] = 1.0
    if "zerorows" in variant:
        T[: max(1, n // 3)] = 0.0
    if "bothcols" in variant and n >= 2:
        T[0, :] = 1.0
        T[1, :] = 0.0
    S = rng.normal(0, 1, (n, k)) + 0.9 * T
    if "zero2" in variant:
        T = T.astype(np.int64)  # int rows: sklearn prints {0, 2} (the JSON rows carry no dtype)
    if "ties" in variant:
        S = np.round(S)
    if "alltied" in variant:
        S[:] = 0.25
    if "prob" in variant:
        S = 1 / (1 + np.exp(-S))
    return T, S


def case(C, h, fn, n, k, variant="plain", opts=None, expect_error=False, hand=None):
    opts = dict(opts or {})
    cid = f"{fn}/multilabel/n={n}/k={k}/{variant}" + "".join(f"/{a}={b}" for a, b in opts.items())
    rng = h.rng_for(cid)
    if hand is not None:
        T, S = np.asarray(hand[0], dtype=float), np.asarray(hand[1], dtype=float)
    else:
        T, S = _data(rng, n, k, variant)
    kw, odt = {}, {}
    for a, b in opts.items():
        kw[{"maxFpr": "max_fpr", "posLabel": "pos_label"}.get(a, a)] = b
    if hand is not None and len(hand) > 2:
        w = np.asarray(hand[2], dtype=float)
    elif "intw" in variant:
        w = h.int_weights(n, rng)
        odt["sampleWeight"] = "int32"
    elif "zerow" in variant:
        w = np.zeros(n)
    elif "someZeroW" in variant:
        w = h.float_weights(n, rng)
        w[::3] = 0.0
    elif "weighted" in variant:
        w = h.float_weights(n, rng)
    else:
        w = None
    if w is not None:
        opts["sampleWeight"] = w
        kw["sample_weight"] = w
    yt, ys = T, S
    if "nanT" in variant:
        T = T.copy()
        T[0, 0] = np.nan
    if "infS" in variant:
        S = S.copy()
        S[-1, -1] = np.inf
    if "nanS" in variant:
        S = S.copy()
        S[0, 0] = np.nan
    yt, ys = T, S
    if "shortS" in variant:
        ys = S[:-1]
    args = [yt, ys]
    dts = ["matrix", "matrix"]
    if "flat" in variant:
        args = [yt.reshape(-1), ys.reshape(-1)]
        dts = ["int32" if "int" in variant else "float64", "float64"]
        opts["nLabels"] = k
    if "vec" in variant:
        args = [yt, ys[:, 0]]
        dts = ["matrix", "float64"]
        ys = ys[:, 0]
    fnc = FNS[fn]
    C.add(FAMILY, cid, fn, args, dts, lambda: fnc(yt, ys, **kw), opts, odt, exact=True, expect_error=expect_error)


def gen(C, h):
    """h: the helpers of gen_fixtures (rng_for, int_weights, float_weights)."""
    for fn in FNS:
        for n in [1, 2, 7, 9, 100, 129]:
            for k in [2, 3, 5, 20]:
                for avg in AVERAGES:
                    case(C, h, fn, n, k, "plain", {"average": avg})
        for avg in AVERAGES:
            case(C, h, fn, 1025, 3, "plain", {"average": avg})
            for v in ["ties", "alltied", "prob", "emptycol", "fullcol", "zerorows", "emptycol/fullcol/zerorows",
                      "weighted", "intw", "someZeroW", "ties/weighted", "emptycol/weighted", "flat", "flat/int",
                      "ties/flat/weighted", "pm1", "bothcols/ties"]:
                case(C, h, fn, 40, 5, v, {"average": avg})
            case(C, h, fn, 300, 20, "ties/weighted", {"average": avg})
            case(C, h, fn, 40, 1, "plain", {"average": avg})  # one column: binary
            case(C, h, fn, 40, 1, "weighted", {"average": avg})
            case(C, h, fn, 40, 4, "zerow", {"average": avg}, expect_error=avg != "weighted")
            case(C, h, fn, 40, 4, "multi", {"average": avg}, expect_error=True)
            case(C, h, fn, 40, 4, "cont", {"average": avg}, expect_error=True)
            case(C, h, fn, 40, 4, "zero2", {"average": avg}, expect_error=fn == "rocAucScore")
        case(C, h, fn, 1, 3, "plain")
        # (an unknown `average`: sklearn's message lists a Python set, in hash-seed order: tested in test/multilabel-ranking.test.ts)
        case(C, h, fn, 40, 4, "nanT", expect_error=True)
        case(C, h, fn, 40, 4, "nanS", expect_error=True)
        case(C, h, fn, 40, 4, "infS", expect_error=True)
        case(C, h, fn, 40, 4, "shortS", expect_error=True)
        case(C, h, fn, 40, 4, "vec", expect_error=True)
    for avg in AVERAGES:
        for mf in [0.1, 0.5, 1.0]:
            case(C, h, "rocAucScore", 60, 4, "ties", {"average": avg, "maxFpr": mf})
            case(C, h, "rocAucScore", 60, 4, "weighted", {"average": avg, "maxFpr": mf})
        case(C, h, "rocAucScore", 60, 4, "emptycol", {"average": avg, "maxFpr": 0.3})
    case(C, h, "rocAucScore", 40, 4, "plain", {"maxFpr": 0}, expect_error=True)
    case(C, h, "rocAucScore", 40, 4, "plain", {"maxFpr": 1.5}, expect_error=True)
    for pl in [1, True, 0, 2]:
        case(C, h, "averagePrecisionScore", 40, 4, "plain", {"posLabel": pl}, expect_error=pl in (0, 2))
    hand_t = [[1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 0, 1]]
    hand_s = [[0.9, 0.2, 0.3], [0.1, 0.5, 0.8], [0.7, 0.1, 0.2], [0.3, 0.3, 0.9]]
    for fn in FNS:
        for avg in AVERAGES:
            case(C, h, fn, 4, 3, "hand", {"average": avg}, hand=(hand_t, hand_s))
    # max_fpr where the weights leave no negative (sklearn: auc of a single point raises) or no positive mass
    for avg in AVERAGES:
        for w in ([0, 1, 1, 0], [1, 0, 0, 1]):
            case(C, h, "rocAucScore", 4, 2, "hand-w" + "".join(map(str, w)), {"average": avg, "maxFpr": 0.5},
                 hand=([[0, 1], [1, 0], [1, 0], [0, 1]], [[.1, .5], [.2, .6], [.3, .1], [.4, .9]], w),
                 expect_error=avg not in ("samples", "micro"))
        case(C, h, "rocAucScore", 4, 1, "hand-w0110", {"average": avg, "maxFpr": 0.5},
             hand=([[0], [1], [1], [0]], [[.1], [.2], [.3], [.4]], [0, 1, 1, 0]), expect_error=True)
