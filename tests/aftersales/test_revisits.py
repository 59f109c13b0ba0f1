"""Revisits [seed 002]: recorded against the clock they keep, by phone (marked) or on site (the customer's
signature); every raised point is a record with an owner until answered and may ask for another revisit; a manager
other than the revisitor signs off; the rates by kind, person and month."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from aftersales.models import Revisit, RevisitPoint
from aftersales.selectors import due_revisits, revisit_rates
from aftersales.services import (
    RevisitError,
    revisit_cancel,
    revisit_point_answer,
    revisit_record,
    revisit_sign_off,
)
from decocrm.accounts.choices import Role
from decocrm.sla.models import Clock
from tests.uploads import image_bytes, upload

from .conftest import DUE_FROM, revisit_clock

pytestmark = pytest.mark.django_db
SOON = DUE_FROM + timedelta(days=1)


def record(clock, by, **overrides):
    fields = {"method": "phone", "outcome": "客户满意，提到厨房柜门", "satisfaction": 4, "at": SOON}
    return revisit_record(by=by, clock=clock, **{**fields, **overrides})


def test_a_phone_revisit_keeps_its_clock_and_each_raised_point_is_a_record(due, relations, after_sales):
    revisit = record(due, relations, points=["厨房柜门关不严", "  ", "阳台地漏返味"], points_owner=after_sales)
    assert (revisit.state, revisit.kind, revisit.method, revisit.satisfaction) == ("done", "post_complaint", "phone", 4)
    assert revisit.clock == due and revisit.subject_label == "投诉 C-1" and revisit.done_by == relations
    assert Clock.objects.get(pk=due.pk).state == "met"
    assert list(revisit.points.values_list("text", "owner", "answered_at")) == [
        ("厨房柜门关不严", after_sales.pk, None), ("阳台地漏返味", after_sales.pk, None),
    ]  # fmt: skip
    assert list(revisit.transitions.values_list("from_state", "to_state", "by")) == [("", "done", relations.pk)]
    with translation.override("en"):
        assert revisit.transitions.get().event_text == "Revisit of 投诉 C-1 recorded"


def test_late_is_kept_late(due, relations):
    record(due, relations, at=due.due_at + timedelta(hours=1))
    assert Clock.objects.get(pk=due.pk).state == "met_late"


def test_on_site_needs_the_signature_and_bad_input_writes_nothing(due, relations):
    refusals = (
        ({"method": "on_site"}, "signature"), ({"satisfaction": 6}, "satisfaction"),
        ({"satisfaction": "x"}, "satisfaction"), ({"outcome": " "}, "outcome"), ({"method": "letter"}, "method"),
        ({"at": DUE_FROM + timedelta(days=900)}, "done_at"),
    )  # fmt: skip
    for bad, field in refusals:
        with pytest.raises(ValidationError) as refused:
            record(due, relations, **bad)
        assert field in refused.value.message_dict, bad
    assert not Revisit.objects.exists() and Clock.objects.get(pk=due.pk).state == "running"
    signature = upload("sig.png", image_bytes(), "image/png")
    revisit = record(due, relations, method="on_site", signature=signature)
    assert revisit.signature and revisit.method == "on_site"


def test_a_signature_that_is_no_image_is_refused(due, relations):
    with pytest.raises(ValidationError) as refused:
        record(due, relations, method="on_site", signature=upload("sig.png", b"<script>", "image/png"))
    assert "signature" in refused.value.message_dict and not Revisit.objects.exists()


def test_once_per_clock_and_only_by_who_revisits(due, customer, relations, after_sales, salesperson, make_staff):
    with pytest.raises(RevisitError, match="Only after-sales"), translation.override("en"):
        record(due, salesperson)  # a salesperson who does not hold the clock
    with pytest.raises(RevisitError, match="Only after-sales"), translation.override("en"):
        record(due, make_staff(Role.MANAGER, team=make_staff(Role.SALES).team))  # another team's manager
    record(due, after_sales)
    with pytest.raises(RevisitError, match="no longer due"), translation.override("en"):
        record(due, relations)
    held = revisit_clock(customer, salesperson, kind="repair_revisit", label="报修 T-1")
    assert record(held, salesperson).kind == "post_repair"  # the clock's holder may record it


def test_points_are_answered_once_by_their_owner_and_may_ask_for_a_follow_up(due, relations, after_sales,
                                                                              team_manager):  # fmt: skip
    revisit = record(due, relations, points=["柜门关不严", "地漏返味"], points_owner=after_sales)
    door, drain = revisit.points.all()
    with pytest.raises(RevisitError):
        revisit_point_answer(point=door, by=relations, answer="已安排")  # not the owner, not a manager
    with pytest.raises(ValidationError):
        revisit_point_answer(point=door, by=after_sales, answer=" ")
    revisit_point_answer(point=door, by=after_sales, answer="已调整铰链")
    with pytest.raises(RevisitError):
        revisit_point_answer(point=door, by=after_sales, answer="again")
    revisit_point_answer(point=drain, by=team_manager, answer="派师傅上门", follow_up=True, at=SOON)
    follow_up = Revisit.objects.get(kind="follow_up")
    assert (follow_up.state, follow_up.reason, follow_up.assignee, follow_up.from_point) == (
        "scheduled", "地漏返味", team_manager, drain)  # fmt: skip
    clock = Clock.objects.get(kind="revisit_follow_up", object_id=follow_up.pk)
    assert clock.owner == team_manager and clock.state == "running"
    assert clock in due_revisits(after_sales)  # the queue shows it
    # recording it through its clock fills the same revisit
    done = record(clock, after_sales, at=SOON + timedelta(hours=2))
    assert done.pk == follow_up.pk and done.state == "done" and done.done_by == after_sales
    assert Clock.objects.get(pk=clock.pk).state == "met"
    assert list(done.transitions.values_list("from_state", "to_state")) == [("", "scheduled"), ("scheduled", "done")]
    assert not RevisitPoint.objects.filter(answered_at__isnull=True).exists()


def test_a_manager_other_than_the_revisitor_signs_off(due, relations, team_manager, make_staff):
    revisit = record(due, relations)
    other = make_staff(Role.MANAGER, team=make_staff(Role.SALES).team)
    for who in (relations, other):
        with pytest.raises(RevisitError):
            revisit_sign_off(revisit=revisit, by=who)
    revisit = revisit_sign_off(revisit=revisit, by=team_manager, note="核实无误")
    assert (revisit.state, revisit.signed_off_by) == ("signed_off", team_manager)
    assert revisit.transitions.last().note == "核实无误"
    with pytest.raises(RevisitError):
        revisit_sign_off(revisit=revisit, by=team_manager)  # once


def test_a_manager_cancels_a_scheduled_follow_up_with_a_reason(due, relations, team_manager):
    revisit = record(due, relations, points=["想加装灯带"], points_owner=relations)
    revisit_point_answer(point=revisit.points.get(), by=relations, answer="另行报价", follow_up=True, at=SOON)
    follow_up = Revisit.objects.get(kind="follow_up")
    with pytest.raises(RevisitError):
        revisit_cancel(revisit=follow_up, by=relations, note="不需要")
    with pytest.raises(ValidationError):
        revisit_cancel(revisit=follow_up, by=team_manager, note="")
    revisit_cancel(revisit=follow_up, by=team_manager, note="客户已自行处理")
    assert Revisit.objects.get(pk=follow_up.pk).state == "cancelled"
    assert Clock.objects.get(kind="revisit_follow_up").state == "cancelled"


def test_the_queue_is_scoped_and_soonest_first(customer, capture, relations, after_sales, salesperson, make_staff):
    other_team_sales = make_staff(Role.SALES)
    other_customer = capture(other_team_sales).customer
    late = revisit_clock(customer, salesperson, kind="repair_revisit", at=DUE_FROM + timedelta(days=2))
    soon = revisit_clock(other_customer, other_team_sales, kind="repair_revisit")
    assert list(due_revisits(after_sales)) == [soon, late]  # after-sales and customer relations see every one
    assert list(due_revisits(relations)) == [soon, late]
    assert list(due_revisits(salesperson)) == [late]  # others their own
    assert list(due_revisits(make_staff(Role.DESIGNER))) == []


def test_rates_by_kind_person_and_month(customer, capture, salesperson, relations, after_sales, team_manager):
    on_time = revisit_clock(customer, relations, kind="repair_revisit", label="报修 1")
    late = revisit_clock(capture(salesperson).customer, relations, kind="repair_revisit", label="报修 2")
    revisit_clock(customer, after_sales, kind="complaint_revisit", label="投诉 3")  # never done: missed
    record(on_time, relations)
    record(late, relations, at=late.due_at + timedelta(days=1))
    now = DUE_FROM + timedelta(days=60)
    rates = revisit_rates(team_manager, now=now)
    kinds = {row["kind"]: (row["due"], row["on_time"], row["late"], row["missed"], row["on_time_rate"])
             for row in rates["by_kind"]}  # fmt: skip
    assert kinds == {"repair_revisit": (2, 1, 1, 0, 50), "complaint_revisit": (1, 0, 0, 1, 0)}
    people = {row["owner"]: (row["due"], row["done_rate"]) for row in rates["by_person"]}
    assert people == {relations.pk: (2, 100), after_sales.pk: (1, 0)}
    # the complaint revisit fell due in May (3 days), the repair revisits in June (a month)
    assert [(row["month"].month, row["due"]) for row in rates["by_month"]] == [(5, 1), (6, 2)]
    # before the complaint revisit fell due, only what was done counts (done early is done)
    assert [row["kind"] for row in revisit_rates(team_manager, now=DUE_FROM)["by_kind"]] == ["repair_revisit"]


def test_the_post_repair_revisit_of_a_closed_ticket_is_recorded_on_the_ticket(ticket, after_sales, relations, settings,
                                                                              tmp_path):  # fmt: skip
    """A revisit recorded against a ticket's revisit clock goes through the ticket's own service
    (aftersales.hooks.register_revisit_done): the ticket keeps when its revisit was made."""
    from tests.aftersales.test_services import run_to

    settings.MEDIA_ROOT = tmp_path
    closed = run_to(ticket, after_sales, "closed")
    clock = Clock.objects.get(kind="repair_revisit", object_id=closed.pk, state="running")
    assert clock in due_revisits(relations)
    revisit = record(clock, relations, at=clock.started_at + timedelta(days=3))
    assert revisit.kind == "post_repair" and revisit.subject_label == clock.subject_label
    closed.refresh_from_db()
    assert closed.revisit_done_at == revisit.done_at and Clock.objects.get(pk=clock.pk).state == "met"
