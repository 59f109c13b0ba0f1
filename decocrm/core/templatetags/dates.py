"""Dates in the loops of a page: `{{ row.due_on|date_as:"Y-m-d" }}` shows what `{{ row.due_on|date:"Y-m-d" }}`
shows (a date-time in local time), through strftime: Django's date filter looks the format up among the
language's named formats and walks it character by character, about 50 function calls a date, a few thousand on a
page of stages, acceptances and payments. Only the numeric formats below (no month or day names to translate);
any other format is Django's own filter."""

from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as django_date

register = template.Library()

STRFTIME = {"Y-m-d": "%Y-%m-%d", "m-d": "%m-%d", "Y-m-d H:i": "%Y-%m-%d %H:%M"}


@register.filter(expects_localtime=True, is_safe=False)
def date_as(value, arg):
    if value in (None, ""):
        return ""
    pattern = STRFTIME.get(arg)
    if pattern is None or not isinstance(value, date) or ("%H" in pattern and not isinstance(value, datetime)):
        return django_date(value, arg)  # another format, not a date, or a time asked of a day: as Django does
    return value.strftime(pattern)
