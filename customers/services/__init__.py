"""Every write to customers goes through here (ENGINEERING.md rule 1)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from decocrm.accounts.models import User
from decocrm.accounts.selectors import is_company_manager, is_manager
from decocrm.core.dates import PLAN_DATE
from decocrm.core.errors import DomainError
from decocrm.core.history import record_by, record_current

from ..choices import ContactRole, CustomerClass
from ..models import SENSITIVE_FIELDS, ContactPerson, Customer, District
from ..names import normalize_organisation_name
from ..phones import normalize_phone, phone_digits
from ..selectors import can_see_sensitive, find_existing_customer
from .errors import CustomerPermissionError

# What customer_create / customer_update accept. Ownership and key-account fields have their own services.
EDITABLE_FIELDS = frozenset(
    {
        "kind",
        "customer_class",
        "is_organisation",
        "name",
        "phone",
        "email",
        "district",
        "address",
        "space_type",
        "area_m2",
        "layout",
        "style_preference",
        "budget_min",
        "budget_max",
        "expected_start",
        "special_needs",
        *SENSITIVE_FIELDS,
    }
)


class DuplicateCustomerError(DomainError):
    """The phone or organisation already belongs to a customer. Carries who holds it, for the collision record."""

    def __init__(self, customer, matched_on):
        self.customer = customer
        self.matched_on = matched_on
        owner = customer.owner.display_name if customer.owner_id else _("the lead pool")
        if matched_on == "phone":
            message = _("This phone number already belongs to customer %(name)s (owner: %(owner)s).")
        else:
            message = _("This organisation is already customer %(name)s (owner: %(owner)s).")
        super().__init__(message % {"name": customer.name, "owner": owner})


def can_edit_customer(user, customer) -> bool:
    if not user.is_authenticated:
        return False
    if is_company_manager(user):
        return True
    if customer.owner_id == user.pk or customer.account_manager_id == user.pk:
        return True
    return (
        is_manager(user)
        and user.team_id is not None
        and customer.owner is not None
        and (customer.owner.team_id == user.team_id)
    )


def _check_fields(fields):
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable through this service: {', '.join(sorted(unknown))}")


def _apply(customer, fields):
    for name, value in fields.items():
        setattr(customer, name, value)
    if "phone" in fields:
        try:
            customer.phone = normalize_phone(fields["phone"]) if fields["phone"] else ""
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    customer.phone_digits = phone_digits(customer.phone)
    customer.organisation_name_normalized = (
        normalize_organisation_name(customer.name) if customer.is_organisation else ""
    )


def _check_dates(customer, previous_start=None):
    """A planning date typed for the customer falls in core.dates.PLAN_DATE; one that has since aged out of the
    window is not checked again while it stays as it was."""
    if customer.expected_start != previous_start:
        PLAN_DATE.check(customer.expected_start, field="expected_start", label=_("Expected start"))


def _save_unique(customer, *, taken=None):
    """Save; a concurrent insert of the same phone / organisation surfaces as DuplicateCustomerError.

    The check before the insert is only the fast path: the unique constraints decide (one of two concurrent
    inserts waits for the other and then fails), inside a savepoint so the caller's transaction survives.
    `taken`: that check's answer looked up in bulk by an import (selectors.customers_holding), instead of a query.
    """
    if taken is None:
        existing, matched_on = find_existing_customer(
            phone=customer.phone, organisation_name_normalized=customer.organisation_name_normalized
        )
    else:
        existing, matched_on = taken.holder_of(customer)
    if existing is not None and existing.pk != customer.pk:
        raise DuplicateCustomerError(existing, matched_on)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as error:
        existing, matched_on = find_existing_customer(
            phone=customer.phone, organisation_name_normalized=customer.organisation_name_normalized
        )
        if existing is None or existing.pk == customer.pk:
            raise
        raise DuplicateCustomerError(existing, matched_on) from error


@transaction.atomic
def customer_create(*, by: User, owner: User | None = None, at=None, **fields) -> Customer:
    """A new customer, protected for `owner` (None: unowned). Raises DuplicateCustomerError when the phone or the
    organisation is already a customer."""
    _check_fields(fields)
    if not by.is_authenticated:
        raise CustomerPermissionError(_("Sign in to add customers."))
    if owner is not None and owner.pk != by.pk and not is_manager(by):
        raise CustomerPermissionError(_("Only a manager may add a customer for someone else."))
    customer = Customer(owner=owner, owned_since=(at or timezone.now()) if owner else None)
    _apply(customer, fields)
    _check_dates(customer)
    customer.full_clean(validate_constraints=False)  # uniqueness: see _save_unique
    _save_unique(record_by(customer, by))
    return customer


@transaction.atomic
def customer_update(*, customer: Customer, by: User, **changes) -> Customer:
    """Change what is known about a customer (needs, address, background...): its owner, the managers in whose
    scope it is and its account manager (can_edit_customer; the archive clerk only reads). Ownership and key-account
    fields have their own services; derived fields are recomputed here; a phone or organisation that is another
    customer's is refused (DuplicateCustomerError), as at capture. The change is recorded in the customer's history
    under `by`."""
    _check_fields(changes)
    customer = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    if not can_edit_customer(by, customer):
        raise CustomerPermissionError(_("You may not change this customer."))
    sensitive = [name for name in SENSITIVE_FIELDS if name in changes and changes[name] != getattr(customer, name)]
    if sensitive and not can_see_sensitive(by):
        raise CustomerPermissionError(_("Only managers may change a customer's background and ID number."))
    previous_start = customer.expected_start
    _apply(customer, changes)
    _check_dates(customer, previous_start)
    customer.full_clean(validate_constraints=False)
    _save_unique(record_by(customer, by))
    return customer


def _import_checks(customer, *, by, is_create):
    """The rules of an import row, before anything is written: who may import, ownership not imported, the
    background only from managers; derived fields computed; the row validated. Returns the stored row (updates)."""
    stored = None
    if is_create:
        if not by.is_authenticated:
            raise CustomerPermissionError(_("Sign in to add customers."))
        customer.owner, customer.owned_since = None, None
        customer.is_key_account, customer.key_tier, customer.account_manager = False, "", None
    else:
        stored = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
        if not can_edit_customer(by, stored):
            raise CustomerPermissionError(_("You may not change this customer."))
        if stored.owner_id not in (None, by.pk):
            # A manager sees their team's customers, but an import row is no way to rewrite one: the phone is a
            # collision with a customer someone owns, reported like capture reports it.
            raise DuplicateCustomerError(stored, "phone")
        if not can_see_sensitive(by) and any(getattr(customer, f) != getattr(stored, f) for f in SENSITIVE_FIELDS):
            raise CustomerPermissionError(_("Only managers may change a customer's background and ID number."))
    _apply(customer, {"phone": customer.phone})
    _check_dates(customer, stored.expected_start if stored else None)
    customer.full_clean(validate_constraints=False)
    return stored


@transaction.atomic
def customer_import_save(*, customer: Customer, by: User, is_create: bool, taken=None) -> Customer:
    """Save a row of an import (an unsaved or changed Customer built by the import): the same derived fields,
    validation, permissions and uniqueness as customer_create / customer_update. Ownership is not imported.
    `taken`: the file's phones and organisations already held, looked up in bulk (selectors.customers_holding)."""
    _import_checks(customer, by=by, is_create=is_create)
    _save_unique(record_by(customer, by), taken=taken)
    return customer


