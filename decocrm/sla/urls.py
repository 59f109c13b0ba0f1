from django.urls import path

from . import views

app_name = "sla"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("mine/", views.mine, name="mine"),
]
