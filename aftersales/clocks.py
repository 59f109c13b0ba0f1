"""The repair ticket as a clock subject, and the clock kind after-sales adds. The after-sales staff member the
ticket is assigned to holds its clocks (nobody while it waits unassigned); registered in AftersalesConfig.ready().

The ticket's clocks [seed 000 §9; 002]:
- repair contact (product table, 2 h): recorded -> the customer contacted (or the assessment, which talks to them);
- repair on site (product table, 24 h urban / 48 h suburban by the ticket's location): recorded -> on site;
- repair feedback (REPAIR_FEEDBACK, added here, 24 h): repaired -> the result fed back to the customer, i.e. the
  customer's acceptance or their "not satisfied";
- post-repair revisit (product table's `repair_revisit`, 1 month): closed -> the revisit done
  (services.ticket_revisit_done, which the revisit work calls). The brief named it `revisit_post_repair`; the
  product's table already has this promise, so it is that kind and no second policy (REVISIT_POST_REPAIR).

The follow-up revisit as a clock subject and its kind (registered in AftersalesConfig.ready()). The other revisit
clocks (first revisit, post-repair, post-complaint) are the product's own kinds, started by the stage that owns the
case; a revisit recorded against one stops it (services/revisits.py)."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.sla.choices import ClockKind
from decocrm.sla.hooks import ClockChange, ClockHook, register_clock_listener
from decocrm.sla.kinds import register_clock_kind
from decocrm.sla.notes import register_clock_event_texts
from decocrm.sla.subjects import register_clock_subject

from .choices import PERIODIC_REVISIT, REVISIT_FOLLOW_UP
from .models import RepairTicket, Revisit
from .next_due import refresh_next_due_many

H = timedelta(hours=1)

REPAIR_FEEDBACK = "repair_feedback"
REPAIR_FEEDBACK_POLICY = (24, "hours", 4 * H, 12 * H, {}, "002")  # "处理完毕后的24小时内将处理结果反馈"
REVISIT_POST_REPAIR = ClockKind.REPAIR_REVISIT

TICKET_CANCELLED = "ticket_cancelled"
TICKET_REASSIGNED = "ticket_reassigned"

TICKET_CLOCK_TEXTS = CodedTexts(
    {
        TICKET_CANCELLED: _("repair ticket cancelled"),
        TICKET_REASSIGNED: _("repair ticket passed to %(name)s: the customer's deadline stays"),
    }
)


def ticket_clock_label(ticket) -> str:
    return f"#{ticket.pk} {ticket.customer.name} · {ticket.item}"


def register_kinds() -> None:
    register_clock_kind(REPAIR_FEEDBACK, _("Repair result fed back"), policy=REPAIR_FEEDBACK_POLICY)


def on_deadlines_changed(change: ClockChange) -> None:
    refresh_next_due_many(change.ids_of(RepairTicket))


def register() -> None:
    register_kinds()
    register_revisit_clocks()
    register_clock_event_texts(TICKET_CLOCK_TEXTS)
    register_clock_subject(
        RepairTicket,
        owner="technician",
        team="team",
        customer="customer_id",
        label=ticket_clock_label,
        url="get_absolute_url",
        attrs=lambda ticket: {"location": ticket.location},
    )
    register_clock_listener(
        on_deadlines_changed, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED], models=[RepairTicket]
    )


H, D = timedelta(hours=1), timedelta(days=1)

# A follow-up is made within 3 working days of being asked for (the company's default; the seeds name none).
FOLLOW_UP_POLICY = (3, "working_days", D, D, {}, "002")
# A periodic revisit, once started, is made within a month (as the first revisit after completion [000 §9]).
PERIODIC_POLICY = (1, "months", 3 * D, 3 * D, {}, "000 §9")


def _periodic_holder(customer, to_owner):
    from .services.periodic import periodic_revisit_holders

    return periodic_revisit_holders().holder_of(customer)


def register_revisit_clocks() -> None:
    register_clock_kind(REVISIT_FOLLOW_UP, _("Follow-up revisit"), policy=FOLLOW_UP_POLICY)
    # Its subject is the customer: a change of account manager leaves it with customer relations.
    register_clock_kind(PERIODIC_REVISIT, _("Periodic revisit"), policy=PERIODIC_POLICY, holder=_periodic_holder)
    register_clock_subject(
        Revisit, owner="assignee", team="team", customer="customer_id", label=lambda r: r.subject_label,
        url="get_absolute_url",
    )  # fmt: skip
