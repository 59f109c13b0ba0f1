"""An open repair ticket keeps its customer from being closed (customers.cleanup.register_close_blocker)."""

import pytest
from django.utils import translation

from aftersales.choices import CLOSED_STATES
from aftersales.models import RepairTicket
from customers.cleanup import close_blockers

pytestmark = pytest.mark.django_db


def test_an_open_ticket_keeps_the_customer_open(ticket):
    with translation.override("en"):
        assert "a repair ticket is still open" in close_blockers(ticket.customer)
        RepairTicket.objects.filter(pk=ticket.pk).update(state=CLOSED_STATES[0])
        assert "a repair ticket is still open" not in close_blockers(ticket.customer)
