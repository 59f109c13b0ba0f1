import pytest
from django.contrib.auth.models import Permission

from decocrm.accounts.choices import Role
from leads.models import Lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_manager(make_staff, team):
    manager = make_staff(Role.MANAGER, team=team)
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="leads"))
    return manager


@pytest.mark.parametrize("model", ["lead", "collision", "appeal", "contactlog", "salesrotation"])
def test_every_leads_admin_list_renders_with_search_and_filters(client, admin_manager, capture, salesperson, model):
    lead = capture(salesperson, name="林先生")
    client.force_login(admin_manager)
    response = client.get(f"/admin/leads/{model}/", {"q": "林"})
    assert response.status_code == 200
    if model == "lead":
        assert "林先生" in response.content.decode()
        assert client.get(f"/admin/leads/lead/{lead.pk}/change/").status_code == 200


def test_admin_lead_list_is_scoped_and_return_to_pool_uses_the_service(client, admin_manager, capture, salesperson,
                                                                       outsider):  # fmt: skip
    mine, far = capture(salesperson, name="本组"), capture(outsider, name="外组")
    client.force_login(admin_manager)
    page = client.get("/admin/leads/lead/").content.decode()
    assert "本组" in page and "外组" not in page
    client.post("/admin/leads/lead/", {"action": "return_to_pool", "_selected_action": [mine.pk, far.pk]})
    assert Lead.objects.get(pk=mine.pk).owner is None
    assert Lead.objects.get(pk=far.pk).owner == outsider  # outside the scope: not even selectable
