from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

ARCHIVE_MODELS = ["archivefile", "archiveitem", "handover", "filedefect"]
# Managers read the files in their scope (a team manager their team's customers'), and the company's managers keep
# the checklist (CompanyWideSettingsMixin); the clerk does the archive work and reads the checklist.
READ_ARCHIVES = [f"archives.view_{model}" for model in [*ARCHIVE_MODELS, "documentkind"]]
MANAGE_ARCHIVES = [*READ_ARCHIVES, "archives.add_documentkind", "archives.change_documentkind"]
KEEP_ARCHIVES = [
    *READ_ARCHIVES,
    *(f"archives.{action}_{model}" for model in ARCHIVE_MODELS for action in ("add", "change")),
]


class ArchivesConfig(AppConfig):
    name = "customers.archives"
    label = "archives"
    verbose_name = _("Archives")

    def ready(self):
        from django.db.models.signals import post_migrate

        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions

        from . import clocks, handover

        clocks.register()
        handover.register()
        # Migration 0002 seeds the checklist's default documents; this puts them back when they are all gone after
        # a flush (the transactional browser tests), as decocrm.sla does for its policies. Edited ones stay.
        post_migrate.connect(_reseed_document_kinds, sender=self, dispatch_uid="archives.reseed_document_kinds")
        register_role_permissions(Role.ARCHIVE_CLERK, KEEP_ARCHIVES)
        register_role_permissions(Role.MANAGER, MANAGE_ARCHIVES)
        # The demo files are seeded from aftersales' ready(): after the stages that make files due.
        self.register_borrowing_and_retention()

    def register_borrowing_and_retention(self):
        """Borrowing, retention and the KPIs (customers/archives/{models,services}/{borrowing,retention}.py)."""
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions
        from decocrm.celery import app as celery_app
        from decocrm.core.demo import register_demo_seeder
        from decocrm.core.navigation import NavEntry, register_nav_entry

        from .demo_borrowing import seed as seed_borrowing
        from .services.borrowing import register_borrowing_notice_texts
        from .services.retention import register_destruction_notice_texts
        from .tasks import schedule_periodic_tasks

        register_borrowing_notice_texts()
        register_destruction_notice_texts()
        schedule_periodic_tasks(celery_app)
        register_demo_seeder(seed_borrowing)
        # In the admin site the clerk works the requests and destructions (through its actions: every write is a
        # service); managers read them there and approve (the same services check who may).
        borrowing_views = ["archives.view_borrowrequest", "archives.view_destruction", "archives.view_retainedfile"]
        register_role_permissions(Role.ARCHIVE_CLERK, borrowing_views)
        register_role_permissions(Role.MANAGER, borrowing_views)
        register_nav_entry(NavEntry(_("File borrowing"), "archives:borrow_list", "archive", order=75))
        register_nav_entry(
            NavEntry(_("Archive KPIs"), "archives:kpis", "bar-chart-line", frozenset({Role.MANAGER}), order=86)
        )


def _reseed_document_kinds(sender, apps=None, **kwargs):
    import contextlib
    import importlib

    if apps is None:  # `flush` sends the signal without a migration state
        from django.apps import apps
    with contextlib.suppress(LookupError):
        kinds = apps.get_model("archives", "DocumentKind")
        if not kinds.objects.exists():
            importlib.import_module("customers.archives.migrations.0002_checklist_ledger").seed_document_kinds(
                apps, None
            )
            # and the kinds the software files its own documents on (hooks.register_system_document)
            from .hooks import mark_system_document_kinds

            mark_system_document_kinds(kinds)
