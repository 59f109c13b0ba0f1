"""The collision and appeal queue (撞单申诉): each person sees the appeals waiting at their level, the decisions they
may send back for review, the appeals they are a party to, and the collisions they may appeal. Every step on an
appeal is an action (leads.actions.APPEAL_ACTIONS) posted to appeals/<pk>/<action>/ through the generic view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decocrm.accounts.selectors import is_manager
from decocrm.core.actions import ActionView
from decocrm.core.errors import DomainError
from decocrm.core.pagination import page_of

from .. import services
from ..actions import APPEAL_ACTIONS
from ..forms import AppealForm
from ..models import Appeal
from ..selectors import (
    appeal_decisions_to_review,
    appeals_waiting_for,
    my_appeals,
    visible_appeals,
    visible_collisions,
)
from .lead import PAGE_SIZE

SECTION_SIZE = 50


def _with_offers(appeals, user, bound_appeal=None, bound=None):
    """Each appeal with the actions this user may take on it now (a refused one open, with its errors); the forms'
    ids carry the appeal's number, as the page lists many appeals."""
    appeals = list(appeals)
    for appeal in appeals:
        mine = bound if bound_appeal is not None and appeal.pk == bound_appeal.pk else None
        appeal.offers = APPEAL_ACTIONS.offer(appeal, user, mine)
        for offer in appeal.offers:
            offer.form.auto_id = f"id_appeal{appeal.pk}_%s"
    return appeals


def appeal_page(request, *, fragment=False, obj=None, bound=None):
    user = request.user
    collisions = visible_collisions(user).prefetch_related(
        Prefetch("appeals", queryset=Appeal.objects.order_by("created_at"))
    )
    page = page_of(request, collisions, PAGE_SIZE)
    for collision in page.object_list:
        collision.can_appeal = collision.attempted_by_id == user.pk and not collision.appeals.all()
    sections = {
        "waiting": _with_offers(appeals_waiting_for(user)[:SECTION_SIZE], user, obj, bound),
        "to_review": _with_offers(appeal_decisions_to_review(user)[:SECTION_SIZE], user, obj, bound),
        "mine": _with_offers(my_appeals(user)[:SECTION_SIZE], user, obj, bound),
    }
    shown = {appeal.pk for appeals in sections.values() for appeal in appeals}
    # A refused step on an appeal that is in none of the sections any more (someone else moved it): shown on top,
    # with the form saying why.
    refused = _with_offers([obj], user, obj, bound) if bound and obj.pk not in shown else []
    context = {
        "page": page,
        **sections,
        "refused": refused,
        "is_manager": is_manager(user),
        "appeal_form": AppealForm(),
        "is_htmx": bool(request.htmx),
    }
    return render(request, "leads/appeals.html#appeal-queue" if fragment else "leads/appeals.html", context)


def appeal_queue(request):
    return appeal_page(request)


@require_POST
def appeal_open(request, pk):
    collision = get_object_or_404(visible_collisions(request.user), pk=pk)
    form = AppealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the customer should be yours."))
        return redirect("leads:appeals")
    try:
        services.appeal_open(collision=collision, by=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Appeal sent to the department manager."))
    return redirect("leads:appeals")


class AppealActionView(ActionView):
    """Decide, escalate, order a review: one step of an appeal through the generic action view."""

    actions = APPEAL_ACTIONS

    def get_queryset(self):
        return visible_appeals(self.request.user)

    def render_page(self, obj, *, bound=None, fragment):
        return appeal_page(self.request, fragment=fragment, obj=obj, bound=bound)

    def left_scope_url(self):
        return reverse("leads:appeals")
