"""Dates and times read the same with the fast parsers as with strptime, for every shape Contífico sends."""

import datetime as dt

import pytest

from sync.parsing import ECUADOR, parse_date, parse_datetime


def _strptime_date(text, formats=("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y")):
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def test_every_day_of_four_decades_reads_the_same_as_strptime_in_both_shapes():
    day = dt.date(1995, 1, 1)
    while day <= dt.date(2035, 12, 31):
        for text in (day.strftime("%d/%m/%Y"), day.isoformat()):
            assert parse_date(text) == day == _strptime_date(text), text
        day += dt.timedelta(days=1)


@pytest.mark.parametrize("text", [
    "31/02/2026", "29/02/2025", "00/01/2026", "01/13/2026", "32/01/2026", "2026-02-30", "2026-00-10",
    "1/2/2026", "01/02/26", "01-02-2026", "2026/02/01", "01/02/2O26", "0１/02/2026", "+1/02/2026",
    " 1/02/2026", "1_/02/2026", "ab/cd/efgh", "2026-1-5", "29/02/2024", "2026-02-18T11:12:08",
    "18/02/2026 11:12:08", "2026-02-18", "", "   ", "18/02/2026extra",
])
def test_odd_and_invalid_dates_read_as_strptime_reads_them(text):
    stripped = text.strip()
    # A date-time keeps its date part.
    is_date_time = stripped[4:5] == "-" or stripped[2:3] == "/"
    if len(stripped) > 10 and stripped[10:11] in ("T", " ") and is_date_time:
        stripped = stripped[:10]
    assert parse_date(text) == _strptime_date(stripped)


@pytest.mark.parametrize(("text", "expected"), [
    ("18/02/2026 11:12:08", dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)),
    ("18/02/2026 23:59:59", dt.datetime(2026, 2, 18, 23, 59, 59, tzinfo=ECUADOR)),
    ("18/02/2026 11:12", dt.datetime(2026, 2, 18, 11, 12, tzinfo=ECUADOR)),
    ("18/02/2026", dt.datetime(2026, 2, 18, tzinfo=ECUADOR)),
    ("2026-02-18T11:12:08", dt.datetime(2026, 2, 18, 11, 12, 8, tzinfo=ECUADOR)),
    ("2026-02-18T16:12:08Z", dt.datetime(2026, 2, 18, 16, 12, 8, tzinfo=dt.UTC)),
    # An impossible time keeps the day, as before: midnight of it.
    ("18/02/2026 24:00:00", dt.datetime(2026, 2, 18, tzinfo=ECUADOR)),
    ("18/02/2026 1x:00:00", dt.datetime(2026, 2, 18, tzinfo=ECUADOR)),
    ("31/02/2026 10:00:00", None),
    ("mañana", None),
])
def test_date_times_read_in_ecuador_time(text, expected):
    assert parse_datetime(text) == expected
