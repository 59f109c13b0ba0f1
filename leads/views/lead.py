"""The lead pages. Thin: reads through the scoped selectors (another salesperson's lead is a 404), writes through
the services; a refused change (DomainError) becomes a message, a service's ValidationError a form error."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from customers.selectors import can_see_sensitive, hidden_fields
from decocrm.accounts.selectors import is_manager
from decocrm.core.errors import DomainError
from decocrm.core.exports import record_export
from decocrm.core.filters import filtered, refused_filters
from decocrm.core.pagination import page_of
from decocrm.core.querystring import query_without
from decocrm.sla.selectors import clocks_for_subject

from .. import services
from ..choices import LeadState
from ..design_panel import design_panel_context
from ..filters import LeadFilter
from ..forms import (
    AppealForm,
    AssignForm,
    ContactForm,
    LeadCaptureForm,
    LostForm,
    NoteForm,
    RejectForm,
    add_service_errors,
)
from ..resources import lead_csv_response
from ..selectors import can_manage_lead, can_work_lead, lead_phone, lead_timeline, visible_leads

PAGE_SIZE = 25


# --- List, search, export


def lead_list(request):
    filterset = LeadFilter(request.GET or None, queryset=visible_leads(request.user), user=request.user)
    page = page_of(request, filtered(request, filterset), PAGE_SIZE)
    context = {
        "filter": filterset,
        "page": page,
        "now": timezone.now(),
        "query_string": query_without(request, "page"),
        "filtered": any(v for k, v in request.GET.items() if k != "page"),
        "can_export": is_manager(request.user),
    }
    template = "leads/lead_list.html#lead-results" if request.htmx else "leads/lead_list.html"
    return render(request, template, context)


def lead_export(request):
    """CSV of the filtered list, for managers; every export is logged (PRODUCT.md, confidentiality)."""
    if not is_manager(request.user):
        raise PermissionDenied
    filterset = LeadFilter(request.GET or None, queryset=visible_leads(request.user), user=request.user)
    refused = refused_filters(filterset)
    if refused:  # exporting more than was asked for is worse than not exporting: back to the list, which says why
        messages.error(request, _("Fix the filters before exporting: %(fields)s.") % {"fields": ", ".join(refused)})
        return redirect(f"{reverse('leads:list')}?{query_without(request)}")
    leads = filterset.qs
    response, rows = lead_csv_response(leads, hidden=hidden_fields(request.user))
    record_export(user=request.user, what="leads", fmt="csv", rows=rows, filters=query_without(request))
    return response


# --- Capture


def lead_create(request):
    form = LeadCaptureForm(request.POST or None, user=request.user)
    collision = None
    if request.method == "POST" and form.is_valid():
        try:
            lead = services.lead_capture(by=request.user, **form.service_kwargs())
        except services.LeadCollisionError as error:
            collision = error.collision  # the form stays filled in; the page says who owns it and offers an appeal
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Lead for %(name)s entered.") % {"name": lead.customer.name})
            if lead.owner_id is not None and can_work_lead(request.user, lead):
                return redirect(lead)
            return redirect("leads:list")
    return render(
        request,
        "leads/lead_form.html",
        {"form": form, "collision": collision, "appeal_form": AppealForm() if collision else None},
    )


# --- Detail and quick actions


def _action_forms(request, lead, bound=None):
    """The quick-action forms this user may use on this lead now (a bound one replaces its blank form)."""
    forms = {}
    if lead.is_open and can_work_lead(request.user, lead):
        forms["contact"] = ContactForm(prefix="contact")
        if lead.state == LeadState.CONTACTED:
            forms["qualify"] = NoteForm(prefix="qualify")
        if lead.state in (LeadState.NEW, LeadState.CONTACTED):
            forms["reject"] = RejectForm(prefix="reject")
        if lead.state not in (LeadState.NEW, LeadState.CONTACTED):
            forms["lost"] = LostForm(prefix="lost")
        if lead.state == LeadState.PROPOSAL_DELIVERED:
            forms["won"] = NoteForm(prefix="won")
    if lead.is_open and is_manager(request.user) and can_manage_lead(request.user, lead):
        forms["assign"] = AssignForm(prefix="assign", user=request.user)
        if lead.owner_id is not None:
            forms["release"] = NoteForm(prefix="release")
    if bound is not None:
        name, form = bound
        forms[name] = form
    return forms


def _get_lead(request, pk):
    """The lead if this user may see it (else 404), with what the detail page shows."""
    leads = visible_leads(request.user).select_related("customer__district", "created_by")
    return get_object_or_404(leads, pk=pk)


def _detail_context(request, lead, bound=None, open_action=None):
    sensitive = can_see_sensitive(request.user)
    design = design_panel_context(lead, request.user)
    return {
        "lead": lead,
        "customer": lead.customer,
        "phone": lead_phone(lead),
        "design": design,
        "timeline": lead_timeline(lead, design=design),
        "clocks": clocks_for_subject(lead).exclude(state__in=("met", "met_late", "cancelled")),
        "action_forms": _action_forms(request, lead, bound),
        "open_action": open_action,
        "show_sensitive": sensitive,
        "now": timezone.now(),
        "is_htmx": bool(request.htmx),
    }


def lead_detail(request, pk):
    lead = _get_lead(request, pk)
    return render(request, "leads/lead_detail.html", _detail_context(request, lead))


def _run_action(name, form, lead, by):
    data = form.cleaned_data
    if name == "contact":
        services.lead_log_contact(lead=lead, by=by, **data)
        return _("Contact logged.")
    if name == "qualify":
        services.lead_qualify(lead=lead, by=by, note=data["note"])
        return _("Lead qualified: the design-proposal deadline is running.")
    if name == "reject":
        services.lead_reject(lead=lead, by=by, reason=data["reason"], note=data["note"])
        return _("Lead rejected.")
    if name == "lost":
        services.lead_mark_lost(lead=lead, by=by, reason=data["reason"], note=data["note"])
        return _("Lead marked lost.")
    if name == "won":
        services.lead_mark_won(lead=lead, by=by, note=data["note"])
        return _("Lead won. Congratulations!")
    if name == "assign":
        services.lead_assign(lead=lead, owner=data["owner"], by=by, note=data["note"])
        return _("Lead given to %(name)s.") % {"name": data["owner"].display_name}
    if name == "release":
        services.lead_release_to_pool(lead=lead, by=by, note=data["note"])
        return _("Lead returned to the pool.")
    raise Http404


ACTION_FORMS = {
    "contact": ContactForm,
    "qualify": NoteForm,
    "reject": RejectForm,
    "lost": LostForm,
    "won": NoteForm,
    "assign": AssignForm,
    "release": NoteForm,
}


@require_POST
def lead_action(request, pk, action):
    """One quick action. With htmx: the page's live part (header, actions, timeline) comes back in place; without
    JavaScript: a redirect to the detail page (post/redirect/get), or the page again with the form's errors."""
    lead = _get_lead(request, pk)
    form_class = ACTION_FORMS.get(action)
    if form_class is None:
        raise Http404
    extra = {"user": request.user} if form_class is AssignForm else {}
    form = form_class(request.POST, prefix=action, **extra)
    if form.is_valid():
        try:
            message = _run_action(action, form, lead, request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, message)
            if not request.htmx:
                return redirect(lead)
            try:
                lead = _get_lead(request, pk)  # as the service left it
            except Http404:  # e.g. given to someone this user does not see: back to the list
                return HttpResponseClientRedirect(reverse("leads:list"))
            return render(request, "leads/lead_detail.html#lead-live", _detail_context(request, lead))
    context = _detail_context(request, lead, bound=(action, form), open_action=action)
    template = "leads/lead_detail.html#lead-live" if request.htmx else "leads/lead_detail.html"
    return render(request, template, context)
