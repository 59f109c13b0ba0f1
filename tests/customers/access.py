"""Access-matrix rows of the customer pages (tests/access): out of scope is a 404; the archive clerk keeps every
customer's file."""

from itertools import count

from customers.choices import KeyContactKind, KeyTier
from customers.services import (
    customer_create,
    customer_set_key_account,
    key_account_log_contact,
    key_account_request_record,
)
from decocrm.accounts.choices import Role
from tests.access.matrix import Row, scoped
from tests.factories import StaffFactory

_phones = count(1)


def customer_of(owner):
    customer = customer_create(by=owner, owner=owner, name="矩阵客户", phone=f"1370000{next(_phones):04d}")
    return {"pk": customer.pk}


def key_account_of(owner):
    """A key account the owner keeps as its account manager, marked by a company manager."""
    customer = customer_create(by=owner, owner=owner, name="矩阵大客户", phone=f"1370000{next(_phones):04d}")
    marker = StaffFactory(role=Role.MANAGER, company_wide=True)
    customer_set_key_account(
        customer=customer, by=marker, is_key_account=True, tier=KeyTier.CORE, account_manager=owner
    )
    return customer


def key_request_of(owner):
    request = key_account_request_record(customer=key_account_of(owner), by=owner, content="窗帘", channel="phone")
    return {"pk": request.pk, "action": "respond"}


def key_visit_of(owner):
    visit = key_account_log_contact(customer=key_account_of(owner), by=owner, kind=KeyContactKind.VISIT)
    return {"pk": visit.pk, "action": "record"}


# Who reads every customer: the archive clerk (its file), after-sales and customer relations (a repair or a complaint
# may come from anyone: customers.selectors.register_customer_reader_role, registered by aftersales).
READERS = {"archive_clerk": 200, "after_sales": 200, "customer_relations": 200}

ROWS = [
    Row("customers:list", {"*": 200}),
    # The clean-up report: salespeople (their own customers) and managers (their team's, the company's).
    Row("customers:cleanup", {"selling": 200, "*": 403}),
    Row("customers:detail", scoped(200, **READERS), make=customer_of),
    # Editing (services.can_edit_customer): its owner, the managers in whose scope it is; an empty form is re-shown
    # with its errors (the GET, the page with the form, is asked too); a reader who may not edit (the archive clerk
    # too: read-only customer basics, issue 12) is refused (403)
    Row(
        "customers:edit",
        scoped(200, archive_clerk=403, after_sales=403, customer_relations=403),
        make=customer_of,
        method="POST",
        get=200,
    ),  # fmt: skip
    # Closing from the clean-up report (the same people as editing): an empty form is re-shown with its errors;
    # reopening answers with a redirect to the customer (a refusal is a message there).
    Row(
        "customers:close",
        scoped(200, archive_clerk=403, after_sales=403, customer_relations=403),
        make=customer_of,
        method="POST",
        get=200,
    ),  # fmt: skip
    Row(
        "customers:reopen",
        scoped(302, archive_clerk=403, after_sales=403, customer_relations=403),
        make=customer_of,
        method="POST",
    ),  # fmt: skip
    # Key accounts: the review list is the sales department head's and management's (a plain team manager is
    # not the head); deciding needs the account in scope (404) and then the duty (403); an empty decision is
    # refused with a message (302 back to the list).
    Row("customers:key_account_review", {"company": 200, "*": 403}),
    Row(
        "customers:key_account_review_decide",
        scoped(403, company=302, **dict.fromkeys(READERS, 403)),
        make=lambda owner: {"pk": key_account_of(owner).pk},
        method="POST",
    ),
    # The card's actions through the generic action view: in scope, an empty form (or an action this user may not
    # take) is re-shown on the customer's page.
    Row(
        "customers:key_account_action",
        scoped(200, **READERS),
        make=lambda owner: {"pk": key_account_of(owner).pk, "action": "contact"},
        method="POST",
    ),
    Row("customers:key_request_action", scoped(200, **READERS), make=key_request_of, method="POST"),
    Row("customers:key_visit_action", scoped(200, **READERS), make=key_visit_of, method="POST"),
]
