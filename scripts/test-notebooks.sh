#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the tslab kernel and fails on any cell error.
#   bash scripts/test-notebooks.sh                 run all, check the executed copies (in a temp dir)
#   bash scripts/test-notebooks.sh 01-quickstart   only the notebooks whose names contain the words
#   UPDATE_NOTEBOOKS=1 bash scripts/test-notebooks.sh   execute in place, so the committed notebooks carry outputs
# First runs the quick demo into .activesynth/notebooks.sqlite (cached across runs): the notebooks
# read that store (ACTIVESYNTH_NOTEBOOK_DB). tslab skips every cell after an error and reports it
# as stderr text, so besides error outputs the check looks for tslab's error text and requires the
# last cell's sentinel line "NOTEBOOK OK".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v jupyter-nbconvert >/dev/null; then
  echo "test-notebooks: jupyter-nbconvert is missing (bash scripts/setup.sh installs it)" >&2
  exit 1
fi
[ -f dist/lib/index.js ] || node node_modules/typescript/bin/tsc -p tsconfig.json

# --- the kernel and the "activesynth" module as tslab sees it ----------------------------------
export JUPYTER_PATH="$root/.jupyter/share/jupyter"
if [ ! -f .jupyter/share/jupyter/kernels/tslab/kernel.json ]; then
  node_modules/.bin/tslab install --python=/usr/bin/python3 --binary="$root/node_modules/.bin/tslab" --prefix="$root/.jupyter" >/dev/null
fi
# tslab type-checks cells with Node10 module resolution, which ignores package.json "exports" and
# the package's self-reference; this shim (ignored by git) makes `from "activesynth"` resolve to dist/.
shim=notebooks/node_modules/activesynth
mkdir -p "$shim"
echo '{ "name": "activesynth", "private": true, "main": "index.js", "types": "index.d.ts" }' >"$shim/package.json"
echo 'module.exports = require("../../../dist/lib/index.js");' >"$shim/index.js"
echo 'export * from "../../../dist/lib/index.js";' >"$shim/index.d.ts"

# --- the shared store: the quick demo (cached) --------------------------------------------------
export ACTIVESYNTH_NOTEBOOK_DB="${ACTIVESYNTH_NOTEBOOK_DB:-$root/.activesynth/notebooks.sqlite}"
export ACTIVESYNTH_CHECKPOINTS="${ACTIVESYNTH_CHECKPOINTS:-$root/.activesynth/checkpoints}"
# committed outputs: a static PNG per figure, no inlined plotly.js (4.9 MB a notebook); override to inline
export ACTIVESYNTH_NOTEBOOK_PLOTLY="${ACTIVESYNTH_NOTEBOOK_PLOTLY:-none}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
mkdir -p .activesynth
start=$(date +%s)
echo "test-notebooks: quick demo into $ACTIVESYNTH_NOTEBOOK_DB (cached after the first run)"
demo() {
  node bin/activesynth.js demo --quick --db "$ACTIVESYNTH_NOTEBOOK_DB" --out .activesynth/notebooks-out \
    --checkpoint-dir "$ACTIVESYNTH_CHECKPOINTS" "$@" >.activesynth/notebooks-demo.log 2>&1
}
if [ "${ACTIVESYNTH_NOTEBOOK_SKIP_DEMO:-0}" = 1 ]; then
  echo "test-notebooks: ACTIVESYNTH_NOTEBOOK_SKIP_DEMO=1: using the store as it is"
elif ! demo; then
  if grep -q "with a different config" .activesynth/notebooks-demo.log; then
    # the demo's settings changed since the store was built: rebuild it (checkpoints stay cached)
    echo "test-notebooks: the demo's config changed; rebuilding the store"
    demo --fresh || { tail -20 .activesynth/notebooks-demo.log >&2; echo "test-notebooks: the quick demo failed" >&2; exit 1; }
  else
    tail -20 .activesynth/notebooks-demo.log >&2
    echo "test-notebooks: the quick demo failed (log: .activesynth/notebooks-demo.log)" >&2
    exit 1
  fi
fi
echo "test-notebooks: demo ready in $(( $(date +%s) - start ))s"

# --- execute and check ------------------------------------------------------------------------
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  if [ $# -gt 0 ]; then
    keep=0
    for want in "$@"; do [[ "$name" == *"$want"* ]] && keep=1; done
    [ "$keep" = 1 ] || continue
  fi
  t0=$(date +%s)
  if [ "${UPDATE_NOTEBOOKS:-0}" = 1 ]; then target="$nb"; args=(--inplace); else target="$out/$name.ipynb"; args=(--output-dir "$out"); fi
  # --allow-errors: always write the executed notebook, so the check below can name the failing cell
  if ! jupyter nbconvert --to notebook --execute --allow-errors --ExecutePreprocessor.kernel_name=tslab \
      --ExecutePreprocessor.timeout=900 "${args[@]}" "$nb" >"$out/$name.log" 2>&1; then
    tail -20 "$out/$name.log" >&2
    echo "FAIL $nb: nbconvert failed (see above)" >&2
    status=1
    continue
  fi
  if python3 - "$target" "$nb" <<'PY'
import json, re, sys
path, name = sys.argv[1], sys.argv[2]
nb = json.load(open(path))
code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
def text(o):
    t = o.get("text", "")
    return "".join(t) if isinstance(t, list) else t
# tslab reports a type error as "line:col - message" and a thrown error with its stack, both as stderr text
tslab_error = re.compile(r"^\d+:\d+ - |^\s*(\w*Error|Uncaught)\b.*|^\s+at .+\(.*:\d+:\d+\)$", re.M)
problems = []
for i, c in code:
    first = "".join(c["source"]).strip().splitlines()[:1]
    where = f"cell {i} ({first[0][:60] if first else 'empty'})"
    for o in c.get("outputs", []):
        if o["output_type"] == "error":
            problems.append(f"{where}: {o.get('ename')}: {o.get('evalue')}")
        elif o["output_type"] == "stream" and o.get("name") == "stderr" and tslab_error.search(text(o)):
            problems.append(f"{where}: {text(o).strip()[:400]}")
last_i, last = code[-1]
if not any(o["output_type"] == "stream" and "NOTEBOOK OK" in text(o) for o in last.get("outputs", [])):
    problems.append(f"cell {last_i} (the last code cell) did not print NOTEBOOK OK: an earlier cell stopped the notebook, or the sentinel is missing")
if problems:
    print(f"FAIL {name}:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
PY
  then
    echo "ok   $nb ($(( $(date +%s) - t0 ))s)"
  else
    status=1
  fi
done
echo "test-notebooks: $( [ $status = 0 ] && echo passed || echo FAILED ) in $(( $(date +%s) - start ))s"
exit $status
