from datetime import date, timedelta

import pytest

from contracts.services import (
    contract_add_file,
    contract_draft,
    contract_record_briefing,
    contract_set_schedule,
    contract_update_terms,
)
from leads.services import proposal_record_response
from tests.leads.conftest import capture as capture  # the fixtures, for these tests too
from tests.leads.conftest import colleague as colleague
from tests.leads.design_helpers import VISIT, delivered
from tests.uploads import pdf_bytes, upload

ACCEPTED_AT = VISIT + timedelta(days=2)
DRAFTED_AT = ACCEPTED_AT + timedelta(hours=1)
SIGNED_ON = date(2026, 3, 9)


def accepted_lead(make_lead, by, **kwargs):
    """A lead whose customer accepted proposal v1 (¥186,000.00 quote from the design helpers)."""
    lead, proposal = delivered(make_lead, by, **kwargs)
    proposal_record_response(proposal=proposal, by=by, response="accepted", at=ACCEPTED_AT)
    return type(lead).objects.get(pk=lead.pk)


def ready_to_sign(contract, by):
    """A draft with everything signing asks for."""
    contract_update_terms(contract=contract, by=by, start_date=date(2026, 3, 16), end_date=date(2026, 6, 30))
    contract_record_briefing(
        contract=contract, by=by, told_process=True, told_stage_dates=True, told_customer_duties=True,
        told_after_sales_policy=True, at=DRAFTED_AT,
    )  # fmt: skip
    contract_set_schedule(
        contract=contract,
        by=by,
        milestones=[
            {"kind": "deposit", "name": "定金", "percent": "30", "due_on": date(2026, 3, 10)},
            {"kind": "stage", "name": "中期款", "percent": "40", "due_stage": "masonry"},
            {"kind": "final", "name": "尾款", "percent": "30", "due_stage": "completion"},
        ],
    )
    contract_add_file(
        contract=contract, by=by, kind="survey", upload=upload("survey.pdf", pdf_bytes(), "application/pdf"),
        at=DRAFTED_AT,
    )  # fmt: skip
    return contract


@pytest.fixture
def accepted(capture, salesperson):  # noqa: F811  (pytest's fixture, imported above)
    return accepted_lead(capture, salesperson)


@pytest.fixture
def draft(accepted, salesperson):
    return contract_draft(lead=accepted, by=salesperson, at=DRAFTED_AT)


@pytest.fixture(autouse=True)
def in_english(client, settings):
    """These tests read the messages in English: the services' messages and the pages (the language cookie)."""
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


SIGNED_AT = DRAFTED_AT + timedelta(days=3)


def signed_contract(contract, by):
    """The contract made ready and signed on SIGNED_ON (¥186,000.00: deposit 30% due 2026-03-10, 40% on masonry,
    30% on completion)."""
    from contracts.services import contract_sign

    ready_to_sign(contract, by)
    return contract_sign(
        contract=contract, by=by, signed_on=SIGNED_ON, company_sealed=True, customer_signed=True,
        copy_to_business=True, copy_to_finance=True, copy_to_construction=True, at=SIGNED_AT,
    )  # fmt: skip


@pytest.fixture
def signed(draft, salesperson):
    return signed_contract(draft, salesperson)
