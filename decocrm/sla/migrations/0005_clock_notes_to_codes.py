"""Clock and clock-event notes that are a sentence the system wrote (in Chinese or English, by the engine or by an
app that registered its sentences, decocrm.sla.notes) become a code plus parameters, so they read in the reader's
language. A note that is not recognised is what a person typed and stays as it was. One UPDATE per distinct note."""

from django.db import migrations

MODELS = ("Clock", "ClockEvent")


def notes_to_codes(apps, schema_editor):
    from decocrm.sla.notes import recognise_clock_note

    for name in MODELS:
        model = apps.get_model("sla", name)
        notes = model.objects.filter(code="").exclude(note="").order_by().values_list("note", flat=True).distinct()
        for note in list(notes):
            recognised = recognise_clock_note(note)
            if recognised:
                code, params = recognised
                model.objects.filter(code="", note=note).update(code=code, params=params, note="")


def codes_to_notes(apps, schema_editor):
    from decocrm.sla.notes import render_clock_note

    for name in MODELS:
        model = apps.get_model("sla", name)
        said = model.objects.exclude(code="").order_by().values_list("code", "params", "note").distinct()
        for code, params, note in list(said):
            text = " · ".join(part for part in (render_clock_note(code, params), note) if part)
            model.objects.filter(code=code, params=params, note=note).update(code="", params={}, note=text[:300])


class Migration(migrations.Migration):
    dependencies = [("sla", "0004_clock_note_codes")]

    operations = [migrations.RunPython(notes_to_codes, codes_to_notes)]
