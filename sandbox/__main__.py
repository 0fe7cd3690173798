"""Run the sandbox without Django: ``python -m sandbox --scale large --port 0``."""

import argparse
import sys

from .cli import add_arguments, sandbox_from_options, serve_until_interrupted


def main(argv=None):
    """Parse options and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m sandbox", description="A fake Contífico API.")
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    try:
        sandbox = sandbox_from_options(options)
    except ValueError as error:
        parser.error(str(error))

    def write(line):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    serve_until_interrupted(sandbox, options["host"], options["port"], write)


if __name__ == "__main__":
    main()
