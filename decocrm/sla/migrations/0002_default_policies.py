from django.db import migrations


def seed(apps, schema_editor):
    from decocrm.sla.defaults import seed_policies

    seed_policies(apps.get_model("sla", "SlaPolicy"))


class Migration(migrations.Migration):
    """One policy per clock kind in PRODUCT.md's table, with its default duration (admins edit them later)."""

    dependencies = [("sla", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
