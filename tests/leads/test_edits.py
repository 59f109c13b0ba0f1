"""Editing a lead (issue 9): services.lead_update changes only the fields that are not protected, for the owner
and the managers in whose scope the lead is, and records who changed what; the lead's timeline shows each field
old -> new in the reader's language, one query whatever the number of edits; the admin's history view is scoped."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.urls import reverse

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from leads.actions import LEAD_ACTIONS
from leads.choices import Channel
from leads.models import Lead
from leads.services import LeadPermissionError, lead_update
from leads.timeline import lead_edit_history
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def test_an_edit_is_recorded_with_who_and_old_and_new(capture, salesperson):
    lead = capture(salesperson, channel=Channel.WALK_IN, enquiry="三室")
    lead_update(lead=lead, by=salesperson, channel=Channel.PHONE, enquiry="三室两厅")
    [entry] = lead_edit_history(lead)
    assert entry.obj.by == salesperson
    assert {(c.name, c.old, c.new) for c in entry.obj.changes} == {
        ("channel", str(Channel.WALK_IN.label), str(Channel.PHONE.label)),
        ("enquiry", "三室", "三室两厅"),
    }


def test_protected_fields_are_refused(capture, salesperson):
    lead = capture(salesperson)
    for field in ("owner", "state", "team", "designer", "created_at", "next_due_at", "referral_reward_status"):
        with pytest.raises(TypeError):
            lead_update(lead=lead, by=salesperson, **{field: None})


def test_a_referral_names_who_referred(capture, salesperson):
    lead = capture(salesperson)
    with pytest.raises(ValidationError) as refused:
        lead_update(lead=lead, by=salesperson, channel=Channel.REFERRAL)
    assert "referred_by_partner" in refused.value.message_dict
    assert Lead.objects.get(pk=lead.pk).channel == Channel.WALK_IN
    lead_update(lead=lead, by=salesperson, channel=Channel.REFERRAL, referred_by_partner="物业王经理")


def test_who_may_edit(capture, salesperson, colleague, team_manager, company_manager, make_staff):
    lead = capture(salesperson)
    other_manager = make_staff(Role.MANAGER, team=team_create(name="二部"))
    designer = make_staff(Role.DESIGNER)
    for outsider in (colleague, other_manager, designer):
        with pytest.raises(LeadPermissionError):
            lead_update(lead=lead, by=outsider, channel_detail="x")
        assert "edit" not in [action.name for action in LEAD_ACTIONS.available(lead, outsider)]
    for allowed in (salesperson, team_manager, company_manager):
        lead_update(lead=lead, by=allowed, channel_detail=f"{allowed.pk}")
        assert "edit" in [action.name for action in LEAD_ACTIONS.available(lead, allowed)]
    assert [entry.obj.by for entry in lead_edit_history(lead)] == [salesperson, team_manager, company_manager]


def test_a_closed_lead_is_not_edited(capture, salesperson):
    from leads.services import LeadStateError, lead_reject

    lead = capture(salesperson)
    lead_reject(lead=lead, by=salesperson, reason="no_real_demand")
    lead = Lead.objects.get(pk=lead.pk)
    with pytest.raises(LeadStateError):
        lead_update(lead=lead, by=salesperson, channel_detail="x")
    assert "edit" not in [action.name for action in LEAD_ACTIONS.available(lead, salesperson)]


def test_a_pool_lead_is_claimed_before_it_is_edited(capture, salesperson):
    lead = capture(salesperson, owner=None)
    with pytest.raises(LeadPermissionError):
        lead_update(lead=lead, by=salesperson, channel_detail="x")


def test_the_edit_action_starts_from_the_leads_values_and_shows_on_the_timeline(client, capture, salesperson):
    lead = capture(salesperson, channel=Channel.WALK_IN, channel_detail="门店", enquiry="三室")
    client.force_login(salesperson)
    page = client.get(lead.get_absolute_url()).content.decode()
    # A lazy action (issue 13): the page offers its card; opening it fetches the form (htmx GET of the action's URL)
    assert 'id="action-edit"' in page and 'name="edit-channel_detail"' not in page
    url = reverse("leads:action", args=[lead.pk, "edit"])
    form = client.get(url, **HTMX).content.decode()
    assert 'name="edit-channel_detail"' in form and 'value="门店"' in form and "<html" not in form
    assert 'name="edit-channel_detail"' in client.get(url).content.decode()  # without JavaScript: the page, open
    data = {
        "edit-channel": "walk_in",
        "edit-channel_detail": "展会",
        "edit-enquiry": "三室",
        "edit-referred_by_partner": "",
    }
    body = client.post(reverse("leads:action", args=[lead.pk, "edit"]), data, **HTMX).content.decode()
    assert 'class="timeline-entry timeline-edit"' in body
    entry = body[body.index("timeline-edit") :]
    assert "渠道详情" in entry[:1000] and "门店" in entry[:1000] and "展会" in entry[:1000]
    assert Lead.objects.get(pk=lead.pk).history.filter(history_type="~").count() == 1
    # Sent again unchanged: nothing recorded
    client.post(reverse("leads:action", args=[lead.pk, "edit"]), data)
    assert Lead.objects.get(pk=lead.pk).history.filter(history_type="~").count() == 1


def test_the_lead_page_with_its_edits_is_not_n_plus_one(client, capture, salesperson):
    lead = capture(salesperson)
    done = []

    def add(n):
        for _ in range(n):
            done.append(1)
            lead_update(lead=lead, by=salesperson, channel_detail=f"第{len(done)}次")

    client.force_login(salesperson)
    page = assert_constant_queries(client, lead.get_absolute_url(), add).content.decode()
    assert page.count("timeline-entry timeline-edit") == 20


def test_admin_lead_history_is_scoped(client, capture, salesperson, make_staff, team):
    mine = capture(salesperson)
    lead_update(lead=mine, by=salesperson, channel_detail="本组改")
    other = make_staff(Role.SALES, team=team_create(name="二部"))
    theirs = capture(other)
    manager = make_staff(Role.MANAGER, team=team)
    manager.is_staff = True
    manager.save()
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="leads"))
    client.force_login(manager)
    page = client.get(f"/admin/leads/lead/{mine.pk}/history/")
    assert page.status_code == 200 and "本组改" in page.content.decode()
    assert client.get(f"/admin/leads/lead/{theirs.pk}/history/").status_code == 404
    record = theirs.history.first()
    assert client.get(f"/admin/leads/lead/{theirs.pk}/history/{record.history_id}/").status_code == 404
