"""The API's routes: one named handler per route, `handler(engine, match, request)`, and the
table that maps (method, path pattern) to it. HTTP itself (bodies, auth, SSE, errors) is httpd.py.

    server = httpd.make_server(cfg, Router(engine)); server.serve_forever()

A handler parses its request (protocol.py), asks the engine (serving.Engine) and returns the
response object; `match` holds the path's groups (match[1]: a model, file or job id).
"""

import re

from . import protocol
from .errors import APIError, bad_request
from .httpd import STREAMED, RawBody
from .multipart import parse_multipart


def page(items, query, id_key="id"):
    """OpenAI-style cursor page: ?after=<id>&limit=N over an already ordered list."""
    try:
        limit = int(query.get("limit", ["20"])[0])
    except ValueError:
        raise bad_request("'limit' must be an integer", param="limit")
    if not 1 <= limit <= 10000:
        raise bad_request("'limit' must be between 1 and 10000", param="limit")
    after = query.get("after", [None])[0]
    if after is not None:
        ids = [x[id_key] for x in items]
        items = items[ids.index(after) + 1:] if after in ids else []
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit}


# -- models and inference ------------------------------------------------------------------------
def health(engine, match, request):
    return engine.health()


def list_models(engine, match, request):
    return engine.models()


def get_model(engine, match, request):
    return engine.model(match[1])


def create_completion(engine, match, request):
    return engine.completions(protocol.parse_completion(request.json()))


def create_chat_completion(engine, match, request):
    """The chat.completion object, or (stream: true) chunks as server-sent events."""
    req = protocol.parse_chat(request.json())
    if not req.sampling.stream:
        return engine.chat(req)
    engine.chat(req, emit=request.events.send)
    request.events.close()
    return STREAMED


def score(engine, match, request):
    return engine.score(protocol.parse_score(request.json()))


def reward(engine, match, request):
    return engine.reward(protocol.parse_reward(request.json()))


def create_embeddings(engine, match, request):
    return engine.embeddings(protocol.parse_embedding(request.json()))


# -- files ---------------------------------------------------------------------------------------
def upload_file(engine, match, request):
    """multipart/form-data (purpose, file), as the openai clients send it, or JSON
    {purpose, content, filename?}."""
    ctype = request.headers.get("Content-Type", "")
    if ctype.startswith("multipart/form-data"):
        fields = parse_multipart(ctype, request.body())
        purpose = fields.get("purpose", (None, b""))[1].decode("utf-8", "replace")
        if "file" not in fields:
            raise bad_request("'file' is required", param="file",
                              code="missing_required_parameter")
        filename, data = fields["file"]
        return engine.files.add(filename or "upload.jsonl", purpose, data)
    b = request.json()
    for k in ("purpose", "content"):
        if not isinstance(b.get(k), str):
            raise bad_request(f"'{k}' must be a string", param=k)
    return engine.files.add(str(b.get("filename") or "upload.jsonl"), b["purpose"],
                            b["content"].encode("utf-8"))


def list_files(engine, match, request):
    return page(engine.files.list(), request.query)


def get_file(engine, match, request):
    return engine.files.meta(match[1])


def delete_file(engine, match, request):
    return engine.files.delete(match[1])


def get_file_content(engine, match, request):
    return RawBody(engine.files.content(match[1]))


# -- fine-tuning jobs ----------------------------------------------------------------------------
def create_job(engine, match, request):
    return engine.jobs.create(protocol.parse_fine_tune(request.json()))


def list_jobs(engine, match, request):
    return page(engine.jobs.list(), request.query)


def get_job(engine, match, request):
    return engine.jobs.get(match[1])


def list_job_events(engine, match, request):
    return page(engine.jobs.list_events(match[1]), request.query)


def cancel_job(engine, match, request):
    return engine.jobs.cancel(match[1])


JOBS = "/v1/fine_tuning/jobs"
ROUTES = [  # (method, path regex matched in full, handler); the first match wins
    ("GET", r"/health", health),
    ("GET", r"/v1/models", list_models),
    ("GET", r"/v1/models/(.+)", get_model),
    ("POST", r"/v1/completions", create_completion),
    ("POST", r"/v1/chat/completions", create_chat_completion),
    ("POST", r"/v1/score", score),
    ("POST", r"/v1/reward", reward),
    ("POST", r"/v1/embeddings", create_embeddings),
    ("POST", r"/v1/files", upload_file),
    ("GET", r"/v1/files", list_files),
    ("GET", r"/v1/files/([^/]+)", get_file),
    ("DELETE", r"/v1/files/([^/]+)", delete_file),
    ("GET", r"/v1/files/([^/]+)/content", get_file_content),
    ("POST", JOBS, create_job),
    ("GET", JOBS, list_jobs),
    ("GET", JOBS + r"/([^/]+)", get_job),
    ("GET", JOBS + r"/([^/]+)/events", list_job_events),
    ("POST", JOBS + r"/([^/]+)/cancel", cancel_job),
]


class Router:
    """The app httpd serves: finds the route of (method, path) and calls its handler with the
    engine. 404 unknown_url for a path no route has, 405 for one it has under another method."""

    def __init__(self, engine, routes=ROUTES):
        self.engine = engine
        self.table = [(meth, re.compile(pat + "$"), fn) for meth, pat, fn in routes]

    def find(self, method, path):
        """-> (handler, match)."""
        allowed = False
        for meth, pat, fn in self.table:
            m = pat.match(path)
            if m:
                if meth == method:
                    return fn, m
                allowed = True
        if allowed:
            raise APIError(405, f"Method {method} is not allowed on {path}", code="method_not_allowed")
        raise APIError(404, f"Unknown path {path}", code="unknown_url")

    def __call__(self, method, path, request):
        fn, match = self.find(method, path)
        return fn(self.engine, match, request)
