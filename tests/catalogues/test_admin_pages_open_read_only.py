"""Every catalogue's admin pages open for a superuser, read-only, without reading payloads on lists."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sync.admin_base import ContificoRecordAdmin
from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL

pytestmark = pytest.mark.django_db

# Catalogues with a document date offer the admin's date drill-down.
DATED_LABELS = [label for label in LABELS if admin.site._registry[model_for(label)].date_hierarchy]


def _url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def record(request):
    model = model_for(request.param)
    payload = BY_MODEL[request.param]
    return model.objects.create(
        id=payload["id"],
        payload=payload,
        payload_hash="x",
        fetched_at=timezone.now(),
        **model.columns_from_payload(payload),
    )


def test_every_catalogue_is_registered_with_the_read_only_admin():
    for label in LABELS:
        assert isinstance(admin.site._registry[model_for(label)], ContificoRecordAdmin), label


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_changelist_opens_with_a_search_and_with_every_list_filter(admin_client, record):
    url = _url(type(record), "changelist")

    response = admin_client.get(url)
    assert response.status_code == 200
    assert record.pk in response.text

    searched = admin_client.get(url, {"q": record.pk})
    assert searched.status_code == 200
    assert searched.context["cl"].result_count == 1

    filter_urls = [
        choice["query_string"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]
    assert filter_urls
    for query_string in filter_urls:
        filtered = admin_client.get(url + query_string)
        assert filtered.status_code == 200, query_string


@pytest.mark.parametrize("record", DATED_LABELS, indirect=True)
def test_date_drill_down_finds_the_record_by_its_day(admin_client, record):
    model_admin = admin.site._registry[type(record)]
    day = getattr(record, model_admin.date_hierarchy)
    field = model_admin.date_hierarchy

    response = admin_client.get(
        _url(type(record), "changelist"),
        {f"{field}__year": day.year, f"{field}__month": day.month, f"{field}__day": day.day},
    )

    assert response.status_code == 200
    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_changelist_never_reads_the_payload_column(admin_client, record):
    table = type(record)._meta.db_table

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(_url(type(record), "changelist"))

    assert response.status_code == 200
    record_queries = [query["sql"] for query in queries if table in query["sql"]]
    assert record_queries
    for sql in record_queries:
        assert f'"{table}"."payload"' not in sql


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_change_page_opens_read_only_with_the_pretty_payload(admin_client, record):
    response = admin_client.get(_url(type(record), "change", record.pk))

    assert response.status_code == 200
    assert '<pre class="contifico-payload">' in response.text
    # Indented JSON, one key per line (quotes are HTML-escaped).
    assert "\n  &quot;id&quot;: &quot;" in response.text
    assert 'name="_save"' not in response.text
    assert response.context["adminform"].form.fields == {}


@pytest.mark.parametrize("record", LABELS, indirect=True)
def test_add_change_and_delete_are_refused(admin_client, record):
    model = type(record)

    assert admin_client.get(_url(model, "add")).status_code == 403
    assert admin_client.post(_url(model, "add"), {}).status_code == 403
    assert admin_client.post(_url(model, "change", record.pk), {}).status_code == 403
    assert admin_client.get(_url(model, "delete", record.pk)).status_code == 403
    assert model.objects.filter(pk=record.pk).exists()
