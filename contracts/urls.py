from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="list"),
    path("export/", views.ContractExport.as_view(), name="export"),
    path("receivables/", views.receivables_list, name="receivables"),
    path("from-lead/<int:lead_pk>/", views.contract_draft, name="draft"),
    path("<int:pk>/", views.contract_detail, name="detail"),
    path("<int:pk>/files/<int:file_pk>/", views.contract_file, name="file"),
    path("<int:pk>/drawings/<int:change_pk>/", views.contract_drawing, name="drawing"),
    path("<int:pk>/<slug:action>/", views.ContractActionView.as_view(), name="action"),
]
