from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decocrm.accounts.choices import Role
from decocrm.core.timeline import timeline as lead_timeline
from leads.models import Lead
from leads.selectors import lead_design_context, my_appointments_on
from leads.services import appointment_book, appointment_reschedule, measurement_confirm, proposal_deliver

from .design_helpers import PNG, VISIT, T, add_proposal, book_measurement, measured, qualified, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _more(lead, by, n):
    for i in range(n):
        a = appointment_book(lead=lead, by=by, kind="consultation", scheduled_at=VISIT + timedelta(days=i + 1),
                             place="门店", attendees=[by], at=VISIT)  # fmt: skip
        appointment_reschedule(appointment=a, by=by, scheduled_at=VISIT + timedelta(days=i + 2), cause="company",
                               reason="调整", at=VISIT)  # fmt: skip


def test_design_context_is_three_queries_whatever_the_rows(capture, salesperson):
    lead = measured(capture, salesperson)
    counts = []
    for n in (1, 5):
        _more(lead, salesperson, n)
        proposal = add_proposal(lead, salesperson, files=[upload("r.png", PNG), upload("s.png", PNG)])
        proposal_deliver(proposal=proposal, by=salesperson, at=VISIT + timedelta(days=n))
        lead = Lead.objects.get(pk=lead.pk)
        with CaptureQueriesContext(connection) as queries:
            context = lead_design_context(lead, salesperson)
            for a in context["appointments"]:
                list(a.attendees.all()), list(a.reschedules.all())
            list(context["measurement"].rooms.all()), list(context["measurement"].photos.all())
            for p in context["proposals"]:
                list(p.files.all())
        counts.append(len(queries))
    assert counts == [3, 3]  # appointments, the visit, the proposals: their children folded in (core.folds)
    assert [p.version for p in context["proposals"]] == [2, 1]
    assert context["latest_delivered_proposal"].version == 2 and context["can_respond"]


def test_folded_children_are_what_the_orm_reads(capture, salesperson, colleague):
    """core.folds writes the children's subquery itself: each folded list equals the ORM's, in the fold's order,
    with decimals, dates and the related rows (a user) as read from the database."""
    from leads.models import Appointment, MeasurementVisit

    lead = measured(capture, salesperson)
    _more(lead, salesperson, 2)
    appointment = Appointment.objects.filter(lead=lead).order_by("-pk").first()
    appointment.attendees.add(colleague)
    appointment_reschedule(appointment=appointment, by=salesperson, scheduled_at=VISIT + timedelta(days=9),
                           cause="customer", reason="再改", at=VISIT + timedelta(hours=1))  # fmt: skip
    context = lead_design_context(Lead.objects.get(pk=lead.pk), salesperson)

    def fields(rows, *names):
        return [tuple(getattr(row, name) for name in names) for row in rows]

    for folded in context["appointments"]:
        fresh = Appointment.objects.get(pk=folded.pk)
        assert [u.pk for u in folded.attendees.all()] == [u.pk for u in fresh.attendees.order_by("username")]
        moves = fresh.reschedules.order_by("at", "pk")
        assert fields(folded.reschedules.all(), "pk", "to_time", "at", "reason") == fields(
            moves, "pk", "to_time", "at", "reason"
        )
        assert [m.by.username for m in folded.reschedules.all()] == [m.by.username for m in moves]
    assert any(len(a.attendees.all()) == 2 for a in context["appointments"])
    visit = context["measurement"]
    fresh = MeasurementVisit.objects.get(pk=visit.pk)
    room = ("pk", "name", "length_m", "width_m", "height_m")
    assert fields(visit.rooms.all(), *room) == fields(fresh.rooms.order_by("pk"), *room)
    assert fields(visit.photos.all(), "pk", "original_name") == fields(
        fresh.photos.order_by("pk"), "pk", "original_name"
    )
    assert visit.rooms.all() and all(
        str(r.length_m) == str(f.length_m) for r, f in zip(visit.rooms.all(), fresh.rooms.order_by("pk"), strict=True)
    )


