"""A v2 persona list served by page, with chosen pages answered as bare arrays."""

from tests.client.scripted_server import Reply

PATH = "/v2/persona/"


def people(n):
    return [{"id": f"per-{i:05d}", "razon_social": f"Cliente {i}"} for i in range(n)]


def serve(server, rows, *, bare_pages):
    def handler(request):
        page = int(request.params["page"])
        chunk = rows[(page - 1) * 100 : page * 100]
        if not chunk:
            return Reply(404, {"code": "404", "error": "Pagina fuera del rango"})
        if page in bare_pages:
            return Reply(200, chunk)
        more = page * 100 < len(rows)
        return Reply(200, {"count": len(rows), "next": f"http://x/?page={page + 1}" if more else None,
                           "previous": None, "results": chunk})

    server.route(PATH, handler)
