"""What the admin shows, not only that it answers 200: the "estado en Contífico" filter keeps
exactly the rows it names, the record page shows the payload as Contífico sent it (accents and
all), and the run history is readable and read-only.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from sync.models import SyncRun, SyncRunCatalogue, SyncState
from tests.catalogues.catalogue_models import LABELS, model_for
from tests.catalogues.payloads import BY_MODEL

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def store(model, record_id, payload, deleted=False):
    now = timezone.now()
    return model.objects.create(
        id=record_id, payload=payload, payload_hash="x", fetched_at=now,
        deleted_at=now if deleted else None, **model.columns_from_payload(payload),
    )


@pytest.mark.parametrize("label", LABELS)
def test_the_deleted_upstream_filter_lists_exactly_the_rows_it_names(admin_client, label):
    model = model_for(label)
    store(model, "LiveRecord000001", {**BY_MODEL[label], "id": "LiveRecord000001"})
    store(model, "GoneRecord000001", {**BY_MODEL[label], "id": "GoneRecord000001"}, deleted=True)

    def listed(query):
        response = admin_client.get(changelist(model), query)
        assert response.status_code == 200
        return {row.pk for row in response.context["cl"].result_list}

    assert listed({}) == {"LiveRecord000001", "GoneRecord000001"}
    assert listed({"eliminado": "no"}) == {"LiveRecord000001"}
    assert listed({"eliminado": "si"}) == {"GoneRecord000001"}


def test_the_record_page_shows_the_payload_with_its_accents_and_keys_in_order(admin_client):
    model = model_for("inventory.Brand")
    store(model, "Marca00000000001", {"nombre": "ÑANDÚ", "id": "Marca00000000001", "estado": "A"})

    response = admin_client.get(
        reverse("admin:inventory_brand_change", args=["Marca00000000001"])
    )

    assert response.status_code == 200
    text = response.text
    assert "&quot;nombre&quot;: &quot;ÑANDÚ&quot;" in text
    assert text.index("&quot;estado&quot;") < text.index("&quot;id&quot;") < text.index("&quot;nombre&quot;")


def test_the_run_history_lists_runs_and_shows_each_catalogues_counts_read_only(admin_client):
    run = SyncRun.objects.create(status=SyncRun.Status.INCOMPLETE, message="Incompletos: documents")
    SyncRunCatalogue.objects.create(run=run, resource="documents", status="incomplete", received=9731,
                                    missing=27, message="Faltan 27 de 9758 registros según la API")
    SyncState.objects.create(resource="documents", last_run=run)

    listing = admin_client.get(reverse("admin:sync_syncrun_changelist"))
    page = admin_client.get(reverse("admin:sync_syncrun_change", args=[run.pk]))
    states = admin_client.get(reverse("admin:sync_syncstate_changelist"))

    assert listing.status_code == page.status_code == states.status_code == 200
    assert "Incompletos: documents" in listing.text
    assert "Faltan 27 de 9758 registros según la API" in page.text
    assert "9,731" in page.text
    assert 'name="_save"' not in page.text
    assert "documents" in states.text
    assert admin_client.get(reverse("admin:sync_syncrun_add")).status_code == 403
    delete = reverse("admin:sync_syncrun_delete", args=[run.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert SyncRun.objects.filter(pk=run.pk).exists()
