"""The lead timeline: what the system wrote reads in the reader's language, a person's note as typed, and each
entry kind renders through its own template (leads/timeline/<kind>.html)."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.utils import translation

from decocrm.core.timeline import timeline as lead_timeline
from leads.choices import TRANSITION_TEXTS, TransitionEvent
from leads.design_panel import design_panel_context
from leads.models import LeadTransition
from leads.services import (
    appointment_book,
    appointment_reschedule,
    lead_log_contact,
    lead_qualify,
    proposal_record_response,
)

from .design_helpers import VISIT, T, delivered

pytestmark = pytest.mark.django_db


def _qualified_with_a_note(capture, salesperson, note):
    lead = capture(salesperson)
    lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="约量房", at=T)
    return lead_qualify(lead=lead, by=salesperson, note=note, at=T)


def _page(client, user, lead, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(lead.get_absolute_url()).content.decode()


def test_a_proposal_accepted_from_the_chinese_ui_reads_in_each_readers_language(client, capture, salesperson):
    with translation.override("zh-hans"):  # the salesperson works in Chinese
        lead, proposal = delivered(capture, salesperson)
        proposal_record_response(proposal=proposal, by=salesperson, response="accepted", at=VISIT + timedelta(days=2))
    english = _page(client, salesperson, lead, "en")
    assert "proposal v1 accepted" in english and "proposal v1 delivered" in english
    assert "设计方案 v1 已被接受" not in english
    chinese = _page(client, salesperson, lead, "zh-hans")
    assert "设计方案 v1 已被接受" in chinese and "proposal v1 accepted" not in chinese


def test_a_note_a_person_typed_stays_as_typed(client, capture, salesperson):
    with translation.override("zh-hans"):
        lead = _qualified_with_a_note(capture, salesperson, "客户预算充足")
    transition = lead.transitions.get(to_state="qualified")
    assert (transition.event, transition.note) == ("", "客户预算充足")
    assert "客户预算充足" in _page(client, salesperson, lead, "en")


def test_every_timeline_kind_renders_through_its_own_template(client, capture, salesperson):
    lead, _proposal = delivered(capture, salesperson)
    consultation = appointment_book(
        lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT + timedelta(days=3), place="门店", at=T
    )
    appointment_reschedule(
        appointment=consultation, by=salesperson, scheduled_at=VISIT + timedelta(days=4), cause="customer",
        reason="客户出差", at=T + timedelta(hours=1),
    )  # fmt: skip
    entries = lead_timeline(lead)
    kinds = {entry.kind for entry in entries}
    assert kinds == {
        "transition", "contact", "assignment", "clock", "appointment", "reschedule", "measurement", "proposal"
    }  # fmt: skip
    templates = {entry.kind: entry.template for entry in entries}
    assert templates["clock"] == "sla/timeline/clock.html"  # the clocks' shared source
    assert templates["transition"] == "includes/timeline_transition.html"  # shared with every state machine
    assert all(templates[kind] == f"leads/timeline/{kind}.html" for kind in kinds - {"clock", "transition"})
    for template in templates.values():
        get_template(template)
    page = _page(client, salesperson, lead, "en")
    for kind in kinds:
        assert f"timeline-entry timeline-{kind}" in page, kind
    assert "客户出差" in page and "Design proposal v1" in page and "first contact" in page


def test_took_place_is_offered_by_the_panel_for_a_consultation_not_for_the_measurement(capture, salesperson):
    lead, _proposal = delivered(capture, salesperson)
    appointment_book(
        lead=lead, by=salesperson, kind="consultation", scheduled_at=VISIT + timedelta(days=3), place="门店", at=T
    )
    rows = design_panel_context(lead, salesperson)["appointment_rows"]
    offered = {row["appointment"].kind: row["can_mark_held"] for row in rows if row["appointment"].is_scheduled}
    assert offered == {"consultation": True}


@pytest.mark.parametrize(
    "old_note, event, params",
    [
        ("设计方案 v3 已被接受", TransitionEvent.PROPOSAL_ACCEPTED, {"v": 3}),
        ("proposal v2 delivered", TransitionEvent.PROPOSAL_DELIVERED, {"v": 2}),
        ("修改后的设计方案 v2 已交付", TransitionEvent.PROPOSAL_REVISED, {"v": 2}),
        ("已预约量房：2026-03-04 10:00", TransitionEvent.MEASUREMENT_BOOKED, {"when": "2026-03-04 10:00"}),
        ("首次联系", TransitionEvent.FIRST_CONTACT, {}),
    ],
)
def test_old_system_notes_become_codes_and_a_persons_note_is_kept(capture, salesperson, old_note, event, params):
    lead = _qualified_with_a_note(capture, salesperson, "客户预算充足")
    typed = lead.transitions.get(to_state="qualified")
    old = LeadTransition.objects.create(lead=lead, from_state="qualified", to_state="lost", at=T, note=old_note)
    migration = importlib.import_module("leads.migrations.0004_transition_event_from_note")
    migration.notes_to_events(apps, None)
    old.refresh_from_db()
    typed.refresh_from_db()
    assert (old.event, old.params, old.note) == (event, params, "")
    assert (typed.event, typed.note) == ("", "客户预算充足")
    with translation.override("en"):
        assert old.event_text == TRANSITION_TEXTS.render(event, params)
    migration.events_to_notes(apps, None)  # and back
    old.refresh_from_db()
    assert (old.event, old.note) == ("", old.note) and old.note


def test_an_unknown_code_or_broken_parameters_fall_back_instead_of_failing():
    assert TRANSITION_TEXTS.render("no_such_event", {}, fallback="x") == "x"
    with translation.override("en"):
        assert TRANSITION_TEXTS.render(TransitionEvent.PROPOSAL_ACCEPTED, {}) == "proposal v%(v)d accepted"
    assert TRANSITION_TEXTS.recognise("客户说再考虑一下") is None
