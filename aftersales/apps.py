from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftersalesConfig(AppConfig):
    name = "aftersales"
    verbose_name = _("After-sales")

    def ready(self):
        from customers.archives.demo import seed as seed_archives
        from customers.archives.hooks import register_archive_history_source
        from customers.cleanup import register_close_blocker
        from customers.panels import register_customer_panel
        from customers.selectors import register_customer_reader_role
        from decocrm.accounts.choices import Role
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from projects.hooks import register_project_completed_listener

        from . import checks, clocks, handover  # noqa: F401 (checks: the revisit rate policy's system check)
        from .archives import on_ticket_closed
        from .archives import ticket_history as archive_ticket_history
        from .demo import seed, seed_revisits_and_surveys
        from .hooks import register_revisit_cases, register_revisit_done, register_ticket_closed_listener
        from .models import RepairTicket, Revisit
        from .panels import customer_revisits_panel, customer_surveys_panel, customer_tickets_panel
        from .revisit_policy import REPAIR
        from .selectors import closed_tickets_by_month, open_tickets_block_close
        from .services import survey_after_completion, ticket_revisit_done
        from .tasks import schedule_periodic_tasks
        from .timeline import revisit_history, ticket_edit_history, ticket_history

        handover.register()
        clocks.register()
        # The customer archive (customers.archives): a closed ticket makes the after-sales file due; tickets show on
        # the file.
        register_ticket_closed_listener(on_ticket_closed)
        register_archive_history_source(archive_ticket_history)
        register_revisit_done(RepairTicket, lambda ticket, **when: ticket_revisit_done(ticket=ticket, **when))
        register_revisit_cases(REPAIR, _("Repairs"), closed_tickets_by_month)  # the achieved revisit rate
        register_project_completed_listener(survey_after_completion)  # the after-completion survey
        schedule_periodic_tasks(celery_app)  # the periodic revisits
        register_demo_seeder(seed)
        register_demo_seeder(seed_revisits_and_surveys)  # after the tickets: a closed one's revisit falls due
        # The archive's demo files, after the contracts signed and the tickets closed above made them due (the
        # archive app is installed before the stages that feed it, so its own ready() would run its seeder first).
        register_demo_seeder(seed_archives)
        for role in (Role.AFTER_SALES, Role.CUSTOMER_RELATIONS):  # they serve every customer
            register_customer_reader_role(role)
        register_timeline_source(RepairTicket, ticket_history)
        register_timeline_source(RepairTicket, ticket_edit_history)
        register_timeline_source(Revisit, revisit_history)
        register_customer_panel(customer_tickets_panel)
        register_close_blocker(open_tickets_block_close)
        register_customer_panel(customer_revisits_panel)
        register_customer_panel(customer_surveys_panel)
        register_nav_entry(
            NavEntry(_("Repairs"), "aftersales:list", "tools", frozenset({Role.AFTER_SALES, Role.MANAGER}), order=60)
        )
        register_nav_entry(
            NavEntry(
                _("Revisits"),
                "aftersales:revisits",
                "telephone-outbound",
                frozenset({Role.AFTER_SALES, Role.CUSTOMER_RELATIONS, Role.MANAGER}),
                order=65,
            )
        )
        register_nav_entry(
            NavEntry(
                _("Surveys"),
                "aftersales:surveys",
                "emoji-smile",
                frozenset({Role.CUSTOMER_RELATIONS, Role.AFTER_SALES, Role.MANAGER}),
                order=68,
            )
        )
