"""The complaint pages: the queue (scoped, searched, by deadline, constant queries), the complaint page and its actions
(the assignment form never offers the accused), the intake (also from the customer page), evidence served only to
who sees the complaint, and the statistics page with its XLSX export."""

import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from complaints import services
from complaints.models import Complaint
from tests.querycount import assert_constant_queries
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 15  # issue 11: each queue and object page in at most 15 queries


@pytest.fixture
def en(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def recent(relations, n=1, **fields):
    """n complaints received in the last hours (the pages' deadlines are relative to now)."""
    now = timezone.now() - timedelta(hours=2)
    fields.setdefault("complainant_name", "张")
    return [services.complaint_record(by=relations, channel="hotline", content=f"第{i}起", at=now, **fields)
            for i in range(n)]  # fmt: skip


def post_action(client, complaint, action, data, htmx=True):
    payload = {f"{action}-{key}": value for key, value in data.items()}
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("complaints:action", args=[complaint.pk, action]), payload, **headers)


def test_the_queue_is_scoped_and_hides_complaints_from_the_accused(en, relations, accused, salesperson,
                                                                    team_manager, make_staff):  # fmt: skip
    from decocrm.accounts.choices import Role

    against, other = recent(relations, accused_staff=accused)[0], recent(relations)[0]
    en.force_login(relations)
    body = en.get(reverse("complaints:list")).content.decode()
    assert against.number in body and other.number in body
    en.force_login(accused)
    assert en.get(against.get_absolute_url()).status_code == 404
    colleague = make_staff(Role.CUSTOMER_RELATIONS)
    against_colleague = recent(relations, accused_staff=colleague)[0]
    en.force_login(colleague)  # customer relations see everything except complaints against themselves
    body = en.get(reverse("complaints:list")).content.decode()
    assert against.number in body and against_colleague.number not in body
    en.force_login(team_manager)  # the accused's team manager sees the complaint against them
    assert en.get(against.get_absolute_url()).status_code == 200
    assert en.get(other.get_absolute_url()).status_code == 404
    en.force_login(salesperson)
    assert en.get(against.get_absolute_url()).status_code == 404


def test_the_queue_searches_filters_and_shows_an_empty_state(en, relations, customer):
    first = recent(relations)[0]
    of_customer = recent(relations, customer=customer, complainant_name="")[0]
    en.force_login(relations)

    def found(q):
        return [c.pk for c in en.get(reverse("complaints:list"), {"q": q}).context["page"].object_list]

    assert found(first.number) == [first.pk] and found(first.number.lower()) == [first.pk]
    assert found("王女") == [of_customer.pk]  # the customer's name
    assert found("0013800") == [of_customer.pk]  # digits of the customer's phone
    assert found("张") == [first.pk]  # the complainant typed at intake
    body = en.get(reverse("complaints:list"), {"q": "nothing-like-this"}).content.decode()
    assert 'id="no-complaints"' in body and "No complaint matches" in body
    body = en.get(reverse("complaints:list"), {"state": "received"}).content.decode()
    assert "complaint-row" in body
    body = en.get(reverse("complaints:list"), {"state": "bogus"}).content.decode()
    assert "left out" in body


def test_queue_queries_are_constant(en, relations, django_assert_max_num_queries):
    en.force_login(relations)
    response = assert_constant_queries(en, reverse("complaints:list"), lambda n: recent(relations, n))
    assert response.content.decode().count("complaint-row") == 20
    with django_assert_max_num_queries(PAGE_QUERIES):
        en.get(reverse("complaints:list"))


def test_complaint_page_queries_are_constant_in_evidence_and_history(
    en, relations, handler, settings, tmp_path, django_assert_max_num_queries
):
    settings.MEDIA_ROOT = tmp_path
    complaint = recent(relations)[0]
    services.complaint_assign(complaint=complaint, by=relations, handler=handler)
    en.force_login(relations)

    def add(n):
        for i in range(n):
            services.complaint_add_evidence(complaint=complaint, by=relations,
                                            files=[upload(f"e{i}.png", image_bytes(), "image/png")])  # fmt: skip

    response = assert_constant_queries(en, complaint.get_absolute_url(), add)
    assert response.content.decode().count("evidence-row") == 20
    with django_assert_max_num_queries(PAGE_QUERIES):
        en.get(complaint.get_absolute_url())


