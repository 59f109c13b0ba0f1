from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/report/", views.acceptance_report, name="report"),
    path("<int:pk>/report/archived/", views.archived_acceptance_report, name="archived_report"),
    path("<int:pk>/photos/<slug:kind>/<int:photo_pk>/", views.project_photo, name="photo"),
    path("<int:pk>/<slug:action>/", views.ProjectActionView.as_view(), name="action"),
]
