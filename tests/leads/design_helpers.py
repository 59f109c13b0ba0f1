"""Shared steps for the appointment / measurement / proposal tests."""

from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from decocrm.sla.models import ClockEvent
from decocrm.sla.selectors import clocks_for_subject
from leads.models import Lead
from leads.services import (
    appointment_book,
    lead_assign_designer,
    lead_log_contact,
    lead_qualify,
    measurement_record,
    proposal_add,
    proposal_deliver,
)
from tests import uploads

from .conftest import MONDAY

T = MONDAY + timedelta(hours=1)  # contact and qualify
VISIT = MONDAY + timedelta(days=2)  # Wednesday 10:00
ROOMS = [
    {"name": "客厅", "length_m": Decimal("5.20"), "width_m": Decimal("4.00"), "height_m": Decimal("2.80")},
    {"name": "主卧", "length_m": Decimal("4.00"), "width_m": Decimal("3.50")},
]

# Real files of each kind: uploads are checked through and through (decocrm.core.uploads).
PNG, PDF, DWG = uploads.PNG, uploads.PDF, uploads.DWG


def upload(name="plan.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def qualified(capture, by, designer=None, **kwargs):
    lead = capture(by, **kwargs)
    lead_log_contact(lead=lead, by=by, channel="phone", summary="约量房", at=T)
    lead = lead_qualify(lead=lead, by=by, at=T)
    if designer is not None:
        lead = lead_assign_designer(lead=lead, by=by, designer=designer, at=T)
    return lead


def book_measurement(lead, by, when=VISIT, **kwargs):
    kwargs.setdefault("place", "浦东新区锦绣路100弄3号601")
    return appointment_book(lead=lead, by=by, kind="measurement", scheduled_at=when, at=T, **kwargs)


def measured(capture, by, **kwargs):
    lead = qualified(capture, by, **kwargs)
    book_measurement(lead, by)
    measurement_record(lead=lead, by=by, held_at=VISIT, rooms=ROOMS, at=VISIT + timedelta(hours=2))
    return Lead.objects.get(pk=lead.pk)


def add_proposal(lead, by, at=None, **kwargs):
    kwargs.setdefault("style", "现代简约")
    kwargs.setdefault("quote_amount", Decimal("186000.00"))
    kwargs.setdefault("construction_days", 75)
    return proposal_add(lead=lead, by=by, at=at or VISIT + timedelta(days=1), **kwargs)


def delivered(capture, by, **kwargs):
    lead = measured(capture, by, **kwargs)
    proposal = add_proposal(lead, by)
    proposal_deliver(proposal=proposal, by=by, at=VISIT + timedelta(days=1, hours=1))
    return Lead.objects.get(pk=lead.pk), proposal


def clock(lead, kind):
    return clocks_for_subject(lead).get(kind=kind)


def actions(clock_):
    return list(ClockEvent.objects.filter(clock=clock_).order_by("at", "pk").values_list("action", flat=True))
