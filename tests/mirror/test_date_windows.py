import datetime as dt

from sync.catalogues import BY_KEY


def test_journal_entry_windows_never_cross_a_calendar_month_and_reach_a_year_ahead():
    windows = BY_KEY["journal_entries"].date_filter.windows(dt.date(2026, 1, 30), dt.date(2026, 3, 10))

    assert windows[0] == {"fecha_inicial": "30/01/2026", "fecha_final": "31/01/2026"}
    assert windows[1] == {"fecha_inicial": "01/02/2026", "fecha_final": "28/02/2026"}
    assert windows[-1]["fecha_final"] == "11/03/2027"
    for window in windows:
        assert window["fecha_inicial"][3:] == window["fecha_final"][3:]  # same month and year


def test_an_open_since_filter_sends_one_date_in_the_endpoints_format():
    assert BY_KEY["products"].date_filter.windows(dt.date(2026, 11, 26), dt.date(2026, 11, 28)) == [
        {"modificados_desde_fecha": "2026-11-26"}
    ]


def test_an_emission_window_runs_from_the_start_day_to_tomorrow():
    assert BY_KEY["sales"].date_filter.windows(dt.date(2026, 11, 26), dt.date(2026, 11, 28)) == [
        {"fecha_inicial": "26/11/2026", "fecha_final": "29/11/2026"}
    ]
