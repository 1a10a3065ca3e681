"""HTTP plumbing on the standard library's ThreadingHTTPServer: request bodies (Content-Length
or chunked, --max-body-mb), JSON in and out, auth (--api-key), server-sent events for streaming,
and the one error shape (errors.APIError) for every failure, http.server's own included.

    server = make_server(cfg, app); server.serve_forever()

`app(method, path, request)` answers one request (routes.Router): a JSON-able object, RawBody
(bytes sent as application/octet-stream), or STREAMED once it has written events itself. It
raises APIError for a client error; any other exception answers 500 and is logged to stderr.
"""

import hmac
import json
import re
import sys
import traceback
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlparse

from .errors import APIError, bad_request


class RawBody(bytes):
    """A route's result sent as it is, as application/octet-stream."""


STREAMED = object()  # a route's result once it has answered through request.events itself


class SSE:
    """Chunked text/event-stream writer; headers go out with the first event."""

    def __init__(self, handler):
        self.handler, self.started = handler, False

    def _chunk(self, data):
        self.handler.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def send(self, obj):
        if not self.started:
            h = self.handler
            h.send_response(200)
            h.send_header("Content-Type", "text/event-stream")
            h.send_header("Cache-Control", "no-cache")
            h.send_header("Transfer-Encoding", "chunked")
            h.end_headers()
            self.started = True
        self._chunk(b"data: " + json.dumps(obj).encode() + b"\n\n")

    def close(self):
        self._chunk(b"data: [DONE]\n\n")
        self.handler.wfile.write(b"0\r\n\r\n")
        self.handler.wfile.flush()


class Request:
    """What a route handler sees of one request: headers, query ({name: [values]}), the body
    (read on demand: json() or body()) and `events`, the SSE stream to write to."""

    def __init__(self, handler, query, events):
        self.handler, self.headers, self.query, self.events = handler, handler.headers, query, events

    def json(self):
        """The body as a JSON object (400 invalid_json otherwise)."""
        return self.handler.json_body()

    def body(self):
        """The raw body bytes."""
        return self.handler.read_body()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "activesynth"
    app = None      # set by make_server
    cfg = None

    def log_message(self, fmt, *args):
        pass  # quiet: errors are logged where they happen

    def read_body(self):
        self.body_read = True
        limit = int(self.cfg.max_body_mb * 1024 * 1024)
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            parts, size = [], 0
            while True:
                line = self.rfile.readline(1024).split(b";")[0].strip()
                if not re.fullmatch(rb"[0-9A-Fa-f]{1,16}", line):
                    self.close_connection = True
                    raise bad_request(f"Invalid chunk size {line[:32]!r} in a chunked body",
                                      code="invalid_request")
                n = int(line, 16)
                if n == 0:
                    self.rfile.readline()
                    break
                size += n
                if size > limit:
                    self.close_connection = True
                    raise APIError(413, f"Request body is larger than --max-body-mb "
                                        f"{self.cfg.max_body_mb}", code="request_too_large")
                parts.append(self.rfile.read(n))
                self.rfile.readline()
            return b"".join(parts)
        length = (self.headers.get("Content-Length") or "0").strip()
        if not re.fullmatch(r"[0-9]{1,19}", length):
            self.close_connection = True
            raise bad_request(f"Invalid Content-Length {length[:32]!r}: a number of bytes is "
                              "expected", code="invalid_request")
        n = int(length)
        if n > limit:
            self.close_connection = True
            raise APIError(413, f"Request body of {n} bytes is larger than --max-body-mb "
                                f"{self.cfg.max_body_mb}", code="request_too_large")
        return self.rfile.read(n) if n else b""

    def json_body(self):
        raw = self.read_body()
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

    def _send(self, status, obj):
        if isinstance(obj, RawBody):
            data, ctype = bytes(obj), "application/octet-stream"
        else:
            data, ctype = json.dumps(obj).encode(), "application/json"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self):
        key = self.cfg.api_key
        if not key:
            return True
        got = self.headers.get("Authorization", "")
        return got.startswith("Bearer ") and hmac.compare_digest(got[7:].strip().encode(),
                                                                 key.encode())

    def _handle(self, method):
        stream, self.body_read = SSE(self), False
        try:
            url = urlparse(self.path)
            path = unquote(url.path).rstrip("/") or "/"
            if not self._authorised():
                self.close_connection = True
                raise APIError(401, "Missing or invalid API key (Authorization: Bearer ...)",
                               code="invalid_api_key")
            result = self.app(method, path, Request(self, parse_qs(url.query), stream))
            if result is not STREAMED:
                self._send(200, result)
        except APIError as e:
            self._fail(stream, e)
        except Exception as e:  # noqa: BLE001 - a bug answers 500, never kills the server
            traceback.print_exc(file=sys.stderr)
            self._fail(stream, APIError(500, f"Internal error: {type(e).__name__}: {e}",
                                        code="internal_error"))
        if not self.body_read and (self.headers.get("Content-Length", "0") != "0"
                                   or "Transfer-Encoding" in self.headers):
            self.close_connection = True  # an unread body would garble the next request

    def _fail(self, stream, err):
        if err.status >= 500:
            print(f"[activesynth] {self.command} {self.path}: {err.message}", file=sys.stderr)
        try:
            if stream.started:  # the status line is gone: report in-band and end the stream
                stream._chunk(b"data: " + json.dumps(err.body()).encode() + b"\n\n")
                stream.close()
            else:
                self._send(err.status, err.body())
        except OSError:
            self.close_connection = True

    def send_error(self, code, message=None, explain=None):
        """http.server's own errors (a bad request line, a header too large, a bad protocol
        version) in the JSON error shape instead of its HTML page."""
        self.close_connection = True
        if self.request_version == "HTTP/0.9":  # a request line it could not read: answer HTTP/1.0
            self.request_version = "HTTP/1.0"
        try:
            phrase = HTTPStatus(code).phrase
        except ValueError:
            phrase = "Error"
        err = APIError(code, message or phrase, code=phrase.lower().replace(" ", "_"))
        data = json.dumps(err.body()).encode()
        self.send_response(code, message)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD" and code >= 200 and code not in (204, 304):
            self.wfile.write(data)

    def _not_allowed(self):
        self.close_connection = True
        err = APIError(405, f"Method {self.command} is not allowed: the API takes GET, POST and "
                            "DELETE", code="method_not_allowed")
        data = json.dumps(err.body()).encode()
        self.send_response(405)
        self.send_header("Allow", "GET, POST, DELETE")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_PUT = do_PATCH = do_HEAD = do_OPTIONS = do_TRACE = do_CONNECT = _not_allowed

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_DELETE(self):
        self._handle("DELETE")


def make_server(cfg, app):
    """A ThreadingHTTPServer on --host/--port whose requests `app` answers (see the module doc)."""
    handler = type("BoundHandler", (Handler,), {"app": staticmethod(app), "cfg": cfg})
    server = ThreadingHTTPServer((cfg.host, cfg.port), handler)
    server.daemon_threads = True
    return server
