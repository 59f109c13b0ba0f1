"""Views of the design panel on the lead page: appointments, the measurement visit and design proposals."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from decocrm.core.actions import NoFields, apply_form
from decocrm.core.uploads import file_response

from .. import services
from ..design_panel import design_panel_context, make_form
from ..models import Appointment, DesignProposal, MeasurementPhoto, MeasurementVisit, ProposalFile
from ..selectors import visible_leads
from .lead import lead_page

# --- Appointments, measurement, proposals
# POST endpoints of the design panel. With htmx (HX-Request) each answers with the lead page's live part, read again
# (leads/lead_detail.html#lead-live: the state badge, the quick actions, the clocks, this panel and the timeline),
# so that accepting a proposal changes the header and the buttons too; without JavaScript a success redirects to
# the lead with a message, and invalid input renders a small page with the form and its errors.

DESIGN_PANEL = "leads/design/_panel.html"
DESIGN_FORM_PAGE = "leads/design/form_page.html"

TITLES = {
    "book": gettext_lazy("Book an appointment"),
    "reconfirm": gettext_lazy("Reconfirm the appointment"),
    "reschedule": gettext_lazy("Reschedule the appointment"),
    "measurement": gettext_lazy("Record the measurement visit"),
    "confirm": gettext_lazy("Customer confirmed the measurement"),
    "proposal": gettext_lazy("Add a proposal version"),
    "response": gettext_lazy("Customer's response to the proposal"),
}


def _live(request, lead, **design):
    """The live part of the lead page as the action left it; a lead that left the user's scope sends them to the
    list."""
    try:
        lead = _lead(request, lead.pk)
    except Http404:
        return HttpResponseClientRedirect(reverse("leads:list"))
    return lead_page(request, lead, fragment=True, design=design)


def _run(request, lead, key, action, success, *, form=None):
    """Validate `form` (a button without one: nothing to validate), call `action(cleaned_data)`, and answer for
    htmx or a plain POST (core.actions.apply_form turns a refusal into form errors)."""
    buttons_only = form is None
    form = form if form is not None else NoFields(request.POST)
    if apply_form(form, action) is not None:
        if request.htmx:
            return _live(request, lead, flash=success)
        messages.success(request, success)
        return redirect(lead.get_absolute_url())
    if buttons_only:  # deliver, held: refused by the rules
        error = " ".join(form.non_field_errors())
        if request.htmx:
            return _live(request, lead, error=error)
        messages.error(request, error)
        return redirect(lead.get_absolute_url())
    if request.htmx:
        return _live(request, lead, bound={key: form})
    context = {"lead": lead, "form": form, "title": TITLES[key.split(":")[0]], "action": request.path}
    return render(request, DESIGN_FORM_PAGE, context, status=400)


def _lead(request, pk):
    leads = visible_leads(request.user).select_related("customer__district", "created_by", "designer")
    return get_object_or_404(leads, pk=pk)


def _bind(request, key):
    return make_form(key, request.user, data=request.POST, files=request.FILES)


# Where each panel form posts: (URL name, whether it takes the row's pk after the lead's).
FORM_URLS = {
    "book": ("leads:appointment_book", False),
    "reconfirm": ("leads:appointment_reconfirm", True),
    "reschedule": ("leads:appointment_reschedule", True),
    "measurement": ("leads:measurement_record", False),
    "confirm": ("leads:measurement_confirm", False),
    "proposal": ("leads:proposal_add", False),
    "response": ("leads:proposal_respond", True),
}


@require_GET
def design_panel(request, pk):
    """The panel; with ?form=<key> (design_panel.make_form's keys) one of its forms, blank, which its card fetches
    when opened (with htmx the fields alone; without, a page with the form that posts where the card's would)."""
    lead = _lead(request, pk)
    key = request.GET.get("form")
    if key is None:
        context = {"lead": lead, "design": design_panel_context(lead, request.user)}
        return render(request, DESIGN_PANEL, context)
    name, _sep, row = key.partition(":")
    if name not in FORM_URLS or bool(row) != FORM_URLS[name][1] or (row and not row.isdigit()):
        raise Http404
    form = make_form(key, request.user)
    if request.htmx:
        return render(request, "leads/design/_form_fields.html", {"form": form})
    url_name, per_row = FORM_URLS[name]
    action = reverse(url_name, args=[lead.pk, int(row)] if per_row else [lead.pk])
    return render(request, DESIGN_FORM_PAGE, {"lead": lead, "form": form, "title": TITLES[name], "action": action})


@require_POST
def appointment_book(request, pk):
    lead = _lead(request, pk)

    def act(data):
        services.appointment_book(lead=lead, by=request.user, **data)

    return _run(request, lead, "book", act, _("Appointment booked."), form=_bind(request, "book"))


@require_POST
def appointment_reconfirm(request, pk, appointment_pk):
    lead = _lead(request, pk)
    appointment = get_object_or_404(Appointment, pk=appointment_pk, lead=lead)
    key = f"reconfirm:{appointment.pk}"

    def act(data):
        services.appointment_reconfirm(appointment=appointment, by=request.user, note=data["note"])

    return _run(request, lead, key, act, _("Appointment reconfirmed."), form=_bind(request, key))


@require_POST
def appointment_reschedule(request, pk, appointment_pk):
    lead = _lead(request, pk)
    appointment = get_object_or_404(Appointment, pk=appointment_pk, lead=lead)
    key = f"reschedule:{appointment.pk}"

    def act(data):
        services.appointment_reschedule(appointment=appointment, by=request.user, **data)

    return _run(request, lead, key, act, _("Appointment moved."), form=_bind(request, key))


@require_POST
def appointment_held(request, pk, appointment_pk):
    lead = _lead(request, pk)
    appointment = get_object_or_404(Appointment, pk=appointment_pk, lead=lead)

    def act(data):
        services.appointment_mark_held(appointment=appointment, by=request.user)

    return _run(request, lead, "held", act, _("Appointment marked as held."))


@require_POST
def measurement_record(request, pk):
    lead = _lead(request, pk)

    def act(data):
        services.measurement_record(lead=lead, by=request.user, **data)

    success = _("Measurement recorded: confirm the results with the customer.")
    return _run(request, lead, "measurement", act, success, form=_bind(request, "measurement"))


@require_POST
def measurement_confirm(request, pk):
    lead = _lead(request, pk)

    def act(data):
        services.measurement_confirm(lead=lead, by=request.user, note=data["note"])

    return _run(request, lead, "confirm", act, _("Measurement results confirmed."), form=_bind(request, "confirm"))


@require_POST
def proposal_add(request, pk):
    lead = _lead(request, pk)

    def act(data):
        data = {k: v for k, v in data.items() if k != "renderings"}
        services.proposal_add(lead=lead, by=request.user, **data)

    return _run(request, lead, "proposal", act, _("Proposal version saved."), form=_bind(request, "proposal"))


@require_POST
def proposal_deliver(request, pk, proposal_pk):
    lead = _lead(request, pk)
    proposal = get_object_or_404(DesignProposal, pk=proposal_pk, lead=lead)

    def act(data):
        services.proposal_deliver(proposal=proposal, by=request.user)

    return _run(request, lead, "deliver", act, _("Proposal delivered to the customer."))


@require_POST
def proposal_respond(request, pk, proposal_pk):
    lead = _lead(request, pk)
    proposal = get_object_or_404(DesignProposal, pk=proposal_pk, lead=lead)
    key = f"response:{proposal.pk}"

    def act(data):
        services.proposal_record_response(proposal=proposal, by=request.user, **data)

    return _run(request, lead, key, act, _("Customer's response recorded."), form=_bind(request, key))


@require_GET
def design_file(request, pk, kind, file_pk):
    """Site photos, floor plans and renderings are the customer's: served only to those who see the lead, images
    inline and every other file as a download (decocrm.core.uploads.file_response)."""
    lead = _lead(request, pk)
    if kind == "plan":
        visit = get_object_or_404(MeasurementVisit, pk=file_pk, lead=lead)
        stored, original_name = visit.floor_plan, visit.floor_plan_name
    elif kind == "photo":
        photo = get_object_or_404(MeasurementPhoto, pk=file_pk, visit__lead=lead)
        stored, original_name = photo.file, photo.original_name
    elif kind == "proposal":
        row = get_object_or_404(ProposalFile, pk=file_pk, proposal__lead=lead)
        stored, original_name = row.file, row.original_name
    else:
        raise Http404
    return file_response(stored, original_name=original_name)
