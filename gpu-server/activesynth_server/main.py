"""Entry point of the activesynth student server.

    .venv/bin/activesynth-server --backend tiny --port 8765        (installed: pip install -e gpu-server)
    .venv/bin/python -m activesynth_server --backend hf --model path/to/model.gguf

When the server is ready it prints exactly one line to stdout,
`activesynth-server ready http://HOST:PORT` (with the real port when --port 0), and flushes;
everything else goes to stderr. Bad configuration exits with status 2 and a message naming the
flag. See gpu-server/README.md for the flags and endpoints.
"""

import importlib.util
import os
import sys

from .config import parse_args
from .errors import ConfigError


def main(argv=None):
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["ray"]:  # activesynth-server ray ...: the servers as replicas in a Ray cluster
        from .ray_replicas import main as ray_main
        return ray_main(args[1:])
    try:
        cfg = parse_args(argv)
    except ConfigError as e:
        print(f"activesynth-server: {e}", file=sys.stderr)
        return 2
    # before torch is imported: a BLAS or OpenMP pool of its own would compete with torch's threads
    os.environ.setdefault("OPENBLAS_NUM_THREADS", str(cfg.threads))
    os.environ.setdefault("OMP_NUM_THREADS", str(cfg.threads))
    try:
        import torch  # noqa: F401
    except ImportError:
        print("activesynth-server: the Python package 'torch' is not installed for "
              f"{sys.executable} (run bash scripts/setup.sh, which "
              "builds .venv, or set ACTIVESYNTH_PYTHON to an interpreter that has it)", file=sys.stderr)
        return 2
    missing = [m for m in ("aiohttp", "pydantic") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"activesynth-server: the Python package(s) {', '.join(missing)} are not installed for "
              f"{sys.executable} (run bash scripts/setup.sh, or pip install -e gpu-server)",
              file=sys.stderr)
        return 2
    from .app import make_app
    from .backends import load_backend
    from .http_server import listen, serve
    from .serving import Engine
    try:
        backend = load_backend(cfg)
        engine = Engine(cfg, backend)
        app = make_app(cfg, engine)
        sock = listen(cfg)
    except ConfigError as e:
        print(f"activesynth-server: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"activesynth-server: cannot listen on --host {cfg.host} --port {cfg.port}: {e}",
              file=sys.stderr)
        return 2

    def ready(host, port):
        print(f"[activesynth] backend={cfg.backend} device={backend.device} "
              f"models={engine.registry.model_ids()} checkpoint_dir={cfg.checkpoint_dir}",
              file=sys.stderr, flush=True)
        print(f"activesynth-server ready http://{host}:{port}", flush=True)
        if cfg.parent_pid:
            watch_parent(cfg.parent_pid)

    try:
        serve(sock, app, ready)
    except KeyboardInterrupt:
        pass
    return 0


def parent_alive(pid, was_child):
    """Whether process `pid` still runs. Our own parent: until we are re-parented (a killed
    parent may linger as a zombie where init does not reap). Another process: it exists and is
    not a zombie."""
    if was_child:
        return os.getppid() == pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, owned by another user
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True  # no /proc (macOS): kill(pid, 0) is all there is


def watch_parent(pid, interval=1.0):
    """A daemon thread that ends the process once `pid` is gone (checked every `interval` s).
    os._exit: a job in flight is dropped, and the loop trains it again (deterministically) on resume."""
    import threading
    import time

    was_child = os.getppid() == pid

    def watch():
        while parent_alive(pid, was_child):
            time.sleep(interval)
        try:  # stderr is often a pipe to the parent that just died
            print(f"[activesynth] parent process {pid} is gone: exiting", file=sys.stderr, flush=True)
        except OSError:
            pass
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
