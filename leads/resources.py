"""CSV export of a (scoped, filtered) lead list, and the lead import (LeadImportResource, below). Sensitive customer
columns are left out of the export for those who may not see them (customers.selectors.hidden_fields), so the rule
holds here as in the pages and the admin. Cells are made safe to open in a spreadsheet by
decocrm.core.exports.csv_response."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import fields, widgets

from customers.models import Customer
from decocrm.accounts.models import User
from decocrm.core.errors import DomainError
from decocrm.core.exports import ExportResource, csv_response, export_stamp
from decocrm.core.imports import AtomicImportMixin

from .models import Lead
from .selectors import lead_phone, visible_leads
from .services.capture import LeadCollisionError, RepeatEnquiryError, lead_capture

EXPORT_ROW_LIMIT = 50_000
IMPORT_FIELDS = ["name", "phone", "is_organisation", "channel", "channel_detail", "enquiry", "owner"]
CUSTOMER_COLUMNS = ("name", "phone", "is_organisation")  # headed as the customer's fields


def _columns():
    return [
        ("id", _("ID"), lambda lead: lead.pk),
        ("name", _("Customer"), lambda lead: lead.customer.name),
        ("phone", _("Phone"), lead_phone),
        ("state", _("State"), lambda lead: lead.get_state_display()),
        ("channel", _("Channel"), lambda lead: lead.get_channel_display()),
        ("channel_detail", _("Channel detail"), lambda lead: lead.channel_detail),
        ("owner", _("Owner"), lambda lead: lead.owner.display_name if lead.owner_id else _("Pool")),
        ("created_at", _("Entered at"), lambda lead: timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M")),
        (
            "next_due_at",
            _("Next deadline"),
            lambda lead: timezone.localtime(lead.next_due_at).strftime("%Y-%m-%d %H:%M") if lead.next_due_at else "",
        ),
        ("occupation", _("Occupation"), lambda lead: lead.customer.occupation),
        ("income_level", _("Income level"), lambda lead: lead.customer.get_income_level_display()),
        ("id_number", _("ID number"), lambda lead: lead.customer.id_number),
    ]


def lead_export_columns(hidden) -> list[str]:
    """The keys of the columns an export shows someone for whom `hidden` fields are hidden."""
    return [key for key, _label, _get in _columns() if key not in hidden]


def lead_csv_response(leads, *, hidden):
    columns = [c for c in _columns() if c[0] not in hidden]
    leads = leads[:EXPORT_ROW_LIMIT]
    rows = leads.count()
    response = csv_response(
        ([get(lead) for _key, _label, get in columns] for lead in leads.iterator(chunk_size=2000)),
        header=[label for _key, label, _get in columns],
        filename=f"leads-{export_stamp()}.csv",
    )
    return response, rows


class LeadImportResource(AtomicImportMixin, ExportResource):
    """Leads from a spreadsheet (a platform's list, an old sales sheet): every row is entered through lead_capture,
    like the lead form, so a phone or organisation that is already a customer is a collision reported on its
    column (and changes no owner), and the first-contact clock starts. All or nothing (AtomicImportMixin).

    Columns: name, phone, is_organisation, channel, channel_detail, enquiry, owner (a salesperson's username;
    empty: the lead goes to the pool, where the salespeople claim it). Headed as the lead form labels them, in
    either language, or by these names."""

    name = fields.Field(attribute="import_name", column_name="name")
    phone = fields.Field(attribute="import_phone", column_name="phone")
    is_organisation = fields.Field(
        attribute="import_is_organisation", column_name="is_organisation", widget=widgets.BooleanWidget()
    )
    owner = fields.Field(attribute="import_owner", column_name="owner")

    class Meta:
        model = Lead
        fields = IMPORT_FIELDS
        import_order = IMPORT_FIELDS
        force_init_instance = True  # every row is a new enquiry: an import never rewrites a lead
        clean_model_instances = False  # lead_capture validates

    def column_label(self, field):
        if field.column_name in CUSTOMER_COLUMNS:
            return force_str(Customer._meta.get_field(field.column_name).verbose_name)
        return super().column_label(field)

    def get_queryset(self):
        return visible_leads(self.user) if self.user is not None else Lead.objects.none()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        names = set(dataset["owner"]) - {None, ""} if "owner" in (dataset.headers or []) else set()
        self.owners = {user.username: user for user in User.objects.filter(username__in=names, is_active=True)}

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.attribute == "import_owner":
            username = str(row.get("owner") or "").strip()
            if username and username not in self.owners:
                raise ValidationError({"owner": _("No active staff member has the username %(name)s.") % {
                    "name": username}})  # fmt: skip
            instance.import_owner = self.owners.get(username)
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def do_instance_save(self, instance, is_create):
        is_organisation = bool(getattr(instance, "import_is_organisation", False))
        try:
            lead = lead_capture(
                by=self.user,
                channel=instance.channel,
                name=(instance.import_name or "").strip(),
                phone=str(instance.import_phone or "").strip(),
                is_organisation=is_organisation,
                channel_detail=instance.channel_detail or "",
                enquiry=instance.enquiry or "",
                owner=instance.import_owner,
            )
        except LeadCollisionError as error:
            column = "phone" if error.collision.matched_on == "phone" else "name"
            raise ValidationError({column: str(error)}) from error
        except RepeatEnquiryError as error:
            raise ValidationError({"phone": str(error)}) from error
        except DomainError as error:
            raise ValidationError(str(error)) from error
        instance.pk, instance.state, instance.created_at = lead.pk, lead.state, lead.created_at
