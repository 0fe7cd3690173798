"""v2 documents carry no fecha_modificacion, yet the filter of that name finds edited documents.

By default the filter means "modified on that exact day" (how the v1 docs define their date
filters); ``modification_filter="on_or_after"`` serves the other reading.
"""

from sandbox.dataset import DEFAULT_START
from sandbox.testing import running_sandbox


def _listed(client, day):
    page = client.get("v2/documento/", params={"fecha_modificacion": day}).json()
    return {row["id"] for row in page["results"]}


def test_v2_documents_have_no_modification_field(client):
    rows = client.get("v2/documento/").json()["results"]
    assert rows and all("fecha_modificacion" not in row for row in rows)


def test_by_default_the_filter_finds_documents_modified_on_that_day_only(client, sb):
    edited = sorted(sb.ids("documento"))[0]
    sb.advance(days=1)
    sb.modify("documento", edited)
    edit_day = sb.now.date()
    sb.advance(days=2)
    assert edited in _listed(client, edit_day.isoformat())
    assert edited not in _listed(client, (edit_day.replace(day=1)).isoformat())
    assert edited not in _listed(client, sb.now.date().isoformat())


def test_the_on_or_after_reading_finds_every_document_modified_since_that_day(make_client):
    client = make_client(modification_filter="on_or_after")
    sb = client.sb
    edited = sorted(sb.ids("documento"))[0]
    start = sb.now.date()
    sb.advance(days=1)
    sb.modify("documento", edited)
    listed = _listed(client, start.isoformat())
    assert edited in listed
    assert sb.info()["modification_filter"] == "on_or_after"


def test_an_unknown_reading_is_refused():
    try:
        with running_sandbox(scale="tiny", clock=DEFAULT_START, modification_filter="sometimes"):
            pass
    except ValueError as error:
        assert "modification_filter" in str(error)
    else:
        raise AssertionError("an unknown modification_filter was accepted")
