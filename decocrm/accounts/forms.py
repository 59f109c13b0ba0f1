from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive; please try again."),
        "inactive": _("This account is disabled. Ask your manager to enable it."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        self.fields["password"].label = _("Password")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        team = f" · {obj.team}" if obj.team_id else ""
        return f"{obj.display_name} ({obj.get_role_display() or '-'}{team})"


class StaffHandoverForm(forms.Form):
    """Who receives a leaving staff member's work: one receiver for everything, or one per kind (handover.py) that
    overrides it. Only the kinds the person holds are asked; a kind that follows another goes with it."""

    to_all = StaffChoiceField(
        queryset=None,
        required=False,
        label=_("Hand everything to"),
        help_text=_("One receiver for all the work, unless a kind below names another."),
    )
    deactivate = forms.BooleanField(
        required=False, label=_("Deactivate the account afterwards"), help_text=_("The person can no longer sign in.")
    )

    def __init__(self, *args, receivers, kinds, counts, **kwargs):
        super().__init__(*args, **kwargs)
        self.kinds = [kind for kind in kinds if counts.get(kind.key)]
        self.counts = counts
        self.fields["to_all"].queryset = receivers
        for kind in self.kinds:
            if kind.follows:
                continue
            field = StaffChoiceField(queryset=receivers, required=False, label=kind.label)
            field.widget.attrs["data-kind"] = kind.key
            self.fields[f"to_{kind.key}"] = field
        self.order_fields(["to_all", *(f"to_{kind.key}" for kind in self.kinds), "deactivate"])
        for field in self.fields.values():
            css = "form-check-input" if isinstance(field.widget, forms.CheckboxInput) else "form-select"
            field.widget.attrs.setdefault("class", css)

    def kind_fields(self):
        return [self[f"to_{kind.key}"] for kind in self.kinds if not kind.follows]

    def targets(self) -> dict:
        """{kind key: receiver}: the kind's own choice, else the one for everything."""
        everyone = self.cleaned_data.get("to_all")
        return {
            kind.key: self.cleaned_data.get(f"to_{kind.key}") or everyone for kind in self.kinds if not kind.follows
        }

    def rows(self):
        """[(kind, count, receiver)] for the confirmation step."""
        targets = self.targets()
        return [(kind, self.counts[kind.key], targets.get(kind.follows or kind.key)) for kind in self.kinds]
