from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.core.navigation import NavEntry, register_nav_entry

        # Shown once this app has its list page (until then the URL name does not resolve and the menu skips it).
        register_nav_entry(
            NavEntry(_("Repairs"), "aftersales:list", "tools", frozenset({Role.AFTER_SALES, Role.MANAGER}), order=60)
        )
