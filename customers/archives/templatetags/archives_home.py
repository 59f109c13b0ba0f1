"""The clerk's home in the admin index (templates/admin/index.html): the archive clocks due today and overdue, and
the sections other archive work registers (hooks.register_clerk_home_section: the overdue borrowings...)."""

from django import template
from django.utils.translation import gettext as _

from ..hooks import clerk_home_sections
from ..selectors import open_archive_clocks

register = template.Library()


def _rows(clocks):
    return [
        {"label": clock.subject_label, "url": clock.file_url, "due_at": clock.due_at,
         "kind": clock.get_kind_display(), "owner": clock.owner}
        for clock in clocks
    ]  # fmt: skip


@register.simple_tag(takes_context=True)
def clerk_home(context):
    """The sections of the clerk's home for this request's user, or [] for who reads no archive file."""
    request = context.get("request")
    if request is None or not request.user.has_perm("archives.view_archivefile"):
        return []
    clocks = open_archive_clocks(request.user)
    sections = [
        {"id": "archive-overdue", "title": _("Overdue"), "rows": _rows(clocks["overdue"]),
         "empty": _("Nothing is overdue.")},
        {"id": "archive-due-today", "title": _("Due today"), "rows": _rows(clocks["today"]),
         "empty": _("Nothing else is due today.")},
    ]  # fmt: skip
    return sections + clerk_home_sections(request)
