"""One freshness rule for the dashboard and /health/: stale past SYNC_STALE_AFTER_HOURS or never synced."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sync import catalogues as registry
from sync.models import SyncState
from sync.status import freshness, is_stale


def test_a_catalogue_never_synced_is_stale():
    assert is_stale(None)


def test_a_catalogue_is_stale_only_past_the_configured_age(settings):
    settings.SYNC_STALE_AFTER_HOURS = 2
    now = timezone.now()
    assert not is_stale(now - timedelta(hours=1, minutes=59), now)
    assert is_stale(now - timedelta(hours=2, minutes=1), now)


@pytest.mark.django_db
def test_freshness_lists_every_catalogue_with_its_last_success(settings):
    settings.SYNC_STALE_AFTER_HOURS = 26
    recent = timezone.now() - timedelta(hours=1)
    SyncState.objects.create(resource="products", last_synced_at=recent)
    rows = {row.key: row for row in freshness()}
    assert list(rows) == list(registry.KEYS)
    assert rows["products"].last_success == recent and not rows["products"].stale
    assert rows["brands"].last_success is None and rows["brands"].stale
