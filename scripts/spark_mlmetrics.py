"""mlmetrics on Apache Spark: Spark distributes, `mlmetrics` computes per partition, the driver merges.

Each partition of a DataFrame streams its rows, as an Arrow IPC stream (``DataFrame.mapInArrow``),
into ``mlmetrics partial - --input-format arrow`` on the executor; the command prints the partition's
evaluator state (one JSON line); the states are collected on the driver and merged there by
``mlmetrics merge -`` (one state per line on stdin), which prints the metric dict. Evaluators sum
exactly, so the dict has the same bits for any partitioning of the same rows, and equals
``mlmetrics eval`` on the whole file.

Library use (PySpark >= 3.3, pyarrow on the executors, the command on their PATH)::

    from spark_mlmetrics import evaluate
    metrics = evaluate(df, "classification", y_true="label", y_pred="pred", y_prob="p1", preset="mlflow")
    mlflow.log_metrics(metrics)

Command line (a file read by Spark, the dict printed as JSON)::

    python scripts/spark_mlmetrics.py preds.parquet --task regression --y-true y --y-pred yhat \
        [--master local[2]] [--partitions 8] [--command "mlmetrics"] [--preset mlflow] [--auc-bins 10000]

The command is ``mlmetrics`` by default (``npm install -g mlmetrics`` on every executor, e.g. by a
Databricks init script); pass ``command="node /abs/path/bin/mlmetrics.js"`` (a string, split like a
shell would, or a list) to use another one, or set ``MLMETRICS_CMD``. See docs/spark.md.

Empty partitions (e.g. after a filter, or a hash repartition on a key with few values) are skipped on
the executor: ``mlmetrics partial`` refuses an input without rows ("no data rows", exit code 2), and
an empty partition adds nothing to the merged state anyway.

This module has no dependency beyond PySpark and pyarrow; the function that runs on the executors is
a closure built inside :func:`partial_states`, so it is pickled by value and this file need not be
installed on the executors.
"""
from __future__ import annotations

import json
import math
import os
import shlex
import subprocess
import sys
from typing import Any, Iterable, Sequence

__all__ = ["evaluate", "partial_states", "merge_states", "partial_args", "resolve_command", "parse_dict"]

DEFAULT_COMMAND = "mlmetrics"
COLUMN_ARGS = ("y_true", "y_pred", "y_prob", "weight", "score", "prediction")
TASKS = ("regression", "classification", "anomaly")
# The options of `mlmetrics partial` that the recipe passes on (keyword -> flag).
OPTION_FLAGS = {
    "pos_label": "--pos-label",
    "average": "--average",
    "preset": "--preset",
    "prefix": "--prefix",
    "auc_bins": "--auc-bins",
}


def resolve_command(command: str | Sequence[str] | None = None) -> list[str]:
    """The command as an argv list: the argument, else $MLMETRICS_CMD, else ``mlmetrics``."""
    if command is None:
        command = os.environ.get("MLMETRICS_CMD") or DEFAULT_COMMAND
    if isinstance(command, str):
        argv = shlex.split(command)
    else:
        argv = [str(c) for c in command]
    if not argv:
        raise ValueError("empty mlmetrics command")
    return argv


def partial_args(
    task: str,
    *,
    y_true: str | None = None,
    y_pred: str | None = None,
    y_prob: str | Sequence[str] | None = None,
    weight: str | None = None,
    score: str | None = None,
    prediction: str | None = None,
    **options: Any,
) -> tuple[list[str], list[str]]:
    """The arguments of ``mlmetrics partial`` after ``partial -``, and the columns it reads.

    The task and the columns are required: every partition must read the same columns the same way
    (guessing them partition by partition could guess differently).
    """
    if task not in TASKS:
        raise ValueError(f"task must be one of {', '.join(TASKS)}, got {task!r}")
    args = ["--task", task]
    if task == "anomaly":
        if not (prediction and score):
            raise ValueError("task 'anomaly' needs prediction= and score= (column names)")
        roles = [("--prediction", prediction), ("--score", score)]
    else:
        if not (y_true and y_pred):
            raise ValueError(f"task {task!r} needs y_true= and y_pred= (column names)")
        roles = [("--y-true", y_true), ("--y-pred", y_pred)]
        if y_prob is not None:
            probs = [y_prob] if isinstance(y_prob, str) else list(y_prob)
            if any("," in c for c in probs):
                raise ValueError("a y_prob column name contains a comma, which the command line cannot pass")
            roles.append(("--y-prob", ",".join(probs)))
        if weight is not None:
            roles.append(("--weight", weight))
    columns: list[str] = []
    for flag, col in roles:
        args += [flag, col]
        for c in col.split(",") if flag == "--y-prob" else [col]:
            if c not in columns:
                columns.append(c)
    for key, value in options.items():
        if value is None:
            continue
        if key not in OPTION_FLAGS:
            raise TypeError(f"unknown option {key!r} (one of {', '.join(OPTION_FLAGS)})")
        args += [OPTION_FLAGS[key], str(value)]
    return args, columns


