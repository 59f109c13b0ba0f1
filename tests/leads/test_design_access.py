"""Who may work on a lead's appointments, measurement and proposals: nobody on a closed lead, only its owner (and
their team manager), and nobody on a pool lead before claiming it."""

from datetime import timedelta

import pytest

from leads.choices import AppointmentState, LeadState
from leads.models import Appointment, Lead
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    appointment_book,
    appointment_reconfirm,
    appointment_reschedule,
    lead_mark_lost,
    measurement_confirm,
    measurement_record,
    proposal_deliver,
)

from .design_helpers import (
    ROOMS,
    VISIT,
    add_proposal,
    book_measurement,
    qualified,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_nothing_can_be_done_on_a_lost_lead(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    lead_mark_lost(lead=lead, by=salesperson, reason="price")
    for action in (
        lambda: appointment_reconfirm(appointment=appointment, by=salesperson),
        lambda: appointment_reschedule(
            appointment=appointment,
            by=salesperson,
            scheduled_at=VISIT + timedelta(days=1),
            cause="customer",
            reason="x",
        ),  # fmt: skip
        lambda: measurement_record(lead=lead, by=salesperson, held_at=VISIT, rooms=ROOMS),
        lambda: appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="x"),
    ):
        with pytest.raises(LeadStateError, match="closed"):
            action()
    assert Appointment.objects.get(pk=appointment.pk).state == AppointmentState.SCHEDULED


def test_another_salesperson_cannot_touch_the_lead_but_the_team_manager_can(
    capture, salesperson, colleague, outsider, team_manager
):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    for other in (colleague, outsider):
        with pytest.raises(LeadPermissionError, match="another salesperson"):
            appointment_reconfirm(appointment=appointment, by=other)
        with pytest.raises(LeadPermissionError):
            appointment_reschedule(appointment=appointment, by=other, scheduled_at=VISIT + timedelta(days=1),
                                   cause="customer", reason="x")  # fmt: skip
        with pytest.raises(LeadPermissionError):
            measurement_record(lead=lead, by=other, held_at=VISIT, rooms=ROOMS)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASUREMENT_SCHEDULED
    measurement_record(lead=lead, by=team_manager, held_at=VISIT, rooms=ROOMS)
    lead.refresh_from_db()
    proposal = add_proposal(lead, salesperson)
    for other in (colleague, outsider):
        with pytest.raises(LeadPermissionError):
            proposal_deliver(proposal=proposal, by=other)
        with pytest.raises(LeadPermissionError):
            measurement_confirm(lead=lead, by=other, note="x")
        with pytest.raises(LeadPermissionError):
            add_proposal(lead, other)
    assert Lead.objects.get(pk=lead.pk).state == LeadState.MEASURED


def test_a_pool_lead_must_be_claimed_first(capture, salesperson):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError, match="claim it first"):
        appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="门店")
