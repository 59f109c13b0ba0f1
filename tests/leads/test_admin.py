import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation

from decocrm.accounts.choices import Role
from leads.models import Lead
from leads.services import lead_log_contact

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


def test_sales_rotation_admin_is_scoped_and_goes_through_the_service(client, team_manager, salesperson, outsider):
    from leads.models import SalesRotation
    from leads.services import sales_rotation_set_on_duty

    mine = sales_rotation_set_on_duty(user=salesperson, on_duty=False, by=salesperson)
    theirs = sales_rotation_set_on_duty(user=outsider, on_duty=True, by=outsider)
    client.force_login(team_manager)
    page = client.get("/admin/leads/salesrotation/").content.decode()
    assert str(salesperson) in page and str(outsider) not in page
    # Another team's row: not reachable, and a POST to it changes nothing.
    url = f"/admin/leads/salesrotation/{theirs.pk}/change/"
    assert client.get(url).status_code == 302
    client.post(url, {"on_duty": ""})
    assert SalesRotation.objects.get(pk=theirs.pk).on_duty is True
    # Their own salesperson's row: through the service, and the row stays that salesperson's.
    url = f"/admin/leads/salesrotation/{mine.pk}/change/"
    response = client.post(url, {"on_duty": "on", "user": outsider.pk})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.on_duty is True and mine.user == salesperson


def test_a_refusal_by_the_rotation_service_is_a_message_not_a_500(client, team_manager, make_staff, team):
    from decocrm.accounts.models import User
    from leads.models import SalesRotation

    designer = make_staff(Role.DESIGNER, team=team)
    row = SalesRotation.objects.create(user=designer)  # left over from when they were in sales
    client.force_login(team_manager)
    response = client.post(f"/admin/leads/salesrotation/{row.pk}/change/", {"on_duty": "on"}, follow=True)
    assert response.status_code == 200
    assert any("salespeople" in str(m) or "销售" in str(m) for m in response.context["messages"])
    assert SalesRotation.objects.get(pk=row.pk).on_duty is False
    assert User.objects.get(pk=designer.pk).role == Role.DESIGNER


def test_the_admin_shows_what_the_system_wrote_in_the_readers_language(client, admin_manager, capture, salesperson):
    lead = capture(salesperson)
    with translation.override("zh-hans"):
        lead_log_contact(lead=lead, by=salesperson, channel="phone", summary="约量房")
    client.force_login(admin_manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(f"/admin/leads/lead/{lead.pk}/change/").content.decode()
    assert "first contact" in page and "首次联系" not in page
