"""Questions answered later and their reply clock (seed 001 §3(二)2, 4; issue 9): recorded at capture or from the lead
page, the clock starts in the same transaction and stops on the answer (met or met late), the lead page shows both
on its timeline and in its clocks card."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.notifications.models import Notification
from decocrm.sla.choices import ClockState
from decocrm.sla.models import SlaPolicy
from decocrm.sla.selectors import clocks_for_subject
from decocrm.sla.sweep import sla_sweep
from leads.choices import LeadClockKind
from leads.models import Consultation, Lead
from leads.services import (
    LeadPermissionError,
    LeadStateError,
    consultation_answer,
    consultation_record,
    lead_assign,
    lead_reject,
)
from tests.querycount import assert_constant_queries

from .conftest import MONDAY

pytestmark = pytest.mark.django_db
REPLY = LeadClockKind.CONSULTATION_REPLY
ASKED = MONDAY + timedelta(hours=1)


def reply_clock(consultation):
    return clocks_for_subject(consultation).get(kind=REPLY)


def ask(lead, by, at=ASKED, question="卫生间能改成干湿分离吗？"):
    return consultation_record(lead=lead, by=by, question=question, channel="phone", at=at)


def test_the_policy_is_seeded_24_hours():
    policy = SlaPolicy.objects.get(kind=REPLY)
    assert (policy.amount, policy.unit, policy.active) == (24, "hours", True)


def test_recording_a_question_starts_its_reply_clock(capture, salesperson):
    lead = capture(salesperson)
    consultation = ask(lead, salesperson)
    clock = reply_clock(consultation)
    assert (clock.state, clock.owner, clock.started_at) == (ClockState.RUNNING, salesperson, ASKED)
    assert clock.due_at == ASKED + timedelta(hours=24)
    assert clock.subject_url == lead.get_absolute_url() and "干湿分离" in clock.subject_label


def test_answering_in_time_meets_it_and_late_meets_it_late(capture, salesperson):
    lead = capture(salesperson)
    early, late = ask(lead, salesperson), ask(lead, salesperson, question="吊顶多高？")
    consultation_answer(consultation=early, by=salesperson, answer="可以", at=ASKED + timedelta(hours=23))
    consultation_answer(consultation=late, by=salesperson, answer="2.6 米", at=ASKED + timedelta(hours=25))
    assert reply_clock(early).state == ClockState.MET
    assert reply_clock(late).state == ClockState.MET_LATE
    early.refresh_from_db()
    assert (early.answer, early.answered_by, early.is_answered) == ("可以", salesperson, True)


def test_a_question_is_answered_once(capture, salesperson):
    consultation = ask(capture(salesperson), salesperson)
    consultation_answer(consultation=consultation, by=salesperson, answer="可以", at=ASKED + timedelta(hours=1))
    with pytest.raises(LeadStateError, match="already answered"):
        consultation_answer(consultation=consultation, by=salesperson, answer="不行", at=ASKED + timedelta(hours=2))
    assert Consultation.objects.get(pk=consultation.pk).answer == "可以"


def test_empty_text_and_times_out_of_order_are_refused_and_change_nothing(capture, salesperson):
    lead = capture(salesperson)
    with pytest.raises(ValidationError) as error:
        consultation_record(lead=lead, by=salesperson, question="  ", channel="phone", at=ASKED)
    assert "question" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        consultation_record(lead=lead, by=salesperson, question="?", channel="carrier pigeon", at=ASKED)
    assert "channel" in error.value.message_dict
    with pytest.raises(ValidationError):
        ask(lead, salesperson, at=MONDAY - timedelta(days=1))  # before the lead existed
    consultation = ask(lead, salesperson)
    with pytest.raises(ValidationError) as error:
        consultation_answer(consultation=consultation, by=salesperson, answer="", at=ASKED + timedelta(hours=1))
    assert "answer" in error.value.message_dict
    with pytest.raises(ValidationError):
        consultation_answer(consultation=consultation, by=salesperson, answer="好", at=ASKED - timedelta(minutes=5))
    assert Consultation.objects.count() == 1 and reply_clock(consultation).state == ClockState.RUNNING


def test_only_the_people_working_the_lead_record_and_answer(
    capture, salesperson, colleague, outsider, team_manager, make_staff
):
    from leads.services import lead_assign_designer, lead_log_contact, lead_qualify

    lead = capture(salesperson)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="约量房", at=ASKED)
    lead_qualify(lead=lead, by=salesperson, at=ASKED)
    designer = make_staff(Role.DESIGNER)
    lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=ASKED)
    for stranger in (colleague, outsider, designer):  # the designer passes questions to the salesperson
        with pytest.raises(LeadPermissionError):
            ask(lead, stranger)
    consultation = ask(lead, team_manager)  # a manager acts for the owner
    for stranger in (colleague, outsider, designer):
        with pytest.raises(LeadPermissionError):
            consultation_answer(consultation=consultation, by=stranger, answer="好", at=ASKED + timedelta(hours=1))
    consultation_answer(consultation=consultation, by=salesperson, answer="好", at=ASKED + timedelta(hours=1))


def test_a_closed_lead_takes_no_new_question_and_its_clocks_are_cancelled(capture, salesperson):
    lead = capture(salesperson)
    consultation = ask(lead, salesperson)
    lead_reject(lead=lead, by=salesperson, reason="mismatch", at=ASKED + timedelta(hours=1))
    assert reply_clock(consultation).state == ClockState.CANCELLED
    with pytest.raises(LeadStateError):
        ask(Lead.objects.get(pk=lead.pk), salesperson, at=ASKED + timedelta(hours=2))
    # what was promised can still be answered
    consultation_answer(consultation=consultation, by=salesperson, answer="好", at=ASKED + timedelta(hours=3))


def test_the_reply_clock_follows_the_lead_to_its_new_owner(capture, salesperson, colleague, team_manager):
    lead = capture(salesperson)
    consultation = ask(lead, salesperson)
    lead_assign(lead=lead, owner=colleague, by=team_manager, at=ASKED + timedelta(hours=2))
    running = clocks_for_subject(consultation).get(kind=REPLY, state=ClockState.RUNNING)
    assert running.owner == colleague


def test_the_sweep_warns_then_breaches_the_owner(capture, salesperson):
    lead = capture(salesperson)
    consultation = ask(lead, salesperson)
    with time_machine.travel(ASKED + timedelta(hours=21), tick=False):
        assert sla_sweep().warned == 1
    with time_machine.travel(ASKED + timedelta(hours=24, minutes=1), tick=False):
        assert sla_sweep().breached == 1
    kinds = sorted(Notification.objects.filter(recipient=salesperson).values_list("kind", flat=True))
    assert kinds == ["sla_breach", "sla_warning"]
    assert reply_clock(consultation).state == ClockState.BREACHED
    with time_machine.travel(ASKED + timedelta(hours=30), tick=False):
        consultation_answer(consultation=consultation, by=salesperson, answer="可以")
    assert reply_clock(consultation).state == ClockState.MET_LATE


def test_a_question_entered_at_capture(capture, salesperson):
    lead = capture(salesperson, question="报价含不含主材？", question_channel="wechat")
    consultation = lead.consultations.get()
    assert (consultation.channel, consultation.recorded_at, consultation.recorded_by) == ("wechat", MONDAY, salesperson)
    assert reply_clock(consultation).state == ClockState.RUNNING
    assert not capture(salesperson).consultations.exists()  # none unless asked


def test_the_capture_page_records_the_question(client, salesperson):
    client.force_login(salesperson)
    response = client.post(
        reverse("leads:create"),
        {"name": "冯先生", "phone": "13912345678", "channel": "walk_in", "question": "多久能开工？",
         "question_channel": "visit"},
    )  # fmt: skip
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert (consultation.question, consultation.channel) == ("多久能开工？", "visit")


def test_the_lead_page_shows_the_question_its_clock_and_the_answer(client, capture, salesperson, make_staff):
    lead = capture(salesperson)
    consultation = ask(lead, salesperson, at=None)
    client.force_login(salesperson)
    page = client.get(lead.get_absolute_url()).content.decode()
    assert "干湿分离" in page and 'id="action-answer"' in page and 'id="action-question"' in page
    clocks_card = page.split('id="running-clocks"')[1].split('id="timeline"')[0]
    assert "干湿分离" in clocks_card  # the reply clock, in the clocks card
    response = client.post(
        reverse("leads:action", args=[lead.pk, "answer"]),
        {"answer-consultation": consultation.pk, "answer-answer": "可以做"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert "可以做" in body and 'id="action-answer"' not in body  # nothing left to answer
    designer = make_staff(Role.DESIGNER)
    client.force_login(designer)  # not this lead's designer: the page is not theirs
    assert client.get(lead.get_absolute_url()).status_code == 404


def test_answering_another_leads_question_from_this_lead_is_refused(client, capture, salesperson):
    lead, other = capture(salesperson), capture(salesperson)
    ask(lead, salesperson, at=None)
    foreign = ask(other, salesperson, at=None)
    client.force_login(salesperson)
    client.post(
        reverse("leads:action", args=[lead.pk, "answer"]),
        {"answer-consultation": foreign.pk, "answer-answer": "可以"},
    )
    assert not Consultation.objects.get(pk=foreign.pk).is_answered


def test_the_lead_page_runs_as_many_queries_with_many_questions_as_with_one(client, capture, salesperson):
    lead = capture(salesperson)

    def add(n):
        for i in range(n):
            ask(lead, salesperson, at=None, question=f"问题{i}")

    client.force_login(salesperson)
    assert_constant_queries(client, lead.get_absolute_url(), add)
