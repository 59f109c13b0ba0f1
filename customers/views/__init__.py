"""Customer pages: reads through visible_customers (another salesperson's customer is a 404); sensitive fields and
decision-maker contacts only for managers (selectors.can_see_sensitive). What later stages show on the customer's
page comes from the panels they register (panels.py). Edits go through services.customer_update, which records the
change in the customer's history (the page's "Changes" card)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from decocrm.audit.services import door_of
from decocrm.core.actions import apply_form
from decocrm.core.filters import render_list
from decocrm.sla.choices import OPEN_STATES as OPEN_CLOCK_STATES
from decocrm.sla.selectors import visible_clocks

from ..filters import CustomerFilter
from ..forms import CustomerEditForm
from ..history import customer_changes
from ..panels import customer_panels
from ..selectors import can_see_sensitive, visible_contacts, visible_customers
from ..services import DuplicateCustomerError, can_edit_customer, customer_update
from ..services.sensitive import customer_sensitive_view_record
from .cleanup import can_read_cleanup

PAGE_SIZE = 25


def customer_list(request):
    filterset = CustomerFilter(request.GET, queryset=visible_customers(request.user), user=request.user)
    return render_list(
        request,
        "customers/customer_list.html",
        filterset,
        page_size=PAGE_SIZE,
        can_clean_up=can_read_cleanup(request.user),
    )


def customer_detail(request, pk):
    customer = get_object_or_404(visible_customers(request.user).select_related("account_manager"), pk=pk)
    clocks = (
        visible_clocks(request.user)
        .filter(customer_id=customer.pk, state__in=OPEN_CLOCK_STATES)
        .order_by("due_at")[:20]
    )
    contacts = list(visible_contacts(request.user, customer))
    customer_sensitive_view_record(user=request.user, customer=customer, door=door_of(request), contacts=contacts)
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "contacts": contacts,
            "panels": customer_panels(request, customer),
            "clocks": clocks,
            "show_sensitive": can_see_sensitive(request.user),
            "can_edit": can_edit_customer(request.user, customer),
            "changes": customer_changes(request.user, customer),
        },
    )


def customer_edit(request, pk):
    """Edit what is known about the customer (customer_update decides who may and what is refused)."""
    customer = get_object_or_404(visible_customers(request.user), pk=pk)
    if not can_edit_customer(request.user, customer):
        raise PermissionDenied
    form = CustomerEditForm(request.POST or None, instance=customer, user=request.user)
    if request.method == "POST":
        done = apply_form(form, lambda data: _save(customer, request.user, form))
        if done is not None:
            messages.success(request, done)
            return redirect(customer)
    else:  # the form shows a manager the sensitive fields' values
        customer_sensitive_view_record(user=request.user, customer=customer, door=door_of(request))
    return render(request, "customers/customer_form.html", {"customer": customer, "form": form})


def _save(customer, user, form):
    changes = form.changes()
    if not changes:
        return _("Nothing was changed.")
    try:
        customer_update(customer=customer, by=user, **changes)
    except DuplicateCustomerError as duplicate:  # under the field that collided
        raise ValidationError({"phone" if duplicate.matched_on == "phone" else "name": duplicate.message}) from None
    return _("Customer saved.")
