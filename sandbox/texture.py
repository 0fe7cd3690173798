"""Deterministic randomness and the "texture" of real Contífico data.

Nothing here imports Django: the sandbox must start fast and alone.

Every value the sandbox serves is a pure function of (seed, collection, index, salt), so record i
can be rebuilt at any time instead of being held in memory.
"""

import random
import zlib
from datetime import date, datetime, timedelta

_MASK64 = (1 << 64) - 1


def _splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK64
    return x ^ (x >> 31)


def code_of(text):
    """Return a stable integer for a name (collection, salt), independent of PYTHONHASHSEED."""
    return zlib.crc32(text.encode())


def mix(*parts):
    """Hash integers into one well-spread 64-bit integer (cheap enough for 200k-row scans)."""
    h = 0x2545F4914F6CDD1D
    for part in parts:
        h = _splitmix(h ^ (part & _MASK64))
    return h


def rng_for(*parts):
    """Return a random.Random seeded from the given integers (one per record, never shared)."""
    return random.Random(mix(*parts))


# --- Spanish text with accents and ñ -------------------------------------------------------------

PRODUCT_NOUNS = [
    "Camiseta", "Pantalón", "Zapato", "Cuaderno", "Lámpara", "Silla", "Mochila", "Cartera",
    "Almohada", "Toalla", "Jabón", "Café", "Azúcar", "Piña", "Limón", "Jarrón", "Teléfono",
    "Cámara", "Batería", "Cable", "Martillo", "Destornillador", "Pañuelo", "Bufanda", "Muñeca",
    "Cepillo", "Colchón", "Sartén", "Cuchara", "Té verde", "Galletas", "Chocolate", "Maní",
]
ADJECTIVES = [
    "azul", "rojo", "negro", "blanco", "pequeño", "grande", "clásico", "ecológico", "artesanal",
    "térmico", "económico", "premium", "reforzado", "plegable", "orgánico", "de niño", "de niña",
    "tamaño único", "edición 2024", "importado", "nacional", "con diseño", "año nuevo",
]
BRANDS = [
    "Pacífico", "Andina", "La Española", "Nogal", "Cañaveral", "Mañanitas", "Sol de Quito",
    "Guayaquileña", "Montañés", "Ñandú", "Cóndor", "Galápagos", "Río Daule", "Cotopaxi",
    "Tungurahua", "El Ángel", "Azuay", "Manabí", "Cuenca Bella", "Zuleta",
]
FIRST_NAMES = [
    "José", "María", "Andrés", "Mónica", "Sebastián", "Begoña", "Iñaki", "Verónica", "Raúl",
    "Lucía", "Martín", "Inés", "Nicolás", "Sofía", "Germán", "Ángela", "Joaquín", "Rocío",
    "Ramón", "Fernanda", "Tomás", "Núria", "Óscar", "Belén",
]
LAST_NAMES = [
    "Muñoz", "Peña", "Ordóñez", "Benítez", "Castañeda", "Gómez", "Núñez", "Pérez", "Yánez",
    "Zúñiga", "Rodríguez", "Ibáñez", "Montaño", "Jiménez", "Valdés", "Saltos", "Cedeño",
    "Villacís", "Quiñónez", "Andrade", "Mendoza", "Espín",
]
COMPANY_WORDS = [
    "Comercial", "Distribuidora", "Importadora", "Ferretería", "Panadería", "Farmacia",
    "Constructora", "Agrícola", "Textiles", "Servicios", "Tecnología", "Papelería",
]
COMPANY_SUFFIXES = ["S.A.", "Cía. Ltda.", "S.A.S.", "", "C.A."]
CITIES = ["Quito", "Guayaquil", "Cuenca", "Ambato", "Loja", "Manta", "Ibarra", "Riobamba", "Machala"]
STREETS = [
    "Av. Amazonas", "Calle Bolívar", "Av. 9 de Octubre", "Av. de los Shyris", "Calle Sucre",
    "Av. Orellana", "Calle García Moreno", "Av. Las Peñas", "Calle Núñez de Vela",
]
GLOSAS = [
    "Registro de venta", "Pago a proveedor", "Depreciación mensual", "Provisión de décimo tercer",
    "Ajuste de inventario", "Cobro de cliente", "Nómina del mes", "Reclasificación de cuentas",
    "Compra de suministros de oficina", "Conciliación bancaria",
]
MOVEMENT_TEXT = [
    "Ingreso por compra", "Egreso por venta", "Transferencia entre bodegas", "Ajuste por conteo físico",
    "Devolución de mercadería", "Mermas del mes", "Producción terminada",
]
LONG_PARAGRAPH = (
    "Descripción extensa del artículo: fabricado con materiales de alta calidad, diseño ergonómico, "
    "apto para uso diario en el hogar o la oficina; incluye garantía de un año, manual en español y "
    "servicio técnico en Quito, Guayaquil y Cuenca. Añada información sobre tamaño, peso y cuidado. "
)


