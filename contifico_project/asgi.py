"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from contifico_project.env import exit_on_bad_configuration

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "contifico_project.settings")

# Bad configuration: one line instead of a traceback (4, as in wsgi.py).
with exit_on_bad_configuration(status=4):
    application = get_asgi_application()
