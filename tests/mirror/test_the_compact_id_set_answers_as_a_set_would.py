"""The compact set of seen ids (sync/idset.py) answers exactly as a Python set of the same ids."""

import random
import string

from sync.idset import IdSet


def _ids(rnd, count):
    alphabet = string.ascii_letters + string.digits
    return ["".join(rnd.choices(alphabet, k=16)) for _ in range(count)]


def test_fifty_thousand_ids_with_repeats_give_the_same_answers_as_a_set():
    rnd = random.Random(12)
    ids = _ids(rnd, 50_000)
    stream = ids + rnd.sample(ids, 5_000)  # v2 pages repeat rows
    rnd.shuffle(stream)
    compact, plain = IdSet(), set()
    for record_id in stream:
        assert (record_id in compact) == (record_id in plain)
        compact.add(record_id)
        plain.add(record_id)

    assert len(compact) == len(plain) == 50_000
    assert sorted(compact) == sorted(plain)
    assert not any(other in compact for other in _ids(random.Random(99), 5_000) if other not in plain)


def test_ids_differing_only_in_letter_case_or_length_are_different_ids():
    compact = IdSet(["AbCdEfGhIjKlMnOp", "1", "12"])

    assert "AbCdEfGhIjKlMnOp" in compact
    assert "abcdefghijklmnop" not in compact
    assert "ABCDEFGHIJKLMNOP" not in compact
    assert "AbCdEfGhIjKlMnO" not in compact
    assert "123" not in compact and "" not in compact
    assert len(compact) == 3


def test_accented_emoji_cut_and_very_long_ids_are_kept_exactly():
    odd = ["Café-ñ-001", "😀" * 64, "x" * 64, "lone\ud800surrogate", "ñ" * 200]
    compact = IdSet(odd)
    compact.add("😀" * 64)

    assert all(record_id in compact for record_id in odd)
    assert "😀" * 63 not in compact and "Cafe-n-001" not in compact
    assert sorted(compact) == sorted(odd)


def test_merging_another_window_adds_only_its_new_ids():
    window = IdSet(["a", "b"])
    window |= IdSet(["b", "c"])
    window |= {"d"}

    assert sorted(window) == ["a", "b", "c", "d"]
    assert len(window) == 4
