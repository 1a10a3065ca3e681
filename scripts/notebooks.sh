#!/usr/bin/env bash
# Opens the worked notebooks in Jupyter (`npm run notebooks`): installs what is missing, registers
# the tslab kernel inside the repo (.jupyter/), and starts Jupyter Lab if installed, else the
# classic notebook, on notebooks/. Extra arguments go to jupyter.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
export JUPYTER_PATH="$PWD/.jupyter/share/jupyter"
export ACTIVESYNTH_NOTEBOOK_DB="${ACTIVESYNTH_NOTEBOOK_DB:-$PWD/.activesynth/notebooks.sqlite}"
export ACTIVESYNTH_CHECKPOINTS="${ACTIVESYNTH_CHECKPOINTS:-$PWD/.activesynth/checkpoints}"
# the shim that lets tslab's type checker resolve `from "activesynth"` (see scripts/test-notebooks.sh)
shim=notebooks/node_modules/activesynth
mkdir -p "$shim"
echo '{ "name": "activesynth", "private": true, "main": "index.js", "types": "index.d.ts" }' >"$shim/package.json"
echo 'module.exports = require("../../../dist/lib/index.js");' >"$shim/index.js"
echo 'export * from "../../../dist/lib/index.js";' >"$shim/index.d.ts"
if [ ! -f "$ACTIVESYNTH_NOTEBOOK_DB" ]; then
  echo "notebooks: building the shared store with the quick demo (a few minutes, once)"
  node bin/activesynth.js demo --quick --db "$ACTIVESYNTH_NOTEBOOK_DB" --out .activesynth/notebooks-out --checkpoint-dir "$ACTIVESYNTH_CHECKPOINTS"
fi
if jupyter lab --version >/dev/null 2>&1; then
  exec jupyter lab --notebook-dir=notebooks "$@"
else
  exec jupyter notebook --notebook-dir=notebooks "$@"
fi
