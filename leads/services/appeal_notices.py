"""Who is told of each step of an appeal (bell, email, group robot where configured: decocrm.notifications): whoever
must act next, and both parties of a decision. Titles are written in the company's language, like the SLA sweep's
(a stored notification has no reader's language yet)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import permission_holders, team_managers
from decocrm.notifications.choices import NotificationKind
from decocrm.notifications.services import notification_create_many

from ..choices import AppealLevel
from ..permissions import GENERAL_OFFICE_PERMISSION, QUALITY_CONTROL_PERMISSION, appeal_teams


def _parties(appeal) -> set:
    return {appeal.by_id, appeal.collision.owner_id} - {None}


def department_managers(appeal):
    """The department manager(s) who hear it first (leads.permissions.appeal_teams says whose), not a party."""
    return team_managers(appeal_teams(appeal)).exclude(pk__in=_parties(appeal))


def level_actors(appeal, level):
    """Everyone who may act on the appeal at `level` (AppealLevel), the parties left out."""
    if level == AppealLevel.DEPARTMENT_MANAGER:
        return department_managers(appeal)
    permission = QUALITY_CONTROL_PERMISSION if level == AppealLevel.QUALITY_CONTROL else GENERAL_OFFICE_PERMISSION
    return permission_holders(permission).exclude(pk__in=_parties(appeal))


def _send(appeal, recipients, title, body=""):
    url = appeal.get_absolute_url()
    notification_create_many(
        notifications=[
            {"recipient_id": pk, "kind": NotificationKind.GENERAL, "title": title[:200], "body": body, "url": url}
            for pk in sorted(set(recipients) - {None})
        ]
    )


def _customer(appeal) -> str:
    return appeal.collision.customer.name


def appeal_filed(appeal):
    with translation.override(settings.LANGUAGE_CODE):
        names = {"customer": _customer(appeal), "by": appeal.by.display_name}
        _send(
            appeal,
            department_managers(appeal).values_list("pk", flat=True),
            _("Appeal to decide: %(customer)s (from %(by)s)") % names,
            appeal.reason,
        )
        owner = appeal.collision.owner_id
        _send(appeal, [owner], _("%(by)s appeals against your customer %(customer)s") % names, appeal.reason)


def appeal_escalated(appeal, *, by, reason):
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            appeal,
            level_actors(appeal, appeal.level).values_list("pk", flat=True),
            _("Appeal escalated to you: %(customer)s") % {"customer": _customer(appeal)},
            _("%(by)s: %(reason)s") % {"by": by.display_name, "reason": reason},
        )


def appeal_decided(appeal):
    with translation.override(settings.LANGUAGE_CODE):
        _send(
            appeal,
            _parties(appeal) | {appeal.collision.customer.owner_id},
            _("Appeal decided: %(customer)s, %(decision)s")
            % {"customer": _customer(appeal), "decision": appeal.get_decision_display()},
            _("%(by)s (%(level)s): %(note)s")
            % {"by": appeal.decided_by.display_name, "level": appeal.level.label, "note": appeal.decision_note},
        )


def appeal_review_ordered(appeal, *, by, reason, previous_decider):
    with translation.override(settings.LANGUAGE_CODE):
        actors = set(level_actors(appeal, appeal.level).values_list("pk", flat=True))
        _send(
            appeal,
            actors | {previous_decider.pk if previous_decider else None} | _parties(appeal),
            _("Review ordered: the appeal on %(customer)s is to be decided again") % {"customer": _customer(appeal)},
            _("%(by)s: %(reason)s") % {"by": by.display_name, "reason": reason},
        )
