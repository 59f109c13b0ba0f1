from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, widgets

from decocrm.core.exports import ExportResource

from .models import Clock


class BreachResource(ExportResource):
    """The overdue list as managers export it (CSV / XLSX); the view hands it the already scoped clocks. Subjects and
    names are typed by users, so every cell is neutralised (ExportResource)."""

    kind = fields.Field(attribute="get_kind_display", column_name=_("Clock"))
    subject = fields.Field(attribute="subject_label", column_name=_("Subject"))
    owner = fields.Field(attribute="owner", column_name=_("Owner"))
    team = fields.Field(attribute="team", column_name=_("Team"))
    due_at = fields.Field(
        attribute="due_at", column_name=_("Due at"), widget=widgets.DateTimeWidget(format="%Y-%m-%d %H:%M")
    )
    hours_late = fields.Field(column_name=_("Hours late"))
    escalation = fields.Field(attribute="get_escalation_level_display", column_name=_("Escalation"))

    class Meta:
        model = Clock
        fields = ["kind", "subject", "owner", "team", "due_at", "hours_late", "escalation"]
        export_order = fields

    def sheet_title(self):
        return str(_("Overdue"))

    def dehydrate_hours_late(self, clock):
        return round((timezone.now() - clock.due_at).total_seconds() / 3600, 1)
