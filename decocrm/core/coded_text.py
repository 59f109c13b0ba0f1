"""System-written texts stored as a code plus parameters and rendered in the reader's language.

A service that records "proposal v1 accepted" on a row must not store the sentence: it would stay in the language
of whoever clicked. It stores a code (`proposal_accepted`) and its parameters (`{"v": 1}`); the page renders the
sentence through gettext when it is read. Each app declares its sentences once in a `CodedTexts` table; free text
a person typed is stored as typed, beside the code. A parameter that names one of a TextChoices (`choices=`) is
stored as its value and rendered as its label in the reader's language. `recognise` turns an old stored sentence
(in any configured language) back into its code and parameters, for data migrations.
"""

import re

from django.conf import settings
from django.utils import translation

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


class CodedTexts:
    def __init__(self, texts: dict, *, choices: dict | None = None):
        # code -> lazily translated sentence with %(name)s / %(name)d placeholders
        self.texts = texts
        # parameter name -> TextChoices whose value is stored and whose label is shown
        self.choices = choices or {}

    def __contains__(self, code) -> bool:
        return code in self.texts

    def render(self, code: str, params: dict | None, fallback: str = "") -> str:
        """The sentence for `code` in the active language; `fallback` for an unknown code or unusable params."""
        template = self.texts.get(code)
        if template is None:
            return fallback
        try:
            return str(template) % self._shown(params or {})
        except (KeyError, TypeError, ValueError):
            return fallback or str(template)

    def _shown(self, params: dict) -> dict:
        shown = dict(params)
        for name, choices in self.choices.items():
            if name in shown and shown[name] in choices.values:
                shown[name] = str(choices(shown[name]).label)
        return shown

    def recognise(self, text: str) -> tuple[str, dict] | None:
        """(code, params) of a sentence written earlier in any of settings.LANGUAGES, or None."""
        text = (text or "").strip()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                labels = {name: {str(c.label): c.value for c in choices} for name, choices in self.choices.items()}
                for code, template in self.texts.items():
                    match = _sentence_pattern(str(template), labels).fullmatch(text)
                    if match:
                        params = {
                            name: _stored(template, name, value, labels) for name, value in match.groupdict().items()
                        }
                        return code, params
        return None


def _sentence_pattern(template: str, labels: dict) -> re.Pattern:
    pattern, position = "", 0
    for match in _PLACEHOLDER.finditer(template):
        name = match[1]
        pattern += re.escape(template[position : match.start()])
        if name in labels:
            alternatives = "|".join(re.escape(label) for label in sorted(labels[name], key=len, reverse=True))
            pattern += rf"(?P<{name}>{alternatives})"
        else:
            pattern += rf"(?P<{name}>\d+)" if match[2] == "d" else rf"(?P<{name}>.+?)"
        position = match.end()
    return re.compile(pattern + re.escape(template[position:]), re.DOTALL)


def _stored(template, name, value, labels):
    if name in labels:
        return labels[name][value]
    return int(value) if f"%({name})d" in str(template) else value
