"""The raw HTTP requests of the wire comparison (test_wire.py; recorded by record.py): every route,
success and error, streaming, multipart and JSON uploads, bad JSON, missing and wrongly typed
fields, unknown routes and methods, auth and the body limit. Each is sent on its own connection
as the exact bytes built here; the answer's status line, the headers clients read and the body
are compared byte for byte with fixture.json, after `normalise` blanks what differs run to run
(random ids, timestamps).

A case is (name, request) where request is a function of the ids captured so far (`ids`: e.g.
ids["file"]) returning the bytes to send; `capture` names what to keep from the answer's JSON.
Cases run in order on one tiny server ("main"), then the auth cases on a second server started
with an API key and a 0.01 MB body limit ("auth").
"""

import base64
import json
import re

HEADERS = ("content-type", "allow", "cache-control", "transfer-encoding")  # what clients read

ID = re.compile(rb"\b(cmpl|chatcmpl|file|ftjob|ftevent)-[0-9a-f]{24}")
TIME = re.compile(rb'"(created|created_at|finished_at)": (\d+|null)')


def normalise(body):
    """Blank random ids and timestamps."""
    return TIME.sub(rb'"\1": T', ID.sub(rb"\1-ID", body))


def http(method, path, body=b"", headers=(), length=True):
    """Raw HTTP/1.1 request bytes; body: bytes or a JSON-able object."""
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
        headers = (("Content-Type", "application/json"), *headers)
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "User-Agent: wire-test",
             *(f"{k}: {v}" for k, v in headers)]
    if length and (body or method == "POST"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def post(path, body, headers=()):
    return lambda ids: http("POST", path, body, headers)


def get(path, headers=()):
    return lambda ids: http("GET", path.format(**ids), headers=headers)


def multipart(fields, boundary="wireboundary7MA4YWxkTrZu0gW"):
    """(name, filename or None, bytes) -> (body, content type), as the openai clients send it."""
    out = b""
    for name, filename, data in fields:
        disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disp}\r\n".encode()
        if filename:
            out += b"Content-Type: application/octet-stream\r\n"
        out += b"\r\n" + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(fields):
    body, ctype = multipart(fields)
    return post("/v1/files", body, (("Content-Type", ctype),))


def chunked(path, body, size=7):
    """A JSON body sent with Transfer-Encoding: chunked, `size` bytes a chunk."""
    data = json.dumps(body).encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(data[i:i + size]), data[i:i + size])
                      for i in range(0, len(data), size))
    return lambda ids: http("POST", path, chunks + b"0\r\n\r\n",
                            (("Content-Type", "application/json"), ("Transfer-Encoding", "chunked")),
                            length=False)


TRAIN = b"".join(json.dumps({"prompt": f"Q: {a} + {b}\nA:", "completion": f" {a + b}"}).encode() +
                 b"\n" for a, b in [(12, 30), (45, 11), (7, 8), (23, 54)])
SCORE_ITEMS = [{"prompt": "Q: 2 + 3\nA:", "completion": " 5"},
               {"prompt": "Q: 10 + 4\nA:", "completion": " 14"}]
CHAT = [{"role": "system", "content": "You add."}, {"role": "user", "content": "Q: 2 + 3"}]
C, CC, JOBS = "/v1/completions", "/v1/chat/completions", "/v1/fine_tuning/jobs"

