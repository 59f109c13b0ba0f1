"""Key-account pages [seed 004]: the card on the customer's page (criteria, cadence clock, recent contacts, open
requests and their actions, customers.actions) and the December review list for the sales department head and
management. Every read goes through visible_customers: a key account the user does not see is a 404."""

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from decocrm.core.actions import ActionView, add_service_errors
from decocrm.core.errors import DomainError
from decocrm.sla.choices import ClockKind, ClockState
from decocrm.sla.services import open_clock_for

from .. import services
from ..actions import KEY_ACCOUNT_ACTIONS, KEY_ACCOUNT_LIVE, KEY_REQUEST_ACTIONS, KEY_VISIT_ACTIONS
from ..choices import KeyContactKind, KeyTier
from ..figures import key_account_figures
from ..forms import KeyAccountReviewForm
from ..models import KeyAccountContact, KeyAccountRequest, KeyAccountReview
from ..permissions import can_mark_key_accounts
from ..selectors import visible_customers

RECENT_CONTACTS = 5
OPEN_REQUESTS = 10
CADENCE_DAYS = {KeyTier.CORE: 7, KeyTier.ORDINARY: 14}  # the default policy [004 §12], for the review's expectation


def _offers(actions, obj, user, bound, prefix):
    """The actions on `obj`, the refused one (bound = (obj, name, form)) open with its errors; field ids made unique
    on a page that shows the same action for several objects."""
    mine = bound[1:] if bound and bound[0] == obj else None
    offers = actions.offer(obj, user, mine)
    for offer in offers:
        offer.form.auto_id = f"id_{prefix}{obj.pk}_%s"
        offer.dom_id = f"{prefix}{obj.pk}-{offer.action.name}"
    return offers


def key_account_panel(request, customer):
    """The key-account card (customers.panels provider): for a key account everyone who sees the customer gets it;
    for another customer only those who may mark it. Fixed queries: the figures, the clock, contacts, requests."""
    user = request.user
    may_mark = can_mark_key_accounts(user)
    bound = getattr(request, "key_account_bound", None)
    if not customer.is_key_account and not may_mark and bound is None:  # a refused attempt shows why
        return None
    panel = {
        "template": "customers/_key_account_card.html",
        "order": 5,
        "customer": customer,
        "live": KEY_ACCOUNT_LIVE,
        "figures": key_account_figures([customer])[customer.pk],
        "offers": _offers(KEY_ACCOUNT_ACTIONS, customer, user, bound, "key"),
        "review_url": reverse("customers:key_account_review") if may_mark else "",
    }
    if customer.is_key_account:
        contacts = list(KeyAccountContact.objects.filter(customer=customer).select_related("by")[:RECENT_CONTACTS])
        requests = list(
            KeyAccountRequest.objects.filter(customer=customer, solved_at=None).select_related("recorded_by")[
                :OPEN_REQUESTS
            ]
        )
        for row in (*contacts, *requests):
            row.customer = customer  # the permission checks read the customer already loaded
        for contact in contacts:
            contact.offers = _offers(KEY_VISIT_ACTIONS, contact, user, bound, "visit")
        for key_request in requests:
            key_request.offers = _offers(KEY_REQUEST_ACTIONS, key_request, user, bound, "request")
        panel.update(
            cadence=open_clock_for(customer, ClockKind.KEY_ACCOUNT_CONTACT, lock=False),
            contacts=contacts,
            requests=requests,
        )
    return panel


class _KeyAccountActionView(ActionView):
    """Shared by the three action sets: the page is the customer's, the live part its key-account card."""

    def customer_of(self, obj):
        return obj

    def render_page(self, obj, *, bound=None, fragment):
        from . import customer_detail

        if bound:
            self.request.key_account_bound = (obj, *bound)
        customer = self.customer_of(obj)
        if not fragment:
            return customer_detail(self.request, customer.pk)
        panel = key_account_panel(self.request, customer)
        if panel is None:  # no longer a key account, and this user may not mark one
            return HttpResponse(f'<div id="{KEY_ACCOUNT_LIVE}"></div>')
        return render(self.request, panel["template"], {"panel": panel})

    def left_scope_url(self):
        return reverse("customers:list")


