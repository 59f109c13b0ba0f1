from django.urls import path

from . import report_views, views, views_design, views_queues

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("reports/", report_views.lead_reports, name="reports"),
    path("new/", views.lead_create, name="create"),
    path("export.csv", views.lead_export, name="export"),
    path("<int:pk>/", views.lead_detail, name="detail"),
    path("pool/", views_queues.lead_pool_list, name="pool"),
    path("pool/<int:pk>/claim/", views_queues.lead_pool_claim, name="claim"),
    path("pool/<int:pk>/assign/", views_queues.lead_pool_assign, name="pool_assign"),
    path("appeals/", views_queues.appeal_queue, name="appeals"),
    path("collisions/<int:pk>/appeal/", views_queues.appeal_open, name="appeal_open"),
    path("appeals/<int:pk>/escalate/", views_queues.appeal_escalate, name="appeal_escalate"),
    path("appeals/<int:pk>/decide/", views_queues.appeal_decide, name="appeal_decide"),
]

# --- Appointments, measurement, proposals
urlpatterns += [
    path("<int:pk>/design/", views_design.design_panel, name="design_panel"),
    path("<int:pk>/appointments/book/", views_design.appointment_book, name="appointment_book"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reconfirm/",
        views_design.appointment_reconfirm,
        name="appointment_reconfirm",
    ),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reschedule/",
        views_design.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path("<int:pk>/appointments/<int:appointment_pk>/held/", views_design.appointment_held, name="appointment_held"),
    path("<int:pk>/measurement/record/", views_design.measurement_record, name="measurement_record"),
    path("<int:pk>/measurement/confirm/", views_design.measurement_confirm, name="measurement_confirm"),
    path("<int:pk>/proposals/add/", views_design.proposal_add, name="proposal_add"),
    path("<int:pk>/proposals/<int:proposal_pk>/deliver/", views_design.proposal_deliver, name="proposal_deliver"),
    path("<int:pk>/proposals/<int:proposal_pk>/response/", views_design.proposal_respond, name="proposal_respond"),
    path("<int:pk>/files/<str:kind>/<int:file_pk>/", views_design.design_file, name="design_file"),
]

# Last: "<pk>/<action>/" would otherwise shadow one-segment routes such as "<pk>/design/".
urlpatterns += [path("<int:pk>/<slug:action>/", views.lead_action, name="action")]
