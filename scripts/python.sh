#!/usr/bin/env bash
# Prints the interpreter that runs the student server, its tests and benchmarks:
# $ACTIVESYNTH_PYTHON when set, else the project's .venv (built by scripts/setup.sh), else
# /usr/bin/python3 when it can import torch, else python3. Sourced or run:
#   py=$(bash scripts/python.sh)
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "${ACTIVESYNTH_PYTHON:-}" ]; then
  echo "$ACTIVESYNTH_PYTHON"
elif [ -x "$root/.venv/bin/python" ]; then
  echo "$root/.venv/bin/python"
elif [ -x /usr/bin/python3 ] && /usr/bin/python3 -c "import torch" >/dev/null 2>&1; then
  echo /usr/bin/python3
else
  echo python3
fi
