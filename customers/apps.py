from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VIEW_CUSTOMERS = ["customers.view_customer", "customers.view_contactperson", "customers.view_district"]
# Districts are company-wide: team managers hold these permissions too but only read (the admin checks company_wide).
MANAGE_CUSTOMERS = [*VIEW_CUSTOMERS, "customers.change_customer", "customers.add_district", "customers.change_district"]
# The archive clerk keeps every customer's file (customers.archives) and reads the customers' basics, changing none
# (issue 12: clerks' permissions are limited to archive work plus read-only customer basics).
KEEP_CUSTOMER_FILES = VIEW_CUSTOMERS


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_capability_group, register_role_permissions
        from decocrm.audit.services import register_shown_field_label
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.home import register_home_card
        from decocrm.core.navigation import ALL_ROLES, NavEntry, register_nav_entry
        from decocrm.notifications.texts import register_notice_text

        from . import clocks, handover
        from .demo import seed_key_accounts
        from .home import key_accounts_card
        from .panels import register_customer_panel
        from .permissions import MARK_KEY_ACCOUNTS_PERMISSION, SALES_HEAD_GROUP
        from .services.cleanup import CLEANUP_NOTICE
        from .services.sensitive import SENSITIVE_CONTACTS
        from .tasks import schedule_periodic_tasks
        from .views.key_accounts import key_account_panel

        handover.register()
        register_notice_text(
            CLEANUP_NOTICE,
            title=_("%(count)d of your customers need cleaning up (%(month)s)"),
            body=_("No contact for months, a malformed phone number or missing fields: fix them or close them."),
        )
        schedule_periodic_tasks(celery_app)
        register_nav_entry(
            NavEntry(_("Customers"), "customers:list", "people", ALL_ROLES - {Role.ARCHIVE_CLERK}, order=30)
        )
        register_role_permissions(Role.MANAGER, MANAGE_CUSTOMERS)
        register_role_permissions(Role.ARCHIVE_CLERK, KEEP_CUSTOMER_FILES)
        # The review list is the sales head's and management's, a duty not a role: their home card links it.
        register_home_card(key_accounts_card)
        # The sales department head [004 §4-§5]: a manager a superuser puts in this group marks key accounts.
        register_capability_group(SALES_HEAD_GROUP, [MARK_KEY_ACCOUNTS_PERMISSION])
        clocks.register()
        register_customer_panel(key_account_panel)
        register_demo_seeder(seed_key_accounts)
        register_shown_field_label(SENSITIVE_CONTACTS, _("decision-maker contacts"))
