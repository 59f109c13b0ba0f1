from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from customers.panels import register_customer_panel
        from customers.selectors import register_customer_reader_role
        from decocrm.accounts.choices import Role
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source

        from . import clocks
        from .demo import seed, seed_revisits_and_surveys
        from .hooks import register_revisit_done
        from .models import RepairTicket, Revisit
        from .panels import customer_revisits_panel, customer_surveys_panel, customer_tickets_panel
        from .services import ticket_revisit_done
        from .timeline import revisit_history, ticket_edit_history, ticket_history

        clocks.register()
        register_revisit_done(RepairTicket, lambda ticket, **when: ticket_revisit_done(ticket=ticket, **when))
        register_demo_seeder(seed)
        register_demo_seeder(seed_revisits_and_surveys)  # after the tickets: a closed one's revisit falls due
        for role in (Role.AFTER_SALES, Role.CUSTOMER_RELATIONS):  # they serve every customer
            register_customer_reader_role(role)
        register_timeline_source(RepairTicket, ticket_history)
        register_timeline_source(RepairTicket, ticket_edit_history)
        register_timeline_source(Revisit, revisit_history)
        register_customer_panel(customer_tickets_panel)
        register_customer_panel(customer_revisits_panel)
        register_customer_panel(customer_surveys_panel)
        register_nav_entry(
            NavEntry(_("Repairs"), "aftersales:list", "tools", frozenset({Role.AFTER_SALES, Role.MANAGER}), order=60)
        )
        register_nav_entry(
            NavEntry(
                _("Revisits"),
                "aftersales:revisits",
                "telephone-outbound",
                frozenset({Role.AFTER_SALES, Role.CUSTOMER_RELATIONS, Role.MANAGER}),
                order=65,
            )
        )
        register_nav_entry(
            NavEntry(
                _("Surveys"),
                "aftersales:surveys",
                "emoji-smile",
                frozenset({Role.CUSTOMER_RELATIONS, Role.AFTER_SALES, Role.MANAGER}),
                order=68,
            )
        )
