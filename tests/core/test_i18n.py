"""The zh-hans catalogue is complete: every string in the code is translated, none fuzzy, and the committed
.mo says exactly what the .po says (so a fresh machine needs no gettext to show Chinese)."""

import gettext
import shutil

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from decocrm.core.i18n import CATALOGUE_LOCALE, MAKEMESSAGES_OPTIONS

PO = settings.BASE_DIR / "locale" / CATALOGUE_LOCALE / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _problems(po):
    return [
        (e.msgid, "fuzzy" if e.fuzzy else "untranslated")
        for e in po
        if not e.obsolete and (e.fuzzy or not e.translated())
    ]


def test_committed_catalogue_has_no_untranslated_or_fuzzy_entry():
    po = polib.pofile(str(PO))
    assert len(po) > 40
    assert _problems(po) == []


def test_catalogue_covers_every_string_in_the_source(tmp_path, monkeypatch):
    if not shutil.which("xgettext"):
        from tests.conftest import skip_or_fail

        skip_or_fail("GNU gettext (xgettext) is not installed: apt-get install gettext")
    # makemessages writes next to the sources it scans, so it runs on a copy of the tree: the committed
    # catalogue is never touched by this test.
    tree = tmp_path / "tree"
    shutil.copytree(
        settings.BASE_DIR,
        tree,
        ignore=shutil.ignore_patterns(".*", "var", "static", "staticfiles", "tests", "bench", "*.pyc", "__pycache__"),
    )
    monkeypatch.chdir(tree)
    with override_settings(LOCALE_PATHS=[tree / "locale"]):
        call_command("makemessages", **MAKEMESSAGES_OPTIONS)
    problems = _problems(polib.pofile(str(tree / "locale" / CATALOGUE_LOCALE / "LC_MESSAGES" / "django.po")))
    assert problems == [], "Run scripts/messages and translate these entries"


def test_compiled_catalogue_matches_the_po():
    po = polib.pofile(str(PO))
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)

    def compiled(entry):
        return mo.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else mo.gettext(entry.msgid)

    stale = [e.msgid for e in po if e.translated() and not e.msgid_plural and compiled(e) != e.msgstr]
    assert stale == [], "Run scripts/messages to recompile django.mo"


@pytest.mark.parametrize("code", ["zh-hans", "en"])
def test_both_languages_are_offered(code):
    assert code in dict(settings.LANGUAGES)
