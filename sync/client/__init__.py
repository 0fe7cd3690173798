"""The one door for HTTP to Contífico.

``transport`` makes one request with one retry budget; ``paging`` and
``unpaged`` walk the three kinds of list on top of it; ``ContificoClient``
puts them behind one object. What we know of the real API is in
docs/contifico-api.md.
"""

from sync.client import paging, unpaged
from sync.client.errors import ContificoAuthError, ContificoError, ContificoNotConfigured, MalformedPage
from sync.client.paging import Page
from sync.client.transport import Transport

__all__ = [
    "ContificoAuthError", "ContificoClient", "ContificoError", "ContificoNotConfigured", "MalformedPage",
    "Page",
]


class ContificoClient(Transport):
    """A session to one Contífico company: single GETs, details and the three list walks."""

    def get_detail(self, version, path, record_id):
        """Return one record by id, or None when Contífico says it does not exist (404).

        Some detail endpoints (persona, banco/movimiento) answer a one-element
        array; both shapes are accepted.
        """
        try:
            body = self.get(version, f"{path.strip('/')}/{record_id}", accept=check_record)
        except ContificoError as exc:
            if exc.status == 404:
                return None
            raise
        if isinstance(body, list):
            return body[0] if body else None
        return body

    def iter_unpaged(self, version, path, params=None, *, chunk_size=500):
        return unpaged.iter_unpaged(self, version, path, params, chunk_size=chunk_size)

    def iter_result_pages(self, version, path, params=None, *, page_size=200, ask_ahead=False):
        return paging.iter_result_pages(self, version, path, params, page_size=page_size, ask_ahead=ask_ahead)

    def iter_v2_pages(self, version, path, params=None):
        return paging.iter_v2_pages(self, version, path, params)


def check_record(body, endpoint):
    """Return ``body`` when it is a record (or a one-element array of one); an error object is retried.

    ``{"id": null, "error": "Servicio no disponible"}`` must not pass for a record that
    still exists (nor for one that does not).
    """
    if body == []:
        return body
    record = body[0] if isinstance(body, list) else body
    if isinstance(record, dict) and record.get("id") is not None:
        return body
    raise MalformedPage(
        f"expected a record, got {str(body)[:200]}", endpoint=endpoint, status=200, retryable=True
    )
