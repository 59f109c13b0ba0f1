from django.urls import path

from .views import revisits, surveys, tickets

app_name = "aftersales"

urlpatterns = [
    path("", tickets.ticket_list, name="list"),
    path("export/", tickets.TicketExport.as_view(), name="export"),
    path("new/", tickets.intake_customer, name="intake_customer"),
    path("new/<int:customer_pk>/", tickets.intake, name="intake"),
    path("<int:pk>/", tickets.ticket_detail, name="detail"),
    path("<int:pk>/photos/<int:photo_pk>/", tickets.ticket_photo, name="photo"),
    path("<int:pk>/signature/", tickets.ticket_signature, name="signature"),
    path("<int:pk>/<slug:action>/", tickets.TicketActionView.as_view(), name="action"),
    path("revisits/", revisits.revisit_queue, name="revisits"),
    path("revisits/rates/", revisits.revisit_rates_page, name="revisit-rates"),
    path("revisits/due/<int:clock_pk>/", revisits.revisit_record, name="revisit-record"),
    path("revisits/<int:pk>/", revisits.revisit_detail, name="revisit"),
    path("revisits/<int:pk>/signature/", revisits.revisit_signature, name="revisit-signature"),
    path("revisits/<int:pk>/<slug:action>/", revisits.RevisitActionView.as_view(), name="revisit-action"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/results/", surveys.survey_results_page, name="survey-results"),
    path("surveys/new/<int:customer_pk>/", surveys.survey_new, name="survey-new"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:pk>/<slug:action>/", surveys.SurveyActionView.as_view(), name="survey-action"),
    # The customer's one-time link (no login): /aftersales/s/<token>/
    path("s/<str:token>/", surveys.survey_public, name="survey-public"),
]
