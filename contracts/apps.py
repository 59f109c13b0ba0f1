from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contracts")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from customers.archives.hooks import register_archive_credit_source, register_archive_history_source
        from customers.cleanup import register_close_blocker
        from decocrm.accounts.choices import Role
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from leads.panels import register_lead_panel

        from . import clocks, handover, selectors
        from .archives import contract_credit, on_contract_signed
        from .archives import contract_history as archive_contract_history
        from .demo import seed
        from .hooks import register_contract_signed_listener
        from .models import Contract, PaymentMilestone
        from .panels import lead_contract_panel
        from .services.receivable_notices import register_receivable_notice_texts
        from .tasks import schedule_periodic_tasks
        from .timeline import contract_edit_history, contract_history

        clocks.register()
        handover.register()
        # The receivables' totals are kept between writes (selectors.receivable_totals): every saved or deleted
        # milestone or contract drops them; the services' bulk writes drop them themselves (services/agreements.py,
        # drafting.py).
        for model in (Contract, PaymentMilestone):
            post_save.connect(drop_receivable_figures, sender=model, dispatch_uid=f"figures-{model.__name__}")
            post_delete.connect(drop_receivable_figures, sender=model, dispatch_uid=f"figures-{model.__name__}-del")
        # The customer archive (customers.archives): signing makes the sales file due; contracts and overdue payments
        # show on the file.
        register_contract_signed_listener(on_contract_signed)
        register_archive_history_source(archive_contract_history)
        register_archive_credit_source(contract_credit)
        register_close_blocker(selectors.open_contracts_block_close)
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


def drop_receivable_figures(**kwargs):
    from decocrm.core.figures import bump_figures

    from .selectors import RECEIVABLE_FIGURES

    bump_figures(RECEIVABLE_FIGURES)
