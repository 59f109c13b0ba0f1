"""The lead (and each appointment) as a clock subject, the clock kinds leads adds, and the clock listeners that keep
leads current when the SLA engine moves, breaches or stops one of their clocks (a calendar change, the sweep).
Registered in LeadsConfig.ready().

The lead's clocks and who owns them (seed 001 §3(三), §4; how customer reschedules pause them: services/design.py):
- first contact: capture -> first contact (the owner);
- measurement booking (LeadClockKind.MEASUREMENT_BOOKING): qualification -> the measurement visit booked (owner);
- measurement results: the visit -> the customer confirms the results and floor plan (the designer, else owner);
- design proposal: the visit -> the first proposal delivered, default 5 working days (the designer, else owner);
  the two design clocks stay with the designer when the lead changes salesperson (design_clock_holder);
- appointment reconfirmation (LeadClockKind.APPOINTMENT_RECONFIRMATION), on each appointment: due N hours before it
  (counted back from its time), the owner reminded before; reconfirming stops it, moving the appointment starts it
  again for the new time;
- consultation reply (LeadClockKind.CONSULTATION_REPLY), on each question that could not be answered on the spot
  (models.Consultation): recording it starts the clock, answering it stops it (services/consultations.py); it
  belongs to the lead's owner and follows the lead when it changes hands."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from decocrm.sla.choices import ClockKind
from decocrm.sla.hooks import ClockChange, ClockHook, register_clock_listener
from decocrm.sla.kinds import register_clock_kind, register_clock_owner
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .choices import LEAD_CLOCK_TEXTS, LeadClockKind
from .models import Appointment, Consultation, Lead
from .next_due import lead_clock_label, refresh_next_due_many
from .pool import return_breached_leads

H, D = timedelta(hours=1), timedelta(days=1)

# kind: (label, (amount, unit, warn_before, escalate_after, extra fields, source)), as decocrm/sla/defaults.py.
# The seeds leave the numbers as [X]: these defaults are the company's to edit (admin, SLA policies).
LEAD_CLOCK_KINDS = {
    LeadClockKind.MEASUREMENT_BOOKING: (
        _("Measurement booking"),
        (3, "working_days", D, D, {}, "001 §3(三)1, §4(一)1"),
    ),
    LeadClockKind.APPOINTMENT_RECONFIRMATION: (
        _("Appointment reconfirmation"),
        (24, "hours", 4 * H, 2 * H, {"counts_back": True}, "001 §3(三)2"),
    ),
    # "一般不超过[X]小时": a working day's promise, told 4 hours before, escalated 4 hours after.
    LeadClockKind.CONSULTATION_REPLY: (
        _("Consultation reply"),
        (24, "hours", 4 * H, 4 * H, {}, "001 §3(二)2, 4"),
    ),
}


def appointment_clock_label(appointment) -> str:
    return f"{lead_clock_label(appointment.lead)} · {appointment.get_kind_display()}"


def consultation_clock_label(consultation) -> str:
    question = " ".join(consultation.question.split())
    return f"{lead_clock_label(consultation.lead)} · {question[:40]}"


def on_deadlines_changed(change: ClockChange) -> None:
    refresh_next_due_many(change.ids_of(Lead))


def on_first_contact_breached(change: ClockChange) -> None:
    return_breached_leads(lead_ids=change.ids_of(Lead))


def design_clock_holder(subject, to_owner):
    """Who keeps a design clock when the lead changes hands: its designer, who does the work; the new owner (or
    the pool) when the lead has no designer."""
    designer = getattr(subject, "designer", None) if isinstance(subject, Lead) else None
    return designer or to_owner


def register_kinds() -> None:
    from .services.design import DESIGN_CLOCK_KINDS

    for value, (label, policy) in LEAD_CLOCK_KINDS.items():
        register_clock_kind(value.value, label, policy=policy)
    for kind in DESIGN_CLOCK_KINDS:
        register_clock_owner(kind, design_clock_holder)


def register() -> None:
    register_kinds()
    register_clock_event_texts(LEAD_CLOCK_TEXTS)
    register_clock_subject(
        Lead, owner="owner", team="team", customer="customer_id", label=lead_clock_label, url="get_absolute_url"
    )
    register_clock_subject(
        Appointment,
        owner=lambda appointment: appointment.lead.owner,
        team=lambda appointment: appointment.lead.team,
        customer=lambda appointment: appointment.lead.customer_id,
        label=appointment_clock_label,
        url=lambda appointment: appointment.lead.get_absolute_url(),
    )
    register_clock_subject(
        Consultation,
        owner=lambda consultation: consultation.lead.owner or consultation.recorded_by,
        team=lambda consultation: consultation.lead.team,
        customer=lambda consultation: consultation.lead.customer_id,
        label=consultation_clock_label,
        url=lambda consultation: consultation.lead.get_absolute_url(),
    )
    register_clock_listener(on_deadlines_changed, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED], models=[Lead])
    register_clock_listener(
        on_first_contact_breached, hooks=[ClockHook.BREACHED], kinds=[ClockKind.FIRST_CONTACT], models=[Lead]
    )
