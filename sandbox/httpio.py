"""Small HTTP plumbing: responses, a threaded WSGI server, and a way to drop a connection."""

import contextlib
import json
import socket
import socketserver
import struct
import sys
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

REASONS = {
    200: "OK", 301: "Moved Permanently", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found",
    405: "Method Not Allowed", 429: "Too Many Requests", 500: "Internal Server Error",
    502: "Bad Gateway", 503: "Service Unavailable",
}


class DropConnection(Exception):  # noqa: N818 - it is an instruction, not an error
    """Raised by the application to close the socket without sending any response."""


class Response:
    """A status, headers and a body (bytes, or an iterable of bytes for streamed lists)."""

    def __init__(self, status, body=b"", content_type="application/json", headers=None):
        self.status = status
        self.body = body
        self.headers = [("Content-Type", content_type), *(headers or [])]
        if isinstance(body, bytes):
            self.headers.append(("Content-Length", str(len(body))))

    @property
    def status_line(self):
        """Return "200 OK" and the like."""
        return f"{self.status} {REASONS.get(self.status, 'Unknown')}"

    def chunks(self):
        """Return the body as an iterable of bytes."""
        return [self.body] if isinstance(self.body, bytes) else self.body


def dumps(data):
    """Serialise as Contífico does: UTF-8 JSON with accents unescaped."""
    return json.dumps(data, ensure_ascii=False, separators=(", ", ": ")).encode()


def json_response(status, data, headers=None):
    """Return a JSON response."""
    return Response(status, dumps(data), "application/json", headers)


def message(status, text):
    """Return the API's usual error body, ``{"mensaje": ...}`` (docs/contifico-api.md, "Errors, throttling and
    slowness").
    """
    return json_response(status, {"mensaje": text})


class _Handler(ServerHandler):
    def handle_error(self):
        if isinstance(sys.exc_info()[1], DropConnection):
            # Send nothing; close the socket hard so the client sees a reset/disconnect.
            self.request_handler.drop = True
            return
        super().handle_error()


class _RequestHandler(WSGIRequestHandler):
    drop = False

    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        """Stay quiet: the sandbox's stats endpoint is the log."""

    def handle(self):
        # Same as WSGIRequestHandler.handle, with our ServerHandler (which knows how to drop).
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = _Handler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self
        handler.run(self.server.get_app())
        if self.drop:
            with contextlib.suppress(OSError):
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


class ThreadedWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    """A WSGI server with one thread per connection, so several clients can run at once."""

    daemon_threads = True
    request_queue_size = 128
    allow_reuse_address = True


def make_server(host, port, app):
    """Return a bound threaded server for ``app`` (port 0 picks a free port)."""
    server = ThreadedWSGIServer((host, port), _RequestHandler)
    server.set_app(app)
    return server
