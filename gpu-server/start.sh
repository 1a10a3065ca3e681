#!/usr/bin/env bash
# Start the activesynth student server: `npm run gpu-server -- --backend tiny --port 8765`.
# Interpreter: scripts/python.sh ($ACTIVESYNTH_PYTHON, else the project's .venv, else a python3
# that can import torch).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
PY="$(bash "$here/../scripts/python.sh")"
exec "$PY" "$here/serve.py" "$@"
