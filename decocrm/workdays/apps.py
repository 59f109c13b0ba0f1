from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

EDIT_CALENDAR = [
    "workdays.view_calendaryear",
    "workdays.confirm_calendaryear",
    "workdays.view_calendaroverride",
    "workdays.add_calendaroverride",
    "workdays.change_calendaroverride",
    "workdays.delete_calendaroverride",
]


class WorkdaysConfig(AppConfig):
    name = "decocrm.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions

        from . import checks  # noqa: F401  (registers the system checks)

        # Team managers hold these too but only read: the calendar is company-wide
        # (decocrm/core/admin.CompanyWideSettingsMixin and the services check company_wide).
        register_role_permissions(Role.MANAGER, EDIT_CALENDAR)
