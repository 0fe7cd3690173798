"""A catalogue larger than ``sync.idset.SPILL_AT`` ids keeps the ids its pass has seen in a temporary
file (sync/idset.py). Nothing a user can notice changes: the engine's own tests of repeated rows,
per-window completeness, recovery of skipped rows and deletions are run again here with the
threshold at one id, so every id a pass or a window takes goes to disk as it comes.
"""

import pytest

import sync.idset
from tests.mirror.test_a_short_v2_pass_is_recovered_in_narrow_date_windows import (
    test_skipped_rows_are_recovered_and_the_catalogue_ends_exact,
)
from tests.mirror.test_a_v2_record_missing_from_the_list_is_deleted_only_once_its_detail_says_404 import (
    test_a_v1_record_missing_from_a_whole_list_is_marked_deleted_without_a_detail_request,
    test_a_vanished_record_is_marked_deleted_only_when_its_detail_url_answers_404,
)
from tests.mirror.test_each_record_is_written_once_and_counted_once import (
    test_a_document_served_by_several_day_windows_is_written_once,
    test_a_second_run_rewrites_nothing_and_a_changed_record_is_rewritten,
    test_rows_repeated_across_pages_are_written_once_and_counted_as_repeated,
)
from tests.mirror.test_every_window_of_a_pass_is_accounted_for import (
    test_a_short_list_without_a_date_to_narrow_by_is_read_again_once_and_then_left_incomplete,
    test_recovery_spends_at_most_half_the_walks_pages_plus_twenty_requests_then_deletes_nothing,
    test_recovery_stops_once_narrow_windows_bring_nothing_new_without_spending_its_whole_budget,
    test_rows_missing_from_a_later_day_window_leave_the_pass_incomplete_even_when_earlier_days_were_whole,
    test_rows_missing_from_an_early_day_window_leave_the_pass_incomplete_even_when_later_days_are_whole,
)
from tests.mirror.test_full_refresh_mirrors_every_catalogue_exactly import (
    test_rows_repeated_across_v2_pages_are_written_once_and_the_skipped_ones_recovered,
)
from tests.mirror.test_rows_that_stay_unreachable_leave_the_catalogue_incomplete import (
    test_a_full_refresh_with_unreachable_rows_ends_incomplete_keeps_the_watermark_and_deletes_nothing,
)

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = [
    "test_a_document_served_by_several_day_windows_is_written_once",
    "test_a_full_refresh_with_unreachable_rows_ends_incomplete_keeps_the_watermark_and_deletes_nothing",
    "test_a_second_run_rewrites_nothing_and_a_changed_record_is_rewritten",
    "test_a_short_list_without_a_date_to_narrow_by_is_read_again_once_and_then_left_incomplete",
    "test_a_v1_record_missing_from_a_whole_list_is_marked_deleted_without_a_detail_request",
    "test_a_vanished_record_is_marked_deleted_only_when_its_detail_url_answers_404",
    "test_recovery_spends_at_most_half_the_walks_pages_plus_twenty_requests_then_deletes_nothing",
    "test_recovery_stops_once_narrow_windows_bring_nothing_new_without_spending_its_whole_budget",
    "test_rows_missing_from_a_later_day_window_leave_the_pass_incomplete_even_when_earlier_days_were_whole",
    "test_rows_missing_from_an_early_day_window_leave_the_pass_incomplete_even_when_later_days_are_whole",
    "test_rows_repeated_across_pages_are_written_once_and_counted_as_repeated",
    "test_rows_repeated_across_v2_pages_are_written_once_and_the_skipped_ones_recovered",
    "test_skipped_rows_are_recovered_and_the_catalogue_ends_exact",
]


@pytest.fixture(autouse=True)
def every_id_spills_to_disk(monkeypatch):
    spills = []
    spill = sync.idset.IdSet._spill

    def counted(self):
        spills.append(len(self))
        spill(self)

    monkeypatch.setattr(sync.idset, "SPILL_AT", 1)
    monkeypatch.setattr(sync.idset.IdSet, "_spill", counted)
    yield
    assert spills, "no set spilled to disk: the test did not exercise what it is here for"


def test_a_sandbox_refresh_with_ids_partly_in_memory_and_partly_on_disk_is_exact(monkeypatch):
    # 3,000 movements and 3,000 documents: six spills each, repeats found in memory and on disk.
    monkeypatch.setattr(sync.idset, "SPILL_AT", 500)
    test_rows_repeated_across_v2_pages_are_written_once_and_the_skipped_ones_recovered()
