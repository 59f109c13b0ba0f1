"""A major complaint warns management and the legal department at once [seed 002 §2.5-2.6:
重大投诉…24小时内向…管理部、法务部预警报备; 第一时间通知部门负责人、总经理]: every company-wide manager, the
managers of the complaint's team and the members of the LEGAL_GROUP capability group get a coded notice, once per
complaint (the dedupe key), and the handler's 24 h clock to report to management starts."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.accounts.selectors import permission_holders, team_managers
from decocrm.core.history import record_by
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text
from decocrm.sla.services import clock_start

from ..choices import MajorReason, Severity
from ..clocks import MAJOR_ESCALATION

LEGAL_GROUP = "legal"  # 法务部: a superuser puts its members in this group
LEGAL_PERMISSION = "complaints.receive_major_complaint_warnings"
MAJOR_NOTICE = "complaint_major"


def register_complaint_notice_texts():
    register_notice_text(
        MAJOR_NOTICE,
        title=_("Major complaint %(number)s: %(complainant)s"),
        body=_("Why major: %(reasons)s. Report to management within 24 hours. %(content)s"),
        labels={"reasons": _reason_labels},
    )


def _reason_labels(codes) -> str:
    labels = dict(MajorReason.choices)
    return ", ".join(str(labels.get(code, code)) for code in (codes or []))


def major_warning_recipients(complaint):
    """Company-wide managers, the team's managers and the legal group's members (active staff)."""
    company = Q(role=Role.MANAGER, company_wide=True)
    ids = set(User.objects.filter(company, is_active=True).values_list("pk", flat=True))
    if complaint.team_id:
        ids |= set(team_managers([complaint.team_id]).values_list("pk", flat=True))
    ids |= set(permission_holders(LEGAL_PERMISSION).values_list("pk", flat=True))
    return sorted(ids)


def make_major(complaint, reasons, *, by, at) -> bool:
    """Add `reasons`; a complaint that becomes major now warns management and legal and starts the report clock.
    Returns whether it became major now. The caller saves the complaint."""
    reasons = [r for r in reasons if r not in complaint.major_reasons]
    complaint.major_reasons = [*complaint.major_reasons, *reasons]
    if complaint.severity == Severity.MAJOR or not complaint.major_reasons:
        return False
    complaint.severity = Severity.MAJOR
    complaint.major_at = at
    record_by(complaint, by).save()
    clock_start(kind=MAJOR_ESCALATION, subject=complaint, at=at, by=by)
    text = notice(
        MAJOR_NOTICE, number=complaint.number, complainant=complaint.complainant or "—",
        reasons=list(complaint.major_reasons), content=complaint.content[:200],
    )  # fmt: skip
    notification_create_many(
        notifications=[
            {
                **text,
                "recipient_id": recipient,
                "kind": NotificationKind.GENERAL,
                "url": complaint.get_absolute_url(),
                "dedupe_key": f"complaint-major:{complaint.pk}:{recipient}",
            }
            for recipient in major_warning_recipients(complaint)
        ]
    )
    return True
