"""The warn step's own narrow table (issue 13): a clock's "due soon" mark no longer updates the clock row.

Every open clock not yet warned gets its row (a paused one too: the sweep leaves it until the clock runs again), then
the clock's warned_at and its index go."""

import django.db.models.deletion
from django.db import migrations, models

FILL = """
    INSERT INTO sla_clockwarning (clock_id, warn_at)
    SELECT id, warn_at FROM sla_clock WHERE state IN ('running', 'paused') AND warned_at IS NULL
"""
# A queue: every warning sent leaves a dead row and index entry that each later sweep's scan walks past until a vacuum
# (a no-op sweep after a 100,000-warning catch-up: up to ~0.7 s instead of ~80 ms). Vacuum it after 5,000 dead rows
# whatever its size, not after PostgreSQL's default of 20 % of the table.
AUTOVACUUM = (
    "ALTER TABLE sla_clockwarning SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,"
    " autovacuum_analyze_scale_factor = 0.02)"
)


def _on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


# Back: the clocks that still had a row were not warned; every other one is marked warned at its warn time.
UNFILL = """
    UPDATE sla_clock SET warned_at = warn_at
     WHERE state IN ('running', 'paused') AND id NOT IN (SELECT clock_id FROM sla_clockwarning)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("sla", "0008_breach_list_covers_counts"),
    ]

    operations = [
        migrations.CreateModel(
            name="ClockWarning",
            fields=[
                (
                    "clock",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="sla.clock",
                    ),
                ),
                ("warn_at", models.DateTimeField(verbose_name="warn at")),
            ],
            options={
                "verbose_name": "warning to send",
                "verbose_name_plural": "warnings to send",
                "indexes": [models.Index(fields=["warn_at"], name="sla_warning_due")],
            },
        ),
        migrations.RunSQL(FILL, UNFILL, elidable=False),
        migrations.RunPython(_on_postgresql(AUTOVACUUM), migrations.RunPython.noop, elidable=False),
        migrations.RemoveIndex(model_name="clock", name="sla_clock_to_warn"),
        migrations.RemoveField(model_name="clock", name="warned_at"),
    ]
