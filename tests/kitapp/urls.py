from django.urls import path

from . import views

app_name = "kitapp"

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.TicketActionView.as_view(), name="action"),
]
