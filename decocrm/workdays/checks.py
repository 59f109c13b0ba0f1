"""System checks: a provisional calendar for this or next year (workdays.W001) and a bad closing time (E001).

W001 reads the database, so it is tagged `database`: Django runs it on `migrate` and on
`manage.py check --database default` (plain `check`, e.g. `check --deploy`, does not touch the database).
"""

from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import timezone

from .deadlines import closing_time
from .sources import package_knows


@register()
def check_closing_time(app_configs=None, **kwargs):
    try:
        closing_time()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), hint="Leave it empty for the end of the day.", id="workdays.E001")]
    return []


def _provisional(year: int) -> bool:
    from .selectors import year_is_provisional

    try:
        return year_is_provisional(year)
    except DatabaseError:  # tables not migrated yet (the first `migrate`): nothing can be confirmed
        return not package_knows(year)


@register(Tags.database)
def check_calendar_coverage(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    today = timezone.localdate()
    return [
        Warning(
            f"The {year} working-day calendar is provisional: the installed chinesecalendar does not know {year} "
            "and no admin has confirmed it. Deadlines in that year count weekends and statutory holiday dates only.",
            hint="Upgrade chinesecalendar once it knows the year, or enter the State Council's make-up working days "
            "and extra days off as calendar overrides in the admin and confirm the year.",
            id="workdays.W001",
        )
        for year in (today.year, today.year + 1)
        if _provisional(year)
    ]
