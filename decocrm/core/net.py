"""The client's network address as this site should believe it, for login throttling (django-axes) and anything
else that keys on "who is asking".

X-Forwarded-For is written by whoever sends the request, so it is believed only as far as our own reverse proxies
wrote it: with TRUSTED_PROXY_COUNT = N (0 by default: no proxy, the header is ignored) each of our N proxies appended
the address it received the request from, so the N-th entry from the right is the address the outermost of them saw —
the client. Anything left of it may be forged. A missing, short or malformed header falls back to REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
