from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

VIEW_CUSTOMERS = ["customers.view_customer", "customers.view_contactperson", "customers.view_district"]
# Districts are company-wide: team managers hold these permissions too but only read (the admin checks company_wide).
MANAGE_CUSTOMERS = [*VIEW_CUSTOMERS, "customers.change_customer", "customers.add_district", "customers.change_district"]
# The archive clerk keeps every customer's file.
KEEP_CUSTOMER_FILES = [*VIEW_CUSTOMERS, "customers.add_customer", "customers.change_customer"]


class CustomersConfig(AppConfig):
    name = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions
        from decocrm.core.navigation import ALL_ROLES, NavEntry, register_nav_entry

        register_nav_entry(
            NavEntry(_("Customers"), "customers:list", "people", ALL_ROLES - {Role.ARCHIVE_CLERK}, order=30)
        )
        register_role_permissions(Role.MANAGER, MANAGE_CUSTOMERS)
        register_role_permissions(Role.ARCHIVE_CLERK, KEEP_CUSTOMER_FILES)
