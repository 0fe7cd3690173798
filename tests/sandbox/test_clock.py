"""The sandbox clock follows the wall clock by default; a fixed start keeps tests deterministic."""

from datetime import datetime, timedelta

from sandbox.clock import wall_now
from sandbox.testing import running_sandbox


def test_by_default_the_clock_reads_the_present_in_ecuador_time():
    with running_sandbox(scale="tiny") as sb:
        before = wall_now()
        assert abs(sb.now - before) < timedelta(seconds=5)
        # the data was created over the three years before it
        days = [datetime.strptime(r["fecha_emision"], "%d/%m/%Y") for r in sb.iter_records("documento")]
        assert before - timedelta(days=3 * 365 + 1) < min(days) < max(days) <= before
        assert max(days) > before - timedelta(days=90)


def test_a_change_made_now_is_dated_today_so_an_incremental_window_ending_today_sees_it():
    with running_sandbox(scale="tiny") as sb:
        record_id = sorted(sb.ids("persona"))[0]
        sb.modify("persona", record_id)
        today = wall_now().date().isoformat()
        assert record_id in sb.ids("persona", modificados_desde_fecha=today)


def test_advance_moves_the_wall_clock_forward_too():
    with running_sandbox(scale="tiny") as sb:
        later = sb.advance(days=2)
        assert timedelta(days=2) <= later - wall_now() < timedelta(days=2, seconds=5)
        assert sb.now >= later


def test_a_fixed_clock_starts_where_asked_and_only_moves_with_advance():
    start = datetime(2026, 11, 20, 10, 0)
    with running_sandbox(scale="tiny", clock=start) as sb:
        assert sb.now == start
        assert sb.advance(hours=5) == start + timedelta(hours=5)
        assert sb.info()["clock"] == "fixed"


def test_the_clock_option_parses_wall_and_iso_values():
    with running_sandbox(scale="tiny", clock="2025-01-02T03:04") as sb:
        assert sb.now == datetime(2025, 1, 2, 3, 4)
    with running_sandbox(scale="tiny", clock="wall") as sb:
        assert sb.info()["clock"] == "wall"
