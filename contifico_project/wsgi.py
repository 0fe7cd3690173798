"""WSGI entry point (gunicorn contifico_project.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

from contifico_project.env import exit_on_bad_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contifico_project.settings")

# Bad configuration: one line and exit status 4, which gunicorn reads as "App failed to load" and
# stops, instead of a traceback per worker and workers restarted forever.
with exit_on_bad_configuration(status=4):
    application = get_wsgi_application()
