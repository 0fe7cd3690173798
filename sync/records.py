"""The abstract model every mirrored catalogue table inherits.

Every catalogue keeps the record exactly as the API returned it (``payload``)
plus a few typed columns parsed from it. The engine calls
``columns_from_payload`` to fill the typed columns; each concrete model
overrides it (and must set ``updated_at`` where the source has a date).
"""

from django.db import models

# Condition of every catalogue's partial index behind the "Eliminado en origen"
# list filter: few rows are ever deleted upstream, so the index stays tiny.
DELETED = models.Q(deleted_at__isnull=False)


class ContificoRecord(models.Model):
    # Contífico ids are opaque, case-sensitive strings (normally 16 chars);
    # SQLite and PostgreSQL both compare text case-sensitively by default.
    id = models.CharField("id Contífico", max_length=64, primary_key=True)
    payload = models.JSONField("JSON de Contífico")
    # sha256 of the canonical JSON: an unchanged record is not rewritten.
    payload_hash = models.CharField(max_length=64, editable=False)
    fetched_at = models.DateTimeField("descargado", db_index=True)
    updated_at = models.DateTimeField("modificado en origen", null=True, blank=True)
    deleted_at = models.DateTimeField("eliminado en origen", null=True, blank=True)
    # The admin's search: ``search_columns`` lower-cased and without accents,
    # trigram-indexed on each database (see ``sync.search``).
    search_text = models.TextField("texto de búsqueda", blank=True, default="", editable=False)

    # Typed columns people search by, in the order the search box's help names them.
    search_columns = ()
    # Columns holding an SRI document number, looked up exactly when a whole number is searched.
    number_columns = ()
    # Columns holding a RUC / cédula, searched by prefix when only digits are typed.
    identification_columns = ()

    class Meta:
        abstract = True

    @classmethod
    def columns_from_payload(cls, payload):
        """Return the typed columns (a dict of field name → value) for one payload."""
        return {}
