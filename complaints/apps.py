from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints")

    def ready(self):
        from aftersales.hooks import register_revisit_cases, register_revisit_done
        from aftersales.revisit_policy import COMPLAINT
        from customers.archives.hooks import register_archive_history_source
        from customers.panels import register_customer_panel
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_capability_group
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from decocrm.sla.hooks import ClockHook, register_clock_listener

        from . import clocks, handover
        from .archives import complaint_history as complaint_history_in_archive
        from .demo import seed
        from .models import Complaint
        from .next_due import on_deadlines_changed
        from .panels import customer_complaints_panel
        from .selectors import closed_complaints_by_month
        from .services import complaint_revisit_done
        from .services.escalation import LEGAL_GROUP, LEGAL_PERMISSION, register_complaint_notice_texts
        from .tasks import schedule_periodic_tasks
        from .timeline import complaint_edit_history, complaint_history

        handover.register()
        clocks.register()
        register_archive_history_source(complaint_history_in_archive)  # the customer archive's file page
        register_clock_listener(on_deadlines_changed, hooks=[ClockHook.DEADLINE_MOVED, ClockHook.STOPPED],
                                models=[Complaint])  # fmt: skip
        register_complaint_notice_texts()
        # A revisit recorded against a complaint's revisit clock (aftersales' revisit queue) is the complaint's.
        register_revisit_done(Complaint, lambda complaint, **when: complaint_revisit_done(complaint=complaint, **when))
        register_revisit_cases(COMPLAINT, _("Complaints"), closed_complaints_by_month)  # the achieved revisit rate
        schedule_periodic_tasks(celery_app)
        register_demo_seeder(seed)
        register_timeline_source(Complaint, complaint_history)
        register_timeline_source(Complaint, complaint_edit_history)
        register_customer_panel(customer_complaints_panel)
        # The legal department [seed 002 §2.5]: a superuser puts its members in this group; they are warned of
        # every major complaint.
        register_capability_group(LEGAL_GROUP, [LEGAL_PERMISSION])
        register_nav_entry(
            NavEntry(
                _("Complaints"),
                "complaints:list",
                "chat-square-text",
                frozenset({Role.CUSTOMER_RELATIONS, Role.MANAGER}),
                order=70,
            )
        )
