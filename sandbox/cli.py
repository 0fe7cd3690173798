"""Command-line options shared by ``python -m sandbox`` and the test helpers."""

import threading

from .clock import parse_clock
from .dataset import MODIFICATION_FILTERS, SCALES, parse_counts
from .faults import parse_profile
from .server import SANDBOX_API_KEY, Sandbox

FAULTS_HELP = (
    "fault profile: none (default); flaky (all of the following); or any comma list of "
    "throttle (429 + Retry-After when >20 requests/s), errors (some URLs first fail with 500 JSON or "
    "502/503 HTML), drops (connection closed without a response), slow (a late answer), "
    "malformed (200 with truncated JSON), error_object (200 with an error object instead of records), "
    "unstable (v2 documento and movimiento-inventario pages repeat some rows and skip others; count "
    "stays true; alias: duplicates), bare_page (one mid-walk v2 page without its envelope), "
    "page_404 (past-the-end v2 pages answer 404), null_ids (some v1 persona rows have a null id). "
    "A URL failing transiently succeeds when retried."
)


def add_arguments(parser):
    """Declare the sandbox's options on an argparse parser (Django's CommandParser is one)."""
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    parser.add_argument("--seed", type=int, default=1, help="data seed (default 1)")
    parser.add_argument("--scale", default="small", help=f"data size: {', '.join(SCALES)} (default small)")
    parser.add_argument(
        "--counts", default="", help="row counts per collection, e.g. producto=500,documento=2000"
    )
    parser.add_argument("--faults", default="none", help=FAULTS_HELP)
    parser.add_argument("--latency-ms", type=int, default=0, help="fixed delay added to every API response")
    parser.add_argument("--slow-seconds", type=float, default=3.0, help="delay of the 'slow' fault (s)")
    parser.add_argument("--api-key", default=SANDBOX_API_KEY, help="the key clients must send raw")
    parser.add_argument(
        "--clock", default="wall",
        help="'wall' (default: follow the wall clock, Ecuador time) or a fixed start, e.g. 2026-11-20T10:00",
    )
    parser.add_argument(
        "--modification-filter", default="exact_day", choices=MODIFICATION_FILTERS,
        help="how v2 documento reads fecha_modificacion: exact_day (default) or on_or_after",
    )


def sandbox_from_options(options):
    """Build a Sandbox from parsed options; raise ValueError with a one-line reason if they are wrong."""
    if options["scale"] not in SCALES:
        raise ValueError(f"unknown scale {options['scale']!r} (choose {', '.join(SCALES)})")
    counts = parse_counts(options["counts"])
    clock = parse_clock(options.get("clock"))
    parse_profile(options["faults"])
    if options["latency_ms"] < 0:
        raise ValueError("--latency-ms must not be negative")
    if not 0 <= options["port"] <= 65535:
        raise ValueError("--port must be between 0 and 65535")
    return Sandbox(
        seed=options["seed"],
        scale=options["scale"],
        counts=counts,
        faults=options["faults"],
        latency_ms=options["latency_ms"],
        api_key=options["api_key"],
        slow_seconds=options["slow_seconds"],
        clock=clock,
        modification_filter=options.get("modification_filter") or "exact_day",
    )


def banner(sandbox):
    """Return the lines telling a newcomer how to point the app at the running sandbox."""
    counts = ", ".join(f"{name}={n}" for name, n in sandbox.dataset.counts.items())
    return [
        f"Contífico sandbox listening on {sandbox.base_url}",
        f"  scale={sandbox.dataset.scale} seed={sandbox.dataset.seed} faults={sandbox.faults.profile}",
        f"  clock={sandbox.now.isoformat()} ({'fixed start' if sandbox.clock.fixed else 'wall clock'})",
        f"  rows: {counts}",
        "Point the app at it:",
        f"  export CONTIFICO_API_BASE_URL={sandbox.base_url}",
        f"  export CONTIFICO_API_KEY={sandbox.api_key}",
        f"Control interface: {sandbox.control_url}/ (stats, modify, add, delete, advance, faults)",
    ]


def serve_until_interrupted(sandbox, host, port, write):
    """Serve in the foreground until Ctrl-C; ``write`` prints one line."""
    sandbox.start(host, port)
    for line in banner(sandbox):
        write(line)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        write("Stopping the sandbox.")
    finally:
        sandbox.stop()
