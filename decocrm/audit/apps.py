from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Managers read the logs in the admin (a team manager their team's entries, audit.selectors); nobody edits them.
READ_LOGS = ["audit.view_exportlog", "audit.view_accesslog"]


class AuditConfig(AppConfig):
    name = "decocrm.audit"
    label = "audit"
    verbose_name = _("Data duties")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions

        from . import checks  # noqa: F401  (registers the system checks)

        register_role_permissions(Role.MANAGER, READ_LOGS)
