"""The staff hand-over pages: the list of hand-overs (managers only, constant queries), and a leaving person's page
with its confirmation step (counts shown before anything moves), refusals on the form, scope by team."""

from itertools import count

import pytest
from django.urls import reverse

from customers.models import Customer
from customers.services import customer_create
from decocrm.accounts.choices import Role
from decocrm.accounts.models import StaffHandover
from decocrm.accounts.services import team_create
from tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db

_phones = count(20000000)


def own_customers(owner, by, n):
    for _ in range(n):
        customer_create(by=by, owner=owner, name="客户", phone=f"136{next(_phones):08d}")


@pytest.fixture
def colleague(make_staff, team):
    return make_staff(Role.SALES, team=team)


def test_the_list_runs_constant_queries(client, company_manager, salesperson, colleague):
    def add(n):
        for _ in range(n):
            StaffHandover.objects.create(
                by=company_manager, from_user=salesperson,
                moved=[{"kind": "customers", "label": "客户", "to": colleague.pk, "to_name": "x", "count": 2}],
            )  # fmt: skip

    client.force_login(company_manager)
    response = assert_constant_queries(client, reverse("staff_handovers"), add)
    assert response.content.decode().count('class="list-group-item handover-record"') == 20


def test_the_leaving_persons_page_runs_constant_queries(client, team_manager, salesperson):
    client.force_login(team_manager)
    url = reverse("staff_handover", args=[salesperson.pk])
    response = assert_constant_queries(client, url, lambda n: own_customers(salesperson, team_manager, n))
    assert response.context["counts"][0][1] == 20


def test_confirm_then_hand_over(client, team_manager, salesperson, colleague):
    own_customers(salesperson, team_manager, 3)
    client.force_login(team_manager)
    url = reverse("staff_handover", args=[salesperson.pk])
    offered = {user.pk for user in client.get(url).context["form"].fields["to_all"].queryset}
    assert colleague.pk in offered and salesperson.pk not in offered
    response = client.post(url, {"to_all": colleague.pk})
    assert response.status_code == 200 and response.context["confirming"]
    rows = {kind.key: (n, receiver) for kind, n, receiver in response.context["rows"]}
    assert rows == {"customers": (3, colleague)}
    assert Customer.objects.filter(owner=salesperson).count() == 3  # nothing moved yet
    response = client.post(url, {"to_all": colleague.pk, "deactivate": "on", "confirm": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("staff_handovers")
    assert Customer.objects.filter(owner=colleague).count() == 3
    salesperson.refresh_from_db()
    assert not salesperson.is_active
    listed = client.get(reverse("staff_handovers"))
    assert f'data-record="{StaffHandover.objects.get().pk}"' in listed.content.decode()


def test_a_wrong_role_is_an_error_on_its_field(client, team_manager, salesperson, make_staff, team):
    own_customers(salesperson, team_manager, 1)
    designer = make_staff(Role.DESIGNER, team=team)
    client.force_login(team_manager)
    url = reverse("staff_handover", args=[salesperson.pk])
    response = client.post(url, {"to_customers": designer.pk, "confirm": "1"})
    assert response.status_code == 200 and "to_customers" in response.context["form"].errors
    assert Customer.objects.filter(owner=salesperson).count() == 1


def test_an_inactive_receiver_is_not_offered(client, team_manager, salesperson, colleague):
    own_customers(salesperson, team_manager, 1)
    colleague.is_active = False
    colleague.save()
    client.force_login(team_manager)
    response = client.post(reverse("staff_handover", args=[salesperson.pk]), {"to_all": colleague.pk, "confirm": "1"})
    assert response.status_code == 200 and "to_all" in response.context["form"].errors
    assert Customer.objects.filter(owner=salesperson).count() == 1


def test_scope(client, salesperson, colleague, team_manager, make_staff):
    client.force_login(salesperson)
    assert client.get(reverse("staff_handovers")).status_code == 403
    assert client.get(reverse("staff_handover", args=[colleague.pk])).status_code == 403
    client.force_login(team_manager)
    assert client.get(reverse("staff_handover", args=[team_manager.pk])).status_code == 404  # not one's own
    elsewhere = make_staff(Role.SALES, team=team_create(name="外部"))
    assert client.get(reverse("staff_handover", args=[elsewhere.pk])).status_code == 404
