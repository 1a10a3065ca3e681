"""HTTP stacks for the student server, side by side: the standard-library server (the package at
--baseline-rev, taken from git), prototypes of the server's routes on aiohttp and on FastAPI +
uvicorn (bench/http_stacks/), and the server as it is in the working tree ("current"). All on
the tiny backend, one torch thread, each in its own process; the client is one process of raw
sockets with keep-alive. Prints each figure and its ratio to the baseline.

    npm run bench -- http-stack          (or: .venv/bin/python bench/http_stack_bench.py [--seconds 3])

The FastAPI stacks need packages the server does not install (they are skipped without them):
    .venv/bin/pip install fastapi "uvicorn[standard]" python-multipart

Loads: small requests (GET /health and a one-item POST /v1/score, 4 connections at once:
requests/s), streaming (SSE chat completion of 128 tokens: time to the first event, events/s
after it) and a 10 MB body (POST /v1/files, multipart and JSON: seconds a request). Not a test:
nothing is asserted.
"""

import argparse
import importlib.util
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
STACKS = os.path.join(ROOT, "bench", "http_stacks")
BASELINE_REV = "32b9d6e"  # the last commit with the standard-library server (httpd.py)


def request(method, path, body=b"", ctype="application/json"):
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if body or method == "POST":
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


