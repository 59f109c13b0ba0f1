"""The contracts in the admin site: read-only (every write is a service the pages call), searchable, filtered, and
scoped like the pages (decocrm.core.admin.ScopedAdminMixin over contracts.selectors.visible_contracts)."""

from django.contrib import admin
from django.db.models import Case, CharField, F, Value, When
from django.utils.translation import gettext_lazy as _

from decocrm.core.admin import ScopedAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin

from .hooks import stage_names
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
from .permissions import CONTRACT_MONEY_FIELDS, sees_contract_money
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


def with_stage_names(queryset):
    """Milestones with `due_stage_name`: the stage's name (contracts.hooks.stage_names, one query), not its code."""
    names = stage_names()
    cases = [When(due_stage=code, then=Value(name)) for code, name in names.items()]
    return queryset.annotate(due_stage_name=Case(*cases, default=F("due_stage"), output_field=CharField()))


class StageNameMixin:
    def get_queryset(self, request):
        return with_stage_names(super().get_queryset(request))

    @admin.display(description=_("due on the acceptance of"), ordering="due_stage")
    def due_stage_name(self, obj):
        return obj.due_stage_name


class MilestoneInline(StageNameMixin, ReadOnlyInline):
    model = PaymentMilestone
    fields = [
        "position", "kind", "name", "amount", "percent", "due_on", "due_stage_name", "received_amount", "received_on"
    ]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        return self.fields


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
class ContractAdmin(ScopedHistoryAdminMixin, ReadOnlyAdmin):
    scope_path = ""
    list_display = ["__str__", "customer", "state", "amount", "owner", "team", "signed_on", "end_date"]
    list_filter = ["state", ("team", TEAM_FILTER), "signed_on"]
    search_fields = ["number", "customer__name", "customer__phone_digits", "scope"]
    date_hierarchy = "created_at"
    list_select_related = ["customer", "owner", "team"]
    inlines = [MilestoneInline, WarrantyInline, TransitionInline]

    def history_hidden_fields_of(self, request, obj):
        # The money is for those who see it on the page (the lead's designer does not), in the history too.
        return () if sees_contract_money(request.user, obj) else CONTRACT_MONEY_FIELDS

    def get_fields(self, request, obj=None):
        # Also a past version's page (the history's form view) leaves the money out for them.
        fields = super().get_fields(request, obj)
        if obj is not None and not sees_contract_money(request.user, obj):
            fields = [name for name in fields if name not in CONTRACT_MONEY_FIELDS]
        return fields


@admin.register(PaymentMilestone)
class PaymentMilestoneAdmin(StageNameMixin, ReadOnlyAdmin):
    list_display = ["name", "contract", "kind", "amount", "due_on", "due_stage_name", "received_amount", "received_on"]
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
