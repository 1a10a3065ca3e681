"""Student servers as replicas in a Ray cluster (needs the `ray` extra: pip install 'activesynth-server[ray]').

    activesynth-server ray --address HOST:PORT --replicas 2 \\
        [--num-gpus-per-replica 1] [--num-cpus-per-replica 1] [--host IP] [--urls-file FILE] \\
        -- --backend tiny --checkpoint-dir /shared/checkpoints

Each replica is a Ray actor (restarted by Ray when it dies: `--max-restarts`, default -1 = always)
that runs one student server process (`python -m activesynth_server`, the flags after `--`) on the
node Ray placed it on: `--num-gpus-per-replica G` asks Ray for G GPUs each (the actor's
CUDA_VISIBLE_DEVICES, which the server inherits), otherwise `--num-cpus-per-replica` CPUs.
Replicas are spread over the nodes (Ray's SPREAD strategy) and a restarted one goes wherever the
cluster has room. The server listens on the node's IP as Ray knows it (`--host` to choose, e.g.
127.0.0.1 when every node is on this machine) and on a free port.

What the launcher prints on stdout, one JSON object a line (logs go to stderr):

    {"event": "ready", "replica": 0, "url": "http://...", "node_id": "...", "node_ip": "...", "pid": 123, "start": 1}
    {"event": "all-ready", "urls": ["http://...", ...]}     once, when every replica first answered
    {"event": "down", "replica": 1, "url": "http://...", "error": "..."}   the replica is gone
    {"event": "ready", "replica": 1, "url": "http://<new>", ..., "start": 2}   Ray restarted it

`--urls-file FILE` is rewritten (atomically) at every change: `{"urls": [urls of replicas up now],
"replicas": [{"replica", "url", "up", "node_id", ...}]}`. The launcher keeps the replicas up until
it gets SIGTERM or SIGINT, or its stdin closes (`--stdin-watch`, what `activesynth run --ray`
uses: the replicas go when the CLI goes); then it stops the servers and the actors. Its actors are
not detached: they also end when the launcher's driver ends.

Checkpoints: a run that moves to another replica finds its fine-tuned models there only if the
replicas share `--checkpoint-dir` (a path on shared storage that every node mounts at the same
place); without it the run trains the missing checkpoint again (deterministic for its seed, so the
same results, at the cost of the training time).
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time

READY_PREFIX = "activesynth-server ready "


_out = sys.stdout  # our JSON lines only: main() moves everything else that prints to stdout to stderr


def _emit(obj):
    print(json.dumps(obj), file=_out, flush=True)


def _log(msg):
    print(f"[activesynth-ray] {msg}", file=sys.stderr, flush=True)


class ReplicaServer:
    """The body of a replica actor: one student server process, started in the constructor (so a
    restart by Ray starts a new one), and its exit taken as the actor's (Ray restarts it)."""

    def __init__(self, index, server_args, host=None, env=None, start_timeout=600.0):
        import ray

        self.index = index
        self.node_id = ray.get_runtime_context().get_node_id()
        self.node_ip = ray.util.get_node_ip_address()
        host = host or self.node_ip
        cmd = [sys.executable, "-m", "activesynth_server", "--host", host, "--port", "0",
               "--parent-pid", str(os.getpid()), *server_args]
        child_env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
                     "PYTHONUNBUFFERED": "1", **(env or {})}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env)
        self.url = None
        got = threading.Event()
        tail = []

        def logs():  # the server's logs into this worker's log (Ray forwards it with --verbose)
            for line in self.proc.stderr:
                sys.stderr.write(line)
                tail.append(line.rstrip())
                del tail[:-20]

        threading.Thread(target=logs, name="server-stderr", daemon=True).start()

        def read():
            for line in self.proc.stdout:
                if self.url is None and line.startswith(READY_PREFIX):
                    self.url = line[len(READY_PREFIX):].strip()
                    got.set()
            got.set()

        threading.Thread(target=read, name="server-stdout", daemon=True).start()
        if not got.wait(start_timeout) or self.url is None:
            self.proc.kill()
            time.sleep(0.2)  # the last lines of its stderr
            raise RuntimeError(f"replica {index}: the student server did not start "
                               f"(exit status {self.proc.poll()}): {' '.join(cmd)}\n" + "\n".join(tail[-5:]))
        self.stopping = False

        def watch():
            self.proc.wait()
            if not self.stopping:
                print(f"[activesynth-ray] replica {index}: the student server exited "
                      f"({self.proc.returncode}); the actor exits so that Ray restarts it",
                      file=sys.stderr, flush=True)
                os._exit(1)

        threading.Thread(target=watch, name="server-watch", daemon=True).start()

    def info(self):
        return {"replica": self.index, "url": self.url, "node_id": self.node_id,
                "node_ip": self.node_ip, "pid": self.proc.pid, "actor_pid": os.getpid()}

    def stop(self):
        self.stopping = True
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return True


