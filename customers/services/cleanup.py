"""The monthly clean-up notice (customers.tasks): each owner is told how many of their customers are on the clean-up
report (cleanup.py), once per owner per month. Computed from state, so a run repeated, or the first after downtime,
tells nobody twice: the notice's dedupe key names the owner and the month (a unique index, notifications)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.accounts.models import User
from decocrm.core.errors import DomainError
from decocrm.core.history import record_by
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice

from ..choices import CustomerCloseReason
from ..cleanup import close_blockers, with_cleanup_reasons
from ..models import Customer
from .errors import CustomerPermissionError

CLEANUP_NOTICE = "customer_cleanup_due"


def cleanup_notify_owners(*, at=None) -> int:
    """Tell each active owner with customers to clean up how many they have; returns how many notices were stored."""
    at = at or timezone.now()
    month = timezone.localtime(at).strftime("%Y-%m")
    owned = Customer.objects.filter(owner__isnull=False, owner__is_active=True)
    per_owner = with_cleanup_reasons(owned, at=at).order_by().values("owner_id").annotate(n=Count("pk")).filter(n__gt=0)
    url = reverse("customers:cleanup")
    return notification_create_many(
        notifications=[
            {
                "recipient_id": row["owner_id"],
                "kind": NotificationKind.GENERAL,
                "url": url,
                "dedupe_key": f"customer-cleanup:{row['owner_id']}:{month}",
                **notice(CLEANUP_NOTICE, count=row["n"], month=month),
            }
            for row in per_owner
        ]
    )


@transaction.atomic
def customer_close(*, customer: Customer, by: User, reason: str, note: str = "") -> Customer:
    """Close a customer who is no longer one [seed 001 §2(三)]: whoever may edit the customer (its owner, its account
    manager, the managers in whose scope it is); refused while a later stage holds open work for it (leads, contracts,
    tickets: cleanup.register_close_blocker) and when it is closed already. Kept, with its history under `by`; out
    of the clean-up report and the customer list's default view."""
    from . import can_edit_customer

    customer = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    if not can_edit_customer(by, customer):
        raise CustomerPermissionError(_("You may not change this customer."))
    if customer.closed_at is not None:
        raise DomainError(_("This customer is closed already."))
    if reason not in CustomerCloseReason.values:
        raise ValidationError({"reason": _("Choose why the customer is closed.")})
    blockers = close_blockers(customer)
    if blockers:
        raise DomainError(_("This customer cannot be closed yet: %(why)s") % {"why": "; ".join(blockers)})
    customer.closed_at, customer.closed_by = timezone.now(), by
    customer.close_reason, customer.close_note = reason, note.strip()[:300]
    record_by(customer, by).save(update_fields=["closed_at", "closed_by", "close_reason", "close_note", "updated_at"])
    return customer


@transaction.atomic
def customer_reopen(*, customer: Customer, by: User) -> Customer:
    """Reopen a closed customer (whoever may edit it): back on the list, and on the report if still unclean."""
    from . import can_edit_customer

    customer = Customer.objects.select_for_update(of=("self",)).select_related("owner").get(pk=customer.pk)
    if not can_edit_customer(by, customer):
        raise CustomerPermissionError(_("You may not change this customer."))
    if customer.closed_at is None:
        raise DomainError(_("This customer is not closed."))
    customer.closed_at, customer.closed_by, customer.close_reason, customer.close_note = None, None, "", ""
    record_by(customer, by).save(update_fields=["closed_at", "closed_by", "close_reason", "close_note", "updated_at"])
    return customer
