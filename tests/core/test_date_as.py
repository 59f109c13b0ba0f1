"""The `date_as` filter (decocrm.core.templatetags.dates): what Django's `date` filter shows, for the numeric formats
of the loops of a page, in local time; any other format is Django's."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

VALUES = {
    "day": date(2026, 3, 7),
    "late": datetime(2026, 3, 7, 17, 5, tzinfo=ZoneInfo("UTC")),  # 8 March 01:05 in Shanghai
    "none": None,
    "empty": "",
}


@pytest.mark.parametrize("fmt", ["Y-m-d", "m-d", "Y-m-d H:i", "j F Y"])
@pytest.mark.parametrize("name", sorted(VALUES))
def test_date_as_shows_what_the_date_filter_shows(name, fmt):
    def shown(source):
        try:
            with translation.override("zh-hans"):
                return Template(source).render(Context({"v": VALUES[name]}))
        except Exception as error:  # noqa: BLE001 - the same refusal as Django's (a time asked of a day)
            return type(error)

    assert shown('{% load dates %}{{ v|date_as:"' + fmt + '" }}') == shown('{{ v|date:"' + fmt + '" }}')


def test_a_date_time_is_shown_in_local_time():
    shown = Template('{% load dates %}{{ v|date_as:"Y-m-d H:i" }}').render(Context({"v": VALUES["late"]}))
    assert shown == "2026-03-08 01:05"
