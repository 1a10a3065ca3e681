"""Fixtures: the real server as a subprocess (tiny backend, CPU, --port 0, temp checkpoint dir).

    npm run test:py            (or: npm run test:py -- gpu-server/tests/test_errors.py)

`server` is session-scoped (one start-up for most tests); `start_server` starts extra ones
(auth, restart) and stops them at the end of the test.
"""

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SERVE = os.path.join(HERE, "..", "serve.py")
sys.path.insert(0, os.path.join(HERE, ".."))


class Server:
    def __init__(self, args, checkpoint_dir, env=None):
        self.checkpoint_dir = checkpoint_dir
        cmd = [sys.executable, SERVE, "--port", "0", "--checkpoint-dir", checkpoint_dir,
               "--threads", "1", *args]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **(env or {})})
        line = self.proc.stdout.readline()
        if not line.startswith("activesynth-server ready http://"):
            self.proc.kill()
            raise RuntimeError(f"server did not start: {line!r} {self.proc.stderr.read()}")
        self.url = line.split()[-1]
        self.api_key = None

    def call(self, method, path, body=None, headers=None, data=None, timeout=120):
        """-> (status, parsed JSON or raw bytes)."""
        hdrs = dict(headers or {})
        if self.api_key and "Authorization" not in hdrs:
            hdrs["Authorization"] = f"Bearer {self.api_key}"
        if body is not None:
            data = json.dumps(body).encode()
            hdrs.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                status, raw, ctype = r.status, r.read(), r.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            status, raw, ctype = e.code, e.read(), e.headers.get("Content-Type", "")
        return status, (json.loads(raw) if "json" in ctype else raw)

    def ok(self, method, path, body=None, **kw):
        status, out = self.call(method, path, body, **kw)
        assert status == 200, (status, out)
        return out

    def upload(self, lines, purpose="fine-tune"):
        content = "".join(json.dumps(x) + "\n" if not isinstance(x, str) else x + "\n"
                          for x in lines)
        return self.ok("POST", "/v1/files", {"purpose": purpose, "filename": "train.jsonl",
                                              "content": content})

    def wait_job(self, jid, timeout=120):
        t0 = time.time()
        while time.time() - t0 < timeout:
            job = self.ok("GET", f"/v1/fine_tuning/jobs/{jid}")
            if job["status"] in ("succeeded", "failed", "cancelled"):
                return job
            time.sleep(0.1)
        raise TimeoutError(jid)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.proc.stderr.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    s = Server([], str(tmp_path_factory.mktemp("ckpt")))
    yield s
    s.stop()


@pytest.fixture(scope="session")
def stories_hf_server(tmp_path_factory):
    """The hf backend serving stories260K (a real 260K-parameter Llama, from its GGUF file)."""
    from hf_models import stories
    s = Server(["--backend", "hf", "--device", "cpu", "--model", stories()],
               str(tmp_path_factory.mktemp("stories-ckpt")))
    yield s
    s.stop()


@pytest.fixture
def start_server():
    started = []

    def start(args, checkpoint_dir, env=None):
        s = Server(args, checkpoint_dir, env)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def arith(n, seed=0):
    """n two-digit additions as prompt/completion pairs."""
    import random
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b = rng.randint(10, 99), rng.randint(10, 99)
        out.append({"prompt": f"Q: {a} + {b}\nA:", "completion": f" {a + b}"})
    return out
