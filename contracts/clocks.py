"""The contract as a clock subject (its salesperson owns its clocks: the archive handover after signing)."""

from decocrm.sla.subjects import register_clock_subject

from .models import Contract


def contract_clock_label(contract) -> str:
    return f"{contract.number or contract.pk} · {contract.customer.name}"


def register() -> None:
    register_clock_subject(
        Contract, owner="owner", team="team", customer="customer_id", label=contract_clock_label, url="get_absolute_url"
    )
