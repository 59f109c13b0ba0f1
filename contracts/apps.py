from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from customers.archives.hooks import register_archive_credit_source, register_archive_history_source
        from decocrm.accounts.choices import Role
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from leads.panels import register_lead_panel

        from . import clocks
        from .archives import contract_credit, on_contract_signed
        from .archives import contract_history as archive_contract_history
        from .demo import seed
        from .hooks import register_contract_signed_listener
        from .models import Contract
        from .panels import lead_contract_panel
        from .services.receivable_notices import register_receivable_notice_texts
        from .tasks import schedule_periodic_tasks
        from .timeline import contract_history

        clocks.register()
        # The customer archive (customers.archives): signing makes the sales file due; contracts and overdue payments
        # show on the file.
        register_contract_signed_listener(on_contract_signed)
        register_archive_history_source(archive_contract_history)
        register_archive_credit_source(contract_credit)
        register_receivable_notice_texts()
        schedule_periodic_tasks(celery_app)
        register_demo_seeder(seed)
        register_timeline_source(Contract, contract_history)
        register_lead_panel(lead_contract_panel)
        register_nav_entry(
            NavEntry(
                _("Contracts"), "contracts:list", "file-earmark-text", frozenset({Role.SALES, Role.MANAGER}), order=40
            )
        )
