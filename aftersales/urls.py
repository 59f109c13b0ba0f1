from django.urls import path

from . import views

app_name = "aftersales"

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.intake_customer, name="intake_customer"),
    path("new/<int:customer_pk>/", views.intake, name="intake"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/photos/<int:photo_pk>/", views.ticket_photo, name="photo"),
    path("<int:pk>/signature/", views.ticket_signature, name="signature"),
    path("<int:pk>/<slug:action>/", views.TicketActionView.as_view(), name="action"),
]
