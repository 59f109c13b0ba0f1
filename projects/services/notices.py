"""Who is told of a project's schedule and of its project manager (bell, email, group robot where configured:
decocrm.notifications): a filed schedule goes to those who may review it (the managers of the project's team and the
company-wide managers, projects.permissions.can_manage_project); an approved or returned schedule to the project
manager; a project manager named (or changed) to the new one and the one replaced. The person who did it is not told
of what they did. Notices are stored in the event's transaction (a rolled-back event tells nobody) and delivered
after it commits; the dedupe key (the event and the recipient) tells each person once."""

from django.utils.translation import gettext_lazy as _

from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many
from decocrm.notifications.texts import notice, register_notice_text

from ..selectors import schedule_reviewers


class ProjectNotice:
    SCHEDULE_FILED = "project_schedule_filed"
    SCHEDULE_APPROVED = "project_schedule_approved"
    SCHEDULE_RETURNED = "project_schedule_returned"
    MANAGER_YOU = "project_manager_you"
    MANAGER_NO_LONGER = "project_manager_no_longer"


PROJECT_NOTICE_TEXTS = {
    ProjectNotice.SCHEDULE_FILED: _("%(by)s filed the schedule of %(customer)s for your review"),
    ProjectNotice.SCHEDULE_APPROVED: _("%(by)s approved your schedule of %(customer)s: work may start"),
    ProjectNotice.SCHEDULE_RETURNED: _("%(by)s returned your schedule of %(customer)s"),
    ProjectNotice.MANAGER_YOU: _("%(by)s made you the project manager of %(customer)s"),
    ProjectNotice.MANAGER_NO_LONGER: _("You are no longer the project manager of %(customer)s (now %(to)s)"),
}


def register_project_notice_texts():
    for code, title in PROJECT_NOTICE_TEXTS.items():
        # the body is what the person who made the change wrote (a note), shown as typed
        register_notice_text(code, title=title, body="%(note)s")


def _name(user) -> str:
    return user.display_name if user is not None else ""


def send_project_notices(project, code, recipients, *, by, key, note="", to=None) -> int:
    """One notice `code` to each recipient (ids; the person who did it, None and repeats left out)."""
    params = {"customer": project.customer.name, "by": _name(by), "to": _name(to), "note": note}
    text = notice(code, **params)
    url = project.get_absolute_url()
    return notification_create_many(
        notifications=[
            {
                **text,
                "recipient_id": pk,
                "kind": NotificationKind.GENERAL,
                "url": url,
                "dedupe_key": f"{key}:{code}:{pk}",
            }
            for pk in sorted(set(recipients) - {None, getattr(by, "pk", None)})
        ]
    )


def schedule_filed_notices(project, transition, *, by) -> int:
    reviewers = schedule_reviewers(project).values_list("pk", flat=True)
    return send_project_notices(
        project, ProjectNotice.SCHEDULE_FILED, reviewers, by=by, key=f"project-transition:{transition.pk}"
    )


def schedule_reviewed_notices(project, transition, *, by, approved: bool) -> int:
    code = ProjectNotice.SCHEDULE_APPROVED if approved else ProjectNotice.SCHEDULE_RETURNED
    key = f"project-transition:{transition.pk}"
    return send_project_notices(project, code, [project.manager_id], by=by, key=key, note=transition.note)


def manager_changed_notices(project, *, previous, by, at) -> int:
    """The new project manager, and the one replaced (the change is keyed by the project, the new PM and when)."""
    new = project.manager
    key = f"project-manager:{project.pk}:{new.pk}:{at.isoformat()}"
    told = send_project_notices(project, ProjectNotice.MANAGER_YOU, [new.pk], by=by, key=key)
    if previous is not None and previous != new:
        told += send_project_notices(project, ProjectNotice.MANAGER_NO_LONGER, [previous.pk], by=by, key=key, to=new)
    return told
