"""Who reads a contract, and who sees its money. The project's manager reads the contract of their project (a signed
copy goes to construction [seed 000 §6]: contracts.hooks.register_contract_reader, registered by projects) and acts
on none of it; the lead's designer comes for the design changes and sees neither the amount, nor the payments, nor
the agreements' money, nor the signed scan (contracts.permissions.sees_contract_money)."""

import pytest
from django.urls import reverse

from contracts.services import contract_add_file, contract_draft
from decocrm.accounts.choices import Role
from projects.models import Project
from projects.services import project_assign_manager
from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
from tests.contracts.test_services import sign
from tests.contracts.test_views import post_action
from tests.uploads import pdf_bytes, upload

from .conftest import PLANNED_AT

pytestmark = pytest.mark.django_db
AMOUNT = "¥186,000.00"


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def contract(capture, salesperson, designer, pm, team_manager):
    lead = accepted_lead(capture, salesperson, designer=designer)
    contract = ready_to_sign(contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT), salesperson)
    contract = sign(contract, salesperson)
    project_assign_manager(project=Project.objects.get(contract=contract), manager=pm, by=team_manager, at=PLANNED_AT)
    return contract


def scan_and_survey(contract, by):
    return [
        contract_add_file(
            contract=contract, by=by, kind=kind, upload=upload(f"{kind}.pdf", pdf_bytes(), "application/pdf")
        )
        for kind in ("scan", "survey")
    ]


def test_the_project_manager_reads_the_contract_with_its_money_and_acts_on_none(client, contract, pm, salesperson):
    scan, survey = scan_and_survey(contract, salesperson)
    client.force_login(pm)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert AMOUNT in page and 'id="payment-schedule"' in page
    assert 'name="action"' not in page and "/action/" not in page  # no action is offered
    for document in (scan, survey):
        assert client.get(reverse("contracts:file", args=[contract.pk, document.pk])).status_code == 200
    request = {"content": "加一个柜子", "reason": "想要", "estimated_cost": "1000"}
    post_action(client, contract, "design-request", request)
    assert not contract.design_changes.exists()  # a reader acts on nothing
    client.force_login(salesperson)
    post_action(client, contract, "design-request", request)
    assert contract.design_changes.count() == 1  # (the same request from who works it is taken)
    client.force_login(pm)
    # the project page's link to the contract leads somewhere
    project_page = client.get(Project.objects.get(contract=contract).get_absolute_url()).content.decode()
    assert contract.get_absolute_url() in project_page


def test_another_project_manager_does_not_read_it(client, contract, make_staff, team):
    client.force_login(make_staff(Role.PROJECT_MANAGER, team=team))
    assert client.get(contract.get_absolute_url()).status_code == 404


def test_the_designer_sees_the_contract_without_its_money(client, contract, designer, salesperson):
    scan, survey = scan_and_survey(contract, salesperson)
    client.force_login(designer)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert contract.number in page
    assert AMOUNT not in page and "186000" not in page and 'id="payment-schedule"' not in page
    assert scan.original_name not in page and survey.original_name in page
    assert client.get(reverse("contracts:file", args=[contract.pk, scan.pk])).status_code == 404
    assert client.get(reverse("contracts:file", args=[contract.pk, survey.pk])).status_code == 200
    listing = client.get(reverse("contracts:list")).content.decode()
    assert contract.number in listing and AMOUNT not in listing and "186000" not in listing
    # the salesperson sees it all
    client.force_login(salesperson)
    page = client.get(contract.get_absolute_url()).content.decode()
    assert AMOUNT in page and scan.original_name in page
    assert AMOUNT in client.get(reverse("contracts:list")).content.decode()


def test_the_acceptance_report_shows_the_amount_to_the_project_manager_not_the_designer(contract, pm, designer):
    from projects.report import report_context

    project = Project.objects.get(contract=contract)
    assert report_context(project, pm)["sees_money"] and not report_context(project, designer)["sees_money"]
