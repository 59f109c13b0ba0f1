"""Notices the system writes, in the reader's language.

A stored notice keeps its title and body as text in the company language (settings.LANGUAGE_CODE): that is what
email and the group robot send, and what a notice without a code shows. A notice written by the system also stores
a code and its parameters; the pages render it from them in the language the reader has chosen, so an English
reader does not get Chinese system text (PRODUCT.md: every UI string translatable). Each app declares its
sentences once, in its AppConfig.ready(): `register_notice_text("appeal_filed", title=..., body=...)`.

A parameter a person typed (a reason, a customer's name) is passed as is; a parameter that is a code of a choice
(a clock kind, a decision) is given a `labels` function that names it in the active language.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation


@dataclass(frozen=True)
class NoticeText:
    title: object  # a lazily translated sentence with %(name)s / %(name)d placeholders
    body: object = ""
    labels: dict[str, Callable] = field(default_factory=dict)  # parameter -> code -> label in the active language

    def render(self, params: dict) -> tuple[str, str]:
        shown = dict(params)
        for name, label in self.labels.items():
            if name in shown:
                shown[name] = label(shown[name])
        return _fill(self.title, shown), _fill(self.body, shown)


_TEXTS: dict[str, NoticeText] = {}


def register_notice_text(code: str, *, title, body="", labels: dict | None = None) -> None:
    if code in _TEXTS and _TEXTS[code].title != title:
        raise ValueError(f"notice text {code!r} is registered twice")
    _TEXTS[code] = NoticeText(title=title, body=body, labels=labels or {})


def notice(code: str, **params) -> dict:
    """The fields of a notice with this code, for notification_create_many: code, params, and the title and body in
    the company language."""
    with translation.override(settings.LANGUAGE_CODE):
        title, body = _TEXTS[code].render(params)
    return {"code": code, "params": params, "title": title[:200], "body": body}


def rendered(code: str, params, title: str, body: str) -> tuple[str, str]:
    """A stored notice's title and body in the active language; the stored text for an unknown code or bad params."""
    text = _TEXTS.get(code or "")
    if text is None or not isinstance(params, dict):
        return title, body
    try:
        shown_title, shown_body = text.render(params)
    except (KeyError, TypeError, ValueError):
        return title, body
    return shown_title[:200], shown_body


def _fill(template, params) -> str:
    return str(template) % params if template else ""
