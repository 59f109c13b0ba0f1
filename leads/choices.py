from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from decocrm.core.coded_text import CodedTexts


class Channel(models.TextChoices):
    """Where a lead came from (PRODUCT.md, lead channels)."""

    WEBSITE = "website", _("Website")
    WECHAT = "wechat", _("WeChat / social")
    SHORT_VIDEO = "short_video", _("Short video")
    HOME_PLATFORM = "home_platform", _("Home-decoration platform")
    LIVE_STREAM = "live_stream", _("Live stream")
    EXPO = "expo", _("Expo")
    GROUND_PROMOTION = "ground_promotion", _("Ground promotion")
    DEVELOPER_PARTNER = "developer_partner", _("Developer / property partner")
    REFERRAL = "referral", _("Referral")
    PUBLIC_TENDER = "public_tender", _("Public tender")
    PHONE = "phone", _("Phone")
    WALK_IN = "walk_in", _("Walk-in")


class LeadState(models.TextChoices):
    NEW = "new", _("New")
    CONTACTED = "contacted", _("Contacted")
    QUALIFIED = "qualified", _("Qualified")
    REJECTED = "rejected", _("Rejected")
    MEASUREMENT_SCHEDULED = "measurement_scheduled", _("Measurement scheduled")
    MEASURED = "measured", _("Measured")
    PROPOSAL_DELIVERED = "proposal_delivered", _("Proposal delivered")
    # The customer accepted a proposal: the lead waits for the contract. Won means signed (seed 000 §6).
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted, awaiting contract")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


CLOSED_STATES = frozenset({LeadState.REJECTED, LeadState.WON, LeadState.LOST})
OPEN_STATES = frozenset(set(LeadState) - CLOSED_STATES)


class RejectReason(models.TextChoices):
    NO_REAL_DEMAND = "no_real_demand", _("No real demand")
    CREDIT = "credit", _("Credit / payment ability")
    LOW_POTENTIAL = "low_potential", _("Low cooperation potential")
    MISMATCH = "mismatch", _("Does not fit our positioning")


class LostReason(models.TextChoices):
    PRICE = "price", _("Price")
    COMPETITOR = "competitor", _("Chose a competitor")
    DESIGN = "design", _("Design not accepted")
    POSTPONED = "postponed", _("Project postponed or cancelled")
    UNREACHABLE = "unreachable", _("Customer unreachable")
    OTHER = "other", _("Other")


class ReferralRewardStatus(models.TextChoices):
    NONE = "none", _("No reward")
    PENDING = "pending", _("Reward pending")
    GRANTED = "granted", _("Reward granted")


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat")
    VISIT = "visit", _("Visit")
    SMS = "sms", _("SMS")
    OTHER = "other", _("Other")


class AssignmentKind(models.TextChoices):
    CAPTURE = "capture", _("Entered")
    CLAIM = "claim", _("Claimed from the pool")
    ASSIGN = "assign", _("Assigned by a manager")
    ROUND_ROBIN = "round_robin", _("Assigned in rotation")
    RELEASE = "release", _("Returned to the pool")
    AUTO_RELEASE = "auto_release", _("Returned to the pool automatically")
    APPEAL_TRANSFER = "appeal_transfer", _("Transferred after an appeal")
    # Not a change of owner: from / to are the lead's designer before and after (leads.services.designers).
    DESIGNER = "designer", _("Designer assigned")


class TransitionEvent(models.TextChoices):
    """What the system itself wrote on a state change; its sentence is rendered in the reader's language."""

    FIRST_CONTACT = "first_contact", _("First contact")
    MEASUREMENT_BOOKED = "measurement_booked", _("Measurement booked")
    MEASURED = "measured", _("Measured on site")
    PROPOSAL_DELIVERED = "proposal_delivered", _("Proposal delivered")
    PROPOSAL_REVISED = "proposal_revised", _("Revised proposal delivered")
    PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted")
    CONTRACT_SIGNED = "contract_signed", _("Contract signed")  # the contracts stage wins the lead


TRANSITION_TEXTS = CodedTexts(
    {
        TransitionEvent.FIRST_CONTACT: _("first contact"),
        TransitionEvent.MEASUREMENT_BOOKED: _("measurement booked for %(when)s"),
        TransitionEvent.MEASURED: _("measured on site"),
        TransitionEvent.PROPOSAL_DELIVERED: _("proposal v%(v)d delivered"),
        TransitionEvent.PROPOSAL_REVISED: _("revised proposal v%(v)d delivered"),
        TransitionEvent.PROPOSAL_ACCEPTED: _("proposal v%(v)d accepted"),
        TransitionEvent.CONTRACT_SIGNED: _("contract %(number)s signed"),
    }
)


class LeadClockKind(StrEnum):
    """The clock kinds leads adds to the engine's table (registered in clocks.py; policies seeded by migration
    0007, edited in the admin like the others)."""

    MEASUREMENT_BOOKING = "measurement_booking"  # qualified -> measurement visit booked (seed 001 §3(三), §4(一)1)
    APPOINTMENT_RECONFIRMATION = "appointment_reconfirmation"  # N hours before an appointment (seed 001 §3(三)2)
    CONSULTATION_REPLY = "consultation_reply"  # a question answered within N hours (seed 001 §3(二)2, 4)


