"""One organisation is one customer: names are compared in a normalised form."""

import re
import unicodedata

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def normalize_organisation_name(name: str) -> str:
    """NFKC (full-width to half-width), case-folded, without spaces and punctuation.

    "ＡＢＣ 装饰（上海）有限公司" and "abc装饰(上海)有限公司" give the same key.
    """
    return _NOISE.sub("", unicodedata.normalize("NFKC", name or "").casefold())[:200]
