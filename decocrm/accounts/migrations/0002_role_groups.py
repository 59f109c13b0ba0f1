from django.db import migrations


def create_role_groups(apps, schema_editor):
    from decocrm.accounts.roles import sync_role_groups

    sync_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def drop_role_groups(apps, schema_editor):
    from decocrm.accounts.choices import Role

    apps.get_model("auth", "Group").objects.filter(name__in=Role.values).delete()


class Migration(migrations.Migration):
    """One group per role. Permissions are attached by name; those of later apps join on post_migrate."""

    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_role_groups, drop_role_groups)]
