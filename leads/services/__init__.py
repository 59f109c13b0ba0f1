"""Every write to leads goes through here (ENGINEERING.md rule 1), split by meaning:
capture (and collisions), lifecycle (contacts, screening, won / lost), ownership (pool, reassignment, rotation),
appeals, designers (the lead's designer), consultations (questions answered later), appointments, measurement
(the visit), proposals (what the last three share: design).
Import from `leads.services`."""

from .appeals import (
    appeal_decide,
    appeal_escalate,
    appeal_open,
    appeal_order_review,
    may_decide_appeal,
    may_escalate_appeal,
    may_order_appeal_review,
)
from .appointments import (
    appointment_book,
    appointment_mark_held,
    appointment_reconfirm,
    appointment_reschedule,
)
from .capture import CAPTURER, LeadCollisionError, RepeatEnquiryError, lead_capture
from .common import LeadPermissionError, LeadStateError, apply_transition, refresh_next_due
from .consultations import consultation_answer, consultation_record
from .designers import lead_assign_designer, lead_hand_over_designer, may_assign_designer
from .edits import LEAD_EDITABLE_FIELDS, lead_update, may_edit_lead
from .lifecycle import (
    lead_grant_referral_reward,
    lead_log_contact,
    lead_mark_lost,
    lead_mark_won,
    lead_qualify,
    lead_reject,
)
from .measurement import measurement_confirm, measurement_record
from .ownership import (
    NoOneOnDutyError,
    PoolRuleError,
    lead_assign,
    lead_assign_round_robin,
    lead_claim,
    lead_release_to_pool,
    sales_rotation_set_on_duty,
)
from .proposals import proposal_add, proposal_deliver, proposal_record_response

__all__ = [
    "CAPTURER",
    "LEAD_EDITABLE_FIELDS",
    "lead_update",
    "may_edit_lead",
    "LeadCollisionError",
    "RepeatEnquiryError",
    "LeadPermissionError",
    "LeadStateError",
    "NoOneOnDutyError",
    "PoolRuleError",
    "appeal_decide",
    "appeal_escalate",
    "appeal_open",
    "appeal_order_review",
    "apply_transition",
    "appointment_book",
    "appointment_mark_held",
    "appointment_reconfirm",
    "appointment_reschedule",
    "consultation_answer",
    "consultation_record",
    "lead_assign",
    "lead_assign_designer",
    "lead_hand_over_designer",
    "lead_assign_round_robin",
    "lead_capture",
    "lead_claim",
    "lead_grant_referral_reward",
    "lead_log_contact",
    "lead_mark_lost",
    "lead_mark_won",
    "lead_qualify",
    "lead_reject",
    "may_decide_appeal",
    "may_escalate_appeal",
    "may_order_appeal_review",
    "may_assign_designer",
    "measurement_confirm",
    "measurement_record",
    "proposal_add",
    "proposal_deliver",
    "proposal_record_response",
    "lead_release_to_pool",
    "refresh_next_due",
    "sales_rotation_set_on_duty",
]
