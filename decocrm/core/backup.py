"""Backup and restore of a PostgreSQL deployment: one tar archive holding a custom-format `pg_dump` of the database
(`database.dump`), the media files (`media/...`: scans, photos, signed documents; not when uploads are on object
storage, whose bucket the store itself versions and replicates) and a `manifest.json` (when, which database, how many
rows and an md5 of every table), so that a restore can be checked against what was dumped.

- `backup_create(path=...)` writes the archive (`python manage.py backup`);
- `backup_restore(archive=..., database=..., media_root=...)` restores it into a fresh database and a media folder
  (`python manage.py restore`), then compares every table with the manifest;
- `table_fingerprints(database)` is that comparison: {table: (rows, md5 of the rows in order)} of every table of the
  public schema.

The tools are PostgreSQL's own (`pg_dump`, `pg_restore`): nothing is re-implemented. `database` is a dict shaped like
`settings.DATABASES["default"]` (NAME, USER, PASSWORD, HOST, PORT); the password goes through the environment
(PGPASSWORD), never on a command line.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

import psycopg2
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils import timezone

DUMP_NAME = "database.dump"
MANIFEST_NAME = "manifest.json"
MEDIA_DIR = "media"


class BackupError(Exception):
    pass


def default_database() -> dict:
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups are for PostgreSQL deployments (DATABASE_URL=postgres://...).")
    return database


def _pg_args(database: dict) -> list:
    args = []
    if database.get("HOST"):
        args += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        args += ["--port", str(database["PORT"])]
    if database.get("USER"):
        args += ["--username", str(database["USER"])]
    return args


def _pg_env(database: dict) -> dict:
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def _run(command: list, database: dict):
    # A fixed program (pg_dump / pg_restore) with an argument list: no shell, nothing typed by a user.
    completed = subprocess.run(command, env=_pg_env(database), capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{command[0]} failed: {completed.stderr.strip()}")
    return completed


def connect(database: dict):
    return psycopg2.connect(
        dbname=database["NAME"],
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )


def table_fingerprints(database: dict) -> dict:
    """{table: [row count, md5 of its rows as text, in order]} for every table of the public schema. Two databases
    with the same fingerprints hold the same rows (the row text includes every column)."""
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [name for (name,) in cursor.fetchall()]
        fingerprints = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "  # noqa: S608
                f"FROM public.{quoted} AS t"
            )
            count, digest = cursor.fetchone()
            fingerprints[table] = [count, digest]
    connection.close()
    return fingerprints


def compare_fingerprints(expected: dict, actual: dict) -> list:
    """What differs, one line per table (missing, extra, or other rows); empty when the databases match."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: missing after restore")
        elif table not in expected:
            problems.append(f"{table}: not in the backup")
        elif list(expected[table]) != list(actual[table]):
            problems.append(f"{table}: {expected[table][0]} rows dumped, {actual[table][0]} restored, or rows differ")
    return problems


def _add_bytes(archive, name, data: bytes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def uploads_on_disk() -> bool:
    """Whether uploads live under MEDIA_ROOT. On object storage (decocrm.core.storage) the bucket is kept by the
    store's own versioning and replication (README, "Object storage"), not by this archive."""
    return isinstance(storages["default"], FileSystemStorage)


def backup_create(*, path, database: dict | None = None, media_root=None) -> dict:
    """Write the archive at `path` (a .tar): the dump, the media files and the manifest, which is returned. With
    uploads on object storage the archive holds no media and the manifest says so (`media_skipped`)."""
    database = database or default_database()
    skip_media = media_root is None and not uploads_on_disk()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP_NAME
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dump),
              *_pg_args(database), database["NAME"]], database)  # fmt: skip
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": database["NAME"],
            "tables": table_fingerprints(database),
            "media_files": 0,
        }
        if skip_media:
            manifest["media_skipped"] = (
                f"uploads are in the bucket {settings.AWS_STORAGE_BUCKET_NAME}: back it up with the store's own "
                "versioning or replication"
            )
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=DUMP_NAME)
            if not skip_media and media_root.is_dir():
                for file in sorted(p for p in media_root.rglob("*") if p.is_file()):
                    archive.add(file, arcname=f"{MEDIA_DIR}/{file.relative_to(media_root).as_posix()}")
                    manifest["media_files"] += 1
            _add_bytes(archive, MANIFEST_NAME, json.dumps(manifest, indent=1).encode())
        partial.replace(path)  # a half-written archive never carries the final name
    return manifest


def _safe_members(archive):
    for member in archive.getmembers():
        name = Path(member.name)
        if name.is_absolute() or ".." in name.parts or not (member.isfile() or member.isdir()):
            raise BackupError(f"Unexpected entry in the archive: {member.name}")
        yield member


def backup_restore(*, archive, database: dict, media_root) -> list:
    """Restore `archive` into `database` (it must exist and be empty) and its media files into `media_root`; returns
    the differences between the restored tables and the manifest (empty: the restore is proven)."""
    media_root = Path(media_root)
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "r") as tar:
        members = list(_safe_members(tar))
        names = {member.name for member in members}
        if DUMP_NAME not in names or MANIFEST_NAME not in names:
            raise BackupError("Not a DecoCRM backup (no database dump or manifest).")
        with connect(database) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
            (existing,) = cursor.fetchone()
        connection.close()
        if existing:
            raise BackupError(f"Database {database['NAME']} is not empty ({existing} tables): restore into a new one.")
        tar.extractall(work, members=members)  # noqa: S202 (members checked above)
        manifest = json.loads((Path(work) / MANIFEST_NAME).read_text())
        _run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
              "--dbname", database["NAME"], *_pg_args(database), str(Path(work) / DUMP_NAME)], database)  # fmt: skip
        media = Path(work) / MEDIA_DIR
        if media.is_dir():
            media_root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    return compare_fingerprints(manifest["tables"], table_fingerprints(database))


def default_archive_name() -> str:
    return f"decocrm-backup-{timezone.localtime():%Y%m%d-%H%M%S}.tar"
