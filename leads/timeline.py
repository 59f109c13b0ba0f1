"""The lead's timeline sources (registered in apps.py; decocrm.core.timeline gathers them with the shared clock
events): state changes, contacts, owner changes, appointments booked and moved, the measurement visit, proposal
versions, questions answered later. Each kind renders through its own small template, leads/timeline/<kind>.html."""

from decocrm.core.history import field_changes
from decocrm.core.timeline import TimelineEntry, entries_of

from .models import AppointmentReschedule, MeasurementVisit
from .selectors import lead_questions
from .services.edits import LEAD_EDITABLE_FIELDS


def _template(kind):
    return f"leads/timeline/{kind}.html"


def lead_history(lead, **context):
    """State changes, contacts and owner changes: three queries."""
    return [
        *entries_of(lead.transitions.select_related("by"), "transition", "includes/timeline_transition.html"),
        *entries_of(lead.contacts.select_related("by"), "contact", _template("contact")),
        *entries_of(
            lead.assignments.select_related("from_owner", "to_owner", "by"), "assignment", _template("assignment")
        ),
    ]


def lead_design_history(lead, *, design=None, **context):
    """Appointments booked and moved, the measurement visit (obj.confirmed_at says whether the customer confirmed),
    proposal versions (obj.delivered_at / obj.response for the rest of their story). No query when the page
    already holds the design panel's rows (`design` = selectors.lead_design_context(...)), four otherwise."""
    if design is not None:
        appointments = design["appointments"]
        moves = [move for appointment in appointments for move in appointment.reschedules.all()]
        visits = [design["measurement"]] if design["measurement"] else []
        proposals = design["proposals"]
    else:
        appointments = lead.appointments.select_related("created_by")
        moves = AppointmentReschedule.objects.filter(appointment__lead=lead).select_related("appointment", "by")
        visits = MeasurementVisit.objects.filter(lead=lead).select_related("recorded_by", "confirmed_by")
        proposals = lead.proposals.select_related("created_by")
    return [
        *entries_of(appointments, "appointment", _template("appointment"), at="created_at"),
        *entries_of(moves, "reschedule", _template("reschedule")),
        *entries_of(visits, "measurement", _template("measurement"), at="held_at"),
        *entries_of(proposals, "proposal", _template("proposal"), at="created_at"),
    ]


def lead_consultations(lead, **context):
    """Questions answered later, each with its answer once given: no query when the page prefetched them
    (selectors.with_questions), one otherwise."""
    return entries_of(lead_questions(lead), "consultation", _template("consultation"), at="recorded_at")


def lead_edit_history(lead, **context):
    """Edits of the lead (services.lead_update): who changed which field from what to what. One query (the lead's
    history records with their users), whatever their number."""
    return [
        TimelineEntry(entry.at, "edit", entry, _template("edit"))
        for entry in field_changes(lead, fields=LEAD_EDITABLE_FIELDS)
    ]
