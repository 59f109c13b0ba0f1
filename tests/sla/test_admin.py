"""The SLA pages of the admin are scoped like the dashboard (issue 7, defect 5): a team manager lists their own
team's clocks only, and reads the company's SLA policies without changing them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from decocrm.accounts.choices import Role
from decocrm.accounts.services import team_create
from decocrm.sla.choices import ClockKind
from decocrm.sla.models import SlaPolicy
from decocrm.sla.services import clock_start

pytestmark = pytest.mark.django_db


@pytest.fixture
def clocks(make_staff, owner):
    """One clock of the manager's team and one of another team."""
    far_team = team_create(name="远方部")
    stranger = make_staff(Role.SALES, team=far_team)
    at = timezone.now() - timedelta(hours=1)
    mine = clock_start(
        kind=ClockKind.REPAIR_CONTACT, subject=team_create(name="s1"), owner=owner, at=at, label="本组客户"
    )
    theirs = clock_start(
        kind=ClockKind.REPAIR_CONTACT, subject=team_create(name="s2"), owner=stranger, at=at, label="外组客户"
    )
    return mine, theirs, far_team


def policy_form(policy, **changes):
    form = {
        "active": "on" if policy.active else "",
        "source": policy.source,
        "amount": policy.amount,
        "unit": policy.unit,
        "variant_attribute": policy.variant_attribute,
        "variants": "{}",
        "warn_before": "04:00:00",
        "notify_owner": "on",
        "notify_team_manager": "on",
        "escalate_after": "1 00:00:00",
        "escalate_to_company": "on",
    }
    return {key: value for key, value in {**form, **changes}.items() if value != ""}


def test_team_manager_lists_only_their_teams_clocks(client, team_manager, clocks):
    mine, theirs, far_team = clocks
    client.force_login(team_manager)
    response = client.get("/admin/sla/clock/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "本组客户" in page and "外组客户" not in page
    assert far_team.name not in page  # not even as a filter choice
    assert client.get(f"/admin/sla/clock/{mine.pk}/change/").status_code == 200
    response = client.get(f"/admin/sla/clock/{theirs.pk}/change/")
    assert response.status_code == 302 and "外组客户" not in client.get(response.url).content.decode()


def test_company_manager_lists_every_clock(client, company_manager, clocks):
    client.force_login(company_manager)
    page = client.get("/admin/sla/clock/").content.decode()
    assert "本组客户" in page and "外组客户" in page


def test_team_manager_reads_but_cannot_change_sla_policies(client, team_manager):
    policy = SlaPolicy.objects.get(kind=ClockKind.FIRST_CONTACT)
    amount = policy.amount
    client.force_login(team_manager)
    assert client.get("/admin/sla/slapolicy/").status_code == 200
    url = f"/admin/sla/slapolicy/{policy.pk}/change/"
    page = client.get(url).content.decode()
    assert 'name="amount"' not in page  # a read-only view
    assert client.post(url, policy_form(policy, amount=amount + 9)).status_code == 403
    # nor through the list's editable columns
    client.post(
        "/admin/sla/slapolicy/",
        {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": policy.pk, "form-0-amount": amount + 9,
         "_save": "Save"},
    )  # fmt: skip
    policy.refresh_from_db()
    assert policy.amount == amount and policy.active


def test_company_manager_changes_sla_policies(client, company_manager):
    policy = SlaPolicy.objects.get(kind=ClockKind.FIRST_CONTACT)
    client.force_login(company_manager)
    response = client.post(f"/admin/sla/slapolicy/{policy.pk}/change/", policy_form(policy, amount=4))
    assert response.status_code == 302, response.content.decode()[:2000]
    policy.refresh_from_db()
    assert policy.amount == 4
