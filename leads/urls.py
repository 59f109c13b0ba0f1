from django.urls import path

from . import views

app_name = "leads"

urlpatterns = [
    path("<int:pk>/", views.lead_detail, name="detail"),
]

# --- Appointments, measurement, proposals
urlpatterns += [
    path("<int:pk>/design/", views.design_panel, name="design_panel"),
    path("<int:pk>/appointments/book/", views.appointment_book, name="appointment_book"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reconfirm/",
        views.appointment_reconfirm,
        name="appointment_reconfirm",
    ),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reschedule/",
        views.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path("<int:pk>/appointments/<int:appointment_pk>/held/", views.appointment_held, name="appointment_held"),
    path("<int:pk>/measurement/record/", views.measurement_record, name="measurement_record"),
    path("<int:pk>/measurement/confirm/", views.measurement_confirm, name="measurement_confirm"),
    path("<int:pk>/proposals/add/", views.proposal_add, name="proposal_add"),
    path("<int:pk>/proposals/<int:proposal_pk>/deliver/", views.proposal_deliver, name="proposal_deliver"),
    path("<int:pk>/proposals/<int:proposal_pk>/response/", views.proposal_respond, name="proposal_respond"),
    path("<int:pk>/files/<str:kind>/<int:file_pk>/", views.design_file, name="design_file"),
]
