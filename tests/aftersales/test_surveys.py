"""Satisfaction surveys: answered on a call or through a one-time link (no login, expires, works once, shows only
its survey, rate-limited); a low score schedules a follow-up revisit; results with NPS; improvement measures."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from aftersales.models import Revisit, Survey
from aftersales.selectors import annual_survey_due, survey_results
from aftersales.services import (
    SurveyError,
    improvement_add,
    improvement_done,
    survey_answer_by_link,
    survey_create,
    survey_issue_link,
    survey_record,
)
from decocrm.sla.models import Clock

pytestmark = pytest.mark.django_db
GOOD = {"scores": {"quality": 5, "attitude": 4, "schedule": 4, "after_sales": 5}, "recommend": 9}
LOW = {"scores": {"quality": 2, "attitude": 4, "schedule": 4, "after_sales": 5}, "recommend": 8}


@pytest.fixture(autouse=True)
def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def survey(customer, relations, make_staff):
    return survey_create(customer=customer, by=relations, kind="after_completion", about="DC-2026-0001")


def answers(**form):
    data = {**GOOD["scores"], "recommend": GOOD["recommend"], "suggestions": "工人很细心"}
    return {**data, **form}


def test_answers_on_a_call_and_a_low_score_schedules_a_follow_up(survey, relations):
    done = survey_record(survey=survey, by=relations, suggestions="不错", **GOOD)
    assert (done.channel, done.recorded_by, done.is_low, done.follow_up) == ("call", relations, False, None)
    with pytest.raises(SurveyError):
        survey_record(survey=survey, by=relations, **GOOD)  # once
    other = survey_create(customer=survey.customer, by=relations, kind="after_repair")
    low = survey_record(survey=other, by=relations, **LOW)
    assert low.is_low and low.follow_up.kind == "follow_up" and low.follow_up.assignee == relations
    assert "2/4/4/5" in low.follow_up.reason
    assert Clock.objects.get(kind="revisit_follow_up").state == "running"


@pytest.mark.parametrize("recommend, low", [(6, True), (7, False)])
def test_a_recommendation_of_six_or_less_is_low(survey, relations, recommend, low):
    done = survey_record(survey=survey, by=relations, scores=GOOD["scores"], recommend=recommend)
    assert done.is_low is low and bool(done.follow_up) is low


def test_bad_scores_are_refused_and_nothing_is_written(survey, relations):
    refusals = (
        ({**GOOD["scores"], "quality": 0}, 9, "quality"), ({**GOOD["scores"], "schedule": 6}, 9, "schedule"),
        (GOOD["scores"], 11, "recommend"), (GOOD["scores"], "x", "recommend"),
    )  # fmt: skip
    for scores, recommend, field in refusals:
        with pytest.raises(ValidationError) as refused:
            survey_record(survey=survey, by=relations, scores=scores, recommend=recommend)
        assert field in refused.value.message_dict
    assert not Survey.objects.get(pk=survey.pk).answered and not Revisit.objects.exists()


def test_only_who_surveys_creates_or_records(customer, salesperson, survey):
    with pytest.raises(SurveyError):
        survey_create(customer=customer, by=salesperson, kind="annual")
    with pytest.raises(SurveyError):
        survey_record(survey=survey, by=salesperson, **GOOD)


def test_the_one_time_link_works_once_without_login_and_shows_only_its_survey(client, survey, relations, customer):
    token = survey_issue_link(survey=survey, by=relations)
    assert token not in str(Survey.objects.filter(pk=survey.pk).values().get())  # only its hash is kept
    url = reverse("aftersales:survey-public", args=[token])
    page = client.get(url)  # anonymous
    assert page.status_code == 200 and customer.name in page.content.decode()
    assert "DC-2026-0001" in page.content.decode() and customer.phone not in page.content.decode()
    refused = client.post(url, answers(quality=9))
    assert refused.status_code == 200 and not Survey.objects.get(pk=survey.pk).answered
    done = client.post(url, answers())
    assert done.status_code == 200 and 'id="survey-thanks"' in done.content.decode()
    survey.refresh_from_db()
    assert (survey.channel, survey.recommend, survey.token_hash) == ("link", 9, "")
    again = client.get(url)
    assert again.status_code == 404 and 'id="survey-gone"' in again.content.decode()
    assert client.post(url, answers()).status_code == 404
    # the link opens no other page: the survey's own page and the customer need a login
    for other in (survey.get_absolute_url(), customer.get_absolute_url(), reverse("aftersales:surveys")):
        assert client.get(other).status_code == 302


def test_an_expired_or_replaced_link_opens_nothing(survey, relations, client):
    first = survey_issue_link(survey=survey, by=relations)
    second = survey_issue_link(survey=survey, by=relations)
    with pytest.raises(SurveyError):
        survey_answer_by_link(token=first, **GOOD)  # replaced
    later = timezone.now() + timedelta(days=8)
    with pytest.raises(SurveyError):
        survey_answer_by_link(token=second, at=later, **GOOD)  # expired after 7 days
    assert client.get(reverse("aftersales:survey-public", args=["x" * 32])).status_code == 404
    assert survey_answer_by_link(token=second, **GOOD).answered


def test_another_customers_survey_is_not_reached_with_a_token(survey, relations, customer, capture, salesperson):
    other = survey_create(customer=capture(salesperson).customer, by=relations, kind="annual")
    token = survey_issue_link(survey=other, by=relations)
    survey_answer_by_link(token=token, **GOOD)
    assert Survey.objects.get(pk=other.pk).answered and not Survey.objects.get(pk=survey.pk).answered


def test_the_link_is_rate_limited(client, survey, relations, settings):
    from django.core.cache import cache

    settings.RATELIMIT_ENABLE = True
    cache.clear()
    url = reverse("aftersales:survey-public", args=["nothing-here"])
    codes = [client.get(url).status_code for _ in range(25)]
    assert codes[:20] == [404] * 20 and codes[-1] == 429
    cache.clear()


def test_results_and_nps(customer, relations, capture, salesperson, team_manager, make_staff):
    pm = make_staff("project_manager", team=relations.team)
    for recommend in (10, 9, 7, 3):
        s = survey_create(customer=capture(salesperson).customer, by=relations, kind="after_completion", staff=pm)
        survey_record(survey=s, by=relations, scores=GOOD["scores"], recommend=recommend)
    results = survey_results(team_manager)
    assert results["total"]["answered"] == 4 and results["total"]["nps"] == 25  # (2 promoters - 1 detractor) / 4
    assert [(row["staff"], row["answered"], row["nps"]) for row in results["by_staff"]] == [(pm.pk, 4, 25)]


def test_improvement_measures(survey, relations, after_sales, salesperson):
    measure = improvement_add(survey=survey, by=relations, text="安装后当天回访", responsible=after_sales)
    with pytest.raises(SurveyError):
        improvement_done(measure=measure, by=salesperson, note="x")
    with pytest.raises(ValidationError):
        improvement_done(measure=measure, by=after_sales, note=" ")
    assert improvement_done(measure=measure, by=after_sales, note="已执行").done_at


def test_formal_customers_without_a_survey_this_year_are_due(customer, relations):
    from customers.models import Customer

    Customer.objects.filter(pk=customer.pk).update(customer_class="existing")
    assert list(annual_survey_due(relations)) == [customer]
    survey_create(customer=customer, by=relations, kind="annual")
    assert list(annual_survey_due(relations)) == []


def test_the_pages(client, survey, relations, customer, team_manager):
    client.force_login(relations)
    assert 'id="start-survey"' in client.get(customer.get_absolute_url()).content.decode()
    created = client.post(reverse("aftersales:survey-new", args=[customer.pk]), {"kind": "annual"})
    new = Survey.objects.latest("pk")
    assert created.status_code == 302 and created["Location"] == new.get_absolute_url()
    link = client.post(reverse("aftersales:survey-action", args=[new.pk, "link"]), follow=True).content.decode()
    assert "/aftersales/s/" in link
    action = reverse("aftersales:survey-action", args=[survey.pk, "record"])
    client.post(action, {f"record-{k}": v for k, v in answers(recommend=4).items()})
    survey.refresh_from_db()
    assert survey.answered and survey.follow_up is not None
    page = client.get(survey.get_absolute_url()).content.decode()
    assert 'id="survey-follow-up"' in page
    client.force_login(team_manager)
    results = client.get(reverse("aftersales:survey-results")).content.decode()
    assert 'id="nps"' in results and "-100" in results


def test_survey_pages_run_constant_queries(client, capture, salesperson, relations, after_sales):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n):
        for _ in range(n):
            s = survey_create(customer=capture(salesperson).customer, by=relations, kind="after_completion",
                              about="DC-1", staff=after_sales)  # fmt: skip
            survey_record(survey=s, by=relations, **LOW)
            improvement_add(survey=s, by=relations, text="改进", responsible=after_sales)

    client.force_login(relations)
    counts = {}
    for n in (1, 5):
        add(n)
        latest = Survey.objects.latest("pk")
        pages = {
            "list": reverse("aftersales:surveys"), "survey": latest.get_absolute_url(),
            "results": reverse("aftersales:survey-results"), "customer": latest.customer.get_absolute_url(),
        }  # fmt: skip
        for name, url in pages.items():
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            counts.setdefault(name, []).append(len(ctx))
    assert all(a == b for a, b in counts.values()), counts
    assert max(max(c) for c in counts.values()) <= 15, counts


def test_the_admin_never_shows_a_links_token_hash(client, survey, relations, settings):
    from django.contrib.auth import get_user_model

    survey_issue_link(survey=survey, by=relations)
    boss = get_user_model().objects.create_superuser("root-admin", "r@example.com", "x-password-1234")
    client.force_login(boss)
    page = client.get(reverse("admin:aftersales_survey_change", args=[survey.pk])).content.decode()
    assert Survey.objects.get(pk=survey.pk).token_hash not in page
