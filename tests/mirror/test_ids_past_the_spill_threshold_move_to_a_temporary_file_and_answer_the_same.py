"""Past ``SPILL_AT`` ids the compact set (sync/idset.py) moves them to a temporary SQLite file, so a
sync's memory stays flat however large the catalogue; it still answers exactly as a Python set of
the same ids would, and leaves no file behind.
"""

import gc
import os
import random
import string
from pathlib import Path

import pytest

import sync.idset
from sync.idset import IdSet

ODD = ["Café-ñ-001", "😀" * 64, "x" * 64, "lone\ud800surrogate", "ñ" * 200, "a\x00b", "Ωmega"]


@pytest.fixture
def spill_at(monkeypatch):
    def set_threshold(count):
        monkeypatch.setattr(sync.idset, "SPILL_AT", count)

    return set_threshold


@pytest.fixture
def temp_dir(tmp_path, monkeypatch):
    """The system temp dir, pointed at an empty directory this test can watch."""
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    return tmp_path


def _ids(rnd, count):
    alphabet = string.ascii_letters + string.digits
    return ["".join(rnd.choices(alphabet, k=16)) for _ in range(count)]


def _open_files_under(directory):
    """Paths this process holds open under ``directory`` (Linux: /proc/self/fd)."""
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(directory)):
            found.append(target)
    return found


def test_a_hundred_thousand_ids_with_repeats_give_a_sets_answers_in_memory_and_on_disk(spill_at, temp_dir):
    spill_at(7_000)  # fourteen spills, the last ids still in memory
    rnd = random.Random(7)
    ids = _ids(rnd, 100_000)
    stream = ids + rnd.sample(ids, 10_000)  # v2 pages repeat rows, some long after the first
    rnd.shuffle(stream)
    compact, plain = IdSet(), set()
    for record_id in stream:
        assert (record_id in compact) == (record_id in plain)
        assert compact.add(record_id) == (record_id not in plain)  # True only for a new id
        plain.add(record_id)

    assert compact.spilled
    assert len(compact) == len(plain) == 100_000
    assert sorted(compact) == sorted(plain)
    assert all(record_id in compact for record_id in rnd.sample(ids, 5_000))
    assert not any(other in compact for other in _ids(random.Random(99), 5_000) if other not in plain)


def test_accented_emoji_null_surrogate_and_very_long_ids_come_back_exactly_from_disk(spill_at, temp_dir):
    spill_at(3)
    compact = IdSet(ODD)
    assert compact.spilled
    assert not any(compact.add(again) for again in ("😀" * 64, "lone\ud800surrogate", "ñ" * 200))

    assert len(compact) == len(ODD)
    assert all(record_id in compact for record_id in ODD)
    assert "😀" * 63 not in compact and "Cafe-n-001" not in compact and "ab" not in compact
    assert "ñ" * 199 not in compact and "lone" not in compact
    assert sorted(compact) == sorted(ODD)


def test_ids_differing_only_in_letter_case_or_length_stay_different_on_disk(spill_at, temp_dir):
    spill_at(2)
    compact = IdSet(["AbCdEfGhIjKlMnOp", "1", "12"])

    assert "AbCdEfGhIjKlMnOp" in compact and "12" in compact
    assert "abcdefghijklmnop" not in compact and "AbCdEfGhIjKlMnO" not in compact
    assert "123" not in compact and "" not in compact
    assert len(compact) == 3


def test_merging_two_spilled_sets_adds_only_the_new_ids(spill_at, temp_dir):
    spill_at(100)
    window = IdSet(f"Id{n:06d}" for n in range(1_000))
    window |= IdSet(f"Id{n:06d}" for n in range(500, 1_500))
    window |= {"Id999999", "Id000001"}

    assert len(window) == 1_501
    assert sorted(window) == sorted({f"Id{n:06d}" for n in range(1_500)} | {"Id999999"})


def test_the_spill_file_is_gone_from_the_temp_dir_at_once_and_closed_with_the_set(spill_at, temp_dir):
    spill_at(10)
    compact = IdSet(str(n) for n in range(100))

    assert compact.spilled
    assert list(temp_dir.iterdir()) == []  # unlinked while open: nothing left even after a SIGKILL
    if Path("/proc/self/fd").is_dir():
        assert len(_open_files_under(temp_dir)) == 1  # ... though still open, and in use
        compact.close()
        assert _open_files_under(temp_dir) == []
    else:
        compact.close()
    assert len(compact) == 0 and "5" not in compact


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell which files are open")
def test_where_an_open_file_cannot_be_unlinked_close_and_the_garbage_collector_remove_it(
    spill_at, temp_dir, monkeypatch
):
    spill_at(10)
    real_unlink = os.unlink

    def refuse_while_open(path):  # as Windows does for a file SQLite holds open
        if any(Path(path).name in target for target in _open_files_under(temp_dir)):
            raise PermissionError(path)
        real_unlink(path)

    monkeypatch.setattr(sync.idset.os, "unlink", refuse_while_open)
    closed = IdSet(str(n) for n in range(50))
    collected = IdSet(str(n) for n in range(50))
    assert len(list(temp_dir.iterdir())) == 2

    closed.close()
    assert len(list(temp_dir.iterdir())) == 1
    del collected
    gc.collect()
    assert list(temp_dir.iterdir()) == []


def test_a_set_below_the_threshold_keeps_its_ids_in_memory(temp_dir):
    compact = IdSet(str(n) for n in range(sync.idset.SPILL_AT - 1))
    assert not compact.spilled

    compact.add("one more")
    assert compact.spilled and len(compact) == sync.idset.SPILL_AT and "one more" in compact