def partial_states(df, task: str, *, command: str | Sequence[str] | None = None, **kwargs: Any) -> list[str]:
    """One evaluator state (JSON text) per non-empty partition of ``df``, computed on the executors.

    ``kwargs``: the columns (``y_true``, ``y_pred``, ``y_prob``, ``weight``; ``prediction``, ``score``
    for anomaly detection) and options (``pos_label``, ``average``, ``preset``, ``prefix``,
    ``auc_bins``), as :func:`partial_args` takes them.
    """
    _, columns = partial_args(task, **kwargs)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(f"no column {missing[0]!r} in the DataFrame (columns: {', '.join(df.columns)})")
    # PySpark's mapInArrow cannot resolve column names with dots or backticks: such columns travel
    # under a plain alias (named in error messages with the original name).
    alias = {c: (c if "." not in c and "`" not in c else f"_mlmetrics_col{i}") for i, c in enumerate(columns)}
    renamed = {
        k: ([alias[c] for c in v] if isinstance(v, (list, tuple)) else alias[v]) if k in COLUMN_ARGS and v is not None else v
        for k, v in kwargs.items()
    }
    args, _ = partial_args(task, **renamed)
    aliases = ", ".join(f"{a} is {c!r}" for c, a in alias.items() if a != c)
    argv = resolve_command(command) + ["partial", "-", "--input-format", "arrow", "--threads", "1", "-q"] + args

    # Runs on the executors, once per partition. Self-contained (imports inside, no module globals)
    # so that cloudpickle ships it by value.
    def run_partition(batches):
        import socket
        import subprocess as sp
        import threading

        import pyarrow as pa
        from pyspark import TaskContext

        ctx = TaskContext.get()
        where = f"partition {ctx.partitionId() if ctx else '?'} on {socket.gethostname()}"
        batches = iter(batches)
        first = None
        for b in batches:  # skip empty partitions (mlmetrics refuses an input without rows)
            if b.num_rows > 0:
                first = b
                break
        if first is None:
            return
        try:
            proc = sp.Popen(argv, stdin=sp.PIPE, stdout=sp.PIPE, stderr=sp.PIPE)
        except FileNotFoundError as e:
            raise RuntimeError(
                f"mlmetrics: the command {argv[0]!r} was not found ({where}); install it on every executor "
                "(npm install -g mlmetrics, e.g. in a cluster init script) or pass command=... / set MLMETRICS_CMD"
            ) from e
        out: dict[str, bytes] = {}

        def drain(name, stream):
            out[name] = stream.read()

        readers = [threading.Thread(target=drain, args=(n, s), daemon=True) for n, s in (("stdout", proc.stdout), ("stderr", proc.stderr))]
        for t in readers:
            t.start()
        rows = 0
        try:
            with pa.ipc.new_stream(proc.stdin, first.schema) as writer:
                writer.write_batch(first)
                rows += first.num_rows
                for b in batches:
                    if b.num_rows > 0:
                        writer.write_batch(b)
                        rows += b.num_rows
            proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass  # the command stopped reading (an error): its exit code and message follow
        code = proc.wait()
        for t in readers:
            t.join()
        stdout = out.get("stdout", b"").decode("utf-8")
        stderr = out.get("stderr", b"").decode("utf-8", "replace").strip()
        if code != 0:
            note = f" (columns: {aliases})" if aliases else ""
            raise RuntimeError(f"mlmetrics partial failed with exit code {code} ({where}, {rows} rows written): {stderr}{note}")
        state = stdout.strip()
        if not state or "\n" in state:
            raise RuntimeError(f"mlmetrics partial printed no single state line ({where}): {stdout[:200]!r} {stderr}")
        yield pa.RecordBatch.from_pydict({"state": [state], "rows": [rows]}, schema=pa.schema([("state", pa.large_string()), ("rows", pa.int64())]))

    from pyspark.sql import functions as F

    selected = df.select(*[F.col("`" + c.replace("`", "``") + "`").alias(alias[c]) for c in columns])
    out = selected.mapInArrow(run_partition, "state string, rows long")
    return [r["state"] for r in out.collect()]


# One `mlmetrics merge -` reads its stdin as one JavaScript string (V8: at most 2^29 - 24 characters).
MAX_MERGE_CHARS = 256 << 20


