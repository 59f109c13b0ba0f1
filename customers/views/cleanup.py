"""The clean-up report (cleanup.py): the customers a user answers for whose data is invalid or stale, for their
owner to fix or close [seed 001 §2(三)]. A salesperson sees their own customers, a team manager their team's, a
company manager everyone's (visible_customers); the roles that only read customers have no report to keep."""

from django.conf import settings
from django.core.exceptions import PermissionDenied

from decocrm.accounts.choices import Role
from decocrm.core.filters import render_list

from ..choices import CleanupReason
from ..cleanup import counts_per_reason, with_cleanup_reasons
from ..filters import CleanupFilter
from ..selectors import visible_customers

PAGE_SIZE = 25
CLEANUP_ROLES = (Role.SALES, Role.MANAGER)


def can_read_cleanup(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.role in CLEANUP_ROLES)


def customer_cleanup(request):
    if not can_read_cleanup(request.user):
        raise PermissionDenied
    rows = with_cleanup_reasons(visible_customers(request.user)).order_by("last_contact_at", "pk")
    filterset = CleanupFilter(request.GET or None, queryset=rows, user=request.user)
    counts = counts_per_reason(with_cleanup_reasons(visible_customers(request.user)))
    return render_list(
        request,
        "customers/customer_cleanup.html",
        filterset,
        page_size=PAGE_SIZE,
        counts=[(reason, counts[reason]) for reason in CleanupReason],
        total=counts["total"],
        months=settings.CUSTOMERS_STALE_AFTER_MONTHS,
    )
