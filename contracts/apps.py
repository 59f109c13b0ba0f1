from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from leads.panels import register_lead_panel

        from . import clocks
        from .demo import seed
        from .models import Contract
        from .panels import lead_contract_panel
        from .timeline import contract_history

        clocks.register()
        register_demo_seeder(seed)
        register_timeline_source(Contract, contract_history)
        register_lead_panel(lead_contract_panel)
        register_nav_entry(
            NavEntry(
                _("Contracts"), "contracts:list", "file-earmark-text", frozenset({Role.SALES, Role.MANAGER}), order=40
            )
        )
