import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from decocrm.accounts.models import Team
from decocrm.accounts.selectors import is_company_manager, visible_staff
from decocrm.core.dates import WindowedDateFilter

from .kinds import clock_kind_choices

ISO_DATE = forms.DateInput(
    attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"
)  # what <input type="date"> shows


class DashboardFilter(django_filters.FilterSet):
    """Filters of the overdue dashboard; team and person choices are limited to what the manager may see."""

    team = django_filters.ModelChoiceFilter(label=_("Team"), queryset=Team.objects.none(), empty_label=_("All teams"))
    owner = django_filters.ModelChoiceFilter(label=_("Person"), queryset=None, empty_label=_("Everyone"))
    kind = django_filters.ChoiceFilter(label=_("Clock"), choices=clock_kind_choices, empty_label=_("All clocks"))
    due_from = WindowedDateFilter(
        label=_("Due from"),
        field_name="due_at",
        lookup_expr="date__gte",
        widget=ISO_DATE,
    )
    due_to = WindowedDateFilter(label=_("Due to"), field_name="due_at", lookup_expr="date__lte", widget=ISO_DATE)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        staff = visible_staff(user)
        self.filters["owner"].queryset = staff
        teams = Team.objects.all() if is_company_manager(user) else Team.objects.filter(pk=user.team_id)
        self.filters["team"].queryset = teams
        for field in self.form.fields.values():  # Bootstrap's sizes: thumb-sized on a phone (decocrm.css)
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")
