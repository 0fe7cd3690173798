"""A v2 list ordered on a date many rows share, with ties in a fresh order: a scripted peer route.

It behaves as the real API's unstable ordering does (see docs/contifico-api.md, "Unstable
ordering: repeated and skipped rows"): ``count`` is true, but on a share of requests the rows
of each date come in a new order, so a walk over the pages repeats some rows and skips as many
others. A window whose rows fit in one page is served whole. Filters: ``fecha_inicial`` /
``fecha_final`` on ``fecha_emision`` (dd/mm/yyyy or ISO) and ``fecha_modificacion`` (one day).
"""

import datetime as dt
import random

from tests.client.scripted_server import Reply

PAGE = 100


def documents(n, *, days=40, start=dt.date(2026, 1, 1), seed=7):
    """Return ``n`` documents spread over ``days`` emission dates (so dates are shared by many)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=rng.randrange(days))
        rows.append({
            "id": f"Doc{i:06d}xyzABC",
            "fecha_emision": day.strftime("%d/%m/%Y"),
            "fecha_modificacion": day.isoformat(),
            "total": f"{i}.00",
        })
    return rows


def _day(text):
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class UnstableList:
    """Route handler: ``server.route(path, UnstableList(rows))``.

    ``shuffle_share``: share of requests whose ties come in a fresh order.
    ``hidden``: ids counted but never served (rows no request can reach).
    """

    def __init__(self, rows, *, shuffle_share=0.3, hidden=(), seed=1):
        self.rows = rows
        self.shuffle_share = shuffle_share
        self.hidden = set(hidden)
        self.rng = random.Random(seed)
        self.requests = 0

    def select(self, params):
        rows = self.rows
        if params.get("fecha_inicial"):
            first = _day(params["fecha_inicial"])
            rows = [r for r in rows if _day(r["fecha_emision"]) >= first]
        if params.get("fecha_final"):
            last = _day(params["fecha_final"])
            rows = [r for r in rows if _day(r["fecha_emision"]) <= last]
        if params.get("fecha_modificacion"):
            rows = [r for r in rows if r["fecha_modificacion"] == params["fecha_modificacion"]]
        return rows

    def __call__(self, request):
        self.requests += 1
        rows = self.select(request.params)
        ordered = sorted(rows, key=lambda r: (_day(r["fecha_emision"]), r["id"]))
        if len(ordered) > PAGE and self.rng.random() < self.shuffle_share:
            # Same dates, ties in a fresh order: the sort is stable, so shuffle first.
            self.rng.shuffle(ordered)
            ordered.sort(key=lambda r: _day(r["fecha_emision"]))
        page = int(request.params.get("page") or 1)
        pages = max(1, -(-len(ordered) // PAGE))
        if page > pages:
            return Reply(400, {"code": "400", "error": "Pagina fuera del rango"})
        served = [r for r in ordered[(page - 1) * PAGE : page * PAGE] if r["id"] not in self.hidden]
        return Reply(200, {
            "count": len(ordered),
            "next": f"http://x/?page={page + 1}" if page < pages else None,
            "previous": None,
            "results": served,
        })
