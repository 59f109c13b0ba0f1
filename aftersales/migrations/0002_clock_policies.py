from datetime import timedelta

from django.db import migrations

H = timedelta(hours=1)

# The policy of the clock kind after-sales registers (aftersales/clocks.py REPAIR_FEEDBACK), as it was when added;
# the company edits it in the admin afterwards. sla's post_migrate puts it back if missing after a flush.
POLICIES = {"repair_feedback": (24, "hours", 4 * H, 12 * H, {}, "002")}


def seed(apps, schema_editor):
    from decocrm.sla.defaults import seed_policies

    seed_policies(apps.get_model("sla", "SlaPolicy"), POLICIES)


class Migration(migrations.Migration):
    """The repair feedback clock: the result fed back to the customer within 24 h of the repair (issue 11, seed 002)."""

    dependencies = [("aftersales", "0001_initial"), ("sla", "0006_clock_kinds_from_registry")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
