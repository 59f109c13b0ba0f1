"""An open contract keeps its customer from being closed (customers.cleanup.register_close_blocker, contracts)."""

import pytest

from customers.cleanup import close_blockers
from customers.services.cleanup import customer_close
from decocrm.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_an_open_contract_keeps_the_customer_open(draft, salesperson):
    assert "a contract is still open" in close_blockers(draft.customer)
    with pytest.raises(DomainError, match="a contract is still open"):
        customer_close(customer=draft.customer, by=salesperson, reason="invalid")
    draft.customer.refresh_from_db()
    assert draft.customer.closed_at is None
