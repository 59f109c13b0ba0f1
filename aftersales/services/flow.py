"""The repair after intake [seed 001 §7; 002]: contact, assessment (nature, severity, plan; a quote out of
warranty), the customer accepting the quote, dispatch (technician, time, customer notified), on site, repaired (the
result fed back within 24 h), the customer's acceptance (name and signature, or an explicit recorded confirmation)
or "not satisfied" (back on site to repair again), closing (files the record, starts the 1-month post-repair
revisit, tells the closed-ticket listeners), and cancelling a ticket not yet repaired. Each step checks the state
first, fires its transition (recorded on the timeline) and starts or stops its clocks in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.choices import Role
from decocrm.core.dates import APPOINTMENT, check_happened
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import clock_cancel, clock_cancel_all, clock_start, clock_stop, open_clock_for

from ..choices import AcceptanceMethod, SurveyKind, TicketEvent, TicketState
from ..clocks import REPAIR_FEEDBACK, REVISIT_POST_REPAIR, TICKET_CANCELLED, TICKET_REASSIGNED
from ..hooks import ticket_closed_listeners
from ..models import RepairTicket, TicketPhoto
from ..next_due import refresh_next_due
from ..permissions import REVISITOR_ROLES, can_assign_ticket, can_take_ticket
from ..revisit_policy import REPAIR, needs_revisit
from ..uploads import PHOTOS
from .common import (
    TicketPermissionError,
    TicketStateError,
    fire,
    hand_clocks_to,
    lock_ticket,
    screened,
    workable,
)
from .surveys import survey_schedule


def _happened(ticket, at):
    check_happened(at, field="at", since=ticket.requested_at, now=timezone.now())


def _assign(ticket, technician, *, at, by):
    if technician.role != Role.AFTER_SALES or not technician.is_active:
        raise ValidationError({"technician": _("Choose an active after-sales staff member.")})
    if ticket.technician_id == technician.pk:
        return
    ticket.technician, ticket.team = technician, technician.team
    record_by(ticket, by).save(update_fields=["technician", "team"])
    hand_clocks_to(ticket, technician, at=at, by=by)


def _refuse_closed(ticket):
    if RepairTicket.machine.is_closed(ticket):
        raise TicketStateError(_("This repair ticket is %(state)s.") % {"state": ticket.get_state_display()})


@transaction.atomic
def ticket_take(*, ticket, by, at=None) -> RepairTicket:
    """An after-sales staff member takes an unassigned ticket: its clocks become theirs, deadlines unchanged."""
    at = at or timezone.now()
    ticket = lock_ticket(ticket)
    _refuse_closed(ticket)
    if not can_take_ticket(by, ticket):
        raise TicketPermissionError(_("Only after-sales staff take an unassigned ticket."))
    _assign(ticket, by, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_assign(*, ticket, technician, by, at=None) -> RepairTicket:
    """A manager gives the ticket to an after-sales staff member (its running clocks follow, deadlines unchanged)."""
    at = at or timezone.now()
    ticket = lock_ticket(ticket)
    _refuse_closed(ticket)
    if not can_assign_ticket(by, ticket):
        raise TicketPermissionError(_("Only a manager gives a ticket to someone."))
    _assign(ticket, technician, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_log_contact(*, ticket, by, note: str = "", at=None) -> RepairTicket:
    """The customer was contacted about the request (the 2 h promise)."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _refuse_closed(ticket)
    _happened(ticket, at)
    if ticket.contacted_at:
        raise TicketStateError(_("The customer has already been contacted about this request."))
    ticket.contacted_at = at
    record_by(ticket, by).save(update_fields=["contacted_at"])
    clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=ticket, at=at, by=by, note=note.strip()[:300])
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_assess(*, ticket, by, nature: str, severity: str, plan: str, quote_amount=None, at=None) -> RepairTicket:
    """What the fault is, how bad, and the plan; out of warranty, the price the customer is quoted. Assessing means
    having talked to the customer: it counts as the contact if none was logged."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if not plan.strip():
        raise ValidationError({"plan": _("Say how it will be repaired.")})
    if ticket.in_warranty:
        quote_amount = None
    elif quote_amount is None:
        raise ValidationError({"quote_amount": _("Out of warranty the repair is paid: enter the quote.")})
    fire(ticket, "assess", by=by, at=at)
    ticket.nature, ticket.severity, ticket.plan = nature, severity, plan.strip()
    ticket.quote_amount, ticket.assessed_at = quote_amount, at
    if not ticket.contacted_at:
        ticket.contacted_at = at
        clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=ticket, at=at, by=by)
    ticket.full_clean()
    record_by(ticket, by).save()
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_accept_quote(*, ticket, by, at=None) -> RepairTicket:
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if ticket.state != TicketState.ASSESSED or ticket.in_warranty or ticket.quote_amount is None:
        raise TicketStateError(_("Only the quote of an assessed out-of-warranty repair is accepted."))
    if ticket.quote_accepted_at:
        raise TicketStateError(_("The customer has already accepted the quote."))
    ticket.quote_accepted_at = at
    record_by(ticket, by).save(update_fields=["quote_accepted_at"])
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_dispatch(*, ticket, by, technician, appointment_at, customer_notified: bool, at=None) -> RepairTicket:
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if not customer_notified:
        raise ValidationError({"customer_notified": _("Tell the customer when the technician comes.")})
    APPOINTMENT.check(appointment_at, field="appointment_at", label=_("Appointment"), now=at)
    if appointment_at < ticket.requested_at:
        raise ValidationError({"appointment_at": _("The visit comes after the request.")})
    if ticket.state == TicketState.ASSESSED and not ticket.in_warranty and not ticket.quote_accepted_at:
        raise TicketStateError(_("Out of warranty: the customer accepts the quote before anyone is dispatched."))
    fire(ticket, "dispatch", by=by, at=at)
    ticket.appointment_at, ticket.customer_notified = appointment_at, True
    record_by(ticket, by).save(update_fields=["state", "state_changed_at", "appointment_at", "customer_notified"])
    _assign(ticket, technician, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_arrive(*, ticket, by, at=None) -> RepairTicket:
    """The technician is on site (the 24 h / 48 h promise)."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    fire(ticket, "arrive", by=by, at=at)
    ticket.on_site_at = at
    record_by(ticket, by).save(update_fields=["state", "state_changed_at", "on_site_at"])
    clock_stop(kind=ClockKind.REPAIR_ON_SITE, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


def _add_photos(ticket, photos, *, by, at):
    for photo in photos:
        TicketPhoto.objects.create(
            ticket=ticket,
            file=photo,
            original_name=photo.name[:200],
            taken_in=ticket.state,
            uploaded_at=at,
            uploaded_by=by,
        )


@transaction.atomic
def ticket_repair(*, ticket, by, report: str, photos=(), at=None) -> RepairTicket:
    """Repaired: the result is fed back to the customer within 24 h (their acceptance, or their "not satisfied")."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if not report.strip():
        raise ValidationError({"report": _("Say what was done.")})
    screened_photos = [screened(PHOTOS, upload, "photos") for upload in photos]
    fire(ticket, "repair", by=by, at=at)
    ticket.repair_report, ticket.repaired_at = report.strip(), at
    ticket.repair_rounds += 1
    record_by(ticket, by).save(
        update_fields=["state", "state_changed_at", "repair_report", "repaired_at", "repair_rounds"]
    )
    _add_photos(ticket, screened_photos, by=by, at=at)
    clock_start(kind=REPAIR_FEEDBACK, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_customer_accept(
    *, ticket, by, method: str, name: str = "", signature=None, note: str = "", at=None
) -> RepairTicket:
    """The customer accepts the repair: their name and signature, or a confirmation recorded as they gave it."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    name, note = name.strip(), note.strip()
    if method == AcceptanceMethod.SIGNATURE:
        if not name:
            raise ValidationError({"name": _("Write the name of who signed.")})
        if not signature:
            raise ValidationError({"signature": _("Add the customer's signature.")})
        signature = screened(PHOTOS, signature, "signature")
    elif method == AcceptanceMethod.CONFIRMATION:
        if not note:
            raise ValidationError({"note": _("Say how and when the customer confirmed.")})
        signature = None
    else:
        raise ValidationError({"method": _("Choose how the customer accepted.")})
    fire(ticket, "accept", by=by, at=at, note=note)
    ticket.accepted_at, ticket.acceptance_method = at, method
    ticket.accepted_by_name, ticket.acceptance_note = name or ticket.contact_name, note[:300]
    fields = ["state", "state_changed_at", "accepted_at", "acceptance_method", "accepted_by_name", "acceptance_note"]
    if signature is not None:
        ticket.signature.save(signature.name, signature, save=False)
        fields.append("signature")
    record_by(ticket, by).save(update_fields=fields)
    clock_stop(kind=REPAIR_FEEDBACK, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_not_satisfied(*, ticket, by, reason: str, at=None) -> RepairTicket:
    """The customer is not satisfied with the repair: back on site to repair it again (the result was fed back)."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the customer is not satisfied with.")})
    fire(ticket, "repair_again", by=by, at=at, note=reason.strip(), event=TicketEvent.NOT_SATISFIED)
    record_by(ticket, by).save(update_fields=["state", "state_changed_at"])
    clock_stop(kind=REPAIR_FEEDBACK, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


def _closed_tickets() -> int:
    return RepairTicket.objects.filter(closed_at__isnull=False).count()


@transaction.atomic
def ticket_close(*, ticket, by, at=None) -> RepairTicket:
    """File the record: the post-repair revisit is due within a month (for the share of tickets the revisit policy
    samples, settings.REVISIT_RATE_POLICY), an after-repair survey waits for its revisitor; the closed-ticket
    listeners run (the after-sales file's archive clock)."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    fire(ticket, "close", by=by, at=at)
    ticket.closed_at = at
    record_by(ticket, by).save(update_fields=["state", "state_changed_at", "closed_at"])
    clock = None
    if needs_revisit(REPAIR, running_count=_closed_tickets):
        clock = clock_start(kind=REVISIT_POST_REPAIR, subject=ticket, at=at, by=by)
    survey_schedule(
        customer=ticket.customer, kind=SurveyKind.AFTER_REPAIR, about=f"#{ticket.pk} {ticket.item}",
        staff=ticket.technician, revisitor=(clock.owner if clock else None) or ticket.technician, at=at,
    )  # fmt: skip
    for listener in ticket_closed_listeners():
        listener(ticket, by=by, at=at)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_cancel(*, ticket, by, reason: str, at=None) -> RepairTicket:
    """A ticket not yet repaired is cancelled (the customer declined the quote, a duplicate): its clocks end."""
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _happened(ticket, at)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ticket is cancelled.")})
    fire(ticket, "cancel", by=by, at=at, note=reason.strip())
    record_by(ticket, by).save(update_fields=["state", "state_changed_at"])
    clock_cancel_all(subject=ticket, code=TICKET_CANCELLED, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


@transaction.atomic
def ticket_add_photos(*, ticket, by, photos, at=None) -> list[TicketPhoto]:
    at = at or timezone.now()
    ticket = workable(ticket, by)
    _refuse_closed(ticket)
    if not photos:
        raise ValidationError({"photos": _("Choose at least one photo.")})
    screened_photos = [screened(PHOTOS, upload, "photos") for upload in photos]
    _add_photos(ticket, screened_photos, by=by, at=at)
    return list(ticket.photos.order_by("-pk")[: len(screened_photos)])


@transaction.atomic
def ticket_revisit_done(*, ticket, by=None, at=None) -> RepairTicket:
    """The post-repair revisit was made (called by the revisit work, which checks who may record it): its clock
    stops, met or met late."""
    at = at or timezone.now()
    ticket = lock_ticket(ticket)
    if ticket.state != TicketState.CLOSED:
        raise TicketStateError(_("A post-repair revisit follows a closed repair ticket."))
    if ticket.revisit_done_at:
        raise TicketStateError(_("The post-repair revisit of this ticket is already done."))
    ticket.revisit_done_at = at
    record_by(ticket, by).save(update_fields=["revisit_done_at"])
    clock_stop(kind=REVISIT_POST_REPAIR, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket


HANDED_CLOCK_STATES = (ClockState.RUNNING, ClockState.PAUSED)


@transaction.atomic
def ticket_revisit_hand_over(*, ticket, holder, by, at=None) -> RepairTicket:
    """The post-repair revisit still owed on a closed ticket passes to another revisitor (its technician leaves):
    by a manager of the ticket's team; its clock follows them with the deadline the customer was promised (as
    common.hand_clocks_to); one already overdue stays with whoever let it run out."""
    at = at or timezone.now()
    ticket = lock_ticket(ticket)
    if not can_assign_ticket(by, ticket):
        raise TicketPermissionError(_("Only a manager of the ticket's team passes its revisit to someone else."))
    clock = open_clock_for(ticket, REVISIT_POST_REPAIR)
    if ticket.state != TicketState.CLOSED or clock is None or clock.state not in HANDED_CLOCK_STATES:
        raise TicketStateError(_("No post-repair revisit is owed on this ticket."))
    if holder is None or holder.role not in REVISITOR_ROLES or not holder.is_active:
        raise ValidationError({"holder": _("Choose an active member of after-sales or customer relations.")})
    params = {"name": holder.display_name}
    clock_cancel(kind=clock.kind, subject=ticket, code=TICKET_REASSIGNED, params=params, at=at, by=by)
    clock_start(kind=clock.kind, subject=ticket, at=clock.started_at, by=by, sequence=clock.sequence, owner=holder,
                team=holder.team, url=clock.subject_url)  # fmt: skip
    refresh_next_due(ticket)
    return ticket
