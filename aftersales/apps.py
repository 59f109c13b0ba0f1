from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from customers.panels import register_customer_panel
        from decocrm.accounts.choices import Role
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source

        from . import clocks
        from .demo import seed
        from .models import RepairTicket
        from .panels import customer_tickets_panel
        from .timeline import ticket_history

        clocks.register()
        register_demo_seeder(seed)
        register_timeline_source(RepairTicket, ticket_history)
        register_customer_panel(customer_tickets_panel)
        register_nav_entry(
            NavEntry(_("Repairs"), "aftersales:list", "tools", frozenset({Role.AFTER_SALES, Role.MANAGER}), order=60)
        )
