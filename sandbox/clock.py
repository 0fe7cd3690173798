"""The sandbox clock: the wall clock in Ecuador time by default, or a fixed start for tests.

Contífico sends naive Ecuador local times, so the clock reads naive datetimes. Following the
wall clock matters: an app's incremental sync computes its windows from the real present, so
changes made through the control interface must be dated in that present to be seen.
``advance`` moves either kind of clock forward by an offset.
"""

import threading
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

ECUADOR = ZoneInfo("America/Guayaquil")


def wall_now():
    """Return the present as naive Ecuador local time, to the second."""
    return datetime.now(ECUADOR).replace(tzinfo=None, microsecond=0)


def parse_clock(text):
    """Parse a ``--clock`` value: empty or "wall" → None (wall clock), else an ISO date-time."""
    text = (text or "").strip()
    if not text or text.lower() == "wall":
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        message = f"--clock must be 'wall' or an ISO date-time (2026-11-20T10:00), not {text!r}"
        raise ValueError(message) from None
    if value.tzinfo is not None:
        value = value.astimezone(ECUADOR)
    return value.replace(tzinfo=None)


class Clock:
    """A clock that starts at ``fixed`` (or follows the wall clock when None) plus what was advanced."""

    def __init__(self, fixed=None):
        self.fixed = fixed
        self._offset = timedelta()
        self._lock = threading.Lock()

    def now(self):
        """Return the current sandbox time (naive Ecuador local time)."""
        base = self.fixed if self.fixed is not None else wall_now()
        return base + self._offset

    def advance(self, delta):
        """Move the clock forward by ``delta`` and return the new time."""
        with self._lock:
            self._offset += delta
        return self.now()
