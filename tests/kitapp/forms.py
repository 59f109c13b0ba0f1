from django import forms
from django.utils.translation import gettext_lazy as _


class ResolveForm(forms.Form):
    solution = forms.CharField(label=_("Solution"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
