"""The fake Contífico API: routing, authentication, v1 and v2 listings, details and stock.

Each quirk cites its section of docs/contifico-api.md.
"""

import math
from urllib.parse import parse_qsl, urlencode

from .dataset import COLLECTIONS
from .faults import request_key
from .httpio import Response, dumps, json_response, message
from .ids import looks_like_id
from .store import FilterError, UnknownRecord
from .texture import mix

API_ROOT = "/sistema/api/"
V2_PAGE_SIZE = 100  # fixed; page_size is ignored (docs/contifico-api.md, "v2 pages")
MAX_V1_MOVEMENT_PAGE = 100  # larger v1 movement pages crash upstream (docs/contifico-api.md, "Catalogues")
# the manual limits journal-entry ranges to one month (docs/contifico-api.md, "Catalogues")
MAX_ASIENTO_RANGE_DAYS = 31
_STREAM_CHUNK = 200  # records per chunk when a v1 list is streamed
# one collection behind both v1 paths (docs/contifico-api.md, "Catalogues")
_ALIASES = {"registro/documento": "documento"}


def _collection_of(parts):
    """Split path segments into (collection, remainder); collection is None when unknown."""
    for width in (2, 1):
        name = "/".join(parts[:width])
        if len(parts) >= width and (name in COLLECTIONS or name in _ALIASES):
            return name, parts[width:]
    return None, parts


