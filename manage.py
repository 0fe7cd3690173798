#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contifico_project.settings")
    from django.conf import settings

    from contifico_project.env import exit_on_bad_configuration

    # Load the settings here, before Django does: Django would show bad configuration as a
    # traceback (or, for some commands, swallow it); this prints one line and exits 1.
    with exit_on_bad_configuration():
        settings.INSTALLED_APPS  # noqa: B018 (reading a setting loads and validates them all)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
