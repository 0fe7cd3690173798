from django.apps import AppConfig


class BankingConfig(AppConfig):
    """Bank accounts and their movements."""

    name = "banking"
    verbose_name = "Bancos"
