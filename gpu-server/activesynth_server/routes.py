"""The API's routes: one named handler per route and the table that maps (method, path) to it.
HTTP itself (framing, routing, bodies' limits) is aiohttp's; app.py puts them together.

A handler reads its body (bodies.py) into a request model (protocol.py), runs the engine's
work (serving.Engine, blocking) on the default executor and answers its result as JSON;
`request.match_info` holds the path's ids.
"""

import asyncio
import json

from aiohttp import web

from . import protocol
from .appkeys import ENGINE
from .bodies import read_form, read_json
from .errors import bad_request
from .streaming import stream_events

def reply(obj, status=200):
    """The JSON response (json.dumps' default separators, ASCII)."""
    return web.Response(status=status, body=json.dumps(obj).encode(),
                        content_type="application/json")


async def run(request, fn, *args):
    """fn(engine, *args) on the default executor (model work blocks) -> its JSON response."""
    engine = request.app[ENGINE]
    return reply(await asyncio.get_running_loop().run_in_executor(None, fn, engine, *args))


async def parse(request, model):
    return protocol.parse(model, await read_json(request))


def page(items, query, id_key="id"):
    """OpenAI-style cursor page: ?after=<id>&limit=N over an already ordered list."""
    try:
        limit = int(query.get("limit") or "20")
    except ValueError:
        raise bad_request("'limit' must be an integer", param="limit")
    if not 1 <= limit <= 10000:
        raise bad_request("'limit' must be between 1 and 10000", param="limit")
    after = query.get("after") or None
    if after is not None:
        ids = [x[id_key] for x in items]
        items = items[ids.index(after) + 1:] if after in ids else []
    return {"object": "list", "data": items[:limit], "has_more": len(items) > limit}


# -- models and inference ------------------------------------------------------------------------
async def health(request):
    return await run(request, lambda e: e.health())


async def list_models(request):
    return await run(request, lambda e: e.models())


async def get_model(request):
    return await run(request, lambda e, mid: e.model(mid), request.match_info["model"])


async def create_completion(request):
    return await run(request, lambda e, r: e.completions(r),
                     await parse(request, protocol.CompletionRequest))


async def create_chat_completion(request):
    """The chat.completion object, or (stream: true) chunks as server-sent events."""
    req = await parse(request, protocol.ChatRequest)
    if not req.sampling.stream:
        return await run(request, lambda e, r: e.chat(r), req)
    engine = request.app[ENGINE]
    return await stream_events(request, lambda emit: engine.chat(req, emit=emit))


async def score(request):
    return await run(request, lambda e, r: e.score(r), await parse(request, protocol.ScoreRequest))


async def reward(request):
    return await run(request, lambda e, r: e.reward(r), await parse(request, protocol.RewardRequest))


async def create_embeddings(request):
    return await run(request, lambda e, r: e.embeddings(r),
                     await parse(request, protocol.EmbeddingRequest))


# -- files ---------------------------------------------------------------------------------------
async def upload_file(request):
    """multipart/form-data (purpose, file), as the openai clients send it, or JSON
    {purpose, content, filename?}."""
    if request.content_type == "multipart/form-data":
        fields = await read_form(request)
        purpose = fields.get("purpose", (None, b""))[1].decode("utf-8", "replace")
        if "file" not in fields:
            raise bad_request("'file' is required", param="file",
                              code="missing_required_parameter")
        filename, data = fields["file"]
        filename = filename or "upload.jsonl"
    else:
        b = await parse(request, protocol.FileUpload)
        purpose, filename, data = b.purpose, str(b.filename or "upload.jsonl"), b.content.encode()
    return await run(request, lambda e: e.files.add(filename, purpose, data))


async def list_files(request):
    return await run(request, lambda e: page(e.files.list(), request.query))


async def get_file(request):
    return await run(request, lambda e, fid: e.files.meta(fid), request.match_info["file_id"])


async def delete_file(request):
    return await run(request, lambda e, fid: e.files.delete(fid), request.match_info["file_id"])


async def get_file_content(request):
    engine, fid = request.app[ENGINE], request.match_info["file_id"]
    data = await asyncio.get_running_loop().run_in_executor(None, engine.files.content, fid)
    return web.Response(body=data, content_type="application/octet-stream")


# -- fine-tuning jobs ----------------------------------------------------------------------------
async def create_job(request):
    return await run(request, lambda e, r: e.jobs.create(r),
                     await parse(request, protocol.FineTuneRequest))


async def list_jobs(request):
    return await run(request, lambda e: page(e.jobs.list(), request.query))


async def get_job(request):
    return await run(request, lambda e, jid: e.jobs.get(jid), request.match_info["job_id"])


async def list_job_events(request):
    return await run(request, lambda e, jid: page(e.jobs.list_events(jid), request.query),
                     request.match_info["job_id"])


async def cancel_job(request):
    return await run(request, lambda e, jid: e.jobs.cancel(jid), request.match_info["job_id"])


JOBS = "/v1/fine_tuning/jobs"
ROUTES = [  # (method, aiohttp path pattern, handler); a trailing slash is allowed on each
    ("GET", "/health", health),
    ("GET", "/v1/models", list_models),
    ("GET", "/v1/models/{model:.+?}", get_model),  # model ids may hold '/' (hub names)
    ("POST", "/v1/completions", create_completion),
    ("POST", "/v1/chat/completions", create_chat_completion),
    ("POST", "/v1/score", score),
    ("POST", "/v1/reward", reward),
    ("POST", "/v1/embeddings", create_embeddings),
    ("POST", "/v1/files", upload_file),
    ("GET", "/v1/files", list_files),
    ("GET", "/v1/files/{file_id}", get_file),
    ("DELETE", "/v1/files/{file_id}", delete_file),
    ("GET", "/v1/files/{file_id}/content", get_file_content),
    ("POST", JOBS, create_job),
    ("GET", JOBS, list_jobs),
    ("GET", JOBS + "/{job_id}", get_job),
    ("GET", JOBS + "/{job_id}/events", list_job_events),
    ("POST", JOBS + "/{job_id}/cancel", cancel_job),
]
