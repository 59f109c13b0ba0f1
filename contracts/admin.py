"""The contracts in the admin site: read-only (every write is a service the pages call), searchable, filtered, and
scoped like the pages (decocrm.core.admin.ScopedAdminMixin over contracts.selectors.visible_contracts)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin

from .models import (
    ChangeAgreement,
    Contract,
    ContractFile,
    ContractNumber,
    ContractTransition,
    DesignChange,
    DesignChangeTransition,
    PaymentMilestone,
    TerminationAgreement,
    WarrantyItem,
)
from .selectors import visible_contracts

TEAM_FILTER = admin.RelatedOnlyFieldListFilter  # only the teams of the rows the user sees


class ReadOnlyMixin:
    """Contract records change only through the services; the admin looks and filters."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, ScopedAdminMixin, admin.ModelAdmin):
    scope_selector = visible_contracts
    scope_path = "contract"


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class MilestoneInline(ReadOnlyInline):
    model = PaymentMilestone
    fields = ["position", "kind", "name", "amount", "percent", "due_on", "due_stage", "received_amount", "received_on"]


class WarrantyInline(ReadOnlyInline):
    model = WarrantyItem
    fields = ["name", "years", "starts_on", "ends_on"]


class TransitionInline(ReadOnlyInline):
    model = ContractTransition
    fields = ["at", "from_state", "to_state", "by", "event_text", "note"]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("event"))
    def event_text(self, obj):
        return obj.event_text  # the system's sentence, in the reader's language


class DesignChangeStepInline(TransitionInline):
    model = DesignChangeTransition


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    scope_path = ""
    list_display = ["__str__", "customer", "state", "amount", "owner", "team", "signed_on", "end_date"]
    list_filter = ["state", ("team", TEAM_FILTER), "signed_on"]
    search_fields = ["number", "customer__name", "customer__phone_digits", "scope"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "owner", "team"]
    inlines = [MilestoneInline, WarrantyInline, TransitionInline]


@admin.register(PaymentMilestone)
class PaymentMilestoneAdmin(ReadOnlyAdmin):
    list_display = ["name", "contract", "kind", "amount", "due_on", "due_stage", "received_amount", "received_on"]
    list_filter = ["kind", ("contract__team", TEAM_FILTER), "due_on", "received_on"]
    search_fields = ["name", "contract__number", "contract__customer__name"]
    list_select_related = ["contract__customer"]


@admin.register(WarrantyItem)
class WarrantyItemAdmin(ReadOnlyAdmin):
    list_display = ["name", "contract", "years", "starts_on", "ends_on"]
    list_filter = ["years", ("contract__team", TEAM_FILTER)]
    search_fields = ["name", "contract__number", "contract__customer__name"]
    list_select_related = ["contract__customer"]


@admin.register(ContractFile)
class ContractFileAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "contract", "kind", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", ("contract__team", TEAM_FILTER)]
    search_fields = ["original_name", "contract__number", "contract__customer__name"]
    date_hierarchy = "uploaded_at"
    list_select_related = ["contract__customer", "uploaded_by"]


@admin.register(ChangeAgreement)
class ChangeAgreementAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "contract", "cost_change", "extension_days", "amount_after", "signed_on"]
    list_filter = [("contract__team", TEAM_FILTER), "signed_on"]
    search_fields = ["content", "contract__number", "contract__customer__name"]
    date_hierarchy = "signed_on"
    list_select_related = ["contract__customer"]


@admin.register(TerminationAgreement)
class TerminationAgreementAdmin(ReadOnlyAdmin):
    list_display = ["contract", "settlement_amount", "signed_on", "created_by"]
    list_filter = [("contract__team", TEAM_FILTER), "signed_on"]
    search_fields = ["reason", "liability", "contract__number", "contract__customer__name"]
    list_select_related = ["contract__customer", "created_by"]


@admin.register(DesignChange)
class DesignChangeAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "contract", "state", "estimated_cost", "impact_cost", "requested_at", "drawing_version"]
    list_filter = ["state", ("contract__team", TEAM_FILTER)]
    search_fields = ["content", "reason", "contract__number", "contract__customer__name"]
    date_hierarchy = "requested_at"
    list_select_related = ["contract__customer"]
    inlines = [DesignChangeStepInline]


@admin.register(ContractNumber)
class ContractNumberAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The yearly counters: read only (signing takes the next number under a lock)."""

    list_display = ["year", "last"]