def parse_args(argv):
    if "--" in argv:
        cut = argv.index("--")
        argv, server_args = argv[:cut], argv[cut + 1:]
    else:
        server_args = []
    p = argparse.ArgumentParser(prog="activesynth-server ray",
                                description="Student servers as Ray actors; flags after -- go to each server.")
    p.add_argument("--address", required=True, help="the Ray cluster (HOST:PORT of its head, or auto)")
    p.add_argument("--replicas", type=int, default=1)
    p.add_argument("--num-gpus-per-replica", type=float, default=0)
    p.add_argument("--num-cpus-per-replica", type=float, default=None,
                   help="default 1 without GPUs, 0 with (a GPU replica holds no CPU slot)")
    p.add_argument("--host", default=None, help="address the servers listen on (default: the node's IP)")
    p.add_argument("--max-restarts", type=int, default=-1, help="Ray restarts of a replica (-1: always)")
    p.add_argument("--urls-file", default=None)
    p.add_argument("--start-timeout", type=float, default=600.0, help="seconds for a server to be ready")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between health checks")
    p.add_argument("--stdin-watch", action="store_true", help="stop when stdin closes")
    p.add_argument("--verbose", action="store_true", help="forward the servers' logs to stderr")
    args = p.parse_args(argv)
    if args.replicas < 1:
        p.error("--replicas must be at least 1")
    if args.num_gpus_per_replica < 0:
        p.error("--num-gpus-per-replica must be >= 0")
    if args.num_cpus_per_replica is None:
        args.num_cpus_per_replica = 0 if args.num_gpus_per_replica > 0 else 1
    for flag in ("--host", "--port", "--parent-pid"):
        if flag in server_args:
            p.error(f"{flag} after -- is the launcher's to set (use the launcher's --host)")
    return args, server_args


class Launcher:
    def __init__(self, args, server_args):
        import ray

        self.ray = ray
        self.args = args
        # checkpoints and uploads must be one directory for every replica: an absolute path
        server_args = list(server_args)
        if "--checkpoint-dir" in server_args:
            i = server_args.index("--checkpoint-dir") + 1
            server_args[i] = os.path.abspath(server_args[i])
        self.server_args = server_args
        env = {}
        if os.environ.get("ACTIVESYNTH_API_KEY"):
            env["ACTIVESYNTH_API_KEY"] = os.environ["ACTIVESYNTH_API_KEY"]
        actor = ray.remote(ReplicaServer).options(
            num_cpus=args.num_cpus_per_replica, num_gpus=args.num_gpus_per_replica,
            max_restarts=args.max_restarts, max_task_retries=0, scheduling_strategy="SPREAD")
        self.actors = [actor.remote(i, server_args, args.host, env, args.start_timeout)
                       for i in range(args.replicas)]
        self.state = [{"replica": i, "url": None, "up": False, "starts": 0} for i in range(args.replicas)]
        self.lock = threading.Lock()

    def write_urls(self):
        if not self.args.urls_file:
            return
        doc = {"urls": [s["url"] for s in self.state if s["up"]], "replicas": self.state}
        tmp = f"{self.args.urls_file}.tmp{os.getpid()}"
        with open(tmp, "w") as f:
            json.dump(doc, f, indent=1)
        os.replace(tmp, self.args.urls_file)

    def poll(self, timeout):
        """Asks every replica for its info; reports changes. -> True when every replica is up."""
        ray = self.ray
        refs = [a.info.remote() for a in self.actors]
        changed = False
        for i, ref in enumerate(refs):
            s = self.state[i]
            try:
                info = ray.get(ref, timeout=timeout)
            except Exception as e:  # RayActorError, ActorUnavailableError, GetTimeoutError
                if isinstance(e, ray.exceptions.ActorDiedError) and not s.get("dead"):
                    # for good: its constructor failed (the server did not start) or restarts ran out
                    cause = getattr(e, "cause", None) or getattr(e, "error_msg", "")
                    s["dead"] = str(cause or e)
                if isinstance(e, ray.exceptions.GetTimeoutError):
                    try:  # a restarting actor: do not let the queued call pile up
                        ray.cancel(ref)
                    except Exception:
                        pass
                if s["up"]:
                    s["up"] = False
                    changed = True
                    _emit({"event": "down", "replica": i, "url": s["url"], "error": type(e).__name__})
                    _log(f"replica {i} at {s['url']} is down ({type(e).__name__}); Ray restarts it where the cluster has room")
                continue
            if s["up"] and (info["actor_pid"] != s.get("actor_pid") or info["url"] != s["url"]):
                # restarted between two polls: the old one is gone all the same
                _emit({"event": "down", "replica": i, "url": s["url"], "error": "restarted"})
                _log(f"replica {i} at {s['url']} was restarted by Ray")
            if not s["up"] or info["actor_pid"] != s.get("actor_pid") or info["url"] != s["url"]:
                s.update(info, up=True, starts=s["starts"] + 1)
                changed = True
                _emit({"event": "ready", **info, "start": s["starts"]})
        if changed:
            self.write_urls()
        return all(s["up"] for s in self.state)

    def stop(self):
        ray = self.ray
        stops = [a.stop.remote() for a in self.actors]
        try:
            ray.get(stops, timeout=15)
        except Exception:
            pass
        for a in self.actors:
            try:
                ray.kill(a, no_restart=True)
            except Exception:
                pass


