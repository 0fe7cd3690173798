"""One v2 page answered as a bare array in the middle of a walk: every row still arrives."""

import pytest

from accounting.models import Person
from sync.engine import synchronise_inventory
from tests.client.bare_array_pages_support import people, serve
from tests.client.scripted_server import ScriptedServer
from tests.mirror.test_bad_data_never_crashes_a_run import make_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_persons_with_a_bare_page_in_the_middle_are_stored_whole_and_the_pass_is_complete():
    rows = people(1800)
    with ScriptedServer() as server:
        serve(server, rows, bare_pages={3})
        run = synchronise_inventory(resources=["persons"], full_refresh=True, client=make_client(server))

    row = run.catalogues.get()
    assert row.status == row.Status.SUCCEEDED, row.message
    assert (row.created, row.api_count, row.missing) == (1800, 1800, 0)
    assert Person.objects.count() == 1800
