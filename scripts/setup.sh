#!/usr/bin/env bash
# Idempotent set-up: installs what is missing, then builds the TypeScript sources.
#   bash scripts/setup.sh            everything the tests need (Python/torch, Jupyter, Chromium, npm packages)
#   bash scripts/setup.sh --demo     only what `npm run demo` needs (torch from apt, npm packages)
#   --quiet                          print only what is being installed
# On Debian/Ubuntu as root it uses apt-get; elsewhere it prints what to install (with pip:
# pip install -r gpu-server/requirements.txt, and point ACTIVESYNTH_PYTHON at that interpreter).
set -euo pipefail
cd "$(dirname "$0")/.."
profile=all quiet=0
for arg in "$@"; do
  case "$arg" in
    --demo) profile=demo ;;
    --quiet) quiet=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }

# --- Python side (the student server) -------------------------------------------------------
py="${ACTIVESYNTH_PYTHON:-}"
if [ -z "$py" ]; then
  if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=python3; fi
fi
pkgs=()
"$py" -c "import torch, numpy" 2>/dev/null || pkgs+=(python3-torch python3-numpy)
if command -v dpkg >/dev/null; then
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || pkgs+=(libopenblas0-pthread)
fi
if [ "$profile" = all ]; then
  "$py" -c "import pytest" 2>/dev/null || pkgs+=(python3-pytest)
  "$py" -c "import scipy" 2>/dev/null || pkgs+=(python3-scipy)
  command -v sqlite3 >/dev/null || pkgs+=(sqlite3)
  command -v jupyter-nbconvert >/dev/null || pkgs+=(jupyter-notebook jupyter-nbconvert python3-nbconvert python3-nbclient jupyter-client python3-ipykernel)
  command -v chromium >/dev/null || pkgs+=(chromium)
fi
if [ "${#pkgs[@]}" -gt 0 ]; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "setup: installing from apt: ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${pkgs[@]}" >/dev/null
  else
    echo "setup: missing: ${pkgs[*]}" >&2
    echo "setup: install them with your package manager, or: pip install -r gpu-server/requirements.txt (then export ACTIVESYNTH_PYTHON=\$(which python))" >&2
    exit 1
  fi
fi

# --- Node side -------------------------------------------------------------------------------
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ] || { [ -f package-lock.json ] && [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
  echo "setup: installing npm packages (better-sqlite3 builds from source: 1-2 min)"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi
# node_modules/.bin/tsc belongs to tslab's TypeScript 5.0; build with the pinned typescript@5
say "building (tsc)"
node node_modules/typescript/bin/tsc -p tsconfig.json

# --- Notebook kernel (tslab), registered inside the repo ---------------------------------------
if [ "$profile" = all ] && [ ! -f .jupyter/share/jupyter/kernels/tslab/kernel.json ]; then
  say "registering the tslab kernel in .jupyter/"
  node_modules/.bin/tslab install --python="$py" --binary="$PWD/node_modules/.bin/tslab" --prefix="$PWD/.jupyter" >/dev/null
fi
say "ready"
