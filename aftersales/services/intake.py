"""A repair request comes in [seed 000 §9; 001 §7; 002]: the customer, their completed project and the warranty
item, what is broken, photos, the channel, and the contact person checked at every intake. Whether it is in
warranty is decided here from the warranty item on the day of the request; out of warranty it is paid, with a quote
the customer accepts before dispatch. Recording starts the 2 h contact clock and the 24 h / 48 h on-site clock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.phones import normalize_phone
from decocrm.accounts.choices import Role
from decocrm.core.history import record_by
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start

from ..choices import Location, TicketEvent, WarrantyStatus
from ..models import RepairTicket, TicketPhoto
from ..next_due import refresh_next_due
from ..permissions import can_record_tickets
from ..uploads import PHOTOS
from .common import TicketPermissionError, screened


def warranty_decision(item, on) -> WarrantyStatus:
    """In warranty when the day of the request falls within the item's period, both ends included (the day of
    ends_on is still covered); no item, or a period not started (the works not yet accepted): out of warranty."""
    if item is None or item.starts_on is None or item.ends_on is None:
        return WarrantyStatus.OUT_OF_WARRANTY
    return WarrantyStatus.IN_WARRANTY if item.starts_on <= on <= item.ends_on else WarrantyStatus.OUT_OF_WARRANTY


def customer_location(customer) -> Location:
    """Suburban only when the customer's district says so; no district counts as urban (the stricter deadline)."""
    district = customer.district
    return Location.SUBURBAN if district is not None and not district.is_urban else Location.URBAN


def _check_links(customer, project, warranty_item):
    if project is not None and project.customer_id != customer.pk:
        raise ValidationError({"project": _("Choose a project of this customer.")})
    if warranty_item is not None:
        if warranty_item.contract.customer_id != customer.pk:
            raise ValidationError({"warranty_item": _("Choose a warranty item of this customer's contract.")})
        if project is not None and warranty_item.contract_id != project.contract_id:
            raise ValidationError({"warranty_item": _("Choose a warranty item of the chosen project's contract.")})


@transaction.atomic
def ticket_record(
    *, customer, by, item: str, description: str, channel: str, contact_checked: bool, contact_name: str,
    contact_phone: str, project=None, warranty_item=None, technician=None, photos=(), at=None,
) -> RepairTicket:  # fmt: skip
    """Record a repair request. An after-sales staff member recording it handles it unless they name someone else;
    recorded by a manager without a name, it waits unassigned for an after-sales staff member to take it."""
    at = at or timezone.now()
    if not can_record_tickets(by):
        raise TicketPermissionError(_("Only after-sales staff and managers record repair requests."))
    if not contact_checked:
        raise ValidationError({"contact_checked": _("Check who the contact person is for this request.")})
    if not contact_name.strip():
        raise ValidationError({"contact_name": _("Name the contact person.")})
    try:
        contact_phone = normalize_phone(contact_phone)
    except ValidationError as error:
        raise ValidationError({"contact_phone": error.messages}) from error
    if technician is not None and (technician.role != Role.AFTER_SALES or not technician.is_active):
        raise ValidationError({"technician": _("Choose an active after-sales staff member.")})
    if technician is None and by.role == Role.AFTER_SALES:
        technician = by
    if warranty_item is not None and project is None:
        project = getattr(warranty_item.contract, "project", None)
    _check_links(customer, project, warranty_item)
    if not item.strip() and warranty_item is not None:
        item = warranty_item.name
    screened_photos = [screened(PHOTOS, upload, "photos") for upload in photos]
    warranty = warranty_decision(warranty_item, timezone.localdate(at))
    ticket = RepairTicket(
        customer=customer, project=project, warranty_item=warranty_item, item=item.strip(),
        description=description.strip(), channel=channel, requested_at=at, contact_checked=True,
        contact_name=contact_name.strip(), contact_phone=contact_phone, location=customer_location(customer),
        warranty=warranty, warranty_ends_on=getattr(warranty_item, "ends_on", None), technician=technician,
        team=(technician or by).team if (technician or by.role == Role.MANAGER) else None,
        state_changed_at=at, created_at=at, recorded_by=by,
    )  # fmt: skip
    ticket.full_clean()
    record_by(ticket, by).save()
    for photo in screened_photos:
        TicketPhoto.objects.create(
            ticket=ticket,
            file=photo,
            original_name=photo.name[:200],
            taken_in=ticket.state,
            uploaded_at=at,
            uploaded_by=by,
        )
    RepairTicket.machine.record_start(
        ticket, by=by, at=at, event=TicketEvent.RECORDED, params={"channel": channel, "warranty": warranty}
    )
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=ticket, at=at, by=by)
    clock_start(kind=ClockKind.REPAIR_ON_SITE, subject=ticket, at=at, by=by)
    refresh_next_due(ticket)
    return ticket
