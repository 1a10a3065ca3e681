"""The official openai npm client works against the server unmodified (multipart upload,
base64 embeddings, SSE streaming, jobs, errors). Node and the package are part of the test
set-up (scripts/setup.sh): without them this test fails, naming what is missing."""

import os
import shutil
import subprocess

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openai_client_check.mjs")


def test_openai_npm_client(server):
    if shutil.which("node") is None:
        pytest.fail("node is not installed (Node >= 20; bash scripts/setup.sh checks for it)")
    if not os.path.isdir(os.path.join(ROOT, "node_modules", "openai")):
        pytest.fail("the openai npm package is not installed (bash scripts/setup.sh runs npm ci)")
    p = subprocess.run(["node", SCRIPT, server.url], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "openai client ok" in p.stdout
