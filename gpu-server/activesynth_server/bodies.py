"""Request bodies, read through aiohttp (Content-Length or chunked framing, --max-body-mb as the
application's client_max_size): JSON objects with the server's own 400s, and multipart uploads.

    body = await read_json(request)            # dict, or APIError 400 / 413
    fields = await read_form(request)          # {name: (filename or None, bytes)}
"""

import json

from aiohttp import web
from aiohttp.web_request import FileField

from .appkeys import CONFIG
from .errors import APIError, bad_request


def _too_large(request):
    mb = request.app[CONFIG].max_body_mb
    n = request.content_length
    size = f" of {n} bytes" if n is not None else ""
    return APIError(413, f"Request body{size} is larger than --max-body-mb {mb}",
                    code="request_too_large")


async def read_body(request):
    """The body's bytes; 413 past --max-body-mb."""
    try:
        return await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise _too_large(request) from None


def decode_json(raw):
    """bytes -> a JSON object, or 400 invalid_json (also for nesting too deep for Python and
    for text that is not Unicode, such as a lone surrogate)."""
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError) as e:
        raise bad_request(f"The request body is not valid JSON: {e}", code="invalid_json")
    except RecursionError:
        raise bad_request("The request body is nested too deeply", code="invalid_json")
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object", code="invalid_json")
    try:  # "\ud800" is valid JSON but not Unicode text: refuse it here, not deep inside
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as e:
        raise bad_request(f"The request body holds text that is not valid Unicode "
                          f"(a lone surrogate at {e.start})", code="invalid_json")
    except RecursionError:
        raise bad_request("The request body is nested too deeply", code="invalid_json")
    return body


async def read_json(request):
    return decode_json(await read_body(request))


async def read_form(request):
    """multipart/form-data -> {field name: (filename or None, bytes)}; 400 param `file` for a
    body aiohttp cannot read as multipart, 413 past --max-body-mb."""
    try:
        form = await request.post()
    except web.HTTPRequestEntityTooLarge:
        raise _too_large(request) from None
    except (ValueError, AssertionError) as e:  # no boundary, or a body that does not follow it
        missing = "boundary" in str(e).lower() and "boundary=" not in request.headers.get(
            "Content-Type", "")
        raise bad_request("multipart/form-data body without a boundary" if missing else
                          "could not parse the multipart/form-data body", param="file",
                          code="invalid_multipart") from None
    out = {}
    for name, value in form.items():
        if isinstance(value, FileField):
            out[name] = (value.filename, value.file.read())
        else:
            out[name] = (None, value.encode("utf-8"))
    return out
