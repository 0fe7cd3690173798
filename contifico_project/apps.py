from django.contrib.admin.apps import AdminConfig


class InventarioAdminConfig(AdminConfig):
    """Django's admin served by our site, which adds the sync dashboard to it."""

    default_site = "contifico_project.admin.InventarioAdminSite"
