"""Prototype of the server's bench routes on FastAPI + uvicorn (for bench/http_stack_bench.py
only). ACTIVESYNTH_UVICORN=fast: uvicorn with httptools and uvloop (uvicorn[standard]);
otherwise plain `pip install uvicorn`: h11 and asyncio."""

import asyncio
import json
import os
import socket
import sys

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from common import dumps, engine_from_argv, protocol, ready

cfg, engine = engine_from_argv(sys.argv[1:])
app = FastAPI()


def reply(obj):
    return Response(dumps(obj), media_type="application/json")


@app.get("/health")
def health():
    return reply(engine.health())


@app.post("/v1/score")
async def score(request: Request):
    body = json.loads(await request.body())
    return reply(await run_in_threadpool(lambda: engine.score(protocol.parse(protocol.ScoreRequest, body))))


@app.post("/v1/chat/completions")
async def chat(request: Request):
    req = protocol.parse(protocol.ChatRequest, json.loads(await request.body()))
    loop, q = asyncio.get_running_loop(), asyncio.Queue()

    def work():
        try:
            engine.chat(req, emit=lambda c: loop.call_soon_threadsafe(q.put_nowait, c))
        finally:
            loop.call_soon_threadsafe(q.put_nowait, None)

    async def events():
        fut = loop.run_in_executor(None, work)
        while (chunk := await q.get()) is not None:
            yield b"data: " + dumps(chunk) + b"\n\n"
        await fut
        yield b"data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache"})


@app.post("/v1/files")
async def upload(request: Request):
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        purpose, f = form["purpose"], form["file"]
        filename, data = f.filename, await f.read()
    else:
        b = json.loads(await request.body())
        purpose, filename, data = b["purpose"], b.get("filename", "upload.jsonl"), b["content"].encode()
    return reply(await run_in_threadpool(engine.files.add, filename, purpose, data))


sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((cfg.host, cfg.port))
sock.listen(128)
ready(*sock.getsockname()[:2])
fast = os.environ.get("ACTIVESYNTH_UVICORN") == "fast"
server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False,
                                       http="httptools" if fast else "h11",
                                       loop="uvloop" if fast else "asyncio"))
server.run(sockets=[sock])