def customer_import_check_new(*, customer: Customer, by: User, taken) -> Customer:
    """A new customer of an import, checked as customer_import_save checks it but not yet written: the rows of a
    file are then inserted together (customer_import_create_many). `taken` (selectors.customers_holding) answers
    whether the phone or organisation is held, by a customer or by an earlier row of the file, which this row
    then holds in turn. Raises as customer_import_save does."""
    _import_checks(customer, by=by, is_create=True)
    existing, matched_on = taken.holder_of(customer)
    if existing is not None:
        raise DuplicateCustomerError(existing, matched_on)
    taken.hold(customer)
    return customer


@transaction.atomic
def customer_import_create_many(*, customers: list, by: User, batch_size: int = 1000) -> list:
    """Insert the checked new customers of an import (customer_import_check_new), with their history records under
    `by`, a batch per statement. The unique constraints still decide: a phone entered meanwhile by someone else
    fails the whole import (the caller's transaction), never a silent duplicate."""
    if not by.is_authenticated:
        raise CustomerPermissionError(_("Sign in to add customers."))
    return bulk_create_with_history(customers, Customer, batch_size=batch_size, default_user=by)


@transaction.atomic
def customer_transfer_ownership(*, customer: Customer, owner: User | None, at=None, by: User | None = None) -> Customer:
    """Protect the customer for `owner` from now (None: back to the pool). Called by the leads services, which check
    who may do it; the customer's open lead moves with it there. Recorded in the customer's history (under `by`)."""
    at = at or timezone.now()
    if customer.owner_id == (owner.pk if owner else None):
        return customer
    Customer.objects.filter(pk=customer.pk).update(owner=owner, owned_since=at if owner else None, updated_at=at)
    record_current(Customer, customer.pk, by=by)
    customer.owner, customer.owned_since = owner, (at if owner else None)
    return customer


