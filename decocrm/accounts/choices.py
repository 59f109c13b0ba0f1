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
