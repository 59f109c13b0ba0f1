"""The survey pages: the list with the formal customers due for their yearly survey, a new survey from the customer
page, the survey page (answers on a call, the one-time link, improvement measures), the results with NPS, and the
customer's own page behind the one-time link (no login, rate-limited, only that survey)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit

from customers.selectors import visible_customers
from decocrm.core.actions import ActionView, apply_form
from decocrm.core.filters import render_list

from .. import services
from ..actions import SURVEY_ACTIONS
from ..filters import SurveyFilter
from ..forms import SurveyAnswerForm, SurveyCreateForm
from ..models import ImprovementMeasure
from ..permissions import may_survey
from ..selectors import annual_survey_due, survey_results, visible_surveys

PAGE_SIZE = 25
# The public link: per address, a few tries a minute (a guessed token opens nothing either way).
PUBLIC_RATE = "20/m"


def survey_list(request):
    filterset = SurveyFilter(request.GET or None, queryset=visible_surveys(request.user), user=request.user)
    due = list(annual_survey_due(request.user)) if may_survey(request.user) else []
    return render_list(request, "aftersales/survey_list.html", filterset, page_size=PAGE_SIZE, fragment="results",
                       annual_due=due)  # fmt: skip


def survey_new(request, customer_pk):
    customer = get_object_or_404(visible_customers(request.user), pk=customer_pk)
    if not may_survey(request.user):
        raise PermissionDenied
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST":
        survey = apply_form(form, lambda data: services.survey_create(customer=customer, by=request.user, **data))
        if survey is not None:
            messages.success(request, _("Survey created: take the answers on a call, or send a one-time link."))
            return redirect(survey)
    return render(request, "aftersales/survey_new.html", {"customer": customer, "form": form})


def _surveys(request):
    from django.db.models import Prefetch

    measures = ImprovementMeasure.objects.select_related("responsible")
    return (
        visible_surveys(request.user)
        .select_related("follow_up", "recorded_by")
        .prefetch_related(Prefetch("measures", measures))
    )


def survey_page(request, survey, *, fragment=False, bound=None):
    context = {
        "survey": survey,
        "measures": survey.measures.all(),
        "actions": SURVEY_ACTIONS.offer(survey, request.user, bound),
        "is_htmx": bool(request.htmx),
    }
    template = "aftersales/survey_detail.html"
    return render(request, f"{template}#survey-live" if fragment else template, context)


def survey_detail(request, pk):
    return survey_page(request, get_object_or_404(_surveys(request), pk=pk))


class SurveyActionView(ActionView):
    actions = SURVEY_ACTIONS

    def get_queryset(self):
        return _surveys(self.request)

    def render_page(self, obj, *, bound=None, fragment):
        return survey_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("aftersales:surveys")


def survey_results_page(request):
    if not may_survey(request.user):
        raise PermissionDenied
    results = survey_results(request.user)
    chart = [
        {"month": row["month"].strftime("%Y-%m"), "nps": row["nps"],
         "quality": float(row["avg_quality"] or 0), "attitude": float(row["avg_attitude"] or 0)}
        for row in results["by_month"]
    ]  # fmt: skip
    return render(request, "aftersales/survey_results.html", {"results": results, "chart": chart})


@login_not_required
@never_cache
@ratelimit(key="ip", rate=PUBLIC_RATE, method=["GET", "POST"], block=False)
def survey_public(request, token):
    """The customer's page behind the one-time link: only this survey, no login; an unknown, used or expired link
    opens nothing and says only that."""
    if getattr(request, "limited", False):
        return render(request, "aftersales/survey_public.html", {"limited": True}, status=429)
    survey = services.survey_by_token(token)
    if survey is None:
        return render(request, "aftersales/survey_public.html", {"gone": True}, status=404)
    form = SurveyAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = apply_form(form, lambda data: services.survey_answer_by_link(token=token, **form.answers_of(data)))
        if done is not None:
            return render(request, "aftersales/survey_public.html", {"thanks": True})
    return render(request, "aftersales/survey_public.html", {"survey": survey, "form": form})
