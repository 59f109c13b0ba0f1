"""The complaint pages. Thin: reads through the scoped selectors (a complaint outside the user's scope, or against
them, is a 404), writes through the services (complaints.actions declares the page's actions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.selectors import visible_customers
from decocrm.core.actions import ActionView, apply_form
from decocrm.core.filters import render_list
from decocrm.core.list_exports import ListExport
from decocrm.core.uploads import file_response

from .. import services
from ..actions import COMPLAINT_ACTIONS
from ..filters import ComplaintFilter
from ..forms import IntakeForm
from ..models import ComplaintEvidence
from ..permissions import can_export_complaints, can_record_complaints
from ..resources import COMPLAINT_COLUMNS
from ..selectors import complaint_page_context, complaint_queue, complaints_for_page, visible_complaints
from ..uploads import EVIDENCE_KINDS

PAGE_SIZE = 25


def _complaint_filter(request):
    return ComplaintFilter(request.GET or None, queryset=complaint_queue(request.user), user=request.user)


def complaint_list(request):
    return render_list(request, "complaints/complaint_list.html", _complaint_filter(request), page_size=PAGE_SIZE,
                       fragment="results", can_record=can_record_complaints(request.user),
                       can_export=can_export_complaints(request.user), now=timezone.now())  # fmt: skip


class ComplaintExport(ListExport):
    """The complaint queue as a file (CSV or XLSX): the complaints the queue shows (scope and filters; never one
    against the user), for customer relations and managers (permissions.can_export_complaints); phones in full for
    managers only (customers.selectors.phone_in_export)."""

    what, filename, list_url, sheet_title = "complaints", "complaints", "complaints:list", gettext_lazy("Complaints")
    columns = COMPLAINT_COLUMNS
    allowed, filterset = staticmethod(can_export_complaints), staticmethod(_complaint_filter)


def complaint_page(request, complaint, *, fragment=False, bound=None):
    """The complaint page, or its live part (everything an action may change), read again after every action."""
    context = {
        **complaint_page_context(complaint),
        "actions": COMPLAINT_ACTIONS.offer(complaint, request.user, bound),
        "is_htmx": bool(request.htmx),
    }
    template = "complaints/complaint_detail.html"
    return render(request, f"{template}#complaint-live" if fragment else template, context)


def complaint_detail(request, pk):
    return complaint_page(request, get_object_or_404(complaints_for_page(request.user), pk=pk))


class ComplaintActionView(ActionView):
    actions = COMPLAINT_ACTIONS

    def get_queryset(self):
        return complaints_for_page(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return complaint_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("complaints:list")


def complaint_intake(request):
    """The central intake; from a customer's page (?customer=<pk>, a customer this user sees) it is theirs."""
    if not can_record_complaints(request.user):
        raise PermissionDenied
    customer = None
    customer_pk = request.GET.get("customer") or request.POST.get("customer")
    if customer_pk:
        if not str(customer_pk).isdigit():
            raise PermissionDenied
        customer = get_object_or_404(visible_customers(request.user), pk=customer_pk)
    form = IntakeForm(request.POST or None, request.FILES or None, customer=customer)
    if request.method == "POST":
        complaint = apply_form(form, lambda data: services.complaint_record(by=request.user, **form.service_kwargs()))
        if complaint is not None:
            messages.success(request, _("Complaint %(number)s recorded.") % {"number": complaint.number})
            if visible_complaints(request.user).filter(pk=complaint.pk).exists():
                return redirect(complaint)
            return redirect("complaints:list")
    return render(request, "complaints/complaint_form.html", {"form": form, "customer": customer})


def complaint_evidence(request, pk, evidence_pk):
    """An evidence file, to whoever sees the complaint (never a public media URL)."""
    complaint = get_object_or_404(visible_complaints(request.user), pk=pk)
    evidence = get_object_or_404(ComplaintEvidence, complaint=complaint, pk=evidence_pk)
    return file_response(evidence.file, EVIDENCE_KINDS, original_name=evidence.original_name)
