"""Ecuadorian formats for people: one convention for the admin's lists, detail pages and exports.

Money is US dollars with ``$``, thousands separated by commas and two decimals
(``$1,234.56``), as Ecuadorian invoices print it; quantities carry no trailing
zeros (``12``, ``2.5``); dates are ``dd/mm/aaaa`` and times Ecuador's.
Model-free: these take plain values and return text.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone

CENT = Decimal("0.01")


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def money(value):
    """Return ``value`` as ``$1,234.56`` (``-$12.00`` when negative); ``""`` when empty."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return ""
    number = number.quantize(CENT)
    sign = "-" if number < 0 else ""
    return f"{sign}${abs(number):,.2f}"


def quantity(value):
    """Return ``value`` without noise: ``12``, ``2.5``, ``-3``, ``1,250``; ``""`` when empty."""
    number = _decimal(value)
    if number is None or not number.is_finite():
        return ""
    if number == number.to_integral_value():
        return f"{number.to_integral_value():,.0f}"
    text = f"{number:,f}"
    return text.rstrip("0").rstrip(".")


def count(value):
    """Return a whole count with thousands separators (``12,345``); ``""`` when empty."""
    if value is None:
        return ""
    return f"{value:,d}"


def date(value):
    """Return a date (or a datetime's local date) as ``dd/mm/aaaa``; ``""`` when empty."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def datetime(value):
    """Return a datetime in Ecuador time as ``dd/mm/aaaa HH:MM``; ``""`` when empty."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{date(value)} {value.hour:02d}:{value.minute:02d}"


def duration(start, end):
    """Return the time between two datetimes as ``1 h 02 min``, ``3 min 05 s`` or ``12 s``."""
    if start is None or end is None:
        return ""
    seconds = max(0, int((end - start).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds:02d} s"
    return f"{seconds} s"


def yes_no(value):
    """Return ``Sí``, ``No`` or ``""`` for a nullable boolean."""
    if value is None:
        return ""
    return "Sí" if value else "No"


def parse_day(text):
    """Return the date written as ``dd/mm/aaaa`` or ``aaaa-mm-dd`` (what a date input sends); else None."""
    text = (text or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
