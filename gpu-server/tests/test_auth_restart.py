"""API key, body-size limit, and checkpoints that survive a restart of the server."""

from conftest import arith


def test_api_key_and_body_limit(start_server, tmp_path):
    s = start_server(["--max-body-mb", "0.01"], str(tmp_path),
                     env={"ACTIVESYNTH_API_KEY": "sekret"})
    status, out = s.call("GET", "/health")
    assert status == 401 and out["error"]["type"] == "authentication_error"
    status, _ = s.call("GET", "/v1/models", headers={"Authorization": "Bearer wrong"})
    assert status == 401
    s.api_key = "sekret"
    assert s.ok("GET", "/health")["backend"] == "tiny"
    status, out = s.call("POST", "/v1/score", {"model": "tiny", "items": [
        {"prompt": "x" * 20000, "completion": "y"}]})
    assert status == 413 and out["error"]["code"] == "request_too_large"
    assert s.ok("GET", "/health")["status"] == "ok"


def test_checkpoints_survive_restart(start_server, tmp_path):
    items = arith(16, seed=5)
    s = start_server([], str(tmp_path))
    fid = s.upload(items)["id"]
    job = s.wait_job(s.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": fid, "hyperparameters": {"n_steps": 5}})["id"])
    mid = job["fine_tuned_model"]
    before = s.ok("POST", "/v1/score", {"model": mid, "items": items})["data"]
    s.stop()
    s2 = start_server([], str(tmp_path))
    assert mid in [m["id"] for m in s2.ok("GET", "/v1/models")["data"]]
    assert mid in s2.ok("GET", "/health")["models"]
    after = s2.ok("POST", "/v1/score", {"model": mid, "items": items})["data"]
    assert [d["sum_nll"] for d in after] == [d["sum_nll"] for d in before]
    assert s2.ok("GET", f"/v1/fine_tuning/jobs/{job['id']}")["status"] == "succeeded"
    assert s2.ok("GET", f"/v1/files/{fid}")["id"] == fid


def test_servers_sharing_a_checkpoint_dir_see_each_others_models(start_server, tmp_path):
    """Two servers on one directory (the CLI's --workers): a checkpoint one writes is served by
    the other on first use, without a restart."""
    items = arith(8, seed=7)
    a = start_server([], str(tmp_path))
    b = start_server([], str(tmp_path))
    job = a.wait_job(a.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": a.upload(items)["id"], "hyperparameters": {"n_steps": 3}})["id"])
    mid = job["fine_tuned_model"]
    from_a = a.ok("POST", "/v1/score", {"model": mid, "items": items})["data"]
    from_b = b.ok("POST", "/v1/score", {"model": mid, "items": items})["data"]
    assert [round(d["sum_nll"], 4) for d in from_b] == [round(d["sum_nll"], 4) for d in from_a]
    assert mid in [m["id"] for m in b.ok("GET", "/v1/models")["data"]]
    status, body = b.call("POST", "/v1/score", {"model": "ft:tiny:nope:x", "items": items})
    assert status == 404 and body["error"]["code"] == "model_not_found"


def test_server_exits_when_its_parent_is_gone(start_server, tmp_path):
    """--parent-pid: a server whose starter was killed (kill -9 of the CLI) exits instead of
    training on forever."""
    import subprocess
    import time
    parent = subprocess.Popen(["sleep", "60"])
    s = start_server(["--parent-pid", str(parent.pid)], str(tmp_path))
    assert s.ok("GET", "/health")["status"] == "ok"
    time.sleep(1.5)
    assert s.proc.poll() is None, "the server must run while its parent lives"
    parent.kill()
    parent.wait()
    deadline = time.time() + 10
    while s.proc.poll() is None and time.time() < deadline:
        time.sleep(0.2)
    assert s.proc.poll() == 0, "the server exits (status 0) within seconds of its parent's death"
