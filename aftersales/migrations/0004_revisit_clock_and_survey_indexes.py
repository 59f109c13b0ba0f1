"""The survey list's order as an index; and two partial indexes on the SLA engine's clocks for after-sales' own reads
of its revisit clocks (the kinds of aftersales.choices.REVISIT_CLOCK_KINDS, frozen here):

- the revisit queue (selectors.due_revisits): the open ones by deadline, a page and its count read from the index
  instead of every open revisit clock sorted;
- the revisit rates (selectors.revisit_rates): the revisit clocks by deadline with what the rates count (id, kind,
  state, holder, team) in the index, an index-only scan of the months shown instead of a scan of every clock.

They live here, not in sla.Clock.Meta, because their predicates name after-sales' kinds; in SQL (PostgreSQL only, as
customers' trigram indexes), as one app's migration cannot declare an index on another app's model: the model state
is unchanged and makemigrations stays clean. SQLite (the embedded default) scans, which is fine at its scale.
"""

from django.conf import settings
from django.db import migrations, models

REVISIT_KINDS = "('first_revisit', 'repair_revisit', 'complaint_revisit', 'revisit_follow_up')"
CLOCK_INDEXES = [
    ("aftersales_revisit_clocks_due",
     f"(due_at, id) WHERE kind IN {REVISIT_KINDS} AND state IN ('running', 'paused', 'breached')"),
    ("aftersales_revisit_clocks_rates",
     f"(due_at) INCLUDE (id, kind, state, owner_id, team_id) WHERE kind IN {REVISIT_KINDS}"),
]  # fmt: skip


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in CLOCK_INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "sla_clock" {definition}')


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in CLOCK_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_staff_change"),
        ("aftersales", "0003_revisits_and_surveys"),
        ("customers", "0004_key_accounts"),
        ("sla", "0006_clock_kinds_from_registry"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="survey",
            index=models.Index(fields=["-created_at", "-id"], name="aftersales_survey_newest"),
        ),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
