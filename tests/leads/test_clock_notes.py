"""What leads' services say on a lead's clocks (a rejection, a customer's reschedule…) is stored as a code and
read on the timeline in the reader's language, whatever language the writer worked in (issue 8)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.utils import translation

from decocrm.sla.choices import ClockAction, ClockState
from decocrm.sla.models import Clock, ClockEvent
from decocrm.sla.selectors import clocks_for_subject
from leads.choices import LeadClockKind, LeadClockNote
from leads.services import appointment_book, appointment_mark_held, appointment_reschedule, lead_reject

from .design_helpers import VISIT, T, qualified

pytestmark = pytest.mark.django_db


def _page(client, user, lead, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(lead.get_absolute_url()).content.decode()


def test_a_rejection_written_in_chinese_reads_in_english_and_one_written_in_english_reads_in_chinese(
    client, capture, salesperson
):
    with translation.override("zh-hans"):
        in_chinese = lead_reject(lead=capture(salesperson), by=salesperson, reason="no_real_demand", at=T)
    with translation.override("en"):
        in_english = lead_reject(lead=capture(salesperson), by=salesperson, reason="no_real_demand", at=T)
    for lead in (in_chinese, in_english):
        [cancelled] = clocks_for_subject(lead)
        assert (cancelled.state, cancelled.code, cancelled.note) == (ClockState.CANCELLED, LeadClockNote.REJECTED, "")
        english, chinese = _page(client, salesperson, lead, "en"), _page(client, salesperson, lead, "zh-hans")
        assert "lead rejected" in english and "线索无效" not in english
        assert "线索无效" in chinese and "lead rejected" not in chinese


def test_a_customers_reschedule_reads_in_the_readers_language_with_the_reason_as_typed(client, capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = appointment_book(lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT, place="门店",
                                   at=T)  # fmt: skip
    with translation.override("zh-hans"):
        appointment_reschedule(
            appointment=appointment, by=salesperson, scheduled_at=VISIT + timedelta(days=2), cause="customer",
            reason="业主出差", at=T + timedelta(hours=1),
        )  # fmt: skip
        appointment_mark_held(appointment=appointment, by=salesperson, at=VISIT + timedelta(days=2))
    pause = ClockEvent.objects.get(clock__kind=LeadClockKind.MEASUREMENT_BOOKING, action=ClockAction.PAUSE)
    assert (pause.code, pause.params) == (
        LeadClockNote.CUSTOMER_RESCHEDULED,
        {"kind": "consultation", "reason": "业主出差"},
    )
    english = _page(client, salesperson, lead, "en")
    assert "customer rescheduled the Consultation: 业主出差" in english and "rescheduled appointment held" in english
    chinese = _page(client, salesperson, lead, "zh-hans")
    assert "客户将咨询洽谈改期：业主出差" in chinese and "改期后的预约已完成" in chinese


def test_old_lead_clock_notes_in_either_language_become_codes(capture, salesperson):
    clock = Clock.objects.get(object_id=capture(salesperson).pk)
    written = {
        "线索无效": (LeadClockNote.REJECTED, {}),
        "lead won": (LeadClockNote.WON, {}),
        "客户将量房改期：客户出差，下周再约": (
            LeadClockNote.CUSTOMER_RESCHEDULED, {"kind": "measurement", "reason": "客户出差，下周再约"}),
        "customer rescheduled the Proposal review: away": (
            LeadClockNote.CUSTOMER_RESCHEDULED, {"kind": "proposal_review", "reason": "away"}),
        "线索关闭": ("", {}),  # not a sentence the system knows: stays as it was
    }  # fmt: skip
    events = {note: ClockEvent.objects.create(clock=clock, action="cancel", at=T, note=note) for note in written}
    importlib.import_module("decocrm.sla.migrations.0005_clock_notes_to_codes").notes_to_codes(apps, None)
    for note, (code, params) in written.items():
        event = ClockEvent.objects.get(pk=events[note].pk)
        assert (event.code, event.params, event.note) == (code, params, "" if code else note)
