"""Every state machine's history row names itself the same way (decocrm.core.workflow.TransitionRecord.__str__):
the states' labels in the reader's language, the start row with only its state."""

import pytest
from django.utils import translation

from leads.services import lead_log_contact

pytestmark = pytest.mark.django_db


def test_a_transition_row_reads_as_its_states(capture, salesperson):
    lead = capture(salesperson)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="电话沟通")
    start, contact = lead.transitions.order_by("at", "pk")
    with translation.override("en"):
        assert (str(start), str(contact)) == ("New", "New → Contacted")
