"""What contracts tell the customer archive (customers.archives.hooks): a signed contract makes the sales file due
(the archive-handover clock is the contract's, started on signing); the customer's contracts are part of their
transaction history, and overdue payments their credit status."""

from django.utils import timezone
from django.utils.translation import gettext as _

from customers.archives.choices import HandoverKind
from customers.archives.services import archive_file_due

from .models import Contract
from .selectors import overdue_milestones


def on_contract_signed(contract, *, by, at):
    archive_file_due(customer=contract.customer, kind=HandoverKind.SALES, at=at, by=by)


def contract_history(customer) -> list[tuple]:
    contracts = Contract.objects.filter(customer=customer).exclude(signed_on=None).order_by("-signed_on")
    return [
        (
            contract.signed_on,
            _("Contract %(number)s signed: ¥%(amount)s (%(state)s)")
            % {"number": contract.number, "amount": contract.amount, "state": contract.get_state_display()},
            contract.get_absolute_url(),
        )
        for contract in contracts[:50]
    ]


def contract_credit(customer) -> str:
    today = timezone.localdate()
    milestones = overdue_milestones(today).filter(contract__customer=customer)
    overdue = list(milestones.values_list("amount", "received_amount"))
    if not overdue:
        return _("No overdue payment.")
    outstanding = sum(amount - received for amount, received in overdue)
    return _("%(count)d overdue payment(s), ¥%(amount)s outstanding.") % {"count": len(overdue), "amount": outstanding}
