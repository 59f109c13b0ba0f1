from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.core.navigation import NavEntry, register_nav_entry

        # Shown once this app has its list page (until then the URL name does not resolve and the menu skips it).
        register_nav_entry(
            NavEntry(
                _("Complaints"),
                "complaints:list",
                "chat-square-text",
                frozenset({Role.CUSTOMER_RELATIONS, Role.MANAGER}),
                order=70,
            )
        )
