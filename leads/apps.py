from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "leads"
    verbose_name = _("Leads")

    def ready(self):
        from decocrm.core.home import register_home_card

        from .home import my_leads_card, todays_appointments_card

        register_home_card(my_leads_card)
        register_home_card(todays_appointments_card)
