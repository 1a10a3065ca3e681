"""Serving the aiohttp application on --host/--port, and answering requests that aiohttp's
parser refuses (a garbage request line, a bad Content-Length or chunk size, headers too large,
an unknown HTTP version) in the JSON error shape instead of aiohttp's plain-text page.

    sock = listen(cfg)                  # OSError if the address is taken
    serve(sock, make_app(cfg, engine), on_ready=lambda host, port: ...)   # runs until killed
"""

import asyncio
import json
import socket
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus

from aiohttp import web
from aiohttp.http_exceptions import LineTooLong
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_server import Server

from .errors import APIError

LINE_LIMIT = 65536  # request line and each header line, as http.server allowed


class JSONErrorHandler(RequestHandler):
    """aiohttp's connection handler, with its error page in the API's error shape."""
    __slots__ = ()

    def handle_error(self, request, status=500, exc=None, message=None):
        if isinstance(exc, LineTooLong):
            status = 431
        phrase = HTTPStatus(status).phrase
        text = (message or phrase).split("\n")[0].rstrip(":") if status != 500 else phrase
        err = APIError(status, text, code=phrase.lower().replace(" ", "_"))
        resp = web.Response(status=status, body=json.dumps(err.body()).encode(),
                            content_type="application/json")
        resp.force_close()
        return resp

    def eof_received(self):
        return True  # a client that half-closes after its request still gets the answer


class JSONErrorServer(Server):
    def __call__(self):
        return JSONErrorHandler(self, loop=self._loop, **self._kwargs)


class Runner(web.AppRunner):
    async def _make_server(self):
        server = await super()._make_server()
        server.__class__ = JSONErrorServer  # aiohttp builds a Server; ours makes our handler
        return server


def listen(cfg):
    """The listening socket on --host/--port (port 0: a free one)."""
    return socket.create_server((cfg.host, cfg.port), backlog=128)


async def _serve(sock, app, on_ready):
    # model work runs on this pool (the engine's compute lock serialises it); file and job
    # requests go on beside a long generation
    asyncio.get_running_loop().set_default_executor(
        ThreadPoolExecutor(64, thread_name_prefix="activesynth-request"))
    runner = Runner(app, access_log=None, max_line_size=LINE_LIMIT, max_field_size=LINE_LIMIT)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    on_ready(*sock.getsockname()[:2])
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()


def serve(sock, app, on_ready):
    """Serves `app` on `sock` until the process is stopped; on_ready(host, port) once listening."""
    asyncio.run(_serve(sock, app, on_ready))
