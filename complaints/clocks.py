"""The complaint and the month's statistics as clock subjects, and the clock kinds complaints adds; registered in
ComplaintsConfig.ready().

A complaint's clocks [seed 001 §7, 002] are held by its handler (by whoever received it until one is named):
- complaint solution (product table, 1 WD): recorded -> solution proposed;
- complaint closure (product table, 7 days): recorded -> closed;
- major-complaint escalation (product table, 24 h): became major -> the handler's report to management recorded (or
  the general manager's decision on the solution);
- complaint feedback (COMPLAINT_FEEDBACK, added here, 24 h): the solution final (proposed, or approved where it
  needs approval) -> the result fed back to the customer [002 §2.4];
- post-complaint revisit (product table's `complaint_revisit`, 3 days): closed -> the revisit made
  (services.complaint_revisit_done, which the revisit work calls), held by customer relations; none for an
  anonymous complaint [002 revisit 1.13]. The brief named it `revisit_post_complaint`; the product's table already
  has this promise, so it is that kind and no second policy (REVISIT_POST_COMPLAINT).
The month's statistics (COMPLAINT_STATISTICS, added here): the 1st -> filed, due by the end of the 10th
[002 第二十七条].
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.choices import ClockKind
from decocrm.sla.kinds import register_clock_kind, register_clock_owner
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .models import Complaint, MonthlyStatistics

H = timedelta(hours=1)
D = timedelta(days=1)

COMPLAINT_SOLUTION = ClockKind.COMPLAINT_SOLUTION
COMPLAINT_CLOSURE = ClockKind.COMPLAINT_CLOSURE
MAJOR_ESCALATION = ClockKind.MAJOR_COMPLAINT_ESCALATION
REVISIT_POST_COMPLAINT = ClockKind.COMPLAINT_REVISIT
COMPLAINT_FEEDBACK = "complaint_feedback"
COMPLAINT_FEEDBACK_POLICY = (24, "hours", 4 * H, 12 * H, {}, "002")  # 处理完毕后的24小时内将处理结果反馈
COMPLAINT_STATISTICS = "complaint_statistics"
# From the 1st at midnight, 10 days: the end of the 10th.
COMPLAINT_STATISTICS_POLICY = (10, "days", 2 * D, D, {}, "002")

COMPLAINT_REASSIGNED = "complaint_reassigned"
COMPLAINT_CLOCK_TEXTS = CodedTexts(
    {COMPLAINT_REASSIGNED: _("complaint passed to %(name)s: the customer's deadline stays")}
)


def complaint_clock_label(complaint) -> str:
    return f"{complaint.number} · {complaint.complainant or '—'}"


def statistics_clock_label(report) -> str:
    return str(report)


def register_kinds() -> None:
    register_clock_kind(COMPLAINT_FEEDBACK, _("Complaint result fed back"), policy=COMPLAINT_FEEDBACK_POLICY)
    register_clock_kind(COMPLAINT_STATISTICS, _("Monthly complaint statistics"), policy=COMPLAINT_STATISTICS_POLICY)


def register() -> None:
    from .services.revisit import revisit_holder

    register_kinds()
    # The post-complaint revisit stays with whom the complaint's tier names, whoever the complaint passes to.
    register_clock_owner(REVISIT_POST_COMPLAINT, revisit_holder)
    register_clock_event_texts(COMPLAINT_CLOCK_TEXTS)
    register_clock_subject(
        Complaint,
        owner=lambda complaint: complaint.handler or complaint.received_by,
        team="team",
        customer="customer_id",
        label=complaint_clock_label,
        url="get_absolute_url",
    )
    register_clock_subject(MonthlyStatistics, label=statistics_clock_label, url="get_absolute_url")
