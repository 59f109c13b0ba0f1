"""The contract page's agreements and design changes: the forms (the change agreement filled with the current
schedule, or with an accepted design change), the designer's view, the drawing download, and constant queries."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from contracts.choices import ContractState, DesignChangeState
from contracts.models import ChangeAgreement, Contract, DesignChange
from contracts.services import (
    contract_change_agreement,
    contract_draft,
    design_change_assess,
    design_change_decide,
    design_change_request,
    design_change_sign,
)
from decocrm.accounts.choices import Role
from tests.querycount import assert_constant_queries
from tests.uploads import pdf_bytes, upload

from .conftest import DRAFTED_AT, accepted_lead, signed_contract
from .test_views import post_action

pytestmark = pytest.mark.django_db
SIGNED = {"signed_on": "2026-04-01", "company_sealed": "on", "customer_signed": "on"}


@pytest.fixture
def designer(make_staff):
    return make_staff(Role.DESIGNER)


@pytest.fixture
def designed(capture, salesperson, designer):
    lead = accepted_lead(capture, salesperson, designer=designer)
    return signed_contract(contract_draft(lead=lead, by=salesperson, at=DRAFTED_AT), salesperson)


def schedule_of(contract, extra=None):
    """The change form's rows as the page fills them (each row with its milestone's id)."""
    data = {}
    for n, m in enumerate(contract.milestones.order_by("position"), 1):
        due_on = m.due_on.isoformat() if m.due_on else ""
        data.update({f"milestone_{n}": m.pk, f"kind_{n}": m.kind, f"name_{n}": m.name, f"amount_{n}": m.amount,
                     f"due_on_{n}": due_on, f"due_stage_{n}": m.due_stage})  # fmt: skip
    if extra:
        n = contract.milestones.count() + 1
        data.update({f"kind_{n}": "stage", f"name_{n}": "变更款", f"amount_{n}": extra, f"due_on_{n}": "2026-05-01"})
    return data


def test_a_change_agreement_from_the_page(client, signed, salesperson):
    client.force_login(salesperson)
    page = client.get(signed.get_absolute_url()).content.decode()
    assert 'id="action-change"' in page and 'id="action-terminate"' in page
    assert 'name="terminate-reason"' not in page  # a lazy form: it comes when its card is opened
    # the change agreement's long form comes when its card is opened (a lazy action): with htmx its body alone,
    # without JavaScript the page with the form open
    url = reverse("contracts:action", args=[signed.pk, "change"])
    body = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="change-milestone_1"' in body and "<html" not in body
    assert 'name="change-milestone_1"' in client.get(url).content.decode()
    data = {"content": "增加阳台柜", "cost_change": "3000.50", "extension_days": "3", **SIGNED}
    response = post_action(client, signed, "change", {**data, **schedule_of(signed, "3000.50")}, htmx=True)
    assert response.status_code == 200 and "Change agreement 1" in response.content.decode()
    contract = Contract.objects.get(pk=signed.pk)
    assert contract.amount == Decimal("189000.50") and contract.milestones.count() == 4


def test_a_schedule_not_adding_up_is_shown_and_nothing_changes(client, signed, salesperson):
    client.force_login(salesperson)
    response = post_action(client, signed, "change", {"content": "x", "cost_change": "100", **SIGNED,
                                                      **schedule_of(signed)}, htmx=True)  # fmt: skip
    assert "not the contract" in response.content.decode()
    assert not ChangeAgreement.objects.exists()


def test_termination_from_the_page(client, signed, salesperson):
    client.force_login(salesperson)
    post_action(client, signed, "terminate", {"reason": "客户出国", "liability": "互不追究",
                                              "settlement_amount": "0", **SIGNED})  # fmt: skip
    assert Contract.objects.get(pk=signed.pk).state == ContractState.TERMINATED
    page = client.get(signed.get_absolute_url()).content.decode()
    assert 'id="termination"' in page and 'id="action-change"' not in page


def test_the_design_change_flow_on_the_page(client, designed, salesperson, designer):
    client.force_login(salesperson)
    post_action(client, designed, "design-request", {"content": "主卧加衣帽间", "reason": "添人",
                                                     "estimated_cost": "0"})  # fmt: skip
    change = DesignChange.objects.get()
    client.force_login(designer)
    page = client.get(designed.get_absolute_url()).content.decode()
    assert 'id="action-design-assess"' in page and 'name="design-assess-impact_design"' not in page  # lazy
    form = client.get(reverse("contracts:action", args=[designed.pk, "design-assess"]), HTTP_HX_REQUEST="true")
    assert 'name="design-assess-impact_design"' in form.content.decode()
    assert 'id="payment-schedule"' not in page and 'id="action-change"' not in page  # not the designer's
    post_action(client, designed, "design-assess", {"change": change.pk, "impact_design": "布局调整",
                                                    "impact_days": "0", "impact_cost": "0"})  # fmt: skip
    client.force_login(salesperson)
    post_action(client, designed, "design-decide", {"change": change.pk, "decision": "accept"})
    post_action(client, designed, "design-sign", {"change": change.pk, "signed_on": localdate().isoformat()},
                {"drawing": upload("v2.pdf", pdf_bytes(), "application/pdf")})  # fmt: skip
    change.refresh_from_db()
    assert change.state == DesignChangeState.SIGNED and change.drawing_version == 2
    page = client.get(designed.get_absolute_url()).content.decode()
    url = reverse("contracts:drawing", args=[designed.pk, change.pk])
    assert url in page
    assert client.get(url).status_code == 200


def test_an_accepted_design_change_with_a_cost_fills_the_change_agreement(client, designed, salesperson):
    change = design_change_request(contract=designed, by=salesperson, content="加吊柜", reason="收纳",
                                   estimated_cost="4200")  # fmt: skip
    DesignChange.objects.filter(pk=change.pk).update(state=DesignChangeState.ACCEPTED, impact_days=4)
    client.force_login(salesperson)
    page = client.get(reverse("contracts:action", args=[designed.pk, "change"])).content.decode()
    cost = re.search(r'<input[^>]*name="change-cost_change"[^>]*>', page).group(0)
    assert 'value="4200.00"' in cost and "加吊柜</textarea>" in page


DESIGN_STATES = ("requested", "assessed", "accepted", "declined", "signed")


def _grow(contract, seller, boss):
    """add_rows for assert_constant_queries: each row is a change agreement that adds a payment (so the schedule,
    the agreements and the change form's rows all grow) and a design change, the states taking turns, so that
    every design-change form of the page has choices to offer."""
    made = []

    def add(n):
        for _ in range(n):
            rows = [
                {"milestone": m.pk, "kind": m.kind, "name": m.name, "amount": m.amount, "percent": None,
                 "due_on": m.due_on, "due_stage": m.due_stage}
                for m in contract.milestones.order_by("position")
            ]  # fmt: skip
            rows.append({"kind": "stage", "name": f"变更款{len(made) + 1}", "amount": Decimal("100"),
                         "due_on": date(2026, 5, 1)})  # fmt: skip
            contract_change_agreement(
                contract=contract, by=seller, content="增项", cost_change=Decimal("100"), milestones=rows,
                signed_on=date(2026, 4, 1), company_sealed=True, customer_signed=True,
            )  # fmt: skip
            state = DESIGN_STATES[len(made) % len(DESIGN_STATES)]
            change = design_change_request(contract=contract, by=seller, content="改色", reason="喜好")
            if state != "requested":
                change = design_change_assess(change=change, by=boss, impact_design="换色", impact_days=1,
                                              impact_cost=0)  # fmt: skip
            if state in ("accepted", "declined", "signed"):
                change = design_change_decide(change=change, by=seller, accepted=state != "declined", note="客户决定")
            if state == "signed":
                drawing = upload("v.pdf", pdf_bytes(), "application/pdf")
                change = design_change_sign(change=change, by=seller, signed_on=localdate(), drawing=drawing)
            made.append(change)

    return add


@pytest.mark.parametrize("who", ["salesperson", "company_manager"])
def test_the_contract_page_runs_as_many_queries_with_many_payments_agreements_and_design_changes(
    client, signed, salesperson, company_manager, who, django_assert_max_num_queries
):
    """Every form the page offers (payment, change agreement, design-change assessment, decision and signature)
    takes its choices from the rows prefetched with the contract: at most 16 queries (the edit history's records
    one of them), however many there are."""
    client.force_login(salesperson if who == "salesperson" else company_manager)
    url = signed.get_absolute_url()
    response = assert_constant_queries(client, url, _grow(signed, salesperson, company_manager))
    page = response.content.decode()
    assert page.count('class="list-group-item px-0 d-flex justify-content-between flex-wrap gap-2 milestone"') == 23
    assert page.count("change-agreement") >= 20 and page.count("list-group-item px-0 design-change") == 20
    assert 'id="action-payment"' in page and 'id="action-change"' in page
    assessing = ("design-assess",) if who == "company_manager" else ()  # the salesperson does not assess
    for lazy in ("design-decide", "design-sign", *assessing):  # lazy forms, from the same prefetched rows
        with django_assert_max_num_queries(15):
            body = client.get(reverse("contracts:action", args=[signed.pk, lazy]), HTTP_HX_REQUEST="true")
        assert f'name="{lazy}-change"' in body.content.decode()
    with django_assert_max_num_queries(15):  # the payment form too: lazy, from the prefetched payments
        body = client.get(reverse("contracts:action", args=[signed.pk, "payment"]), HTTP_HX_REQUEST="true")
    assert 'name="payment-milestone"' in body.content.decode()
    change_form = reverse("contracts:action", args=[signed.pk, "change"])
    with django_assert_max_num_queries(15):  # the lazy form reads the same prefetched rows
        form = client.get(change_form, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="change-design_change"' in form and form.count('name="change-milestone_') == 25
    if who == "company_manager":
        assert 'id="action-design-assess"' in page
    with django_assert_max_num_queries(16):  # 15 + the contract's edit history (one query)
        client.get(url)


def test_a_long_schedule_keeps_every_payment_through_change_agreements(client, signed, salesperson):
    """Each change agreement with a cost adds a payment: past six, the form still carries every one (and two blank
    rows), so the seventh agreement neither drops nor refuses the earlier payments."""
    client.force_login(salesperson)
    for n in range(1, 6):
        data = {"content": f"增项 {n}", "cost_change": "100", "extension_days": "0", **SIGNED}
        post_action(client, signed, "change", {**data, **schedule_of(signed, "100")})
    contract = Contract.objects.get(pk=signed.pk)
    assert contract.milestones.count() == 8 and contract.amount == Decimal("186500.00")
    page = client.get(reverse("contracts:action", args=[signed.pk, "change"])).content.decode()
    assert 'name="change-milestone_8"' in page and 'name="change-kind_10"' in page
    assert 'name="change-kind_11"' not in page


def test_a_lazy_forms_door_is_the_actions_door(client, designed, salesperson, designer, make_staff):
    """GET of a lazy action's form answers like the action: out of scope a 404, not this user's to take a redirect
    to the page (or a note with htmx), and an action that is not lazy has nothing to GET (405)."""
    url = reverse("contracts:action", args=[designed.pk, "change"])
    client.force_login(make_staff(Role.SALES))  # another salesperson
    assert client.get(url).status_code == 404
    client.force_login(designer)  # sees the contract, may not change it
    assert client.get(url).status_code == 302
    note = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "not possible" in note and 'name="change-content"' not in note
    client.force_login(salesperson)
    assert client.get(reverse("contracts:action", args=[designed.pk, "sign"])).status_code == 405
    assert 'name="change-content"' in client.get(url, HTTP_HX_REQUEST="true").content.decode()
