"""Who is told of each step of an appeal (bell, email, group robot where configured: decocrm.notifications): whoever
must act next, and both parties of a decision. Each notice is a coded text (decocrm.notifications.texts): stored in
the company language for email and the robot, shown on the pages in the reader's."""

from django.utils.translation import gettext_lazy as _

from decocrm.accounts.selectors import permission_holders, team_managers
from decocrm.notifications.texts import register_notice_text

from ..choices import AppealDecision, AppealLevel
from ..permissions import GENERAL_OFFICE_PERMISSION, QUALITY_CONTROL_PERMISSION, appeal_teams
from .notices import send_notices


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


def register_appeal_notice_texts():
    register_notice_text("appeal_filed", title=_("Appeal to decide: %(customer)s (from %(by)s)"), body="%(reason)s")
    register_notice_text(
        "appeal_against_you", title=_("%(by)s appeals against your customer %(customer)s"), body="%(reason)s"
    )
    register_notice_text(
        "appeal_escalated", title=_("Appeal escalated to you: %(customer)s"), body=_("%(by)s: %(reason)s")
    )
    register_notice_text(
        "appeal_review_ordered",
        title=_("Review ordered: the appeal on %(customer)s is to be decided again"),
        body=_("%(by)s: %(reason)s"),
    )
    register_notice_text(
        "appeal_decided",
        title=_("Appeal decided: %(customer)s, %(decision)s"),
        body=_("%(by)s (%(level)s): %(note)s"),
        labels={"decision": lambda v: str(AppealDecision(v).label), "level": lambda v: str(AppealLevel(v).label)},
    )


def _send(appeal, recipients, code, **params):
    send_notices(recipients, code, url=appeal.get_absolute_url(), **params)


def _customer(appeal) -> str:
    return appeal.collision.customer.name


def appeal_filed(appeal):
    names = {"customer": _customer(appeal), "by": appeal.by.display_name, "reason": appeal.reason}
    _send(appeal, department_managers(appeal).values_list("pk", flat=True), "appeal_filed", **names)
    _send(appeal, [appeal.collision.owner_id], "appeal_against_you", **names)


def appeal_escalated(appeal, *, by, reason):
    _send(
        appeal,
        level_actors(appeal, appeal.level).values_list("pk", flat=True),
        "appeal_escalated",
        customer=_customer(appeal),
        by=by.display_name,
        reason=reason,
    )


def appeal_decided(appeal):
    _send(
        appeal,
        _parties(appeal) | {appeal.collision.customer.owner_id},
        "appeal_decided",
        customer=_customer(appeal),
        decision=appeal.decision,
        by=appeal.decided_by.display_name,
        level=int(appeal.level),
        note=appeal.decision_note,
    )


def appeal_review_ordered(appeal, *, by, reason, previous_decider):
    actors = set(level_actors(appeal, appeal.level).values_list("pk", flat=True))
    _send(
        appeal,
        actors | {previous_decider.pk if previous_decider else None} | _parties(appeal),
        "appeal_review_ordered",
        customer=_customer(appeal),
        by=by.display_name,
        reason=reason,
    )
