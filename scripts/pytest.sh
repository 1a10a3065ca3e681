#!/usr/bin/env bash
# The student server's pytest suite with the project's Python (scripts/python.sh):
#   npm run test:py                                          all of gpu-server/tests
#   npm run test:py -- gpu-server/tests/test_hf_backend.py   one file (any pytest arguments)
set -euo pipefail
cd "$(dirname "$0")/.."
py="$(bash scripts/python.sh)"
if [ "$#" -eq 0 ]; then set -- gpu-server/tests; fi
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 exec "$py" -m pytest -q -rs "$@"
