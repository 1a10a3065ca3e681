"""Hostile HTTP (issue 10): broken framing, odd methods, oversized headers, deep or invalid JSON,
out-of-range seeds. Every answer is a 4xx in the JSON error shape, nothing blocks, and the
server stays up."""

import json
import socket
import urllib.parse

import pytest

POST_ROUTES = ["/v1/completions", "/v1/chat/completions", "/v1/embeddings", "/v1/score",
               "/v1/reward", "/v1/files", "/v1/fine_tuning/jobs"]


def _raw(server, request, timeout=10):
    """Sends raw bytes, returns (status, headers text, body bytes); the read times out if the
    server blocks."""
    host, port = urllib.parse.urlparse(server.url).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        try:
            s.sendall(request)
            if b"Content-Length: -1" not in request:  # -1: keep the socket open, as the hanging client did
                s.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server answered and closed before reading it all (a 431)
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = [int(line.split(b":")[1]) for line in head.split(b"\r\n")
                      if line.lower().startswith(b"content-length:")]
            if length and len(body) >= length[0]:
                break
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), head.decode("latin-1"), body


def _json_error(body):
    err = json.loads(body)["error"]
    assert set(err) == {"message", "type", "param", "code"}, err
    return err


@pytest.mark.parametrize("route", POST_ROUTES)
@pytest.mark.parametrize("length", [b"abc", b"-1", b"1e3"])
def test_bad_content_length_is_a_400_not_a_hang(server, route, length):
    status, _, body = _raw(server, b"POST " + route.encode() + b" HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: " + length +
                           b"\r\n\r\n{}")
    assert status == 400 and "Content-Length" in _json_error(body)["message"]


def test_bad_chunk_size_is_a_400(server):
    status, _, body = _raw(server, b"POST /v1/score HTTP/1.1\r\nHost: x\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")
    assert status == 400 and "chunk size" in _json_error(body)["message"]


@pytest.mark.parametrize("method", [b"PUT", b"PATCH", b"OPTIONS", b"TRACE"])
def test_other_methods_get_405_in_the_error_shape(server, method):
    status, head, body = _raw(server, method + b" /v1/completions HTTP/1.1\r\nHost: x\r\n"
                              b"Content-Length: 0\r\n\r\n")
    assert status == 405 and "Allow: GET, POST, DELETE" in head
    assert _json_error(body)["code"] == "method_not_allowed"


def test_head_gets_405_headers_without_a_body(server):
    status, head, body = _raw(server, b"HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n")
    assert status == 405 and body == b"" and "application/json" in head


def test_oversized_header_and_bad_version_answer_json(server):
    status, head, body = _raw(server, b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " +
                              b"a" * 100_000 + b"\r\n\r\n")
    assert status == 431 and "application/json" in head and _json_error(body)
    status, head, body = _raw(server, b"GET /health HTTP/7.5\r\nHost: x\r\n\r\n")
    assert status in (400, 505) and "application/json" in head and _json_error(body)


def test_deep_json_lone_surrogates_big_seeds_and_bad_nesting_are_400s(server):
    deep = b"{\"model\": \"tiny\", \"x\": " + b"[" * 100_000 + b"]" * 100_000 + b"}"
    status, _, body = _raw(server, b"POST /v1/completions HTTP/1.1\r\nHost: x\r\n"
                           b"Content-Type: application/json\r\nContent-Length: " +
                           str(len(deep)).encode() + b"\r\n\r\n" + deep)
    assert status == 400 and "nested too deeply" in _json_error(body)["message"]
    for path, body_json, param in [
            ("/v1/completions", {"model": "tiny", "prompt": "x", "seed": 1180591620717411303424},
             "seed"),
            ("/v1/fine_tuning/jobs", {"model": "tiny", "training_file": "file-x",
                                      "seed": -3}, "seed"),
            ("/v1/fine_tuning/jobs", {"model": "tiny", "training_file": "file-x",
                                      "method": {"type": "supervised",
                                                 "supervised": {"hyperparameters": "x"}}},
             "method.supervised.hyperparameters")]:
        status, out = server.call("POST", path, body_json)
        assert status == 400 and out["error"]["param"] == param, out
    raw = b'{"purpose": "fine-tune", "filename": "a.jsonl", "content": "x\\ud800"}'
    status, out = server.call("POST", "/v1/files", data=raw,
                              headers={"Content-Type": "application/json"})
    assert status == 400 and "lone surrogate" in out["error"]["message"], out
    assert server.ok("GET", "/health")["status"] == "ok"


@pytest.mark.parametrize("line", [b"hello there", b"FOO /health HTTP/1.1", b"GET",
                                  b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03"])
def test_a_garbage_request_line_is_a_400(server, line):
    """Not http.server's 501 for an unknown method: the client's error is a 4xx."""
    status, head, body = _raw(server, line + b"\r\nHost: x\r\n\r\n")
    assert status == 400 and "application/json" in head and _json_error(body)
    assert server.ok("GET", "/health")["status"] == "ok"
