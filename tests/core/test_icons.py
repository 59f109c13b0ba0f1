"""The pages ship a subset of Bootstrap Icons (scripts/icons-subset): a new icon in a template or a declaration must
not go missing from it. Rebuild with `.venv/bin/python scripts/icons-subset` when this fails."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.module_loading import autodiscover_modules

from decocrm.core.actions import Action, ActionSet
from decocrm.core.navigation import nav_entries
from decocrm.notifications.choices import KIND_ICONS

ROOT = Path(settings.BASE_DIR)
ICONS = ROOT / "static" / "vendor" / "bootstrap-icons"
NAME = re.compile(r"\bbi-([a-z0-9]+(?:-[a-z0-9]+)*)")


def _template_icons():
    names = set()
    folders = [ROOT / "templates", ROOT / "static" / "js", ROOT / "static" / "css", *ROOT.glob("*/templates")]
    folders += ROOT.glob("decocrm/*/templates")
    for folder in folders:
        for path in folder.rglob("*"):
            if path.suffix in {".html", ".js", ".css"}:
                names.update(NAME.findall(path.read_text()))
    return names


def _declared_icons():
    """Icons named by the running code: the menu, every declared action, the bell's kinds."""
    import sys

    autodiscover_modules("actions")
    names = {entry.icon for entry in nav_entries()}
    for module in list(sys.modules.values()):
        for value in list(vars(module).values()) if hasattr(module, "__dict__") else []:
            if isinstance(value, ActionSet):
                names.update(action.icon for action in value)
    names.update(icon.split()[0] for icon in KIND_ICONS.values())
    names.update({"bell", Action.__dataclass_fields__["icon"].default})  # the fallbacks
    return names


def _known():
    return json.loads((ROOT / "assets" / "bootstrap-icons" / "bootstrap-icons.json").read_text())


def test_every_icon_the_pages_use_exists_and_is_in_the_subset_css_and_font():
    fonttools = pytest.importorskip("fontTools.ttLib")
    used = _template_icons() | _declared_icons()
    assert len(used) > 40  # the scan found the templates and the declarations
    known = _known()
    assert sorted(used - known.keys()) == [], "not a Bootstrap icon (typo?)"

    css = (ICONS / "bootstrap-icons.subset.css").read_text()
    in_css = set(re.findall(r"\.bi-([a-z0-9-]+)::before", css))
    assert sorted(used - in_css) == [], "missing from the subset: run scripts/icons-subset"

    font = fonttools.TTFont(ICONS / "fonts" / "bootstrap-icons.subset.woff2")
    cmap = font.getBestCmap()
    missing = sorted(name for name in used if known[name] not in cmap)
    assert missing == [], "the subset font lacks these glyphs: run scripts/icons-subset"
    # The rules point at the right glyphs.
    for name in used:
        assert f'.bi-{name}::before{{content:"\\{known[name]:x}"}}' in css


def test_the_full_icon_font_is_not_shipped():
    shipped = {path.name for path in ICONS.rglob("*")}
    assert "bootstrap-icons.woff2" not in shipped and "bootstrap-icons.min.css" not in shipped
    base = (ROOT / "templates" / "base.html").read_text()
    assert "bootstrap-icons.subset.css" in base
    assert (ICONS / "fonts" / "bootstrap-icons.subset.woff2").stat().st_size < 20_000
