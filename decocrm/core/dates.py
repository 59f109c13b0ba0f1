"""Sane windows for the dates and times people type (ENGINEERING.md rule 9: every date a user types is checked
against a sane window, in the form and in the service).

Why: a date far outside the company's life is always a slip of the keyboard, and some do lasting harm.
`0001-01-01T00:00` in Asia/Shanghai is a BC timestamp in UTC: PostgreSQL stores it and Python cannot read it back
("year -1 is out of range"), so every page that shows the row answers 500, for everyone, for good. `9999-12-31`
overflows as soon as a day is added to it (the end of a date filter).

One declaration per kind of date, used the same way everywhere:

- forms: `WindowedDateTimeField(window=APPOINTMENT)`, `WindowedDateTimeField(happened=True)`,
  `WindowedDateField(window=PLAN_DATE)`; `DateWindowsFormMixin` for forms that edit a stored record (the admin);
  `WindowedDateFilter` in a django-filter FilterSet;
- services: `APPOINTMENT.check(value, field="scheduled_at", label=_("Time"), now=at)`, which raises a
  ValidationError keyed by the field (views put it under the field: core.actions.add_service_errors), and
  `check_happened(value, ...)` for events.

The windows:

- APPOINTMENT: something planned (an appointment, a visit): from a year before the moment of booking to two years
  after it;
- EVENT (check_happened): something that happened (a contact, a visit held, a proposal delivered): not in the
  future (CLOCK_SKEW allowed) and not before the record it belongs to existed (`not_before=`), nor before FLOOR;
- PLAN_DATE: a customer's planning date (expected start): ten years back to ten years ahead;
- FILTER_DATE: a date typed into a report or list filter: FLOOR to ten years ahead.

FLOOR (2000-01-01) is older than anything this company keeps.
"""

from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

FLOOR = date(2000, 1, 1)
CLOCK_SKEW = timedelta(minutes=10)  # an event "now" on a phone whose clock runs a little fast is still now


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _years_from(moment: datetime, years: int) -> datetime:
    """The same local day and time `years` later (or earlier); 29 February becomes the 28th."""
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + years)
    except ValueError:
        return local.replace(year=local.year + years, day=28)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _shown(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(_aware(value)).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _label(label) -> str:
    return str(label or _("This date"))


class DateWindow:
    """The believable range of one kind of date, relative to the moment it is typed: `years_back` before and
    `years_ahead` after it (None: back to FLOOR), never before FLOOR. Dates and datetimes are both checked (a date
    by its day)."""

    def __init__(self, *, years_back: int | None, years_ahead: int, floor: date = FLOOR):
        self.years_back, self.years_ahead, self.floor = years_back, years_ahead, floor

    def bounds(self, now=None) -> tuple[datetime, datetime]:
        now = now or timezone.now()
        lower = _start_of(self.floor)
        if self.years_back is not None:
            lower = max(lower, _years_from(now, -self.years_back))
        return lower, _years_from(now, self.years_ahead)

    def error(self, value, *, label=None, now=None) -> str | None:
        """The message for a value outside the window, or None when it is inside."""
        lower, upper = self.bounds(now)
        if isinstance(value, datetime):
            inside = lower <= _aware(value) <= upper
            shown = (_shown(lower), _shown(upper))
        else:
            low, high = timezone.localtime(lower).date(), timezone.localtime(upper).date()
            inside = low <= value <= high
            shown = (low.isoformat(), high.isoformat())
        if inside:
            return None
        return _("%(field)s must be between %(start)s and %(end)s.") % {
            "field": _label(label),
            "start": shown[0],
            "end": shown[1],
        }

    def check(self, value, *, field: str, label=None, now=None):
        """For services: a ValidationError under `field` when `value` (if given) is outside the window."""
        if value is None:
            return
        message = self.error(value, label=label, now=now)
        if message:
            raise ValidationError({field: message}, code="date_window")


APPOINTMENT = DateWindow(years_back=1, years_ahead=2)
PLAN_DATE = DateWindow(years_back=10, years_ahead=10)
FILTER_DATE = DateWindow(years_back=None, years_ahead=10)


def happened_error(value, *, label=None, not_before=None, since=None, now=None) -> str | None:
    """The message for an event time that cannot be true, or None. `not_before`: when the record it belongs to
    came into being (e.g. the lead's entry); `since` says what that was ("the lead was entered")."""
    now = now or timezone.now()
    if isinstance(value, datetime):
        value = _aware(value)
        floor = _start_of(FLOOR)
        future = value > now + CLOCK_SKEW
    else:
        floor = FLOOR
        future = value > timezone.localtime(now).date()
    if future:
        return _("%(field)s cannot be in the future.") % {"field": _label(label)}
    if value < floor:
        return _("%(field)s cannot be before %(floor)s.") % {"field": _label(label), "floor": FLOOR.isoformat()}
    if not_before is not None:
        limit = not_before if isinstance(value, datetime) else timezone.localtime(not_before).date()
        # Minutes, not microseconds: "entered at 10:00:30, contacted at 10:00" (typed to the minute) is true.
        if value < limit - timedelta(minutes=1):
            return _("%(field)s cannot be before %(when)s, when %(since)s.") % {
                "field": _label(label),
                "when": _shown(limit),
                "since": since or _("the record was created"),
            }
    return None


def check_happened(value, *, field: str, label=None, not_before=None, since=None, now=None):
    """For services: a ValidationError under `field` when an event's time is in the future or before what it
    belongs to existed."""
    if value is None:
        return
    message = happened_error(value, label=label, not_before=not_before, since=since, now=now)
    if message:
        raise ValidationError({field: message}, code="date_window")


# --- Form fields


class _Windowed:
    """A date or datetime form field whose value must fall in `window` (a DateWindow) or, with window=None and
    happened=True, be an event that already happened. The message names the field by its label."""

    def __init__(self, *args, window: DateWindow | None = None, happened: bool = False, **kwargs):
        if (window is None) == (not happened):
            raise TypeError("give a window, or happened=True")
        self.window, self.happened = window, happened
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if value in self.empty_values:
            return
        if self.happened:
            message = happened_error(value, label=self.label)
        else:
            message = self.window.error(value, label=self.label)
        if message:
            raise ValidationError(message, code="date_window")


class WindowedDateTimeField(_Windowed, forms.DateTimeField):
    pass


class WindowedDateField(_Windowed, forms.DateField):
    pass


class DateWindowsFormMixin:
    """For forms that edit a stored record (e.g. a ModelForm in the admin): `date_windows = {"field": WINDOW}`
    checks each listed date when it was changed, so a record whose date has since aged out of the window can
    still be saved with its other fields changed."""

    date_windows: dict = {}

    def clean(self):
        cleaned = super().clean()
        for name, window in self.date_windows.items():
            value = cleaned.get(name)
            if value not in (None, "") and name in self.changed_data:
                message = window.error(value, label=self.fields[name].label)
                if message:
                    self.add_error(name, message)
        return cleaned


class WindowedDateFilter(django_filters.DateFilter):
    """A list filter's date, within FILTER_DATE (9999-12-31 would overflow the end of the day)."""

    field_class = WindowedDateField

    def __init__(self, *args, window: DateWindow = FILTER_DATE, **kwargs):
        kwargs.setdefault("window", window)
        super().__init__(*args, **kwargs)
