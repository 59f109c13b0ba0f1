"""Notices for every hand-over (issue 9): a reassignment, a claim from the pool, a manager's assignment from the pool,
a return to the pool and a designer's assignment tell the right people once each and nobody else; the bell shows
them in the reader's language."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from decocrm.accounts.choices import Role
from decocrm.notifications.delivery import notifications_deliver_due
from decocrm.notifications.models import Notification
from leads.choices import AssignmentKind
from leads.models import Lead
from leads.services import (
    LeadStateError,
    lead_assign,
    lead_assign_designer,
    lead_claim,
    lead_release_to_pool,
)
from leads.services.notices import LeadNotice

from .conftest import MONDAY
from .design_helpers import T, qualified

pytestmark = pytest.mark.django_db
LATER = MONDAY + timedelta(hours=3)


def told():
    """{username: [code, ...]} of every notice stored."""
    result = {}
    for username, code in Notification.objects.order_by("id").values_list("recipient__username", "code"):
        result.setdefault(username, []).append(code)
    return result


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


def test_a_managers_reassignment_tells_the_new_and_the_previous_owner_once(
    capture, salesperson, colleague, team_manager, make_staff, team
):
    bystander = make_staff(Role.SALES, team=team)
    lead = capture(salesperson, name="周女士")
    assert told() == {}  # entering one's own lead tells nobody

    lead_assign(lead=lead, owner=colleague, by=team_manager, note="她住得近", at=LATER)

    assert told() == {
        colleague.username: [LeadNotice.GIVEN_TO_YOU],
        salesperson.username: [LeadNotice.TAKEN_FROM_YOU],
    }  # not the manager who did it, not the bystander
    assert bystander.username not in told()
    given = Notification.objects.get(recipient=colleague)
    assert given.url == lead.get_absolute_url() and given.body == "她住得近"
    assert given.dedupe_key  # one event, one notice per person, whatever is retried


def test_a_refused_reassignment_tells_nobody(capture, salesperson, team_manager):
    lead = capture(salesperson)
    with pytest.raises(LeadStateError):
        lead_assign(lead=lead, owner=salesperson, by=team_manager, at=LATER)
    assert not Notification.objects.exists()


def test_a_claim_tells_the_claimer_and_the_owner_who_let_it_lapse(capture, salesperson, colleague, team_manager):
    lead = capture(salesperson, name="吴先生")
    lead_release_to_pool(lead=lead, by=team_manager, note="首联超时", at=LATER)
    assert told() == {salesperson.username: [LeadNotice.RETURNED_TO_POOL]}

    lead_claim(lead=lead, by=colleague, at=LATER + timedelta(hours=1))

    assert told() == {
        salesperson.username: [LeadNotice.RETURNED_TO_POOL, LeadNotice.CLAIMED_FROM_POOL],
        colleague.username: [LeadNotice.CLAIMED_BY_YOU],  # the reminder of the first contact
    }
    assert team_manager.username not in told()


def test_a_claim_of_a_lead_that_never_had_an_owner_tells_the_claimer_only(capture, salesperson, colleague):
    lead = capture(salesperson, owner=None)
    assert told() == {}
    lead_claim(lead=lead, by=colleague, at=LATER)
    assert told() == {colleague.username: [LeadNotice.CLAIMED_BY_YOU]}


def test_a_manager_assigning_from_the_pool_tells_the_new_owner(capture, salesperson, colleague, team_manager):
    lead = capture(salesperson, owner=None)
    lead_assign(lead=lead, owner=colleague, by=team_manager, at=LATER)
    assert told() == {colleague.username: [LeadNotice.GIVEN_TO_YOU]}


def test_a_lead_entered_for_someone_else_tells_them(capture, salesperson, team_manager):
    capture(team_manager, owner=salesperson)
    assert told() == {salesperson.username: [LeadNotice.GIVEN_TO_YOU]}


def test_the_automatic_return_to_the_pool_tells_the_owner(capture, salesperson, settings):
    from decocrm.sla.selectors import clocks_for_subject
    from decocrm.sla.sweep import sla_sweep
    from leads.pool import return_breached_leads

    settings.LEADS_AUTO_RETURN_TO_POOL = True
    lead = capture(salesperson)
    sla_sweep(now=clocks_for_subject(lead).get().due_at + timedelta(minutes=5))
    assert return_breached_leads(lead_ids=[lead.pk]) == 1
    assert Lead.objects.get(pk=lead.pk).assignments.last().kind == AssignmentKind.AUTO_RELEASE
    lapsed = Notification.objects.filter(recipient=salesperson, code=LeadNotice.LAPSED_TO_POOL)
    assert lapsed.count() == 1


def test_the_designer_is_told_and_so_is_the_owner_when_a_manager_chose(
    capture, salesperson, team_manager, designer, make_staff
):
    lead = qualified(capture, salesperson, name="郑女士")
    lead_assign_designer(lead=lead, by=salesperson, designer=designer, at=T)
    assert told() == {designer.username: [LeadNotice.DESIGNER_YOU]}  # the owner chose: not told of it

    second = make_staff(Role.DESIGNER)
    lead_assign_designer(lead=Lead.objects.get(pk=lead.pk), by=team_manager, designer=second, at=T)
    assert told() == {
        designer.username: [LeadNotice.DESIGNER_YOU, LeadNotice.DESIGNER_NO_LONGER],
        second.username: [LeadNotice.DESIGNER_YOU],
        salesperson.username: [LeadNotice.DESIGNER_CHOSEN],
    }


def test_the_notice_reads_in_the_readers_language(capture, salesperson, colleague, team_manager):
    lead = capture(salesperson, name="周女士")
    lead_assign(lead=lead, owner=colleague, by=team_manager, at=LATER)
    notice = Notification.objects.get(recipient=colleague)
    params = {"customer": "周女士", "by": team_manager.display_name, "to": colleague.display_name}
    with translation.override("en"):
        assert notice.shown_title == f"{team_manager.display_name} gave you the lead 周女士"
    with translation.override("zh-hans"):
        # stored in the company language for email and the robot; the bell renders the reader's
        assert notice.title == notice.shown_title == gettext("%(by)s gave you the lead %(customer)s") % params

    client = Client()
    client.force_login(colleague)
    client.cookies["django_language"] = "en"
    page = client.get("/notifications/").content.decode()
    assert f"{team_manager.display_name} gave you the lead 周女士" in page


def test_appeal_notices_read_in_the_readers_language_too(collision, colleague, salesperson, team_manager, settings):
    """The appeal notices share the helper: a salesperson reading in English sees English, in Chinese Chinese."""
    from leads.services import appeal_open

    appeal_open(collision=collision, by=colleague, reason="展会先接待", at=MONDAY + timedelta(hours=2))
    notice = Notification.objects.get(recipient=salesperson)
    with translation.override("en"):
        assert notice.shown_title == f"{colleague.display_name} appeals against your customer 赵女士"
    with translation.override("zh-hans"):
        assert notice.shown_title != f"{colleague.display_name} appeals against your customer 赵女士"
        assert "赵女士" in notice.shown_title and notice.shown_title == notice.title
    for language, expected in (("en", "appeals against your customer"), ("zh-hans", notice.title)):
        client = Client()
        client.force_login(salesperson)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        assert expected in client.get("/notifications/").content.decode()


def test_each_recipient_gets_one_email_in_the_company_language(
    capture, salesperson, colleague, team_manager, settings, mailoutbox
):
    settings.NOTIFICATION_EMAIL_ENABLED = True
    salesperson.email, colleague.email = "a@example.com", "b@example.com"
    salesperson.save(update_fields=["email"])
    colleague.save(update_fields=["email"])
    lead = capture(salesperson, name="周女士")
    lead_assign(lead=lead, owner=colleague, by=team_manager, at=LATER)
    notifications_deliver_due()
    notifications_deliver_due()
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.com", "b@example.com"]
    assert all("周女士" in m.subject for m in mailoutbox)
