"""The Contífico sandbox: a WSGI application plus the Python control interface.

Independent of Django settings (it imports no Django), so it starts in milliseconds, in-process
from tests or alone from ``python -m sandbox``.
"""

import contextlib
import threading
import time
from datetime import date, datetime
from urllib.parse import urlsplit

from .api import API_ROOT, Api
from .clock import Clock, parse_clock
from .control import Control
from .dataset import Dataset, parse_counts
from .faults import Faults, request_key
from .httpio import DropConnection, Response, json_response, make_server, message
from .stats import DROPPED, Stats
from .store import Store

SANDBOX_API_KEY = "sandbox-key-0123456789abcdefABCDEF"
CONTROL_PREFIX = "/__sandbox__"
_ALIASES = {"registro/documento": "documento"}

_HTML_502 = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway"
    "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
_HTML_503 = (
    "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head>\n<title>503 Service "
    "Unavailable</title>\n</head><body>\n<h1>Service Unavailable</h1>\n<p>The server is temporarily "
    "unable to service your request due to maintenance downtime or capacity problems. Please try "
    "again later.</p>\n</body></html>\n"
)


class _Tracked:
    """Wrap a response body so the request is counted once its last byte has been handed over."""

    def __init__(self, chunks, on_close):
        self._chunks = chunks
        self._on_close = on_close

    def __iter__(self):
        # Count the request just before its last chunk goes out, so a client that has read the
        # whole body always finds itself in the statistics.
        pending = None
        for chunk in self._chunks:
            if pending is not None:
                yield pending
            pending = chunk
        self._finish()
        if pending is not None:
            yield pending

    def _finish(self):
        on_close, self._on_close = self._on_close, None
        if on_close:
            on_close()

    def close(self):
        try:
            close = getattr(self._chunks, "close", None)
            if close:
                close()
        finally:
            self._finish()


