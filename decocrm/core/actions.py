"""Actions: one declaration per thing a user does to an object from its page, and one view that serves them all.

An app declares its object's actions once:

    CONTRACT_ACTIONS = ActionSet(
        Action("sign", _("Sign"), run=sign, form=SignForm, transition="sign", icon="pen", style="btn-success"),
        Action("note", _("Add a note"), run=add_note, allowed=can_work),
        url="contracts:action", live="contract-live",
    )

`run(obj, by, data)` calls one service and returns the success message. An action is offered when the state machine
lets this user fire its `transition` (decocrm.core.workflow) and its `allowed(user, obj)` says yes. The page loops
over `ActionSet.offer(obj, user)` and renders each through templates/includes/action_form.html; `ActionView` takes
the POST: with htmx it answers with the page's live part re-rendered from the object as the service left it (state
badge, buttons, clocks, panels, timeline: every part the action may have changed), without JavaScript with a
redirect (post/redirect/get) or the page with the form's errors. A `DomainError` or a service's `ValidationError`
becomes a form error; an object that left the user's scope sends them to the list (`HX-Redirect`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from .errors import DomainError


def add_service_errors(form, error: ValidationError):
    """A service's ValidationError on the form: under the field it names, else at the top (rule 7: errors name the
    field)."""
    if hasattr(error, "error_dict"):
        for name, texts in error.message_dict.items():
            form.add_error(name if name in form.fields else None, texts)
    else:
        form.add_error(None, error.messages)


def apply_form(form, run: Callable[[dict], str | None]) -> str | None:
    """Validate `form`, then `run(cleaned_data)` (one service call): its success message, or None with the refusal
    on the form (a DomainError at the top, a ValidationError under the field it names). Nothing is written on
    refusal: services are atomic."""
    if not form.is_valid():
        return None
    try:
        return run(form.cleaned_data) or ""
    except ValidationError as error:
        add_service_errors(form, error)
    except DomainError as error:
        form.add_error(None, error.message)
    return None


class NoFields(forms.Form):
    """The form of an action that asks nothing (a confirmation button)."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    run: Callable  # run(obj, by, cleaned_data) -> success message
    form: type[forms.Form] = NoFields
    transition: str = ""  # the state machine's transition it fires: offered only when this user may fire it now
    allowed: Callable | None = None  # allowed(user, obj) -> bool, checked beside the transition
    icon: str = "lightning"
    style: str = "btn-primary"
    confirm: str = ""  # asked before a destructive action is sent
    form_kwargs: Callable | None = None  # form_kwargs(user) -> extra keyword arguments of the form
    # object_form_kwargs(obj) -> extra keyword arguments of the form that depend on the object (e.g. its questions)
    object_form_kwargs: Callable | None = None
    # A long form (a payment schedule of many rows) is not rendered with the page: opening it fetches it (htmx GET
    # of the action's URL), or without JavaScript the link opens the page with it open. The page stays light.
    lazy: bool = False

    def is_available(self, obj, user) -> bool:
        if self.transition and not type(obj).machine.may(obj, self.transition, user):
            return False
        return self.allowed is None or bool(self.allowed(user, obj))

    def bind(self, user, data=None, files=None, *, obj=None):
        extra = self.form_kwargs(user) if self.form_kwargs else {}
        if self.object_form_kwargs and obj is not None:
            extra.update(self.object_form_kwargs(obj))
        return self.form(data, files, prefix=self.name, **extra)


@dataclass
class Offer:
    """An available action on the page: its declaration, its form (bound after a refused attempt) and its URL."""

    action: Action
    form: forms.Form | None  # None: a lazy action's form, fetched when its card is opened
    url: str
    live: str
    open: bool = False


@dataclass
class ActionSet:
    actions: tuple
    url: str  # URL name taking (pk, action)
    live: str  # id of the page part an htmx action replaces
    by_name: dict = field(init=False)

    def __init__(self, *actions, url, live):
        self.actions, self.url, self.live = actions, url, live
        self.by_name = {action.name: action for action in actions}

    def __iter__(self):
        return iter(self.actions)

    def get(self, name) -> Action:
        try:
            return self.by_name[name]
        except KeyError:
            raise Http404 from None

    def available(self, obj, user) -> list[Action]:
        return [action for action in self.actions if action.is_available(obj, user)]

    def offer(self, obj, user, bound=None) -> list[Offer]:
        """What the page shows: each available action with a blank form, and the refused one (even if no longer
        available: its form says why) with its errors, open. A lazy action's form is not built (its card fetches
        it): building one reads its choices, which the page does not show."""
        bound_name, bound_form = bound or (None, None)
        return [
            Offer(
                action,
                bound_form if action.name == bound_name else None if action.lazy else action.bind(user, obj=obj),
                reverse(self.url, args=[obj.pk, action.name]),
                self.live,
                open=action.name == bound_name,
            )
            for action in self.actions
            if action.name == bound_name or action.is_available(obj, user)
        ]


class ActionView(View):
    """POST <pk>/<action>/ for one ActionSet. A subclass says where its objects come from (scoped: out of scope is
    a 404), how its page renders, and where a user goes when the object left their scope."""

    actions: ActionSet
    http_method_names = ["get", "post"]

    def get_queryset(self):
        raise NotImplementedError

    def render_page(self, obj, *, bound=None, fragment: bool):
        """The object's page (fragment=False) or its live part (fragment=True); `bound` = (name, refused form)."""
        raise NotImplementedError

    def left_scope_url(self) -> str:
        raise NotImplementedError

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get(self, request, pk, action):
        """A lazy action's form: with htmx its body alone; without, the page with it open. Other actions have
        nothing to GET (405, as before)."""
        act = self.actions.get(action)
        if not act.lazy:
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object()
        if not act.is_available(obj, request.user):
            if request.htmx:
                stale = _("“%(action)s” is not possible any more: the page was out of date.") % {"action": act.label}
                return HttpResponse(format_html('<div class="alert alert-warning py-2 small mb-0">{}</div>', stale))
            return redirect(obj)
        form = act.bind(request.user, obj=obj)
        if request.htmx:
            offer = Offer(act, form, request.path, self.actions.live, open=True)
            return render(request, "includes/action_form_body.html", {"offer": offer})
        return self.render_page(obj, bound=(act.name, form), fragment=False)

    def post(self, request, pk, action):
        obj = self.get_object()
        act = self.actions.get(action)
        form = act.bind(request.user, request.POST, request.FILES, obj=obj)
        if not act.is_available(obj, request.user):
            form.is_valid()
            stale = _("“%(action)s” is not possible any more: the page was out of date.") % {"action": act.label}
            form.add_error(None, stale)
            message = None
        else:
            message = apply_form(form, lambda data: act.run(obj, request.user, data))
        if message is None:  # the page again (or its live part), the form open with its errors
            return self.render_page(obj, bound=(act.name, form), fragment=bool(request.htmx))
        if message:
            messages.success(request, message)
        try:
            obj = self.get_object()  # as the service left it
        except Http404:  # e.g. given to someone this user does not see
            url = self.left_scope_url()
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
        if not request.htmx:
            return redirect(obj)
        return self.render_page(obj, fragment=True)
