"""The contract's life after signing, driven by its construction project (which calls these; contracts imports
nothing from projects): the first stage starts → in construction; the completion acceptance passes → completed, and
every warranty item's period starts that day [seed 000 §9]."""

from datetime import timedelta

from django.db import transaction

from decocrm.core.history import record_by

from ..models import WarrantyItem
from .common import fire, lock_contract


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def contract_start_construction(*, contract, by, at) -> "Contract":  # noqa: F821
    contract = lock_contract(contract)
    fire(contract, "start_construction", by=by, at=at)
    record_by(contract, by).save(update_fields=["state", "state_changed_at"])
    return contract


@transaction.atomic
def contract_complete(*, contract, by, at, accepted_on) -> "Contract":  # noqa: F821
    """Completed at the completion acceptance held on `accepted_on`: the warranty periods run from that day."""
    contract = lock_contract(contract)
    fire(contract, "complete", by=by, at=at)
    record_by(contract, by).save(update_fields=["state", "state_changed_at"])
    items = list(WarrantyItem.objects.select_for_update().filter(contract=contract))
    for item in items:
        item.starts_on = accepted_on
        item.ends_on = _years_after(accepted_on, item.years) - timedelta(days=1)
    WarrantyItem.objects.bulk_update(items, ["starts_on", "ends_on"])
    return contract