def _truncated(response):
    """Return a 200 whose JSON body stops halfway (the "malformed" fault)."""
    if isinstance(response.body, bytes):
        return Response(200, response.body[: max(1, len(response.body) // 2)])

    def first_half():
        chunks = iter(response.body)
        head = next(chunks, b"[")
        yield head
        body = next(chunks, b"")
        yield body[: len(body) // 2]
        close = getattr(response.body, "close", None)
        if close:
            close()

    return Response(200, first_half())


def _collection(name):
    name = name.strip("/")
    return _ALIASES.get(name, name)


def _filter_values(filters):
    values = {}
    for key, value in filters.items():
        if isinstance(value, datetime | date):
            value = value.strftime("%Y-%m-%d")
        values[key] = value
    return values


class Sandbox:
    """A faithful fake Contífico API with deterministic data, changes, faults and statistics."""

    def __init__(
        self,
        seed=1,
        scale="small",
        counts=None,
        faults="none",
        latency_ms=0,
        api_key=SANDBOX_API_KEY,
        *,
        slow_seconds=3.0,
        fault_rate=0.12,
        throttle_rps=20,
        clock=None,
        modification_filter="exact_day",
    ):
        if isinstance(counts, str):
            counts = parse_counts(counts)
        if isinstance(clock, str):
            clock = parse_clock(clock)
        # clock=None follows the wall clock; a datetime fixes the start (deterministic tests).
        self.clock = Clock(clock)
        self.dataset = Dataset(seed, scale, counts, self.clock.now(), modification_filter)
        self.store = Store(self.dataset, self.clock)
        self.faults = Faults(
            seed, faults, rate=fault_rate, slow_seconds=slow_seconds, throttle_rps=throttle_rps
        )
        self.latency_ms = latency_ms
        self.api_key = api_key
        self.base_url = None
        self._stats = Stats()
        self._api = Api(self.store, self.faults)
        self._control = Control(self)
        self._server = None
        self._thread = None

    # --- WSGI -------------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        """Serve one WSGI request."""
        path = environ.get("PATH_INFO") or "/"
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            response = self._control.handle(environ, path[len(CONTROL_PREFIX):].strip("/"))
            start_response(response.status_line, response.headers)
            return response.chunks()
        self._stats.begin()
        try:
            response = self._respond(environ, path)
        except DropConnection:
            self._stats.end(path, DROPPED)
            raise
        except Exception:
            self._stats.end(path, 500)
            raise
        start_response(response.status_line, response.headers)
        return _Tracked(response.chunks(), lambda: self._stats.end(path, response.status))

    def _respond(self, environ, path):
        if self.latency_ms:
            time.sleep(self.latency_ms / 1000)
        if not path.startswith(API_ROOT):
            return message(404, "Recurso no encontrado")
        # The key goes raw in Authorization; "Bearer <key>" is refused (docs/contifico-api.md,
        # "Authentication").
        auth = environ.get("HTTP_AUTHORIZATION")
        if not auth:
            return message(401, "Falta Credenciales")
        if auth != self.api_key:
            return message(401, "Empresa matching query does not exist")
        if self.faults.throttled():
            # Rapid calls are throttled live (docs/contifico-api.md, "Errors, throttling and slowness"); 429 +
            # Retry-After is what clients honour.
            body = {"mensaje": "Demasiadas solicitudes, intente nuevamente más tarde"}
            return json_response(429, body, [("Retry-After", "1")])
        key = request_key(environ.get("REQUEST_METHOD", "GET"), path, environ.get("QUERY_STRING", ""))
        fault = self.faults.next_fault(key)
        if fault == "drop":
            raise DropConnection
        if fault == "error500":
            return message(500, "Ha ocurrido un error inesperado en el servidor")
        if fault == "error502":
            return Response(502, _HTML_502.encode(), "text/html")
        if fault == "error503":
            return Response(503, _HTML_503.encode(), "text/html; charset=iso-8859-1")
        if fault == "error_object":
            # A 200 whose body is one error object instead of the records (issue seen live).
            return json_response(200, {"id": None, "error": "Servicio no disponible"})
        if fault == "slow":
            time.sleep(self.faults.slow_seconds)
        response = self._api.handle(environ)
        if fault == "malformed" and response.status == 200:
            return _truncated(response)
        return response

    # --- serving ----------------------------------------------------------------------------------

    def start(self, host="127.0.0.1", port=0):
        """Start serving in a background thread and return the API root URL."""
        self._server = make_server(host, port, self)
        bound_port = self._server.server_address[1]
        self.base_url = f"http://{host}:{bound_port}/sistema/api"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True,
            name=f"contifico-sandbox-{bound_port}",
        )
        self._thread.start()
        return self.base_url

    def stop(self):
        """Stop serving (idempotent)."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=5)
        self._server = self._thread = self.base_url = None

    @contextlib.contextmanager
    def serve(self, host="127.0.0.1", port=0):
        """Serve while the block runs; yield the API root URL (without version)."""
        base_url = self.start(host, port)
        try:
            yield base_url
        finally:
            self.stop()

    @property
    def control_url(self):
        """Return the control interface's URL while serving."""
        return self.base_url.replace("/sistema/api", CONTROL_PREFIX) if self.base_url else None

    # --- inspection -------------------------------------------------------------------------------

    def _catalogue(self, collection):
        name = _collection(collection)
        if name not in self.store.catalogues:
            raise ValueError(f"unknown collection {collection!r}")
        return name, self.store.catalogues[name]

    def _selection(self, collection, filters):
        name, _ = self._catalogue(collection)
        conditions = self.store.conditions(name, _filter_values(filters), ("v1", "v2"))
        return name, self.store.selection(name, conditions)

    def ids(self, collection, **filters):
        """Return the ids the API would list right now (filters use the API's query names)."""
        name, selection = self._selection(collection, filters)
        return {self.dataset.id(name, i) for i in selection}

    def iter_records(self, collection, version="v1", **filters):
        """Yield, one at a time, the records the list endpoint of ``version`` would serve."""
        name, selection = self._selection(collection, filters)
        for index in selection:
            yield self.store.payload(name, index, version)

    def record(self, collection, record_id, version="v1"):
        """Return a record exactly as the list endpoint of ``version`` serves it (KeyError if not served)."""
        name, catalogue = self._catalogue(collection)
        if version == "v2" and not catalogue.on_v2:
            raise ValueError(f"{name} is not served on v2")
        return self.store.payload(name, self.store.resolve(name, record_id), version)

    # --- changes ----------------------------------------------------------------------------------

    def modify(self, collection, record_id, changes=None):
        """Change a record (None: a realistic edit), stamp it with the clock; return its v1 payload."""
        name, _ = self._catalogue(collection)
        index = self.store.modify(name, record_id, changes)
        return self.store.payload(name, index, "v1")

    def add(self, collection, overrides=None):
        """Create a record dated now at the end of the listing; return its id."""
        name, _ = self._catalogue(collection)
        return self.dataset.id(name, self.store.add(name, overrides))

    def delete(self, collection, record_id):
        """Stop serving a record (KeyError if it is not served)."""
        name, _ = self._catalogue(collection)
        self.store.delete(name, record_id)

    def advance(self, days=0, hours=0, minutes=0):
        """Move the sandbox clock forward; return the new "now" (naive Ecuador time)."""
        return self.store.advance(days=days, hours=hours, minutes=minutes)

    @property
    def now(self):
        """Return the sandbox clock."""
        return self.store.now

    def planned_fault(self, url, method="GET"):
        """Return (fault, failing attempts) the current profile plans for a URL or path, or None.

        Lets tests find a URL that will fail without trial and error.
        """
        parsed = urlsplit(url)
        return self.faults.planned(request_key(method, parsed.path, parsed.query))

    def set_faults(self, profile):
        """Switch the fault profile on the fly (see sandbox.faults)."""
        self.faults.set_profile(profile)

    def stats(self):
        """Return {"requests": {path: {status: n}}, "total", "peak_concurrency", "peak_rps", "in_flight"}."""
        return self._stats.snapshot()

    def reset_stats(self):
        """Forget the statistics gathered so far."""
        self._stats.reset()

    def info(self):
        """Describe the running configuration (seed, scale, counts, clock, faults)."""
        return {
            "seed": self.dataset.seed,
            "scale": self.dataset.scale,
            "counts": dict(self.dataset.counts),
            "now": self.now.isoformat(),
            "clock": "fixed" if self.clock.fixed is not None else "wall",
            "modification_filter": self.dataset.modification_filter,
            "faults": sorted(self.faults.kinds),
            "latency_ms": self.latency_ms,
            "base_url": self.base_url,
        }