class Api:
    """Answer one API request (auth, faults and stats are handled by the caller)."""

    def __init__(self, store, faults):
        self.store = store
        self.faults = faults

    def handle(self, environ):
        """Return a Response for an authenticated GET under /sistema/api/."""
        path = environ.get("PATH_INFO", "")
        version, _, rest = path[len(API_ROOT):].partition("/")
        if version not in ("v1", "v2"):
            return message(404, "Recurso no encontrado")
        parts = [p for p in rest.split("/") if p]
        name, remainder = _collection_of(parts)
        if name is None or (version == "v2" and name in _ALIASES):
            return message(404, "Recurso no encontrado")
        collection = _ALIASES.get(name, name)
        catalogue = self.store.catalogues[collection]
        if version == "v2" and not catalogue.on_v2:
            # marca, variante, guia, transaccion, centro-costo, cuenta-contable and banco/movimiento
            # are in no v2 source (docs/contifico-api.md, "Catalogues").
            return message(404, "Recurso no encontrado")
        if environ.get("REQUEST_METHOD", "GET") != "GET":
            return message(405, f'Método "{environ.get("REQUEST_METHOD")}" no permitido.')
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        if not remainder:
            if version == "v2" and not rest.endswith("/"):
                # v2 collections without the trailing slash answer 301 (docs/contifico-api.md, "Catalogues").
                qs = environ.get("QUERY_STRING", "")
                host = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"
                location = host + path + "/" + (f"?{qs}" if qs else "")
                return Response(301, b"", "text/html; charset=utf-8", [("Location", location)])
            if version == "v1":
                return self._v1_list(collection, catalogue, query, environ)
            return self._v2_list(environ, collection, catalogue, query)
        record_id = remainder[0]
        if not looks_like_id(record_id):
            # A non-id segment is parsed as an id: documento/venta/ → 400 "id incorrecto" (docs/contifico-
            # api.md, "Catalogues").
            return message(400, "id incorrecto")
        try:
            index = self.store.resolve(collection, record_id)
        except UnknownRecord:
            return message(404, "No existe el registro solicitado")
        if remainder[1:] == ["stock"] and collection == "producto":
            return json_response(200, self._stock(index))
        if len(remainder) > 1:
            return message(404, "Recurso no encontrado")
        payload = self.store.payload(collection, index, version)
        if version == "v1" and catalogue.v1_detail_array:
            # persona and banco/movimiento details are one-element arrays (docs/contifico-api.md, "Record
            # formats")
            payload = [payload]
        return json_response(200, payload)

    # --- v1 ---------------------------------------------------------------------------------------

    def _v1_list(self, collection, catalogue, query, environ):
        if not catalogue.v1_list:
            # v1 asiento: detail only (docs/contifico-api.md, "Catalogues")
            return message(405, 'Método "GET" no permitido.')
        size = query.get("result_size")
        too_big = size and size.isdigit() and int(size) > MAX_V1_MOVEMENT_PAGE
        if collection == "movimiento-inventario" and too_big:
            return message(500, "'NoneType' object has no attribute 'id_integracion'")
        try:
            conditions = self.store.conditions(collection, query, ("v1",))
        except FilterError as error:
            return message(400, str(error))
        selection = self.store.selection(collection, conditions)
        # result_size/result_page where evidence exists; page/page_size are ignored and the whole
        # list comes back (docs/contifico-api.md, "v1 lists").
        if catalogue.v1_result_paging and size:
            try:
                size = int(size)
                page = int(query.get("result_page") or 1)
            except ValueError:
                return message(400, "result_size y result_page deben ser números enteros")
            if size < 1 or page < 1:
                return message(400, "result_size y result_page deben ser mayores que cero")
            # past the end: [] (docs/contifico-api.md, "v1 lists")
            selection = selection[(page - 1) * size : page * size]
        return self._array(collection, selection, "v1")

    def _row(self, collection, index, version):
        """Return one row of a list as served (the ``null_ids`` fault blanks some v1 persona ids)."""
        payload = self.store.payload(collection, index, version)
        if version == "v1" and collection == "persona" and self.faults.null_id(index):
            payload["id"] = None
        return payload

    def _array(self, collection, indices, version):
        if len(indices) <= _STREAM_CHUNK:
            return Response(200, dumps([self._row(collection, i, version) for i in indices]))

        def stream():
            # Without paging v1 sends everything (docs/contifico-api.md, "v1 lists"): stream it, never one
            # giant string.
            yield b"["
            for start in range(0, len(indices), _STREAM_CHUNK):
                chunk = indices[start : start + _STREAM_CHUNK]
                body = b", ".join(dumps(self._row(collection, i, version)) for i in chunk)
                yield (b", " + body) if start else body
            yield b"]"

        return Response(200, stream())

    # --- v2 ---------------------------------------------------------------------------------------

    def _v2_list(self, environ, collection, catalogue, query):
        try:
            conditions = self.store.conditions(collection, query, ("v2",))
        except FilterError as error:
            return message(400, str(error))
        if collection == "contabilidad/asiento":
            bounds = {op: value for op, _attr, value in conditions}
            both = "ge" in bounds and "le" in bounds
            if both and (bounds["le"] - bounds["ge"]).days > MAX_ASIENTO_RANGE_DAYS:
                return message(400, "El rango de fechas no puede ser mayor a un mes")
        selection = self.store.selection(collection, conditions)
        total = len(selection)
        pages = max(1, math.ceil(total / V2_PAGE_SIZE))
        try:
            page = int(query.get("page") or 1)
        except ValueError:
            page = 0
        if page < 1 or page > pages:
            # Past the last page: 400 with a string code, or 404 in other runs. See
            # docs/contifico-api.md, "Past the last page".
            status = 404 if "page_404" in self.faults else 400
            return json_response(status, {"code": str(status), "error": "Pagina fuera del rango"})
        start = (page - 1) * V2_PAGE_SIZE
        stop = min(start + V2_PAGE_SIZE, total)
        indices = self._page_indices(environ, collection, catalogue, selection, start, stop)
        results = [self._row(collection, i, "v2") for i in indices]
        listing = f"{collection}?{sorted((k, v) for k, v in query.items() if k != 'page')}"
        if page == self.faults.bare_page(listing, pages):
            return json_response(200, results)  # the envelope is missing on this one page
        base = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}"
        base += environ.get("PATH_INFO", "")
        return json_response(200, {
            "count": total,  # always the true number of rows the query matches
            "next": self._page_url(base, query, page + 1) if page < pages else None,
            "previous": self._page_url(base, query, page - 1) if page > 1 else None,
            "results": results,
        })

    def _page_indices(self, environ, collection, catalogue, selection, start, stop):
        """Return the record indices of positions start..stop of a listing, as this request sees them.

        Lists ordered by a non-unique date (``catalogue.order_key``) keep ties in a stable order,
        except that under the ``unstable`` fault some requests see the ties in a fresh order of
        their own. Only the tie groups cut by the page's edges change which rows the page holds,
        so only those are reordered: rows of those groups move in from or out to the neighbouring
        pages, which therefore repeat some rows and never show others (count stays true).
        See docs/contifico-api.md, "Unstable ordering: repeated and skipped rows".
        """
        rows = list(selection[start:stop])
        if not catalogue.order_key or not rows:
            return rows
        method, query = environ.get("REQUEST_METHOD", "GET"), environ.get("QUERY_STRING", "")
        key = request_key(method, environ.get("PATH_INFO", ""), query)
        seed = self.faults.tie_order(key)
        if seed is None:
            return rows

        def day(position):
            return self.store.order_day(collection, selection[position])

        for edge in sorted({start, stop - 1}):
            tie = day(edge)
            lo, hi = edge, edge + 1
            while lo > 0 and day(lo - 1) == tie:
                lo -= 1
            while hi < len(selection) and day(hi) == tie:
                hi += 1
            group = sorted(selection[lo:hi], key=lambda index: mix(seed, index))
            for position in range(max(lo, start), min(hi, stop)):
                rows[position - start] = group[position - lo]
        return rows

    @staticmethod
    def _page_url(base, query, page):
        """Return an absolute page URL carrying every filter (clients follow next verbatim; docs/contifico-
        api.md, "v2 pages").
        """
        params = {k: v for k, v in query.items() if k != "page"}
        if page > 1:
            params["page"] = str(page)
        return f"{base}?{urlencode(sorted(params.items()))}" if params else base

    # --- stock ------------------------------------------------------------------------------------

    def _stock(self, index):
        if index >= self.store.ds.n("producto"):
            return []  # products added through the control interface have no stock yet
        return self.store.catalogues["producto"].stock(index)