MAIN = [
    ("health", get("/health"), None),
    ("health trailing slash", get("/health/"), None),
    ("models", get("/v1/models"), None),
    ("model", get("/v1/models/tiny"), None),
    ("model unknown", get("/v1/models/nope"), None),
    ("completion greedy", post(C, {"model": "tiny", "prompt": "Q: 2 + 3\nA:", "max_tokens": 6,
                                   "stop": ["\n"]}), None),
    ("completion n=2 sampled, seed", post(C, {"model": "tiny", "prompt": ["Q: 1 + 1\nA:", "Q: 9 + 9\nA:"],
                                              "n": 2, "temperature": 0.9, "top_p": 0.8, "seed": 7,
                                              "max_tokens": 5}), None),
    ("completion token ids", post(C, {"model": "tiny", "prompt": [5, 6, 7], "max_tokens": 3}), None),
    ("completion chunked body", chunked(C, {"model": "tiny", "prompt": "Q: 4 + 4\nA:",
                                             "max_tokens": 3}), None),
    ("completion no model", post(C, {"prompt": "x"}), None),
    ("completion max_tokens string", post(C, {"model": "tiny", "prompt": "x", "max_tokens": "8"}), None),
    ("completion max_tokens boolean", post(C, {"model": "tiny", "prompt": "x", "max_tokens": True}), None),
    ("completion temperature range", post(C, {"model": "tiny", "prompt": "x", "temperature": 3}), None),
    ("completion stop empty", post(C, {"model": "tiny", "prompt": "x", "stop": [""]}), None),
    ("completion prompt number", post(C, {"model": "tiny", "prompt": 5}), None),
    ("completion echo", post(C, {"model": "tiny", "prompt": "x", "echo": True}), None),
    ("completion seed too big", post(C, {"model": "tiny", "prompt": "x",
                                         "seed": 1180591620717411303424}), None),
    ("completion context exceeded", post(C, {"model": "tiny", "prompt": "x" * 300}), None),
    ("completion token out of vocab", post(C, {"model": "tiny", "prompt": [[1, 99999]]}), None),
    ("completion unknown model", post(C, {"model": "nope", "prompt": "x"}), None),
    ("completion bad JSON", post(C, b"{not json", (("Content-Type", "application/json"),)), None),
    ("completion JSON array", post(C, b"[1, 2]"), None),
    ("completion lone surrogate", post(C, b'{"model": "tiny", "prompt": "x\\ud800"}'), None),
    ("completion empty body", post(C, b""), None),
    ("chat", post(CC, {"model": "tiny", "messages": CHAT, "max_tokens": 6}), None),
    ("chat content parts", post(CC, {"model": "tiny", "max_completion_tokens": 4, "messages": [
        {"role": "user", "content": [{"type": "text", "text": "Q: 2"}, {"type": "text", "text": " + 3"}]}]}),
     None),
    ("chat stream with usage", post(CC, {"model": "tiny", "messages": CHAT, "max_tokens": 6,
                                         "stream": True, "stream_options": {"include_usage": True}}), None),
    ("chat stream n=2", post(CC, {"model": "tiny", "messages": CHAT, "max_tokens": 3, "n": 2,
                                  "stream": True}), None),
    ("chat stream unknown model", post(CC, {"model": "nope", "messages": CHAT, "stream": True}), None),
    ("chat no messages", post(CC, {"model": "tiny", "messages": []}), None),
    ("chat bad role", post(CC, {"model": "tiny", "messages": [{"role": "x", "content": "a"}]}), None),
    ("chat content number", post(CC, {"model": "tiny", "messages": [{"role": "user", "content": 3}]}),
     None),
    ("score with logprobs", post("/v1/score", {"model": "tiny", "items": SCORE_ITEMS,
                                               "logprobs": True}), None),
    ("score empty completion", post("/v1/score", {"model": "tiny", "items": [
        {"prompt": "a", "completion": "b"}, {"prompt": "a", "completion": ""}]}), None),
    ("score item not an object", post("/v1/score", {"model": "tiny", "items": ["x"]}), None),
    ("reward", post("/v1/reward", {"model": "tiny", "items": SCORE_ITEMS}), None),
    ("embeddings float", post("/v1/embeddings", {"model": "tiny", "input": ["a cat", "Q: 1"]}), None),
    ("embeddings base64", post("/v1/embeddings", {"model": "tiny", "input": "a cat",
                                                  "encoding_format": "base64"}), None),
    ("embeddings empty input", post("/v1/embeddings", {"model": "tiny", "input": ""}), None),
    ("embeddings bad format", post("/v1/embeddings", {"model": "tiny", "input": "a",
                                                      "encoding_format": "int8"}), None),
    ("files list empty", get("/v1/files"), None),
    ("upload multipart", upload([("purpose", None, b"fine-tune"), ("file", "train.jsonl", TRAIN)]),
     "file"),
    ("files list one", get("/v1/files"), None),
    ("files list bad limit", get("/v1/files?limit=abc"), None),
    ("file", get("/v1/files/{file}"), None),
    ("file content", get("/v1/files/{file}/content"), None),
    ("file unknown", get("/v1/files/file-nope"), None),
    ("upload JSON user_data (not valid training data)", post("/v1/files", {
        "purpose": "user_data", "filename": "notes.jsonl", "content": "hello\n"}), "notes"),
    ("upload JSON fine-tune bad line", post("/v1/files", {
        "purpose": "fine-tune", "filename": "bad.jsonl",
        "content": '{"prompt": "a", "completion": "b"}\n{"prompt": "a"}\n'}), None),
    ("upload JSON content number", post("/v1/files", {"purpose": "fine-tune", "content": 3}), None),
    ("upload multipart no file", upload([("purpose", None, b"fine-tune")]), None),
    ("upload multipart bad purpose", upload([("purpose", None, b"nope"), ("file", "t.jsonl", TRAIN)]),
     None),
    ("upload multipart without boundary", post("/v1/files", b"--x\r\n\r\n",
                                               (("Content-Type", "multipart/form-data"),)), None),
    ("job bad hyperparameter", post(JOBS, {"model": "tiny", "training_file": "file-x",
                                           "hyperparameters": {"n_epochs": -1}}), None),
    ("job unknown hyperparameter", post(JOBS, {"model": "tiny", "training_file": "file-x",
                                               "hyperparameters": {"warmup": 3}}), None),
    ("job nested hyperparameters not an object", post(JOBS, {
        "model": "tiny", "training_file": "file-x",
        "method": {"type": "supervised", "supervised": {"hyperparameters": "x"}}}), None),
    ("job suffix with colon", post(JOBS, {"model": "tiny", "training_file": "file-x",
                                          "suffix": "a:b"}), None),
    ("job no training file", post(JOBS, {"model": "tiny"}), None),
    ("job unknown file", post(JOBS, {"model": "tiny", "training_file": "file-nope"}), None),
    ("job on a file that is not training data", lambda ids: http("POST", JOBS, {
        "model": "tiny", "training_file": ids["notes"], "seed": 3}), "job"),
    ("job", get(JOBS + "/{job}"), None),
    ("job events", get(JOBS + "/{job}/events?limit=5"), None),
    ("job cancel a finished job", lambda ids: http("POST", f"{JOBS}/{ids['job']}/cancel"), None),
    ("job unknown", get(JOBS + "/ftjob-nope"), None),
    ("delete file", lambda ids: http("DELETE", f"/v1/files/{ids['notes']}"), None),
    ("unknown path", get("/v1/nothing"), None),
    ("DELETE on a POST route", lambda ids: http("DELETE", C), None),
    ("PUT", lambda ids: http("PUT", C, headers=(("Content-Length", "0"),), length=False), None),
    ("HEAD", lambda ids: http("HEAD", "/health"), None),
    ("job create", lambda ids: http("POST", JOBS, {"model": "tiny", "training_file": ids["file"],
                                                   "hyperparameters": {"n_steps": 1}}), None),
]

