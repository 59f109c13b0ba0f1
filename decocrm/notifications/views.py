from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from decocrm.core.pagination import page_of

from .selectors import visible_notifications
from .services import notification_mark_all_read, notification_mark_read

PAGE_SIZE = 20


def notification_list(request):
    page = page_of(request, visible_notifications(request.user), PAGE_SIZE, capped=False)
    return render(request, "notifications/notification_list.html", {"page_obj": page})


@require_POST
def notification_open(request, pk):
    """Mark read, then go where the notification points (a link outside this site goes back to the list)."""
    notification = get_object_or_404(visible_notifications(request.user), pk=pk)
    notification_mark_read(notification=notification, by=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    count = notification_mark_all_read(user=request.user)
    if count:
        messages.success(
            request,
            ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
            % {"count": count},
        )
    else:
        messages.info(request, _("Nothing was unread."))
    return redirect("notifications:list")
