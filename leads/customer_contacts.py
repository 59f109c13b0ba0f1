"""When a customer was last contacted, for the customers' clean-up report (customers.cleanup.register_contact_source):
the latest contact logged on any of the customer's leads."""

from django.db.models import OuterRef, Subquery

from .models import ContactLog


def last_lead_contact():
    return Subquery(ContactLog.objects.filter(lead__customer=OuterRef("pk")).order_by("-at").values("at")[:1])
