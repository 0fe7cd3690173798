from django.apps import AppConfig


class SyncConfig(AppConfig):
    """The client, the catalogue registry, the sync engine and its run history."""

    name = "sync"
    verbose_name = "Sincronización"
