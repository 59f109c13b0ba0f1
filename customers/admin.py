from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from decocrm.audit.encryption import blind_index
from decocrm.audit.services import door_of, record_sensitive_view
from decocrm.core.admin import CompanyWideSettingsMixin, ServiceErrorsAdminMixin
from decocrm.core.errors import DomainError
from decocrm.core.exports import UserResourceAdminMixin
from decocrm.core.history import ScopedHistoryAdminMixin
from decocrm.core.import_admin import AtomicImportAdminMixin

from .forms import CustomerAdminForm
from .models import SENSITIVE_FIELDS, ContactPerson, Customer, District
from .phones import mask_phone
from .resources import CustomerResource
from .selectors import can_see_sensitive, hidden_fields, masks_phones, visible_customers
from .services import EDITABLE_FIELDS, customer_create, customer_update
from .services.sensitive import customer_export_sensitive_record, customer_sensitive_view_record


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

    def get_fields(self, request, obj=None):
        if masks_phones(request.user):
            return ["masked_contact_phone" if name == "phone" else name for name in self.fields]
        return self.fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("phone"))
    def masked_contact_phone(self, obj):
        return mask_phone(obj.phone)

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
        "masked_phone",
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

    def get_search_results(self, request, queryset, search_term):
        """Name, organisation and phone digits as typed; an ID number only by exact match, and only for those who
        see ID numbers (the blind index: the column itself is encrypted)."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if can_see_sensitive(request.user) and (digest := blind_index(search_term)):
            results = queryset.filter(Q(pk__in=results.values("pk")) | Q(id_number_index=digest))
        return results, may_have_duplicates

    def history_hidden_fields(self, request):
        return (*hidden_fields(request.user), *(("phone",) if masks_phones(request.user) else ()))

    def get_fieldsets(self, request, obj=None):
        """Without the fields the user may not see; the phone masked (read-only) for those who see it masked, once
        the customer exists (a clerk entering a new customer types the phone)."""
        hidden = set(hidden_fields(request.user))
        mask = obj is not None and masks_phones(request.user)
        fieldsets = []
        for title, options in super().get_fieldsets(request, obj):
            shown = [("masked_phone" if f == "phone" and mask else f) for f in options["fields"] if f not in hidden]
            if shown:
                fieldsets.append((title, {**options, "fields": shown}))
        return fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200 and can_see_sensitive(request.user):
            customer = self.get_object(request, unquote(object_id))
            customer_sensitive_view_record(
                user=request.user, customer=customer, door=door_of(request), contacts=customer.contacts.all()
            )
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200 and can_see_sensitive(request.user):
            customer = self.get_object(request, unquote(object_id))
            versions = customer.history.all()
            fields = [name for name in SENSITIVE_FIELDS if versions.exclude(**{name: ""}).exists()]
            record_sensitive_view(user=request.user, obj=customer, fields=fields, door=door_of(request))
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200 and can_see_sensitive(request.user):
            customer = self.get_object(request, unquote(object_id))
            version = customer.history.filter(history_id=version_id).first()
            fields = [name for name in SENSITIVE_FIELDS if version is not None and getattr(version, name)]
            record_sensitive_view(user=request.user, obj=customer, fields=fields, door=door_of(request))
        return response

    def preview_sensitive_fields(self, request):
        # The import's sensitive columns, which the resource keeps only for those who may see them.
        return [name for name in SENSITIVE_FIELDS if name not in hidden_fields(request.user)]

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        headers = {str(header) for header in dataset.headers or []}
        columns = [name for name in SENSITIVE_FIELDS if str(Customer._meta.get_field(name).verbose_name) in headers]
        customer_export_sensitive_record(user=request.user, columns=columns, door=door_of(request), rows=len(dataset))
        return dataset

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
