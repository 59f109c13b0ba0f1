"""Why a clock was paused, cancelled or handed over is stored as a code plus parameters and read in the reader's
language (issue 8: entries are stored as codes); what a person typed stays as typed. Apps add their own codes by
registering a table, without editing decocrm/sla."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.translation import gettext_lazy

from decocrm.accounts.choices import Role
from decocrm.core.coded_text import CodedTexts
from decocrm.sla import notes
from decocrm.sla.choices import ClockAction, ClockKind, ClockState
from decocrm.sla.models import Clock, ClockEvent
from decocrm.sla.services import clock_cancel, clock_hand_over, clock_pause, clock_start

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)
KIND = ClockKind.QUALITY_RESPONSE


@pytest.fixture
def newcomer(make_staff, team):
    return make_staff(Role.SALES, team=team, email="newcomer@example.com", first_name="五", last_name="王")


@pytest.fixture
def own_tables(monkeypatch):
    """Registrations made by a test are forgotten after it."""
    monkeypatch.setattr(notes, "_tables", list(notes._tables))


def read(obj, language):
    with translation.override(language):
        return obj.system_text


def test_a_reason_the_engine_wrote_in_chinese_reads_in_english_and_back(subject, owner, newcomer):
    clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    with translation.override("zh-hans"):  # the person who released it works in Chinese
        [pooled] = clock_hand_over(subject=subject, to_owner=None, at=MONDAY + timedelta(hours=1))
    released = ClockEvent.objects.get(action=ClockAction.HAND_OVER)
    assert (released.code, released.params, released.note) == (notes.RETURNED_TO_POOL, {}, "")
    assert read(released, "en") == "returned to the pool"
    assert read(released, "zh-hans") == "已退回公海"
    assert pooled.state == ClockState.PAUSED
    assert (read(pooled, "en"), read(pooled, "zh-hans")) == ("in the pool: nobody owns it yet", "在公海中：尚无负责人")

    with translation.override("en"):  # and one written in English reads in Chinese
        clock_hand_over(subject=subject, to_owner=newcomer, at=MONDAY + timedelta(hours=2))
    handed = ClockEvent.objects.filter(action=ClockAction.HAND_OVER).last()
    name = newcomer.display_name
    assert (handed.code, handed.params) == (notes.HANDED_OVER, {"name": name})
    assert (read(handed, "en"), read(handed, "zh-hans")) == (f"handed over to {name}", f"已移交给{name}")


def test_what_a_person_typed_stays_as_typed_and_travels_with_a_hand_over(subject, owner, newcomer):
    clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    paused = clock_pause(kind=KIND, subject=subject, reason=" 客户出差 ", at=MONDAY + timedelta(minutes=5))
    event = paused.events.get(action=ClockAction.PAUSE)
    assert (paused.code, paused.note, event.code, event.note) == ("", "客户出差", "", "客户出差")
    assert (read(event, "en"), event.text) == ("", "客户出差")
    [fresh] = clock_hand_over(subject=subject, to_owner=newcomer, at=MONDAY + timedelta(hours=1))
    assert (fresh.state, fresh.code, fresh.note) == (ClockState.PAUSED, "", "客户出差")


def test_an_app_registers_its_own_codes_and_their_choice_parameters_read_as_labels(own_tables, subject, owner):
    waiting = notes.register_clock_event_texts(
        CodedTexts({"tests_waiting_for": gettext_lazy("waiting for the %(kind)s")}, choices={"kind": ClockKind})
    )
    assert notes.register_clock_event_texts(waiting) is waiting  # registering again changes nothing
    clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    with translation.override("zh-hans"):
        paused = clock_pause(
            kind=KIND, subject=subject, code="tests_waiting_for", params={"kind": ClockKind.REPAIR_ON_SITE},
            reason="配件缺货", at=MONDAY + timedelta(minutes=5),
        )  # fmt: skip
    event = paused.events.get(action=ClockAction.PAUSE)
    assert (event.code, event.params, event.note) == ("tests_waiting_for", {"kind": "repair_on_site"}, "配件缺货")
    with translation.override("en"):
        assert event.text == "waiting for the Repair response (on site) · 配件缺货"
    with translation.override("zh-hans"):
        label = str(ClockKind.REPAIR_ON_SITE.label)
        assert label != "Repair response (on site)" and read(event, "zh-hans") == f"waiting for the {label}"
        # an old sentence with the label in either language comes back as the value
        assert waiting.recognise(f"waiting for the {label}") == ("tests_waiting_for", {"kind": "repair_on_site"})


def test_a_code_nobody_registered_or_registered_twice_is_refused(own_tables, subject, owner):
    clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    with pytest.raises(ValueError, match="no_such_code"):
        clock_cancel(kind=KIND, subject=subject, code="no_such_code", at=MONDAY)
    assert Clock.objects.get().state == ClockState.RUNNING
    with pytest.raises(ImproperlyConfigured, match="returned_to_pool"):
        notes.register_clock_event_texts(CodedTexts({notes.RETURNED_TO_POOL: gettext_lazy("mine")}))
    assert notes.render_clock_note("from_an_app_since_removed", {}) == "from_an_app_since_removed"


def test_old_notes_the_engine_wrote_become_codes_in_either_language_and_typed_ones_stay(subject, owner):
    clock = clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    written = {
        "已退回公海": (notes.RETURNED_TO_POOL, {}),
        "handed over to 王五": (notes.HANDED_OVER, {"name": "王五"}),
        "已移交给Li Lei": (notes.HANDED_OVER, {"name": "Li Lei"}),
        "working-day calendar changed": (notes.CALENDAR_CHANGED, {}),
        "停止前自动恢复": (notes.RESUMED_TO_STOP, {}),
        "客户出差": ("", {}),  # a person's words
    }
    events = {note: ClockEvent.objects.create(clock=clock, action="pause", at=MONDAY, note=note) for note in written}
    Clock.objects.filter(pk=clock.pk).update(note="已退回公海")
    migration = importlib.import_module("decocrm.sla.migrations.0005_clock_notes_to_codes")

    migration.notes_to_codes(apps, None)

    for note, (code, params) in written.items():
        event = ClockEvent.objects.get(pk=events[note].pk)
        assert (event.code, event.params, event.note) == (code, params, "" if code else note)
    clock.refresh_from_db()
    assert (clock.code, clock.note) == (notes.RETURNED_TO_POOL, "")

    with translation.override(settings.LANGUAGE_CODE):
        migration.codes_to_notes(apps, None)  # and back: a sentence in the site's language
        expected = {note: ClockEvent(code=code, params=params).system_text for note, (code, params) in written.items()}
    for note, event in events.items():
        event.refresh_from_db()
        assert (event.code, event.note) == ("", expected[note] or note)


def test_the_admin_shows_a_clocks_reasons_in_the_readers_language(client, company_manager, subject, owner):
    clock = clock_start(kind=KIND, subject=subject, owner=owner, at=MONDAY)
    with translation.override("zh-hans"):
        clock_hand_over(subject=subject, to_owner=None, at=MONDAY + timedelta(hours=1))
    client.force_login(company_manager)
    url = f"/admin/sla/clock/{clock.pk}/change/"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "returned to the pool" in english and "已退回公海" not in english and notes.RETURNED_TO_POOL not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert "已退回公海" in client.get(url).content.decode()
