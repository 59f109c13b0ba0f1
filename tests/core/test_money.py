from decimal import Decimal

import pytest

from decocrm.core.templatetags.money import yuan


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("186000"), "¥186,000.00"), (Decimal("0.5"), "¥0.50"), ("1234567.891", "¥1,234,567.89"), (None, "—")],
)
def test_yuan_groups_thousands_with_fen(value, shown):
    assert yuan(value) == shown
