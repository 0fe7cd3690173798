"""A tiny scripted HTTP peer for testing ``sync.client`` over real loopback HTTP.

A test queues replies per path; each request to that path takes the next one.
When a path's queue is empty, the path's ``route`` (a function of the request)
answers, and with no route the server answers 418 so the test fails loudly
rather than hangs. Every request is recorded, and so is the peak number of
requests in flight at once.

    with ScriptedServer() as server:
        server.script("/v1/producto/", Reply(500, {"mensaje": "boom"}), Reply(200, [{"id": 1}]))
        client = ContificoClient(api_key="k", base_url=server.url)
        ...
        assert len(server.requests_to("/v1/producto/")) == 2

A reply can also be a plain ``(status, headers, body)`` tuple, or a callable
taking the ``Request`` and returning a reply.
"""

import dataclasses
import json
import socket
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from requests.structures import CaseInsensitiveDict

GATE_TIMEOUT = 10.0  # a gated body is released after this long even if the test never opens the gate


@dataclass
class Reply:
    """One scripted answer.

    ``body``: bytes are sent as is, ``str`` as UTF-8, anything else as JSON.
    ``action``: None (answer normally), ``"drop"`` (close the connection without
    answering) or ``"cut"`` (send the headers, with the full Content-Length, and
    the first ``cut_at`` bytes of the body, then close; default half).
    ``delay``: seconds to sleep before answering (or dropping).
    ``gate``: a ``threading.Event``; the first ``gate_at`` bytes of the body are
    sent, then the server waits for the event before sending the rest.
    ``content_length``: False to send no Content-Length, so the body ends when the
    connection closes (a cut then looks like a clean, short body).
    """

    status: int = 200
    body: Any = b""
    headers: dict = field(default_factory=dict)
    action: str | None = None
    delay: float = 0.0
    cut_at: int | None = None
    gate: threading.Event | None = None
    gate_at: int | None = None
    content_length: bool = True

    def encoded_body(self):
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8")

    def content_type(self):
        if isinstance(self.body, bytes | str):
            text = self.body.decode("utf-8", "replace") if isinstance(self.body, bytes) else self.body
            if text.lstrip().startswith("<"):
                return "text/html; charset=utf-8"
            return "text/plain; charset=utf-8"
        return "application/json"


def drop(delay=0.0):
    """A reply that closes the connection without answering."""
    return Reply(action="drop", delay=delay)


def cut(body, at=None, status=200):
    """A reply that announces ``body`` in full but sends only its first ``at`` bytes, then closes."""
    return Reply(status=status, body=body, action="cut", cut_at=at)


def slow(seconds, reply=None):
    """``reply`` (default: 200 with an empty JSON list) sent after sleeping ``seconds``."""
    return dataclasses.replace(as_reply(reply if reply is not None else Reply(200, [])), delay=seconds)


def as_reply(spec):
    if isinstance(spec, Reply):
        return spec
    if isinstance(spec, tuple):
        status, headers, body = spec
        return Reply(status=status, headers=dict(headers or {}), body=body)
    raise TypeError(f"not a reply: {spec!r}")


@dataclass
class Request:
    """One request as the server received it."""

    method: str
    path: str
    params: dict  # single-valued params as str, repeated ones as lists
    raw_query: str
    headers: CaseInsensitiveDict
    arrived: float  # time.monotonic() when the request line and headers were read


class ScriptedServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 with a random free port; use as a context manager."""

    def __init__(self):
        self._lock = threading.Lock()
        self._queues = defaultdict(deque)
        self._routes = {}
        self.requests = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self._httpd = None
        self._thread = None

    # --- scripting ------------------------------------------------------------

    def script(self, path, *replies):
        """Queue replies (``Reply``, ``(status, headers, body)`` or callables) for ``path``."""
        with self._lock:
            self._queues[path].extend(replies)

    def route(self, path, handler):
        """Answer ``path`` with ``handler(request)`` whenever its queue is empty."""
        with self._lock:
            self._routes[path] = handler

    def requests_to(self, path):
        with self._lock:
            return [r for r in self.requests if r.path == path]

    @property
    def url(self):
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    # --- lifecycle ------------------------------------------------------------

    def __enter__(self):
        server = self

        class Handler(_Handler):
            scripted = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # --- used by the handler --------------------------------------------------

    def _arrive(self, request):
        with self._lock:
            self.requests.append(request)
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
            queue = self._queues.get(request.path)
            spec = queue.popleft() if queue else self._routes.get(request.path)
        if spec is None:
            return Reply(418, {"mensaje": f"scripted server: nothing scripted for {request.path}"})
        if callable(spec):
            spec = spec(request)
        return as_reply(spec)

    def _leave(self):
        with self._lock:
            self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    scripted: ScriptedServer
    timeout = 10  # idle keep-alive connections give up after this long

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        pass  # keep test output clean

    def do_GET(self):  # noqa: N802 - the stdlib's naming
        parts = urlsplit(self.path)
        params = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(parts.query).items()}
        request = Request(
            method="GET", path=parts.path, params=params, raw_query=parts.query,
            headers=CaseInsensitiveDict(self.headers.items()), arrived=time.monotonic(),
        )
        reply = self.scripted._arrive(request)
        try:
            self._answer(reply)
        except (TimeoutError, BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (e.g. its read timeout); fine
        finally:
            self.scripted._leave()

    def _answer(self, reply):
        if reply.delay:
            time.sleep(reply.delay)
        if reply.action == "drop":
            self._hang_up()
            return
        body = reply.encoded_body()
        self.send_response(reply.status)
        headers = {"Content-Type": reply.content_type(), **reply.headers}
        for name, value in headers.items():
            self.send_header(name, str(value))
        if reply.content_length:
            self.send_header("Content-Length", str(len(body)))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if reply.action == "cut":
            at = len(body) // 2 if reply.cut_at is None else reply.cut_at
            self.wfile.write(body[:at])
            self.wfile.flush()
            self._hang_up()
            return
        if reply.gate is not None:
            at = len(body) // 2 if reply.gate_at is None else reply.gate_at
            self.wfile.write(body[:at])
            self.wfile.flush()
            reply.gate.wait(GATE_TIMEOUT)
            body = body[at:]
        self.wfile.write(body)
        self.wfile.flush()

    def _hang_up(self):
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
