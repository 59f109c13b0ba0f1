from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register

from .webhooks import WEBHOOK_KINDS


@register()
def check_webhook_settings(app_configs=None, **kwargs):
    errors = []
    if settings.NOTIFICATION_WEBHOOK_KIND not in WEBHOOK_KINDS:
        errors.append(
            Error(
                f"NOTIFICATION_WEBHOOK_KIND is {settings.NOTIFICATION_WEBHOOK_KIND!r}.",
                hint=f"Use one of: {', '.join(WEBHOOK_KINDS)}.",
                id="notifications.E001",
            )
        )
    url = settings.NOTIFICATION_WEBHOOK_URL
    if url and urlsplit(url).scheme not in ("http", "https"):
        errors.append(
            Error(
                "NOTIFICATION_WEBHOOK_URL is not an http(s) URL.",
                hint="Paste the robot's webhook address, e.g. https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...",
                id="notifications.E002",
            )
        )
    return errors
