#!/usr/bin/env python
# ruff: noqa: E501 - the mutant table reads best one snippet a line
"""Hand-made mutation testing of ``sync/``: does the suite fail when the code is wrong?

Each mutant is one small, realistic bug (a flipped comparison, a forgotten filter, a dropped
line) written as (file, exact snippet, replacement, why). The script applies one mutant at a
time, runs the SQLite test suite against it (the tests that matter for that file, ``-x``, with a
timeout) and restores the file, always: on success, on failure, on Ctrl-C or SIGTERM. A mutant is

- killed   when a test fails (or the run times out: the bug hangs a sync);
- survived when every test still passes: the suite cannot tell that bug from the code;
- STALE    when its snippet is no longer in the file (the code moved on: update the list).

    .venv/bin/python scripts/mutate.py                 # every mutant (~15-20 minutes)
    .venv/bin/python scripts/mutate.py -k engine       # mutants whose file or snippet mentions "engine"
    .venv/bin/python scripts/mutate.py --list          # show the mutants, run nothing

Not part of CI; the latest result and why each survivor is harmless are in bench/README.md,
"Mutation testing".
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Heavy end-to-end tests (tens of seconds each) left out of every run: the fast tests below
# cover the same rules, and a mutant these alone would catch is worth knowing about.
HEAVY = [
    "tests/mirror/test_the_mirror_is_exact_under_every_sandbox_fault.py",
    "tests/mirror/test_full_refresh_mirrors_every_catalogue_exactly.py::"
    "test_a_full_refresh_leaves_every_table_holding_exactly_what_the_api_serves[flaky]",
]

# Tests run against a mutant of each file, in stages: the quick, pointed tests first, the broad
# ones only if those all pass (pytest reorders the files of one invocation, so a stage is one
# invocation, and -x stops at the first failure).
POINTED = [
    "tests/mirror/test_the_watermark_moves_only_over_what_was_read.py",
    "tests/mirror/test_a_since_without_an_offset_is_ecuador_time.py",
    "tests/mirror/test_each_record_is_written_once_and_counted_once.py",
    "tests/mirror/test_a_v2_record_missing_from_the_list_is_deleted_only_once_its_detail_says_404.py",
    "tests/mirror/test_a_record_the_database_refuses_is_set_aside_on_every_database.py",
    "tests/mirror/test_locks_are_kept_alive_and_always_released.py",
    "tests/mirror/test_the_run_history_says_what_happened.py",
    "tests/mirror/test_every_window_of_a_pass_is_accounted_for.py",
    "tests/mirror/test_a_lock_outlives_the_longest_call.py",
    "tests/mirror/test_lock_claims.py",
    "tests/mirror/test_date_windows.py",
    "tests/mirror/test_each_catalogue_is_asked_the_way_its_endpoint_needs.py",
    "tests/mirror/test_bad_data_never_crashes_a_run.py",
]
MIRROR = ["tests/mirror", "tests/foundation/test_freshness_rule.py"]
IDSET = [
    "tests/mirror/test_the_compact_id_set_answers_as_a_set_would.py",
    "tests/mirror/test_ids_past_the_spill_threshold_move_to_a_temporary_file_and_answer_the_same.py",
]
PARSING = [
    "tests/catalogues/test_payload_values_become_typed_columns.py",
    "tests/catalogues/test_parsing_money.py",
    "tests/catalogues/test_odd_payloads_are_stored_as_parsed.py",
    "tests/catalogues/test_odd_payloads_never_break_a_record.py",
]
# The admin's page tests (tests/admin), but not the Chromium layout check: it measures pixels,
# and any admin bug it could catch also breaks a page these tests open.
ADMIN = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "tests/admin").glob("test_*.py")
               if "chromium" not in path.name)
SUITES = {
    "sync/engine.py": [POINTED, MIRROR],
    "sync/upsert.py": [POINTED, MIRROR],
    "sync/completeness.py": [POINTED, MIRROR],
    "sync/locks.py": [POINTED, MIRROR],
    "sync/catalogues.py": [POINTED, MIRROR],
    "sync/management/commands/sync_contifico.py": [POINTED, MIRROR],
    "sync/client/": [["tests/client"], POINTED, MIRROR],
    "sync/parsing.py": [PARSING, ["tests/catalogues"], POINTED, MIRROR],
    "sync/admin_base.py": [ADMIN, ["tests/catalogues"]],
    "sync/admin.py": [ADMIN, ["tests/catalogues"]],
    "sync/status.py": [["tests/foundation"], POINTED, MIRROR],
    "sync/idset.py": [IDSET, POINTED, MIRROR],
}
TIMEOUT = 300  # seconds per mutant; a mutant that hangs a sync is killed by the clock


@dataclass(frozen=True)
class Mutant:
    path: str
    snippet: str
    replacement: str
    why: str

    def stages(self):
        for prefix, stages in SUITES.items():
            if self.path.startswith(prefix):
                return stages
        return [["tests"]]


M = Mutant
MUTANTS = [
    # --- engine: watermark and start of an incremental pass -----------------------------------
    M("sync/engine.py", "since <= state.last_synced_at", "since >= state.last_synced_at",
      "gap rule inverted: a --since later than the watermark moves it"),
    M("sync/engine.py", "since <= state.last_synced_at", "since < state.last_synced_at",
      "gap rule boundary: a --since equal to the watermark keeps it"),
    M("sync/engine.py", "state.last_synced_at is not None and since", "state.last_synced_at is None or since",
      "a --since on a never-synced catalogue sets a watermark over the unread past"),
    M("sync/engine.py", "if complete_pass or covers_gap:", "if complete_pass or True:",
      "the watermark always moves, gap or not"),
    M("sync/engine.py", "            state.last_synced_at = started", "            state.last_synced_at = timezone.now()",
      "watermark set at the end of the pass: edits made during the pass are skipped next time"),
    M("sync/engine.py", "if complete_pass:\n            state.last_full_refresh_at",
      "if True:\n            state.last_full_refresh_at", "an incremental pass counts as a full refresh"),
    M("sync/engine.py", "complete_pass = start_day is None", "complete_pass = full_refresh",
      "a first run or an unfiltered catalogue is not seen as complete"),
    M("sync/engine.py", "if complete_pass and not stats.missing:", "if complete_pass:",
      "deletions marked after an incomplete pass"),
    M("sync/engine.py", "if complete_pass and not stats.missing:", "if not stats.missing:",
      "deletions marked after a filtered (incremental) pass"),
    M("sync/engine.py", "timezone.localtime(state.last_synced_at - OVERLAP, ECUADOR).date()",
      "(state.last_synced_at - OVERLAP).date()", "incremental start day taken in UTC"),
    M("sync/engine.py", "OVERLAP = dt.timedelta(days=2)", "OVERLAP = dt.timedelta(days=1)",
      "overlap shorter than documented"),
    M("sync/engine.py", "return timezone.localtime(since, ECUADOR).date()", "return since.date()",
      "--since start day taken in its own zone (UTC) instead of Ecuador's"),
    M("sync/engine.py", "if full_refresh or catalogue.date_filter is None:", "if catalogue.date_filter is None:",
      "--full-refresh ignored: the saved watermark still filters"),
    M("sync/engine.py", "since = as_ecuador(since)", "since = since if since.tzinfo else since.replace(tzinfo=dt.UTC)",
      "a naive since= read as UTC"),
    M("sync/engine.py", 'row.mode = "full" if complete_pass else "incremental"',
      'row.mode = "full" if full_refresh else "incremental"', "run history shows the wrong mode"),
    M("sync/engine.py", 'state.cursor = {"since": start_day.isoformat() if start_day else None, "mode": row.mode}',
      'state.cursor = {"since": None, "mode": row.mode}', "cursor forgets where the pass started"),
    # --- engine: reading and writing each record once ------------------------------------------
    M("sync/engine.py", "if not tally.ids.add(record_id):", "if record_id in tally.ids:",
      "a window never accounts for its rows"),
    M("sync/engine.py", "if tally.ids is not self.seen and not self.seen.add(record_id):", "if False:",
      "a record seen in two windows is written twice and counted new twice"),
    M("sync/engine.py", "tally = Tally(params, ids=self.seen) if len(windows) == 1 else Tally(params)",
      "tally = Tally(params, ids=self.seen)", "every window shares the pass's ids: earlier windows hide a later one's gap"),
    M("sync/engine.py", "if len(self.batch) >= settings.SYNC_BATCH_SIZE:",
      "if len(self.batch) > settings.SYNC_BATCH_SIZE:", "batches one row larger than SYNC_BATCH_SIZE"),
    M("sync/engine.py", "    def flush(self):\n        if self.batch:", "    def flush(self):\n        if len(self.batch) > 1:",
      "a last batch of one record is never written"),
    M("sync/engine.py", "        self.flush()\n        return counted, missing", "        return counted, missing",
      "the last partial batch is dropped"),
    M("sync/engine.py", "missing += tally.shortfall", "missing = tally.shortfall",
      "only the last window's missing rows are counted"),
    M("sync/engine.py", "counted = (counted or 0) + tally.count", "counted = tally.count",
      "the API's count is the last window's, not the pass's"),
    M("sync/engine.py", "if recovering:\n                    self.stats.recovery_requests += 1",
      "if not recovering:\n                    self.stats.recovery_requests += 1", "pages and recovery requests swapped"),
    M("sync/engine.py", "if limit is not None and pages >= limit:", "if limit is not None and pages > limit:",
      "recovery overspends its budget by one request per window"),
    M("sync/engine.py", "            if tally.shortfall:\n", "            if False:\n",
      "a short window is never recovered"),
    M("sync/engine.py", "if isinstance(value, int) and not isinstance(value, bool):",
      "if isinstance(value, int):", 'an "id": true is stored as the id "True"'),
    M("sync/engine.py", "or len(value) > 64", "or len(value) > 65",
      "an id too long for the column is not rejected up front"),
    M("sync/engine.py", "not value.strip() or", "not value or", "a blank id is accepted"),
    M("sync/engine.py", "if old is not None and old[0] == digest and old[1] is None:",
      "if old is not None and old[0] == digest:", "a record back upstream with the same payload stays deleted"),
    M("sync/engine.py", 'counts["created" if old is None else "updated"] += 1', 'counts["created"] += 1',
      "updates counted as new records"),
    M("sync/upsert.py", "                   if not field.primary_key]",
      '                   if not field.primary_key and field.name != "payload"]',
      "an upsert does not rewrite the payload"),
    M("sync/upsert.py", "strict=True)\n                   if not field.primary_key]",
      'strict=True)\n                   if not field.primary_key and field.name != "deleted_at"]',
      "deleted_at not cleared when a record comes back"),
    M("sync/engine.py", "    except WRITE_ERRORS as exc:\n        if failures.is_storage_failure(exc):",
      "    except (ValueError, OverflowError) as exc:\n        if failures.is_storage_failure(exc):",
      "no one-record-at-a-time fallback: one bad record fails its catalogue"),
    M("sync/engine.py", "def _reject(model, item, exc, stats):\n    stats.rejected += 1\n", "def _reject(model, item, exc, stats):\n",
      "a record the database refused is not counted as rejected"),
    M("sync/engine.py", "    except ContificoError as exc:\n        _flush_after_failure(model, reading.batch, stats)",
      "    except ContificoError as exc:\n        reading.batch.clear()",
      "records received before a failure are thrown away"),
    # --- engine: deletions -----------------------------------------------------------------------
    M("sync/engine.py", "if record_id not in seen:", "if record_id in seen:", "marks the listed records deleted"),
    M("sync/engine.py", "    if catalogue.paging is Paging.V2:\n        if len(vanished)",
      "    if catalogue.paging is not Paging.V2:\n        if len(vanished)",
      "v2 deletions not confirmed by the detail URL (and v1 ones are)"),
    M("sync/engine.py", "if len(vanished) > MAX_DELETION_CHECKS:", "if len(vanished) >= MAX_DELETION_CHECKS:",
      "deletion-check limit off by one"),
    M("sync/engine.py", "record_id) is None:\n                confirmed.append",
      "record_id) is not None:\n                confirmed.append", "marks deleted the records that still exist"),
    M("sync/engine.py", "        vanished = confirmed", "        confirmed = vanished",
      "the detail answers are ignored"),
    M("sync/engine.py", "filter(id__in=chunk, deleted_at__isnull=True).update", "filter(id__in=chunk).update",
      "records already deleted are marked again and counted as new deletions"),
    # --- engine: run status, locks, heartbeat, errors ---------------------------------------------
    M("sync/engine.py", "if status not in (RowStatus.SUCCEEDED, RowStatus.INCOMPLETE, RowStatus.SKIPPED)",
      "if status not in (RowStatus.SUCCEEDED, RowStatus.SKIPPED)", "an incomplete catalogue fails the run"),
    M("sync/engine.py", "        elif incomplete:\n            run.status", "        elif False:\n            run.status",
      "a run with an incomplete catalogue says succeeded"),
    M("sync/engine.py", "    def release():\n        locks.release(keys, run)", "    def release():\n        pass",
      "locks never released"),
    M("sync/engine.py", '_finish_row(row, RowStatus.FAILED, stats, message=str(abort))\n        raise abort from exc',
      "_finish_row(row, RowStatus.FAILED, stats, message=str(abort))\n        return stats",
      "a refused key does not stop the run: every catalogue is tried with it"),
    M("sync/engine.py", "if exc.status is None and stats.pages == 0:", "if exc.status is None:",
      "a connection lost mid-catalogue aborts the other catalogues too"),
    M("sync/engine.py", '_finish_row(row, RowStatus.FAILED, stats, message=str(abort))\n            raise abort from exc',
      "_finish_row(row, RowStatus.FAILED, stats, message=str(abort))\n            return stats",
      "an unreachable API is tried once per catalogue"),
    M("sync/engine.py", "if time.monotonic() - self.last < self.interval:\n            return False",
      "if True:\n            return False", "the heartbeat never beats"),
    M("sync/engine.py", "if self.beat():\n                    _save_progress(self.row, self.stats)",
      "if self.beat():\n                    pass", "the run row shows no live counts"),
    M("sync/engine.py", "beat = Heartbeat(keys, run)", "beat = Heartbeat(keys[:1], run)",
      "only the first catalogue's lock is kept alive"),
    M("sync/engine.py", "if len(self.errors) < MAX_ERRORS_KEPT:", "if len(self.errors) <= MAX_ERRORS_KEPT:",
      "one error more than the cap kept"),
    M("sync/engine.py", "_finish_row(row, SyncRunCatalogue.Status.INCOMPLETE, stats, message=message)",
      "_finish_row(row, SyncRunCatalogue.Status.FAILED, stats, message=message)",
      "an incomplete catalogue shown as failed"),
    M("sync/engine.py", "for fixed in self.catalogue.passes", "for fixed in self.catalogue.passes[:1]",
      "purchases read for FAC only, LQC forgotten"),
    # --- completeness ------------------------------------------------------------------------------
    M("sync/completeness.py", "self.count - len(self.ids) - self.rejected", "self.count - len(self.ids)",
      "rows rejected for a missing id counted as missing"),
    M("sync/completeness.py", "budget = int(tally.pages * RECOVERY_SHARE) + RECOVERY_EXTRA",
      "budget = tally.pages + RECOVERY_EXTRA", "recovery may spend twice the documented budget"),
    M("sync/completeness.py", "queue = deque((day, day) for day in sorted(tally.repeated_days))",
      "queue = deque()", "repeated days not re-read first"),
    M("sync/completeness.py", "if not sub.shortfall:\n            continue", "if sub.shortfall:\n            continue",
      "a short sub-window is not halved"),
    M("sync/completeness.py", "elif len(tally.ids) > before and reread[first] < DAY_REREADS:",
      "elif reread[first] < DAY_REREADS:", "a one-day window re-read even when it found nothing new"),
    M("sync/completeness.py", "if swept or tally.first_day is None:", "if tally.first_day is None:",
      "the month sweep repeats until the budget is spent"),
    M("sync/completeness.py", "tally.ids |= sub.ids", "tally.ids = tally.ids | set()",
      "rows found by recovery are not credited to the window"),
    M("sync/completeness.py", "if repeated:\n            self.repeated_days[day] += 1",
      "if not repeated:\n            self.repeated_days[day] += 1", "the wrong days re-read first"),
    M("sync/completeness.py", "self.first_day = min(self.first_day or day, day)", "self.first_day = day",
      "the month sweep starts at the last date seen, not the first"),
    M("sync/completeness.py", "return parse_date(record.get(date_field))", "return None",
      "records' dates ignored: nothing to narrow by"),
    M("sync/completeness.py", "            if len(tally.ids) == before:\n                break", "            pass",
      "a window without a date filter is re-read whole until the budget is spent"),
    # --- the set of seen ids, in memory and spilled to disk --------------------------------------
    M("sync/idset.py", "        if self._disk is not None and self._disk.has(key):\n            return False\n", "",
      "an id already on disk taken as new: written and counted twice"),
    M("sync/idset.py", "if not bloom[bit >> 3] & (1 << (bit & 7)):", "if bloom[bit >> 3] & (1 << (bit & 7)):",
      "the disk's filter read backwards: ids on disk reported absent"),
    M("sync/idset.py", "bloom[bit >> 3] |= 1 << (bit & 7)", "bloom[bit >> 3] |= 1 << ((bit + 1) & 7)",
      "the filter's bits set in one place and read in another"),
    M("sync/idset.py", "        keys.extend(map(_key, self._long))\n", "",
      "ids over 255 bytes lost when the set spills"),
    M("sync/idset.py", "(rows[-1][0], _PAGE)", "(rows[0][0], _PAGE)",
      "iterating the spilled ids repeats most of them"),
    M("sync/idset.py", "        self._held += 1\n", "",
      "the ids in memory never counted: the set never spills and its memory grows"),
    # --- locks -------------------------------------------------------------------------------------
    M("sync/locks.py", "return 2 * dt.timedelta(seconds=call) + LEASE_MARGIN",
      "return dt.timedelta(seconds=call) + LEASE_MARGIN", "the lease is half what the README promises"),
    M("sync/locks.py", "and not _pid_alive(int(pid))", "and _pid_alive(int(pid))",
      "a live local holder loses its lock, a dead one keeps it"),
    M("sync/locks.py", "return host == socket.gethostname() and pid.isdigit()", "return pid.isdigit()",
      "a holder on another host judged by a local pid"),
    M("sync/locks.py", "if now - lock.heartbeat_at > lease():", "if now - lock.heartbeat_at < lease():",
      "a fresh heartbeat looks stale"),
    M("sync/locks.py", "        release(taken, run)\n        raise CatalogueBusy", "        raise CatalogueBusy",
      "a refused run keeps the locks it did take"),
    M("sync/locks.py", "filter(resource__in=list(keys), run=run).update(", "filter(resource__in=list(keys)).update(",
      "a run beats other runs' locks too"),
    M("sync/locks.py", "        heartbeat_at=timezone.now()\n    )", "        acquired_at=timezone.now()\n    )",
      "locks.heartbeat never writes heartbeat_at"),
    M("sync/locks.py", "        if is_stale(lock, now):", "        if False:", "a dead holder keeps its lock forever"),
    # --- client: paging ----------------------------------------------------------------------------
    M("sync/client/paging.py", "last_page = -(-count // per_page) if count else None",
      "last_page = count // per_page if count else None", "the last page count implies rounded down"),
    M("sync/client/paging.py", "        if len(records) < size:\n            return",
      "        if len(records) <= size:\n            return", "a full v1 page taken for the last one"),
    M("sync/client/paging.py", "size = max(MIN_PAGE_SIZE, size // 2)", "size = max(MIN_PAGE_SIZE, size - 1)",
      "page size stepped down one row at a time"),
    M("sync/client/paging.py", "return number < last_page if last_page is not None else",
      "return number <= last_page if last_page is not None else", "a bare last page asks one page past the end"),
    M("sync/client/paging.py", "                last_page = number + 1", "                last_page = number",
      "rows added since page 1 was counted are not followed"),
    M("sync/client/paging.py", 'isinstance(body.get("results"), list)', '"results" in body',
      '{"results": null} taken for a list'),
    M("sync/client/paging.py", 'r.get("id") if isinstance(r, dict) and r.get("id") is not None else r',
      'r.get("id") if isinstance(r, dict) else r', "two pages of id-less rows look identical"),
    M("sync/client/paging.py", '        if isinstance(body, dict) and body.get("next") is None:\n            return\n',
      "", "a v1 envelope's next: null not trusted"),
    M("sync/client/paging.py", "            if not records or ids == previous_ids:\n                return\n            yield",
      "            if not records:\n                return\n            yield", "a v2 page served twice is not the end"),
    # --- client: transport, unpaged, errors, details -----------------------------------------------
    M("sync/client/transport.py", "if not failure.retryable or self.spent >= self.max_retries:",
      "if not failure.retryable or self.spent > self.max_retries:", "one retry more than the budget"),
    M("sync/client/transport.py", "wait = min(self.backoff_cap, self.backoff_base * 2 ** (self.spent - 1))",
      "wait = self.backoff_base * 2 ** (self.spent - 1)", "backoff without its cap"),
    M("sync/client/transport.py", "RETRY_STATUSES = {408, 413, 429,", "RETRY_STATUSES = {408, 413,",
      "429 not retried"),
    M("sync/client/transport.py", "ContificoAuthError if status in (401, 403)", "ContificoAuthError if status in (401,)",
      "403 not seen as a refused key"),
    M("sync/client/transport.py", "return max(0.0, min(seconds, cap))", "return max(0.0, seconds)",
      "Retry-After not capped"),
    M("sync/client/transport.py", "self._next = start + self.interval", "self._next = now + self.interval",
      "the rate limit does not space concurrent requests"),
    M("sync/client/transport.py", "pause = max(backoff_cap * 1.5, retry_after_cap)", "pause = backoff_cap",
      "worst case forgets the jitter and Retry-After: the lease is too short"),
    M("sync/client/transport.py", "attempts = 1 + max_retries", "attempts = max_retries",
      "worst case forgets the first attempt"),
    M("sync/client/transport.py", ", requests.exceptions.ChunkedEncodingError)", ")",
      "a body cut short is not retried"),
    M("sync/client/transport.py", '{"Authorization": api_key,', '{"Authorization": f"Bearer {api_key}",',
      "the key sent with a Bearer scheme Contífico refuses"),
    M("sync/client/unpaged.py", '    raise ValueError("the JSON array ended before its closing bracket")', "",
      "a whole list cut before its ] taken as complete"),
    M("sync/client/unpaged.py", 'if isinstance(body, dict) and body.get("next"):', "if False:",
      "a paged envelope taken for the whole list"),
    M("sync/client/unpaged.py", "        budget.spend(failure)", "        raise failure",
      "a broken transfer of a whole list is not retried"),
    M("sync/client/errors.py", "if response.status_code not in (400, 404):", "if response.status_code not in (400,):",
      "the 404 form of 'Pagina fuera del rango' not seen as the end"),
    M("sync/client/errors.py", 'for key in ("mensaje", "message", "detail", "error"):',
      'for key in ("mensaje", "message", "detail"):', "an error object's message not shown"),
    M("sync/client/__init__.py", "            if exc.status == 404:\n                return None",
      "            if exc.status == 410:\n                return None", "a detail 404 fails the catalogue"),
    M("sync/client/__init__.py", 'if isinstance(record, dict) and record.get("id") is not None:',
      "if isinstance(record, dict):", "an error object taken for a record that still exists"),
    M("sync/client/__init__.py", "return body[0] if body else None", "return body",
      "a one-element array detail returned as a list"),
    # --- parsing -----------------------------------------------------------------------------------
    M("sync/parsing.py", "moment.replace(tzinfo=ECUADOR) if moment.tzinfo is None else moment",
      "moment.replace(tzinfo=ECUADOR)", "an explicit offset overwritten with Ecuador's"),
    M("sync/parsing.py", "        text = text[:10]\n", "        pass\n", "date-times not read as dates"),
    M("sync/parsing.py", 'if "," in text and "." not in text:', "if False:", 'a decimal comma ("1,5") not read'),
    M("sync/parsing.py", "            number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)",
      "            number = number.quantize(Decimal(1).scaleb(-places))", "money rounded half-even, not half-up"),
    M("sync/parsing.py", "if number is None or number.adjusted() >= max_digits - decimal_places:",
      "if number is None or number.adjusted() > max_digits - decimal_places:",
      "an amount one digit too big for its column accepted"),
    M("sync/parsing.py", "    if number and number.adjusted() >= max_digits - decimal_places:\n        return None\n", "",
      "rounding up to one digit too many accepted"),
    M("sync/parsing.py", 'value = value.replace("\\x00", "").strip()', "value = value.strip()",
      "NUL bytes kept in typed text columns (PostgreSQL refuses them)"),
    M("sync/parsing.py", "            value = value[0] if value else None", "            value = None",
      "a one-element list of ids loses its id"),
    M("sync/parsing.py", "if number is None or number != number.to_integral_value():", "if number is None:",
      "1.5 read as the integer 1"),
    M("sync/parsing.py", "return as_ecuador(dt.datetime.combine(day, dt.time()))",
      "return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)", "dates become UTC midnight"),
    M("sync/parsing.py", 'if word in ("true", "1", "si", "sí", "yes"):', 'if word in ("true", "1"):',
      '"Si"/"Sí" not read as true'),
    # --- registry ----------------------------------------------------------------------------------
    M("sync/catalogues.py", "last = today + dt.timedelta(days=self.horizon_days)", "last = today",
      "records dated after today never asked for"),
    M("sync/catalogues.py", "end = min(first.replace(day=calendar.monthrange(first.year, first.month)[1]), last)",
      "end = last", "month windows cross month ends"),
    M("sync/catalogues.py", "days = range((today - since).days + 1 + self.horizon_days)",
      "days = range((today - since).days + self.horizon_days)",
      "daily windows stop a day short: the last day of the horizon never asked for"),
    M("sync/catalogues.py", "return min(requested, self.max_page_size)", "return requested",
      "chart of accounts asked for pages bigger than its cap"),
    M("sync/catalogues.py", "or value < 1:", "or value < 0:", "a page size of 0 accepted"),
    M("sync/catalogues.py", "return [catalogue for catalogue in CATALOGUES if catalogue.key in wanted]",
      "return [BY_KEY[key] for key in keys]", "catalogues run in the caller's order, not the registry's"),
    M("sync/catalogues.py", '{"tipo_registro": "PRO", "tipo": "LQC"}', '{"tipo_registro": "PRO", "tipo": "FAC"}',
      "purchase settlements (LQC) never read"),
    M("sync/catalogues.py", "horizon_days=366", "horizon_days=31", "journal entries a few months ahead missed"),
    # --- command -----------------------------------------------------------------------------------
    M("sync/management/commands/sync_contifico.py", "if row.status != row.Status.SUCCEEDED]",
      "if row.status == row.Status.FAILED]", "an incomplete catalogue exits 0"),
    # (Not the date-only branch of parse_since: on Python 3.11 parse_datetime already reads
    # "2026-03-10" as midnight, so that branch never runs.)
    M("sync/management/commands/sync_contifico.py", "    return as_ecuador(parsed)",
      "    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)", "a naive --since read as UTC"),
    M("sync/management/commands/sync_contifico.py", "handler.setLevel(max(handler.level, logging.WARNING))",
      "handler.setLevel(max(handler.level, logging.INFO))", "-v 0 still logs progress"),
    M("sync/management/commands/sync_contifico.py", "trigger=SyncRun.Trigger.COMMAND",
      "trigger=SyncRun.Trigger.PYTHON", "runs from the command recorded as Python calls"),
    # --- freshness and admin -------------------------------------------------------------------------
    M("sync/status.py", "- last_success > stale_after()", "- last_success >= stale_after()",
      "stale one instant early"),
    M("sync/status.py", "    if last_success is None:\n        return True", "    if last_success is None:\n        return False",
      "a catalogue never synced looks fresh"),
    M("sync/admin_base.py", "if capped <= EXACT_COUNT_LIMIT:", "if capped < EXACT_COUNT_LIMIT:",
      "a list of exactly the limit is not counted exactly"),
    M("sync/admin_base.py", "return queryset.filter(deleted_at__isnull=True)", "return queryset",
      "'Vigente' lists deleted rows too"),
    M("sync/admin_base.py", "return queryset.defer(*_deferrable(self.model))", "return queryset",
      "list pages read the heavy payload and search_text columns"),
    M("sync/admin_base.py", "    def has_change_permission(self, request, obj=None):\n        return False",
      "    def has_change_permission(self, request, obj=None):\n        return True", "mirrored rows editable"),
    M("sync/admin_base.py", "ensure_ascii=False, sort_keys=True", "ensure_ascii=False, sort_keys=False",
      "payload keys shown in arrival order"),
    M("sync/admin.py", "class ReadOnlyAdminMixin:\n    \"\"\"Rows written by the engine only: viewable, never added, changed or deleted by hand.\"\"\"\n\n    def has_add_permission(self, request, obj=None):\n        return False",
      "class ReadOnlyAdminMixin:\n    \"\"\"Rows written by the engine only: viewable, never added, changed or deleted by hand.\"\"\"\n\n    def has_add_permission(self, request, obj=None):\n        return True",
      "run history rows can be added by hand"),
]


class Interrupted(Exception):
    pass


def _on_sigterm(signum, frame):
    raise Interrupted()


def pytest(args, env):
    command = [str(ROOT / ".venv/bin/pytest"), "-x", "-q", "-p", "no:cacheprovider", "--reuse-db", *args]
    try:
        result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=TIMEOUT)  # noqa: S603
    except subprocess.TimeoutExpired:
        return "timeout", None
    if result.returncode in (0, 5):  # 5: every test of the stage was already run
        return "passed", None
    failed = [line.split(" ", 1)[1].split(" - ")[0] for line in result.stdout.splitlines()
              if line.startswith(("FAILED tests/", "ERROR tests/"))]
    return "failed", failed[0] if failed else f"pytest exit {result.returncode}"


def run_stage(tests, done, env):
    """Run one stage; a failure counts only if the failing test fails again when run alone.

    A few timing tests (the rate limit's spacing) can fail on a loaded machine; a mutant they
    "kill" by chance would be a false kill, so an unconfirmed failure is set aside and the stage
    goes on without that test.
    """
    flaky = []
    while True:
        outcome, failed = pytest([
            "-m", "not slow", *[f"--deselect={test}" for test in HEAVY + flaky],
            *[f"--ignore={test}" for test in done if test.endswith(".py")], *tests,
        ], env)
        if outcome == "passed":
            return "survived", ""
        if outcome == "timeout":
            return "killed", "timeout"
        if "::" not in failed or pytest([failed], env)[0] != "passed" or len(flaky) >= 3:
            return "killed", failed
        flaky.append(failed)


def run_tests(stages, env):
    done = []
    for tests in stages:
        outcome, detail = run_stage(tests, done, env)
        if outcome == "killed":
            return outcome, detail
        done += tests
    return "survived", ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", help="only mutants whose file, snippet or reason contains this text")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--no-baseline", action="store_true", help="skip checking that the unmutated code passes")
    options = parser.parse_args()
    mutants = [m for m in MUTANTS if not options.k or options.k in f"{m.path} {m.snippet} {m.why}"]
    if options.list:
        for number, mutant in enumerate(mutants, 1):
            print(f"{number:3} {mutant.path}: {mutant.why}")
        return 0

    dirty = subprocess.run(["git", "status", "--porcelain", "sync/"], cwd=ROOT, capture_output=True, text=True)  # noqa: S603, S607
    if dirty.stdout.strip():
        print("sync/ has uncommitted changes; commit or stash them first:\n" + dirty.stdout, file=sys.stderr)
        return 2

    workdir = tempfile.mkdtemp(prefix="mutate-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "INVENTORY_DB_PATH")}
    # Our own SQLite test database (reused between mutants: no mutant touches a model), and no
    # bytecode written for a mutated module.
    env.update(INVENTORY_DB_PATH=f"{workdir}/inventory.db", PYTHONDONTWRITEBYTECODE="1")
    signal.signal(signal.SIGTERM, _on_sigterm)

    started = time.monotonic()
    if not options.no_baseline:
        # A failing test would "kill" every mutant: the unmutated code must pass first.
        outcome, detail = run_tests([["tests/client", "tests/catalogues", "tests/foundation"], POINTED, MIRROR], env)
        if outcome != "survived":
            print(f"The unmutated code fails its tests: {detail}", file=sys.stderr)
            return 1
        print(f"Baseline passes ({time.monotonic() - started:.0f}s).", flush=True)
    results = []
    try:
        for number, mutant in enumerate(mutants, 1):
            path = ROOT / mutant.path
            original = path.read_text()
            found = original.count(mutant.snippet)
            if found != 1:
                results.append((mutant, "STALE", f"snippet found {found} times"))
                print(f"[{number:3}/{len(mutants)}] STALE    {mutant.path}: {mutant.why}", flush=True)
                continue
            mutated = original.replace(mutant.snippet, mutant.replacement)
            try:
                compile(mutated, str(path), "exec")
            except SyntaxError as exc:  # a broken mutant would be "killed" by the import alone
                results.append((mutant, "STALE", f"does not compile: {exc}"))
                print(f"[{number:3}/{len(mutants)}] STALE    {mutant.path}: {mutant.why} (does not compile)", flush=True)
                continue
            stat = path.stat()
            clock = time.monotonic()
            try:
                path.write_text(mutated)
                outcome, detail = run_tests(mutant.stages(), env)
            finally:
                path.write_text(original)
                os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            results.append((mutant, outcome, detail))
            print(f"[{number:3}/{len(mutants)}] {outcome:<8} {mutant.path}: {mutant.why} "
                  f"({time.monotonic() - clock:.0f}s) {detail}", flush=True)
    except (KeyboardInterrupt, Interrupted):
        print("\nInterrupted; every file is restored.", file=sys.stderr)

    counts = {outcome: sum(1 for _m, o, _d in results if o == outcome) for outcome in ("killed", "survived", "STALE")}
    tried = counts["killed"] + counts["survived"]
    score = 100 * counts["killed"] / tried if tried else 0.0
    print(f"\n{len(results)} mutants: {counts['killed']} killed, {counts['survived']} survived, "
          f"{counts['STALE']} stale; {score:.1f}% killed in {(time.monotonic() - started) / 60:.1f} minutes")
    for mutant, outcome, detail in results:
        if outcome != "killed":
            print(f"  {outcome:<8} {mutant.path}: {mutant.why}\n           {mutant.snippet!r} -> {mutant.replacement!r}"
                  + (f" ({detail})" if detail else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
