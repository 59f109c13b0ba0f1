"""The sweep's notices and the appeal notices are shown in the reader's language (the stored text is the company's,
for email and the group robot): an English reader got "逾期：维修联系" before."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse

from decocrm.notifications.models import Notification
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice
from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_start
from decocrm.sla.sweep import sla_sweep

from .conftest import local

pytestmark = pytest.mark.django_db

MONDAY = local(2026, 3, 2, 10, 0)


def page_in(client, user, language):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("notifications:list")).content.decode()


def test_the_sweeps_notices_read_in_the_readers_language(client, subject, owner, team_manager, company_manager):
    clock_start(kind=ClockKind.REPAIR_CONTACT, subject=subject, owner=owner, at=MONDAY, label="李女士 报修")
    sla_sweep(now=MONDAY + timedelta(hours=1, minutes=40))  # due soon
    sla_sweep(now=MONDAY + timedelta(hours=5))  # overdue, the team digest, and escalated
    stored = Notification.objects.get(recipient=owner, kind="sla_breach")
    assert stored.title == "逾期：维修联系"  # what email and the robot send: the company language
    english = page_in(client, owner, "en")
    assert "Overdue: Repair contact" in english and "Due soon: Repair contact" in english
    assert "逾期" not in english and "即将到期" not in english and "李女士 报修" in english  # typed text stays
    chinese = page_in(client, owner, "zh-hans")
    assert "逾期：维修联系" in chinese and "Overdue" not in chinese
    manager_english = page_in(client, team_manager, "en")
    assert "New overdue items in your team: 1" in manager_english and "逾期" not in manager_english
    assert "Escalated, still overdue: 1" in page_in(client, company_manager, "en")


def test_a_notice_with_an_unknown_code_or_bad_parameters_shows_its_stored_text(owner):
    text = notice("sla_team_digest", count=3)
    notification_create_many(
        notifications=[
            {"recipient": owner, "kind": "general", **text, "code": "gone_app_text"},
            {"recipient": owner, "kind": "general", **text, "params": {"wrong": 1}, "dedupe_key": "b"},
        ]
    )
    assert {n.shown_title for n in Notification.objects.all()} == {text["title"]}


def test_an_appeal_decision_names_the_decision_and_level_in_the_readers_language(owner):
    from django.utils import translation

    text = notice("appeal_decided", customer="谢宇", decision="keep", by="赵总", level=3, note="已签约，维持")
    assert text["title"] == "申诉已裁定：谢宇，原负责人保留客户"  # stored: the company language
    notification_create_many(notifications=[{"recipient": owner, "kind": "general", **text}])
    stored = Notification.objects.get()
    with translation.override("en"):
        assert stored.shown == (
            "Appeal decided: 谢宇, Existing owner keeps the customer",
            "赵总 (General office): 已签约，维持",
        )
