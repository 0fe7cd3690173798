"""Proving a pass complete, and closing the gap when it is not.

A v2 list says how many rows it holds (``count``) but is ordered on a date that
many rows share, with ties in a fresh order on each request: a walk over its
pages repeats some rows and, as many times, skips others of the same date (see
docs/contifico-api.md, "Unstable ordering: repeated and skipped rows"). So each
request window of a pass is checked: unique ids (plus rows rejected for having
no usable id) against ``count``. When short, ``recover`` re-reads narrow date
windows, which are complete when they fit in one page:

1. one day around each date whose rows repeated (the skipped rows share it);
2. then, while still short, calendar months over the dates the window served;
   a window that comes back short is halved, down to one day;
3. without a date filter to narrow by, the window is read again whole.

Every recovery request is paid from a budget of half the window's plain pages
plus ``RECOVERY_EXTRA``; what stays missing makes the catalogue incomplete.
"""

import datetime as dt
import logging
from collections import Counter, deque
from dataclasses import dataclass, field

from sync.catalogues import month_ranges
from sync.idset import IdSet
from sync.parsing import parse_date

logger = logging.getLogger(__name__)

RECOVERY_SHARE = 0.5  # of the plain walk's pages
RECOVERY_EXTRA = 20
DAY_REREADS = 3  # a one-day window still short is read again (a fresh order) at most this often


@dataclass
class Tally:
    """What one request window served: the API's ``count``, the unique ids, the repeated rows' dates."""

    params: dict
    count: int | None = None
    ids: IdSet = field(default_factory=IdSet)  # the pass's own set when the pass has one window
    rejected: int = 0
    pages: int = 0
    repeated_days: Counter = field(default_factory=Counter)
    first_day: dt.date | None = None
    last_day: dt.date | None = None

    def note_day(self, day, repeated):
        if day is None:
            return
        if repeated:
            self.repeated_days[day] += 1
        self.first_day = min(self.first_day or day, day)
        self.last_day = max(self.last_day or day, day)

    @property
    def shortfall(self):
        """Rows the API counts that this window has not accounted for (0 without a ``count``)."""
        if self.count is None:
            return 0
        return max(0, self.count - len(self.ids) - self.rejected)


def record_day(record, date_field):
    """Return the date a record is ordered on, or None."""
    if not date_field or not isinstance(record, dict):
        return None
    return parse_date(record.get(date_field))


def recover(reader, catalogue, tally):
    """Re-read narrow windows until ``tally`` is accounted for or the budget is spent; return requests made.

    ``reader(params, sub_tally, limit)`` walks one window into the mirror (at most
    ``limit`` pages) and returns how many requests it made.
    """
    budget = int(tally.pages * RECOVERY_SHARE) + RECOVERY_EXTRA
    spent = 0
    date_filter = catalogue.recovery

    def read(extra):
        nonlocal spent
        sub = Tally({**tally.params, **extra})
        spent += reader(sub.params, sub, budget - spent)
        tally.ids |= sub.ids
        return sub

    if date_filter is None:
        while tally.shortfall and spent < budget:
            before = len(tally.ids)
            read({})
            if len(tally.ids) == before:
                break
        return spent

    queue = deque((day, day) for day in sorted(tally.repeated_days))
    swept = False
    reread = Counter()
    while tally.shortfall and spent < budget:
        if not queue:
            if swept or tally.first_day is None:
                break
            swept = True
            queue.extend(month_ranges(tally.first_day, tally.last_day))
            continue
        first, last = queue.popleft()
        before = len(tally.ids)
        sub = read(date_filter.window(first, last))
        if not sub.shortfall:
            continue
        if first < last:
            middle = first + dt.timedelta(days=(last - first).days // 2)
            queue.extendleft([(middle + dt.timedelta(days=1), last), (first, middle)])
        elif len(tally.ids) > before and reread[first] < DAY_REREADS:
            reread[first] += 1
            queue.appendleft((first, last))
    logger.info("%s %s: recovery made %d request(s), %d row(s) still missing",
                catalogue.key, tally.params, spent, tally.shortfall)
    return spent
