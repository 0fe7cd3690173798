"""A holder on another host is presumed dead only after twice the longest one API call can take
with its retries (README, "Only one sync at a time"): about an hour with the default timeouts and
``CONTIFICO_MAX_RETRIES``. A shorter lease would let a second run steal the catalogue from a live
run waiting out its retries.
"""

import datetime as dt

import pytest

from sync import locks


@pytest.fixture
def defaults(settings):
    settings.CONTIFICO_MAX_RETRIES = 6
    settings.CONTIFICO_CONNECT_TIMEOUT = 10
    settings.CONTIFICO_READ_TIMEOUT = 120


def test_with_the_default_settings_the_lease_is_about_an_hour(defaults):
    # 7 attempts of 10 + 120 s, six pauses of up to 120 s (a capped Retry-After): 1,630 s, twice,
    # plus five minutes of margin.
    assert dt.timedelta(minutes=57) < locks.lease() < dt.timedelta(minutes=62)


def test_the_lease_grows_with_the_retries_and_the_timeouts(defaults, settings):
    base = locks.lease()
    settings.CONTIFICO_MAX_RETRIES = 7
    more_retries = locks.lease()
    settings.CONTIFICO_READ_TIMEOUT = 240
    longer_reads = locks.lease()

    # One more retry: one more attempt and one more pause, both counted twice.
    assert more_retries - base == 2 * dt.timedelta(seconds=130 + 120)
    assert longer_reads - more_retries == 2 * 8 * dt.timedelta(seconds=120)
