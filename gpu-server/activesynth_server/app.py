"""The aiohttp application: the routes (routes.py) behind three middlewares, and the one error
shape (errors.APIError) for every failure a handler or the router reports.

    app = make_app(cfg, engine)        # served by http_server.serve

Before routing: a method other than GET, POST and DELETE is a 405 with `Allow`; with --api-key
every request needs `Authorization: Bearer KEY` (401 otherwise). The router's own answers map
to 404 unknown_url and 405 method_not_allowed; any exception that is not an APIError is a bug:
500, logged to stderr with its traceback.
"""

import hmac
import sys
import traceback

from aiohttp import web

from .errors import APIError
from .appkeys import CONFIG, ENGINE
from .routes import ROUTES, reply

METHODS = ("GET", "POST", "DELETE")


def error_response(err, headers=None):
    resp = reply(err.body(), status=err.status)
    resp.headers.update(headers or {})
    return resp


def _authorised(request):
    key = request.app[CONFIG].api_key
    if not key:
        return True
    got = request.headers.get("Authorization", "")
    return got.startswith("Bearer ") and hmac.compare_digest(got[7:].strip().encode(), key.encode())


def _path(request):
    return request.path.rstrip("/") or "/"


@web.middleware
async def api_errors(request, handler):
    try:
        if request.method not in METHODS:
            resp = error_response(APIError(
                405, f"Method {request.method} is not allowed: the API takes GET, POST and DELETE",
                code="method_not_allowed"), {"Allow": ", ".join(METHODS)})
            resp.force_close()
            return resp
        if not _authorised(request):
            resp = error_response(APIError(
                401, "Missing or invalid API key (Authorization: Bearer ...)",
                code="invalid_api_key"))
            resp.force_close()
            return resp
        return await handler(request)
    except APIError as e:
        if e.status >= 500:
            print(f"[activesynth] {request.method} {request.path}: {e.message}", file=sys.stderr)
        return error_response(e)
    except web.HTTPNotFound:
        return error_response(APIError(404, f"Unknown path {_path(request)}", code="unknown_url"))
    except web.HTTPMethodNotAllowed:
        return error_response(APIError(405, f"Method {request.method} is not allowed on "
                                            f"{_path(request)}", code="method_not_allowed"))
    except web.HTTPException as e:  # other answers of aiohttp's own, in the error shape
        return error_response(APIError(e.status, e.reason, code=e.reason.lower().replace(" ", "_")))
    except Exception as e:  # noqa: BLE001 - a bug answers 500, never kills the server
        traceback.print_exc(file=sys.stderr)
        print(f"[activesynth] {request.method} {request.path}: {type(e).__name__}: {e}",
              file=sys.stderr)
        return error_response(APIError(500, f"Internal error: {type(e).__name__}: {e}",
                                       code="internal_error"))


def make_app(cfg, engine):
    limit = int(cfg.max_body_mb * 1024 * 1024)
    app = web.Application(middlewares=[api_errors], client_max_size=limit + 1)
    app[ENGINE], app[CONFIG] = engine, cfg
    for method, path, handler in ROUTES:
        app.router.add_route(method, path + "{_slash:/*}", handler)
    return app
