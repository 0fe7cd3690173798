"""Tolerant parsers from Contífico payload values to typed Python values.

Contífico sends dates as ``dd/mm/yyyy`` strings, amounts as strings (sometimes
numbers), empty text as ``""`` or ``null`` at random, and no time zone at all
(Ecuador local time). Each parser returns ``None`` for anything it cannot read:
the raw value always stays in ``payload``, so nothing is lost by a bad value.
See docs/contifico-api.md, "Record formats".
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

ECUADOR = ZoneInfo("America/Guayaquil")

_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y")
# Dates outside these years are typos or placeholders ("31/12/9999"); stored as they are,
# year 9999 in Ecuador time overflows into year 10000 in UTC and breaks every page that
# shows it. The typed column stays empty; the payload keeps the original.
FIRST_YEAR, LAST_YEAR = 1900, 2100


def plausible(moment):
    """Return ``moment`` (a date or datetime) when its year is within 1900–2100, else None."""
    if moment is None or not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    return moment


def parse_date(value):
    """Return a ``date`` from ``dd/mm/yyyy`` (or ISO) text within 1900–2100, else None."""
    if isinstance(value, dt.datetime):
        return plausible(value.date())
    if isinstance(value, dt.date):
        return plausible(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    # A date-time ("2026-02-18T11:12:08", "18/02/2026 11:12:08"): keep the date part.
    if len(text) > 10 and text[10:11] in ("T", " ") and (text[4:5] == "-" or text[2:3] == "/"):
        text = text[:10]
    # Fast path for the two shapes every record carries (strptime was a tenth of a sync's
    # CPU); unusual years take the general path below.
    if len(text) == 10 and text.isascii():
        if text in _DAYS:  # a catalogue's records share few dates
            return _DAYS[text]
        if text[2] == "/" == text[5]:
            day, month, year = text[:2], text[3:5], text[6:]
        elif text[4] == "-" == text[7]:
            year, month, day = text[:4], text[5:7], text[8:]
        else:
            day = month = year = ""
        if (day + month + year).isdigit() and 1900 <= int(year) <= 2100:
            try:
                parsed = dt.date(int(year), int(month), int(day))
            except ValueError:  # 31/02/2026: no other format can read it either
                parsed = None
            if len(_DAYS) >= 100_000:
                _DAYS.clear()
            _DAYS[text] = parsed
            return parsed
    for fmt in _DATE_FORMATS:
        try:
            return plausible(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    return None


_DAYS = {}  # parse_date's fast path: text → date (or None), bounded


_DATETIME_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M")


def parse_datetime(value):
    """Return an aware datetime in Ecuador time from ISO, ``dd/mm/yyyy HH:MM:SS`` or ``dd/mm/yyyy`` text.

    Returns None for anything else, and for years outside 1900–2100. Contífico never
    sends an offset; its times are Ecuador local time.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
        if len(text) == 19 and text[10] == " " and text[13] == ":" == text[16]:
            day = parse_date(text[:10])  # dd/mm/yyyy HH:MM:SS without strptime
            digits = text[11:13] + text[14:16] + text[17:]
            if day is not None and text[2] == "/" and digits.isascii() and digits.isdigit():
                try:
                    parsed = dt.datetime.combine(
                        day, dt.time(int(text[11:13]), int(text[14:16]), int(text[17:]))
                    )
                except ValueError:
                    parsed = None
        for fmt in _DATETIME_FORMATS if parsed is None else ():
            try:
                parsed = dt.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if parsed is None:
            day = parse_date(text)
            if day is None:
                return None
            parsed = dt.datetime.combine(day, dt.time())
    return plausible(as_ecuador(parsed))


def as_ecuador(moment):
    """Return ``moment`` aware: a naive datetime is Ecuador local time (Contífico never sends an offset)."""
    return moment.replace(tzinfo=ECUADOR) if moment.tzinfo is None else moment


def date_as_datetime(value):
    """Return midnight (Ecuador time) of a ``dd/mm/yyyy`` date, for ``updated_at`` columns."""
    day = parse_date(value)
    if day is None:
        return None
    return as_ecuador(dt.datetime.combine(day, dt.time()))


def parse_decimal(value, places=None):
    """Return a ``Decimal`` from a string or number (``"125.0"``, ``12``, ``"1,5"``), else None.

    ``places`` rounds the result (money columns use 2). Booleans are not numbers.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip()
    if not text:
        return None
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    if places is not None:
        try:
            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # "1e30" has more digits than the context allows
            return None
    return number


def parse_money(value):
    """Return a USD amount rounded to cents, else None."""
    return parse_decimal(value, places=2)


def parse_int(value):
    """Return an int from an int or numeric string, else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def parse_bool(value):
    """Return True/False from a JSON boolean or a ``"True"``-style string, else None."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("true", "1", "si", "sí", "yes"):
            return True
        if word in ("false", "0", "no"):
            return False
    if isinstance(value, int):
        return bool(value)
    return None


def text(value, max_length=None):
    """Return a clean string (``""`` and ``null`` both become ``""``), cut to ``max_length``."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    # PostgreSQL text cannot hold NUL; the raw value stays in ``payload``.
    value = value.replace("\x00", "").strip()
    if max_length is not None:
        value = value[:max_length]
    return value


def ref_id(value):
    """Return a foreign Contífico id as text, or ``""``.

    Foreign ids are kept even when they dangle. Some payloads carry a nested
    object instead of an id (``vendedor`` in real documents, ``vendedor_asignado``),
    and the v2 OpenAPI declares ``vendedor`` an array: a list gives its first
    element's id. See docs/contifico-api.md, "Record formats".
    """
    for _ in range(3):  # a list of objects, an object: unwrap a little, never loop forever
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("id")
    if value is None or isinstance(value, (bool, list, dict)):
        return ""
    return str(value).strip()[:64]


def parse_decimal_column(value, max_digits, decimal_places):
    """Return a ``Decimal`` that fits ``DecimalField(max_digits, decimal_places)``, else None.

    Rounds to ``decimal_places`` like ``parse_decimal``. An amount too large
    for the column ("1e30", a typo upstream) becomes None instead of a
    numeric-overflow error that would fail the whole batch on PostgreSQL.
    """
    number = parse_decimal(value)
    if number is None or number.adjusted() >= max_digits - decimal_places:
        return None
    number = number.quantize(Decimal(1).scaleb(-decimal_places), rounding=ROUND_HALF_UP)
    # Rounding can add a digit (9999.995 → 10000.00).
    if number and number.adjusted() >= max_digits - decimal_places:
        return None
    return number


def as_mapping(value):
    """Return ``value`` if it is a JSON object, else an empty dict (a payload may be anything)."""
    return value if isinstance(value, dict) else {}


def money_column(value):
    """Return a USD amount that fits the money columns (``numeric(16,2)``), else None."""
    return parse_decimal_column(value, 16, 2)


def quantity_column(value):
    """Return a quantity that fits the quantity columns (``numeric(18,4)``), else None."""
    return parse_decimal_column(value, 18, 4)