def test_the_handler_is_named_from_the_page_never_the_accused(en, relations, accused, handler):
    complaint = recent(relations, accused_staff=accused)[0]
    en.force_login(relations)
    page = en.get(complaint.get_absolute_url()).content.decode()
    assert f'value="{handler.pk}"' in page and f'value="{accused.pk}"' not in page
    response = post_action(en, complaint, "assign", {"handler": accused.pk})
    assert "Select a valid choice" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).handler is None
    response = post_action(en, complaint, "assign", {"handler": handler.pk})
    assert response.status_code == 200 and "Handler named" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.handler == handler and complaint.state == "assigned"
    response = post_action(en, complaint, "reassign", {"handler": accused.pk})
    assert "Select a valid choice" in response.content.decode()
    assert Complaint.objects.get(pk=complaint.pk).handler == handler


def test_the_flow_from_the_page(en, relations, handler):
    complaint = recent(relations)[0]
    en.force_login(relations)
    post_action(en, complaint, "assign", {"handler": relations.pk})
    post_action(en, complaint, "investigate", {})
    response = post_action(en, complaint, "propose", {"investigation": "属实", "justified": "yes",
                                                      "demand_reasonable": "no", "category": "service",
                                                      "solution": "道歉", "compensation": "100"})  # fmt: skip
    assert "feed the result back" in response.content.decode()
    post_action(en, complaint, "feed_back", {"feedback": "接受"})
    response = post_action(en, complaint, "close", {"satisfaction": "satisfied"}, htmx=False)
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert (
        complaint.state == "closed" and complaint.demand_reasonable is False and str(complaint.compensation) == "100.00"
    )


