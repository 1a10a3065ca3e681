"""Files and fine-tuning jobs against the real tiny server: upload (JSON and multipart), a job
that really lowers the NLL of its training answers, events, continuing from a checkpoint,
cancel, and a job that fails on a malformed line."""

import json
import uuid

from conftest import arith

TRAIN = arith(64, seed=1)


def _score(server, model, items):
    out = server.ok("POST", "/v1/score", {"model": model, "items": items})
    return sum(d["mean_nll"] for d in out["data"]) / len(items)


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n')
    for k, (name, data) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; '
                     f'filename="{name}"\r\nContent-Type: application/jsonl\r\n\r\n{data}\r\n')
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def test_upload_multipart_json_and_validation(server):
    data = "".join(json.dumps(x) + "\n" for x in TRAIN[:4])
    body, hdrs = _multipart({"purpose": "fine-tune"}, {"file": ("a.jsonl", data)})
    status, f = server.call("POST", "/v1/files", data=body, headers=hdrs)
    assert status == 200 and f["object"] == "file" and f["bytes"] == len(data.encode())
    assert f["filename"] == "a.jsonl" and f["id"].startswith("file-")
    assert server.ok("GET", f"/v1/files/{f['id']}")["id"] == f["id"]
    assert server.ok("GET", f"/v1/files/{f['id']}/content").decode() == data
    assert f["id"] in [x["id"] for x in server.ok("GET", "/v1/files?limit=1000")["data"]]
    chat = {"messages": [{"role": "user", "content": "1 + 1"}, {"role": "assistant", "content": "2"}]}
    assert server.upload([chat])["purpose"] == "fine-tune"
    status, err = server.call("POST", "/v1/files", {
        "purpose": "fine-tune", "filename": "bad.jsonl",
        "content": json.dumps(TRAIN[0]) + "\n{\"prompt\": \"x\"}\n"})
    assert status == 400 and err["error"]["param"] == "file"
    assert "line 2" in err["error"]["message"] and "completion" in err["error"]["message"]
    status, err = server.call("POST", "/v1/files", {"purpose": "nope", "content": "{}"})
    assert status == 400 and err["error"]["param"] == "purpose"


def test_job_trains_and_lowers_nll(server):
    fid = server.upload(TRAIN)["id"]
    before = _score(server, "tiny", TRAIN)
    job = server.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": fid, "seed": 3, "suffix": "t1",
        "hyperparameters": {"n_steps": 40, "batch_size": 16}})
    assert job["object"] == "fine_tuning.job" and job["status"] == "queued"
    assert job["hyperparameters"]["n_steps"] == 40 and job["seed"] == 3
    job = server.wait_job(job["id"])
    assert job["status"] == "succeeded", job["error"]
    mid = job["fine_tuned_model"]
    assert mid == f"ft:tiny:t1:{job['id']}" and job["trained_tokens"] > 0 and job["finished_at"]
    after = _score(server, mid, TRAIN)
    assert after < before - 2.0, (before, after)  # from ~6.2 nats to well under 4
    assert mid in [m["id"] for m in server.ok("GET", "/v1/models")["data"]]
    assert server.ok("GET", f"/v1/models/{mid}")["parent"] == "tiny"
    out = server.ok("POST", "/v1/completions", {"model": mid, "prompt": [TRAIN[0]["prompt"]],
                                                "max_tokens": 5, "stop": ["\n"]})
    assert out["choices"][0]["text"].startswith(" ")  # it learned the answer format
    ev = server.ok("GET", f"/v1/fine_tuning/jobs/{job['id']}/events?limit=1000")
    metrics = [e for e in ev["data"] if e["type"] == "metrics"]
    assert ev["object"] == "list" and metrics and metrics[0]["data"]["step"] == 40  # newest first
    assert {"step", "total_steps", "train_loss", "tokens_per_second"} <= set(metrics[0]["data"])
    assert metrics[0]["data"]["train_loss"] < metrics[-1]["data"]["train_loss"]
    # continue from the checkpoint: the new model names its parent and keeps improving
    job2 = server.wait_job(server.ok("POST", "/v1/fine_tuning/jobs", {
        "model": mid, "training_file": fid, "hyperparameters": {"n_steps": 20,
                                                                "batch_size": 16}})["id"])
    assert job2["status"] == "succeeded" and job2["model"] == mid
    mid2 = job2["fine_tuned_model"]
    assert mid2.startswith("ft:tiny:as:ftjob-") and server.ok(
        "GET", f"/v1/models/{mid2}")["parent"] == mid
    assert _score(server, mid2, TRAIN) < after
    listed = server.ok("GET", "/v1/fine_tuning/jobs?limit=100")["data"]
    assert {job["id"], job2["id"]} <= {j["id"] for j in listed}


def test_chat_format_training_file(server):
    chat = [{"messages": [{"role": "user", "content": x["prompt"]},
                          {"role": "assistant", "content": x["completion"].strip()}]}
            for x in TRAIN[:16]]
    fid = server.upload(chat)["id"]
    job = server.wait_job(server.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": fid, "hyperparameters": {"n_steps": 3}})["id"])
    assert job["status"] == "succeeded", job["error"]


def test_malformed_file_fails_job_naming_line(server):
    fid = server.upload([TRAIN[0], TRAIN[1], "not json"], purpose="user_data")["id"]
    job = server.ok("POST", "/v1/fine_tuning/jobs", {"model": "tiny", "training_file": fid})
    assert job["status"] == "failed"
    assert job["error"]["param"] == "training_file" and "line 3" in job["error"]["message"]


def test_cancel_while_requests_keep_working(server):
    fid = server.upload(TRAIN)["id"]
    job = server.ok("POST", "/v1/fine_tuning/jobs", {
        "model": "tiny", "training_file": fid, "hyperparameters": {"n_steps": 100000}})
    # requests are served while the job trains
    server.ok("POST", "/v1/score", {"model": "tiny", "items": TRAIN[:4]})
    out = server.ok("POST", f"/v1/fine_tuning/jobs/{job['id']}/cancel")
    assert out["status"] == "cancelled"
    assert server.wait_job(job["id"])["status"] == "cancelled"
    status, err = server.call("POST", f"/v1/fine_tuning/jobs/{job['id']}/cancel")
    assert status == 400 and err["error"]["code"] == "job_not_cancellable"
