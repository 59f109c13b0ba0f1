"""Mainland China phone numbers in one canonical form, so that one number is one customer.

Canonical form (what `Customer.phone` stores):
- mobile: "+86" and the 11 digits, no separators:            "+8613812345678"
- landline: "+86-<area code without the trunk 0>-<number>":   "+86-21-12345678", "+86-755-1234567"
- landline with an extension: the extension after one more dash: "+86-10-12345678-8001"

`phone_digits(canonical)` gives the national digits as people dial them inside China ("13812345678",
"02112345678"; no extension): the column that partial-number search runs on.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ALLOWED = re.compile(r"^[0-9\s\-()+.]*$")
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})\s*$", re.IGNORECASE)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area codes: 010 and 02x are three digits with the trunk 0, all others four (0755, 0571 ...).
# Local numbers have 7 or 8 digits and never start with 0.
_LANDLINE = re.compile(r"^0(10|2\d|[3-9]\d{2})([1-9]\d{6,7})$")


def _invalid(message):
    return ValidationError(message, code="invalid_phone")


def _split_extension(text):
    match = _EXTENSION.search(text)
    if match:
        return text[: match.start()], match.group(1)
    return text, ""


def _strip_country_code(text):
    """Remove +86 / 0086 / 86 before a national number; other country codes are refused."""
    compact = re.sub(r"[\s\-().]", "", text)
    if compact.startswith("+"):
        if not compact.startswith("+86"):
            raise _invalid(_("Only mainland China numbers (+86) are accepted."))
        return compact[3:], True
    if compact.startswith("0086"):
        return compact[4:], True
    if compact.startswith("86") and len(compact) == 13 and _MOBILE.match(compact[2:]):
        return compact[2:], True
    return compact, False


def normalize_phone(raw: str) -> str:
    """The canonical form of a mainland mobile or landline number; ValidationError with a clear message otherwise."""
    text = (raw or "").strip().replace("－", "-").replace("（", "(").replace("）", ")").replace("＋", "+")
    if not text:
        raise _invalid(_("Enter a phone number."))
    text, extension = _split_extension(text)
    if not _ALLOWED.match(text):
        raise _invalid(_("A phone number may contain only digits, spaces, dashes, brackets and a leading +."))
    groups = [g for g in re.split(r"[\s\-().]+", text.replace("+", " ")) if g]
    digits, international = _strip_country_code(text)
    if international:
        digits = digits.removeprefix("0")  # "+86 (0)21 ..." is written by some
        if digits and not _MOBILE.match(digits):
            digits = "0" + digits  # back to the national form of a landline: 21... -> 021...
    if _MOBILE.match(digits):
        if extension:
            raise _invalid(_("A mobile number has no extension."))
        return "+86" + digits
    landline = _LANDLINE.match(digits)
    if landline is None and not extension and len(groups) >= 3 and len(groups[-1]) <= 6:
        # "010-12345678-8001": the last group is an extension when the rest is a whole landline.
        extension = groups[-1]
        landline = _LANDLINE.match(digits[: -len(extension)])
    if landline is not None:
        area, number = landline.groups()
        return f"+86-{area}-{number}" + (f"-{extension}" if extension else "")
    if not digits.startswith(("0", "1")) and len(digits) in (7, 8):
        raise _invalid(_("Add the area code to a landline number, e.g. 021-12345678."))
    if digits.startswith("1"):
        raise _invalid(_("A mobile number has 11 digits and starts with 13 to 19."))
    raise _invalid(_("Enter a mainland mobile number (11 digits) or a landline with its area code, e.g. 0755-1234567."))


def phone_digits(canonical: str) -> str:
    """National digits of a canonical number, without the extension ("" for "")."""
    if not canonical:
        return ""
    if canonical.startswith("+86-"):
        _country, area, number, *_ext = canonical.split("-")
        return f"0{area}{number}"
    return canonical.removeprefix("+86")


def mask_phone(canonical: str) -> str:
    """For the pool and for staff who may not see the number: 138****5678, 021-****5678."""
    digits = phone_digits(canonical)
    if not digits:
        return ""
    if canonical.startswith("+86-"):
        area = canonical.split("-")[1]
        return f"0{area}-****{digits[-4:]}"
    return f"{digits[:3]}****{digits[-4:]}"


def phone_as_shown(canonical: str, *, owned: bool) -> str:
    """The one rule for showing a customer's phone: in full once someone owns the record (customer or lead),
    masked (138****5678) while it waits in the pool."""
    return canonical if owned else mask_phone(canonical)


def search_digits(query: str) -> str:
    """The digits of a search box entry, as they would appear in `phone_digits` ("+86 138 1234" -> "1381234")."""
    digits = re.sub(r"\D", "", query or "")
    if (query or "").strip().startswith(("+86", "0086")):
        digits = digits.removeprefix("00").removeprefix("86")
    return digits
