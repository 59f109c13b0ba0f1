"""Print a deadline: `python manage.py workdays 2026-09-30 --add 3` -> 2026-10-10 23:59:59+08:00."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decocrm.workdays.choices import DurationUnit
from decocrm.workdays.deadlines import deadline_after


def _start(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(
            f"Start must be a date or date-time like 2026-09-30 or 2026-09-30T10:00, not {value!r}."
        ) from exc
    if timezone.is_naive(parsed):  # a date, or a date-time without offset: company local time
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


class Command(BaseCommand):
    help = (
        "Print the deadline N units after a start (a local date or date-time) on the company calendar. "
        "Working days: the end of the Nth working day after the start's date (see README, Working-day calendar)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "start", help="Start: 2026-09-30 or 2026-09-30T10:00 (local time unless an offset is given)."
        )
        parser.add_argument("--add", type=int, required=True, help="How many units (0 or more).")
        parser.add_argument(
            "--unit", choices=DurationUnit.values, default=DurationUnit.WORKING_DAYS, help="Default: working_days."
        )

    def handle(self, *args, start, add, unit, **options):
        if add < 0:
            raise CommandError("--add must be 0 or more.")
        try:
            deadline = deadline_after(_start(start), add, unit)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        line = deadline.at.isoformat(sep=" ", timespec="seconds")
        if deadline.provisional:
            line += "  provisional (a year on the way is not confirmed; see the calendar admin)"
        self.stdout.write(line)
