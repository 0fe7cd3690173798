"""The control interface under /__sandbox__/ (not part of Contífico; no authentication).

JSON in, JSON out:

- ``GET  /__sandbox__/``              configuration and clock
- ``GET  /__sandbox__/stats``         request statistics; ``POST /__sandbox__/stats/reset`` clears them
- ``POST /__sandbox__/modify``        ``{"collection", "id", "changes"?}`` → ``{"id", "record"}``
- ``POST /__sandbox__/add``           ``{"collection", "overrides"?}`` → ``{"id"}``
- ``POST /__sandbox__/delete``        ``{"collection", "id"}`` → ``{"deleted"}``
- ``POST /__sandbox__/advance``       ``{"days"?, "hours"?, "minutes"?}`` → ``{"now"}``
- ``POST /__sandbox__/faults``        ``{"profile"}`` → ``{"faults"}``
- ``GET  /__sandbox__/ids?collection=…&<filters>``  → ``{"count", "ids"}``
- ``GET  /__sandbox__/record?collection=…&id=…&version=v1``  → the record
"""

import json
from urllib.parse import parse_qsl

from .httpio import json_response, message
from .store import FilterError, UnknownRecord


def _body(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


class Control:
    """Route control requests to the Sandbox's Python methods."""

    def __init__(self, sandbox):
        self.sb = sandbox

    def handle(self, environ, action):
        """Return a Response for a control request."""
        method = environ.get("REQUEST_METHOD", "GET")
        try:
            if method == "GET":
                query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
                return self._get(action, query)
            if method == "POST":
                return self._post(action, _body(environ))
            return message(405, f"{method} not allowed here")
        except UnknownRecord as error:
            return message(404, f"no such record: {error.args[0]}")
        except (ValueError, KeyError, TypeError, FilterError) as error:
            return message(400, str(error))

    def _get(self, action, query):
        if action == "":
            return json_response(200, self.sb.info())
        if action == "stats":
            return json_response(200, self.sb.stats())
        if action == "ids":
            collection = query.pop("collection")
            ids = sorted(self.sb.ids(collection, **query))
            return json_response(200, {"count": len(ids), "ids": ids})
        if action == "record":
            record = self.sb.record(query["collection"], query["id"], query.get("version", "v1"))
            return json_response(200, record)
        return message(404, f"unknown control action {action!r}")

    def _post(self, action, data):
        if action == "stats/reset":
            self.sb.reset_stats()
            return json_response(200, {"reset": True})
        if action == "modify":
            record = self.sb.modify(data["collection"], data["id"], data.get("changes"))
            return json_response(200, {"id": data["id"], "record": record})
        if action == "add":
            return json_response(200, {"id": self.sb.add(data["collection"], data.get("overrides"))})
        if action == "delete":
            self.sb.delete(data["collection"], data["id"])
            return json_response(200, {"deleted": data["id"]})
        if action == "advance":
            now = self.sb.advance(
                days=data.get("days", 0), hours=data.get("hours", 0), minutes=data.get("minutes", 0)
            )
            return json_response(200, {"now": now.isoformat()})
        if action == "faults":
            self.sb.set_faults(data["profile"])
            return json_response(200, {"faults": sorted(self.sb.faults.kinds)})
        return message(404, f"unknown control action {action!r}")