def long_text(rng, minimum=1100):
    """Return a paragraph longer than ``minimum`` characters (the admin must cope with it)."""
    parts = []
    while sum(map(len, parts)) < minimum:
        parts.append(LONG_PARAGRAPH)
        parts.append(f"Lote {rng.randint(1, 999)} — año {rng.randint(2019, 2026)}. ")
    return "".join(parts)


def person_name(rng):
    """Return a natural person's full name."""
    return (
        f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)} {rng.choice(FIRST_NAMES)} "
        f"{rng.choice(FIRST_NAMES)}"
    ).upper()


def company_name(rng):
    """Return a company name such as "DISTRIBUIDORA CAÑAVERAL CÍA. LTDA."."""
    name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(BRANDS)} {rng.choice(COMPANY_SUFFIXES)}"
    return name.strip().upper()


def cedula(rng):
    """Return a 10-digit Ecuadorian cédula shape (province prefix 01–24)."""
    return f"{rng.randint(1, 24):02d}{rng.randint(0, 99_999_999):08d}"


def ruc_from(cedula_text):
    """Return the RUC (13 digits ending 001) built on a cédula, as the SRI does."""
    return f"{cedula_text}001"


def phone(rng):
    """Return an Ecuadorian phone number (mobile or landline)."""
    if rng.random() < 0.6:
        return f"09{rng.randint(0, 99_999_999):08d}"
    return f"0{rng.randint(2, 7)}{rng.randint(0, 9_999_999):07d}"


def email_for(name, rng):
    """Return an e-mail address derived (without accents) from a name."""
    plain = name.lower().translate(str.maketrans("áéíóúñü", "aeiounu"))
    user = "".join(ch for ch in plain.split()[0] if ch.isalnum())[:12] or "contacto"
    return f"{user}{rng.randint(1, 999)}@{rng.choice(['gmail.com', 'hotmail.com', 'empresa.ec'])}"


# --- Amounts: strings with one decimal, sometimes two, sometimes numbers (docs/contifico-api.md, "Record
# formats") ------------------

def money(cents, style=0):
    """Render an amount given in cents the way Contífico does.

    ``style`` 0: "125.0" (one decimal when it is exact, else two), 1: always two decimals
    ("125.00"), 2: a bare JSON number (the v1 document sample shows these; docs/contifico-api.md, "Record
    formats").
    """
    value = cents / 100
    if style == 2:
        return round(value, 2)
    if style == 1 or cents % 10:
        return f"{value:.2f}"
    return f"{value:.1f}"


# --- Dates ---------------------------------------------------------------------------------------

def ddmmyyyy(value):
    """Render a date or datetime as dd/mm/yyyy (record dates; docs/contifico-api.md, "Record formats")."""
    return value.strftime("%d/%m/%Y")


def iso_naive(value):
    """Render a datetime as naive ISO without offset (persona.fecha_modificacion; docs/contifico-api.md,
    "Record formats").
    """
    return value.replace(microsecond=0).isoformat()


def parse_filter_date(text):
    """Parse a filter date given as dd/mm/yyyy or yyyy-mm-dd; raise ValueError otherwise."""
    text = (text or "").strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_record_date(text):
    """Parse a record's dd/mm/yyyy date (None when empty or malformed)."""
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except (TypeError, ValueError):
        return None


def day_of(value):
    """Return the date part of a datetime (dates pass through)."""
    return value.date() if isinstance(value, datetime) else value


def shift(base, seconds):
    """Return base + seconds."""
    return base + timedelta(seconds=seconds)


def to_date(value):
    """Accept date or datetime, return date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(value)
