import contextlib

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _

# Team managers hold the policy permissions too but only read: policies are company-wide (the services check).
EDIT_SLA_POLICIES = ["sla.view_slapolicy", "sla.change_slapolicy", "sla.view_clock", "sla.view_clockevent"]


class SlaConfig(AppConfig):
    name = "decocrm.sla"
    label = "sla"
    verbose_name = _("Service clocks")

    def ready(self):
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions
        from decocrm.core.home import register_home_card
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_shared_timeline_source
        from decocrm.workdays.services import register_calendar_listener

        from .home import my_clocks_card
        from .selectors import clock_event_entries
        from .sweep import register_sweep_notice_texts
        from .tasks import enqueue_recompute

        register_home_card(my_clocks_card)
        register_shared_timeline_source(clock_event_entries)
        register_nav_entry(
            NavEntry(_("Overdue dashboard"), "sla:dashboard", "speedometer2", frozenset({Role.MANAGER}), order=80)
        )
        register_role_permissions(Role.MANAGER, EDIT_SLA_POLICIES)
        register_calendar_listener(enqueue_recompute)
        register_sweep_notice_texts()
        # Migration 0002 seeds the policies; this puts back any that are missing after a flush (transactional
        # tests) without touching edited ones.
        post_migrate.connect(_reseed_policies, sender=self, dispatch_uid="sla.reseed_policies")
        # The overdue dashboard's counts (reports.overdue_counts) are kept between writes: every clock the services
        # save drops them (the sweep's SQL sends no signal: sweep.sla_sweep drops them when it breaches).
        from .models import Clock

        post_save.connect(_drop_overdue_figures, sender=Clock, dispatch_uid="sla.overdue_figures")
        post_delete.connect(_drop_overdue_figures, sender=Clock, dispatch_uid="sla.overdue_figures-del")


def _drop_overdue_figures(**kwargs):
    from decocrm.core.figures import bump_figures

    from .reports import OVERDUE_FIGURES

    bump_figures(OVERDUE_FIGURES)


def _reseed_policies(sender, apps=None, **kwargs):
    from .defaults import seed_policies
    from .kinds import default_policies  # the product's table and the kinds apps registered

    if apps is None:
        from django.apps import apps
    with contextlib.suppress(LookupError):
        seed_policies(apps.get_model("sla", "SlaPolicy"), default_policies())
