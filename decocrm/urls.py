from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from decocrm.core import views as core_views
from decocrm.sla import views as sla_views

admin.site.site_header = "DecoCRM"
admin.site.site_title = "DecoCRM"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/", include("decocrm.accounts.urls")),
    path("notifications/", include("decocrm.notifications.urls")),
    path("sla/", include("decocrm.sla.urls")),
    path("customers/", include("customers.urls")),
    path("leads/", include("leads.urls")),
    path("contracts/", include("contracts.urls")),
    path("projects/", include("projects.urls")),
    path("aftersales/", include("aftersales.urls")),
    path("complaints/", include("complaints.urls")),
    path("archives/", include("customers.archives.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("imports/<int:pk>/", core_views.import_job_page, name="import_job"),
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/sweep", sla_views.sweep_health, name="healthz_sweep"),
    path("metrics", sla_views.metrics, name="metrics"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("admin/", admin.site.urls),
]

# Uploads (MEDIA_ROOT) are never served as static files, not even in development: only through the views that
# check who may see them and set safe headers (decocrm.core.uploads.file_response).
