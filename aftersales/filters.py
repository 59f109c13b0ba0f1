import django_filters
from django.utils.translation import gettext_lazy as _

from customers.filters import CustomerSearchFilter
from decocrm.accounts.choices import Role
from decocrm.core.scopes import ScopedFilterSet

from .choices import CLOSED_STATES, Channel, TicketState, WarrantyStatus

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
