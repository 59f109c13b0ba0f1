"""The backup round trip: dump the test database and the media files, restore into a fresh database, and every
table has the same rows (count and md5 of the ordered rows). The comparison itself must catch a missing table and a
changed row, or the round trip proves nothing."""

import tarfile

import psycopg2
import pytest
from django.conf import settings
from django.core.management import call_command

from customers.services import customer_create
from decocrm.core.backup import (
    BackupError,
    backup_create,
    backup_restore,
    compare_fingerprints,
    connect,
    table_fingerprints,
)

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason="backups are for PostgreSQL"
)


def _admin(database, sql):
    connection = psycopg2.connect(
        dbname="postgres",
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


@pytest.fixture
def scratch_database(transactional_db):
    database = {**settings.DATABASES["default"]}
    database["NAME"] = f"{database['NAME']}_restore_scratch"[:63]
    _admin(database, f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')
    _admin(database, f'CREATE DATABASE "{database["NAME"]}"')
    yield database
    _admin(database, f'DROP DATABASE IF EXISTS "{database["NAME"]}" WITH (FORCE)')


def _execute(database, sql):
    with connect(database) as connection, connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def test_a_backup_restores_into_a_fresh_database_with_every_table_identical(
    scratch_database, salesperson, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "scans").mkdir(parents=True)
    (settings.MEDIA_ROOT / "scans" / "合同.pdf").write_bytes(b"%PDF-1.4 signed")
    customer_create(by=salesperson, owner=salesperson, name="郑先生", phone="13500001234")
    source = {**settings.DATABASES["default"]}
    archive = tmp_path / "backup.tar"

    call_command("backup", str(archive))

    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"database.dump", "manifest.json", "media/scans/合同.pdf"} <= names
    dumped = table_fingerprints(source)
    assert dumped["customers_customer"][0] == 1 and len(dumped) > 20
    restored_media = tmp_path / "restored-media"
    call_command("restore", str(archive), database_name=scratch_database["NAME"], media_root=str(restored_media))

    restored = table_fingerprints(scratch_database)
    assert compare_fingerprints(dumped, restored) == []
    assert restored == dumped
    assert (restored_media / "scans" / "合同.pdf").read_bytes() == b"%PDF-1.4 signed"


def test_the_comparison_catches_a_missing_table_and_a_changed_row(scratch_database, salesperson, tmp_path):
    customer_create(by=salesperson, owner=salesperson, name="郑先生", phone="13500001234")
    source = {**settings.DATABASES["default"]}
    archive = tmp_path / "backup.tar"
    backup_create(path=archive, database=source, media_root=tmp_path / "none")
    assert backup_restore(archive=archive, database=scratch_database, media_root=tmp_path / "media") == []

    _execute(scratch_database, "UPDATE customers_customer SET name = '改名'")
    _execute(scratch_database, "DROP TABLE leads_collision CASCADE")
    problems = compare_fingerprints(table_fingerprints(source), table_fingerprints(scratch_database))
    assert any(p.startswith("customers_customer:") for p in problems)
    assert any(p.startswith("leads_collision:") and "missing" in p for p in problems)


def test_a_restore_into_a_database_that_holds_tables_is_refused(scratch_database, tmp_path):
    archive = tmp_path / "backup.tar"
    backup_create(path=archive, database={**settings.DATABASES["default"]}, media_root=tmp_path / "none")
    _execute(scratch_database, "CREATE TABLE something (id int)")
    with pytest.raises(BackupError):
        backup_restore(archive=archive, database=scratch_database, media_root=tmp_path / "media")
