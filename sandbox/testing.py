"""Helpers for tests: run a sandbox in-process for the length of a block."""

import contextlib

from .server import Sandbox


@contextlib.contextmanager
def running_sandbox(**options):
    """Start a Sandbox on a free loopback port, yield it (its ``base_url`` set), stop it afterwards."""
    sandbox = Sandbox(**options)
    with sandbox.serve(host="127.0.0.1", port=0):
        yield sandbox
