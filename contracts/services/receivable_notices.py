"""Overdue receivables: a payment due on a date and not fully received is overdue from the day after; its
salesperson and their team's managers are told once (the notice's dedupe key holds the milestone and its due date,
so a run repeated, or late after downtime, sends nothing twice, and a due date moved by a change agreement is told
again when it passes)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.selectors import team_managers
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text

from ..selectors import overdue_milestones


def register_receivable_notice_texts():
    register_notice_text(
        "payment_overdue",
        title=_("Payment overdue: %(customer)s, %(name)s"),
        body=_("Contract %(number)s: ¥%(outstanding)s was due on %(due_on)s."),
    )


def notify_overdue_receivables(today=None) -> int:
    """Tell of every overdue payment not told yet; returns how many notices were stored."""
    today = today or timezone.localdate()
    milestones = list(
        overdue_milestones(today).select_related("contract__customer").order_by("contract__team_id", "due_on")
    )
    managers = {
        team_id: [user.pk for user in team_managers([team_id])]
        for team_id in {m.contract.team_id for m in milestones}
        if team_id
    }
    items = []
    for milestone in milestones:
        contract = milestone.contract
        text = notice(
            "payment_overdue", customer=contract.customer.name, name=milestone.name, number=contract.number or "",
            outstanding=str(milestone.outstanding), due_on=milestone.due_on.isoformat(),
        )  # fmt: skip
        for recipient in {contract.owner_id, *managers.get(contract.team_id, ())}:
            items.append(
                {
                    **text,
                    "recipient_id": recipient,
                    "kind": NotificationKind.GENERAL,
                    "url": contract.get_absolute_url(),
                    "dedupe_key": f"payment-overdue:{milestone.pk}:{milestone.due_on.isoformat()}:{recipient}",
                }
            )
    return notification_create_many(notifications=items)
