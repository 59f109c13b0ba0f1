"""Every declared lead action (leads.actions.LEAD_ACTIONS) through the one generic action view (core.actions), with
htmx (the live part comes back, from the lead as the service left it) and without (post/redirect/get); and the
offers follow the state machine: what the page offers is exactly what the view accepts."""

import pytest
from django.urls import reverse

from decocrm.accounts.choices import Role
from leads.actions import LEAD_ACTIONS
from leads.choices import LeadState
from leads.models import Lead
from leads.services import lead_log_contact, lead_qualify

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def _new(capture, by):
    return capture(by, at=None)


def _contacted(capture, by):
    lead = _new(capture, by)
    lead_log_contact(lead=lead, by=by, channel="phone", summary="电话")
    return Lead.objects.get(pk=lead.pk)


def _qualified(capture, by):
    lead = _contacted(capture, by)
    return lead_qualify(lead=lead, by=by)


def _asked(capture, by):
    from leads.services import consultation_record

    lead = _new(capture, by)
    consultation_record(lead=lead, by=by, question="地暖能做吗？", channel="phone")
    return lead


def _answer_data(lead):
    return {"answer-consultation": lead.consultations.get().pk, "answer-answer": "可以，水地暖"}


# action: (how to make a lead it applies to, who acts, the form data (None: built in the fixture; a function: of the
# lead), the state after)
CASES = {
    "contact": (_new, "salesperson", {"contact-channel": "wechat", "contact-summary": "加了微信"}, LeadState.CONTACTED),
    "qualify": (_contacted, "salesperson", {"qualify-note": "需求真实"}, LeadState.QUALIFIED),
    "reject": (_new, "salesperson", {"reject-reason": "mismatch", "reject-note": ""}, LeadState.REJECTED),
    "lost": (_qualified, "salesperson", {"lost-reason": "price", "lost-note": ""}, LeadState.LOST),
    "designer": (_qualified, "salesperson", None, LeadState.QUALIFIED),
    "assign": (_new, "team_manager", None, LeadState.NEW),
    "release": (_new, "team_manager", {"release-note": "重新分配"}, LeadState.NEW),
    "question": (
        _new,
        "salesperson",
        {"question-question": "地暖能做吗？", "question-channel": "wechat"},
        LeadState.NEW,
    ),
    "answer": (_asked, "salesperson", _answer_data, LeadState.NEW),
    "edit": (
        _new,
        "salesperson",
        {"edit-channel": "phone", "edit-channel_detail": "400热线", "edit-enquiry": "改"},
        LeadState.NEW,
    ),
}


def test_every_declared_action_has_a_case():
    assert set(CASES) == {action.name for action in LEAD_ACTIONS}


@pytest.fixture
def act(client, capture, salesperson, team_manager, colleague, make_staff):
    people = {"salesperson": salesperson, "team_manager": team_manager}
    designer = make_staff(Role.DESIGNER)
    built = {
        "assign": {"assign-owner": colleague.pk, "assign-note": ""},  # to a colleague of the same team
        "designer": {"designer-designer": designer.pk, "designer-note": "量房+方案"},
    }

    def run(name, **extra):
        make, actor, data, state = CASES[name]
        lead = make(capture, salesperson)
        if data is None:
            data = built[name]
        elif callable(data):
            data = data(lead)
        client.force_login(people[actor])
        offered = [offer.action.name for offer in LEAD_ACTIONS.offer(lead, people[actor])]
        assert name in offered, (name, offered)
        response = client.post(reverse("leads:action", args=[lead.pk, name]), data, **extra)
        return lead, response, state

    return run


@pytest.mark.parametrize("name", sorted(CASES))
def test_with_htmx_the_live_part_comes_back_current(act, name):
    lead, response, state = act(name, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="lead-live">'), body[:300]
    assert f'data-state="{state}"' in body.split('id="quick-actions"')[0]
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.state == state
    offered = {offer.action.name for offer in LEAD_ACTIONS.offer(lead, response.wsgi_request.user)}
    for action in LEAD_ACTIONS:  # the buttons on the page are exactly those offered now
        assert (f'id="action-{action.name}"' in body) == (action.name in offered), action.name


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_htmx_a_redirect_to_the_lead(act, name):
    lead, response, state = act(name)
    assert response.status_code == 302 and response["Location"] == lead.get_absolute_url()
    assert Lead.objects.get(pk=lead.pk).state == state


def test_an_action_the_page_no_longer_offers_is_refused_in_its_form(client, capture, salesperson):
    lead = _contacted(capture, salesperson)
    lead_qualify(lead=lead, by=salesperson)  # another tab qualified it meanwhile
    client.force_login(salesperson)
    response = client.post(reverse("leads:action", args=[lead.pk, "qualify"]), {"qualify-note": ""}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "action-error" in body and 'id="action-qualify" open' in body
    assert Lead.objects.get(pk=lead.pk).transitions.filter(to_state=LeadState.QUALIFIED).count() == 1


def test_an_unknown_action_is_404(client, capture, salesperson):
    lead = _new(capture, salesperson)
    client.force_login(salesperson)
    assert client.post(reverse("leads:action", args=[lead.pk, "explode"]), {}).status_code == 404
    assert client.get(reverse("leads:action", args=[lead.pk, "contact"])).status_code == 405
