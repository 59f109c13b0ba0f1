"""Repair tickets: the warranty decision at its boundaries, the on-site deadline by district, every transition and
the illegal ones, the "not satisfied" loop, the clocks each step starts and stops, and who may act."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from aftersales import services
from aftersales.clocks import REPAIR_FEEDBACK, REVISIT_POST_REPAIR
from aftersales.hooks import register_ticket_closed_listener, unregister_ticket_closed_listener
from aftersales.models import RepairTicket
from customers.models import Customer, District
from decocrm.accounts.choices import Role
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.selectors import clocks_for_subject
from tests.uploads import PNG, upload

from .conftest import REQUESTED_AT, hours, local, record, waterproofing

pytestmark = pytest.mark.django_db


def clock(ticket, kind):
    return clocks_for_subject(ticket).filter(kind=kind).order_by("-pk").first()


def fresh(ticket):
    return RepairTicket.objects.get(pk=ticket.pk)


# --- warranty


@pytest.mark.parametrize("which", ["basic", "waterproofing"])
@pytest.mark.parametrize(("offset", "expected"), [(-1, "in"), (0, "in"), (1, "out")])
def test_warranty_is_decided_from_the_item_on_the_day_of_the_request(completed, after_sales, which, offset, expected):
    """The day of ends_on is still in warranty; the day after is not (per item: 2 and 5 years)."""
    items = completed.contract.warranty_items
    item = waterproofing(completed) if which == "waterproofing" else items.exclude(pk=waterproofing(completed).pk).get()
    day = item.ends_on + timedelta(days=offset)
    ticket = record(completed, after_sales, warranty_item=item, at=local(day.year, day.month, day.day, 23, 30))
    assert ticket.warranty == expected
    assert ticket.warranty_ends_on == item.ends_on


def test_without_an_item_or_before_the_works_were_accepted_it_is_out_of_warranty(completed, approved, after_sales):
    assert services.warranty_decision(None, REQUESTED_AT.date()) == "out"
    assert record(completed, after_sales, warranty_item=None).warranty == "out"
    item = completed.contract.warranty_items.first()
    item.starts_on = item.ends_on = None
    assert services.warranty_decision(item, REQUESTED_AT.date()) == "out"


# --- intake


@pytest.mark.parametrize(("district", "on_site_hours"), [(True, 24), (False, 48), (None, 24)])
def test_the_on_site_deadline_is_24_hours_urban_and_48_suburban(completed, after_sales, district, on_site_hours):
    if district is not None:
        place = District.objects.create(name=f"区{district}", is_urban=district)
        Customer.objects.filter(pk=completed.customer_id).update(district=place)
        completed.customer.refresh_from_db()
    ticket = record(completed, after_sales)
    assert ticket.location == ("suburban" if district is False else "urban")
    assert clock(ticket, ClockKind.REPAIR_ON_SITE).due_at == REQUESTED_AT + hours(on_site_hours)
    assert clock(ticket, ClockKind.REPAIR_CONTACT).due_at == REQUESTED_AT + hours(2)


def test_recording_checks_the_contact_and_the_links(completed, after_sales, salesperson, make_staff):
    with pytest.raises(ValidationError) as error:
        record(completed, after_sales, contact_checked=False)
    assert "contact_checked" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        record(completed, after_sales, contact_phone="12")
    assert "contact_phone" in error.value.message_dict
    stranger = Customer.objects.create(name="李女士", phone="+8613700000001")
    with pytest.raises(ValidationError) as error:
        record(completed, after_sales, customer=stranger)
    assert "project" in error.value.message_dict
    with pytest.raises(services.TicketPermissionError):
        record(completed, salesperson)
    assert not RepairTicket.objects.exists()


def test_recording_assigns_the_after_sales_recorder_and_a_manager_may_leave_it_unassigned(
    completed, after_sales, team_manager
):
    mine = record(completed, after_sales)
    assert mine.technician == after_sales and clock(mine, ClockKind.REPAIR_CONTACT).owner == after_sales
    waiting = record(completed, team_manager)
    assert waiting.technician is None and clock(waiting, ClockKind.REPAIR_CONTACT).owner is None
    assert [(t.from_state, t.to_state, t.event) for t in mine.transitions.all()] == [("", "recorded", "recorded")]


# --- the flow


def run_to(ticket, by, state, *, start=REQUESTED_AT):
    """Walk the ticket through the flow up to `state`, an hour a step."""
    at = start
    order = ["assessed", "dispatched", "on_site", "repaired", "accepted", "closed"]
    for step in order[: order.index(state) + 1]:
        at += hours(1)
        if step == "assessed":
            ticket = services.ticket_assess(ticket=ticket, by=by, nature="waterproofing", severity="ordinary",
                                            plan="重做防水", quote_amount=300, at=at)  # fmt: skip
            if not ticket.in_warranty:
                ticket = services.ticket_accept_quote(ticket=ticket, by=by, at=at)
        elif step == "dispatched":
            ticket = services.ticket_dispatch(ticket=ticket, by=by, technician=ticket.technician or by,
                                              appointment_at=at + hours(3), customer_notified=True, at=at)  # fmt: skip
        elif step == "on_site":
            ticket = services.ticket_arrive(ticket=ticket, by=by, at=at)
        elif step == "repaired":
            ticket = services.ticket_repair(ticket=ticket, by=by, report="已修复", at=at)
        elif step == "accepted":
            ticket = services.ticket_customer_accept(ticket=ticket, by=by, method="signature", name="张先生",
                                                     signature=upload("sign.png", PNG, "image/png"), at=at)  # fmt: skip
        elif step == "closed":
            ticket = services.ticket_close(ticket=ticket, by=by, at=at)
    return fresh(ticket)


def test_the_whole_flow_records_every_transition_and_runs_its_clocks(ticket, after_sales, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    closed = []
    listener = lambda t, by, at: closed.append((t.pk, by, at))  # noqa: E731
    register_ticket_closed_listener(listener)
    try:
        done = run_to(ticket, after_sales, "closed")
    finally:
        unregister_ticket_closed_listener(listener)
    assert done.state == "closed" and done.signature and done.accepted_by_name == "张先生"
    assert [(t.from_state, t.to_state) for t in done.transitions.all()] == [
        ("", "recorded"), ("recorded", "assessed"), ("assessed", "dispatched"), ("dispatched", "on_site"),
        ("on_site", "repaired"), ("repaired", "accepted"), ("accepted", "closed"),
    ]  # fmt: skip
    assert all(t.by == after_sales for t in done.transitions.all())
    assert clock(done, ClockKind.REPAIR_CONTACT).state == ClockState.MET  # the assessment talked to the customer
    assert clock(done, ClockKind.REPAIR_ON_SITE).state == ClockState.MET
    assert clock(done, REPAIR_FEEDBACK).state == ClockState.MET
    revisit = clock(done, REVISIT_POST_REPAIR)
    assert revisit.state == ClockState.RUNNING and revisit.owner == after_sales
    assert revisit.due_at == done.closed_at.replace(month=done.closed_at.month + 1) == done.next_due_at
    assert closed == [(done.pk, after_sales, done.closed_at)]
    services.ticket_revisit_done(ticket=done, at=done.closed_at + timedelta(days=20))
    assert clock(done, REVISIT_POST_REPAIR).state == ClockState.MET and fresh(done).next_due_at is None
    with pytest.raises(services.TicketStateError):
        services.ticket_revisit_done(ticket=done)


def test_a_late_arrival_is_kept_as_met_late(ticket, after_sales):
    ticket = run_to(ticket, after_sales, "dispatched")
    services.ticket_arrive(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(25))
    assert clock(ticket, ClockKind.REPAIR_ON_SITE).state == ClockState.MET_LATE


def test_logging_the_contact_stops_the_two_hour_clock(ticket, after_sales):
    assert fresh(ticket).next_due_at == REQUESTED_AT + hours(2)  # "my tickets" sorts on the next deadline
    services.ticket_log_contact(ticket=ticket, by=after_sales, note="约明早", at=REQUESTED_AT + hours(1))
    assert clock(ticket, ClockKind.REPAIR_CONTACT).state == ClockState.MET
    assert fresh(ticket).next_due_at == REQUESTED_AT + hours(24)
    with pytest.raises(services.TicketStateError):
        services.ticket_log_contact(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(1))


def test_not_satisfied_sends_it_back_on_site_to_repair_again(ticket, after_sales):
    ticket = run_to(ticket, after_sales, "repaired")
    at = ticket.repaired_at + hours(2)
    ticket = services.ticket_not_satisfied(ticket=ticket, by=after_sales, reason="仍有渗水", at=at)
    assert ticket.state == "on_site"
    assert clock(ticket, REPAIR_FEEDBACK).state == ClockState.MET  # the result was fed back: the customer said no
    last = ticket.transitions.order_by("-pk").first()
    assert (last.from_state, last.to_state, last.event, last.note) == (
        "repaired",
        "on_site",
        "not_satisfied",
        "仍有渗水",
    )
    ticket = services.ticket_repair(ticket=ticket, by=after_sales, report="重新做防水", at=at + hours(3))
    assert ticket.repair_rounds == 2
    assert clock(ticket, REPAIR_FEEDBACK).state == ClockState.RUNNING
    ticket = services.ticket_customer_accept(ticket=ticket, by=after_sales, method="confirmation",
                                             note="电话确认", at=at + hours(5))  # fmt: skip
    assert ticket.state == "accepted" and ticket.accepted_by_name == ticket.contact_name


@pytest.mark.parametrize(
    ("state", "service", "kwargs"),
    [
        ("recorded", "ticket_arrive", {}),
        ("recorded", "ticket_repair", {"report": "x"}),
        ("assessed", "ticket_close", {}),
        ("dispatched", "ticket_customer_accept", {"method": "confirmation", "note": "x"}),
        ("on_site", "ticket_not_satisfied", {"reason": "x"}),
        ("repaired", "ticket_cancel", {"reason": "x"}),
        ("repaired", "ticket_arrive", {}),
        ("accepted", "ticket_repair", {"report": "x"}),
        ("closed", "ticket_assess", {"nature": "other", "severity": "minor", "plan": "x"}),
        ("closed", "ticket_cancel", {"reason": "x"}),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(ticket, after_sales, state, service, kwargs, settings,
                                                            tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    if state != "recorded":
        ticket = run_to(ticket, after_sales, state)
    rows = ticket.transitions.count()
    with pytest.raises(services.TicketStateError):
        getattr(services, service)(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(12), **kwargs)
    assert fresh(ticket).state == state and ticket.transitions.count() == rows


def test_out_of_warranty_the_customer_accepts_the_quote_before_dispatch(completed, after_sales):
    ticket = record(completed, after_sales, warranty_item=None)
    with pytest.raises(ValidationError) as error:
        services.ticket_assess(ticket=ticket, by=after_sales, nature="other", severity="minor", plan="换锁",
                               at=REQUESTED_AT + hours(1))  # fmt: skip
    assert "quote_amount" in error.value.message_dict
    ticket = services.ticket_assess(ticket=ticket, by=after_sales, nature="other", severity="minor", plan="换锁",
                                    quote_amount=180, at=REQUESTED_AT + hours(1))  # fmt: skip
    dispatch = {"technician": after_sales, "appointment_at": REQUESTED_AT + hours(5), "customer_notified": True}
    with pytest.raises(services.TicketStateError):
        services.ticket_dispatch(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(2), **dispatch)
    assert fresh(ticket).state == "assessed"
    services.ticket_accept_quote(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(2))
    ticket = services.ticket_dispatch(ticket=ticket, by=after_sales, at=REQUESTED_AT + hours(3), **dispatch)
    assert ticket.state == "dispatched" and ticket.quote_amount == 180


def test_in_warranty_there_is_no_quote(ticket, after_sales):
    ticket = services.ticket_assess(ticket=ticket, by=after_sales, nature="crack", severity="minor", plan="修补",
                                    quote_amount=99, at=REQUESTED_AT + hours(1))  # fmt: skip
    assert ticket.quote_amount is None
    with pytest.raises(services.TicketStateError):
        services.ticket_accept_quote(ticket=ticket, by=after_sales)


def test_cancelling_ends_the_clocks(ticket, after_sales):
    services.ticket_cancel(ticket=ticket, by=after_sales, reason="重复登记", at=REQUESTED_AT + hours(1))
    assert set(clocks_for_subject(ticket).values_list("state", flat=True)) == {ClockState.CANCELLED}


# --- who may act


def test_only_its_after_sales_staff_member_or_a_manager_works_a_ticket(ticket, make_staff, team, salesperson,
                                                                      team_manager, company_manager):  # fmt: skip
    colleague = make_staff(Role.AFTER_SALES, team=team)
    for outsider in (colleague, salesperson):
        with pytest.raises(services.TicketPermissionError):
            services.ticket_log_contact(ticket=ticket, by=outsider, at=REQUESTED_AT + hours(1))
    services.ticket_log_contact(ticket=ticket, by=team_manager, at=REQUESTED_AT + hours(1))
    services.ticket_assess(ticket=ticket, by=company_manager, nature="crack", severity="minor", plan="修补",
                           at=REQUESTED_AT + hours(1))  # fmt: skip
    with pytest.raises(services.TicketPermissionError):
        services.ticket_take(ticket=ticket, by=colleague)  # assigned already


def test_taking_an_unassigned_ticket_keeps_the_customers_deadlines(completed, team_manager, after_sales, make_staff):
    waiting = record(completed, team_manager)
    contact = clock(waiting, ClockKind.REPAIR_CONTACT)
    with pytest.raises(services.TicketPermissionError):
        services.ticket_take(ticket=waiting, by=team_manager)  # managers assign; after-sales staff take
    taken = services.ticket_take(ticket=waiting, by=after_sales, at=REQUESTED_AT + hours(1))
    assert taken.technician == after_sales and taken.team == after_sales.team
    moved = clock(taken, ClockKind.REPAIR_CONTACT)
    assert moved.owner == after_sales and moved.due_at == contact.due_at and moved.state == ClockState.RUNNING
    on_site = clock(taken, ClockKind.REPAIR_ON_SITE)
    assert on_site.owner == after_sales and on_site.due_at == REQUESTED_AT + hours(24)
    other = make_staff(Role.AFTER_SALES, team=after_sales.team)
    services.ticket_assign(ticket=taken, technician=other, by=team_manager, at=REQUESTED_AT + hours(2))
    assert clock(taken, ClockKind.REPAIR_ON_SITE).owner == other
    with pytest.raises(ValidationError):
        services.ticket_assign(ticket=taken, technician=team_manager, by=team_manager)


def test_photos_are_screened_and_kept(ticket, after_sales, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.ticket_add_photos(ticket=ticket, by=after_sales, photos=[upload("漏水.png", PNG, "image/png")])
    assert ticket.photos.get().taken_in == "recorded"
    with pytest.raises(ValidationError) as error:
        services.ticket_add_photos(ticket=ticket, by=after_sales, photos=[upload("x.png", b"<html>", "image/png")])
    assert "photos" in error.value.message_dict
    assert ticket.photos.count() == 1


def test_a_clock_the_engine_stops_on_its_own_refreshes_the_next_deadline(ticket, django_capture_on_commit_callbacks):
    from decocrm.sla.services import clock_stop

    with django_capture_on_commit_callbacks(execute=True):
        clock_stop(kind=ClockKind.REPAIR_CONTACT, subject=ticket, at=REQUESTED_AT + hours(1))
    assert fresh(ticket).next_due_at == REQUESTED_AT + hours(24)  # the listener (aftersales.clocks) ran after commit
