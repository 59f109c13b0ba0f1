# Sourced by scripts/dev and scripts/test: a virtualenv in .venv with requirements-dev.txt installed.
# Re-installs only when the requirement files change (a stamp file remembers their hash).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" - <<'PY' || { echo "DecoCRM needs Python 3.11 or newer (found $("$PYTHON" --version 2>&1))." >&2; exit 1; }
import sys
sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY
if [ ! -x .venv/bin/python ]; then
  echo "==> creating virtualenv .venv"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha
want=$(cat requirements.txt requirements-dev.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> installing Python packages (requirements-dev.txt)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
  echo "$want" > "$stamp"
fi
mkdir -p var/log var/test-artifacts
export PATH="$PWD/.venv/bin:$PATH"

port_open() {  # port_open HOST PORT
  .venv/bin/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('$1', $2)))" 2>/dev/null
}
