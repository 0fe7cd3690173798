"""Realistic Contífico records, one per catalogue, shaped like the doc's field tables.

See docs/contifico-api.md, "Catalogues". Values are strings where the API
sends strings (amounts included), ``dd/mm/yyyy`` dates, and the ``""`` /
``null`` mix real tenants return.
"""

CATEGORY = {
    "id": "8J0ye266I1neER7O",
    "nombre": "FIESTA CASUAL",
    "padre_id": "P0023xkBKULMe5GB",
    "tipo_producto": "PROD",
    "cuenta_venta": "PxBleXq5MKUMarYq",
    "cuenta_compra": None,
    "cuenta_inventario": None,
    "agrupar": False,
    "para_supereasy": False,
    "para_comisariato": False,
}

BRAND = {"id": "Q8J0yelYfoaER7OY", "nombre": "Toyota"}

VARIANT = {
    "id": "d4Kq8vZ2mB7nX1pL",
    "nombre": "TAMAÑO",
    "valores": [{"id": "a1B2c3D4e5F6g7H8", "valor": "15.6 pulg."}],
}

PRODUCT = {
    "id": "lY4erkB4vtrVa2Lz",
    "codigo": "00001",
    "nombre": "LAPTOP DELL INSPIRON",
    "descripcion": 'COMPUTADORA 11"',
    "codigo_barra": "000000011114",
    "tipo": "PRO",
    "tipo_producto": "SIM",
    "estado": "A",
    "porcentaje_iva": 15,
    "pvp1": "200.0",
    "pvp2": "190.0",
    "pvp3": "",
    "pvp4": None,
    "pvp_manual": False,
    "minimo": "3.0",
    "cantidad_stock": "-5.0",
    "costo_maximo": None,
    "categoria_id": "5onPeR2nBil9ep1v",
    "marca_id": None,
    "marca_nombre": None,
    "cuenta_venta_id": "6x01dNXK8QfMaX7W",
    "fecha_creacion": "20/08/2020",
    "imagen": "",
    "para_pos": True,
    "codigo_proveedor": "Colección 2019",
    "detalle_variantes": [],
}

WAREHOUSE = {
    "id": "nRMdROzqhvDZel6Y",
    "nombre": "Bodega Principal",
    "codigo": "BPU",
    "venta": True,
    "compra": True,
    "produccion": False,
}

INVENTORY_MOVEMENT = {
    "id": "JXPnaz67BimaO2yN",
    "codigo": "EGR 202006000017",
    "tipo": "EGR",
    "fecha": "16/06/2020",
    "bodega_id": "nRMdROzqhvDZel6Y",
    "bodega_destino_id": None,
    "descripcion": "Egreso por consumo interno",
    "estado": "G",
    "total": "0.0",
    "generar_asiento": False,
    "pos": None,
    "detalles": [{"producto_id": "lY4erkB4vtrVa2Lz", "cantidad": "20.0", "precio": "125.0"}],
}

REMISSION_GUIDE = {
    "id": "gW3kP9sT1vB6nM2q",
    "numero_documento": "001-001-000000001",
    "fecha_emision": "02/06/2026",
    "fecha_inicio": "02/06/2026",
    "fecha_fin": "03/06/2026",
    "estado": "E",
    "electronico": True,
    "autorizacion": "",
    "bodega_id": "nRMdROzqhvDZel6Y",
    "transportista_id": "pKBe1Eqk8f6zeXyO",
    "cedula_chofer": "1802895555",
    "nombre_chofer": "JUAN PEREZ",
    "placa": "PBA-1234",
    "direccion_partida": "Av. Amazonas y Colón",
    "destinatario": {
        "destinatario_id": "pKBe1Eqk8f6zeXyO",
        "documento_id": "Gge0gB7y4AIwPdAD",
        "direccion": "Guayaquil",
        "motivo": "Venta",
        "detalle": [{"producto_id": "lY4erkB4vtrVa2Lz", "cantidad": "1.0"}],
    },
}

SALE = {
    "id": "Gge0gB7y4AIwPdAD",
    "tipo_registro": "CLI",
    "tipo_documento": "FAC",
    "documento": "001-001-000000251",
    "estado": "P",
    "anulado": False,
    "electronico": True,
    "autorizacion": None,
    "fecha_emision": "17/05/2021",
    "fecha_creacion": "17/05/2021",
    "fecha_vencimiento": "16/06/2021",
    "hora_emision": None,
    "persona_id": "pKBe1Eqk8f6zeXyO",
    "persona": {
        "id": "pKBe1Eqk8f6zeXyO",
        "ruc": "0922054366001",
        "cedula": "0922054366",
        "razon_social": "COMERCIAL ANDINA S.A.",
        "tipo": "J",
    },
    "vendedor": None,
    "descripcion": "Venta de mostrador",
    "subtotal_0": "0.0",
    "subtotal_12": "250.0",
    "iva": "37.5",
    "ice": "0.0",
    "servicio": "0.0",
    "total": "287.5",
    "saldo": "287.49",
    "referencia": "",
    "pos": None,
    "detalles": [{"producto_id": None, "cantidad": "1.0", "precio": "250.0", "porcentaje_iva": 15}],
    "cobros": [],
}

