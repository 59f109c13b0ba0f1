"""The project pages: a PM works a project from its page (phone-sized forms, htmx live part), the manager reviews
the schedule, my projects puts blocked stages and overdue updates first, the customer and lead pages show the
project, and query counts that do not grow with the rows."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from projects.choices import ProjectState, StageStatus
from projects.models import Acceptance, DelayNotice, Project, Stage
from projects.services import delay_notice_give, progress_update_post, quality_issue_raise
from tests.querycount import assert_constant_queries, queries_of
from tests.uploads import image_bytes, upload

from .conftest import FIRST_DAY, local
from .helpers import accept, evening, start

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 15  # issue 10: the project page in at most 15 queries, whatever its rows


def post_action(client, project, action, data, files=None, htmx=True):
    payload = {f"{action}-{key}": value for key, value in data.items()}
    payload.update({f"{action}-{key}": value for key, value in (files or {}).items()})
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("projects:action", args=[project.pk, action]), payload, **headers)


def test_the_schedule_is_planned_filed_and_reviewed_from_the_page(client, project, pm, team_manager):
    client.force_login(team_manager)
    post_action(client, project, "assign", {"manager": pm.pk})
    client.force_login(pm)
    page = client.get(project.get_absolute_url()).content.decode()
    assert 'id="stage-bar"' in page and page.count("stage-segment ") == 8
    dates = {}
    for index, stage in enumerate(project.stages.all()):
        dates[f"start_{stage.code}"] = str(FIRST_DAY + timedelta(days=7 * index))
        dates[f"end_{stage.code}"] = str(FIRST_DAY + timedelta(days=7 * index + 6))
    post_action(client, project, "plan", {**dates, "workers": "王师傅班组"})
    response = post_action(client, project, "submit", {})
    assert response.status_code == 200 and "Schedule filed" in response.content.decode()
    client.force_login(team_manager)
    response = post_action(client, project, "return", {})  # a return says why
    assert Project.objects.get(pk=project.pk).state == ProjectState.SCHEDULE_SUBMITTED
    assert "This field is required" in response.content.decode()
    post_action(client, project, "approve", {"note": ""})
    assert Project.objects.get(pk=project.pk).state == ProjectState.APPROVED


def test_a_pm_records_a_failed_acceptance_is_blocked_and_re_inspects(client, approved, pm):
    for code in ("demolition", "plumbing_electrics"):
        start(Stage.objects.get(project=approved, code=code), pm)
        accept(Stage.objects.get(project=approved, code=code), pm)
    hidden = Stage.objects.get(project=approved, code="hidden_works")
    start(hidden, pm)
    client.force_login(pm)
    response = post_action(
        client, approved, "accept",
        {"stage": hidden.pk, "held_on": "2026-04-05", "result": "failed", "customer_attended": "on",
         "manager_attended": "on", "issues": "线管未固定", "rectify_by": "2026-04-08"},
        {"photos": upload("pipe.png", image_bytes(), "image/png")},
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200 and "re-inspection" in body and "stage-segment-blocked" in body
    assert Acceptance.objects.get(result="failed").photos.count() == 1
    response = post_action(client, approved, "start", {"stage": "", "started_on": "2026-04-06"})
    assert Stage.objects.get(project=approved, code="masonry").status == StageStatus.PENDING
    post_action(
        client, approved, "accept",
        {"stage": hidden.pk, "held_on": "2026-04-08", "result": "passed", "customer_attended": "on",
         "designer_attended": "on", "manager_attended": "on"},
    )  # fmt: skip
    masonry = Stage.objects.get(project=approved, code="masonry")
    response = post_action(client, approved, "start", {"stage": masonry.pk, "started_on": "2026-04-09"})
    assert "泥瓦 started" in response.content.decode()
    assert Stage.objects.get(pk=masonry.pk).status == StageStatus.IN_PROGRESS


def test_a_refused_start_says_why_on_the_form(client, approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    client.force_login(pm)
    # The form offers only the next stage; a stale page posting it anyway gets the service's refusal.
    Stage.objects.filter(project=approved, code="demolition").update(last_result="failed", rectify_by=date(2026, 3, 25))
    plumbing = Stage.objects.get(project=approved, code="plumbing_electrics")
    response = post_action(client, approved, "start", {"stage": plumbing.pk, "started_on": "2026-03-23"})
    assert "rectified by 2026-03-25" in response.content.decode()


def test_weekly_update_delay_and_quality_issue_from_the_page(client, approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    client.force_login(pm)
    response = post_action(client, approved, "update", {"text": "拆除过半", "percent_complete": "5"},
                           {"photos": upload("site.jpg", image_bytes("JPEG"), "image/jpeg")})  # fmt: skip
    assert "拆除过半" in response.content.decode() and 'id="project-updates"' in response.content.decode()
    response = post_action(client, approved, "delay", {"what_changes": "顺延", "cause": "weather",
                                                       "effective_on": "2026-03-18", "stage": ""})  # fmt: skip
    assert "kept as a breach" in response.content.decode()
    assert DelayNotice.objects.get().in_time is False
    response = post_action(client, approved, "quality", {"description": "门框歪斜", "stage": ""})
    assert "门框歪斜" in response.content.decode()


def test_the_project_page_runs_the_same_queries_with_many_rows(client, approved, pm):
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    client.force_login(pm)
    moment = [evening(FIRST_DAY)]

    def add_rows(n):
        for _ in range(n):
            moment[0] += timedelta(minutes=5)
            progress_update_post(project=approved, by=pm, text="进展", percent_complete=5, at=moment[0],
                                 photos=[upload("p.png", image_bytes(), "image/png")])  # fmt: skip
            delay_notice_give(project=approved, by=pm, what_changes="x", cause="supply",
                              effective_on=date(2026, 6, 1), at=moment[0])  # fmt: skip
            quality_issue_raise(project=approved, by=pm, description="y", at=moment[0])

    response = assert_constant_queries(client, approved.get_absolute_url(), add_rows)
    page = response.content.decode()
    assert page.count("delay-row") == 20
    # the timeline shows its newest 40 entries and the way to all of them
    assert page.count('class="timeline-entry') == 40 and 'id="timeline-all"' in page
    everything = client.get(approved.get_absolute_url(), {"timeline": "all"}).content.decode()
    assert everything.count('class="timeline-entry') > 40 and 'id="timeline-all"' not in everything
    _, queries = queries_of(client, approved.get_absolute_url())
    assert len(queries) <= PAGE_QUERIES, queries


def test_my_projects_puts_blocked_stages_and_overdue_updates_first(client, approved, pm, capture, salesperson):
    from contracts.services import contract_draft
    from tests.contracts.conftest import DRAFTED_AT, accepted_lead, ready_to_sign
    from tests.contracts.test_services import sign

    def another():
        contract = ready_to_sign(contract_draft(lead=accepted_lead(capture, salesperson), by=salesperson,
                                                at=DRAFTED_AT), salesperson)  # fmt: skip
        project = Project.objects.get(contract=sign(contract, salesperson))
        Project.objects.filter(pk=project.pk).update(manager=pm)
        return project

    quiet = another()
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    client.force_login(pm)
    with time_machine.travel(local(2026, 3, 20, 9), tick=False):
        rows = client.get(reverse("projects:list")).content.decode()
        assert rows.index(reverse("projects:detail", args=[approved.pk])) < rows.index(quiet.get_absolute_url())
        assert "Next acceptance: 拆除" in rows and "Weekly update overdue" not in rows
    with time_machine.travel(local(2026, 3, 24, 9), tick=False):
        assert "Weekly update overdue" in client.get(reverse("projects:list")).content.decode()
    accept(Stage.objects.get(project=approved, code="demolition"), pm, result="failed", issues="墙面",
           rectify_by=date(2026, 3, 28))  # fmt: skip
    with time_machine.travel(local(2026, 3, 24, 9), tick=False):
        rows = client.get(reverse("projects:list")).content.decode()
    assert "project-blocked" in rows and "rectify by 2026-03-28" in rows

    response = assert_constant_queries(client, reverse("projects:list"), lambda n: [another() for _ in range(n)],
                                       many=4)  # fmt: skip
    assert response.content.decode().count("project-row") == 6


def test_another_pm_does_not_see_the_project(client, approved, make_staff):
    from decocrm.accounts.choices import Role

    client.force_login(make_staff(Role.PROJECT_MANAGER))
    assert client.get(approved.get_absolute_url()).status_code == 404
    assert 'id="no-projects"' in client.get(reverse("projects:list")).content.decode()


def test_the_customer_and_lead_pages_show_the_project(client, approved, salesperson):
    client.force_login(salesperson)
    for url in (approved.customer.get_absolute_url(), approved.contract.lead.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "project-panel" in page and approved.get_absolute_url() in page


def test_photos_are_served_to_who_sees_the_project_only(client, approved, pm, make_staff, settings, tmp_path):
    from decocrm.accounts.choices import Role

    settings.MEDIA_ROOT = tmp_path
    start(Stage.objects.get(project=approved, code="demolition"), pm)
    update = progress_update_post(project=approved, by=pm, text="进展", percent_complete=5,
                                  at=evening(FIRST_DAY) + timedelta(hours=1),
                                  photos=[upload("现场.png", image_bytes(), "image/png")])  # fmt: skip
    photo = update.photos.get()
    assert "现场" not in photo.file.name  # stored under a random name
    url = reverse("projects:photo", args=[approved.pk, "update", photo.pk])
    client.force_login(pm)
    assert url in client.get(approved.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert client.get(reverse("projects:photo", args=[approved.pk, "acceptance", photo.pk])).status_code == 404
    client.force_login(make_staff(Role.PROJECT_MANAGER))
    assert client.get(url).status_code == 404
