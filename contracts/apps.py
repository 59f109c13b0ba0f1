from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.core.navigation import NavEntry, register_nav_entry

        # Shown once this app has its list page (until then the URL name does not resolve and the menu skips it).
        register_nav_entry(
            NavEntry(
                _("Contracts"), "contracts:list", "file-earmark-text", frozenset({Role.SALES, Role.MANAGER}), order=40
            )
        )
