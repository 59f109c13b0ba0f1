"""Old transitions whose note is a sentence the system wrote (in Chinese or English) become a code plus parameters,
so they too read in the reader's language. A note that is not recognised stays as it was."""

from django.db import migrations


def notes_to_events(apps, schema_editor):
    from leads.choices import TRANSITION_TEXTS

    LeadTransition = apps.get_model("leads", "LeadTransition")
    for transition in LeadTransition.objects.filter(event="").exclude(note="").iterator():
        recognised = TRANSITION_TEXTS.recognise(transition.note)
        if recognised:
            transition.event, transition.params = recognised
            transition.note = ""
            transition.save(update_fields=["event", "params", "note"])


def events_to_notes(apps, schema_editor):
    from leads.choices import TRANSITION_TEXTS

    LeadTransition = apps.get_model("leads", "LeadTransition")
    for transition in LeadTransition.objects.exclude(event="").iterator():
        transition.note = TRANSITION_TEXTS.render(transition.event, transition.params)[:500]
        transition.event, transition.params = "", {}
        transition.save(update_fields=["event", "params", "note"])


class Migration(migrations.Migration):
    dependencies = [("leads", "0003_transition_event")]

    operations = [migrations.RunPython(notes_to_events, events_to_notes)]
