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
        from decocrm.accounts.choices import Role
        from decocrm.accounts.roles import register_role_permissions

        from . import clocks

        clocks.register()
        register_role_permissions(Role.ARCHIVE_CLERK, KEEP_ARCHIVES)
        register_role_permissions(Role.MANAGER, MANAGE_ARCHIVES)
        # The demo files are seeded from aftersales' ready(): after the stages that make files due.
