"""A ``--since`` (or ``since=``) without an offset is Ecuador local time, as the README promises.

01:00 on the 10th in Ecuador is still the 10th there; read as UTC it would be 20:00 on the 9th,
and the pass would start a day early (or, the other way round, late and miss a day).
"""

import datetime as dt

import pytest
from django.core.management import call_command

from sandbox.server import SANDBOX_API_KEY
from sync.engine import synchronise_inventory
from sync.models import SyncRun
from sync.parsing import ECUADOR
from tests.mirror.support import client_for, running_sandbox

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sandbox_settings(settings):
    with running_sandbox(scale="tiny") as sb:
        settings.CONTIFICO_API_BASE_URL = sb.base_url
        settings.CONTIFICO_API_KEY = SANDBOX_API_KEY
        settings.CONTIFICO_REQUESTS_PER_SECOND = 0
        yield sb


@pytest.mark.parametrize(
    ("value", "moment"),
    [
        ("2026-03-10T01:00", dt.datetime(2026, 3, 10, 1, 0, tzinfo=ECUADOR)),
        ("2026-03-10 01:00:00", dt.datetime(2026, 3, 10, 1, 0, tzinfo=ECUADOR)),
        ("2026-03-10", dt.datetime(2026, 3, 10, 0, 0, tzinfo=ECUADOR)),
        # With an offset the offset wins: 01:00 UTC is 20:00 on the 9th in Ecuador.
        ("2026-03-10T01:00+00:00", dt.datetime(2026, 3, 10, 1, 0, tzinfo=dt.UTC)),
    ],
)
def test_the_command_reads_since_as_ecuador_time_unless_it_has_an_offset(sandbox_settings, value, moment):
    call_command("sync_contifico", "--resources", "persons", "--since", value, verbosity=0)

    run = SyncRun.objects.get()
    assert (run.trigger, run.since) == (SyncRun.Trigger.COMMAND, moment)
    assert run.catalogues.get().since == moment.astimezone(ECUADOR).date()


def test_a_naive_since_given_to_synchronise_inventory_is_ecuador_time():
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(
            resources=["persons"], since=dt.datetime(2026, 3, 10, 1, 0), client=client_for(sb)
        )

    run.refresh_from_db()
    assert run.since == dt.datetime(2026, 3, 10, 1, 0, tzinfo=ECUADOR)
    row = run.catalogues.get()
    assert (row.status, row.since) == ("succeeded", dt.date(2026, 3, 10))


def test_an_aware_since_late_in_the_utc_day_starts_on_the_ecuador_day():
    # 03:00 UTC on the 11th is 22:00 on the 10th in Ecuador.
    since = dt.datetime(2026, 3, 11, 3, 0, tzinfo=dt.UTC)
    with running_sandbox(scale="tiny") as sb:
        run = synchronise_inventory(resources=["persons"], since=since, client=client_for(sb))

    assert run.catalogues.get().since == dt.date(2026, 3, 10)
