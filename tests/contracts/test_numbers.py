"""Contract numbers under concurrent signing: unique and gap-free (the year's counter row is locked until the
signing transaction ends)."""

import threading

import pytest
from django.db import connection

from contracts.models import Contract, ContractNumber
from contracts.services import contract_draft
from tests.conftest import skip_or_fail

from .conftest import DRAFTED_AT, accepted_lead, ready_to_sign
from .test_services import sign


@pytest.mark.django_db(transaction=True)
@pytest.mark.needs_postgres
def test_concurrent_signings_get_distinct_consecutive_numbers(capture, salesperson):
    if connection.vendor != "postgresql":
        skip_or_fail("concurrent signing needs PostgreSQL row locks")
    drafts = [
        ready_to_sign(
            contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson, at=DRAFTED_AT), salesperson
        )  # fmt: skip
        for _ in range(4)
    ]
    barrier = threading.Barrier(len(drafts))
    errors = []

    def run(contract):
        try:
            barrier.wait()
            sign(contract, salesperson)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    numbers = sorted(Contract.objects.values_list("number", flat=True))
    assert numbers == [f"DC-2026-{n:04d}" for n in range(1, 5)]  # distinct, and no gap
    assert ContractNumber.objects.get(year=2026).last == 4
