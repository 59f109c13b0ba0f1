"""The lead pages. Thin: reads through the scoped selectors (another salesperson's lead is a 404), writes through
the services; a refused change (DomainError) becomes a message, a service's ValidationError a form error."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.selectors import can_see_sensitive
from customers.services.sensitive import customer_list_export_record, customer_sensitive_view_record
from decocrm.audit.services import door_of
from decocrm.core.actions import ActionView, add_service_errors
from decocrm.core.errors import DomainError
from decocrm.core.filters import render_list
from decocrm.core.list_exports import ListExport
from decocrm.core.timeline import timeline

from .. import services
from ..actions import LEAD_ACTIONS
from ..design_panel import design_panel_context
from ..filters import LeadFilter
from ..forms import AppealForm, LeadCaptureForm
from ..panels import lead_panels
from ..permissions import can_work_lead, is_lead_designer
from ..resources import LEAD_COLUMNS
from ..selectors import (
    can_capture_leads,
    can_export_leads,
    lead_clocks,
    lead_phone,
    visible_leads,
    with_questions,
)

PAGE_SIZE = 25


# --- List, search, export


def _lead_filter(request):
    return LeadFilter(request.GET or None, queryset=visible_leads(request.user), user=request.user)


def lead_list(request):
    filterset = _lead_filter(request)
    extra = {"now": timezone.now(), "can_export": can_export_leads(request.user)}
    template = "leads/lead_list.html"
    return render_list(request, template, filterset, page_size=PAGE_SIZE, fragment="lead-results", **extra)


class LeadExport(ListExport):
    """The lead list as a file (CSV or XLSX), for those who own leads (their own rows; the sensitive columns only for
    managers, and then in the access log); every export is logged (PRODUCT.md, confidentiality)."""

    what, filename, list_url, sheet_title = "leads", "leads", "leads:list", gettext_lazy("Leads")
    columns = LEAD_COLUMNS
    allowed, filterset = staticmethod(can_export_leads), staticmethod(_lead_filter)
    sees_sensitive, exported = staticmethod(can_see_sensitive), staticmethod(customer_list_export_record)


# --- Capture


def lead_create(request):
    """Enter a lead: for the roles that may own one (selectors.can_capture_leads); others get a 403, as for the
    pool. A repeat enquiry of one's own customer is asked about first (services.RepeatEnquiryError)."""
    if not can_capture_leads(request.user):
        raise PermissionDenied
    form = LeadCaptureForm(request.POST or None, user=request.user)
    collision = repeat = None
    if request.method == "POST" and form.is_valid():
        started = timezone.now()
        try:
            lead = services.lead_capture(by=request.user, **form.service_kwargs())
        except services.LeadCollisionError as error:
            collision = error.collision  # the form stays filled in; the page says who owns it and offers an appeal
        except services.RepeatEnquiryError as error:
            repeat = error  # the page links the open lead and asks for the confirmation
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if lead.created_at < started:  # a confirmed repeat enquiry, added to the customer's open lead
                messages.success(
                    request, _("The enquiry was added to the open lead of %(name)s.") % {"name": lead.customer.name}
                )
            else:
                messages.success(request, _("Lead for %(name)s entered.") % {"name": lead.customer.name})
            if lead.owner_id is not None and can_work_lead(request.user, lead):
                return redirect(lead)
            return redirect("leads:list")
    return render(
        request,
        "leads/lead_form.html",
        {"form": form, "collision": collision, "appeal_form": AppealForm() if collision else None, "repeat": repeat},
    )


# --- Detail and quick actions


def _get_lead(request, pk):
    """The lead if this user may see it (else 404), with what the detail page shows."""
    leads = visible_leads(request.user).select_related("customer__district", "created_by", "designer")
    return get_object_or_404(with_questions(leads), pk=pk)


def lead_page(request, lead, *, fragment=False, bound=None, design=None):
    """The lead page, or (fragment) its live part: header, quick actions, clocks, design panel and timeline, all
    read again, so that after any action every part of the page is current. `bound`: a refused quick action
    (name, form); `design`: the design panel's bound forms and outcome (design_panel_context's keywords)."""
    design = design_panel_context(lead, request.user, **(design or {}))
    customer_sensitive_view_record(user=request.user, customer=lead.customer, door=door_of(request))
    open_clocks, own_clocks = lead_clocks(lead)
    context = {
        "lead": lead,
        "customer": lead.customer,
        "customer_link": not is_lead_designer(request.user, lead) or can_work_lead(request.user, lead),
        "phone": lead_phone(lead),
        "design": design,
        "timeline": timeline(lead, design=design, subject_clocks=own_clocks),
        "clocks": open_clocks,
        "actions": LEAD_ACTIONS.offer(lead, request.user, bound),
        "panels": lead_panels(request, lead),
        "show_sensitive": can_see_sensitive(request.user),
        "now": timezone.now(),
        "is_htmx": bool(request.htmx),
    }
    return render(request, "leads/lead_detail.html#lead-live" if fragment else "leads/lead_detail.html", context)


def lead_detail(request, pk):
    return lead_page(request, _get_lead(request, pk))


class LeadActionView(ActionView):
    """One quick action (leads.actions.LEAD_ACTIONS) through the generic action view."""

    actions = LEAD_ACTIONS

    def get_queryset(self):
        leads = visible_leads(self.request.user).select_related("customer__district", "created_by", "designer")
        return with_questions(leads)

    def render_page(self, obj, *, bound=None, fragment):
        return lead_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("leads:list")
