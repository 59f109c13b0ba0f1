"""Customer import / export (CSV, XLSX). Sensitive columns exist only for users who may see them; rows are saved
through the customers services' rules (phone normalised, one phone / organisation = one customer). Exported cells
are made safe to open in a spreadsheet by decocrm.core.exports.ExportResource."""

from django.core.exceptions import ValidationError
from import_export import fields, widgets

from decocrm.core.errors import DomainError
from decocrm.core.exports import ExportResource

from .models import SENSITIVE_FIELDS, Customer, District
from .phones import mask_phone, normalize_phone
from .selectors import can_see_sensitive, masks_phones, visible_customers
from .services import DuplicateCustomerError, customer_import_save

IMPORT_EXPORT_FIELDS = [
    "name",
    "kind",
    "customer_class",
    "is_organisation",
    "phone",
    "email",
    "district",
    "address",
    "space_type",
    "area_m2",
    "layout",
    "style_preference",
    "budget_min",
    "budget_max",
    "expected_start",
    *SENSITIVE_FIELDS,
    "owner",
    "created_at",
]


class CustomerResource(ExportResource):
    district = fields.Field(
        attribute="district", column_name="district", widget=widgets.ForeignKeyWidget(District, field="name")
    )
    owner = fields.Field(attribute="owner__username", column_name="owner", readonly=True)
    created_at = fields.Field(
        attribute="created_at", column_name="created_at", readonly=True, widget=widgets.DateTimeWidget()
    )

    class Meta:
        model = Customer
        fields = IMPORT_EXPORT_FIELDS
        export_order = IMPORT_EXPORT_FIELDS
        import_id_fields = ["phone"]
        skip_unchanged = True
        clean_model_instances = False  # customer_import_save runs full_clean

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # No user (a resource built without one) sees no sensitive column and, below, no row.
        if self.user is None or not can_see_sensitive(self.user):
            for name in SENSITIVE_FIELDS:
                self.fields.pop(name, None)

    def dehydrate_phone(self, customer):
        # Staff who see phones masked on the pages get them masked in the file (selectors.masks_phones).
        return mask_phone(customer.phone) if self.user is None or masks_phones(self.user) else customer.phone

    def get_export_order(self):
        # Meta lists every column; the export form offers only those this user has.
        return tuple(name for name in super().get_export_order() if name in self.fields)

    def get_import_order(self):
        return tuple(name for name in super().get_import_order() if name in self.fields)

    def get_queryset(self):
        # Rows are matched only against customers the importing user may see; anything else counts as new and is
        # then refused as a duplicate.
        return visible_customers(self.user) if self.user is not None else Customer.objects.none()

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row.get("phone"):
            row["phone"] = normalize_phone(str(row["phone"]))

    def do_instance_save(self, instance, is_create):
        # A refusal is a row's validation error (named column, shown in the preview), not a traceback.
        try:
            customer_import_save(customer=instance, by=self.user, is_create=is_create)
        except DuplicateCustomerError as error:
            raise ValidationError({"phone" if error.matched_on == "phone" else "name": str(error)}) from error
        except DomainError as error:
            raise ValidationError(str(error)) from error
