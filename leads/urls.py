from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("<int:pk>/", views.lead_detail, name="detail"),
]
from .report_views import lead_reports  # noqa: E402 - the reports' lines stay apart, at the end

urlpatterns += [path("reports/", lead_reports, name="reports")]