PURCHASE = {
    **SALE,
    "id": "Hh1fhC8z5BJxQeBE",
    "tipo_registro": "PRO",
    "tipo_documento": "LQC",
    "documento": "001-002-000000014",
    "persona": {"id": "qLCf2Frl9g7afYzP", "ruc": "", "cedula": "1802895555", "razon_social": "MARIA LOPEZ"},
    "persona_id": "qLCf2Frl9g7afYzP",
}

DOCUMENT = {
    **SALE,
    "id": "Ii2giD9a6CKyRfCF",
    "tipo_documento": "PRE",
    "documento": "202606001919",
    "estado": "F",
    "fecha_modificacion": "2026-06-02T09:30:00",
}

REGISTRY_TRANSACTION = {
    "id": "Tt7rX2cV9bN4mK1z",
    "tipo": "COB",
    "fecha": "05/03/2026",
    "valor": "120.50",
    "documento_id": "Gge0gB7y4AIwPdAD",
    "persona_id": "pKBe1Eqk8f6zeXyO",
    "descripcion": "Cobro factura 251",
}

PERSON = {
    "id": "pKBe1Eqk8f6zeXyO",
    "tipo": "N",
    "razon_social": "PEREZ GOMEZ JUAN CARLOS",
    "nombre_comercial": "",
    "cedula": "1802895555",
    "ruc": "1802895555001",
    "placa": None,
    "email": "juan@example.com",
    "telefonos": "0999999999",
    "direccion": "Ambato",
    "es_cliente": True,
    "es_proveedor": False,
    "es_empleado": False,
    "es_vendedor": False,
    "es_extranjero": False,
    "es_corporativo": None,
    "aplicar_cupo": False,
    "porcentaje_descuento": None,
    "adicional1_cliente": "",
    "adicional2_cliente": None,
    "categoria_id": "c8Hq2Wm4Zt6Yp1Rs",
    "categoria_nombre": "MAYORISTAS",
    "fecha_modificacion": "2026-02-18T11:12:08",
    "pvp_default": "",
    "dias_credito": "30",
    "cupo_credito": "1500.00",
    "vendedor_asignado": {"id": "vN3mB6xC9zL2kJ5h", "nombre": "ANA TORRES"},
}

COST_CENTER = {
    "id": "cC1dE2fG3hI4jK5l",
    "nombre": "Centro costo 2",
    "codigo": "1.2",
    "tipo": "T",
    "estado": "A",
    "padre_id": "cC0dE0fG0hI0jK0l",
}

LEDGER_ACCOUNT = {"id": "6x01dNXK8QfMaX7W", "nombre": "VENTAS TARIFA 15%", "codigo": "4.1.01", "tipo": "C"}

JOURNAL_ENTRY = {
    "id": "aS9dF8gH7jK6lZ5x",
    "fecha": "08/07/2026",
    "glosa": "Provisión de gastos de julio",
    "detalles": [
        {"cuenta_id": "6x01dNXK8QfMaX7W", "centro_costo_id": None, "tipo": "D", "valor": "100.0"},
        {
            "cuenta_id": "PxBleXq5MKUMarYq",
            "centro_costo_id": "cC1dE2fG3hI4jK5l",
            "tipo": "H",
            "valor": "60.5",
        },
        {"cuenta_id": "PxBleXq5MKUMarYq", "centro_costo_id": None, "tipo": "H", "valor": 39.5},
    ],
}

BANK_ACCOUNT = {
    "id": "bA1nK2aC3cO4uN5t",
    "nombre": "CTA PICHINCHA",
    "numero": "0002204567",
    "tipo_cuenta": "CC",
    "saldo_inicial": "11200.0",
    "fecha_corte": "31/12/2025",
    "estado": "A",
    "cuenta_contable": "1.1.02.01",
    "nombre_banco": "Banco Pichincha",
}

BANK_MOVEMENT = {
    "id": "mV1bN2mQ3wE4rT5y",
    "numero_comprobante": "201301000006",
    "fecha_emision": "15/01/2026",
    "tipo": "D",
    "tipo_registro": "I",
    "cuenta_bancaria_id": "bA1nK2aC3cO4uN5t",
    "persona": "pKBe1Eqk8f6zeXyO",
    "detalles": [
        {"monto": "250.0", "cuenta_id": "6x01dNXK8QfMaX7W", "centro_costo_id": None},
        {"monto": "37.5", "cuenta_id": "PxBleXq5MKUMarYq", "centro_costo_id": None},
    ],
}

# model label → a realistic payload; the keys cover all 17 catalogues.
BY_MODEL = {
    "inventory.Category": CATEGORY,
    "inventory.Brand": BRAND,
    "inventory.Variant": VARIANT,
    "inventory.Product": PRODUCT,
    "inventory.Warehouse": WAREHOUSE,
    "inventory.InventoryMovement": INVENTORY_MOVEMENT,
    "inventory.RemissionGuide": REMISSION_GUIDE,
    "accounting.Purchase": PURCHASE,
    "accounting.Sale": SALE,
    "accounting.Document": DOCUMENT,
    "accounting.RegistryTransaction": REGISTRY_TRANSACTION,
    "accounting.Person": PERSON,
    "accounting.CostCenter": COST_CENTER,
    "accounting.LedgerAccount": LEDGER_ACCOUNT,
    "accounting.JournalEntry": JOURNAL_ENTRY,
    "banking.BankAccount": BANK_ACCOUNT,
    "banking.BankMovement": BANK_MOVEMENT,
}
