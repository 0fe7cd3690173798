"""Shared test fixtures.

Tests must never reach the real Contífico (or anything off this machine): every
outbound connection to a non-loopback address fails loudly.
"""

import ipaddress
import socket

import pytest

_real_connect = socket.socket.connect
_real_create_connection = socket.create_connection


def _is_loopback(address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, bytes):
        host = host.decode()
    if not isinstance(host, str):  # AF_UNIX paths and the like
        return True
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class NetworkBlocked(RuntimeError):
    pass


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise NetworkBlocked(f"tests may only connect to loopback, not {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    socket.socket.connect = _guarded_connect
    yield
    socket.socket.connect = _real_connect


@pytest.fixture
def contifico_sandbox():
    """Yield a running Contífico sandbox (scale small, no faults, seed 1); ``.base_url`` is its API root."""
    from sandbox.testing import running_sandbox

    with running_sandbox(seed=1, scale="small", faults="none") as sandbox:
        yield sandbox
