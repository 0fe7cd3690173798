"""Exit 0 once PostgreSQL at the given URL accepts connections (waits up to 30 s)."""

import sys
import time
from urllib.parse import urlsplit

import psycopg


def main(url, seconds=30):
    parts = urlsplit(url)
    conninfo = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "dbname": "postgres",
        "connect_timeout": 3,
    }
    if parts.password:
        conninfo["password"] = parts.password
    deadline = time.monotonic() + seconds
    while True:
        try:
            psycopg.connect(**conninfo).close()
            return 0
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                where = f"{conninfo['host']}:{conninfo['port']}"
                print(f"Cannot connect to PostgreSQL at {where}: {exc}", file=sys.stderr)
                return 1
            time.sleep(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
