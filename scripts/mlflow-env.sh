#!/usr/bin/env bash
# Create (or reuse) <repo>/.venv-mlflow with the pins in scripts/requirements-mlflow.txt.
#
# Idempotent: a stamp file inside the venv records the sha256 of the requirements file
# (plus the interpreter version); when it matches, nothing is installed again.
# This venv is separate from the fixture venv (.venv) because mlflow drags in a large
# dependency tree (flask, sqlalchemy, alembic, pyarrow, ...). It is meant to be general:
# the generator of test/fixtures/mlflow_evaluate.json runs in it, and so can `mlflow server`.
#
# Usage:  bash scripts/mlflow-env.sh            # then .venv-mlflow/bin/python ...
# Env:    PYTHON=/path/to/python3 (>= 3.10; default: python3)
#         MLFLOW_VENV=/path/to/venv (default: <repo>/.venv-mlflow)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${MLFLOW_VENV:-$REPO/.venv-mlflow}"
REQ="$REPO/scripts/requirements-mlflow.txt"
STAMP="$VENV/.requirements-mlflow.stamp"
PY="${PYTHON:-python3}"

if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
  echo "mlflow-env: $PY is missing or older than Python 3.10 (mlflow 3.x needs >= 3.10)" >&2
  exit 1
fi

want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PY" -c 'import platform; print(platform.python_version())')"

# A venv whose interpreter no longer runs (e.g. its base Python was removed) is rebuilt.
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c 'pass' 2>/dev/null; then
  echo "mlflow-env: $VENV is broken; recreating" >&2
  rm -rf "$VENV"
fi

have=""
if [ -f "$STAMP" ] && [ -x "$VENV/bin/python" ]; then
  have="$(cat "$STAMP")"
fi
have_py="$([ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import platform; print(platform.python_version())' || true)"
want_py="${want#* }"
if [ -x "$VENV/bin/python" ] && [ "$have_py" != "$want_py" ]; then
  echo "mlflow-env: $VENV uses Python $have_py, want $want_py; recreating" >&2
  rm -rf "$VENV"
  have=""
fi

if [ "$have" = "$want" ]; then
  echo "mlflow-env: $VENV is up to date"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "mlflow-env: creating $VENV"
  "$PY" -m venv "$VENV"
fi

rm -f "$STAMP"
"$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$REQ"
"$VENV/bin/python" -c 'import mlflow, sklearn, numpy, pandas, matplotlib; print("mlflow-env: mlflow", mlflow.__version__, "sklearn", sklearn.__version__, "numpy", numpy.__version__, "pandas", pandas.__version__)'
echo "$want" > "$STAMP"