@transaction.atomic
def customer_mark_existing(*, customer: Customer, at=None) -> Customer:
    """A potential customer has signed (a later stage closed a sale: a won lead) and becomes an existing one; an
    existing, loyal or special customer keeps their class. Called by the later stages' services, which check who
    may close the sale.

    One conditional UPDATE, like customer_transfer_ownership: it cannot race a concurrent edit of the class, and a
    stale field elsewhere on an imported row does not block the sale."""
    at = at or timezone.now()
    promoted = Customer.objects.filter(pk=customer.pk, customer_class=CustomerClass.POTENTIAL).update(
        customer_class=CustomerClass.EXISTING, updated_at=at
    )
    if promoted:
        record_current(Customer, customer.pk)
        customer.customer_class, customer.updated_at = CustomerClass.EXISTING, at
    return customer


@transaction.atomic
def contact_person_add(
    *,
    customer: Customer,
    by: User,
    name: str,
    role: ContactRole | str = ContactRole.OTHER,
    phone: str = "",
    email: str = "",
    is_sensitive: bool | None = None,
) -> ContactPerson:
    """A contact at an organisation; a decision maker's contact is sensitive unless said otherwise."""
    if not can_edit_customer(by, customer):
        raise CustomerPermissionError(_("You may not change this customer."))
    if not customer.is_organisation:
        raise DomainError(_("Contact persons are kept for organisations only."))
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as error:
            raise ValidationError({"phone": error.messages}) from error
    contact = ContactPerson(
        customer=customer,
        name=name,
        role=role,
        phone=phone,
        email=email,
        is_sensitive=(role == ContactRole.DECISION_MAKER) if is_sensitive is None else is_sensitive,
    )
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def district_ensure(*, name: str, city: str, is_urban: bool) -> District:
    """The district of this name, created if missing (demo data, imports). An existing row is left as admins set it."""
    district = District.objects.filter(name=name).first()
    if district is None:
        district = District(name=name, city=city, is_urban=is_urban)
        district.full_clean()
        district.save()
    return district


# Key accounts (marking, their contacts, requests and the yearly review): services/key_accounts.py.
from .key_accounts import (  # noqa: E402, F401 - the package's public services
    KeyAccountCapError,
    KeyAccountStateError,
    customer_set_key_account,
    key_account_log_contact,
    key_account_record_visit,
    key_account_request_record,
    key_account_request_respond,
    key_account_request_solve,
    key_account_review_decide,
)
