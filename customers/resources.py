"""Customer import / export (CSV, XLSX). Sensitive columns exist only for users who may see them; rows are saved
through the customers services' rules (phone normalised, one phone / organisation = one customer). Exported cells
are made safe to open in a spreadsheet by decocrm.core.exports.ExportResource."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets
from import_export.instance_loaders import CachedInstanceLoader

from decocrm.core.errors import DomainError
from decocrm.core.exports import ExportResource
from decocrm.core.imports import AtomicImportMixin
from decocrm.core.list_exports import Column

from .models import SENSITIVE_FIELDS, Customer, District
from .names import normalize_organisation_name
from .phones import mask_phone, normalize_phone
from .selectors import can_see_sensitive, customers_holding, masks_phones, visible_customers
from .services import (
    DuplicateCustomerError,
    customer_import_check_new,
    customer_import_create_many,
    customer_import_save,
)

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


def background_columns(customer_of) -> tuple[Column, ...]:
    """The customer's background (occupation, income level) as the sensitive columns of a list download
    (decocrm.core.list_exports) whose rows each have a customer: `customer_of(row)`."""
    return (
        Column("occupation", gettext_lazy("Occupation"), lambda row, user: customer_of(row).occupation, sensitive=True),
        Column(
            "income_level",
            gettext_lazy("Income level"),
            lambda row, user: customer_of(row).get_income_level_display(),
            sensitive=True,
        ),
    )


class CustomerResource(AtomicImportMixin, ExportResource):
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
        # One query for the rows' customers (by canonical phone, normalised in before_import), not one per row.
        instance_loader_class = CachedInstanceLoader
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

    def get_import_fields(self):
        # Asked five times a row by the library; the answer does not change during an import.
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def get_queryset(self):
        # Rows are matched only against customers the importing user may see; anything else counts as new and is
        # then refused as a duplicate.
        return visible_customers(self.user) if self.user is not None else Customer.objects.none()

    def before_import(self, dataset, **kwargs):
        """Phones in their canonical form before the rows are matched (the instance loader reads them in one
        query), and the customers already holding the file's phones and organisations, in two."""
        super().before_import(dataset, **kwargs)
        headers = list(dataset.headers or [])
        phones, names = [], []
        for index, row in enumerate(dataset):
            values = list(row)
            if "phone" in headers:
                column = headers.index("phone")
                values[column] = _canonical_phone(values[column])
                phones.append(values[column])
                dataset[index] = values
            if "name" in headers and values[headers.index("name")]:
                names.append(normalize_organisation_name(str(values[headers.index("name")])))
        self.taken = customers_holding(phones=phones, organisation_names=names)
        self.new_customers = []

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if row.get("phone"):
            try:
                row["phone"] = normalize_phone(str(row["phone"]))
            except ValidationError as error:  # reported on its column
                raise ValidationError({"phone": error.messages}) from error

    def save_instance(self, instance, is_create, row, **kwargs):
        """A new customer is checked now (its row's errors are the row's) and inserted with the file's other new
        customers after the last row (after_import): a statement per thousand rows instead of four per row."""
        if not is_create:
            return super().save_instance(instance, is_create, row, **kwargs)
        if self.user is None:
            raise ValidationError(_("Sign in to import customers."))
        self.before_save_instance(instance, row, **kwargs)
        with _as_row_errors():
            customer_import_check_new(customer=instance, by=self.user, taken=self.taken)
        self.new_customers.append(instance)
        self.after_save_instance(instance, row, **kwargs)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self.new_customers and not (self.dry_run or result.has_errors() or result.has_validation_errors()):
            customer_import_create_many(customers=self.new_customers, by=self.user)

    def do_instance_save(self, instance, is_create):
        # An update of a customer the importing user may change, row by row through the service.
        with _as_row_errors():
            customer_import_save(customer=instance, by=self.user, is_create=is_create, taken=self.taken)


def _canonical_phone(value):
    """The phone as stored (+86...), or the cell as typed when it is no phone (the row's error says so)."""
    if value in (None, ""):
        return value
    try:
        return normalize_phone(str(value))
    except ValidationError:
        return value


@contextmanager
def _as_row_errors():
    """A refusal is a row's validation error (named column, shown in the preview), not a traceback."""
    try:
        yield
    except DuplicateCustomerError as error:
        raise ValidationError({"phone" if error.matched_on == "phone" else "name": str(error)}) from error
    except DomainError as error:
        raise ValidationError(str(error)) from error
