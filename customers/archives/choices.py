from django.db import models
from django.utils.translation import gettext_lazy as _


class FileState(models.TextChoices):
    OPEN = "open", _("Kept")
    DESTROYED = "destroyed", _("Destroyed")


class DocumentStage(models.TextChoices):
    """When a document joins a file: a file's checklist holds the documents of the stages its customer reached."""

    SIGNING = "signing", _("Signing")
    CONSTRUCTION = "construction", _("Construction")
    COMPLETION = "completion", _("Completion")
    AFTER_SALES = "after_sales", _("After-sales")


class DocumentHolder(models.TextChoices):
    """Which customers a document is asked of: an ID copy of a person, a business licence of an organisation."""

    ANY = "any", _("Every customer")
    PERSON = "person", _("Private persons")
    ORGANISATION = "organisation", _("Organisations")


class HandoverKind(models.TextChoices):
    """What was handed to the clerk [seed 002 档案管理: 销售档案 3 个工作日, 售后档案 1 个工作日]."""

    SALES = "sales", _("Sales file")
    AFTER_SALES = "after_sales", _("After-sales file")
    CORRECTION = "correction", _("Correction / missing documents")


# The stage whose documents a handover of each kind brings (a correction brings whatever was missing).
HANDOVER_STAGE = {HandoverKind.SALES: DocumentStage.SIGNING, HandoverKind.AFTER_SALES: DocumentStage.AFTER_SALES}


class Completeness(models.TextChoices):
    COMPLETE = "complete", _("Complete")
    INCOMPLETE = "incomplete", _("Incomplete")
