"""Account pages that are ours rather than django.contrib.auth's: the page shown when logins are locked out."""

from django.conf import settings
from django.shortcuts import render


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' AXES_LOCKOUT_CALLABLE: answers a login attempt (pages or admin) made while the username or the
    address is locked out, with our page and 429 Too Many Requests, in place of the login page."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
