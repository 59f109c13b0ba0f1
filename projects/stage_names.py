"""The names contracts shows for a payment due "on a stage's acceptance" (contracts.hooks.register_stage_namer): a
stage template's name — the seeded ones translated while the admin has not renamed them — and the named acceptance
nodes (hidden works, mid-term, completion), which a payment may also be due on."""

import importlib

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import StageTemplate

# The seeded templates' names (migration 0002, in the company language) in the reader's language.
SEEDED_STAGE_LABELS = {
    "demolition": _("Demolition"),
    "plumbing_electrics": _("Plumbing and electrics"),
    "hidden_works": _("Hidden works"),
    "masonry": _("Masonry and tiling"),
    "carpentry": _("Carpentry"),
    "painting": _("Painting"),
    "installation": _("Installation"),
    "cleaning": _("Cleaning"),
}
NODE_LABELS = {"hidden_works": _("Hidden works"), "mid_term": _("Mid-term"), "completion": _("Completion")}


def _seeded_names() -> dict:
    stages = importlib.import_module("projects.migrations.0002_stage_templates").STAGES
    return {code: name for code, name, _node in stages}


def stage_template_names() -> dict:
    """{code: name in the active language} of every stage template and acceptance node (one query). In the company
    language the template's own name is shown; in another, a seeded name the admin kept is translated."""
    seeded = {} if get_language() == settings.LANGUAGE_CODE else _seeded_names()
    names = {code: str(label) for code, label in NODE_LABELS.items()}
    for code, name in StageTemplate.objects.values_list("code", "name"):
        label = SEEDED_STAGE_LABELS.get(code)
        names[code] = str(label) if label is not None and seeded.get(code) == name else name
    return names
