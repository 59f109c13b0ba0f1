"""The stages a new project starts with [issue 10]: the admin edits them afterwards."""

from django.db import migrations

STAGES = (
    ("demolition", "拆除", "stage"),
    ("plumbing_electrics", "水电", "stage"),
    ("hidden_works", "隐蔽工程", "hidden_works"),
    ("masonry", "泥瓦", "mid_term"),
    ("carpentry", "木工", "stage"),
    ("painting", "油漆", "stage"),
    ("installation", "安装", "stage"),
    ("cleaning", "保洁", "completion"),
)


def seed_templates(model):
    """Also called after a flush (apps.py): the same rows."""
    for position, (code, name, node) in enumerate(STAGES, start=1):
        model.objects.get_or_create(code=code, defaults={"name": name, "position": position, "node": node})


def seed(apps, schema_editor):
    seed_templates(apps.get_model("projects", "StageTemplate"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
