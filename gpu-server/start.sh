#!/usr/bin/env bash
# Start the activesynth student server: `npm run gpu-server -- --backend tiny --port 8765`.
# Interpreter: $ACTIVESYNTH_PYTHON if set, else Debian's /usr/bin/python3 when it can import
# torch (the python3 first on PATH may lack it), else python3.
set -euo pipefail
if [ -n "${ACTIVESYNTH_PYTHON:-}" ]; then
  PY="$ACTIVESYNTH_PYTHON"
elif [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
  PY=/usr/bin/python3
else
  PY=python3
fi
exec "$PY" "$(dirname "$0")/serve.py" "$@"
