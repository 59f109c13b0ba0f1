"""The central intake [seed 001 §7, 002 §2.3]: who complains (a customer on file, a name, or nobody: anonymous),
through which channel, what about, what they demand, against whom (a staff member, a team, a project), the evidence;
whether it is major (a repeat of the same customer within 90 days is found here); the clocks start."""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from customers.phones import normalize_phone
from customers.selectors import find_existing_customer
from decocrm.core.dates import check_happened
from decocrm.core.history import record_by
from decocrm.sla.services import clock_start

from ..choices import STATED_MAJOR_REASONS, ComplaintEvent, MajorReason
from ..clocks import COMPLAINT_CLOSURE, COMPLAINT_SOLUTION
from ..models import Complaint, ComplaintEvidence
from ..next_due import refresh_next_due
from ..permissions import can_handle_complaint, can_record_complaints
from ..uploads import EVIDENCE
from .common import ComplaintPermissionError, ComplaintStateError, checked, refuse_accused_handler, screened
from .escalation import make_major

REPEAT_WINDOW_DAYS = 90  # "the same customer within 90 days" [seed 002 §2.5: 重复投诉]


def _team_of(*, accused_team, accused_staff, project, customer):
    """The team whose managers follow the complaint."""
    if accused_team is not None:
        return accused_team
    for candidate in (accused_staff, project, getattr(customer, "owner", None)):
        if candidate is not None and candidate.team_id:
            return candidate.team
    return None


def earlier_complaint(customer, at, *, exclude_pk=None):
    """The customer's latest complaint received within REPEAT_WINDOW_DAYS calendar days before `at` (local dates: 90
    days back is still a repeat, 91 is not)."""
    if customer is None:
        return None
    first_day = timezone.localtime(at).date() - timedelta(days=REPEAT_WINDOW_DAYS)
    since = timezone.make_aware(datetime.combine(first_day, time.min))
    qs = Complaint.objects.filter(customer=customer, received_at__gte=since, received_at__lte=at)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-received_at", "-pk").first()


def _customer_by_phone(raw):
    """The customer on file with this phone (one phone = one customer), or None."""
    try:
        phone = normalize_phone(raw)
    except ValidationError:
        return None
    return find_existing_customer(phone=phone)[0]


def _check_complainant(*, customer, anonymous, complainant_name, project):
    if anonymous and customer is not None:
        raise ValidationError({"customer": _("An anonymous complaint names no customer.")})
    if not anonymous and customer is None and not complainant_name.strip():
        raise ValidationError(
            {"complainant_name": _("Name the complainant, choose the customer, or mark the complaint anonymous.")}
        )
    if project is not None and customer is not None and project.customer_id != customer.pk:
        raise ValidationError({"project": _("This project is not the customer's.")})


@transaction.atomic
def complaint_record(
    *, by, channel, content, demand="", customer=None, anonymous=False, complainant_name="", complainant_phone="",
    accused_staff=None, accused_team=None, project=None, major_reasons=(), handler=None, evidence=(), at=None,
) -> Complaint:  # fmt: skip
    """Record a complaint; with a handler it is assigned at once. Its solution (1 WD) and closure (7 days) clocks
    start; a major one warns management and legal."""
    at = at or timezone.now()
    check_happened(at, field="received_at")
    if not can_record_complaints(by):
        raise ComplaintPermissionError(_("Only customer relations or a manager record complaints."))
    if customer is None and project is not None and not anonymous:
        customer = project.customer
    complainant_phone = complainant_phone.strip()
    if customer is None and not anonymous and complainant_phone:
        customer = _customer_by_phone(complainant_phone)
    _check_complainant(customer=customer, anonymous=anonymous, complainant_name=complainant_name, project=project)
    stated = {value for value, _label in STATED_MAJOR_REASONS}
    unknown = set(major_reasons) - stated
    if unknown:
        raise ValidationError({"major_reasons": _("Choose the reasons from the list.")})
    complaint = Complaint(
        customer=customer,
        anonymous=anonymous,
        complainant_name="" if anonymous else complainant_name.strip(),
        complainant_phone=complainant_phone,
        channel=channel,
        content=content.strip(),
        demand=demand.strip(),
        accused_staff=accused_staff,
        accused_team=accused_team,
        project=project,
        team=_team_of(accused_team=accused_team, accused_staff=accused_staff, project=project, customer=customer),
        received_by=by,
        received_at=at,
        state_changed_at=at,
        created_at=at,
    )
    if handler is not None:
        refuse_accused_handler(complaint, handler)
    reasons = [str(r) for r in MajorReason if r in set(major_reasons)]
    earlier = earlier_complaint(customer, at)
    event, params = ComplaintEvent.RECORDED, {}
    if earlier is not None:
        complaint.repeat_of = earlier
        reasons.insert(0, str(MajorReason.REPEAT))
        event, params = ComplaintEvent.REPEAT, {"date": timezone.localtime(earlier.received_at).date().isoformat()}
    complaint.full_clean()
    record_by(complaint, by).save()
    Complaint.machine.record_start(complaint, by=by, at=at, event=event, params=params)
    clock_start(kind=COMPLAINT_SOLUTION, subject=complaint, at=at, by=by)
    clock_start(kind=COMPLAINT_CLOSURE, subject=complaint, at=at, by=by)
    make_major(complaint, reasons, by=by, at=at)
    _add_evidence(complaint, [screened(EVIDENCE, upload, "evidence") for upload in evidence], by=by, at=at)
    refresh_next_due(complaint)
    if handler is not None:
        from .flow import complaint_assign

        complaint = complaint_assign(complaint=complaint, handler=handler, by=by, at=at)
    return complaint


def _add_evidence(complaint, files, *, by, at):
    for upload in files:
        row = ComplaintEvidence(complaint=complaint, file=upload, original_name=upload.name[:200], uploaded_by=by,
                                uploaded_at=at)  # fmt: skip
        row.full_clean()
        row.save()


@transaction.atomic
def complaint_add_evidence(*, complaint, by, files, at=None) -> list[ComplaintEvidence]:
    at = at or timezone.now()
    complaint = checked(complaint, by, can_handle_complaint, _("Only the handler or customer relations may do this."))
    if not complaint.is_open:
        raise ComplaintStateError(_("A closed complaint takes no more evidence."))
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    _add_evidence(complaint, [screened(EVIDENCE, upload, "files") for upload in files], by=by, at=at)
    return list(complaint.evidence.order_by("-pk")[: len(files)])
