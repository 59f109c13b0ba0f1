"""The contracts admin: every list renders with its search and filters, read-only, scoped like the pages."""

import pytest
from django.contrib.auth.models import Permission

from contracts.services import contract_change_agreement, design_change_request
from decocrm.accounts.choices import Role

from .test_agreements import AGREED_ON

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_manager(make_staff, team):
    manager = make_staff(Role.MANAGER, team=team)
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="contracts"))
    return manager


@pytest.mark.parametrize(
    "model",
    ["contract", "paymentmilestone", "warrantyitem", "contractfile", "changeagreement", "terminationagreement",
     "designchange", "contractnumber"],
)  # fmt: skip
def test_every_contracts_admin_list_renders_with_search(client, admin_manager, signed, salesperson, model):
    contract_change_agreement(contract=signed, by=salesperson, content="延期", extension_days=2, signed_on=AGREED_ON,
                              company_sealed=True, customer_signed=True)  # fmt: skip
    design_change_request(contract=signed, by=salesperson, content="改色", reason="喜好")
    client.force_login(admin_manager)
    response = client.get(f"/admin/contracts/{model}/", {"q": signed.customer.name[:1]})
    assert response.status_code == 200
    if model == "contract":
        assert signed.number in response.content.decode()
        page = client.get(f"/admin/contracts/contract/{signed.pk}/change/").content.decode()
        assert signed.number in page and 'name="_save"' not in page  # read-only: the services write


def test_another_teams_contract_is_neither_listed_nor_opened(client, signed, make_staff):
    stranger = make_staff(Role.MANAGER, team=make_staff().team)
    stranger.user_permissions.add(*Permission.objects.filter(content_type__app_label="contracts"))
    client.force_login(stranger)
    assert signed.number not in client.get("/admin/contracts/contract/").content.decode()
    assert client.get(f"/admin/contracts/contract/{signed.pk}/change/").status_code in (302, 404)
