from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Construction projects")

    def ready(self):
        from contracts.hooks import (
            register_contract_reader,
            register_contract_signed_listener,
            register_contract_terminated_listener,
            register_stage_namer,
        )
        from customers.panels import register_customer_panel
        from decocrm.accounts.choices import Role
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry
        from decocrm.core.timeline import register_timeline_source
        from leads.panels import register_lead_panel

        from . import archives, clocks, handover
        from .demo import seed
        from .models import Project
        from .panels import customer_projects_panel, lead_projects_panel
        from .services import on_contract_signed, on_contract_terminated
        from .services.notices import register_project_notice_texts
        from .stage_names import stage_template_names
        from .tasks import schedule_periodic_tasks
        from .timeline import project_edit_history, project_history

        handover.register()
        clocks.register()
        schedule_periodic_tasks(celery_app)  # the catch-up of the archived acceptance reports
        archives.register()  # the customer archive: the stages reached, the projects in the file's history
        register_demo_seeder(seed)
        register_contract_signed_listener(on_contract_signed)
        register_contract_reader("project__manager")  # construction gets a signed copy [seed 000 §6]
        register_contract_terminated_listener(on_contract_terminated)
        register_stage_namer(stage_template_names)
        register_project_notice_texts()
        # Migration 0002 seeds the stage template; this puts it back after a flush (transactional tests) when the
        # table is empty, never over what the admin edited.
        post_migrate.connect(_reseed_stage_templates, sender=self, dispatch_uid="projects.reseed_stage_templates")
        register_timeline_source(Project, project_history)
        register_timeline_source(Project, project_edit_history)
        register_customer_panel(customer_projects_panel)
        register_lead_panel(lead_projects_panel)
        register_nav_entry(
            NavEntry(
                _("Projects"),
                "projects:list",
                "building",
                frozenset({Role.PROJECT_MANAGER, Role.MANAGER, Role.DESIGNER}),
                order=50,
            )
        )


def _reseed_stage_templates(sender, apps=None, **kwargs):
    import importlib

    if apps is None:
        from django.apps import apps
    try:
        model = apps.get_model("projects", "StageTemplate")
    except LookupError:
        return
    if not model.objects.exists():
        importlib.import_module("projects.migrations.0002_stage_templates").seed_templates(model)
