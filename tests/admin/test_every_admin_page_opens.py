"""Every catalogue's admin pages open: list, detail, each filter, search and export, read-only."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sync.admin_base import ContificoRecordAdmin
from tests.admin.support import LABELS, model_for, sample, store, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(request):
    model = model_for(request.param)
    return store(model, sample(request.param))[0]


def test_every_catalogue_is_registered_with_the_read_only_admin():
    for label in LABELS:
        assert isinstance(admin.site._registry[model_for(label)], ContificoRecordAdmin), label


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_list_opens_and_every_filter_choice_opens(admin_client, record):
    list_url = url(type(record), "changelist")

    response = admin_client.get(list_url)
    assert response.status_code == 200
    assert record.pk in response.text or str(record) in response.text

    changelist = response.context["cl"]
    filter_urls = [
        choice["query_string"]
        for spec in changelist.filter_specs
        for choice in spec.choices(changelist)
        if "query_string" in choice
    ]
    assert filter_urls
    for query_string in filter_urls:
        assert admin_client.get(list_url + query_string).status_code == 200, query_string


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_exact_id_finds_the_record(admin_client, record):
    response = admin_client.get(url(type(record), "changelist"), {"q": record.pk})

    assert response.status_code == 200
    assert [row.pk for row in response.context["cl"].result_list] == [record.pk]


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_search_box_says_where_it_looks(admin_client, record):
    response = admin_client.get(url(type(record), "changelist"))

    help_text = response.context["cl"].search_help_text
    assert help_text.startswith("Busca en: ")
    for name in type(record).search_columns:
        assert str(type(record)._meta.get_field(name).verbose_name) in help_text


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_list_never_reads_the_payload_column(admin_client, record):
    table = type(record)._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(url(type(record), "changelist"))

    assert response.status_code == 200
    record_queries = [query["sql"] for query in queries if f'FROM "{table}"' in query["sql"]]
    assert record_queries
    for sql in record_queries:
        assert f'"{table}"."payload"' not in sql


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_detail_page_opens_read_only_with_the_pretty_payload(admin_client, record):
    response = admin_client.get(url(type(record), "change", record.pk))

    assert response.status_code == 200
    assert '<pre class="contifico-payload">' in response.text
    assert "\n  &quot;id&quot;: &quot;" in response.text
    assert 'name="_save"' not in response.text
    assert response.context["adminform"].form.fields == {}
    # Internal columns stay internal.
    assert "texto de búsqueda" not in response.text
    assert "payload_hash" not in response.text.lower().replace(" ", "_")


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_the_export_streams_the_record(admin_client, record):
    response = admin_client.get(url(type(record), "export"))

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    lines = body.splitlines()
    assert len(lines) == 2
    assert record.pk in lines[1]


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_add_change_and_delete_are_refused(admin_client, record):
    model = type(record)

    assert admin_client.get(url(model, "add")).status_code == 403
    assert admin_client.post(url(model, "add"), {}).status_code == 403
    assert admin_client.post(url(model, "change", record.pk), {}).status_code == 403
    assert admin_client.get(url(model, "delete", record.pk)).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


def test_the_export_needs_a_staff_login(client):
    from inventory.models import Product

    response = client.get(url(Product, "export"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]
