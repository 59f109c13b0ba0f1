from django.urls import path

from . import views

app_name = "archives"

urlpatterns = [
    path("borrowing/", views.borrow_list, name="borrow_list"),
    path("borrowing/new/", views.borrow_new, name="borrow_new"),
    path("borrowing/<int:pk>/", views.borrow_detail, name="borrow_detail"),
    path("borrowing/<int:pk>/<slug:action>/", views.BorrowActionView.as_view(), name="borrow_action"),
    path("kpis/", views.archive_kpis_page, name="kpis"),
]
