"""Server-sent events: model work that reports through emit(obj) runs on a worker thread while
the event loop writes each object as `data: {json}` to a chunked text/event-stream response,
ending with `data: [DONE]`.

An error before the first event is an ordinary error response; one after it goes in-band (the
error object as an event, then [DONE]), since the status line is already sent. A client that
goes away stops the work at its next event.
"""

import asyncio
import json
import sys
import threading
import traceback

from aiohttp import web

from .errors import APIError


def _event(obj):
    return b"data: " + json.dumps(obj).encode() + b"\n\n"


async def stream_events(request, work):
    """work(emit) runs on the default executor; -> the streamed response."""
    loop, queue, gone = asyncio.get_running_loop(), asyncio.Queue(), threading.Event()

    def emit(obj):
        if gone.is_set():
            raise ConnectionResetError("the client closed the stream")
        loop.call_soon_threadsafe(queue.put_nowait, ("event", obj))

    def run():
        try:
            work(emit)
            loop.call_soon_threadsafe(queue.put_nowait, ("done", None))
        except BaseException as e:  # noqa: BLE001 - reported to the client below
            loop.call_soon_threadsafe(queue.put_nowait, ("error", e))

    loop.run_in_executor(None, run)
    kind, item = await queue.get()
    if kind == "error":
        raise item  # nothing sent yet: the usual error response
    resp = web.StreamResponse(headers={"Content-Type": "text/event-stream",
                                       "Cache-Control": "no-cache"})
    resp.enable_chunked_encoding()
    try:
        await resp.prepare(request)
        while kind == "event":
            data, kind = _event(item), None
            while kind is None and not queue.empty():  # what is ready goes in one write
                kind, item = queue.get_nowait()
                if kind == "event":
                    data, kind = data + _event(item), None
            await resp.write(data)
            if kind is None:
                kind, item = await queue.get()
        if kind == "error":
            await resp.write(_event(_in_band(request, item).body()))
        await resp.write(b"data: [DONE]\n\n")
        await resp.write_eof()
    except ConnectionError:  # the client went away: nothing more to send
        gone.set()
    except asyncio.CancelledError:
        gone.set()
        raise
    return resp


def _in_band(request, e):
    if not isinstance(e, APIError):
        traceback.print_exception(type(e), e, e.__traceback__, file=sys.stderr)
        e = APIError(500, f"Internal error: {type(e).__name__}: {e}", code="internal_error")
    if e.status >= 500:
        print(f"[activesynth] {request.method} {request.path}: {e.message}", file=sys.stderr)
    return e
