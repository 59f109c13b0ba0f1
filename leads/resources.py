"""The lead list's download columns (LEAD_COLUMNS, for decocrm.core.list_exports), and the lead import
(LeadImportResource, below). The sensitive customer columns are only for those who may see them
(customers.selectors.can_see_sensitive), so the rule holds here as in the pages and the admin."""

from django.core.exceptions import ValidationError
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from customers.models import Customer
from customers.resources import background_columns
from decocrm.accounts.models import User
from decocrm.core.errors import DomainError
from decocrm.core.exports import ExportResource
from decocrm.core.imports import AtomicImportMixin
from decocrm.core.list_exports import Column

from .models import Lead
from .selectors import lead_phone, visible_leads
from .services.capture import LeadCollisionError, RepeatEnquiryError, lead_capture

IMPORT_FIELDS = ["name", "phone", "is_organisation", "channel", "channel_detail", "enquiry", "owner"]
CUSTOMER_COLUMNS = ("name", "phone", "is_organisation")  # headed as the customer's fields


# The lead list's download (decocrm.core.list_exports, views.lead.LeadExport): the customer's background and ID
# number are the sensitive columns (customers.models.SENSITIVE_FIELDS), for those who may see them.
LEAD_COLUMNS = (
    Column("id", gettext_lazy("ID"), lambda lead, user: lead.pk),
    Column("name", gettext_lazy("Customer"), lambda lead, user: lead.customer.name),
    Column("phone", gettext_lazy("Phone"), lambda lead, user: lead_phone(lead)),
    Column("state", gettext_lazy("State"), lambda lead, user: lead.get_state_display()),
    Column("channel", gettext_lazy("Channel"), lambda lead, user: lead.get_channel_display()),
    Column("channel_detail", gettext_lazy("Channel detail"), lambda lead, user: lead.channel_detail),
    Column("owner", gettext_lazy("Owner"), lambda lead, user: lead.owner.display_name if lead.owner_id else _("Pool")),
    Column("created_at", gettext_lazy("Entered at"), lambda lead, user: lead.created_at),
    Column("next_due_at", gettext_lazy("Next deadline"), lambda lead, user: lead.next_due_at),
    *background_columns(lambda lead: lead.customer),
    Column("id_number", gettext_lazy("ID number"), lambda lead, user: lead.customer.id_number, sensitive=True),
)


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