def test_the_intake_form_records_and_refuses_the_accused_as_handler(en, relations, accused, customer, settings,
                                                                    tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    en.force_login(relations)
    data = {"complainant_name": "王", "complainant_phone": "13800138000", "channel": "hotline", "content": "漏水",
            "accused_staff": accused.pk, "handler": accused.pk, "major_reasons": ["media"]}  # fmt: skip
    response = en.post(reverse("complaints:new"), data)
    assert response.status_code == 200 and "may not handle" in response.content.decode()
    assert not Complaint.objects.exists()
    data.pop("handler")
    data["evidence"] = upload("leak.png", image_bytes(), "image/png")
    response = en.post(reverse("complaints:new"), data)
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and response["Location"] == complaint.get_absolute_url()
    assert complaint.customer == customer and complaint.is_major and complaint.evidence.count() == 1
    evidence = complaint.evidence.get()
    url = reverse("complaints:evidence", args=[complaint.pk, evidence.pk])
    assert en.get(url)["Content-Type"] == "image/png"
    en.force_login(accused)
    assert en.get(url).status_code == 404


def test_the_customer_page_offers_the_intake_for_that_customer(en, customer, company_manager):
    en.force_login(company_manager)
    page = en.get(customer.get_absolute_url()).content.decode()
    assert f"{reverse('complaints:new')}?customer={customer.pk}" in page
    response = en.post(f"{reverse('complaints:new')}?customer={customer.pk}", {"channel": "visit", "content": "x"})
    assert response.status_code == 302 and Complaint.objects.get().customer == customer
    page = en.get(customer.get_absolute_url()).content.decode()
    assert Complaint.objects.get().number in page


def test_a_customer_out_of_scope_cannot_be_given_to_the_intake(en, customer, make_staff, team):
    from decocrm.accounts.choices import Role

    other_manager = make_staff(Role.MANAGER, team=None)
    en.force_login(other_manager)
    assert en.get(f"{reverse('complaints:new')}?customer={customer.pk}").status_code == 404


def test_statistics_page_and_export(en, relations, handler, team_manager):
    recent(relations, 3)
    complaint = recent(relations, major_reasons=["media"])[0]
    en.force_login(relations)
    body = en.get(reverse("complaints:statistics")).content.decode()
    assert 'id="total-count">4<' in body and 'id="major-count">1<' in body and "trend-chart" in body
    response = en.get(reverse("complaints:statistics"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][2] == 4 and any(row[1] == "Major" and row[2] == 1 for row in rows)
    from decocrm.audit.models import ExportLog  # the export stored: who, what, rows (the sheet's, header aside)

    (entry,) = ExportLog.objects.all()
    assert (entry.user, entry.what, entry.fmt, entry.rows) == (relations, "complaint statistics", "xlsx", len(rows) - 1)
    assert en.get(reverse("complaints:statistics"), {"month": "2026-13"}).status_code == 200
    en.force_login(handler)
    assert en.get(reverse("complaints:statistics")).status_code == 403
    en.force_login(team_manager)  # a team manager's figures are their team's: none of these
    assert 'id="total-count">0<' in en.get(reverse("complaints:statistics")).content.decode()
    assert complaint.pk


def test_statistics_queries_are_constant(en, relations, django_assert_max_num_queries):
    en.force_login(relations)
    response = assert_constant_queries(en, reverse("complaints:statistics"), lambda n: recent(relations, n))
    assert 'id="total-count">20<' in response.content.decode()
    with django_assert_max_num_queries(PAGE_QUERIES):
        en.get(reverse("complaints:statistics"))


def test_the_queue_puts_the_nearest_deadline_first_and_follows_the_clocks(en, relations, handler):
    from complaints.models import Complaint as Model

    newer = recent(relations)[0]
    # received three days ago: its solution is overdue, so it comes first though it is older
    older = services.complaint_record(by=relations, channel="hotline", content="旧", complainant_name="王",
                                      at=timezone.now() - timedelta(days=3))  # fmt: skip
    closed = services.complaint_record(by=relations, channel="hotline", content="已结", complainant_name="李",
                                       at=timezone.now() - timedelta(hours=1))  # fmt: skip
    for step in ("assign", "investigate", "propose", "feed_back", "close"):
        closed = {
            "assign": lambda c: services.complaint_assign(complaint=c, by=relations, handler=handler),
            "investigate": lambda c: services.complaint_start_investigation(complaint=c, by=handler),
            "propose": lambda c: services.complaint_propose_solution(
                complaint=c, by=handler, investigation="x", category="other", justified=False,
                demand_reasonable=False, solution="解释"),
            "feed_back": lambda c: services.complaint_feed_back(complaint=c, by=relations, feedback="ok"),
            "close": lambda c: services.complaint_close(complaint=c, by=relations, satisfaction="neutral"),
        }[step](closed)  # fmt: skip
    # closed, its revisit is due within 3 days: that is its place in the queue, after the newer one's solution
    assert Model.objects.get(pk=closed.pk).next_due_at == clocks_due(closed, "complaint_revisit")
    en.force_login(relations)
    order = [c.pk for c in en.get(reverse("complaints:list")).context["page"].object_list]
    assert order == [older.pk, newer.pk, closed.pk]
    services.complaint_revisit_done(complaint=closed, by=relations)
    assert Model.objects.get(pk=closed.pk).next_due_at is None
    assert Model.objects.get(pk=older.pk).next_due_at < Model.objects.get(pk=newer.pk).next_due_at


def clocks_due(complaint, kind):
    from decocrm.sla.selectors import clocks_for_subject

    return clocks_for_subject(complaint).get(kind=kind).due_at


def test_customer_relations_file_the_past_month_from_the_statistics_page(en, relations, team_manager):
    from complaints.models import MonthlyStatistics

    report = services.statistics_open_month()
    month = report.month.strftime("%Y-%m")
    en.force_login(team_manager)  # reads their team's figures, files nothing
    assert 'id="file-statistics"' not in en.get(reverse("complaints:statistics"), {"month": month}).content.decode()
    assert en.post(reverse("complaints:file_statistics", args=[report.pk])).status_code == 403
    en.force_login(relations)
    assert 'id="file-statistics"' in en.get(reverse("complaints:statistics"), {"month": month}).content.decode()
    response = en.post(reverse("complaints:file_statistics", args=[report.pk]), {"summary": "上月3起"})
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    report = MonthlyStatistics.objects.get(pk=report.pk)
    assert report.filed_by == relations and report.summary == "上月3起"
    assert 'id="statistics-filing"' in en.get(response["Location"]).content.decode()
