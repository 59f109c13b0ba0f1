import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from decocrm.accounts.choices import Role
from decocrm.core.scopes import ScopedFilterSet

from .choices import CLOCK_OF_KIND, CLOSED_STATES, Channel, RevisitKind, SurveyKind, TicketState, WarrantyStatus

OPEN = "open"


class TicketStateFilter(django_filters.ChoiceFilter):
    """A state, or every open one."""

    def filter(self, qs, value):
        if value == OPEN:
            return qs.exclude(state__in=CLOSED_STATES)
        return super().filter(qs, value)


class TicketFilter(ScopedFilterSet):
    """My tickets: the customer's name or phone, the state (open ones, or one state), warranty, channel, and for
    managers the after-sales staff member."""

    owner_roles = (Role.AFTER_SALES,)

    q = CustomerSearchFilter(through="customer")
    state = TicketStateFilter(
        label=_("State"), choices=[(OPEN, _("Open")), *TicketState.choices], empty_label=_("All states")
    )
    warranty = django_filters.ChoiceFilter(
        label=_("Warranty"), choices=WarrantyStatus.choices, empty_label=_("In or out")
    )
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices, empty_label=_("All channels"))
    owner = django_filters.ModelChoiceFilter(
        label=_("After-sales staff"), field_name="technician", queryset=None, empty_label=_("Everyone")
    )


class DueRevisitFilter(ScopedFilterSet):
    """The revisit queue: what it is about (the customer's name, a contract or ticket number), kind, overdue only."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=RevisitKind.choices, method="of_kind",
                                       empty_label=_("All kinds"))  # fmt: skip
    overdue = django_filters.BooleanFilter(label=_("Overdue only"), method="only_overdue",
                                           widget=django_filters.widgets.BooleanWidget())  # fmt: skip

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(subject_label__icontains=value)) if value else qs

    def of_kind(self, qs, name, value):
        return qs.filter(kind=CLOCK_OF_KIND[value]) if value in CLOCK_OF_KIND else qs

    def only_overdue(self, qs, name, value):
        return qs.filter(due_at__lt=timezone.now()) if value else qs


class SurveyFilter(ScopedFilterSet):
    """The survey list: customer or what was surveyed, kind, answered or waiting."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SurveyKind.choices, empty_label=_("All kinds"))
    answered = django_filters.BooleanFilter(label=_("Answered"), field_name="answered_at", lookup_expr="isnull",
                                            exclude=True)  # fmt: skip

    def search(self, qs, name, value):
        value = value.strip()
        return qs.filter(Q(customer__name__icontains=value) | Q(about__icontains=value)) if value else qs
