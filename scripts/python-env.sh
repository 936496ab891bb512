#!/usr/bin/env bash
# Create/refresh the project's Python venv at <repo>/.venv with the pinned
# packages from scripts/requirements.txt. Idempotent: when the venv exists and
# its stamp file matches the hash of requirements.txt (and the pinned packages
# import with the expected versions), nothing is installed.
#
# Usage: bash scripts/python-env.sh && .venv/bin/python <script.py>
# Env:   PYTHON (interpreter to create the venv with, default python3)
#        PYTHON_ENV_FORCE=1 to reinstall regardless of the stamp.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
REQ="$REPO/scripts/requirements.txt"
STAMP="$VENV/.requirements.sha256"
PY="${PYTHON:-python3}"

log() { echo "[python-env] $*" >&2; }

req_hash="$(sha256sum "$REQ" | cut -d' ' -f1)"

# Quick check: venv present, stamp matches, and pinned versions are what is installed.
verify() {
  [ -x "$VENV/bin/python" ] || return 1
  [ -f "$STAMP" ] || return 1
  [ "$(cat "$STAMP")" = "$req_hash" ] || return 1
  "$VENV/bin/python" - "$REQ" <<'PY' >/dev/null 2>&1
import sys, re
from importlib.metadata import version
for line in open(sys.argv[1]):
    line = line.split('#', 1)[0].strip()
    if not line:
        continue
    m = re.match(r'^([A-Za-z0-9_.\-]+)==(\S+)$', line)
    if m and version(m.group(1)) != m.group(2):
        sys.exit(1)
PY
}

if [ "${PYTHON_ENV_FORCE:-0}" != "1" ] && verify; then
  log "venv $VENV is up to date (requirements sha256 ${req_hash:0:12}); skipping install"
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  log "creating venv at $VENV with $($PY --version 2>&1)"
  "$PY" -m venv "$VENV"
else
  log "venv exists at $VENV but is stale or unverified; reinstalling pinned packages"
fi

log "installing pinned packages from $REQ"
rm -f "$STAMP"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ"

echo "$req_hash" > "$STAMP"
if ! verify; then
  log "ERROR: installed versions do not match $REQ"
  "$VENV/bin/python" -m pip freeze >&2
  exit 1
fi
log "done: $("$VENV/bin/python" -c 'import sklearn, numpy, scipy, sys; print("python", sys.version.split()[0], "sklearn", sklearn.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__)')"
