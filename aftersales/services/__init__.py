"""Every write of after-sales repair tickets (ENGINEERING.md rule 1)."""

from .common import TicketPermissionError, TicketStateError
from .flow import (
    ticket_accept_quote,
    ticket_add_photos,
    ticket_arrive,
    ticket_assess,
    ticket_assign,
    ticket_cancel,
    ticket_close,
    ticket_customer_accept,
    ticket_dispatch,
    ticket_log_contact,
    ticket_not_satisfied,
    ticket_repair,
    ticket_revisit_done,
    ticket_take,
)
from .intake import customer_location, ticket_record, warranty_decision

__all__ = [
    "TicketPermissionError",
    "TicketStateError",
    "customer_location",
    "ticket_accept_quote",
    "ticket_add_photos",
    "ticket_arrive",
    "ticket_assess",
    "ticket_assign",
    "ticket_cancel",
    "ticket_close",
    "ticket_customer_accept",
    "ticket_dispatch",
    "ticket_log_contact",
    "ticket_not_satisfied",
    "ticket_record",
    "ticket_repair",
    "ticket_revisit_done",
    "ticket_take",
    "warranty_decision",
]
