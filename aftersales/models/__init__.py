"""Repair tickets [seed 000 §9; 001 §7; 002]: recorded from a call, WeChat, a visit or a revisit, decided in or out
of warranty from the contract's warranty item, assessed, dispatched, repaired and accepted by the customer. Every
write is in services/."""

from .ticket import RepairTicket, RepairTicketTransition, TicketPhoto

__all__ = ["RepairTicket", "RepairTicketTransition", "TicketPhoto"]
