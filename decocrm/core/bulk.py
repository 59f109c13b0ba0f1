"""Fast bulk inserts for generated data (seed_demo --scale, benchmarks), below the ORM.

bulk_create spends most of its time in Python (model instances, one huge parameterised INSERT per batch); for
hundreds of thousands of rows this writes plain dicts instead: COPY on PostgreSQL, executemany elsewhere. Ids are
allocated up front (from the table's sequence on PostgreSQL), so callers can point rows at each other before
anything is written. No validation, no signals: only for data the caller generated itself.
"""

import io
import json
from datetime import date, datetime
from decimal import Decimal

from django.db import connection


def allocate_ids(model, count: int) -> list[int]:
    """`count` fresh primary keys for `model`'s table."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


def _defaults(model):
    """Each column's default as the database stores it (the rows give only what differs)."""
    defaults = {}
    for field in model._meta.concrete_fields:
        value = field.get_default() if field.has_default() else (None if field.null else "")
        defaults[field.column] = value
    return defaults


def _adapt(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy_text(value):
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(_adapt(value))
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def bulk_insert(model, rows, *, batch_size=20_000) -> int:
    """Insert `rows` (dicts of column name -> value; missing columns take the field's default; give every row an
    id, or none). Returns the count."""
    if not rows:
        return 0
    defaults = _defaults(model)
    pk = model._meta.pk.column
    columns = [c for c in defaults if c != pk or pk in rows[0]]  # no id given: the database numbers the rows
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                for row in batch:
                    buffer.write("\t".join(_copy_text(row.get(c, defaults[c])) for c in columns))
                    buffer.write("\n")
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)  # the psycopg2 cursor
            else:
                placeholders = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})",  # noqa: S608
                    [[_adapt(row.get(c, defaults[c])) for c in columns] for row in batch],
                )
    return len(rows)
