from django.db import models
from django.utils.translation import gettext_lazy as _


class FileState(models.TextChoices):
    OPEN = "open", _("Kept")
    DESTROYED = "destroyed", _("Destroyed")
