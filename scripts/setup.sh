#!/usr/bin/env bash
# Idempotent set-up: installs what is missing, then builds the TypeScript sources.
#   bash scripts/setup.sh            everything the tests need: .venv with the student server and its
#                                    hf backend, the real small models, Jupyter, Chromium, npm packages
#   bash scripts/setup.sh --demo     only what `npm run demo` needs (.venv with torch, npm packages)
#   --quiet                          print only what is being installed
# Debian packages come from apt-get when run as root; elsewhere it prints what to install.
# ACTIVESYNTH_PYTHON=/path/to/python uses that interpreter instead of .venv (it must have torch,
# and for the full profile transformers, peft, gguf and pytest).
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

# --- Python side: the student server in the project's virtual environment (.venv) -------------
# Exact versions from gpu-server/requirements.lock. The demo profile installs torch only; the
# full one adds the hf backend (transformers, peft, accelerate, gguf), pytest and ray (the Ray
# replicas' tests: about 20 s and 250 MB more), and fetches the real small models
# (scripts/fetch-models.sh). $ACTIVESYNTH_PYTHON replaces the venv entirely.
lock=gpu-server/requirements.lock
if [ "$profile" = all ]; then extras="[hf,test,ray]"; need="import torch, transformers, peft, gguf, pytest, ray"
else extras=""; need="import torch"; fi
if [ -n "${ACTIVESYNTH_PYTHON:-}" ]; then
  if ! "$ACTIVESYNTH_PYTHON" -c "$need" 2>/dev/null; then
    echo "setup: ACTIVESYNTH_PYTHON=$ACTIVESYNTH_PYTHON cannot run: $need" >&2
    echo "setup: install into it: $ACTIVESYNTH_PYTHON -m pip install -c $lock -e \"gpu-server$extras\"" >&2
    exit 1
  fi
else
  want="$(cat "$lock" gpu-server/pyproject.toml | sha256sum | cut -c1-16)"
  done_stamp() { [ "$(cat ".venv/.activesynth-$1" 2>/dev/null)" = "$want" ]; }
  if ! done_stamp all && { [ "$profile" = all ] || ! done_stamp demo; }; then
    if [ ! -x .venv/bin/python ]; then
      base=""
      for c in python3 /usr/bin/python3; do
        if command -v "$c" >/dev/null && "$c" -c "import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 9))" 2>/dev/null; then
          base="$c"; break
        fi
      done
      if [ -z "$base" ]; then
        if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
          echo "setup: installing python3-venv from apt"
          DEBIAN_FRONTEND=noninteractive apt-get update -qq
          DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
          base=/usr/bin/python3
        else
          echo "setup: need Python >= 3.9 with venv (Debian: apt-get install python3-venv)" >&2; exit 1
        fi
      fi
      say "creating .venv with $("$base" --version)"
      "$base" -m venv .venv
    fi
    echo "setup: installing the student server into .venv (torch from PyPI, about 4 GB on a fresh machine: 1-3 min)"
    .venv/bin/pip install -q --disable-pip-version-check -c "$lock" setuptools
    .venv/bin/pip install -q --disable-pip-version-check --no-build-isolation -c "$lock" -e "gpu-server$extras"
    echo "$want" >".venv/.activesynth-$profile"
  fi
fi
if [ "$profile" = all ]; then bash scripts/fetch-models.sh --quiet; fi

# --- Debian packages: Jupyter and Chromium for the notebooks and figure export (full profile) ---
pkgs=()
if [ "$profile" = all ]; then
  /usr/bin/python3 -c "import scipy" 2>/dev/null || pkgs+=(python3-scipy)
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
    echo "setup: missing: ${pkgs[*]} (install them with your package manager)" >&2
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
  node_modules/.bin/tslab install --python=/usr/bin/python3 --binary="$PWD/node_modules/.bin/tslab" --prefix="$PWD/.jupyter" >/dev/null
fi
say "ready"
