"""System-written texts stored as a code plus parameters and rendered in the reader's language.

A service that records "proposal v1 accepted" on a row must not store the sentence: it would stay in the language
of whoever clicked. It stores a code (`proposal_accepted`) and its parameters (`{"v": 1}`); the page renders the
sentence through gettext when it is read. Each app declares its sentences once in a `CodedTexts` table; free text
a person typed is stored as typed, beside the code. `recognise` turns an old stored sentence (in any configured
language) back into its code and parameters, for data migrations.
"""

import re

from django.conf import settings
from django.utils import translation

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


class CodedTexts:
    def __init__(self, texts: dict):
        # code -> lazily translated sentence with %(name)s / %(name)d placeholders
        self.texts = texts

    def render(self, code: str, params: dict | None, fallback: str = "") -> str:
        """The sentence for `code` in the active language; `fallback` for an unknown code or unusable params."""
        template = self.texts.get(code)
        if template is None:
            return fallback
        try:
            return str(template) % (params or {})
        except (KeyError, TypeError, ValueError):
            return fallback or str(template)

    def recognise(self, text: str) -> tuple[str, dict] | None:
        """(code, params) of a sentence written earlier in any of settings.LANGUAGES, or None."""
        text = (text or "").strip()
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                for code, template in self.texts.items():
                    match = _sentence_pattern(str(template)).fullmatch(text)
                    if match:
                        params = {
                            name: int(value) if _is_number(template, name) else value
                            for name, value in match.groupdict().items()
                        }
                        return code, params
        return None


def _sentence_pattern(template: str) -> re.Pattern:
    pattern, position = "", 0
    for match in _PLACEHOLDER.finditer(template):
        pattern += re.escape(template[position : match.start()])
        pattern += rf"(?P<{match[1]}>\d+)" if match[2] == "d" else rf"(?P<{match[1]}>.+?)"
        position = match.end()
    return re.compile(pattern + re.escape(template[position:]))


def _is_number(template, name) -> bool:
    return f"%({name})d" in str(template)