class LeadClockNote(StrEnum):
    """What leads' services say on the lead's clocks (decocrm.sla.notes), rendered in the reader's language."""

    REJECTED = "lead_rejected"
    LOST = "lead_lost"
    WON = "lead_won"
    CUSTOMER_RESCHEDULED = "lead_customer_rescheduled"
    RESCHEDULED_HELD = "lead_rescheduled_appointment_held"
    APPOINTMENT_RESCHEDULED = "lead_appointment_rescheduled"
    APPOINTMENT_HELD = "lead_appointment_held"


class MatchedOn(models.TextChoices):
    PHONE = "phone", _("Phone number")
    ORGANISATION = "organisation", _("Organisation name")


class AppealLevel(models.IntegerChoices):
    """Who handles an appeal, in the order of the rule book (seed 003 §5.1): no level may be skipped (§5.2)."""

    DEPARTMENT_MANAGER = 1, _("Department manager")
    QUALITY_CONTROL = 2, _("Quality control")
    GENERAL_OFFICE = 3, _("General office")


class AppealState(models.TextChoices):
    """Where an appeal is: waiting at a level, or decided at one (a superior may send a decision back: 复议)."""

    AT_DEPARTMENT = "department", _("At the department manager")
    AT_QUALITY_CONTROL = "quality_control", _("At quality control")
    AT_GENERAL_OFFICE = "general_office", _("At the general office")
    DECIDED_BY_DEPARTMENT = "decided_department", _("Decided by the department manager")
    DECIDED_BY_QUALITY_CONTROL = "decided_quality_control", _("Decided by quality control")
    DECIDED_BY_GENERAL_OFFICE = "decided_general_office", _("Decided by the general office")


PENDING_APPEAL_STATES = frozenset(
    {AppealState.AT_DEPARTMENT, AppealState.AT_QUALITY_CONTROL, AppealState.AT_GENERAL_OFFICE}
)
DECIDED_APPEAL_STATES = frozenset(set(AppealState) - PENDING_APPEAL_STATES)
# The level an appeal waits at, or was decided at.
APPEAL_STATE_LEVEL = {
    AppealState.AT_DEPARTMENT: AppealLevel.DEPARTMENT_MANAGER,
    AppealState.DECIDED_BY_DEPARTMENT: AppealLevel.DEPARTMENT_MANAGER,
    AppealState.AT_QUALITY_CONTROL: AppealLevel.QUALITY_CONTROL,
    AppealState.DECIDED_BY_QUALITY_CONTROL: AppealLevel.QUALITY_CONTROL,
    AppealState.AT_GENERAL_OFFICE: AppealLevel.GENERAL_OFFICE,
    AppealState.DECIDED_BY_GENERAL_OFFICE: AppealLevel.GENERAL_OFFICE,
}


class AppealEvent(models.TextChoices):
    """What a step of an appeal was (AppealStep.event)."""

    FILED = "filed", _("Filed")
    ESCALATED = "escalated", _("Escalated")
    DECIDED = "decided", _("Decided")
    REVIEW_ORDERED = "review_ordered", _("Review ordered")


class AppealDecision(models.TextChoices):
    KEEP = "keep", _("Existing owner keeps the customer")
    TRANSFER = "transfer", _("Transferred to the appellant")


APPEAL_TEXTS = CodedTexts(
    {
        AppealEvent.FILED: _("appeal filed"),
        AppealEvent.ESCALATED: _("escalated to %(level)s"),
        AppealEvent.DECIDED: _("decided: %(decision)s"),
        AppealEvent.REVIEW_ORDERED: _("review ordered: back to %(level)s"),
    },
    choices={"level": AppealLevel, "decision": AppealDecision},
)


# --- Appointments, measurement, proposals


class AppointmentKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    MEASUREMENT = "measurement", _("Measurement visit")
    PROPOSAL_REVIEW = "proposal_review", _("Proposal review")


class AppointmentState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    HELD = "held", _("Held")


class RescheduleCause(models.TextChoices):
    CUSTOMER = "customer", _("The customer")
    COMPANY = "company", _("Our company")


class ProposalResponse(models.TextChoices):
    PENDING = "pending", _("Awaiting the customer")
    ACCEPTED = "accepted", _("Accepted")
    REVISION_REQUESTED = "revision_requested", _("Revision requested")
    REJECTED = "rejected", pgettext_lazy("proposal response", "Rejected")


class ProposalFileKind(models.TextChoices):
    RENDERING = "rendering", _("Rendering")
    FLOOR_PLAN = "floor_plan", _("Floor plan")
    OTHER = "other", _("Other file")


# Registered with the SLA engine in leads/clocks.py. %(kind)s is an AppointmentKind value, shown as its label;
# %(reason)s is what the person who moved the appointment typed.
LEAD_CLOCK_TEXTS = CodedTexts(
    {
        LeadClockNote.REJECTED: _("lead rejected"),
        LeadClockNote.LOST: _("lead lost"),
        LeadClockNote.WON: _("lead won"),
        LeadClockNote.CUSTOMER_RESCHEDULED: _("customer rescheduled the %(kind)s: %(reason)s"),
        LeadClockNote.RESCHEDULED_HELD: _("rescheduled appointment held"),
        LeadClockNote.APPOINTMENT_RESCHEDULED: _("appointment moved to %(when)s"),
        LeadClockNote.APPOINTMENT_HELD: _("appointment held before it was reconfirmed"),
    },
    choices={"kind": AppointmentKind},
)
