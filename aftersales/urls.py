from django.urls import path

from . import views

app_name = "aftersales"

urlpatterns = [
    path("revisits/", views.revisit_queue, name="revisits"),
    path("revisits/rates/", views.revisit_rates_page, name="revisit-rates"),
    path("revisits/due/<int:clock_pk>/", views.revisit_record, name="revisit-record"),
    path("revisits/<int:pk>/", views.revisit_detail, name="revisit"),
    path("revisits/<int:pk>/signature/", views.revisit_signature, name="revisit-signature"),
    path("revisits/<int:pk>/<slug:action>/", views.RevisitActionView.as_view(), name="revisit-action"),
]
