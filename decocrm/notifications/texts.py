"""Notices rendered in the reader's language: a notification may carry a code and parameters (decocrm.core.coded_text)
beside its stored title. The bell renders the code's sentence in the language of whoever reads it; the stored title
(written in the company language when the notice is made) is what email and the group robot send, and what is shown
when no table knows the code any more.

A domain app declares its sentences once and registers the table from its AppConfig.ready():

    register_notification_texts(LEAD_NOTICE_TEXTS)   # {"lead_assigned_to_you": _("Lead %(customer)s is yours…")}

then creates notifications with `code` and `params` (services.notification_create_many renders the title itself
when none is given)."""

from django.core.exceptions import ImproperlyConfigured

from decocrm.core.coded_text import CodedTexts

_tables: list[CodedTexts] = []


def register_notification_texts(texts: CodedTexts) -> CodedTexts:
    """Add an app's sentences. Registering the same table again is a no-op; a code another table has is an error."""
    if any(table is texts for table in _tables):
        return texts
    clashes = {code for table in _tables for code in table.texts} & set(texts.texts)
    if clashes:
        raise ImproperlyConfigured(f"Notification codes registered twice: {', '.join(sorted(clashes))}")
    _tables.append(texts)
    return texts


def is_known(code: str) -> bool:
    return any(code in table for table in _tables)


def render_notice(code: str, params: dict | None, fallback: str = "") -> str:
    """The sentence for `code` in the active language; `fallback` (the stored title) when no table knows it."""
    for table in _tables:
        if code and code in table:
            return table.render(code, params, fallback=fallback)
    return fallback
