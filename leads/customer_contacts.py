"""The leads' part of the customers' clean-up report (customers.cleanup): when a customer was last contacted
(register_contact_source: the latest contact logged on any of the customer's leads), and whether an open lead keeps
the customer from being closed (register_close_blocker)."""

from django.db.models import OuterRef, Subquery

from .models import ContactLog


def last_lead_contact():
    return Subquery(ContactLog.objects.filter(lead__customer=OuterRef("pk")).order_by("-at").values("at")[:1])


def open_leads_block_close(customer):
    """customers.cleanup.register_close_blocker: a customer with an open lead is not closed (close the lead)."""
    from django.utils.translation import gettext as _

    from .choices import OPEN_STATES
    from .models import Lead

    if Lead.objects.filter(customer_id=customer.pk, state__in=OPEN_STATES).exists():
        return _("a lead is still open (close it first)")
    return None
