from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "decocrm.accounts"
    label = "accounts"
    verbose_name = _("Staff and teams")

    def ready(self):
        from .roles import register_accounts_permissions, sync_role_groups_after_migrate

        register_accounts_permissions()
        # Permissions of apps migrated later (each issue adds models) join the role groups here.
        post_migrate.connect(sync_role_groups_after_migrate, dispatch_uid="accounts.sync_role_groups")
