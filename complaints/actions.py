"""The complaint page's actions, declared once (decocrm.core.actions): the handler (assign, reassign), the
investigation and the solution, its approval, the feedback to the customer, closing, marking major, the report to
management and more evidence. Each fires its transition (decocrm.core.workflow), which says who may."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decocrm.core.actions import Action, ActionSet

from . import services
from .forms import (
    AssignForm,
    CloseForm,
    DeclineForm,
    EvidenceForm,
    FeedbackForm,
    NoteForm,
    ReportForm,
    SolutionForm,
)
from .permissions import can_handle_complaint


def _of_complaint(complaint) -> dict:
    return {"complaint": complaint}


def _open_for_handler(user, complaint):
    return complaint.is_open and can_handle_complaint(user, complaint)


def _assign(complaint, by, data):
    services.complaint_assign(complaint=complaint, by=by, **data)
    return _("Handler named: the complaint's clocks are theirs.")


def _reassign(complaint, by, data):
    services.complaint_reassign(complaint=complaint, by=by, **data)
    return _("Handler changed; the customer's deadlines stay.")


def _investigate(complaint, by, data):
    services.complaint_start_investigation(complaint=complaint, by=by)
    return _("Investigation started: propose a solution within 1 working day.")


def _propose(complaint, by, data):
    complaint = services.complaint_propose_solution(complaint=complaint, by=by, **data)
    if complaint.approval:
        return _("Solution proposed: it waits for %(who)s's approval.") % {"who": complaint.get_approval_display()}
    return _("Solution proposed: feed the result back to the customer within 24 hours.")


def _approve(complaint, by, data):
    services.complaint_review_solution(complaint=complaint, by=by, approve=True, note=data["note"])
    return _("Solution approved: feed the result back to the customer within 24 hours.")


def _decline(complaint, by, data):
    services.complaint_review_solution(complaint=complaint, by=by, approve=False, note=data["note"])
    return _("Solution declined: back to the investigation.")


def _feed_back(complaint, by, data):
    services.complaint_feed_back(complaint=complaint, by=by, **data)
    return _("Result fed back to the customer.")


def _close(complaint, by, data):
    complaint = services.complaint_close(complaint=complaint, by=by, **data)
    if complaint.anonymous:
        return _("Complaint closed.")
    return _("Complaint closed: revisit the customer within 3 days.")


def _mark_major(complaint, by, data):
    services.complaint_mark_major(complaint=complaint, by=by, **data)
    return _("Marked major: management and the legal department are warned.")


def _report(complaint, by, data):
    services.complaint_report_to_management(complaint=complaint, by=by, **data)
    return _("Report to management recorded.")


def _evidence(complaint, by, data):
    services.complaint_add_evidence(complaint=complaint, by=by, files=data["files"])
    return _("Evidence added.")


_C = {"object_form_kwargs": _of_complaint}

COMPLAINT_ACTIONS = ActionSet(
    Action("assign", gettext_lazy("Name the handler"), _assign, AssignForm, transition="assign",
           icon="person-check", **_C),
    Action("investigate", gettext_lazy("Start the investigation"), _investigate, transition="start_investigation",
           icon="search"),
    Action("propose", gettext_lazy("Propose the solution"), _propose, SolutionForm, transition="propose_solution",
           icon="lightbulb"),
    Action("approve", gettext_lazy("Approve the solution"), _approve, NoteForm, transition="approve",
           icon="check2-circle", style="btn-success"),
    Action("decline", gettext_lazy("Decline the solution"), _decline, DeclineForm, transition="decline",
           icon="arrow-return-left", style="btn-outline-danger"),
    Action("feed_back", gettext_lazy("Result fed back to the customer"), _feed_back, FeedbackForm,
           transition="feed_back", icon="telephone-outbound"),
    Action("close", gettext_lazy("Close the complaint"), _close, CloseForm, transition="close",
           icon="check2-all", style="btn-success"),
    Action("report", gettext_lazy("Report to management"), _report, ReportForm, transition="report_to_management",
           icon="megaphone", style="btn-outline-danger"),
    Action("mark_major", gettext_lazy("Mark major"), _mark_major, NoteForm, transition="mark_major",
           icon="exclamation-octagon", style="btn-outline-danger"),
    Action("reassign", gettext_lazy("Change the handler"), _reassign, AssignForm, transition="reassign",
           icon="arrow-left-right", style="btn-outline-secondary", **_C),
    Action("evidence", gettext_lazy("Add evidence"), _evidence, EvidenceForm, allowed=_open_for_handler,
           icon="paperclip", style="btn-outline-secondary"),
    url="complaints:action",
    live="complaint-live",
)  # fmt: skip
