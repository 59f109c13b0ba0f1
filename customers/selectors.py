"""Reads of customers, scoped to the user (ENGINEERING.md rule 4)."""

from django.db.models import Q

from decocrm.accounts.choices import Role
from decocrm.accounts.selectors import is_manager
from decocrm.audit.encryption import blind_index
from decocrm.core.scopes import Scope

from .choices import CustomerClass
from .models import SENSITIVE_FIELDS, ContactPerson, Customer
from .names import normalize_organisation_name
from .phones import mask_phone, search_digits

# A search entry with at least this many digits (and nothing but digits and separators) searches phone numbers.
MIN_PHONE_SEARCH_DIGITS = 3


def can_see_sensitive(user) -> bool:
    """Background, ID numbers and decision-maker contacts: managers only (PRODUCT.md, confidentiality).

    The one rule that views, exports and the admin all ask."""
    return is_manager(user)


def hidden_fields(user) -> tuple[str, ...]:
    """Customer fields this user may not see."""
    return () if can_see_sensitive(user) else SENSITIVE_FIELDS


# Company managers (and the archive clerk, who keeps every customer's file) see every customer; team managers their
# team's; everyone else the customers they own or manage as key accounts.
_READER_ROLES: list = [Role.ARCHIVE_CLERK]


def register_customer_reader_role(role) -> None:
    """A later stage names a role that serves every customer and so reads every customer's page (after-sales and
    customer relations: a repair or a complaint may come from anyone). Reading is not editing (can_edit_customer),
    and the sensitive fields stay with the managers (can_see_sensitive)."""
    if role not in _READER_ROLES:
        _READER_ROLES.append(role)


# Roles that read customers without owning or serving them (the archive clerk keeps every file, and calls nobody):
# they see phones masked (138****5678), on the pages, in the admin and in exports.
_FILE_KEEPER_ROLES = (Role.ARCHIVE_CLERK,)


def masks_phones(user) -> bool:
    """Whether this user sees every customer's phone masked (a file keeper, not a manager)."""
    return not is_manager(user) and getattr(user, "role", None) in _FILE_KEEPER_ROLES


def sees_full_phone(user, customer) -> bool:
    """Whether `user`, who sees `customer`, sees its phone in full: not while it waits in the pool (for nobody), nor
    for staff who do not own or serve it (masks_phones); its owner, its account manager, the managers and the roles
    that serve every customer do (register_customer_reader_role)."""
    if customer.owner_id is None:
        return False
    if user.pk in (customer.owner_id, customer.account_manager_id):
        return True
    return not masks_phones(user)


def phone_shown_to(user, customer, phone=None) -> str:
    """The customer's phone (or `phone`, one of its contact persons') as `user` may see it."""
    phone = customer.phone if phone is None else phone
    return phone if sees_full_phone(user, customer) else mask_phone(phone)


def phone_in_export(user, customer, phone=None) -> str:
    """A customer's phone (or `phone`: a contact's, or one typed with a complaint; `customer` may be None) in a
    downloaded list: in full for the managers and for the customer's owner or account manager, masked (138****5678)
    for everyone else. Stricter than the pages (sees_full_phone): a file leaves the system, and the staff who serve
    a customer call from its page, not from a spreadsheet. Nobody's in full while the customer waits in the pool."""
    phone = (customer.phone if customer is not None else "") if phone is None else phone
    if customer is None:
        return phone if can_see_sensitive(user) else mask_phone(phone)
    if customer.owner_id is not None and (
        can_see_sensitive(user) or user.pk in (customer.owner_id, customer.account_manager_id)
    ):
        return phone
    return mask_phone(phone)


def customer_scope() -> Scope:
    return Scope(owner="owner", assigned=("account_manager",), team="owner__team", everyone=tuple(_READER_ROLES))


def visible_customers(user):
    return customer_scope().filter(Customer.objects.select_related("district", "owner"), user)


