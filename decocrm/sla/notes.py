"""What the system says on a clock (why it was paused, cancelled, handed over…): a code plus parameters, stored on
the clock and its events and rendered in the reader's language (decocrm.core.coded_text). What a person typed goes
in `note`, as typed.

The engine's own sentences are below. A domain app declares its sentences in a CodedTexts table and registers it
from its AppConfig.ready():

    register_clock_event_texts(LEAD_CLOCK_TEXTS)   # {"lead_rejected": _("lead rejected"), ...}

then passes the code to the services: clock_cancel_all(subject=lead, code="lead_rejected"). A code belongs to one
table; the services refuse a code nobody registered, so a typo fails at once instead of showing nothing."""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from decocrm.core.coded_text import CodedTexts

RESUMED_TO_STOP = "resumed_to_stop"
RETURNED_TO_POOL = "returned_to_pool"
HANDED_OVER = "handed_over"
IN_THE_POOL = "in_the_pool"
CALENDAR_CHANGED = "calendar_changed"

SLA_CLOCK_TEXTS = CodedTexts(
    {
        RESUMED_TO_STOP: _("resumed to stop"),
        RETURNED_TO_POOL: _("returned to the pool"),
        HANDED_OVER: _("handed over to %(name)s"),
        IN_THE_POOL: _("in the pool: nobody owns it yet"),
        CALENDAR_CHANGED: _("working-day calendar changed"),
    }
)

_tables: list[CodedTexts] = [SLA_CLOCK_TEXTS]


def register_clock_event_texts(texts: CodedTexts) -> CodedTexts:
    """Add an app's sentences. Registering the same table again is a no-op; a code another table has is an error."""
    if any(table is texts for table in _tables):
        return texts
    taken = {code for table in _tables for code in table.texts}
    clashes = taken & set(texts.texts)
    if clashes:
        raise ImproperlyConfigured(f"Clock event codes registered twice: {', '.join(sorted(clashes))}")
    _tables.append(texts)
    return texts


def is_known(code: str) -> bool:
    return any(code in table for table in _tables)


def render_clock_note(code: str, params: dict | None) -> str:
    """The sentence for `code` in the active language; the bare code when no table knows it (an app removed)."""
    if not code:
        return ""
    for table in _tables:
        if code in table:
            return table.render(code, params, fallback=code)
    return code


def recognise_clock_note(text: str) -> tuple[str, dict] | None:
    """(code, params) of a sentence the system stored as text before codes existed, in any language; else None."""
    for table in _tables:
        recognised = table.recognise(text)
        if recognised:
            return recognised
    return None
