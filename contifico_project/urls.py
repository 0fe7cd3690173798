from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from sync import api

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/sync", api.start_sync, name="sync_api"),
    path("api/sync/<int:run_id>", api.sync_status, name="sync_api_status"),
]
