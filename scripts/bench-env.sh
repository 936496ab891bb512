#!/usr/bin/env bash
# Create/refresh <repo>/.venv-bench with the pins in scripts/requirements-bench.txt
# (pandas + pyarrow + scikit-learn: the baselines of bench/readers.mjs and the writer of its
# Parquet/Arrow files). Idempotent: a stamp file holds the sha256 of the requirements file and
# the interpreter version; when it matches, nothing is installed.
#
# Usage: bash scripts/bench-env.sh && .venv-bench/bin/python ...
# Env:   PYTHON (interpreter to create the venv with, default python3)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv-bench"
REQ="$REPO/scripts/requirements-bench.txt"
STAMP="$VENV/.requirements-bench.stamp"
PY="${PYTHON:-python3}"

want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PY" -c 'import platform; print(platform.python_version())')"
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c 'pass' 2>/dev/null; then
  echo "[bench-env] $VENV is broken; recreating" >&2
  rm -rf "$VENV"
fi
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "[bench-env] $VENV is up to date" >&2
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
rm -f "$STAMP"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ"
echo "$want" > "$STAMP"
echo "[bench-env] done: $("$VENV/bin/python" -c 'import pandas, pyarrow, sklearn; print("pandas", pandas.__version__, "pyarrow", pyarrow.__version__, "sklearn", sklearn.__version__)')" >&2
