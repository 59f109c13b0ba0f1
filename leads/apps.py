from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from decocrm.core.demo import register_demo_seeder

        from .demo import seed

        register_demo_seeder(seed)