class KeyAccountActionView(_KeyAccountActionView):
    actions = KEY_ACCOUNT_ACTIONS

    def get_queryset(self):
        return visible_customers(self.request.user).select_related("account_manager")


class KeyRequestActionView(_KeyAccountActionView):
    actions = KEY_REQUEST_ACTIONS

    def get_queryset(self):
        return KeyAccountRequest.objects.filter(customer__in=visible_customers(self.request.user)).select_related(
            "customer__owner", "customer__account_manager", "customer__district"
        )

    def customer_of(self, obj):
        return obj.customer


class KeyVisitActionView(KeyRequestActionView):
    actions = KEY_VISIT_ACTIONS

    def get_queryset(self):
        return KeyAccountContact.objects.filter(customer__in=visible_customers(self.request.user)).select_related(
            "customer__owner", "customer__account_manager", "customer__district"
        )


def _count(model, *, where, field="customer"):
    rows = model.objects.filter(where, **{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1]), 0, output_field=IntegerField())


def review_rows(user, *, now=None):
    """The visible key accounts with this year's figures: criteria, contacts logged against the cadence, late
    contact deadlines, open requests and the year's decision. A fixed number of queries."""
    from decocrm.sla.models import Clock

    now = timezone.localtime(now or timezone.now())
    year_start = timezone.make_aware(datetime.combine(now.date().replace(month=1, day=1), time.min))
    late_contacts = (
        Clock.objects.filter(
            kind=ClockKind.KEY_ACCOUNT_CONTACT,
            customer_id=OuterRef("pk"),
            due_at__gte=year_start,
            state__in=[ClockState.MET_LATE, ClockState.BREACHED],
        )
        .order_by()
        .values("customer_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    # The cadence began when the account was (last) marked: its first contact clock (a hand-over keeps the number).
    cadence_start = (
        Clock.objects.filter(kind=ClockKind.KEY_ACCOUNT_CONTACT, customer_id=OuterRef("pk"), sequence=1)
        .order_by("-started_at")
        .values("started_at")[:1]
    )
    customers = list(
        visible_customers(user)
        .filter(is_key_account=True)
        .select_related("account_manager")
        .annotate(
            calls=_count(KeyAccountContact, where=Q(kind=KeyContactKind.CALL, at__gte=year_start)),
            visits=_count(KeyAccountContact, where=Q(kind=KeyContactKind.VISIT, at__gte=year_start)),
            open_requests=_count(KeyAccountRequest, where=Q(solved_at=None)),
            late_contacts=Coalesce(Subquery(late_contacts), 0, output_field=IntegerField()),
            cadence_start=Subquery(cadence_start),
        )
        .order_by("key_tier", "name")
    )
    figures = key_account_figures(customers, at=now)
    decisions = {
        review.customer_id: review
        for review in KeyAccountReview.objects.filter(year=now.year, customer__in=[c.pk for c in customers])
    }
    for customer in customers:
        customer.figures = figures[customer.pk]
        days = (now - max(year_start, customer.cadence_start or year_start)).days
        customer.expected_contacts = max(1, days // CADENCE_DAYS.get(customer.key_tier, 14))
        customer.contacts_logged = customer.calls + customer.visits
        customer.review = decisions.get(customer.pk)
        customer.review_form = KeyAccountReviewForm(auto_id=f"id_review{customer.pk}_%s")
    return customers


def key_account_review(request):
    if not can_mark_key_accounts(request.user):
        raise PermissionDenied
    now = timezone.localtime()
    return render(
        request,
        "customers/key_account_review.html",
        {"rows": review_rows(request.user, now=now), "year": now.year, "is_december": now.month == 12},
    )


@require_POST
def key_account_review_decide(request, pk):
    customer = get_object_or_404(visible_customers(request.user).filter(is_key_account=True), pk=pk)
    if not can_mark_key_accounts(request.user):
        raise PermissionDenied
    form = KeyAccountReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.key_account_review_decide(customer=customer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(customer)s: %(decision)s.")
                % {"customer": customer.name, "decision": review.get_decision_display()},
            )
            return redirect("customers:key_account_review")
    errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, _("%(customer)s: %(errors)s") % {"customer": customer.name, "errors": errors})
    return redirect("customers:key_account_review")