def test_design_context_says_what_the_user_may_do(capture, salesperson, colleague, company_manager):
    lead = qualified(capture, salesperson)
    mine = lead_design_context(lead, salesperson)
    assert mine["can_book"] and not mine["can_record_measurement"] and not mine["can_add_proposal"]
    book_measurement(lead, salesperson)
    lead = Lead.objects.get(pk=lead.pk)
    assert lead_design_context(lead, salesperson)["can_record_measurement"]
    assert not lead_design_context(lead, colleague)["can_work"]
    assert lead_design_context(lead, company_manager)["can_work"]
    lead = measured(capture, salesperson)
    context = lead_design_context(lead, salesperson)
    assert context["can_confirm_measurement"] and context["can_add_proposal"]
    measurement_confirm(lead=lead, by=salesperson, note="确认")
    add_proposal(lead, salesperson)
    context = lead_design_context(Lead.objects.get(pk=lead.pk), salesperson)
    assert not context["can_confirm_measurement"] and not context["can_add_proposal"]  # a draft is pending
    assert context["draft_proposal"].version == 1 and not context["can_respond"]


def test_timeline_includes_appointments_reschedules_measurement_and_proposals(capture, salesperson):
    lead = qualified(capture, salesperson)
    appointment = book_measurement(lead, salesperson)
    appointment_reschedule(appointment=appointment, by=salesperson, scheduled_at=VISIT + timedelta(hours=1),
                           cause="customer", reason="晚一小时", at=T)  # fmt: skip
    lead = measured(capture, salesperson)
    add_proposal(lead, salesperson)
    kinds = {e.kind for e in lead_timeline(Lead.objects.get(pk=lead.pk))}
    assert {"appointment", "measurement", "proposal", "transition", "clock"} <= kinds
    first = lead_timeline(Lead.objects.get(pk=appointment.lead_id))
    assert "reschedule" in {e.kind for e in first}
    assert [e.at for e in first] == sorted(e.at for e in first)


def test_my_appointments_on_a_day(capture, salesperson, colleague):
    lead = qualified(capture, salesperson)
    visit = book_measurement(lead, salesperson, attendees=[colleague])
    other = capture(salesperson)
    appointment_book(lead=other, by=salesperson, kind="consultation", scheduled_at=VISIT + timedelta(days=1),
                     place="门店", at=T)  # fmt: skip
    day = date(2026, 3, 4)
    assert list(my_appointments_on(salesperson, day)) == [visit]
    assert list(my_appointments_on(colleague, day)) == [visit]  # an attendee sees it too
    assert not my_appointments_on(colleague, day + timedelta(days=1)).exists()


@pytest.fixture
def admin_manager(make_staff, team):
    manager = make_staff(Role.MANAGER, team=team)
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="leads"))
    return manager


@pytest.mark.parametrize("model", ["appointment", "appointmentreschedule", "measurementvisit", "designproposal"])
def test_design_admin_lists_render_scoped_with_search_and_filters(client, admin_manager, capture, salesperson,
                                                                  outsider, model):  # fmt: skip
    lead = measured(capture, salesperson, name="林先生")
    far = qualified(capture, outsider, name="外组客户")
    far_appointment = book_measurement(far, outsider)
    appointment_reschedule(appointment=far_appointment, by=outsider, scheduled_at=VISIT + timedelta(days=1),
                           cause="company", reason="外组改期", at=T)  # fmt: skip
    add_proposal(lead, salesperson)
    client.force_login(admin_manager)
    response = client.get(f"/admin/leads/{model}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "外组客户" not in page
    if model != "appointmentreschedule":
        assert "林先生" in page
        assert client.get(f"/admin/leads/{model}/", {"q": "林"}).status_code == 200
        obj = {"appointment": lead.appointments.get, "measurementvisit": lambda: lead.measurement,
               "designproposal": lead.proposals.get}[model]()  # fmt: skip
        assert client.get(f"/admin/leads/{model}/{obj.pk}/change/").status_code == 200
