"""Student servers as Ray replicas (activesynth_server/ray_replicas.py), and what they rely on.

The full story (two nodes, a node killed mid-run, runs compared with undisturbed ones) is the
TypeScript test test/ray/ray-cluster.test.ts. Here: the flags, the shared checkpoint directory,
and a one-node cluster whose replica loses its server and is restarted by Ray at a new URL.
npm test installs ray (scripts/setup.sh's full profile); without it these tests fail, never skip.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from conftest import arith
from activesynth_server.ray_replicas import parse_args


def test_flags():
    args, server = parse_args(["--address", "127.0.0.1:1", "--replicas", "3", "--", "--backend", "tiny"])
    assert (args.replicas, args.num_cpus_per_replica, args.num_gpus_per_replica) == (3, 1, 0)
    assert server == ["--backend", "tiny"]
    args, _ = parse_args(["--address", "auto", "--num-gpus-per-replica", "1"])
    assert args.num_cpus_per_replica == 0  # a GPU replica holds no CPU slot unless asked
    for bad in (["--address", "a", "--replicas", "0"], ["--address", "a", "--", "--port", "1"], ["--replicas", "1"]):
        with pytest.raises(SystemExit):
            parse_args(bad)


def test_models_list_checkpoints_another_server_wrote_since(start_server, tmp_path):
    """A run that moves to another replica asks it for its models (GET /v1/models) before it
    decides to train a checkpoint again: the list must hold what the dead replica wrote into the
    shared directory after this server started, not only after a first use."""
    a = start_server([], str(tmp_path))
    b = start_server([], str(tmp_path))
    job = a.wait_job(a.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": a.upload(arith(8))["id"], "hyperparameters": {"n_steps": 2}})["id"])
    mid = job["fine_tuned_model"]
    assert mid in [m["id"] for m in b.ok("GET", "/v1/models")["data"]]
    assert mid in b.ok("GET", "/health")["models"]


def _ray_bin():
    return os.path.join(os.path.dirname(sys.executable), "ray")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_tree_pids(root):
    """pids whose parent chain reaches root (from /proc)."""
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    stat = f.read()
                parent[int(name)] = int(stat[stat.rindex(")") + 2:].split()[1])
            except OSError:
                pass
    out, frontier = set(), {root}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier and p not in out}
        out |= frontier
    return out


def _need_ray():
    try:
        import ray  # noqa: F401
    except ImportError:
        pytest.fail("ray is not installed: bash scripts/setup.sh installs it (pip install 'activesynth-server[ray]')")


@pytest.fixture
def one_node_cluster():
    """A head node of our own (own temp dir, 2 CPUs), stopped by process group and pid, never
    with `ray stop` (which would stop every Ray cluster on the machine)."""
    _need_ray()
    tmp = tempfile.mkdtemp(prefix="asray-", dir="/tmp")  # short: Ray's socket paths
    port = _free_port()
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0"}
    start = subprocess.Popen([_ray_bin(), "start", "--head", "--node-ip-address", "127.0.0.1", "--port", str(port),
                              "--num-cpus", "2", "--num-gpus", "0", "--include-dashboard", "false",
                              "--temp-dir", tmp, "--disable-usage-stats"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    out = start.communicate(timeout=120)[0]
    assert start.returncode == 0, out
    pgid = start.pid
    yield f"127.0.0.1:{port}"
    raylets = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/cmdline") as f:
                    cmd = f.read().split("\0")
            except OSError:
                continue
            if cmd[0].endswith("/raylet") and any(a.startswith(f"--raylet_socket_name={tmp}/") for a in cmd):
                raylets.append(int(name))
    for pid in [p for r in raylets for p in _proc_tree_pids(r)] + raylets:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.killpg(pgid, signal.SIGKILL)
    except OSError:
        pass
    shutil.rmtree(tmp, ignore_errors=True)


def test_a_replica_whose_server_dies_is_restarted_at_a_new_url(one_node_cluster, tmp_path):
    urls_file = tmp_path / "urls.json"
    launcher = subprocess.Popen(
        [sys.executable, "-m", "activesynth_server.ray_replicas", "--address", one_node_cluster,
         "--replicas", "1", "--host", "127.0.0.1", "--urls-file", str(urls_file), "--stdin-watch",
         "--start-timeout", "120", "--", "--backend", "tiny", "--threads", "1",
         "--checkpoint-dir", str(tmp_path / "ckpt")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    try:
        def next_event():
            line = launcher.stdout.readline()
            if not line:
                launcher.kill()
                pytest.fail(f"the launcher exited: {launcher.stderr.read()}")
            return json.loads(line)

        first = next_event()
        assert first["event"] == "ready" and first["replica"] == 0 and first["start"] == 1, first
        assert next_event() == {"event": "all-ready", "urls": [first["url"]]}
        with urllib.request.urlopen(first["url"] + "/health", timeout=10) as r:
            assert json.load(r)["backend"] == "tiny"
        assert json.loads(urls_file.read_text())["urls"] == [first["url"]]
        os.kill(first["pid"], signal.SIGKILL)  # the server crashes; its actor exits, Ray restarts it
        events = [next_event() for _ in range(2)]
        assert [e["event"] for e in events] == ["down", "ready"], events
        again = events[1]
        assert again["start"] == 2 and again["url"] != first["url"] and again["pid"] != first["pid"]
        with urllib.request.urlopen(again["url"] + "/health", timeout=10) as r:
            assert json.load(r)["status"] == "ok"
        doc = json.loads(urls_file.read_text())
        assert doc["urls"] == [again["url"]] and doc["replicas"][0]["starts"] == 2
    finally:
        launcher.stdin.close()  # the launcher stops its server and actor, then exits
        try:
            code = launcher.wait(60)
        except subprocess.TimeoutExpired:
            launcher.kill()
            raise
        launcher.stdout.close()
        launcher.stderr.close()
    assert code == 0
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            urllib.request.urlopen(again["url"] + "/health", timeout=2)
        except OSError:
            break  # nothing answers there any more
        time.sleep(0.5)
    else:
        pytest.fail("the replica's server still answers after the launcher stopped")


def test_no_cluster_at_the_address_is_one_line_at_once():
    _need_ray()
    t0 = time.time()
    r = subprocess.run([sys.executable, "-m", "activesynth_server", "ray", "--address", f"127.0.0.1:{_free_port()}"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert "no Ray cluster answers at --address 127.0.0.1:" in r.stderr
    assert time.time() - t0 < 30


def test_a_server_that_cannot_start_ends_the_launcher_with_its_reason(one_node_cluster, tmp_path):
    r = subprocess.run([sys.executable, "-m", "activesynth_server", "ray", "--address", one_node_cluster,
                        "--replicas", "1", "--host", "127.0.0.1", "--start-timeout", "120", "--",
                        "--backend", "nope", "--checkpoint-dir", str(tmp_path)],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"})
    assert r.returncode == 1 and r.stdout == "", (r.stdout, r.stderr)
    assert "replica 0 cannot start" in r.stderr and "--backend" in r.stderr, r.stderr