KEY = "wire-key"
AUTH = [
    ("no API key", get("/health"), None),
    ("wrong API key", get("/v1/models", (("Authorization", "Bearer nope"),)), None),
    ("right API key", get("/v1/models", (("Authorization", f"Bearer {KEY}"),)), None),
    ("body over --max-body-mb", post("/v1/score", {"model": "tiny", "items": [
        {"prompt": "x" * 20000, "completion": "y"}]}, (("Authorization", f"Bearer {KEY}"),)), None),
]
SERVERS = {"main": ([], {}), "auth": (["--max-body-mb", "0.01"], {"ACTIVESYNTH_API_KEY": KEY})}
GROUPS = {"main": MAIN, "auth": AUTH}


def read_response(sock, head_only=False):
    """-> (status line, {header: value} of HEADERS, body bytes de-chunked)."""
    buf = b""
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before the headers: {buf[:200]!r}")
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.setdefault(k.strip().lower(), v.strip())

    def more():
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed in the body")
        return chunk

    body = b""
    if head_only:
        pass
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while True:
            while b"\r\n" not in rest:
                rest += more()
            size, _, rest = rest.partition(b"\r\n")
            n = int(size.split(b";")[0], 16)
            while len(rest) < n + 2:
                rest += more()
            body, rest = body + rest[:n], rest[n + 2:]
            if n == 0:
                break
    else:
        n = int(headers.get("content-length", "0"))
        while len(rest) < n:
            rest += more()
        body = rest[:n]
    return lines[0], {k: headers[k] for k in HEADERS if k in headers}, body


def exchange(host, port, request, timeout=60):
    """Sends one request on a new connection -> the recorded shape (JSON-able)."""
    import socket
    with socket.create_connection((host, port), timeout=timeout) as s:
        s.sendall(request)
        status, headers, body = read_response(s, head_only=request.startswith(b"HEAD "))
    return {"status": status, "headers": headers, "body": body}


def record_shape(resp):
    body = normalise(resp["body"])
    try:
        text = body.decode("utf-8")
        return {"status": resp["status"], "headers": resp["headers"], "body": text}
    except UnicodeDecodeError:
        return {"status": resp["status"], "headers": resp["headers"],
                "body_base64": base64.b64encode(body).decode()}


def run_group(host, port, cases):
    """Runs the cases in order -> {name: recorded shape}."""
    ids, out = {}, {}
    for name, build, capture in cases:
        resp = exchange(host, port, build(ids))
        if capture:
            ids[capture] = json.loads(resp["body"])["id"]
        out[name] = record_shape(resp)
    return out
