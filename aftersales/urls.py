from django.urls import path

from .views import revisits, surveys

app_name = "aftersales"

urlpatterns = [
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
