import datetime as dt

import pytest
from django.utils import timezone

from accounting.models import Document, Person, Sale
from inventory.models import Brand, Product
from sync.engine import synchronise_inventory
from tests.mirror.support import client_for, mirror_differences, running_sandbox, upstream_ids

pytestmark = pytest.mark.django_db(transaction=True)


# The documented fecha_modificacion filter may mean "that day" or "on or after"; the documents'
# incremental pass asks one day per request, which must find the edit under both readings.
@pytest.mark.parametrize("reading", ["exact_day", "on_or_after"])
def test_an_incremental_sync_picks_up_what_the_api_filters_expose_and_a_full_refresh_converges(reading):
    with running_sandbox(modification_filter=reading) as sb:
        client = client_for(sb)
        synchronise_inventory(full_refresh=True, client=client)

        product_id = sorted(upstream_ids(sb, "products"))[3]
        person_id = sorted(upstream_ids(sb, "persons"))[5]
        old_sale_id = sorted(upstream_ids(sb, "sales"))[0]
        brand_gone = sorted(upstream_ids(sb, "brands"))[1]
        product_gone = sorted(upstream_ids(sb, "products"))[7]
        sb.modify("producto", product_id, {"nombre": "PRODUCTO RENOMBRADO ÑANDÚ"})
        sb.modify("persona", person_id)
        sb.modify("documento", old_sale_id)  # an edit to an old invoice
        new_person = sb.add("persona")
        sb.delete("marca", brand_gone)
        sb.delete("producto", product_gone)

        run = synchronise_inventory(client=client)
        rows = {row.resource: row for row in run.catalogues.all()}

        # journal entries are asked month by month: the API refuses longer ranges
        assert {k: row.message for k, row in rows.items() if row.status != "succeeded"} == {}
        assert rows["journal_entries"].mode == "incremental"
        assert rows["products"].mode == "incremental"
        assert Product.objects.get(pk=product_id).payload["nombre"] == "PRODUCTO RENOMBRADO ÑANDÚ"
        assert Person.objects.get(pk=person_id).payload == sb.record("persona", person_id, version="v2")
        assert Person.objects.filter(pk=new_person).exists()
        # documents use the modification filter, so the old invoice's edit shows there
        document = Document.objects.get(pk=old_sale_id)
        assert document.payload == sb.record("documento", old_sale_id, version="v2")
        # brands have no filter: they are re-read whole, so the deletion is seen at once
        assert rows["brands"].mode == "full"
        assert Brand.objects.get(pk=brand_gone).deleted_at is not None
        # an incremental pass never marks deletions
        assert Product.objects.get(pk=product_gone).deleted_at is None

        run = synchronise_inventory(full_refresh=True, client=client)
        assert mirror_differences(sb) == []
        assert Product.objects.get(pk=product_gone).deleted_at is not None
        assert Sale.objects.get(pk=old_sale_id).payload == sb.record("documento", old_sale_id, version="v1")
        deleted = {row.resource: row.deleted for row in run.catalogues.all()}
        assert deleted["products"] == 1


def test_a_record_that_comes_back_upstream_is_no_longer_marked_deleted():
    with running_sandbox(scale="tiny") as sb:
        client = client_for(sb)
        synchronise_inventory(resources=["brands"], full_refresh=True, client=client)
        brand_id = sorted(upstream_ids(sb, "brands"))[0]
        Brand.objects.filter(pk=brand_id).update(deleted_at="2026-01-01T00:00:00Z")

        synchronise_inventory(resources=["brands"], client=client)

        assert Brand.objects.get(pk=brand_id).deleted_at is None


def test_since_overrides_the_saved_state_and_the_run_records_it():
    with running_sandbox() as sb:
        client = client_for(sb)
        synchronise_inventory(resources=["persons"], full_refresh=True, client=client)
        since = timezone.now() - dt.timedelta(days=3650)
        run = synchronise_inventory(resources=["persons"], since=since, client=client)

        row = run.catalogues.get()
        assert row.mode == "incremental"
        assert row.since == timezone.localtime(since).date()
        assert row.unchanged == len(upstream_ids(sb, "persons"))
