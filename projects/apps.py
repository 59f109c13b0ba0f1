from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Construction projects")

    def ready(self):
        from contracts.hooks import register_contract_signed_listener
        from decocrm.accounts.choices import Role
        from decocrm.core.navigation import NavEntry, register_nav_entry

        from . import clocks
        from .services import on_contract_signed

        clocks.register()
        register_contract_signed_listener(on_contract_signed)
        # Shown once this app has its list page (until then the URL name does not resolve and the menu skips it).
        register_nav_entry(
            NavEntry(
                _("Projects"),
                "projects:list",
                "building",
                frozenset({Role.PROJECT_MANAGER, Role.MANAGER, Role.DESIGNER}),
                order=50,
            )
        )
