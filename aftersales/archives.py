"""What after-sales tells the customer archive (customers.archives.hooks): a closed repair ticket makes the
after-sales file due within a working day (its clock runs on the customer's file, held by the ticket's technician
for the ticket's team, its link the ticket's page: the technician cannot open the clerks' admin); the customer's
tickets in their transaction history."""

from customers.archives.choices import HandoverKind
from customers.archives.services import archive_file_due

from .models import RepairTicket


def on_ticket_closed(ticket, *, by, at):
    archive_file_due(customer=ticket.customer, kind=HandoverKind.AFTER_SALES, at=at, by=by,
                     owner=ticket.technician or by, team=ticket.team, url=ticket.get_absolute_url())  # fmt: skip


def ticket_history(customer) -> list[tuple]:
    tickets = RepairTicket.objects.filter(customer=customer).select_related("customer").order_by("-requested_at")
    return [
        (ticket.requested_at, f"{ticket} ({ticket.get_state_display()})", ticket.get_absolute_url())
        for ticket in tickets[:50]
    ]
