from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "decocrm.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import tasks  # noqa: F401  (registers the import task in every process: import_jobs queues it by name)
        from .navigation import register_core_entries

        register_core_entries()
