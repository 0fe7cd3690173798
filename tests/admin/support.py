"""Records stored the way the engine stores them, and the admin URLs of a catalogue."""

import copy

from django.apps import apps
from django.urls import reverse

from sync.engine import CatalogueStats, write_batch
from tests.catalogues.payloads import BY_MODEL

LABELS = sorted(BY_MODEL)


def model_for(label):
    return apps.get_model(label)


def store(model, *payloads):
    """Write ``payloads`` through the engine's upsert (so search triggers fire as in a sync)."""
    stats = CatalogueStats()
    write_batch(model, [(payload["id"], payload) for payload in payloads], stats)
    assert not stats.errors, stats.errors
    return [model.objects.get(pk=payload["id"]) for payload in payloads]


def sample(label, **overrides):
    """Return a copy of the catalogue's realistic payload with ``overrides``."""
    payload = copy.deepcopy(BY_MODEL[label])
    payload.update(overrides)
    return payload


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)
