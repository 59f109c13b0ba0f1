from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from decocrm.core.admin import CompanyWideSettingsMixin, ServiceErrorsAdminMixin
from decocrm.core.errors import DomainError
from decocrm.core.exports import UserResourceAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin
from decocrm.core.import_admin import AtomicImportAdminMixin

from .forms import CustomerAdminForm
from .models import SENSITIVE_FIELDS, ContactPerson, Customer, District
from .resources import CustomerResource
from .selectors import can_see_sensitive, hidden_fields, visible_customers
from .services import EDITABLE_FIELDS, customer_create, customer_update


@admin.register(District)
class DistrictAdmin(CompanyWideSettingsMixin, admin.ModelAdmin):
    """A lookup table the admin edits: whether a district counts as urban sets after-sales deadlines, for the whole
    company, so company managers edit it and team managers read it."""

    list_display = ["name", "city", "is_urban"]
    list_editable = ["is_urban"]
    list_filter = ["city", "is_urban"]
    search_fields = ["name", "city"]


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "role", "phone", "email", "is_sensitive"]
    readonly_fields = fields  # added through contact_person_add

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if can_see_sensitive(request.user) else qs.filter(is_sensitive=False)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Customer)
class CustomerAdmin(
    ServiceErrorsAdminMixin,
    UserResourceAdminMixin,
    AtomicImportAdminMixin,
    ScopedHistoryAdminMixin,
    ImportExportModelAdmin,
):
    """Scoped like the pages (visible_customers); its history view too, without the fields the user may not see."""

    form = CustomerAdminForm
    resource_classes = [CustomerResource]
    list_display = [
        "name",
        "kind",
        "customer_class",
        "masked_phone",
        "district",
        "owner",
        "is_key_account",
        "created_at",
    ]
    list_filter = ["kind", "customer_class", "is_key_account", "key_tier", "is_organisation", "district__is_urban"]
    search_fields = ["name", "phone_digits", "organisation_name_normalized"]
    date_hierarchy = "created_at"
    list_select_related = ["district", "owner"]
    autocomplete_fields = ["district"]
    inlines = [ContactPersonInline]
    readonly_fields = [
        "owner",
        "owned_since",
        "is_key_account",
        "key_tier",
        "account_manager",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (None, {"fields": ["name", "is_organisation", "kind", "customer_class", "phone", "email"]}),
        (_("Address"), {"fields": ["district", "address"]}),
        (_("Ownership"), {"fields": ["owner", "owned_since", "is_key_account", "key_tier", "account_manager"]}),
        (
            _("Needs"),
            {
                "fields": [
                    "space_type",
                    "area_m2",
                    "layout",
                    "style_preference",
                    "budget_min",
                    "budget_max",
                    "expected_start",
                    "special_needs",
                ]
            },
        ),
        (_("Background (sensitive)"), {"fields": list(SENSITIVE_FIELDS)}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.masked_phone

    def get_queryset(self, request):
        return visible_customers(request.user)

    def history_hidden_fields(self, request):
        return hidden_fields(request.user)

    def get_fieldsets(self, request, obj=None):
        hidden = set(hidden_fields(request.user))
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            shown = [f for f in options["fields"] if f not in hidden]
            if shown:
                fieldsets.append((title, {**options, "fields": shown}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        """Through the services, like every other write."""
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        try:
            if change:
                saved = customer_update(customer=obj, by=request.user, **data)
            else:
                fields = {name: form.cleaned_data[name] for name in form.cleaned_data if name in EDITABLE_FIELDS}
                saved = customer_create(by=request.user, **fields)
        except ValidationError as error:
            # A rule the form could not check (one phone = one customer...): a message, nothing saved, never a 500.
            raise DomainError(" ".join(error.messages)) from error
        obj.pk = saved.pk