class Conn:
    """One keep-alive connection: send raw bytes, read one response (Content-Length or chunked)."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=60)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def _more(self):
        chunk = self.s.recv(1 << 20)
        if not chunk:
            raise ConnectionError("closed")
        self.buf += chunk

    def _line(self):
        while b"\r\n" not in self.buf:
            self._more()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def _take(self, n):
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def exchange(self, raw, on_chunk=None):
        """-> (status, body); on_chunk(bytes) for each chunk of a chunked body as it arrives."""
        self.s.sendall(raw)
        status = int(self._line().split()[1])
        headers = {}
        while line := self._line():
            k, _, v = line.decode("latin-1").partition(":")
            headers[k.strip().lower()] = v.strip()
        if headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                n = int(self._line().split(b";")[0], 16)
                data = self._take(n + 2)[:n]
                if n == 0:
                    return status, body
                body += data
                if on_chunk:
                    on_chunk(data)
        return status, self._take(int(headers.get("content-length", 0)))


class Stack:
    def __init__(self, name, cmd, env=None):
        self.name, self.ckpt = name, tempfile.mkdtemp(prefix="http-bench-")
        self.proc = subprocess.Popen([*cmd, "--backend", "tiny", "--port", "0", "--threads", "1",
                                      "--checkpoint-dir", self.ckpt],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     env={**os.environ, "OPENBLAS_NUM_THREADS": "1",
                                          "OMP_NUM_THREADS": "1", **(env or {})})
        line = self.proc.stdout.readline()
        if "ready" not in line:
            raise RuntimeError(f"{name} did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health", timeout=5).read()
                break
            except OSError:
                time.sleep(0.05)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.ckpt, ignore_errors=True)


def rate(port, raw, seconds, conns=4):
    """Requests/s with `conns` keep-alive connections sending `raw` back to back."""
    Conn(port).exchange(raw)  # warm up
    stop, counts, errors = time.perf_counter() + seconds, [0] * conns, []

    def worker(i):
        c = Conn(port)
        while time.perf_counter() < stop:
            status, _ = c.exchange(raw)
            if status != 200:
                errors.append(status)
            counts[i] += 1

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise RuntimeError(f"status {errors[0]}")
    return sum(counts) / (time.perf_counter() - t0)


def stream(port, tokens, runs=5):
    """-> (median seconds to the first event, median events/s after it) of a chat stream."""
    body = json.dumps({"model": "tiny", "max_tokens": tokens, "stream": True, "stop": ["never"],
                       "messages": [{"role": "user", "content": "Tell me a story about a cat"}]})
    raw = request("POST", "/v1/chat/completions", body.encode())
    firsts, rates = [], []
    for _ in range(runs + 1):
        c, times = Conn(port), []
        t0 = time.perf_counter()
        c.exchange(raw, on_chunk=lambda data: times.extend(
            [time.perf_counter()] * data.count(b"data: ")))
        firsts.append(times[0] - t0)
        rates.append((len(times) - 1) / (times[-1] - times[0]))
    return statistics.median(firsts[1:]), statistics.median(rates[1:]), len(times)


def big_body(port, runs=3, mb=10):
    """-> median seconds of a `mb` MB upload: (multipart, JSON)."""
    data = (b"x" * 99 + b"\n") * (mb * 1024 * 1024 // 100)
    boundary = "benchboundary1234"
    multi = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nuser_data\r\n"
             f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n"
             f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + \
        f"\r\n--{boundary}--\r\n".encode()
    raw_m = request("POST", "/v1/files", multi, f"multipart/form-data; boundary={boundary}")
    raw_j = request("POST", "/v1/files", json.dumps({"purpose": "user_data", "filename": "big.txt",
                                                     "content": data.decode()}).encode())
    out = []
    for raw in (raw_m, raw_j):
        times = []
        for _ in range(runs):
            c = Conn(port)
            t0 = time.perf_counter()
            status, body = c.exchange(raw)
            times.append(time.perf_counter() - t0)
            assert status == 200 and json.loads(body)["bytes"] == len(data), (status, body[:200])
        out.append(statistics.median(times))
    return out


def baseline_tree(rev):
    """The gpu-server folder at `rev`, extracted to a temporary folder."""
    d = tempfile.mkdtemp(prefix="http-bench-base-")
    archive = subprocess.run(["git", "-C", ROOT, "archive", rev, "gpu-server"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", d], input=archive, check=True)
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0, help="per requests/s figure")
    ap.add_argument("--baseline-rev", default=BASELINE_REV)
    ap.add_argument("--stacks", default="stdlib,aiohttp,fastapi,fastapi-fast,current")
    a = ap.parse_args()
    base = baseline_tree(a.baseline_rev)
    py = sys.executable
    cmds = {"stdlib": ([py, os.path.join(base, "gpu-server", "serve.py")], None),
            "aiohttp": ([py, os.path.join(STACKS, "aiohttp_proto.py")], None),
            "fastapi": ([py, os.path.join(STACKS, "fastapi_proto.py")], None),
            "fastapi-fast": ([py, os.path.join(STACKS, "fastapi_proto.py")],
                             {"ACTIVESYNTH_UVICORN": "fast"}),
            "current": ([py, os.path.join(ROOT, "gpu-server", "serve.py")], None)}
    needs = {"fastapi": ("fastapi", "uvicorn", "multipart"),
             "fastapi-fast": ("fastapi", "uvicorn", "multipart", "httptools", "uvloop")}
    names = []
    for n in (n for n in a.stacks.split(",") if n):
        missing = [m for m in needs.get(n, ()) if importlib.util.find_spec(m) is None]
        if missing:  # not in the server's install: pip install fastapi uvicorn[standard] python-multipart
            print(f"  {n}: skipped, not installed: {', '.join(missing)}")
        else:
            names.append(n)
    rows = {}
    small_post = request("POST", "/v1/score", json.dumps(
        {"model": "tiny", "items": [{"prompt": "Q: 2 + 3\nA:", "completion": " 5"}]}).encode())
    for name in names:
        s = Stack(name, *cmds[name])
        try:
            r = {"GET /health req/s": rate(s.port, request("GET", "/health"), a.seconds),
                 "POST /v1/score req/s": rate(s.port, small_post, a.seconds)}
            first, ev, n = stream(s.port, 128)
            r["SSE first event ms"], r["SSE events/s"] = first * 1000, ev
            m, j = big_body(s.port)
            r["10 MB multipart s"], r["10 MB JSON s"] = m, j
            rows[name] = r
            print(f"  {name}: " + ", ".join(f"{k} {v:.4g}" for k, v in r.items()), flush=True)
        finally:
            s.stop()
    shutil.rmtree(base, ignore_errors=True)
    print(f"\nHTTP stacks, tiny backend, 1 torch thread, {os.cpu_count()} cores, "
          f"Python {sys.version.split()[0]}; ratio = stack / {names[0]} "
          "(higher is better for req/s and events/s, lower for ms and s)")
    keys = list(rows[names[0]])
    print(f"{'':24}" + "".join(f"{n:>22}" for n in names))
    for k in keys:
        cells = [f"{rows[n][k]:10.4g} ({rows[n][k] / rows[names[0]][k]:5.2f}x)" for n in names]
        print(f"{k:24}" + "".join(f"{c:>22}" for c in cells))


if __name__ == "__main__":
    main()
