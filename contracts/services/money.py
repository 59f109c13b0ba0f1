from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import FEN


def money(value, *, field="amount") -> Decimal:
    """A yuan amount typed or computed: a Decimal with fen precision, positive."""
    try:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise InvalidOperation
        amount = amount.quantize(FEN, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 12800.50.")}) from None
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    return amount


def signed_money(value, *, field) -> Decimal:
    """A yuan amount that may be negative or zero (a cost change), with fen precision."""
    try:
        amount = Decimal(str(value if value not in (None, "") else 0))
        if not amount.is_finite():
            raise InvalidOperation
        return amount.quantize(FEN, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 12800.50.")}) from None
