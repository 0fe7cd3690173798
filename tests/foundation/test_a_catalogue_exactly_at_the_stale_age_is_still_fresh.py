"""Stale means *older than* SYNC_STALE_AFTER_HOURS: a catalogue exactly that old is still fresh."""

from datetime import timedelta

from django.utils import timezone

from sync.status import is_stale


def test_a_catalogue_synced_exactly_the_stale_age_ago_is_not_stale(settings):
    settings.SYNC_STALE_AFTER_HOURS = 2
    now = timezone.now()

    assert not is_stale(now - timedelta(hours=2), now)
    assert is_stale(now - timedelta(hours=2, microseconds=1), now)
