from django.apps import AppConfig


class AccountingConfig(AppConfig):
    """Documents, parties and the ledger: sales, purchases, persons, accounts, journal entries."""

    name = "accounting"
    verbose_name = "Contabilidad"
