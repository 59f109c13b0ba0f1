from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.home import register_home_card

        from . import clocks
        from .demo import seed
        from .home import my_leads_card, todays_appointments_card

        register_home_card(my_leads_card)
        register_home_card(todays_appointments_card)
        register_demo_seeder(seed)
        clocks.register()
