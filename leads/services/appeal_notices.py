"""Who is told of each step of an appeal (bell, email, group robot where configured: decocrm.notifications): whoever
must act next, and both parties of a decision. Titles in the reader's language (notices.py); the bodies, which
quote what a person typed, in the company's."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from decocrm.accounts.selectors import permission_holders, team_managers

from ..choices import AppealLevel
from ..permissions import GENERAL_OFFICE_PERMISSION, QUALITY_CONTROL_PERMISSION, appeal_teams
from .notices import LeadNotice, send_notices


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


def _send(appeal, recipients, code, params, body=""):
    send_notices(recipients, code=code, params=params, url=appeal.get_absolute_url(), body=body)


def _customer(appeal) -> str:
    return appeal.collision.customer.name


def appeal_filed(appeal):
    names = {"customer": _customer(appeal), "by": appeal.by.display_name}
    managers = department_managers(appeal).values_list("pk", flat=True)
    _send(appeal, managers, LeadNotice.APPEAL_TO_DECIDE, names, appeal.reason)
    _send(appeal, [appeal.collision.owner_id], LeadNotice.APPEAL_AGAINST_YOU, names, appeal.reason)


def appeal_escalated(appeal, *, by, reason):
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(by)s: %(reason)s") % {"by": by.display_name, "reason": reason}
    actors = level_actors(appeal, appeal.level).values_list("pk", flat=True)
    _send(appeal, actors, LeadNotice.APPEAL_ESCALATED, {"customer": _customer(appeal)}, body)


def appeal_decided(appeal):
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(by)s (%(level)s): %(note)s") % {
            "by": appeal.decided_by.display_name,
            "level": appeal.level.label,
            "note": appeal.decision_note,
        }
    _send(
        appeal,
        _parties(appeal) | {appeal.collision.customer.owner_id},
        LeadNotice.APPEAL_DECIDED,
        {"customer": _customer(appeal), "decision": appeal.decision},
        body,
    )


def appeal_review_ordered(appeal, *, by, reason, previous_decider):
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(by)s: %(reason)s") % {"by": by.display_name, "reason": reason}
    actors = set(level_actors(appeal, appeal.level).values_list("pk", flat=True))
    _send(
        appeal,
        actors | {previous_decider.pk if previous_decider else None} | _parties(appeal),
        LeadNotice.APPEAL_REVIEW,
        {"customer": _customer(appeal)},
        body,
    )
