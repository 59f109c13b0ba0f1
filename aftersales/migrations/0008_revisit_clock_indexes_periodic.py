"""The revisit clocks' partial indexes of 0004 again, with the periodic revisit's kind in their predicate: the queue
and the rates read every revisit kind (aftersales.choices.REVISIT_CLOCK_KINDS), and an index whose predicate leaves a
kind out is not used at all (the queue went from an index read of its page to a sort of every open revisit clock)."""

from django.db import migrations

OLD = ["aftersales_revisit_clocks_due", "aftersales_revisit_clocks_rates"]
REVISIT_KINDS = "('first_revisit', 'repair_revisit', 'complaint_revisit', 'revisit_follow_up', 'periodic_revisit')"
CLOCK_INDEXES = [
    ("aftersales_revisit_clocks_open",
     f"(due_at, id) WHERE kind IN {REVISIT_KINDS} AND state IN ('running', 'paused', 'breached')"),
    ("aftersales_revisit_clocks_rated",
     f"(due_at) INCLUDE (id, kind, state, owner_id, team_id) WHERE kind IN {REVISIT_KINDS}"),
]  # fmt: skip


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in OLD:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')
    for name, definition in CLOCK_INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "sla_clock" {definition}')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in CLOCK_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("aftersales", "0007_periodic_revisits")]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
