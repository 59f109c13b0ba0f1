"""Forms of the archive's pages. They only validate input; the services decide (ENGINEERING.md rule 1)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decocrm.core.dates import PLAN_DATE, WindowedDateField
from decocrm.core.forms import bootstrap_widgets

from ..models.borrowing import BorrowKind
from ..selectors.borrowing import borrowable_files


class FileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, file):
        return f"{file.number} · {file.customer.name}"


class BorrowRequestForm(forms.Form):
    file = FileChoiceField(label=_("File"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=BorrowKind.choices, initial=BorrowKind.VIEW,
                             widget=forms.RadioSelect)  # fmt: skip
    purpose = forms.CharField(label=_("Purpose"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    due_back = WindowedDateField(window=PLAN_DATE, label=_("Due back"),
                                 widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].queryset = borrowable_files(user)
        self.fields["due_back"].initial = timezone.localdate() + timedelta(days=3)
        bootstrap_widgets(self)


class DecisionNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RefusalForm(forms.Form):
    note = forms.CharField(label=_("Why it is refused"), max_length=300)


class HandOutForm(forms.Form):
    due_back = WindowedDateField(window=PLAN_DATE, label=_("Due back"), required=False,
                                 help_text=_("Leave empty to keep the requested date."),
                                 widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
