"""Prototype of the server's bench routes on aiohttp (for bench/http_stack_bench.py only)."""

import asyncio
import json
import socket
import sys
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from common import dumps, engine_from_argv, protocol, ready

cfg, engine = engine_from_argv(sys.argv[1:])
pool = ThreadPoolExecutor(8)


def reply(obj):
    return web.Response(body=dumps(obj), content_type="application/json")


async def run(fn, *args):
    return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)


async def health(request):
    return reply(await run(engine.health))


async def score(request):
    body = json.loads(await request.read())
    return reply(await run(lambda: engine.score(protocol.parse(protocol.ScoreRequest, body))))


async def chat(request):
    req = protocol.parse(protocol.ChatRequest, json.loads(await request.read()))
    loop, q = asyncio.get_running_loop(), asyncio.Queue()
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})
    resp.enable_chunked_encoding()
    await resp.prepare(request)

    def work():
        try:
            engine.chat(req, emit=lambda c: loop.call_soon_threadsafe(q.put_nowait, c))
        finally:
            loop.call_soon_threadsafe(q.put_nowait, None)

    fut = loop.run_in_executor(pool, work)
    while (chunk := await q.get()) is not None:
        await resp.write(b"data: " + dumps(chunk) + b"\n\n")
    await fut
    await resp.write(b"data: [DONE]\n\n")
    await resp.write_eof()
    return resp


async def upload(request):
    if request.content_type == "multipart/form-data":
        fields = {}
        async for part in await request.multipart():
            fields[part.name] = (part.filename, await part.read())
        purpose = fields["purpose"][1].decode()
        filename, data = fields["file"]
    else:
        b = json.loads(await request.read())
        purpose, filename, data = b["purpose"], b.get("filename", "upload.jsonl"), b["content"].encode()
    return reply(await run(engine.files.add, filename, purpose, data))


app = web.Application(client_max_size=int(cfg.max_body_mb * 1024 * 1024))
app.add_routes([web.get("/health", health), web.post("/v1/score", score),
                web.post("/v1/chat/completions", chat), web.post("/v1/files", upload)])
sock = socket.socket()
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind((cfg.host, cfg.port))
sock.listen(128)
ready(*sock.getsockname()[:2])
web.run_app(app, sock=sock, print=None, access_log=None)
