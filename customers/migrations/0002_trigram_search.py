"""Search by any part of a phone number, a name or an organisation, served by pg_trgm GIN indexes (PostgreSQL).

`phone_digits LIKE '%1234567%'` (Django's `contains`) and `UPPER(name) LIKE UPPER('%...%')` (`icontains`) can use a
trigram index; a B-tree cannot serve a pattern with a leading wildcard. The index expressions match the SQL Django
writes for those lookups exactly, or the planner would not use them. SQLite (the embedded default) gets no index and
scans, which is fine at its scale.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    # Not partial: the planner cannot prove that `LIKE '%...%'` implies `<> ''`, so it would ignore a partial index.
    ("customers_phone_digits_trgm", '("phone_digits" gin_trgm_ops)'),
    ("customers_name_trgm", '(UPPER("name"::text) gin_trgm_ops)'),
    ("customers_org_name_trgm", '("organisation_name_normalized" gin_trgm_ops)'),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "customers_customer" USING gin {definition}')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]

    operations = [
        TrigramExtension(),  # does nothing on other databases
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
