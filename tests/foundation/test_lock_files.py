"""The lock files pin every requirement, with hashes, at the version its requirements file asks for.

scripts/bootstrap (and so CI) installs only requirements-dev.lock; a package added to a
requirements file without re-running scripts/lock would silently never be installed.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#\\]+)")


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path):
    """Return {normalised name: version} for every ``name==version`` line of ``path``."""
    found = {}
    for line in path.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[normalise(match.group(1))] = match.group(2)
    return found


def locked_entries(path):
    """Return {normalised name: (version, hash count)} for a pip-compile --generate-hashes file."""
    entries = {}
    current = None
    for line in path.read_text().splitlines():
        match = PIN.match(line)
        if match:
            current = normalise(match.group(1))
            entries[current] = [match.group(2), 0]
        elif current and line.strip().startswith("--hash=sha256:"):
            entries[current][1] += 1
    return {name: tuple(value) for name, value in entries.items()}


@pytest.mark.parametrize(("requirements", "lock"), [
    ("requirements.txt", "requirements.lock"),
    ("requirements-dev.txt", "requirements-dev.lock"),
])
def test_every_pinned_requirement_is_locked_at_its_version_with_hashes(requirements, lock):
    wanted = pins(ROOT / requirements)
    if requirements == "requirements-dev.txt":
        wanted.update(pins(ROOT / "requirements.txt"))
    locked = locked_entries(ROOT / lock)
    stale = {name: version for name, version in wanted.items() if locked.get(name, (None,))[0] != version}
    assert not stale, f"{lock} is out of date for {stale}: run scripts/lock and commit the lock files."
    unhashed = [name for name, (_, hashes) in locked.items() if hashes == 0]
    assert not unhashed, f"{lock} has packages without hashes: {unhashed}"


def test_the_development_lock_installs_the_production_versions():
    runtime = locked_entries(ROOT / "requirements.lock")
    dev = locked_entries(ROOT / "requirements-dev.lock")
    differing = {name: (version, dev[name][0]) for name, (version, _) in runtime.items()
                 if name in dev and dev[name][0] != version}
    assert not differing
    assert set(runtime) <= set(dev)
