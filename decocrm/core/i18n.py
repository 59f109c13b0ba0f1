"""How the zh-hans catalogue is extracted: shared by scripts/messages and the completeness test."""

from django.utils.translation import gettext_noop

CATALOGUE_LOCALE = "zh_Hans"
MAKEMESSAGES_OPTIONS = {
    "locale": [CATALOGUE_LOCALE],
    "ignore_patterns": ["static/*", "staticfiles/*", "var/*", "tests/*", "bench/*", ".venv/*"],
    "no_location": True,
    "no_obsolete": True,
    "verbosity": 0,
}

# Strings of Django's own admin templates that its zh_Hans catalogue (Django 5.2) leaves in English: the
# screen-reader captions of the admin index. Marked here so that our catalogue (LOCALE_PATHS, which wins over
# Django's) carries them.
DJANGO_CATALOGUE_GAPS = [
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
]
