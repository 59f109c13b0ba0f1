"""How the zh-hans catalogue is extracted: shared by scripts/messages and the completeness test."""

CATALOGUE_LOCALE = "zh_Hans"
MAKEMESSAGES_OPTIONS = {
    "locale": [CATALOGUE_LOCALE],
    "ignore_patterns": ["static/*", "staticfiles/*", "var/*", "tests/*", "bench/*", ".venv/*"],
    "no_location": True,
    "no_obsolete": True,
    "verbosity": 0,
}
