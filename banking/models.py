"""Bank accounts and bank movements mirrored from Contífico.

Column names are Contífico's own field names; foreign Contífico ids are plain
indexed text, not foreign keys (ids dangle in real data, rows arrive in any
order; see docs/contifico-api.md, "Record formats").
"""

from decimal import Decimal

from django.db import models

from sync.parsing import (
    as_mapping,
    date_as_datetime,
    money_column,
    parse_date,
    parse_decimal,
    ref_id,
    text,
)
from sync.records import DELETED, ContificoRecord
from sync.search import with_search_text


def _account_text(value):
    """Return ``cuenta_contable`` as text: the id of a nested object, else the value itself."""
    return ref_id(value) if isinstance(value, dict) else text(value, 200)


class BankAccount(ContificoRecord):
    class Kind(models.TextChoices):
        CHECKING = "CC", "Corriente"
        SAVINGS = "CA", "Ahorros"

    class Status(models.TextChoices):
        ACTIVE = "A", "Activa"
        INACTIVE = "I", "Inactiva"

    nombre = models.CharField("nombre", max_length=200, blank=True)
    numero = models.CharField("número", max_length=64, blank=True)
    tipo_cuenta = models.CharField("tipo de cuenta", max_length=8, blank=True, choices=Kind.choices)
    nombre_banco = models.CharField("banco", max_length=200, blank=True)
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    saldo_inicial = models.DecimalField(
        "saldo inicial", max_digits=16, decimal_places=2, null=True, blank=True
    )
    fecha_corte = models.DateField("fecha de corte", null=True, blank=True)
    # The spec calls it the ledger account's name, one live loader read an id:
    # kept as the text that was sent (docs/contifico-api.md, "Open questions").
    cuenta_contable = models.CharField("cuenta contable", max_length=200, blank=True)

    search_columns = ("nombre", "numero", "nombre_banco")

    class Meta:
        db_table = "bank_accounts"
        verbose_name = "Cuenta bancaria"
        verbose_name_plural = "Cuentas bancarias"
        indexes = [
            # admin's default ordering of the account list
            models.Index(fields=["nombre", "id"], name="bank_accounts_nombre_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="bank_accounts_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.nombre} {self.numero}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "nombre": text(p.get("nombre"), 200),
            "numero": text(p.get("numero"), 64),
            "tipo_cuenta": text(p.get("tipo_cuenta"), 8),
            "nombre_banco": text(p.get("nombre_banco"), 200),
            "estado": text(p.get("estado"), 8),
            "saldo_inicial": money_column(p.get("saldo_inicial")),
            "fecha_corte": parse_date(p.get("fecha_corte")),
            "cuenta_contable": _account_text(p.get("cuenta_contable")),
            # fecha_corte is a statement cut-off, not a modification date.
            "updated_at": None,
        })


class BankMovement(ContificoRecord):
    class Kind(models.TextChoices):
        DEPOSIT = "D", "Depósito"
        TRANSFER_IN = "N", "Transferencia recibida"
        CARD_INCOME = "X", "Ingreso por tarjeta"
        CHEQUE = "C", "Cheque"
        TRANSFER_OUT = "T", "Transferencia enviada"

    class Registry(models.TextChoices):
        INCOME = "I", "Ingreso"
        EXPENSE = "E", "Egreso"

    numero_comprobante = models.CharField("comprobante", max_length=64, blank=True)
    fecha_emision = models.DateField("fecha de emisión", null=True, blank=True)
    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)
    tipo_registro = models.CharField("ingreso / egreso", max_length=8, blank=True, choices=Registry.choices)
    cuenta_bancaria_id = models.CharField("cuenta bancaria (id)", max_length=64, blank=True)
    persona_id = models.CharField("persona (id)", max_length=64, blank=True)
    monto = models.DecimalField("monto", max_digits=16, decimal_places=2, null=True, blank=True)

    search_columns = ("numero_comprobante",)

    class Meta:
        db_table = "bank_movements"
        verbose_name = "Movimiento bancario"
        verbose_name_plural = "Movimientos bancarios"
        indexes = [
            # admin's default ordering of the movement list (newest first) and its date drill-down
            models.Index(fields=["-fecha_emision", "-id"], name="bank_movements_fecha_idx"),
            # the admin's "cuenta bancaria" filter: one account's statement, newest first
            models.Index(fields=["cuenta_bancaria_id", "-fecha_emision"], name="bank_movements_cuenta_idx"),
            # exact search by voucher number ("201301000006")
            models.Index(fields=["numero_comprobante"], name="bank_movements_numero_idx"),
            # movements of one person (SQL join from persons)
            models.Index(fields=["persona_id"], name="bank_movements_persona_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="bank_movements_deleted_idx"),
        ]

    def __str__(self):
        return self.numero_comprobante or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "numero_comprobante": text(p.get("numero_comprobante"), 64),
            "fecha_emision": parse_date(p.get("fecha_emision")),
            "tipo": text(p.get("tipo"), 8),
            "tipo_registro": text(p.get("tipo_registro"), 8),
            "cuenta_bancaria_id": ref_id(p.get("cuenta_bancaria_id")),
            # The movement names the party ``persona`` (a bare id), documents ``persona_id``.
            "persona_id": ref_id(p.get("persona") or p.get("persona_id")),
            "monto": _movement_amount(p),
            "updated_at": date_as_datetime(p.get("fecha_emision")),
        })


def _movement_amount(payload):
    """Return the movement's amount: a top-level ``monto`` if sent, else the sum of its lines."""
    top = money_column(payload.get("monto"))
    if top is not None:
        return top
    lines = payload.get("detalles")
    if isinstance(lines, dict):  # one line sent as an object, as v2 schemas declare detalles
        lines = [lines]
    if not isinstance(lines, list):
        return None
    amounts = [parse_decimal(as_mapping(line).get("monto")) for line in lines]
    amounts = [amount for amount in amounts if amount is not None]
    if not amounts:
        return None
    return money_column(sum(amounts, Decimal(0)))
