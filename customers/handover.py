"""A leaving salesperson's customers (decocrm/accounts/handover.py): each customer's protection passes to the
receiver through customer_transfer_ownership (recorded in the customer's history). The leads app's kind follows
this one: each customer's open lead then goes to the same receiver (its transfer of the customer is then a no-op),
so a customer and its lead never part.

A leaving account manager's key accounts pass, tier kept, through customer_set_key_account (the sales department
head and management decide who keeps a key account; the cap per account manager holds; the contact cadence and the
open requests' clocks follow the new account manager)."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.choices import Role
from decocrm.accounts.handover import register_staff_handover

from .models import Customer
from .selectors import key_account_count
from .services import customer_transfer_ownership
from .services.key_accounts import customer_set_key_account

RECEIVER_ROLES = (Role.SALES, Role.MANAGER)


def owned_customer_count(user) -> int:
    return Customer.objects.filter(owner=user).count()


def hand_over_customers(*, from_user, to_user, by, at) -> int:
    customers = list(Customer.objects.select_for_update().filter(owner=from_user).order_by("pk"))
    for customer in customers:
        customer_transfer_ownership(customer=customer, owner=to_user, at=at, by=by)
    return len(customers)


def hand_over_key_accounts(*, from_user, to_user, by, at) -> int:
    customers = list(Customer.objects.filter(account_manager=from_user, is_key_account=True).order_by("pk"))
    for customer in customers:
        customer_set_key_account(
            customer=customer, by=by, is_key_account=True, tier=customer.key_tier, account_manager=to_user, at=at
        )
    return len(customers)


def register() -> None:
    register_staff_handover(
        "customers", _("Customers"), count=owned_customer_count, hand_over=hand_over_customers,
        roles=RECEIVER_ROLES, order=10,
    )  # fmt: skip
    register_staff_handover(
        "key_accounts", _("Key accounts (as account manager)"), count=key_account_count,
        hand_over=hand_over_key_accounts, roles=RECEIVER_ROLES, order=15,
    )  # fmt: skip
