"""Documents, parties and the ledger mirrored from Contífico.

Sales, purchases and documents are the same Contífico record (``documento``)
filtered differently, so they share one abstract base with the same columns.
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
    parse_bool,
    parse_date,
    parse_datetime,
    parse_decimal,
    ref_id,
    text,
)
from sync.records import DELETED, ContificoRecord
from sync.search import with_search_text


def _first(mapping, *keys):
    """Return the first value of ``keys`` that is neither missing, ``None`` nor ``""``."""
    for key in keys:
        value = mapping.get(key)
        if value is not None and value != "":
            return value
    return None


class DocumentRecord(ContificoRecord):
    """Columns shared by every Contífico document (``registro/documento``, ``documento``)."""

    class Registry(models.TextChoices):
        CUSTOMER = "CLI", "Cliente"
        SUPPLIER = "PRO", "Proveedor"

    class DocumentType(models.TextChoices):
        INVOICE = "FAC", "Factura"
        SALES_NOTE = "NVE", "Nota de venta"
        PURCHASE_SETTLEMENT = "LQC", "Liquidación de compra"
        DEBIT_NOTE = "NDT", "Nota de débito"
        CREDIT_NOTE = "NCT", "Nota de crédito"
        INTERNAL_CREDIT_NOTE = "NCL", "Nota de crédito interna"
        NOT_AUTHORISED = "DNA", "Documento no autorizado"
        PRE_INVOICE = "PRE", "Prefactura"
        QUOTE = "COT", "Cotización"
        ORDER = "OCV", "Orden de compra/venta"

    class Status(models.TextChoices):
        PENDING = "P", "Pendiente"
        COLLECTED = "C", "Cobrado"
        PAID = "G", "Pagado"
        VOIDED = "A", "Anulado"
        GENERATED = "E", "Generado"
        INVOICED = "F", "Facturado"
        APPROVED = "R", "Aprobado"
        TO_INVOICE = "T", "Aprobado para facturar"
        FINISHED = "Z", "Finalizado"

    # Other document codes (LQR, NAI, DAC, CVE, ...) are stored as sent and
    # shown as their code.
    tipo_registro = models.CharField("registro", max_length=8, blank=True, choices=Registry.choices)
    tipo_documento = models.CharField("tipo", max_length=8, blank=True, choices=DocumentType.choices)
    documento = models.CharField("número", max_length=64, blank=True)
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    anulado = models.BooleanField("anulado", null=True, blank=True)
    fecha_emision = models.DateField("fecha de emisión", null=True, blank=True)
    fecha_vencimiento = models.DateField("fecha de vencimiento", null=True, blank=True)
    persona_id = models.CharField("persona (id)", max_length=64, blank=True)
    persona_identificacion = models.CharField("RUC / cédula", max_length=32, blank=True)
    razon_social = models.CharField("cliente / proveedor", max_length=300, blank=True)
    vendedor_id = models.CharField("vendedor (id)", max_length=64, blank=True)
    subtotal_0 = models.DecimalField("subtotal 0%", max_digits=16, decimal_places=2, null=True, blank=True)
    # Contífico still reports the taxed base (15% VAT today) under subtotal_12.
    subtotal_12 = models.DecimalField(
        "subtotal gravado", max_digits=16, decimal_places=2, null=True, blank=True
    )
    iva = models.DecimalField("IVA", max_digits=16, decimal_places=2, null=True, blank=True)
    total = models.DecimalField("total", max_digits=16, decimal_places=2, null=True, blank=True)
    saldo = models.DecimalField("saldo", max_digits=16, decimal_places=2, null=True, blank=True)

    search_columns = ("documento", "razon_social", "persona_identificacion")
    # Columns holding an SRI number (001-001-000000251), looked up exactly when one is searched.
    number_columns = ("documento",)
    # Columns holding a RUC / cédula, searched by prefix when only digits are typed.
    identification_columns = ("persona_identificacion",)

    class Meta:
        abstract = True
        indexes = [
            # admin's default ordering of the list (newest first) and its date drill-down
            models.Index(fields=["-fecha_emision", "-id"], name="%(class)s_fecha_emision_idx"),
            # exact search by document number ("001-001-000000251")
            models.Index(fields=["documento"], name="%(class)s_documento_idx"),
            # exact search by the party's RUC / cédula
            models.Index(fields=["persona_identificacion"], name="%(class)s_identificacion_idx"),
            # documents of one person (SQL join from persons)
            models.Index(fields=["persona_id"], name="%(class)s_persona_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="%(class)s_deleted_idx"),
            # admin: the tipo / estado / anulado filters, newest first (no scan for a rare value)
            models.Index(fields=["tipo_documento", "-fecha_emision", "-id"], name="%(class)s_tipo_idx"),
            models.Index(fields=["estado", "-fecha_emision", "-id"], name="%(class)s_estado_idx"),
            models.Index(fields=["anulado", "-fecha_emision", "-id"], name="%(class)s_anulado_idx"),
        ]

    def __str__(self):
        return f"{self.tipo_documento} {self.documento}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        # The list form nests the party as ``persona``; the documented detail
        # form of a sale calls it ``cliente`` (and carries no id).
        party = as_mapping(p.get("persona")) or as_mapping(p.get("cliente"))
        tipo_documento = _first(p, "tipo_documento", "tipo")
        return with_search_text(cls, {
            "tipo_registro": text(p.get("tipo_registro"), 8),
            "tipo_documento": text(tipo_documento, 8),
            "documento": text(p.get("documento"), 64),
            "estado": text(p.get("estado"), 8),
            "anulado": parse_bool(p.get("anulado")),
            "fecha_emision": parse_date(p.get("fecha_emision")),
            "fecha_vencimiento": parse_date(p.get("fecha_vencimiento")),
            "persona_id": ref_id(_first(p, "persona_id") or party.get("id")),
            "persona_identificacion": text(_first(party, "ruc", "cedula"), 32),
            "razon_social": text(party.get("razon_social"), 300),
            # Real documents nest the seller as ``vendedor`` (a person) next to ``vendedor_id``,
            # which may be null; the OpenAPI declares ``vendedor`` an array.
            "vendedor_id": ref_id(_first(p, "vendedor_id")) or ref_id(p.get("vendedor")),
            "subtotal_0": money_column(p.get("subtotal_0")),
            "subtotal_12": money_column(p.get("subtotal_12")),
            "iva": money_column(p.get("iva")),
            "total": money_column(p.get("total")),
            "saldo": money_column(p.get("saldo")),
            # Neither v1 nor v2 documents carry a modification time (the v2 captures and the
            # OpenAPI have none), so "modified upstream" stays empty rather than pretend the
            # issue date is one; a ``fecha_modificacion`` a tenant might send is used.
            "updated_at": parse_datetime(p.get("fecha_modificacion")),
        })


class Purchase(DocumentRecord):
    class Meta(DocumentRecord.Meta):
        db_table = "purchases"
        verbose_name = "Compra"
        verbose_name_plural = "Compras"


class Sale(DocumentRecord):
    class Meta(DocumentRecord.Meta):
        db_table = "sales"
        verbose_name = "Venta"
        verbose_name_plural = "Ventas"


class Document(DocumentRecord):
    class Meta(DocumentRecord.Meta):
        db_table = "documents"
        verbose_name = "Documento"
        verbose_name_plural = "Documentos"
        indexes = [
            *DocumentRecord.Meta.indexes,
            # admin: the registro (customer / supplier) filter on the mixed table, newest first
            models.Index(fields=["tipo_registro", "-fecha_emision", "-id"], name="document_registro_idx"),
        ]


class RegistryTransaction(ContificoRecord):
    # registro/transaccion has no documented fields and no public sample (see
    # docs/contifico-api.md, "Catalogues" → "registry_transactions"): every column is
    # looked up under the names similar records use, and may stay empty.
    tipo = models.CharField("tipo", max_length=32, blank=True)
    fecha = models.DateField("fecha", null=True, blank=True)
    valor = models.DecimalField("valor", max_digits=16, decimal_places=2, null=True, blank=True)
    documento_id = models.CharField("documento (id)", max_length=64, blank=True)
    persona_id = models.CharField("persona (id)", max_length=64, blank=True)
    descripcion = models.CharField("descripción", max_length=300, blank=True)

    search_columns = ("tipo", "descripcion")

    class Meta:
        db_table = "registry_transactions"
        verbose_name = "Transacción de registro"
        verbose_name_plural = "Transacciones de registro"
        indexes = [
            # admin's default ordering of the list (newest first) and its date drill-down
            models.Index(fields=["-fecha", "-id"], name="reg_transactions_fecha_idx"),
            # transactions of one document (exact search in the admin, SQL join from documents)
            models.Index(fields=["documento_id"], name="reg_transactions_documento_idx"),
            # transactions of one person (SQL join from persons)
            models.Index(fields=["persona_id"], name="reg_transactions_persona_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="reg_transactions_deleted_idx"),
        ]

    def __str__(self):
        return self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        fecha = _first(p, "fecha", "fecha_emision", "fecha_registro", "fecha_creacion")
        return with_search_text(cls, {
            "tipo": text(_first(p, "tipo", "tipo_transaccion", "tipo_registro"), 32),
            "fecha": parse_date(fecha),
            "valor": money_column(_first(p, "valor", "monto", "total")),
            "documento_id": ref_id(_first(p, "documento_id", "documento")),
            "persona_id": ref_id(_first(p, "persona_id", "persona")),
            "descripcion": text(_first(p, "descripcion", "glosa", "concepto"), 300),
            "updated_at": parse_datetime(p.get("fecha_modificacion")) or date_as_datetime(fecha),
        })


class Person(ContificoRecord):
    class Kind(models.TextChoices):
        NATURAL = "N", "Natural"
        LEGAL = "J", "Jurídica"
        NO_ID = "I", "Sin identificación"
        PLATE = "P", "Placa"

    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)
    razon_social = models.CharField("razón social", max_length=300, blank=True)
    nombre_comercial = models.CharField("nombre comercial", max_length=300, blank=True)
    cedula = models.CharField("cédula", max_length=32, blank=True)
    ruc = models.CharField("RUC", max_length=32, blank=True)
    email = models.CharField("correo", max_length=254, blank=True)
    es_cliente = models.BooleanField("cliente", null=True, blank=True)
    es_proveedor = models.BooleanField("proveedor", null=True, blank=True)
    es_empleado = models.BooleanField("empleado", null=True, blank=True)
    es_vendedor = models.BooleanField("vendedor", null=True, blank=True)
    categoria_id = models.CharField("categoría (id)", max_length=64, blank=True)
    vendedor_asignado_id = models.CharField("vendedor asignado (id)", max_length=64, blank=True)

    search_columns = ("razon_social", "nombre_comercial", "cedula", "ruc", "email")
    # Searched by prefix when only digits are typed.
    identification_columns = ("cedula", "ruc")

    class Meta:
        db_table = "persons"
        verbose_name = "Persona"
        verbose_name_plural = "Personas"
        indexes = [
            # admin's default ordering of the person list
            models.Index(fields=["razon_social", "id"], name="persons_razon_social_idx"),
            # exact search by cédula / RUC in the admin (and SQL lookups by tax id)
            models.Index(fields=["cedula"], name="persons_cedula_idx"),
            models.Index(fields=["ruc"], name="persons_ruc_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="persons_deleted_idx"),
        ]

    def __str__(self):
        return self.razon_social or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "tipo": text(p.get("tipo"), 8),
            "razon_social": text(p.get("razon_social"), 300),
            "nombre_comercial": text(p.get("nombre_comercial"), 300),
            "cedula": text(p.get("cedula"), 32),
            "ruc": text(p.get("ruc"), 32),
            "email": text(p.get("email"), 254),
            "es_cliente": parse_bool(p.get("es_cliente")),
            "es_proveedor": parse_bool(p.get("es_proveedor")),
            "es_empleado": parse_bool(p.get("es_empleado")),
            "es_vendedor": parse_bool(p.get("es_vendedor")),
            # v2 says categoria_id, v1 (and a person nested in a document) id_categoria.
            "categoria_id": ref_id(_first(p, "categoria_id", "id_categoria")),
            # An object {id, nombre} in the OpenAPI example (declared an array), a bare id in some tenants.
            "vendedor_asignado_id": ref_id(p.get("vendedor_asignado")),
            # Naive ISO in Ecuador time, v2 only; v1 persons carry no date.
            "updated_at": parse_datetime(p.get("fecha_modificacion")),
        })


class CostCenter(ContificoRecord):
    class Kind(models.TextChoices):
        TRANSACTIONAL = "T", "Transaccional"
        GROUP = "G", "Grupo"

    class Status(models.TextChoices):
        ACTIVE = "A", "Activo"
        INACTIVE = "I", "Inactivo"

    codigo = models.CharField("código", max_length=64, blank=True)
    nombre = models.CharField("nombre", max_length=200, blank=True)
    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)
    estado = models.CharField("estado", max_length=8, blank=True, choices=Status.choices)
    padre_id = models.CharField("centro padre (id)", max_length=64, blank=True)

    search_columns = ("codigo", "nombre")

    class Meta:
        db_table = "cost_centers"
        verbose_name = "Centro de costo"
        verbose_name_plural = "Centros de costo"
        indexes = [
            # admin's default ordering: the dotted code ("1.2") reads as the tree
            models.Index(fields=["codigo", "id"], name="cost_centers_codigo_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="cost_centers_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "codigo": text(p.get("codigo"), 64),
            "nombre": text(p.get("nombre"), 200),
            "tipo": text(p.get("tipo"), 8),
            "estado": text(p.get("estado"), 8),
            "padre_id": ref_id(p.get("padre_id")),
            "updated_at": None,
        })


class LedgerAccount(ContificoRecord):
    class Kind(models.TextChoices):
        GROUP = "G", "Grupo"
        ACCOUNT = "C", "Cuenta"

    codigo = models.CharField("código", max_length=64, blank=True)
    nombre = models.CharField("nombre", max_length=200, blank=True)
    tipo = models.CharField("tipo", max_length=8, blank=True, choices=Kind.choices)

    search_columns = ("codigo", "nombre")

    class Meta:
        db_table = "chart_of_accounts"
        verbose_name = "Cuenta contable"
        verbose_name_plural = "Plan de cuentas"
        indexes = [
            # admin's default ordering: the dotted code ("1.1.01") reads as the chart
            models.Index(fields=["codigo", "id"], name="chart_of_accounts_codigo_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="chart_of_accounts_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.codigo} {self.nombre}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        return with_search_text(cls, {
            "codigo": text(p.get("codigo"), 64),
            "nombre": text(p.get("nombre"), 200),
            "tipo": text(p.get("tipo"), 8),
            "updated_at": None,
        })


class JournalEntry(ContificoRecord):
    fecha = models.DateField("fecha", null=True, blank=True)
    glosa = models.CharField("glosa", max_length=300, blank=True)
    debe = models.DecimalField("debe", max_digits=16, decimal_places=2, null=True, blank=True)
    haber = models.DecimalField("haber", max_digits=16, decimal_places=2, null=True, blank=True)

    search_columns = ("glosa",)

    class Meta:
        db_table = "journal_entries"
        verbose_name = "Asiento contable"
        verbose_name_plural = "Asientos contables"
        indexes = [
            # admin's default ordering of the entry list (newest first) and its date drill-down
            models.Index(fields=["-fecha", "-id"], name="journal_entries_fecha_idx"),
            models.Index(fields=["deleted_at"], condition=DELETED, name="journal_entries_deleted_idx"),
        ]

    def __str__(self):
        return f"{self.fecha or ''} {self.glosa}".strip() or self.id

    @classmethod
    def columns_from_payload(cls, payload):
        p = as_mapping(payload)
        debe, haber = _entry_totals(p.get("detalles"))
        return with_search_text(cls, {
            "fecha": parse_date(p.get("fecha")),
            "glosa": text(p.get("glosa"), 300),
            "debe": debe,
            "haber": haber,
            "updated_at": date_as_datetime(p.get("fecha")),
        })


def _entry_totals(lines):
    """Return the (debit, credit) sums of a journal entry's lines; None when there are no lines.

    A line is ``{"tipo": "D"|"H", "valor": "100.0"}``; lines with an unreadable
    amount or side are skipped rather than guessed. The v2 schema declares
    ``detalles`` a single line object rather than a list: both are read.
    """
    if isinstance(lines, dict):
        lines = [lines] if lines else []
    if not isinstance(lines, list) or not lines:
        return None, None
    sums = {"D": Decimal(0), "H": Decimal(0)}
    for line in lines:
        line = as_mapping(line)
        side = text(line.get("tipo")).upper()
        amount = parse_decimal(line.get("valor"))
        if side in sums and amount is not None:
            sums[side] += amount
    return money_column(sums["D"]), money_column(sums["H"])
