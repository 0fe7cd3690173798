"""The 17 catalogue models under test, by label."""

from django.apps import apps

from tests.catalogues.payloads import BY_MODEL

LABELS = sorted(BY_MODEL)


def model_for(label):
    return apps.get_model(label)
