"""Periodic revisits [seed 000 §9; 002 §9: 定期回访成交客户]: a formal customer whose warranty runs is called back when
their latest revisit is older than settings.PERIODIC_REVISIT_MONTHS (default 6). The beat task (tasks.py) runs
periodic_revisits_start, which computes from state: one query finds the customers due — formal, a warranty item
running that started before the cut-off (a newly completed customer has their first revisit to come), no revisit
done since the cut-off, no periodic revisit clock open — and starts one clock for each (the database's one open
clock per subject and kind makes a concurrent run fail rather than start a second). Run twice, or after days of
downtime, it starts each once; a backlog larger than a batch is taken by the next runs. Customer relations hold them,
shared by customer number; recorded from the revisit queue like every revisit (services.revisit_record)."""

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from contracts.models import WarrantyItem
from customers.choices import CustomerClass
from customers.models import Customer
from decocrm.accounts.choices import Role
from decocrm.accounts.models import User
from decocrm.sla.choices import OPEN_STATES
from decocrm.sla.models import Clock
from decocrm.sla.services import clock_start

from ..choices import PERIODIC_REVISIT
from ..models import Revisit

DEFAULT_MONTHS = 6
BATCH = 500


def months_before(moment: datetime, months: int) -> datetime:
    index = moment.month - 1 - months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Holders:
    staff: tuple

    def holder_of(self, customer):
        """Customer relations share the periodic revisits by customer number (nobody while there is none)."""
        return self.staff[customer.pk % len(self.staff)] if self.staff else None


def periodic_revisit_holders() -> Holders:
    active = User.objects.filter(role=Role.CUSTOMER_RELATIONS, is_active=True).select_related("team").order_by("pk")
    return Holders(tuple(active))


def customers_due_periodic_revisit(*, at=None):
    """The formal customers due a periodic revisit at `at` (see the module's docstring), by number."""
    at = at or timezone.now()
    months = getattr(settings, "PERIODIC_REVISIT_MONTHS", DEFAULT_MONTHS)
    cutoff = months_before(timezone.localtime(at), months)
    warranty_runs = WarrantyItem.objects.filter(
        contract__customer=OuterRef("pk"), starts_on__lte=cutoff.date(), ends_on__gte=timezone.localdate(at)
    )
    revisited = Revisit.objects.filter(customer=OuterRef("pk"), done_at__gte=cutoff)
    open_clock = Clock.objects.filter(
        kind=PERIODIC_REVISIT, state__in=OPEN_STATES, content_type=ContentType.objects.get_for_model(Customer),
        object_id=OuterRef("pk"),
    )  # fmt: skip
    return (
        Customer.objects.exclude(customer_class=CustomerClass.POTENTIAL)
        .filter(Exists(warranty_runs))
        .exclude(Exists(revisited))
        .exclude(Exists(open_clock))
        .order_by("pk")
    )


@transaction.atomic
def periodic_revisits_start(*, at=None, limit=BATCH) -> int:
    """Start the periodic revisit clock of each customer due one (at most `limit` a run); returns how many."""
    at = at or timezone.now()
    holders = periodic_revisit_holders()
    started = 0
    for customer in customers_due_periodic_revisit(at=at)[:limit]:
        holder = holders.holder_of(customer)
        clock = clock_start(
            kind=PERIODIC_REVISIT, subject=customer, at=at, owner=holder, team=getattr(holder, "team", None),
            customer_id=customer.pk, label=customer.name, url=customer.get_absolute_url(),
        )  # fmt: skip
        started += clock is not None
    return started
