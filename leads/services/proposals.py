"""Design proposals: versions with quotes and files, delivered to the customer, answered (accepted -> 方案已接受 /
待签约; the lead is won when the contract is signed: lifecycle.lead_mark_won)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from decocrm.sla.choices import ClockKind
from decocrm.sla.services import clock_stop

from ..choices import (
    LeadState,
    ProposalResponse,
    TransitionEvent,
)
from ..models import (
    DesignProposal,
    Lead,
    ProposalFile,
)
from ..uploads import PROPOSAL_FILES
from .common import (
    LeadStateError,
    apply_transition,
    check_event_time,
    refresh_next_due,
)
from .design import _save_lead, _screened, _workable


@transaction.atomic
def proposal_add(
    *,
    lead: Lead,
    by,
    style: str,
    quote_amount,
    construction_days: int,
    layout_notes: str = "",
    material_list: str = "",
    files=(),
    at=None,
) -> DesignProposal:
    """Prepare the next version of the design proposal (v1, v2, …). One undelivered version at a time; none
    after the customer accepted one. `files`: [(kind, upload)] or uploads (renderings)."""
    at = at or timezone.now()
    check_event_time(lead, at)
    lead = _workable(lead, by)
    if lead.state not in (LeadState.MEASURED, LeadState.PROPOSAL_DELIVERED):
        raise LeadStateError(
            _("A proposal is prepared after the measurement visit (this lead is “%(state)s”).")
            % {"state": lead.get_state_display()}
        )
    versions = lead.proposals.select_for_update()
    if versions.filter(delivered_at__isnull=True).exists():
        raise LeadStateError(_("Deliver the proposal already being prepared before starting another version."))
    latest = versions.aggregate(top=Max("version"))["top"] or 0
    proposal = DesignProposal(
        lead=lead,
        version=latest + 1,
        style=style.strip(),
        layout_notes=layout_notes.strip(),
        material_list=material_list.strip(),
        quote_amount=quote_amount,
        construction_days=construction_days,
        created_by=by,
        created_at=at,
    )
    files = [item if isinstance(item, tuple) else ("rendering", item) for item in files]
    files = [(kind, _screened(PROPOSAL_FILES, upload, "files")) for kind, upload in files]
    proposal.full_clean()
    proposal.save()
    for kind, upload in files:
        row = ProposalFile(proposal=proposal, kind=kind, file=upload, original_name=upload.name[:200])
        try:
            row.full_clean()
        except ValidationError as error:
            raise ValidationError({"files": error.messages}) from error
        row.save()
    return proposal


def _locked_proposal(proposal) -> DesignProposal:
    return DesignProposal.objects.select_for_update().get(pk=proposal.pk)


@transaction.atomic
def proposal_deliver(*, proposal: DesignProposal, by, at=None) -> DesignProposal:
    """Hand the proposal to the customer. The first delivery moves measured -> proposal_delivered and stops the
    design-proposal clock; a later version is recorded as a revision (proposal_delivered -> proposal_delivered)."""
    at = at or timezone.now()
    lead = _workable(proposal.lead, by)
    proposal = _locked_proposal(proposal)
    if proposal.is_delivered:
        raise LeadStateError(_("Version %(v)d was already delivered.") % {"v": proposal.version})
    first = lead.state == LeadState.MEASURED
    event = TransitionEvent.PROPOSAL_DELIVERED if first else TransitionEvent.PROPOSAL_REVISED
    params = {"v": proposal.version}
    apply_transition(lead, "deliver_proposal", by=by, at=at, event=event, params=params)
    _save_lead(lead)
    proposal.delivered_at = at
    proposal.delivered_by = by
    proposal.full_clean()
    proposal.save(update_fields=["delivered_at", "delivered_by"])
    # No note on the clock event: the transition beside it says which version, in the reader's language.
    clock_stop(kind=ClockKind.DESIGN_PROPOSAL, subject=lead, at=at, by=by)
    refresh_next_due(lead)
    return proposal


@transaction.atomic
def proposal_record_response(
    *, proposal: DesignProposal, by, response: ProposalResponse | str, note: str = "", at=None
) -> DesignProposal:
    """The customer's answer to the latest delivered version. Accepted: the lead becomes proposal_accepted (方案已接受
    / 待签约) and waits for the contract; it is won when the contract is signed (lead_mark_won). Revision
    requested: prepare the next version. Rejected: a new version, or mark the lead lost."""
    at = at or timezone.now()
    check_event_time(proposal.lead, at)
    if response not in ProposalResponse.values or response == ProposalResponse.PENDING:
        raise ValidationError({"response": _("Choose the customer's response.")})
    lead = _workable(proposal.lead, by)
    proposal = _locked_proposal(proposal)
    if not proposal.is_delivered:
        raise LeadStateError(_("Deliver the proposal before recording the customer's response."))
    if proposal.response != ProposalResponse.PENDING:
        raise LeadStateError(
            _("The customer already answered version %(v)d (%(response)s).")
            % {"v": proposal.version, "response": proposal.get_response_display()}
        )
    if lead.proposals.filter(version__gt=proposal.version, delivered_at__isnull=False).exists():
        raise LeadStateError(_("A newer version was delivered since; record the response to that one."))
    if response == ProposalResponse.REJECTED and not (note or "").strip():
        raise ValidationError({"note": _("Say why the customer rejected the proposal.")})
    proposal.response = response
    proposal.response_note = (note or "").strip()
    proposal.responded_at = at
    proposal.responded_by = by
    proposal.full_clean()
    proposal.save(update_fields=["response", "response_note", "responded_at", "responded_by"])
    if response == ProposalResponse.ACCEPTED:
        params = {"v": proposal.version}
        apply_transition(lead, "accept_proposal", by=by, at=at, event=TransitionEvent.PROPOSAL_ACCEPTED, params=params)
        _save_lead(lead)
        refresh_next_due(lead)
    return proposal
