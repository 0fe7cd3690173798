"""The admin site: Django's, plus the sync dashboard inside its chrome.

The dashboard is a custom admin page the way Django's contrib apps add one
(``get_urls`` + ``admin_view`` + ``each_context``): staff only, with the admin's
header, breadcrumbs and sidebar. It is listed first under "Sincronización" on
the index and in the sidebar.
"""

from django.contrib import admin
from django.urls import path, reverse


class InventarioAdminSite(admin.AdminSite):
    site_header = "Inventario Contífico"
    site_title = "Inventario Contífico"
    index_title = "Administración"

    def get_urls(self):
        from sync import dashboard

        urls = [
            path("sincronizacion/", self.admin_view(dashboard.view(self)), name="sync_dashboard"),
            path(
                "sincronizacion/estado/", self.admin_view(dashboard.status_view), name="sync_dashboard_status"
            ),
        ]
        return urls + super().get_urls()

    def get_app_list(self, request, app_label=None):
        app_list = super().get_app_list(request, app_label)
        if app_label not in (None, "sync"):
            return app_list
        url = reverse("admin:sync_dashboard", current_app=self.name)
        entry = {
            "name": "Panel de sincronización", "object_name": "SyncDashboard", "perms": {"view": True},
            "admin_url": url, "add_url": None, "view_only": True,
        }
        sync_app = next((app for app in app_list if app["app_label"] == "sync"), None)
        if sync_app is None:
            # Staff without permissions on the run history still get the dashboard.
            sync_app = {"name": "Sincronización", "app_label": "sync", "app_url": url,
                        "has_module_perms": True, "models": []}
            app_list.append(sync_app)
        sync_app["models"].insert(0, entry)
        return app_list
