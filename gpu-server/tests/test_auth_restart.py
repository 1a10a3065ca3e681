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
