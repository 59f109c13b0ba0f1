"""The clean-up report (cleanup.py): the customers a user answers for whose data is invalid or stale, for their
owner to fix or close [seed 001 §2(三)]. A salesperson sees their own customers, a team manager their team's, a
company manager everyone's (visible_customers); the roles that only read customers have no report to keep."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decocrm.accounts.choices import Role
from decocrm.core.actions import apply_form
from decocrm.core.errors import DomainError
from decocrm.core.filters import render_list

from ..choices import CleanupReason
from ..cleanup import close_blockers, counts_per_reason, with_cleanup_reasons
from ..filters import CleanupFilter
from ..forms import CustomerCloseForm
from ..selectors import visible_customers
from ..services import can_edit_customer
from ..services.cleanup import customer_close, customer_reopen

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


def _editable_customer(request, pk):
    customer = get_object_or_404(visible_customers(request.user), pk=pk)  # out of scope: 404
    if not can_edit_customer(request.user, customer):
        raise PermissionDenied
    return customer


def customer_close_view(request, pk):
    """Close a customer who is no longer one: a confirmation page (what closing does, why it may be refused), then
    services.customer_close; back to the report."""
    customer = _editable_customer(request, pk)
    form = CustomerCloseForm(request.POST or None)
    if request.method == "POST":
        done = apply_form(form, lambda data: customer_close(customer=customer, by=request.user, **data) and "")
        if done is not None:
            messages.success(
                request,
                _("%(name)s is closed. Reopen it from its page if this was a mistake.") % {"name": customer.name},
            )
            return redirect("customers:cleanup")
    blockers = [] if customer.closed_at else close_blockers(customer)
    return render(request, "customers/customer_close.html", {"customer": customer, "form": form, "blockers": blockers})


@require_POST
def customer_reopen_view(request, pk):
    customer = _editable_customer(request, pk)
    try:
        customer_reopen(customer=customer, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Customer reopened."))
    return redirect(customer)
