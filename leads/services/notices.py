"""What leads tells people (bell, email, group robot where configured: decocrm.notifications), shared by the appeal
notices (appeal_notices.py) and the hand-over notices (hand_over_notices.py).

Each notice is a coded text (decocrm.notifications.texts): stored in the company language for email and the robot,
shown on the pages in the reader's. Notices are stored in the transaction of the event (a rolled-back event tells
nobody) and delivered after it commits; a dedupe key makes one event tell each person once."""

from django.utils.translation import gettext_lazy as _

from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text


class LeadNotice:
    """The hand-over notices' codes (the appeal notices' are in appeal_notices.py)."""

    GIVEN_TO_YOU = "lead_given_to_you"
    CLAIMED_BY_YOU = "lead_claimed_by_you"
    TAKEN_FROM_YOU = "lead_taken_from_you"
    CLAIMED_FROM_POOL = "lead_claimed_from_pool"
    RETURNED_TO_POOL = "lead_returned_to_pool"
    LAPSED_TO_POOL = "lead_lapsed_to_pool"
    DESIGNER_YOU = "lead_designer_you"
    DESIGNER_NO_LONGER = "lead_designer_no_longer"
    DESIGNER_CHOSEN = "lead_designer_chosen"


HAND_OVER_TEXTS = {
    LeadNotice.GIVEN_TO_YOU: _("%(by)s gave you the lead %(customer)s"),
    LeadNotice.CLAIMED_BY_YOU: _("You claimed %(customer)s from the pool: make the first contact"),
    LeadNotice.TAKEN_FROM_YOU: _("Your lead %(customer)s now belongs to %(to)s (%(by)s)"),
    LeadNotice.CLAIMED_FROM_POOL: _("%(to)s claimed %(customer)s, your former lead, from the pool"),
    LeadNotice.RETURNED_TO_POOL: _("%(by)s returned your lead %(customer)s to the pool"),
    LeadNotice.LAPSED_TO_POOL: _("Your lead %(customer)s went back to the pool: first contact missed"),
    LeadNotice.DESIGNER_YOU: _("%(by)s made you the designer of %(customer)s"),
    LeadNotice.DESIGNER_NO_LONGER: _("You are no longer the designer of %(customer)s (now %(to)s)"),
    LeadNotice.DESIGNER_CHOSEN: _("%(by)s made %(to)s the designer of your lead %(customer)s"),
}


def register_hand_over_notice_texts():
    for code, title in HAND_OVER_TEXTS.items():
        # the body is what the person who made the change wrote (a note), shown as typed
        register_notice_text(code, title=title, body="%(note)s")


def send_notices(recipients, code: str, *, url: str, key: str = "", **params) -> int:
    """One notice `code` (registered text, rendered with `params`) to each recipient (ids; None and repeats left
    out). `key`: the event's identity, so that the same event never tells the same person twice (the dedupe key is
    key:recipient)."""
    text = notice(code, **params)
    return notification_create_many(
        notifications=[
            {
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "url": url,
                "dedupe_key": f"{key}:{pk}" if key else None,
                **text,
            }
            for pk in sorted(set(recipients) - {None})
        ]
    )
