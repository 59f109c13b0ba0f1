"""Customer pages: reads through visible_customers (another salesperson's customer is a 404); sensitive fields and
decision-maker contacts only for managers (selectors.can_see_sensitive). What later stages show on the customer's
page comes from the panels they register (panels.py)."""

from django.shortcuts import get_object_or_404, render

from decocrm.core.filters import render_list
from decocrm.sla.choices import OPEN_STATES as OPEN_CLOCK_STATES
from decocrm.sla.selectors import visible_clocks

from ..filters import CustomerFilter
from ..panels import customer_panels
from ..selectors import can_see_sensitive, visible_contacts, visible_customers

PAGE_SIZE = 25


def customer_list(request):
    filterset = CustomerFilter(request.GET or None, queryset=visible_customers(request.user), user=request.user)
    return render_list(request, "customers/customer_list.html", filterset, page_size=PAGE_SIZE)


def customer_detail(request, pk):
    customer = get_object_or_404(visible_customers(request.user).select_related("account_manager"), pk=pk)
    clocks = (
        visible_clocks(request.user)
        .filter(customer_id=customer.pk, state__in=OPEN_CLOCK_STATES)
        .order_by("due_at")[:20]
    )
    return render(
        request,
        "customers/customer_detail.html",
        {
            "customer": customer,
            "contacts": visible_contacts(request.user, customer),
            "panels": customer_panels(request, customer),
            "clocks": clocks,
            "show_sensitive": can_see_sensitive(request.user),
        },
    )
