from django.urls import path

from . import views
from .views import cleanup, key_accounts

app_name = "customers"

urlpatterns = [
    path("", views.customer_list, name="list"),
    path("cleanup/", cleanup.customer_cleanup, name="cleanup"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/close/", cleanup.customer_close_view, name="close"),
    path("<int:pk>/reopen/", cleanup.customer_reopen_view, name="reopen"),
    path("key-accounts/", key_accounts.key_account_review, name="key_account_review"),
    path("key-accounts/<int:pk>/decide/", key_accounts.key_account_review_decide, name="key_account_review_decide"),
    path("<int:pk>/key-account/<slug:action>/", key_accounts.KeyAccountActionView.as_view(), name="key_account_action"),
    path(
        "key-requests/<int:pk>/<slug:action>/", key_accounts.KeyRequestActionView.as_view(), name="key_request_action"
    ),
    path("key-visits/<int:pk>/<slug:action>/", key_accounts.KeyVisitActionView.as_view(), name="key_visit_action"),
]
