"""What leads tells people (bell, email, group robot where configured: decocrm.notifications), shared by the appeal
notices (appeal_notices.py) and the hand-over notices (hand_over_notices.py).

Titles are codes with parameters (decocrm.notifications.texts): the bell shows them in the language of whoever reads
them, email and the robot in the company's. Notices are stored in the transaction of the event (a rolled-back event
tells nobody) and delivered after it commits; a dedupe key makes each event tell each person once."""

from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many

from ..choices import AppealDecision


class LeadNotice:
    # appeals (seed 003 §5)
    APPEAL_TO_DECIDE = "lead_appeal_to_decide"
    APPEAL_AGAINST_YOU = "lead_appeal_against_you"
    APPEAL_ESCALATED = "lead_appeal_escalated"
    APPEAL_DECIDED = "lead_appeal_decided"
    APPEAL_REVIEW = "lead_appeal_review"
    # hand-overs
    GIVEN_TO_YOU = "lead_given_to_you"
    CLAIMED_BY_YOU = "lead_claimed_by_you"
    TAKEN_FROM_YOU = "lead_taken_from_you"
    CLAIMED_FROM_POOL = "lead_claimed_from_pool"
    RETURNED_TO_POOL = "lead_returned_to_pool"
    LAPSED_TO_POOL = "lead_lapsed_to_pool"
    DESIGNER_YOU = "lead_designer_you"
    DESIGNER_NO_LONGER = "lead_designer_no_longer"
    DESIGNER_CHOSEN = "lead_designer_chosen"


LEAD_NOTICE_TEXTS = CodedTexts(
    {
        LeadNotice.APPEAL_TO_DECIDE: _("Appeal to decide: %(customer)s (from %(by)s)"),
        LeadNotice.APPEAL_AGAINST_YOU: _("%(by)s appeals against your customer %(customer)s"),
        LeadNotice.APPEAL_ESCALATED: _("Appeal escalated to you: %(customer)s"),
        LeadNotice.APPEAL_DECIDED: _("Appeal decided: %(customer)s, %(decision)s"),
        LeadNotice.APPEAL_REVIEW: _("Review ordered: the appeal on %(customer)s is to be decided again"),
        LeadNotice.GIVEN_TO_YOU: _("%(by)s gave you the lead %(customer)s"),
        LeadNotice.CLAIMED_BY_YOU: _("You claimed %(customer)s from the pool: make the first contact"),
        LeadNotice.TAKEN_FROM_YOU: _("Your lead %(customer)s now belongs to %(to)s (%(by)s)"),
        LeadNotice.CLAIMED_FROM_POOL: _("%(to)s claimed %(customer)s, your former lead, from the pool"),
        LeadNotice.RETURNED_TO_POOL: _("%(by)s returned your lead %(customer)s to the pool"),
        LeadNotice.LAPSED_TO_POOL: _("Your lead %(customer)s went back to the pool: first contact missed"),
        LeadNotice.DESIGNER_YOU: _("%(by)s made you the designer of %(customer)s"),
        LeadNotice.DESIGNER_NO_LONGER: _("You are no longer the designer of %(customer)s (now %(to)s)"),
        LeadNotice.DESIGNER_CHOSEN: _("%(by)s made %(to)s the designer of your lead %(customer)s"),
    },
    choices={"decision": AppealDecision},
)


def send_notices(recipients, *, code: str, params: dict, url: str, body: str = "", key: str = "") -> int:
    """One notice to each recipient (ids; None and repeats left out). `key`: the event's identity, so that the same
    event never tells the same person twice (the notification's dedupe key is key:recipient)."""
    return notification_create_many(
        notifications=[
            {
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "code": code,
                "params": params,
                "body": body,
                "url": url,
                "dedupe_key": f"{key}:{pk}" if key else None,
            }
            for pk in sorted(set(recipients) - {None})
        ]
    )
