from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A staff member's role; each role is also a Django group carrying its permissions."""

    SALES = "sales", _("Sales")
    DESIGNER = "designer", _("Designer")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    AFTER_SALES = "after_sales", _("After-sales")
    CUSTOMER_RELATIONS = "customer_relations", _("Customer relations")
    MANAGER = "manager", _("Manager")
    ARCHIVE_CLERK = "archive_clerk", _("Archive clerk")


class StaffField(models.TextChoices):
    """What a recorded staff change touched: the role and team, and the powers only superusers grant."""

    ROLE = "role", _("role")
    TEAM = "team", _("team")
    IS_ACTIVE = "is_active", _("active")
    IS_STAFF = "is_staff", _("admin-site access")
    IS_SUPERUSER = "is_superuser", _("superuser")
    COMPANY_WIDE = "company_wide", _("company-wide view")
    GROUPS = "groups", _("groups")
    USER_PERMISSIONS = "user_permissions", _("permissions")
    PASSWORD = "password", _("password")
