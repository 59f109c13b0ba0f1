from django.urls import path

from . import views, views_queues

app_name = "leads"

urlpatterns = [
    path("", views.lead_list, name="list"),
    path("new/", views.lead_create, name="create"),
    path("export.csv", views.lead_export, name="export"),
    path("<int:pk>/", views.lead_detail, name="detail"),
    path("<int:pk>/<slug:action>/", views.lead_action, name="action"),
    path("pool/", views_queues.lead_pool_list, name="pool"),
    path("pool/<int:pk>/claim/", views_queues.lead_pool_claim, name="claim"),
    path("pool/<int:pk>/assign/", views_queues.lead_pool_assign, name="pool_assign"),
    path("appeals/", views_queues.appeal_queue, name="appeals"),
    path("collisions/<int:pk>/appeal/", views_queues.appeal_open, name="appeal_open"),
    path("appeals/<int:pk>/escalate/", views_queues.appeal_escalate, name="appeal_escalate"),
    path("appeals/<int:pk>/decide/", views_queues.appeal_decide, name="appeal_decide"),
]
