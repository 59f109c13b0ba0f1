"""Who works the pool (公海): salespeople and managers. Every other role gets a 403 on the page and its actions, sees
none of its leads, and is not offered a link to it (issue 7, defect 10; the rule is leads.selectors.can_use_pool)."""

import pytest
from django.urls import reverse

from decocrm.accounts.choices import Role
from leads.models import Lead
from leads.selectors import lead_pool

pytestmark = pytest.mark.django_db

OTHER_ROLES = [Role.DESIGNER, Role.PROJECT_MANAGER, Role.AFTER_SALES, Role.CUSTOMER_RELATIONS, Role.ARCHIVE_CLERK]


@pytest.fixture
def pool_lead(capture, make_staff, team):
    return capture(make_staff(Role.SALES, team=team), owner=None, name="池中客户", phone="13955556666")


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_a_403_on_the_pool_and_its_actions(client, make_staff, team, pool_lead, salesperson, role):
    user = make_staff(role, team=team)
    client.force_login(user)
    response = client.get(reverse("leads:pool"))
    assert response.status_code == 403 and "池中客户" not in response.content.decode()
    assert client.post(reverse("leads:claim", args=[pool_lead.pk])).status_code == 403
    response = client.post(reverse("leads:pool_assign", args=[pool_lead.pk]), {"owner": salesperson.pk})
    assert response.status_code == 403
    assert Lead.objects.get(pk=pool_lead.pk).owner is None
    assert not lead_pool(user).exists()


def test_a_designer_is_not_offered_the_pool_on_the_lead_list(client, make_staff, team, salesperson):
    client.force_login(make_staff(Role.DESIGNER, team=team))
    page = client.get(reverse("leads:list")).content.decode()
    assert reverse("leads:pool") not in page
    client.force_login(salesperson)
    assert reverse("leads:pool") in client.get(reverse("leads:list")).content.decode()


def test_sales_and_managers_keep_the_pool(client, salesperson, team_manager, colleague, pool_lead):
    for user in (salesperson, team_manager):
        client.force_login(user)
        response = client.get(reverse("leads:pool"))
        assert response.status_code == 200 and "池中客户" in response.content.decode()
        assert "13955556666" not in response.content.decode()  # masked until claimed
    client.force_login(team_manager)
    response = client.post(reverse("leads:pool_assign", args=[pool_lead.pk]), {"owner": colleague.pk})
    assert response.status_code == 302 and Lead.objects.get(pk=pool_lead.pk).owner == colleague


def test_a_salesperson_claims_from_the_pool(client, salesperson, pool_lead):
    client.force_login(salesperson)
    response = client.post(reverse("leads:claim", args=[pool_lead.pk]))
    assert response.status_code == 302 and Lead.objects.get(pk=pool_lead.pk).owner == salesperson
