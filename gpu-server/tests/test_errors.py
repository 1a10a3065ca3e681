"""Every error has OpenAI's shape and the right status; a bad request never kills the server."""

import http.client
import json
import subprocess
import sys
import urllib.parse

import pytest

from conftest import SERVE


def _err(server, method, path, body=None, **kw):
    status, out = server.call(method, path, body, **kw)
    assert set(out["error"]) == {"message", "type", "param", "code"}, out
    return status, out["error"]


@pytest.mark.parametrize("path,body,param", [
    ("/v1/completions", {"prompt": "x"}, "model"),
    ("/v1/completions", {"model": "tiny", "prompt": "x", "max_tokens": 0}, "max_tokens"),
    ("/v1/completions", {"model": "tiny", "prompt": "x", "temperature": 3}, "temperature"),
    ("/v1/completions", {"model": "tiny", "prompt": 5}, "prompt"),
    ("/v1/completions", {"model": "tiny", "prompt": "x", "stop": [""]}, "stop"),
    ("/v1/completions", {"model": "tiny", "prompt": "x" * 300}, "prompt"),
    ("/v1/completions", {"model": "tiny", "prompt": [[1, 99999]]}, "prompt"),
    ("/v1/chat/completions", {"model": "tiny", "messages": [{"role": "x", "content": "a"}]},
     "messages[0].role"),
    ("/v1/score", {"model": "tiny", "items": [{"prompt": "a", "completion": "b"},
                                              {"prompt": "a", "completion": ""}]},
     "items[1].completion"),
    ("/v1/score", {"model": "tiny", "items": [{"prompt": "a"}]}, "items[0].completion"),
    ("/v1/embeddings", {"model": "tiny", "input": ""}, "input[0]"),
    ("/v1/fine_tuning/jobs", {"model": "tiny", "training_file": "file-x",
                              "hyperparameters": {"n_epochs": -1}}, "hyperparameters.n_epochs"),
    ("/v1/fine_tuning/jobs", {"model": "tiny"}, "training_file"),
])
def test_400_names_the_field(server, path, body, param):
    status, err = _err(server, "POST", path, body)
    assert status == 400 and err["param"] == param and err["type"] == "invalid_request_error"


def test_404_unknown_model_job_file_path(server):
    for path, body, param in [
            ("/v1/completions", {"model": "nope", "prompt": "x"}, "model"),
            ("/v1/score", {"model": "ft:tiny:as:ftjob-0", "items": [
                {"prompt": "a", "completion": "b"}]}, "model"),
            ("/v1/fine_tuning/jobs", {"model": "tiny", "training_file": "file-nope"},
             "training_file")]:
        status, err = _err(server, "POST", path, body)
        assert status == 404 and err["param"] == param
    assert _err(server, "GET", "/v1/fine_tuning/jobs/ftjob-nope")[0] == 404
    assert _err(server, "GET", "/v1/fine_tuning/jobs/ftjob-nope/events")[0] == 404
    assert _err(server, "GET", "/v1/models/nope")[0] == 404
    assert _err(server, "GET", "/v1/nothing")[0] == 404
    assert _err(server, "DELETE", "/v1/completions")[0] == 405


def test_bad_json_and_garbage_keep_the_server_up(server):
    status, err = _err(server, "POST", "/v1/completions", data=b"{not json",
                       headers={"Content-Type": "application/json"})
    assert status == 400 and err["code"] == "invalid_json"
    status, err = _err(server, "POST", "/v1/score", data=b"[1, 2]")
    assert status == 400
    host, port = urllib.parse.urlparse(server.url).netloc.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    conn.request("POST", "/v1/files", body=b"--x\r\n\r\n", headers={
        "Content-Type": "multipart/form-data; boundary=zz"})
    r = conn.getresponse()
    assert r.status == 400 and json.loads(r.read())["error"]["param"] == "file"
    conn.close()
    assert server.ok("GET", "/health")["status"] == "ok"


def test_bad_flags_fail_at_start_naming_the_flag(tmp_path):
    for args, flag in [(["--backend", "gpt"], "--backend"), (["--port", "-1"], "--port"),
                       (["--backend", "hf"], "--model"), (["--threads", "0"], "--threads"),
                       (["--model", "llama"], "--model")]:
        p = subprocess.run([sys.executable, SERVE, "--checkpoint-dir", str(tmp_path), *args],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 2 and flag in p.stderr and p.stdout == "", (args, p.stderr)
