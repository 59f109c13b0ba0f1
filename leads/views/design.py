"""Views of the design panel on the lead page: appointments, the measurement visit and design proposals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from decocrm.core.errors import DomainError
from decocrm.core.uploads import file_response

from .. import services
from ..design_panel import design_panel_context, make_form
from ..forms import add_service_errors
from ..models import Appointment, DesignProposal, MeasurementPhoto, MeasurementVisit, ProposalFile
from ..selectors import visible_leads

# --- Appointments, measurement, proposals
# POST endpoints of the design panel. With htmx (HX-Request) each answers with the re-rendered panel
# (leads/design/_panel.html) and an HX-Trigger "leadChanged" event on success; without JavaScript a success
# redirects to the lead with a message, and invalid input renders a small page with the form and its errors.

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


def _panel_response(request, lead, *, bound=None, flash="", error=""):
    lead = get_object_or_404(visible_leads(request.user), pk=lead.pk)  # fresh: the action changed its state
    design = design_panel_context(lead, request.user, bound=bound, flash=flash, error=error)
    context = {"lead": lead, "design": design}
    response = HttpResponse(render_to_string(DESIGN_PANEL, context, request=request))
    if flash:
        response["HX-Trigger"] = "leadChanged"
    return response


def _run(request, lead, key, action, success, *, form=None):
    """Validate `form` (if any), call `action(cleaned_data)`, and answer for htmx or a plain POST."""
    if form is None or form.is_valid():
        try:
            action(form.cleaned_data if form is not None else {})
        except DomainError as error:
            if form is None:
                return _refused(request, lead, error.message)
            form.add_error(None, error.message)
        except ValidationError as error:
            if form is None:
                return _refused(request, lead, " ".join(error.messages))
            add_service_errors(form, error)
        else:
            if request.htmx:
                return _panel_response(request, lead, flash=success)
            messages.success(request, success)
            return redirect(lead.get_absolute_url())
    if request.htmx:
        return _panel_response(request, lead, bound={key: form})
    context = {"lead": lead, "form": form, "title": TITLES[key.split(":")[0]], "action": request.path}
    return render(request, DESIGN_FORM_PAGE, context, status=400)


def _refused(request, lead, message):
    """A button without a form (deliver, held) was refused by the rules."""
    if request.htmx:
        return _panel_response(request, lead, error=message)
    messages.error(request, message)
    return redirect(lead.get_absolute_url())


def _lead(request, pk):
    return get_object_or_404(visible_leads(request.user), pk=pk)


def _bind(request, key):
    return make_form(key, request.user, data=request.POST, files=request.FILES)


@require_GET
def design_panel(request, pk):
    return _panel_response(request, _lead(request, pk))


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
