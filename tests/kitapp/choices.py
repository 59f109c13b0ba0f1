"""The ticket's states (ENGINEERING.md rule 1: statuses are TextChoices in the app's choices.py) and the clock kind
this app adds to the SLA engine (registered in apps.py, no edit of decocrm/sla)."""

from datetime import timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class TicketState(models.TextChoices):
    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATES = frozenset({TicketState.RESOLVED, TicketState.CANCELLED})

# The customer is told what happens next within 4 hours of opening a ticket: (amount, unit, warn before, escalate
# after, extra policy fields, rule source), as in decocrm/sla/defaults.py.
REPLY_CLOCK = "kit_ticket_reply"
REPLY_POLICY = (4, "hours", timedelta(hours=1), timedelta(hours=2), {}, "tests/kitapp")
