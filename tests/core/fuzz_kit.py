"""The parts of the parameter fuzzer (tests/core/test_fuzz_parameters.py): the URL conf walked for every route,
HTML read for the links and forms a page offers, and extreme values to put in them.

Nothing here knows an app: routes come from the URL conf, their path arguments from the links the pages show
(or from a route whose links carry the same argument names), their parameters and fields from the forms the pages
render (with each input's type, so dates get extreme dates and numbers extreme numbers). A new app's pages are
fuzzed as soon as they are routed and reachable from a page of the demo world.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

HUGE = "9223372036854775807"  # PostgreSQL's largest bigint: one more overflows, and so does HUGE × 25 in a LIMIT
EXTREMES = [
    HUGE,
    "9223372036854775808",
    "-9223372036854775809",
    "-1",
    "0",
    "1e400",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "2026-02-30",
    "x" * 10_000,
    "\x00",
    "a\x00b",
    "😀 测试 \u202e\u200b",
    "",
    " ",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../../etc/passwd",
    "https://evil.example/",
]
# Tried one by one (the rest of the form plausible) for inputs of these types: the values that broke pages before.
TYPED_EXTREMES = {
    "date": ["0001-01-01", "9999-12-31", "0001-01-01T00:00", "1e400"],
    "datetime-local": ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01", "2026-02-30T25:61"],
    "number": [HUGE, "-9223372036854775809", "-1", "1e400"],
}
OTHER_EXTREMES = ["x" * 10_000, "a\x00b", "9223372036854775808"]  # any other input: too long, a NUL, not an id
# Parameters every list may read though no form declares them, with the input type they would have.
STANDARD_PARAMS = {"page": "number", "q": "search", "sort": "text", "o": "text", "export": "text"}


@dataclass(frozen=True)
class Route:
    """One named route of the URL conf: `view_name` as reverse() takes it, and its path arguments."""

    view_name: str
    kwargs: tuple


def iter_routes(resolver=None, namespace=""):
    """Every named route, walking included URL confs recursively (so a new app's urls.py is found)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_routes(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}{entry.name}", tuple(sorted(entry.pattern.regex.groupindex)))


def resolved(path):
    """(view name, kwargs) of a local path, or None for a path no route serves."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def local_path(url):
    """(path, [(name, value)…]) of a same-site URL, or None for another site."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return None
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


@dataclass
class Field:
    kind: str  # the input's type (text, date, number, checkbox…), "select" or "textarea"
    offered: list = field(default_factory=list)  # values the page offers: options, a checkbox's value, the current


@dataclass
class Form:
    method: str
    action: str
    fields: dict = field(default_factory=dict)  # name -> Field
    files: set = field(default_factory=set)


class PageReader(HTMLParser):
    """Links (href, hx-get), hx-post buttons and forms (their fields, types and offered values) of one page."""

    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.links, self.posts, self.forms = set(), set(), []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in ("href", "hx-get"):
            if a.get(attr) and not a[attr].startswith(("#", "javascript:", "mailto:", "tel:")):
                self.links.add(urljoin(self.base, a[attr]))
        if a.get("hx-post") and tag != "form":
            self.posts.add(urljoin(self.base, a["hx-post"]))
        if tag == "form":
            method = (a.get("method") or ("post" if a.get("hx-post") else "get")).upper()
            self._form = Form(method, urljoin(self.base, a.get("hx-post") or a.get("action") or self.base))
            self.forms.append(self._form)
        elif self._form is not None and a.get("name") and tag in ("input", "select", "textarea", "button"):
            self._field(tag, a)
        if tag == "option" and self._select is not None and a.get("value"):
            self._select.offered.append(a["value"])

    def _field(self, tag, a):
        name = a["name"]
        if name == "csrfmiddlewaretoken":
            return
        kind = tag if tag in ("select", "textarea") else (a.get("type") or "text").lower()
        if kind == "text" and "date" in (a.get("class") or "").lower():  # a date picker on a text input (the admin)
            kind = "date"
        if kind == "file":
            self._form.files.add(name)
            return
        info = self._form.fields.setdefault(name, Field(kind))
        if a.get("value"):
            info.offered.append(a["value"])
        if tag == "select":
            self._select = info
        elif tag == "textarea":
            self._textarea = info

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea.offered.append(data.strip())


def guess_kind(info: Field) -> Field:
    """A parameter learned from links has no input type: numbers and dates are told by the values offered."""
    values = [v for v in info.offered if v]
    if info.kind == "text" and values:
        if all(v.isdigit() for v in values):
            return Field("number", info.offered)
        if all(len(v) == 10 and v[4] == v[7] and v[4] in "-/" for v in values):
            return Field("date", info.offered)
    return info


def read_page(base, html):
    reader = PageReader(base)
    reader.feed(html)
    return reader


class Values:
    """Seeded choices of what to put in a parameter."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def plausible(self, info: Field):
        """A value the form would accept, so that one extreme field at a time reaches the service behind it."""
        if info.offered:
            return self.rng.choice(info.offered)
        now = timezone.localtime() - timedelta(hours=1)
        return {
            "date": now.date().isoformat(),
            "datetime-local": now.strftime("%Y-%m-%dT%H:%M"),
            "number": "1",
            "email": "fuzz@example.com",
            "tel": "13800138000",
        }.get(info.kind, "测试")

    def extreme(self, info: Field | None = None):
        if info is not None and info.offered and self.rng.random() < 0.2:
            return self.rng.choice(info.offered)
        return self.rng.choice(EXTREMES)

    def extremes_for(self, info: Field, *, typed_only=False):
        """The values to try one by one in this field: its type's extremes, else (unless typed_only) the others."""
        return TYPED_EXTREMES.get(info.kind) or ([] if typed_only else OTHER_EXTREMES)

    def all_extreme(self, fields: dict):
        """Every field extreme at once: sometimes two values, sometimes left out."""
        data = {}
        for name, info in fields.items():
            roll = self.rng.random()
            if roll < 0.1:
                continue
            data[name] = [self.extreme(info), self.extreme(info)] if roll < 0.2 else self.extreme(info)
        return data

    def one_extreme(self, fields: dict, name, value):
        """Every field plausible but `name`, which gets `value`."""
        data = {other: self.plausible(info) for other, info in fields.items() if other != name}
        data[name] = value
        return data
