"""Demo tickets (decocrm.core.demo), so that the demo world, and the parameter fuzzer that walks it, reach every page
of the app. Idempotent."""

from customers.models import Customer
from decocrm.accounts.models import User

from .models import Ticket
from .services import ticket_open


def seed(*, scale=0, log=print):
    sales = User.objects.filter(username="sales").first()
    if sales is None or Ticket.objects.exists():
        return
    for customer in Customer.objects.filter(owner=sales).order_by("pk")[:2]:
        ticket_open(customer=customer, owner=sales, by=sales, subject="柜门合页异响")
    log("Kit tickets: done.")