def main(argv=None):
    global _out
    args, server_args = parse_args(sys.argv[1:] if argv is None else argv)
    # Ray writes to stdout too (e.g. "(raylet) A worker died ..."): keep the real stdout for our
    # JSON lines and point file descriptor 1 (and sys.stdout) at stderr
    sys.stdout.flush()
    _out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        import ray
    except ImportError:
        print("activesynth-ray: the Python package 'ray' is not installed for "
              f"{sys.executable} (pip install 'activesynth-server[ray]')", file=sys.stderr)
        return 2
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    if args.stdin_watch:
        def watch_stdin():
            while sys.stdin.readline():
                pass
            stop.set()
        threading.Thread(target=watch_stdin, name="stdin-watch", daemon=True).start()
    if args.address != "auto" and ":" in args.address:
        # ray.init retries an address where nothing listens for minutes: one line at once instead
        host, _, port = args.address.rpartition(":")
        try:
            socket.create_connection((host, int(port)), timeout=10).close()
        except (OSError, ValueError) as e:
            print(f"activesynth-ray: no Ray cluster answers at --address {args.address} ({e}); "
                  "start one with `ray start --head --port PORT`", file=sys.stderr)
            return 2
    try:
        ray.init(address=args.address, log_to_driver=args.verbose, logging_level="WARNING",
                 configure_logging=True)
    except Exception as e:  # ConnectionError and friends: one line
        print(f"activesynth-ray: cannot join the Ray cluster at --address {args.address}: {e}",
              file=sys.stderr)
        return 2
    for sig in (signal.SIGTERM, signal.SIGINT):  # ray.init installed its own
        signal.signal(sig, lambda *_: stop.set())
    launcher = Launcher(args, server_args)
    try:
        started = time.time()
        deadline = started + args.start_timeout
        told = False
        while not stop.is_set():
            if launcher.poll(timeout=5):
                break
            dead = [s for s in launcher.state if s.get("dead")]
            if dead:
                print(f"activesynth-ray: replica {dead[0]['replica']} cannot start: {dead[0]['dead']}", file=sys.stderr)
                return 1
            if not told and time.time() - started > 30:
                told = True
                waiting = [s["replica"] for s in launcher.state if not s["up"]]
                _log(f"replica(s) {waiting} not up after 30 s: starting, or waiting for room in the cluster "
                     f"({args.num_cpus_per_replica:g} CPU and {args.num_gpus_per_replica:g} GPU each; `ray status` shows what is free)")
            if time.time() > deadline:
                missing = [s["replica"] for s in launcher.state if not s["up"]]
                print(f"activesynth-ray: replica(s) {missing} did not start within {args.start_timeout:.0f} s "
                      "(does the cluster have room: CPUs or GPUs per replica?)", file=sys.stderr)
                return 1
            stop.wait(args.interval)
        if not stop.is_set():
            _emit({"event": "all-ready", "urls": [s["url"] for s in launcher.state]})
        while not stop.is_set():
            stop.wait(args.interval)
            if not stop.is_set():
                launcher.poll(timeout=5)
        return 0
    finally:
        launcher.stop()
        ray.shutdown()


if __name__ == "__main__":
    sys.exit(main())
