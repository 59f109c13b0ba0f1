from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("export/", views.ComplaintExport.as_view(), name="export"),
    path("new/", views.complaint_intake, name="new"),
    path("statistics/", views.complaint_statistics, name="statistics"),
    path("statistics/<int:pk>/file/", views.statistics_file, name="file_statistics"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.complaint_evidence, name="evidence"),
    path("<int:pk>/<slug:action>/", views.ComplaintActionView.as_view(), name="action"),
]
