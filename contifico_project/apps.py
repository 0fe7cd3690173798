from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class InventarioAdminConfig(AdminConfig):
    """Django's admin served by our site, which adds the sync dashboard to it."""

    default_site = "contifico_project.admin.InventarioAdminSite"


class ProjectConfig(AppConfig):
    """The project package as an app, only so Django finds its operations commands
    (backup_database, restore_database, move_database); it has no models."""

    name = "contifico_project"
    verbose_name = "Operaciones"