def visible_contacts(user, customer):
    """A customer's contact persons; sensitive ones (decision makers) only for managers."""
    qs = ContactPerson.objects.filter(customer=customer)
    if not can_see_sensitive(user):
        qs = qs.filter(is_sensitive=False)
    return qs


def find_existing_customer(*, phone: str = "", organisation_name_normalized: str = ""):
    """(customer, "phone" | "organisation") for the customer holding this canonical phone or organisation, else
    (None, "")."""
    if phone:
        customer = Customer.objects.filter(phone=phone).select_related("owner").first()
        if customer is not None:
            return customer, "phone"
    if organisation_name_normalized:
        customer = (
            Customer.objects.filter(organisation_name_normalized=organisation_name_normalized)
            .select_related("owner")
            .first()
        )
        if customer is not None:
            return customer, "organisation"
    return None, ""


class Holders:
    """Who holds which of a file's phones and organisation names (customers_holding): find_existing_customer's
    answer for each row, without a query per row."""

    def __init__(self, by_phone, by_organisation):
        self.by_phone, self.by_organisation = by_phone, by_organisation

    def holder_of(self, customer):
        if customer.phone and customer.phone in self.by_phone:
            return self.by_phone[customer.phone], "phone"
        name = customer.organisation_name_normalized
        if name and name in self.by_organisation:
            return self.by_organisation[name], "organisation"
        return None, ""

    def hold(self, customer):
        """An import row now holds its phone and organisation (a later row with the same is a duplicate)."""
        if customer.phone:
            self.by_phone.setdefault(customer.phone, customer)
        if customer.organisation_name_normalized:
            self.by_organisation.setdefault(customer.organisation_name_normalized, customer)


def customers_holding(*, phones, organisation_names) -> Holders:
    """The customers holding any of these canonical phones or normalised organisation names: two queries."""
    phones, names = {p for p in phones if p}, {n for n in organisation_names if n}
    qs = Customer.objects.select_related("owner")
    # The conditions of the partial unique indexes, so that the planner uses them.
    held = qs.exclude(phone="").filter(phone__in=phones) if phones else []
    organisations = (
        qs.exclude(organisation_name_normalized="").filter(organisation_name_normalized__in=names) if names else []
    )
    by_phone = {c.phone: c for c in held}
    by_name = {c.organisation_name_normalized: c for c in organisations}
    return Holders(by_phone, by_name)


def protected_customer_count(user) -> int:
    """Customers protected for this salesperson: owned and not yet signed (the pool's holding cap counts these)."""
    return Customer.objects.filter(owner=user, customer_class=CustomerClass.POTENTIAL).count()


def key_account_count(account_manager) -> int:
    return Customer.objects.filter(is_key_account=True, account_manager=account_manager).count()


def search_customers(qs, q: str, *, through: str = "", user=None):
    """Rows by their customer's name, organisation, or any run of the phone's digits (e.g. 7 of them); for a `user`
    who sees ID numbers (can_see_sensitive), also by the whole ID number, exact match only (its blind index: the
    column is encrypted). The rows are customers, or rows that point at one: `through` is the path to it
    ("customer" for leads).

    On PostgreSQL the phone and name lookups are served by pg_trgm GIN indexes (customers migration 0002):
    `phone_digits LIKE '%1234567%'` is an index scan, not a scan of every customer.
    """
    q = (q or "").strip()
    if not q:
        return qs
    prefix = f"{through}__" if through else ""
    digest = blind_index(q) if user is not None and can_see_sensitive(user) else ""
    by_id_number = Q(**{f"{prefix}id_number_index": digest}) if digest else Q()
    digits = search_digits(q)
    if len(digits) >= MIN_PHONE_SEARCH_DIGITS and not any(ch.isalpha() for ch in q):
        return qs.filter(Q(**{f"{prefix}phone_digits__contains": digits}) | by_id_number)
    condition = Q(**{f"{prefix}name__icontains": q}) | by_id_number
    normalized = normalize_organisation_name(q)
    if normalized:
        condition |= Q(**{f"{prefix}organisation_name_normalized__contains": normalized})
    return qs.filter(condition)
