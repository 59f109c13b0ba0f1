"""Group-robot webhooks (WeCom 企业微信 / DingTalk 钉钉): message formatting and one HTTP POST, standard library only.

Both robots accept at most 20 messages a minute, so a delivery run sends a digest: the notifications it delivers
are grouped into as few markdown messages as their size limit allows.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WECOM = "wecom"
DINGTALK = "dingtalk"
WEBHOOK_KINDS = (WECOM, DINGTALK)

TIMEOUT_SECONDS = 10
# WeCom's markdown content is limited to 4096 bytes (UTF-8); DingTalk's is larger. Keep a margin for the header.
MAX_CONTENT_BYTES = 3800
MAX_ITEMS_PER_MESSAGE = 20
MAX_BODY_CHARS = 200


class WebhookError(Exception):
    """The robot did not accept the message (network error, HTTP error, or an errcode in its JSON answer)."""


@dataclass
class DigestItem:
    """One line of a digest: identical notices to several recipients (owner and manager) are shown once."""

    kind_label: str
    title: str
    body: str
    link: str
    recipients: list[str] = field(default_factory=list)
    notification_ids: list[int] = field(default_factory=list)

    def markdown(self) -> str:
        title = " ".join(self.title.split())
        lines = [f"**{self.kind_label}** {title}"]
        body = " ".join(self.body.split())
        if body:
            lines.append("> " + (body if len(body) <= MAX_BODY_CHARS else body[: MAX_BODY_CHARS - 1] + "…"))
        if self.recipients:
            lines.append("> " + _("To: %(names)s") % {"names": ", ".join(self.recipients)})
        if self.link:
            lines.append(f"[{_('Open in DecoCRM')}]({self.link})")
        return "\n".join(lines)


def _header(count: int) -> str:
    return ngettext("DecoCRM: %(count)d notice", "DecoCRM: %(count)d notices", count) % {"count": count}


def chunk_digest(items: list[DigestItem]) -> list[list[DigestItem]]:
    """Split items into messages that each fit the robots' size limit (an oversized single item is cut later)."""
    chunks, current, size = [], [], 0
    for item in items:
        item_size = len(item.markdown().encode()) + 2
        if current and (size + item_size > MAX_CONTENT_BYTES or len(current) >= MAX_ITEMS_PER_MESSAGE):
            chunks.append(current)
            current, size = [], 0
        current.append(item)
        size += item_size
    if current:
        chunks.append(current)
    return chunks


def build_payload(kind: str, items: list[DigestItem]) -> dict:
    """The JSON body for one message: WeCom `markdown.content`, DingTalk `markdown.title` + `markdown.text`."""
    title = " ".join(items[0].title.split()) if len(items) == 1 else _header(len(items))
    text = "\n\n".join(item.markdown() for item in items)
    if len(items) > 1:
        text = f"### {title}\n\n{text}"
    encoded = text.encode()
    if len(encoded) > MAX_CONTENT_BYTES:
        text = encoded[: MAX_CONTENT_BYTES - 3].decode(errors="ignore") + "…"
    if kind == DINGTALK:
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msgtype": "markdown", "markdown": {"content": text}}


def signed_url(url: str, secret: str, *, now_ms: int | None = None) -> str:
    """DingTalk's optional "加签" security: append timestamp and HMAC-SHA256 signature to the URL."""
    timestamp = str(now_ms if now_ms is not None else int(time.time() * 1000))
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def post(payload: dict) -> None:
    """POST one message to settings.NOTIFICATION_WEBHOOK_URL; raise WebhookError unless the robot accepted it.

    Both robots answer HTTP 200 with {"errcode": 0, "errmsg": "ok"} on success and a non-zero errcode (e.g.
    45009 rate limit, 310000 signature/keyword mismatch) on refusal, often still with HTTP 200.
    """
    url = settings.NOTIFICATION_WEBHOOK_URL
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise WebhookError("NOTIFICATION_WEBHOOK_URL must be an http(s) URL")
    if settings.NOTIFICATION_WEBHOOK_KIND == DINGTALK and settings.NOTIFICATION_WEBHOOK_SECRET:
        url = signed_url(url, settings.NOTIFICATION_WEBHOOK_SECRET)
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        raise WebhookError(f"HTTP {error.code}") from error
    except (OSError, ValueError) as error:  # URLError, timeouts, refused connections
        raise WebhookError(f"{type(error).__name__}: {getattr(error, 'reason', error)}") from error
    try:
        answer = json.loads(raw or b"{}")
    except ValueError as error:
        raise WebhookError(f"not a JSON answer: {raw[:200]!r}") from error
    errcode = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if errcode != 0:
        raise WebhookError(f"errcode {errcode}: {answer.get('errmsg', '')}"[:500])
