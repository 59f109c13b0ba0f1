from datetime import timedelta

from django.db import migrations

H, D = timedelta(hours=1), timedelta(days=1)

# The policies of the clock kinds leads registers (leads/clocks.py LEAD_CLOCK_KINDS), as they were when added;
# the company edits them in the admin afterwards. sla's post_migrate puts back a missing one after a flush.
POLICIES = {
    "measurement_booking": (3, "working_days", D, D, {}, "001 §3(三)1, §4(一)1"),
    "appointment_reconfirmation": (24, "hours", 4 * H, 2 * H, {"counts_back": True}, "001 §3(三)2"),
}


def seed(apps, schema_editor):
    from decocrm.sla.defaults import seed_policies

    seed_policies(apps.get_model("sla", "SlaPolicy"), POLICIES)


class Migration(migrations.Migration):
    """The measurement-booking and appointment-reconfirmation clocks (issue 9, seed 001 §3(三), §4)."""

    dependencies = [("leads", "0008_designer_proposal_accepted"), ("sla", "0006_clock_kinds_from_registry")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
