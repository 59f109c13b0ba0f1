from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "decocrm.accounts"
    label = "accounts"
    verbose_name = _("Staff and teams")

    def ready(self):
        from decocrm.celery import app as celery_app
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.notifications.texts import register_notice_text

        from .choices import Role
        from .roles import register_accounts_permissions, sync_role_groups_after_migrate
        from .services import HANDOVER_NOTICE
        from .tasks import schedule_periodic_tasks

        register_accounts_permissions()
        register_nav_entry(
            NavEntry(_("Staff hand-overs"), "staff_handovers", "arrow-left-right", frozenset({Role.MANAGER}), order=88)
        )
        register_notice_text(
            HANDOVER_NOTICE,
            title=_("%(name)s's work was handed to you: %(count)d items"),
            body=_("Handed over by %(by)s. Each customer, lead, project or case is in your lists now."),
        )
        # Permissions of apps migrated later (each issue adds models) join the role groups here.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="accounts.sync_role_groups")
        schedule_periodic_tasks(celery_app)
