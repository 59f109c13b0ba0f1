from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from leads.panels import register_lead_panel

        from . import clocks
        from .demo import seed
        from .models import Contract
        from .panels import lead_contract_panel
        from .services.receivable_notices import register_receivable_notice_texts
        from .tasks import schedule_periodic_tasks
        from .timeline import contract_edit_history, contract_history

        clocks.register()
        register_receivable_notice_texts()
        schedule_periodic_tasks(celery_app)
        register_demo_seeder(seed)
        register_timeline_source(Contract, contract_history)
        register_timeline_source(Contract, contract_edit_history)
        register_lead_panel(lead_contract_panel)
        register_nav_entry(
            NavEntry(
                _("Contracts"), "contracts:list", "file-earmark-text", frozenset({Role.SALES, Role.MANAGER}), order=40
            )
        )
