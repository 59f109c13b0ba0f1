"""Reads of the logs, scoped: company managers (and superusers) read every entry, a team manager the entries of their
team's staff and their own, nobody else any."""

from decocrm.accounts.selectors import is_manager
from decocrm.core.scopes import Scope

from .models import AccessLog, ExportLog

LOG_SCOPE = Scope(owner="user", team="user__team")


def can_read_logs(user) -> bool:
    return is_manager(user)


def visible_export_logs(user):
    if not can_read_logs(user):
        return ExportLog.objects.none()
    return LOG_SCOPE.filter(ExportLog.objects.select_related("user"), user)


def visible_access_logs(user):
    if not can_read_logs(user):
        return AccessLog.objects.none()
    return LOG_SCOPE.filter(AccessLog.objects.select_related("user", "content_type"), user)
