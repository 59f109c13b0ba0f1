from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Managers read the leads' records in the admin site and keep the sales rotation.
MANAGE_LEADS = [
    "leads.view_lead",
    "leads.view_collision",
    "leads.view_appeal",
    "leads.view_contactlog",
    "leads.view_leadtransition",
    "leads.view_salesrotation",
    "leads.change_salesrotation",
]


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from customers.cleanup import register_close_blocker, register_contact_source
        from customers.figures import register_key_account_figures
        from customers.panels import register_customer_panel
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_capability_group, register_role_permissions
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.home import register_home_card
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source

        from . import clocks, customer_contacts, handover
        from .demo import seed
        from .home import my_leads_card, todays_appointments_card
        from .key_account_figures import key_account_figures
        from .models import Lead
        from .panels import customer_leads_panel
        from .permissions import (
            GENERAL_OFFICE_GROUP,
            GENERAL_OFFICE_PERMISSION,
            QUALITY_CONTROL_GROUP,
            QUALITY_CONTROL_PERMISSION,
        )
        from .services.appeal_notices import register_appeal_notice_texts
        from .services.notices import register_hand_over_notice_texts
        from .tasks import schedule_periodic_tasks
        from .timeline import lead_consultations, lead_design_history, lead_edit_history, lead_history

        handover.register()
        register_home_card(my_leads_card)
        register_home_card(todays_appointments_card)
        register_demo_seeder(seed)
        register_customer_panel(customer_leads_panel)
        register_key_account_figures(key_account_figures)
        register_timeline_source(Lead, lead_history)
        register_timeline_source(Lead, lead_design_history)
        register_timeline_source(Lead, lead_consultations)
        register_timeline_source(Lead, lead_edit_history)
        register_nav_entry(
            NavEntry(
                _("Leads"), "leads:list", "person-plus", frozenset({Role.SALES, Role.MANAGER, Role.DESIGNER}), order=20
            )
        )
        register_nav_entry(
            NavEntry(_("Lead reports"), "leads:reports", "bar-chart-line", frozenset({Role.MANAGER}), order=85)
        )
        register_role_permissions(Role.MANAGER, MANAGE_LEADS)
        # The appeal chain's upper levels (seed 003 §5): people a superuser puts in these groups.
        register_capability_group(QUALITY_CONTROL_GROUP, [QUALITY_CONTROL_PERMISSION])
        register_capability_group(GENERAL_OFFICE_GROUP, [GENERAL_OFFICE_PERMISSION])
        clocks.register()
        register_appeal_notice_texts()
        register_hand_over_notice_texts()
        schedule_periodic_tasks(celery_app)
        register_contact_source(customer_contacts.last_lead_contact)
        register_close_blocker(customer_contacts.open_leads_block_close)
