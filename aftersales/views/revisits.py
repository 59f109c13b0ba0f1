"""The revisit pages. Thin: reads through the scoped selectors (out of scope is a 404), writes through the services
(aftersales.actions declares the revisit page's actions)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import is_manager
from decocrm.core.actions import ActionView, apply_form
from decocrm.core.filters import render_list
from decocrm.core.timeline import timeline
from decocrm.core.uploads import IMAGE_KINDS, file_response
from decocrm.sla.selectors import clocks_for_subject

from .. import services
from ..actions import REVISIT_ACTIONS
from ..choices import KIND_OF_CLOCK
from ..filters import DueRevisitFilter
from ..forms import RevisitRecordForm
from ..models import RevisitPoint
from ..selectors import due_revisits, open_points_of, recent_revisits, revisit_rates, visible_revisits

PAGE_SIZE = 25
RECENT = 10  # the revisits recorded last, under the queue


def revisit_queue(request):
    filterset = DueRevisitFilter(request.GET or None, queryset=due_revisits(request.user), user=request.user)
    points = list(open_points_of(request.user)[:20])
    recent = list(recent_revisits(request.user)[:RECENT])
    return render_list(request, "aftersales/revisit_queue.html", filterset, page_size=PAGE_SIZE,
                       fragment="results", points=points, kinds=KIND_OF_CLOCK, recent=recent)  # fmt: skip


def revisit_record(request, clock_pk):
    """Record the revisit that keeps a due revisit clock."""
    clock = get_object_or_404(due_revisits(request.user), pk=clock_pk)
    form = RevisitRecordForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        revisit = apply_form(form, lambda data: services.revisit_record(by=request.user, clock=clock, **data))
        if revisit is not None:
            messages.success(request, _("Revisit recorded."))
            return redirect(revisit)
    return render(request, "aftersales/revisit_record.html", {"clock": clock, "form": form,
                                                              "kind": KIND_OF_CLOCK.get(clock.kind)})  # fmt: skip


def _revisits(request):
    return (
        visible_revisits(request.user)
        .select_related("signed_off_by", "customer")
        .prefetch_related(Prefetch("points", RevisitPoint.objects.select_related("owner", "answered_by")))
    )


def revisit_page(request, revisit, *, fragment=False, bound=None):
    context = {
        "revisit": revisit,
        "points": revisit.points.all(),
        "actions": REVISIT_ACTIONS.offer(revisit, request.user, bound),
        "clocks": clocks_for_subject(revisit).exclude(state__in=("met", "met_late", "cancelled")),
        "timeline": timeline(revisit),
        "is_htmx": bool(request.htmx),
    }
    template = "aftersales/revisit_detail.html"
    return render(request, f"{template}#revisit-live" if fragment else template, context)


def revisit_detail(request, pk):
    return revisit_page(request, get_object_or_404(_revisits(request), pk=pk))


class RevisitActionView(ActionView):
    actions = REVISIT_ACTIONS

    def get_queryset(self):
        return _revisits(self.request)

    def render_page(self, obj, *, bound=None, fragment):
        return revisit_page(self.request, obj, fragment=fragment, bound=bound)

    def left_scope_url(self):
        return reverse("aftersales:revisits")


def revisit_signature(request, pk):
    revisit = get_object_or_404(visible_revisits(request.user).exclude(signature=""), pk=pk)
    return file_response(revisit.signature, IMAGE_KINDS, original_name=f"signature-{revisit.pk}")


def revisit_rates_page(request):
    """Revisits done on time against those due, by kind, person and month; and the achieved revisit rate (revisited
    cases / closed cases) by kind of case and month against the policy (settings.REVISIT_RATE_POLICY), flagged below
    it: for managers (their team or all)."""
    if not is_manager(request.user):
        raise PermissionDenied
    return render(request, "aftersales/revisit_rates.html", {"rates": revisit_rates(request.user)})
