"""Everything the kit app tells the shared machinery, from ready(): none of it edits decocrm/core, decocrm/sla,
decocrm/accounts or customers."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitAppConfig(AppConfig):
    name = "tests.kitapp"
    label = "kitapp"
    verbose_name = _("Tickets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from customers.panels import register_customer_panel
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from decocrm.sla.kinds import register_clock_kind
        from decocrm.sla.subjects import register_clock_subject

        from .choices import REPLY_CLOCK, REPLY_POLICY
        from .demo import seed
        from .models import Ticket
        from .panels import customer_tickets_panel
        from .timeline import ticket_history

        register_clock_kind(REPLY_CLOCK, _("Ticket reply"), policy=REPLY_POLICY)
        register_clock_subject(Ticket, owner="owner", team="team", customer="customer_id", label="subject",
                               url="get_absolute_url")  # fmt: skip
        register_timeline_source(Ticket, ticket_history)
        register_customer_panel(customer_tickets_panel)
        register_nav_entry(NavEntry(_("Tickets"), "kitapp:list", "tools", order=65))
        register_role_permissions(Role.MANAGER, ["kitapp.view_ticket"])
        register_demo_seeder(seed)
