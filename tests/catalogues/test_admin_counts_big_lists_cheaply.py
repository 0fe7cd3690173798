"""The admin paginator counts small lists exactly and stops counting big ones early."""

import pytest
from django.utils import timezone

from accounting.models import Sale
from sync import admin_base
from sync.admin_base import CheapCountPaginator, DeletedUpstreamFilter

pytestmark = pytest.mark.django_db


def _sales(count, deleted=0):
    now = timezone.now()
    Sale.objects.bulk_create(
        Sale(id=f"sale{number:012d}", payload={}, payload_hash="x", fetched_at=now, deleted_at=None)
        for number in range(count)
    )
    Sale.objects.filter(id__in=[f"sale{number:012d}" for number in range(deleted)]).update(deleted_at=now)


def test_a_small_list_is_counted_exactly():
    _sales(7)

    assert CheapCountPaginator(Sale.objects.order_by("-fecha_emision", "-id"), 100).count == 7


def test_a_filtered_list_beyond_the_limit_stops_counting_at_the_limit(monkeypatch):
    monkeypatch.setattr(admin_base, "EXACT_COUNT_LIMIT", 3)
    _sales(8)

    paginator = CheapCountPaginator(Sale.objects.filter(deleted_at__isnull=True).order_by("id"), 2)

    assert paginator.count == 4
    assert paginator.num_pages == 2


def test_an_unfiltered_list_beyond_the_limit_counts_at_least_the_limit(monkeypatch):
    monkeypatch.setattr(admin_base, "EXACT_COUNT_LIMIT", 3)
    _sales(8)

    # SQLite has no estimate; PostgreSQL's may or may not exist yet for a fresh table.
    assert CheapCountPaginator(Sale.objects.order_by("id"), 2).count >= 4


def test_deleted_upstream_filter_splits_current_from_deleted_rows(rf):
    _sales(5, deleted=2)

    def filtered(value):
        request = rf.get("/", {"eliminado": value} if value else {})
        spec = DeletedUpstreamFilter(request, dict(request.GET.lists()), Sale, None)
        return spec.queryset(request, Sale.objects.all()).count()

    assert filtered("no") == 3
    assert filtered("si") == 2
    assert filtered(None) == 5
