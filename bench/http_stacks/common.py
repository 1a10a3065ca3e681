"""Shared by the HTTP-stack prototypes of bench/http_stack_bench.py: the engine on the tiny backend
built from the server's own flags, and the bench's routes as plain functions of a parsed body."""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "gpu-server"))

from activesynth_server import protocol  # noqa: E402
from activesynth_server.backends import load_backend  # noqa: E402
from activesynth_server.config import parse_args  # noqa: E402
from activesynth_server.serving import Engine  # noqa: E402


def engine_from_argv(argv):
    cfg = parse_args(argv)
    return cfg, Engine(cfg, load_backend(cfg))


def dumps(obj):
    return json.dumps(obj).encode()


def ready(host, port):
    print(f"activesynth-server ready http://{host}:{port}", flush=True)


__all__ = ["engine_from_argv", "dumps", "ready", "protocol"]
