"""Change history of a contract (decocrm.core.history): an edit names who made it, when, and each field old → new,
on the contract's timeline and in the admin's history view; the money (amount, payment terms) only for those who
see it (permissions.sees_contract_money: not the lead's designer); another team's manager gets a 404."""

import re

import pytest
from django.contrib.auth.models import Permission

from contracts.services import contract_draft, contract_update_terms
from decocrm.accounts.choices import Role

from .conftest import DRAFTED_AT, accepted_lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def edited(capture, salesperson, designer):
    lead = accepted_lead(capture, salesperson, designer=designer)
    contract = contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT)
    return contract_update_terms(
        contract=contract, by=salesperson, quality_standard="国标一级", payment_terms="三期付清"
    )


def _with_admin(user):
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="contracts"))
    return user


def _changes(page):
    """{field name: its timeline line} of the edits on the page."""
    return {m.group(1): m.group(0) for m in re.finditer(r'history-change" data-field="(\w+)".*?</li>', page, re.S)}


def test_an_edit_shows_who_when_and_old_to_new_on_the_timeline(client, edited, salesperson):
    client.force_login(salesperson)
    page = client.get(f"/contracts/{edited.pk}/").content.decode()
    changes = _changes(page)
    assert {"quality_standard", "payment_terms"} <= set(changes)
    assert "国标一级" in changes["quality_standard"] and "三期付清" in changes["payment_terms"]
    entry = page[: page.index('data-field="quality_standard"')].rsplit('class="timeline-entry timeline-edit"', 1)[1]
    assert salesperson.display_name in entry or str(salesperson) in entry  # who
    record = edited.history.order_by("-history_date").first()
    assert record.history_user == salesperson
    assert record.history_date.astimezone().strftime("%Y-%m-%d") in entry  # when


def test_the_designer_sees_the_edit_without_the_money(client, edited, designer):
    client.force_login(designer)
    page = client.get(f"/contracts/{edited.pk}/").content.decode()
    changes = _changes(page)
    assert "quality_standard" in changes and "payment_terms" not in changes and "三期付清" not in page


def test_the_admin_history_names_the_change_and_hides_the_money_from_the_designer(
    client, edited, salesperson, designer, team_manager
):
    url = f"/admin/contracts/contract/{edited.pk}/history/"
    client.force_login(_with_admin(team_manager))
    page = client.get(url).content.decode()
    assert "国标一级" in page and "三期付清" in page and str(salesperson) in page
    version = edited.history.order_by("-history_date").first().history_id
    form = client.get(f"/admin/contracts/contract/{edited.pk}/history/{version}/").content.decode()
    assert "三期付清" in form and "186000" in form
    client.force_login(_with_admin(designer))
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "国标一级" in page and "三期付清" not in page
    form = client.get(f"/admin/contracts/contract/{edited.pk}/history/{version}/").content.decode()
    assert "国标一级" in form and "三期付清" not in form and "186000" not in form  # a past version: no money either


def test_another_teams_manager_gets_a_404_on_the_admin_history(client, edited, make_staff):
    stranger = _with_admin(make_staff(Role.MANAGER, team=make_staff().team))
    client.force_login(stranger)
    assert client.get(f"/admin/contracts/contract/{edited.pk}/history/").status_code == 404
    version = edited.history.order_by("-history_date").first().history_id
    assert client.get(f"/admin/contracts/contract/{edited.pk}/history/{version}/").status_code == 404
