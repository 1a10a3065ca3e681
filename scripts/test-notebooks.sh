#!/usr/bin/env bash
# Executes every notebook in notebooks/ headless with the tslab kernel and fails on any cell error.
#   bash scripts/test-notebooks.sh                 run all, check the executed copies (in a temp dir)
#   bash scripts/test-notebooks.sh 01-quickstart   only the notebooks whose names contain the words
#   UPDATE_NOTEBOOKS=1 bash scripts/test-notebooks.sh   execute in place, so the committed notebooks carry outputs
# First runs the quick demo into .activesynth/notebooks.sqlite (cached across runs): the notebooks
# read that store (ACTIVESYNTH_NOTEBOOK_DB).
# How a failure is seen: tslab answers a cell that throws (a notebook's claim check, a type error)
# with an "error" reply and its message as stderr text, and then aborts the cells sent in the next
# 200 ms, which is every later cell: they come back empty and look like silent cells. So the
# notebooks run through nbclient here, which records each cell's reply; a cell counts as run only on
# an "ok" reply, which gives it its execution count. The check then requires an execution count on
# every code cell, and also reports error outputs and tslab's error text. Outputs must not show
# machine paths or server addresses (/work/, /tmp/, 127.0.0.1, the repository's and home folders).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if ! command -v jupyter-nbconvert >/dev/null; then
  echo "test-notebooks: jupyter-nbconvert is missing (bash scripts/setup.sh installs it)" >&2
  exit 1
fi
# the Python that runs Jupyter (nbclient and nbformat come with nbconvert)
nbpython=""
for py in python3 "$(head -1 "$(command -v jupyter-nbconvert)" | sed -n 's/^#! *//p' | cut -d' ' -f1)"; do
  if [ -n "$py" ] && "$py" -c "import nbclient, nbformat" 2>/dev/null; then nbpython=$py; break; fi
done
if [ -z "$nbpython" ]; then
  echo "test-notebooks: no Python with nbclient and nbformat (they come with jupyter-nbconvert; bash scripts/setup.sh installs it)" >&2
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
# execute.py SOURCE TARGET: runs SOURCE with the tslab kernel (in notebooks/) and writes TARGET;
# a code cell gets an execution count only when tslab's reply says "ok"
cat >"$out/execute.py" <<'PY'
import sys, nbformat
from nbclient import NotebookClient
source, target = sys.argv[1], sys.argv[2]
nb = nbformat.read(source, as_version=4)
for cell in nb.cells:
    if cell.cell_type == "code":
        cell.execution_count = None
        cell.outputs = []
        cell.metadata.pop("execution", None)
count = 0
def executed(cell, cell_index, execute_reply):
    # nbclient numbers every cell it sends; keep a number only where the reply is "ok"
    global count
    if execute_reply and execute_reply["content"].get("status") == "ok":
        count += 1
        cell.execution_count = count
    else:
        cell.execution_count = None
client = NotebookClient(nb, kernel_name="tslab", timeout=900, allow_errors=True, record_timing=False,
                        resources={"metadata": {"path": "notebooks"}}, on_cell_executed=executed)
try:
    client.execute()
finally:
    nbformat.write(nb, target)
PY
# check.py NOTEBOOK NAME FORBIDDEN...: every code cell ran ("ok"), no error output or tslab error
# text, no forbidden string in any output (images and inline image data left out)
cat >"$out/check.py" <<'PY'
import json, re, sys
path, name, forbidden = sys.argv[1], sys.argv[2], [f for f in sys.argv[3:] if f]
nb = json.load(open(path))
code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
def text(v):
    return "".join(v) if isinstance(v, list) else v if isinstance(v, str) else json.dumps(v)
def shown(o):
    """Everything an output shows a reader, as text."""
    if o["output_type"] == "stream":
        return text(o.get("text", ""))
    if o["output_type"] == "error":
        return "\n".join([o.get("ename", ""), o.get("evalue", ""), *o.get("traceback", [])])
    parts = [text(v) for k, v in o.get("data", {}).items() if not k.startswith("image/")]
    return re.sub(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+", "data:image", "\n".join(parts))
# tslab reports a type error as "line:col - message" and a thrown error with its stack, both as stderr text
tslab_error = re.compile(r"^\d+:\d+ - |^\s*(\w*Error|Uncaught)\b.*|^\s+at .+\(.*:\d+:\d+\)$", re.M)
problems = []
not_run = []
for i, c in code:
    first = "".join(c["source"]).strip().splitlines()[:1]
    where = f"cell {i} ({first[0][:60] if first else 'empty'})"
    if c.get("execution_count") is None:
        not_run.append(where)
    for o in c.get("outputs", []):
        if o["output_type"] == "error":
            problems.append(f"{where}: {o.get('ename')}: {o.get('evalue')}")
        elif o["output_type"] == "stream" and o.get("name") == "stderr" and tslab_error.search(text(o.get("text", ""))):
            problems.append(f"{where}: {text(o['text']).strip()[:600]}")
        seen = shown(o) if c.get("execution_count") is not None else ""  # a failed cell's stack has paths: reported above
        for f in forbidden:
            if f in seen:
                k = seen.index(f)
                problems.append(f"{where}: output shows {f!r} (a machine path or address): ...{seen[max(0, k - 60):k + 60]!r}...")
if not_run:
    problems.append(f"{len(not_run)} code cell(s) did not run to an ok reply (a cell threw, or tslab skipped it after an earlier error): " + "; ".join(not_run[:3]) + (" ..." if len(not_run) > 3 else ""))
if problems:
    print(f"FAIL {name}:", *problems, sep="\n  ", file=sys.stderr)
    sys.exit(1)
PY
forbidden=("/work/" "/tmp/" "127.0.0.1" "localhost:" "$root/" "${HOME:+$HOME/}")
status=0
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb" .ipynb)
  if [ $# -gt 0 ]; then
    keep=0
    for want in "$@"; do [[ "$name" == *"$want"* ]] && keep=1; done
    [ "$keep" = 1 ] || continue
  fi
  t0=$(date +%s)
  if [ "${UPDATE_NOTEBOOKS:-0}" = 1 ]; then target="$nb"; else target="$out/$name.ipynb"; fi
  # errors in cells are allowed here (the executed notebook is always written) so the check can name the failing cell
  if ! "$nbpython" "$out/execute.py" "$nb" "$target" >"$out/$name.log" 2>&1; then
    tail -20 "$out/$name.log" >&2
    echo "FAIL $nb: the kernel or nbclient failed (see above)" >&2
    status=1
    [ -f "$target" ] || continue
  fi
  if python3 "$out/check.py" "$target" "$nb" "${forbidden[@]}"; then
    echo "ok   $nb ($(( $(date +%s) - t0 ))s)"
  else
    status=1
  fi
done
echo "test-notebooks: $( [ $status = 0 ] && echo passed || echo FAILED ) in $(( $(date +%s) - start ))s"
exit $status
