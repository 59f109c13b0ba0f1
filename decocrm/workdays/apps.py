from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "decocrm.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
