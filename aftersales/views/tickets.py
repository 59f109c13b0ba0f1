"""The repair ticket pages. Thin: reads through the scoped selectors (a ticket outside the user's scope is a 404),
writes through the services (aftersales.actions declares the ticket page's actions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.selectors import search_customers
from decocrm.core.actions import ActionView, apply_form
from decocrm.core.filters import render_list
from decocrm.core.list_exports import ListExport
from decocrm.core.pagination import page_of
from decocrm.core.querystring import query_without
from decocrm.core.uploads import IMAGE_KINDS, file_response

from .. import services
from ..actions import TICKET_ACTIONS
from ..filters import OPEN, TicketFilter
from ..forms import IntakeForm
from ..models import TicketPhoto
from ..permissions import can_export_tickets, can_record_tickets
from ..resources import TICKET_COLUMNS
from ..selectors import completed_projects, intake_customers, my_tickets, ticket_page_context, tickets_for_page

PAGE_SIZE = 25
CUSTOMERS_SHOWN = 20


def _ticket_filter(request):
    data = request.GET.copy()
    data.setdefault("state", OPEN)  # the work queue: open tickets, unless another state (or all) is asked for
    return TicketFilter(data, queryset=my_tickets(request.user), user=request.user)


def ticket_list(request):
    return render_list(
        request, "aftersales/ticket_list.html", _ticket_filter(request), page_size=PAGE_SIZE, fragment="results",
        can_record=can_record_tickets(request.user), can_export=can_export_tickets(request.user), now=timezone.now(),
    )  # fmt: skip


class TicketExport(ListExport):
    """The repair list as a file (CSV or XLSX): the tickets the list shows (scope, filters, open ones by default),
    for after-sales staff and managers (permissions.can_export_tickets); phones in full for managers only
    (customers.selectors.phone_in_export)."""

    what, filename, list_url, sheet_title = "repair tickets", "repairs", "aftersales:list", gettext_lazy("Repairs")
    columns = TICKET_COLUMNS
    allowed, filterset = staticmethod(can_export_tickets), staticmethod(_ticket_filter)


def ticket_page(request, ticket, *, fragment=False, bound=None):
    """The ticket page, or its live part (everything an action may change), read again after every action."""
    context = {**ticket_page_context(ticket), "actions": TICKET_ACTIONS.offer(ticket, request.user, bound)}
    context["is_htmx"] = bool(request.htmx)
    template = "aftersales/ticket_detail.html"
    return render(request, f"{template}#ticket-live" if fragment else template, context)


def ticket_detail(request, pk):
    return ticket_page(request, get_object_or_404(tickets_for_page(request.user), pk=pk))


class TicketActionView(ActionView):
    actions = TICKET_ACTIONS

    def get_queryset(self):
        return tickets_for_page(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return ticket_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("aftersales:list")


def ticket_photo(request, pk, photo_pk):
    """A repair photo, to whoever sees the ticket (customers' homes: never a public media URL)."""
    ticket = get_object_or_404(tickets_for_page(request.user), pk=pk)
    photo = get_object_or_404(TicketPhoto, ticket=ticket, pk=photo_pk)
    return file_response(photo.file, IMAGE_KINDS, original_name=photo.original_name)


def ticket_signature(request, pk):
    ticket = get_object_or_404(tickets_for_page(request.user).exclude(signature=""), pk=pk)
    return file_response(ticket.signature, IMAGE_KINDS, original_name=_("signature"))


def _recorder(request):
    if not can_record_tickets(request.user):
        raise PermissionDenied
    return request.user


def intake_customer(request):
    """Step one of recording a repair: find the customer by name or phone digits."""
    _recorder(request)
    q = request.GET.get("q", "").replace("\x00", "").strip()[:100]  # a NUL byte: PostgreSQL refuses the query
    customers = search_customers(intake_customers(), q, through="") if q else intake_customers().none()
    page = page_of(request, customers.order_by("name", "pk"), CUSTOMERS_SHOWN)
    return render(
        request,
        "aftersales/intake_customer.html",
        {"q": q, "page": page, "query_string": query_without(request, "page")},
    )


def intake(request, customer_pk):
    """Step two: the request itself (also reached from the customer page's repairs panel)."""
    user = _recorder(request)
    customer = get_object_or_404(intake_customers(), pk=customer_pk)
    projects = list(completed_projects(customer))
    form = IntakeForm(request.POST or None, request.FILES or None, customer=customer, projects=projects, user=user)
    if request.method == "POST":
        ticket = apply_form(form, lambda data: services.ticket_record(customer=customer, by=user, **data))
        if ticket:
            messages.success(request, _("Repair recorded: contact the customer within 2 hours."))
            return redirect(ticket)
    return render(request, "aftersales/intake.html", {"customer": customer, "projects": projects, "form": form})
