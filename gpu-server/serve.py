"""Entry point of the activesynth student server.

    npm run gpu-server -- --backend tiny --host 127.0.0.1 --port 8765
    /usr/bin/python3 gpu-server/serve.py --backend hf --model /path/to/model --device cuda

When the server is ready it prints exactly one line to stdout,
`activesynth-server ready http://HOST:PORT` (with the real port when --port 0), and flushes;
everything else goes to stderr. Bad configuration exits with status 2 and a message naming the
flag. See README.md for the flags and endpoints.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from activesynth_server.config import parse_args  # noqa: E402
from activesynth_server.errors import ConfigError  # noqa: E402


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
              f"{sys.executable} (set ACTIVESYNTH_PYTHON, or pip install -r "
              "gpu-server/requirements.txt)", file=sys.stderr)
        return 2
    from activesynth_server.backends import load_backend
    from activesynth_server.router import make_server
    from activesynth_server.serving import Engine
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
