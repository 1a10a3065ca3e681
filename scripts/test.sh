#!/usr/bin/env bash
# The whole test suite: TypeScript tests (node --test), the server's pytest suite, the notebooks.
# Run through `npm test`, which runs scripts/setup.sh first.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
echo "== TypeScript tests"
node --test --test-concurrency=1 --test-reporter=spec "dist/test/" || status=1
echo "== gpu-server tests (pytest)"
bash scripts/pytest.sh || status=1
if [ -f scripts/test-notebooks.sh ]; then
  echo "== notebooks"
  bash scripts/test-notebooks.sh || status=1
fi
exit $status
