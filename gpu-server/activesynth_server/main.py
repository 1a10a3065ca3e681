"""Entry point of the activesynth student server.

    .venv/bin/activesynth-server --backend tiny --port 8765        (installed: pip install -e gpu-server)
    .venv/bin/python -m activesynth_server --backend hf --model path/to/model.gguf

When the server is ready it prints exactly one line to stdout,
`activesynth-server ready http://HOST:PORT` (with the real port when --port 0), and flushes;
everything else goes to stderr. Bad configuration exits with status 2 and a message naming the
flag. See gpu-server/README.md for the flags and endpoints.
"""

import os
import sys

from .config import parse_args
from .errors import ConfigError


def main(argv=None):
    try:
        cfg = parse_args(argv)
    except ConfigError as e:
        print(f"activesynth-server: {e}", file=sys.stderr)
        return 2
    # before torch is imported: OpenBLAS threads compete with torch's (ENVIRONMENT.md)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(cfg.threads))
    os.environ.setdefault("OMP_NUM_THREADS", str(cfg.threads))
    try:
        import torch  # noqa: F401
    except ImportError:
        print("activesynth-server: the Python package 'torch' is not installed for "
              f"{sys.executable} (run bash scripts/setup.sh, which "
              "builds .venv, or set ACTIVESYNTH_PYTHON to an interpreter that has it)", file=sys.stderr)
        return 2
    from .backends import load_backend
    from .router import make_server
    from .serving import Engine
    try:
        backend = load_backend(cfg)
        engine = Engine(cfg, backend)
        server = make_server(cfg, engine)
    except ConfigError as e:
        print(f"activesynth-server: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"activesynth-server: cannot listen on --host {cfg.host} --port {cfg.port}: {e}",
              file=sys.stderr)
        return 2
    host, port = server.server_address[:2]
    print(f"[activesynth] backend={cfg.backend} device={backend.device} "
          f"models={engine.registry.model_ids()} checkpoint_dir={cfg.checkpoint_dir}",
          file=sys.stderr, flush=True)
    print(f"activesynth-server ready http://{host}:{port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
