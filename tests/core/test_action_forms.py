"""{% action_fields offer %}: an unbound form that renders the same for everyone is rendered once per process and
language; a bound form (a refused attempt), a form with per-user or per-object arguments, a callable initial value
or choices read when shown is rendered afresh every time."""

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.utils import timezone, translation

from decocrm.core.actions import Action, Offer
from decocrm.core.templatetags import action_forms


class NoteForm(forms.Form):
    note = forms.CharField(label="Note", max_length=20)
    channel = forms.ChoiceField(label="Channel", choices=[("phone", "Phone"), ("visit", "Visit")])


class DatedForm(forms.Form):
    at = forms.DateTimeField(label="At", initial=timezone.now)


class PickedForm(forms.Form):
    who = forms.ChoiceField(label="Who", choices=lambda: [("1", "Zhang")])  # read when shown (staff, a registry)


def _offer(action, data=None):
    return Offer(action=action, form=action.bind(None, data), url="/x/", live="live")


def _crispy(form):
    return "".join(as_crispy_field(field) for field in form)


@pytest.fixture(autouse=True)
def _empty_cache():
    action_forms._rendered.clear()
    yield
    action_forms._rendered.clear()


def test_a_static_unbound_form_is_rendered_once_per_language():
    action = Action("note", "Note", run=None, form=NoteForm)
    with translation.override("en"):
        first = action_forms.action_fields(_offer(action))
        assert first == _crispy(action.bind(None))  # what crispy renders
        assert 'name="note-note"' in first and 'id="id_note-channel"' in first
        assert action_forms.action_fields(_offer(action)) is first  # from the cache
    with translation.override("zh-hans"):
        action_forms.action_fields(_offer(action))
    assert len(action_forms._rendered) == 2  # one per language


def test_a_bound_form_shows_what_was_typed_and_its_errors_not_the_cached_form():
    action = Action("note", "Note", run=None, form=NoteForm)
    with translation.override("en"):
        action_forms.action_fields(_offer(action))
        refused = _offer(action, {"note-note": "x" * 30, "note-channel": "visit"})
        refused.form.is_valid()
        html = action_forms.action_fields(refused)
    assert "x" * 30 in html and "is-invalid" in html
    assert html != next(iter(action_forms._rendered.values()))


@pytest.mark.parametrize(
    "action",
    [
        Action("dated", "Dated", run=None, form=DatedForm),  # a callable initial: now, each time
        Action("picked", "Picked", run=None, form=PickedForm),  # choices read when shown
        Action("mine", "Mine", run=None, form=NoteForm, form_kwargs=lambda user: {}),  # per user
        Action("theirs", "Theirs", run=None, form=NoteForm, object_form_kwargs=lambda obj: {}),  # per object
    ],
    ids=["callable-initial", "callable-choices", "form-kwargs", "object-form-kwargs"],
)
def test_forms_that_may_differ_are_not_kept(action):
    with translation.override("en"):
        action_forms.action_fields(_offer(action))
    assert action_forms._rendered == {}
