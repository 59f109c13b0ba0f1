"""`python manage.py restore ARCHIVE --database-name NEW_DB [--media-root DIR]`: restore a backup (decocrm.core.backup)
into a fresh, empty database on the configured server, copy its media files, and check every table's row count and
checksum against the backup's manifest. README: "Backup and restore"."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from decocrm.core.backup import BackupError, backup_restore, default_database


class Command(BaseCommand):
    help = "Restore a backup archive into a fresh database and check every table against the backup."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument(
            "--database-name",
            required=True,
            help="The empty database to restore into (created beforehand, e.g. createdb NAME), on the server that "
            "DATABASE_URL names. Never the live one: restore, check, then point DATABASE_URL at it.",
        )
        parser.add_argument("--media-root", default=None, help="Where the media files go (default: MEDIA_ROOT).")

    def handle(self, *args, archive, database_name, media_root=None, **options):
        try:
            database = {**default_database(), "NAME": database_name}
            problems = backup_restore(archive=archive, database=database, media_root=media_root or settings.MEDIA_ROOT)
        except BackupError as error:
            raise CommandError(str(error)) from error
        if problems:
            raise CommandError("The restored database differs from the backup:\n" + "\n".join(problems))
        self.stdout.write(f"{archive} restored into {database_name}; every table matches the backup.")
