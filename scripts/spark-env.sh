#!/usr/bin/env bash
# Create (or reuse) <repo>/.venv-spark with the pins of scripts/requirements-spark.txt
# (PySpark 4.3, pyarrow, pandas, scikit-learn) for the Spark recipe (scripts/spark_mlmetrics.py)
# and its test suite (test/spark.test.ts), and make sure a Java runtime (17+, which Spark 4 needs)
# is on PATH.
#
# Java: when `java` is missing (or older than 17) and we are root, Debian's openjdk-17-jre-headless
# (Debian 12; openjdk-21-jre-headless where there is no 17, as on Debian 13) is installed with apt-get,
# non-interactively (CI runs as root on a clean machine); otherwise the script says what to install
# and exits 1.
#
# Idempotent: a stamp file inside the venv records the sha256 of the requirements file and the
# interpreter's version; when it matches (and the pins import with those versions), nothing is
# installed again.
#
# Usage:  bash scripts/spark-env.sh            # then .venv-spark/bin/python scripts/spark_mlmetrics.py …
# Env:    PYTHON=/path/to/python3 (>= 3.10; default: python3)
#         SPARK_VENV=/path/to/venv (default: <repo>/.venv-spark)
#         SPARK_ENV_FORCE=1 to reinstall regardless of the stamp.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SPARK_VENV:-$REPO/.venv-spark}"
REQ="$REPO/scripts/requirements-spark.txt"
STAMP="$VENV/.requirements-spark.stamp"
PY="${PYTHON:-python3}"

log() { echo "spark-env: $*" >&2; }

# --- Java ------------------------------------------------------------------------------------
java_major() {
  # `java -version` prints e.g. 'openjdk version "17.0.15" 2025-04-15' (or "1.8.0_…" for Java 8)
  local v
  v="$(java -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  case "$v" in
    1.*) echo "${v#1.}" | cut -d. -f1 ;;
    "") echo 0 ;;
    *) echo "$v" | cut -d. -f1 ;;
  esac
}

have_java() { command -v java > /dev/null 2>&1 && [ "$(java_major)" -ge 17 ]; }

if ! have_java; then
  if command -v java > /dev/null 2>&1; then
    log "java on PATH is version $(java_major); Spark 4 needs Java 17 or newer"
  else
    log "no java on PATH; Spark 4 needs a Java 17+ runtime"
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq > /tmp/mlmetrics-spark-apt.log 2>&1 || { tail -n 30 /tmp/mlmetrics-spark-apt.log >&2; log "ERROR: apt-get update failed"; exit 1; }
    # Debian 12 has openjdk-17; Debian 13 has no 17 but 21 (also default-jre-headless there)
    pkg=""
    for p in openjdk-17-jre-headless openjdk-21-jre-headless default-jre-headless; do
      cand="$(apt-cache policy "$p" 2> /dev/null | sed -n 's/^ *Candidate: *//p')"
      if [ -n "$cand" ] && [ "$cand" != "(none)" ]; then pkg="$p"; break; fi
    done
    [ -n "$pkg" ] || { log "ERROR: apt has no openjdk-17/21-jre-headless nor default-jre-headless"; exit 1; }
    log "installing Debian's $pkg (apt-get, non-interactive)"
    if ! apt-get install -y -qq --no-install-recommends "$pkg" >> /tmp/mlmetrics-spark-apt.log 2>&1; then
      tail -n 30 /tmp/mlmetrics-spark-apt.log >&2
      log "ERROR: apt-get could not install $pkg (log: /tmp/mlmetrics-spark-apt.log)"
      exit 1
    fi
    hash -r
    if ! have_java; then
      # the package's java may not be the PATH's default alternative yet
      for j in /usr/lib/jvm/java-*-openjdk-*/bin/java; do
        [ -x "$j" ] && update-alternatives --set java "$j" > /dev/null 2>&1 || true
      done
      hash -r
    fi
    have_java || { log "ERROR: $pkg is installed but no Java 17+ is on PATH"; exit 1; }
  else
    log "ERROR: install a Java 17+ runtime (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless;"
    log "       or set JAVA_HOME and put \$JAVA_HOME/bin on PATH), then run this script again"
    exit 1
  fi
fi
log "java: $(java -version 2>&1 | head -n 1)"

# --- the venv --------------------------------------------------------------------------------
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' 2>/dev/null; then
  log "ERROR: $PY is missing or older than Python 3.10 (PySpark 4 needs >= 3.10)"
  exit 1
fi

want="$(sha256sum "$REQ" | cut -d' ' -f1) $("$PY" -c 'import platform; print(platform.python_version())')"

# A venv whose interpreter no longer runs (e.g. its base Python was removed) is rebuilt.
if [ -e "$VENV" ] && ! "$VENV/bin/python" -c 'pass' 2>/dev/null; then
  log "$VENV is broken; recreating"
  rm -rf "$VENV"
fi

# Installed versions equal to the pins?
verify() {
  [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] || return 1
  "$VENV/bin/python" - "$REQ" <<'PY' > /dev/null 2>&1
import re, sys
from importlib.metadata import version
for line in open(sys.argv[1]):
    line = line.split('#', 1)[0].strip()
    m = re.match(r'^([A-Za-z0-9_.\-]+)==(\S+)$', line)
    if m and version(m.group(1)) != m.group(2):
        sys.exit(1)
PY
}

if [ "${SPARK_ENV_FORCE:-0}" != "1" ] && verify; then
  log "$VENV is up to date"
  exit 0
fi

have_py="$([ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import platform; print(platform.python_version())' || true)"
if [ -n "$have_py" ] && [ "$have_py" != "${want#* }" ]; then
  log "$VENV uses Python $have_py, want ${want#* }; recreating"
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV with $("$PY" --version 2>&1)"
  "$PY" -m venv "$VENV"
fi

log "installing the pins of $REQ"
rm -f "$STAMP"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ"
echo "$want" > "$STAMP"
if ! verify; then
  log "ERROR: the installed versions do not match $REQ"
  "$VENV/bin/python" -m pip freeze >&2
  rm -f "$STAMP"
  exit 1
fi
log "done: $("$VENV/bin/python" -c 'import pyspark, pyarrow, pandas, sklearn, numpy; print("pyspark", pyspark.__version__, "pyarrow", pyarrow.__version__, "pandas", pandas.__version__, "sklearn", sklearn.__version__, "numpy", numpy.__version__)')"
