"""The official openai npm client works against the server unmodified (multipart upload,
base64 embeddings, SSE streaming, jobs, errors). Skips when node or the package is missing."""

import os
import shutil
import subprocess

import pytest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "openai_client_check.mjs")


def test_openai_npm_client(server):
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    if not os.path.isdir(os.path.join(ROOT, "node_modules", "openai")):
        pytest.skip("the openai npm package is not installed (npm install)")
    p = subprocess.run(["node", SCRIPT, server.url], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "openai client ok" in p.stdout
