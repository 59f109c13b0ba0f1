from django.urls import path

from .views import appeals, design, lead, queues, reports

app_name = "leads"

urlpatterns = [
    path("", lead.lead_list, name="list"),
    path("reports/", reports.lead_reports, name="reports"),
    path("new/", lead.lead_create, name="create"),
    path("export/", lead.LeadExport.as_view(), name="export"),
    path("<int:pk>/", lead.lead_detail, name="detail"),
    path("pool/", queues.lead_pool_list, name="pool"),
    path("pool/<int:pk>/claim/", queues.lead_pool_claim, name="claim"),
    path("pool/<int:pk>/assign/", queues.lead_pool_assign, name="pool_assign"),
    path("appeals/", appeals.appeal_queue, name="appeals"),
    path("collisions/<int:pk>/appeal/", appeals.appeal_open, name="appeal_open"),
    path("appeals/<int:pk>/<slug:action>/", appeals.AppealActionView.as_view(), name="appeal_action"),
]

# --- Appointments, measurement, proposals
urlpatterns += [
    path("<int:pk>/design/", design.design_panel, name="design_panel"),
    path("<int:pk>/appointments/book/", design.appointment_book, name="appointment_book"),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reconfirm/",
        design.appointment_reconfirm,
        name="appointment_reconfirm",
    ),
    path(
        "<int:pk>/appointments/<int:appointment_pk>/reschedule/",
        design.appointment_reschedule,
        name="appointment_reschedule",
    ),
    path("<int:pk>/appointments/<int:appointment_pk>/held/", design.appointment_held, name="appointment_held"),
    path("<int:pk>/measurement/record/", design.measurement_record, name="measurement_record"),
    path("<int:pk>/measurement/confirm/", design.measurement_confirm, name="measurement_confirm"),
    path("<int:pk>/proposals/add/", design.proposal_add, name="proposal_add"),
    path("<int:pk>/proposals/<int:proposal_pk>/deliver/", design.proposal_deliver, name="proposal_deliver"),
    path("<int:pk>/proposals/<int:proposal_pk>/response/", design.proposal_respond, name="proposal_respond"),
    path("<int:pk>/files/<str:kind>/<int:file_pk>/", design.design_file, name="design_file"),
]

# Last: "<pk>/<action>/" would otherwise shadow one-segment routes such as "<pk>/design/".
urlpatterns += [path("<int:pk>/<slug:action>/", lead.LeadActionView.as_view(), name="action")]
