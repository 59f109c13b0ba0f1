"""`python manage.py backup [PATH]`: one tar archive of the PostgreSQL database (custom-format pg_dump) and the media
files (skipped, with a message, when uploads are on object storage), with a manifest of every table's row count and
checksum (decocrm.core.backup). README: "Backup and restore"."""

from django.core.management.base import BaseCommand, CommandError

from decocrm.core.backup import BackupError, backup_create, default_archive_name


class Command(BaseCommand):
    help = "Back up the database (pg_dump, custom format) and the media files into one tar archive."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Where to write the archive (default: decocrm-backup-<time>.tar).")

    def handle(self, *args, path=None, **options):
        path = path or default_archive_name()
        try:
            manifest = backup_create(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(count for count, _digest in manifest["tables"].values())
        if "media_skipped" in manifest:
            self.stdout.write(f"Media files skipped: {manifest['media_skipped']}.")
            self.stdout.write(f"{path}: {len(manifest['tables'])} tables, {rows} rows, no media files")
            return
        self.stdout.write(
            f"{path}: {len(manifest['tables'])} tables, {rows} rows, {manifest['media_files']} media files"
        )