def merge_states(
    states: Iterable[str],
    *,
    command: str | Sequence[str] | None = None,
    state: bool = False,
    preset: str | None = None,
    prefix: str | None = None,
    max_chars: int = MAX_MERGE_CHARS,
) -> str:
    """``mlmetrics merge -`` on the driver: the states (JSON text each) in, the dict's JSON text out
    (NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity"); the merged state with ``state=True``.

    When the states add up to more than ``max_chars`` characters, groups of them that fit are first
    merged into one state each (``mlmetrics merge - --state``), round after round: the same bits (any
    merge tree gives them), and the states of ``auc_bins`` or regression, whose size does not grow with
    the rows, then fit any number of partitions. Exact-AUC states keep every row's score, so their merged
    state is as large as all of them (about 12 characters per unweighted row, 23 weighted): one merge
    holds roughly 4e7 such rows at most.
    """
    lines = [s.strip() for s in states]
    if not lines:
        raise ValueError("no states to merge: the DataFrame has no rows")
    if any("\n" in s or not s for s in lines):
        raise ValueError("a state is empty or spans several lines")
    base = resolve_command(command) + ["merge", "-", "-q"]

    def run(group: list[str], extra: list[str]) -> str:
        argv = base + extra
        try:
            r = subprocess.run(argv, input="\n".join(group) + "\n", capture_output=True, text=True, encoding="utf-8")
        except FileNotFoundError as e:
            raise RuntimeError(f"mlmetrics: the command {argv[0]!r} was not found on the driver (npm install -g mlmetrics)") from e
        if r.returncode != 0:
            raise RuntimeError(f"mlmetrics merge failed with exit code {r.returncode} ({len(group)} states): {r.stderr.strip()}")
        return r.stdout.strip()

    while len(lines) > 1 and sum(len(s) + 1 for s in lines) > max_chars:
        groups: list[list[str]] = [[]]
        size = 0
        for s in lines:
            if groups[-1] and size + len(s) + 1 > max_chars:
                groups.append([])
                size = 0
            groups[-1].append(s)
            size += len(s) + 1
        if len(groups) == len(lines):
            break  # no two states fit one call: try them all at once
        lines = [run(g, ["--state"]) if len(g) > 1 else g[0] for g in groups]
    extra = ["--state"] if state else []
    if preset is not None:
        extra += ["--preset", preset]
    if prefix is not None:
        extra += ["--prefix", prefix]
    return run(lines, extra)


def parse_dict(text: str) -> dict[str, float]:
    """The command's JSON dict as Python floats ("NaN", "Infinity", "-Infinity" back to floats)."""
    special = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
    return {k: special.get(v, v) if isinstance(v, str) else v for k, v in json.loads(text).items()}


def evaluate(df, task: str, *, command: str | Sequence[str] | None = None, **kwargs: Any) -> dict[str, float]:
    """The metric dict of all the rows of ``df``: :func:`partial_states` on the executors, then
    :func:`merge_states` on the driver. Ready for ``mlflow.log_metrics``."""
    return parse_dict(merge_states(partial_states(df, task, command=command, **kwargs), command=command))


def _main(argv: Sequence[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(
        prog="spark_mlmetrics.py",
        description="Reads a predictions file with Spark, computes the metric dict with mlmetrics per partition, merges on the driver, prints it (JSON).",
    )
    p.add_argument("path", help="a file or folder Spark reads (CSV with a header, Parquet, JSON Lines, ORC)")
    p.add_argument("--format", help="csv | parquet | json | orc (default: from the extension; parquet for a folder)")
    p.add_argument("--task", required=True, choices=TASKS)
    for col in ("y-true", "y-pred", "y-prob", "weight", "score", "prediction"):
        p.add_argument(f"--{col}")
    p.add_argument("--pos-label")
    p.add_argument("--average", choices=["micro", "macro", "weighted"])
    p.add_argument("--preset", choices=["compact", "mlflow"])
    p.add_argument("--prefix")
    p.add_argument("--auc-bins", type=int)
    p.add_argument("--partitions", type=int, help="repartition the rows into N partitions first")
    p.add_argument("--master", help="Spark master (default: the session's, e.g. from spark-submit; local[*] when none)")
    p.add_argument("--command", help=f"the mlmetrics command (default: $MLMETRICS_CMD or {DEFAULT_COMMAND})")
    a = p.parse_args(argv)

    from pyspark.sql import SparkSession

    # Python workers run the executors' side: the same interpreter as the driver unless configured.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("mlmetrics")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    try:
        fmt = a.format or next((f for ext, f in ((".csv", "csv"), (".parquet", "parquet"), (".jsonl", "json"), (".json", "json"), (".orc", "orc")) if a.path.lower().endswith(ext)), "parquet")
        reader = spark.read.format(fmt)
        if fmt == "csv":
            reader = reader.option("header", True).option("inferSchema", True).option("escape", '"')
        df = reader.load(a.path)
        if a.partitions:
            df = df.repartition(a.partitions)
        y_prob = a.y_prob.split(",") if a.y_prob else None
        text = merge_states(
            partial_states(
                df, a.task, command=a.command, y_true=a.y_true, y_pred=a.y_pred, y_prob=y_prob, weight=a.weight,
                score=a.score, prediction=a.prediction, pos_label=a.pos_label, average=a.average, preset=a.preset,
                prefix=a.prefix, auc_bins=a.auc_bins,
            ),
            command=a.command,
        )
        print(text)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(_main())
