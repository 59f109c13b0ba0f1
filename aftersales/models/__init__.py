"""The after-sales models. Repair tickets [seed 000 §9; 001 §7; 002]: recorded from a call, WeChat, a visit or a
revisit, decided in or out of warranty from the contract's warranty item, assessed, dispatched, repaired and
accepted by the customer (ticket.py). Revisits and the points customers raise (revisits.py); satisfaction surveys
and improvement measures (surveys.py). Every write is in services/."""

from .revisits import Revisit, RevisitPoint, RevisitTransition
from .surveys import SCORE_FIELDS, ImprovementMeasure, Survey
from .ticket import RepairTicket, RepairTicketTransition, TicketPhoto

__all__ = [
    "SCORE_FIELDS",
    "ImprovementMeasure",
    "RepairTicket",
    "RepairTicketTransition",
    "Revisit",
    "RevisitPoint",
    "RevisitTransition",
    "Survey",
    "TicketPhoto",
]
